"""A team's PostgreSQL database: its schema, the two cpdesk roles, who has which, and what a login may do.

``cpdesk db init`` (run by whoever administers the server) creates the tables under the schema lock and
two group roles, which logins are then given with ``cpdesk db grant``:

* ``cpdesk_editor`` reads and writes the figures: SELECT, INSERT and UPDATE on every table, DELETE on
  the tables cpdesk deletes rows from (:data:`DELETED_FROM`), and USAGE and SELECT on the id sequences;
* ``cpdesk_viewer`` reads them: SELECT on every table.

Default privileges give both roles the same rights on the tables that later schema versions create,
and an upgrade grants them again (:func:`grant_roles_if_set_up`). Roles belong to the whole server in
PostgreSQL: an editor of one cpdesk database on it is an editor of every cpdesk database there that was
set up with ``db init``. :func:`setup_sql` is the same SQL, for a DBA who runs it by hand.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from cpdesk.store import tables
from cpdesk.store.checks import VERSION_KEY
from cpdesk.store.engine import Location, locate, make_engine, read_connection, write_transaction
from cpdesk.store.migrations import (
    SCHEMA_LOCK_KEY,
    latest_version,
    migrate,
    needs_upgrade,
    read_version,
    take_schema_lock,
)
from cpdesk.store.records import StoreError, utc_now

logger = logging.getLogger(__name__)

DELETED_FROM = ("targets",)  # the tables cpdesk deletes rows from (a target replaced: notes.set_target)


class Role(enum.StrEnum):
    EDITOR = "editor"
    VIEWER = "viewer"

    @property
    def group(self) -> str:
        """The PostgreSQL group role: ``cpdesk_editor``, ``cpdesk_viewer``."""
        return f"cpdesk_{self.value}"

    @property
    def other(self) -> Role:
        return Role.VIEWER if self is Role.EDITOR else Role.EDITOR


# -- the SQL ---------------------------------------------------------------------------------------

def role_sql() -> list[str]:
    """Create each cpdesk group role unless the server has it already."""
    return [f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role.group}') THEN "
            f"CREATE ROLE {role.group} NOLOGIN; END IF; END $$" for role in Role]


def grant_sql(owner: str, schema: str = "public") -> list[str]:
    """The rights of each role on the schema's tables and sequences, now and for tables ``owner`` makes
    later."""
    editor, viewer = Role.EDITOR.group, Role.VIEWER.group
    later = f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA {schema} GRANT'
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {editor}, {viewer}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {viewer}",
        f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {schema} TO {editor}",
        *(f"GRANT DELETE ON {schema}.{name} TO {editor}" for name in DELETED_FROM),
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {editor}",
        f"{later} SELECT ON TABLES TO {viewer}",
        f"{later} SELECT, INSERT, UPDATE ON TABLES TO {editor}",
        f"{later} USAGE, SELECT ON SEQUENCES TO {editor}",
    ]


def schema_sql() -> list[str]:
    """The tables and indexes of this cpdesk's schema, and its version, as PostgreSQL statements."""
    dialect = postgresql.dialect()
    statements = []
    for table in tables.metadata.sorted_tables:
        statements.append(str(sa.schema.CreateTable(table).compile(dialect=dialect)).strip())
        statements += [str(sa.schema.CreateIndex(index).compile(dialect=dialect)) for index in table.indexes]
    statements.append(f"INSERT INTO meta (key, value) VALUES ('{VERSION_KEY}', '{latest_version()}'), "
                      f"('created', '{utc_now()}')")
    return statements


def setup_sql(owner: str = "cpdesk_owner") -> str:
    """What ``cpdesk db init`` does, as one script to run in the new database logged in as ``owner``
    (a superuser or a role with CREATEROLE), which then owns the tables."""
    body = [f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK_KEY})", *schema_sql(), *role_sql(), *grant_sql(owner)]
    return "\n".join([f"-- cpdesk schema version {latest_version()}: run in the cpdesk database as {owner},",
                      "-- who then owns the tables (a superuser, or a role with CREATEROLE).", "BEGIN;",
                      *(f"{statement};" for statement in body), "COMMIT;"]) + "\n"


def membership_sql(login: str, role: Role | None, *, revoke: bool = False) -> list[str]:
    """Give ``login`` the role ``role`` (and take the other away), or take ``role`` (None: both) away."""
    name = _quoted(login)
    if revoke:
        return [f"REVOKE {each.group} FROM {name}" for each in ([role] if role else list(Role))]
    assert role is not None
    return [f"REVOKE {role.other.group} FROM {name}", f"GRANT {role.group} TO {name}"]


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


# -- doing it --------------------------------------------------------------------------------------

@contextmanager
def _server(path_or_url: str | Path, *, write: bool) -> Iterator[tuple[Connection, Location]]:
    location = locate(path_or_url)
    if location.is_sqlite:
        raise StoreError("Roles and grants are for a database on a PostgreSQL server; a SQLite file has none "
                         "(whoever may open the file may change it).")
    engine = make_engine(location)
    try:
        transaction = write_transaction if write else read_connection
        with transaction(engine, location) as conn:
            yield conn, location
    finally:
        engine.dispose()


def init(path_or_url: str | Path) -> list[str]:
    """Create the schema (when the database is empty) and the roles, and grant them their rights. Returns
    what changed; an empty list when everything was already so."""
    with _server(path_or_url, write=True) as (conn, location):
        take_schema_lock(conn)
        _refuse_unless_owner(conn, location)
        version = read_version(conn, location)
        needs_upgrade(version, location, create=True)  # a newer cpdesk's database is refused
        if 1 <= version < latest_version():
            raise StoreError(f"The database {location.display} is at schema version {version}: upgrade it "
                             f"first with `cpdesk db upgrade --db {location.display}`.")
        before = _rights(conn)
        done = []
        if version == 0:
            migrate(conn, location, 0)
            done.append(f"created cpdesk's tables (schema version {latest_version()})")
        missing = [role.group for role in Role if not _role_exists(conn, role.group)]
        if missing:
            _refuse_without_createrole(conn, missing)
        for statement in [*role_sql(), *grant_sql(_owner(conn))]:
            conn.exec_driver_sql(statement)
        done += [f"created the role {name}" for name in missing]
        if _rights(conn) != before:
            done.append("granted cpdesk_editor and cpdesk_viewer their rights on the tables")
    return done


def grant_roles_if_set_up(conn: Connection) -> None:
    """After an upgrade: the roles' rights on new tables (when ``db init`` made the roles)."""
    if all(_role_exists(conn, role.group) for role in Role):
        for statement in grant_sql(_owner(conn)):
            conn.exec_driver_sql(statement)


def grant(path_or_url: str | Path, login: str, role: Role) -> str:
    """Make ``login`` an editor or a viewer (taking the other role away); says what changed."""
    with _server(path_or_url, write=True) as (conn, location):
        _refuse_unknown(conn, login, location)
        _refuse_unless_may_grant(conn, "grant")
        held = _roles_of(conn, login)
        if held == [role]:
            return f"'{login}' already has the {role} role ({role.group}): nothing changed."
        for statement in membership_sql(login, role):
            conn.exec_driver_sql(statement)
    replaced = [each for each in held if each is not role]
    was = f" in place of the {replaced[0]} role" if replaced else ""
    return f"'{login}' now has the {role} role ({role.group}){was}, on every cpdesk database of this server."


def revoke(path_or_url: str | Path, login: str, role: Role | None = None) -> str:
    """Take ``role`` (None: both) away from ``login``; says what changed."""
    with _server(path_or_url, write=True) as (conn, location):
        _refuse_unknown(conn, login, location)
        _refuse_unless_may_grant(conn, "revoke")
        held = [each for each in _roles_of(conn, login) if role is None or each is role]
        for statement in membership_sql(login, role, revoke=True):
            conn.exec_driver_sql(statement)
    if not held:
        return f"'{login}' had no cpdesk {f'{role} role' if role else 'role'}: nothing changed."
    return (f"'{login}' no longer has the {' or '.join(held)} role ({location.display} and every cpdesk "
            "database of that server).")


def _refuse_unknown(conn: Connection, login: str, location: Location) -> None:
    missing = [role.group for role in Role if not _role_exists(conn, role.group)]
    if missing:
        raise StoreError(f"The server of {location.display} has no {' or '.join(missing)} role yet: run "
                         f"`cpdesk db init --db {location.display}` first.")
    if not _role_exists(conn, login):
        raise StoreError(f"The server has no login '{login}'. Whoever administers it creates it first, e.g. "
                         f"CREATE ROLE {_quoted(login)} LOGIN PASSWORD '...';")


def _refuse_unless_owner(conn: Connection, location: Location) -> None:
    """Only the login owning the tables (a member of that role, or a superuser) may grant rights on them
    and set default privileges for later ones."""
    owner, login = _owner(conn), _login(conn)
    if _member(conn, owner):
        return
    officer = [role.group for role in Role
               if _role_exists(conn, role.group) and _holds(conn, owner, role.group)]
    made = (f" (an officer's login, with {officer[0]}: its first use of the empty database created them, "
            "before `db init`)" if officer else "")
    raise StoreError(
        f"The tables of {location.display} are owned by '{owner}'{made}, and only that login or a "
        f"superuser may set up the cpdesk roles' rights on them, not '{login}'. Run `cpdesk db init --db "
        f"...` as '{owner}', or have a superuser run REASSIGN OWNED BY {_quoted(owner)} TO "
        f"{_quoted(login)}; in that database and run it again.")


def _refuse_unless_may_grant(conn: Connection, action: str) -> None:
    may = conn.execute(sa.text(
        "SELECT rolsuper OR rolcreaterole OR (pg_has_role(current_user, :e, 'MEMBER WITH ADMIN OPTION') "
        "AND pg_has_role(current_user, :v, 'MEMBER WITH ADMIN OPTION')) FROM pg_roles "
        "WHERE rolname = current_user"),
        {"e": Role.EDITOR.group, "v": Role.VIEWER.group}).scalar()
    if not may:
        raise StoreError(f"Your login '{_login(conn)}' may not {action} cpdesk roles: run `cpdesk db "
                         f"{action}` as a login with CREATEROLE or a superuser (as `cpdesk db init` was).")


def _login(conn: Connection) -> str:
    return str(conn.execute(sa.text("SELECT current_user")).scalar_one())


def _holds(conn: Connection, login: str, role: str) -> bool:
    held = conn.execute(sa.text("SELECT pg_has_role(:l, :r, 'USAGE')"), {"l": login, "r": role}).scalar()
    return bool(held)


def _refuse_without_createrole(conn: Connection, missing: list[str]) -> None:
    may = conn.execute(sa.text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"))
    if not may.scalar():
        raise StoreError(f"Your login may not create the roles {' and '.join(missing)}: run `cpdesk db init` "
                         "as a login with CREATEROLE (or a superuser), or have them created with "
                         "`cpdesk db init --print-sql`.")


def _role_exists(conn: Connection, name: str) -> bool:
    return conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None


def _roles_of(conn: Connection, login: str) -> list[Role]:
    """The cpdesk roles ``login`` is a direct member of."""
    query = sa.text("SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :login")
    groups = set(conn.execute(query, {"login": login}).scalars())
    return [role for role in Role if role.group in groups]


def _owner(conn: Connection) -> str:
    """The role that owns the tables (the one whose default privileges cover later versions' tables)."""
    owner = conn.execute(sa.text("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                                 "AND tablename = 'meta'")).scalar()
    return str(owner) if owner else str(conn.execute(sa.text("SELECT current_user")).scalar_one())


def _rights(conn: Connection) -> tuple:
    """Every right granted in the schema (tables, sequences, defaults, the schema itself), to compare."""
    objects = conn.execute(sa.text(
        "SELECT c.relname, c.relacl::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'S') ORDER BY 1")).all()
    defaults = conn.execute(sa.text("SELECT defaclobjtype, defaclacl::text FROM pg_default_acl ORDER BY 1,2"))
    schema = conn.execute(sa.text("SELECT nspacl::text FROM pg_namespace WHERE nspname = current_schema()"))
    return tuple(map(tuple, objects)), tuple(map(tuple, defaults)), tuple(map(tuple, schema))


# -- what a login may do ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TeamStatus:
    database: str
    schema_version: int
    cpdesk_version: int
    login: str
    roles: list[str]  # cpdesk roles held, or 'owner' / 'superuser'
    may_read: bool
    may_write: bool
    may_upgrade: bool
    may_grant: bool
    owner: str = ""  # the login that owns the tables

    def lines(self) -> list[str]:
        usable = self.schema_version == self.cpdesk_version  # this cpdesk opens no other version
        rights = (("read the figures", self.may_read and usable),
                  ("import and edit", self.may_write and usable),
                  ("upgrade the schema", self.may_upgrade and 0 < self.schema_version < self.cpdesk_version),
                  ("grant cpdesk roles", self.may_grant))
        granted = ", ".join(what for what, yes in rights if yes)
        may = "; ".join(part for part in (granted, self._why_not_more()) if part)
        version = (f"{self.schema_version} (this cpdesk: {self.cpdesk_version})" if self.schema_version > 0
                   else "unknown: this login may not read it" if self.schema_version < 0
                   else "none: the database is empty (cpdesk db init creates the schema)")
        return [f"Database:       {self.database}", f"Schema version: {version}",
                f"Login:          {self.login}", f"Role:           {', '.join(self.roles) or 'none'}",
                f"May:            {may or 'nothing: ask for the viewer or editor role'}"]

    def _why_not_more(self) -> str:
        """Why this login, with its role, may not read or write the figures with this cpdesk."""
        if self.schema_version > self.cpdesk_version:
            return (f"not read nor write with this cpdesk, which reads schema version {self.cpdesk_version}: "
                    "install the cpdesk that reads the database's")
        if 0 < self.schema_version < self.cpdesk_version:
            return ("not read nor write with this cpdesk until the database is upgraded "
                    f"(`cpdesk db upgrade`, run by '{self.owner}')")
        if self.schema_version and not self.may_read and any(r.startswith("cpdesk_") for r in self.roles):
            return (f"nothing yet: the cpdesk roles have no rights on these tables; '{self.owner}', who owns "
                    "them, runs `cpdesk db init` to give them")
        return ""


def status(path_or_url: str | Path) -> TeamStatus:
    with _server(path_or_url, write=False) as (conn, location):
        version = -1 if _exists(conn, "meta") and not _may(conn, "SELECT", "meta") else \
            read_version(conn, location)
        login, superuser, createrole = conn.execute(sa.text(
            "SELECT current_user, rolsuper, rolsuper OR rolcreaterole FROM pg_roles "
            "WHERE rolname = current_user")).one()
        owner = _owner(conn) if version else login
        roles = [role.group for role in Role if _role_exists(conn, role.group) and _member(conn, role.group)]
        roles = ["superuser"] if superuser else ["owner"] * (owner == login) + roles
        reads = version > 0 and _may(conn, "SELECT", "observations")
        writes = version > 0 and all(_may(conn, what, "observations") for what in ("INSERT", "UPDATE"))
        return TeamStatus(location.display, version, latest_version(), login, roles, reads, writes,
                          version > 0 and _member(conn, owner), bool(createrole), owner)


def _exists(conn: Connection, table: str) -> bool:
    return bool(conn.execute(sa.text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar())


def _may(conn: Connection, privilege: str, table: str) -> bool:
    return _exists(conn, table) and bool(conn.execute(
        sa.text("SELECT has_table_privilege(:t, :p)"), {"t": table, "p": privilege}).scalar())


def _member(conn: Connection, role: str) -> bool:
    return bool(conn.execute(sa.text("SELECT pg_has_role(:r, 'USAGE')"), {"r": role}).scalar())
