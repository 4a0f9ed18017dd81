"""``cpdesk db ...``: setting up a team's database, its roles, its upgrades, and moving a local one in.

``init`` creates the schema and the two cpdesk roles, ``grant``/``revoke`` give logins a role, ``status``
says what this login may do, ``upgrade`` brings the schema to this cpdesk's (a backup first), and ``copy``
moves a local SQLite database into an empty one, checked table by table. ``--print-sql`` prints what
``init``, ``grant`` and ``revoke`` would run, for a DBA who runs it by hand (docs/TEAM_DATABASE.md).
"""

from __future__ import annotations

import logging
from pathlib import Path

from cpdesk import paths
from cpdesk.preferences import database_of
from cpdesk.store import credentials, team
from cpdesk.store.copy import copy_database
from cpdesk.store.engine import locate
from cpdesk.store.upgrade import UpgradeInfo, upgrade

logger = logging.getLogger(__name__)

DB_HELP = "the database: a PostgreSQL URL (postgresql+psycopg://user@host/name) or a SQLite file"


def add_db_parser(sub) -> None:
    db = sub.add_parser("db", help="set up a team database: init, grant, revoke, status, upgrade, copy")
    commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    init = _with_db(commands.add_parser("init", help="create the schema and the editor and viewer roles"))
    init.add_argument("--print-sql", action="store_true", help="print the SQL instead of running it")
    init.add_argument("--owner", default="cpdesk_owner", help="with --print-sql: the role that will own the "
                                                              "tables (default: cpdesk_owner)")
    for action, words in (("grant", "give a login the editor or viewer role"),
                          ("revoke", "take a login's cpdesk role away")):
        p = _with_db(commands.add_parser(action, help=words))
        p.add_argument("login", metavar="LOGIN")
        p.add_argument("--role", choices=[role.value for role in team.Role], required=action == "grant")
        p.add_argument("--print-sql", action="store_true", help="print the SQL instead of running it")
    _with_db(commands.add_parser("status", help="schema version, this login, its role and what it may do"))
    up = _with_db(commands.add_parser("upgrade", help="upgrade the schema to this cpdesk's, after a backup"))
    up.add_argument("--yes", action="store_true", help="do not ask before upgrading")
    up.add_argument("--backup-to", metavar="FOLDER", help="where the backup goes (default: the backups "
                                                          "folder in cpdesk's data folder)")
    copy = commands.add_parser("copy", help="move a local database, history included, into an empty one")
    copy.add_argument("--from", dest="source", required=True, metavar="SQLITE",
                      help="the local database file")
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help="the empty database")


def _with_db(p):
    p.add_argument("--db", dest="sub_db", help=DB_HELP)
    return p


def cmd_db(args) -> int:
    handler = {"init": _init, "grant": _grant, "revoke": _revoke, "status": _status, "upgrade": _upgrade,
               "copy": _copy}[args.db_command]
    return handler(args)


def database(args) -> str:
    """``--db`` after the action or before it, ``$CPDESK_DB``, the Settings' choice, or the local file."""
    return database_of(args)


def _init(args) -> int:
    if args.print_sql:
        print(team.setup_sql(args.owner), end="")
        return 0
    done = team.init(database(args))
    if not done:
        print(f"{_display(args)} is already set up for a team (schema, roles and rights): nothing changed.")
        return 0
    print(f"Set up {_display(args)}:")
    for line in done:
        print(f"  - {line}")
    print("Give each officer's login a role: cpdesk db grant LOGIN --role editor|viewer "
          f"--db {_without_password(args)}")
    return 0


def _grant(args) -> int:
    role = team.Role(args.role)
    if args.print_sql:
        print("".join(f"{statement};\n" for statement in team.membership_sql(args.login, role)), end="")
        return 0
    print(team.grant(database(args), args.login, role))
    return 0


def _revoke(args) -> int:
    role = team.Role(args.role) if args.role else None
    if args.print_sql:
        print("".join(f"{s};\n" for s in team.membership_sql(args.login, role, revoke=True)), end="")
        return 0
    print(team.revoke(database(args), args.login, role))
    return 0


def _status(args) -> int:
    for line in team.status(database(args)).lines():
        print(line)
    return 0


def _upgrade(args) -> int:
    folder = Path(args.backup_to).expanduser().resolve() if args.backup_to else paths.data_dir() / "backups"
    done = upgrade(database(args), folder, confirm=None if args.yes else _confirm)
    if done.upgraded or not done.info.needed:
        print(done.describe())
        return 0
    print("Not upgraded: you did not answer yes. Nothing was locked, backed up or changed.")
    return 1


def _confirm(info: UpgradeInfo, backup_to: Path) -> bool:
    print(info.describe())
    print(f"If you answer yes: officers' saves wait while cpdesk backs the database up into {backup_to}, "
          "then upgrades it in one transaction (all or nothing).")
    print("After the upgrade, officers need this version of cpdesk (or newer) to open the database.")
    try:
        answer = input("Upgrade now? [y/N] ")
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def _copy(args) -> int:
    report = copy_database(args.source, args.target)
    print(f"Copied {report.source} into {report.target}: {len(report.checks)} tables, {report.rows:,} rows.")
    print("Compared table by table (rows, and SHA-256 of every row in primary-key order):")
    for check in report.checks:
        print(f"  {check.describe()}")
    return 0


def _without_password(args) -> str:
    """The database as a ``--db`` to paste: any password left out (the keyring or pgpass supplies it)."""
    location = locate(database(args))
    if location.is_sqlite:
        return str(location.path)
    pasted = credentials.without_password(credentials.as_typed(location.url))
    return pasted.render_as_string(hide_password=False)


def _display(args) -> str:
    return locate(database(args)).display
