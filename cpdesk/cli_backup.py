"""``cpdesk backup`` and ``cpdesk restore``: a checked copy of the database now, and the way back.

``restore`` with no backup named lists them (newest first, with their dates and figure counts); with
one (a number from that list, a file name in the backups folder, or a path) it keeps the current file
first and puts the backup in its place (``cpdesk.store.backups.restore``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from cpdesk import paths
from cpdesk.errors import CpdeskError
from cpdesk.preferences import database_of
from cpdesk.store.backups import Backup, folder_of, list_backups, restore, take_backup
from cpdesk.store.engine import locate

logger = logging.getLogger(__name__)


class BackupError(CpdeskError):
    """A backup or restore that cannot be done as asked; printed as one line."""


def add_backup_parsers(sub) -> None:
    backup = sub.add_parser("backup", help="back the database up now (checked whole)")
    backup.add_argument("--db", dest="sub_db", help="database file (a team database: see pg_dump)")
    backup.add_argument("--to", metavar="PATH",
                        help="where to write the backup (default: the backups folder beside the database)")
    restore_ = sub.add_parser("restore", help="list the database's backups, or restore one")
    restore_.add_argument("backup", nargs="?", metavar="BACKUP",
                          help="a number from the list, a backup's file name, or a path")
    restore_.add_argument("--db", dest="sub_db", help="database file (a team database: see pg_restore)")


def database_file(args) -> Path:
    """The SQLite file the arguments name; a team database on a server is refused, saying what to do."""
    location = database_of(args)
    file = paths.database_file(location)
    if file is None:
        raise BackupError(server_backup_advice(locate(location).display))
    return file.resolve()


def server_backup_advice(display: str) -> str:
    """What ``cpdesk backup`` and ``restore`` do for a team database: nothing themselves, and why."""
    return (f"{display} is a team database on a PostgreSQL server: 'cpdesk backup' and 'cpdesk restore' "
            "copy SQLite files only. The server keeps its own backups: ask whoever manages it, or take one "
            "with pg_dump --format=custom (restored with pg_restore). 'cpdesk db upgrade' takes one itself "
            "before it changes the database.")


def cmd_backup(args) -> int:
    db = database_file(args)
    if not db.is_file():
        raise BackupError(f"{db}: no database there to back up.")
    target = Path(args.to).expanduser().resolve() if args.to else None
    if target is not None and target.is_dir():
        target = target / f"{db.stem}.backup"
    if target is not None and target.exists():
        raise BackupError(f"{target} already exists: choose a new file name.")
    written = take_backup(db, target, why="asked for")
    print(f"Backed up {db} to {written} (checked whole).")
    return 0


def cmd_restore(args) -> int:
    db = database_file(args)
    found = list_backups(db)
    if not args.backup:
        print_backups(db, found)
        return 0
    chosen = choose(args.backup, db, found)
    done = restore(db, chosen)
    kept = (f" The damaged file it replaced is kept as {done.previous}." if done.previous_damaged else
            f" The file it replaced is backed up as {done.previous.name}." if done.previous else "")
    print(f"Restored {db} from {done.backup.describe()}, {_figures(done.backup)}.{kept}")
    return 0


def print_backups(db: Path, found: list[Backup]) -> None:
    if not found:
        print(f"No backups of {db} in {folder_of(db)} yet (cpdesk takes one before the first change of "
              "each day, and before upgrades; 'cpdesk backup' takes one now).")
        return
    print(f"Backups of {db}, newest first (restore one with 'cpdesk restore NUMBER'):")
    for number, backup in enumerate(found, start=1):
        state = _figures(backup) if backup.good else f"DAMAGED: {backup.problem}"
        print(f"  {number:>2}. {backup.when:<18} {backup.path.name}  {state}")


def choose(wanted: str, db: Path, found: list[Backup]) -> Path:
    """The backup named on the command line: its number in the list, its file name, or a path."""
    if wanted.isdigit() and 1 <= int(wanted) <= len(found):
        return found[int(wanted) - 1].path
    for backup in found:
        if backup.path.name == wanted:
            return backup.path
    path = Path(wanted).expanduser()
    if path.is_file():
        return path.resolve()
    raise BackupError(f"'{wanted}' is not one of the backups of {db} ('cpdesk restore' lists them) "
                      "nor a file.")


def _figures(backup: Backup) -> str:
    return f"{backup.figures:,} figures" if backup.figures is not None else "figures not counted"
