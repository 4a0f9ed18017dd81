"""Schema versions. ``meta.schema_version`` says which migrations a database has had.

``MIGRATIONS[n - 1]`` takes a database from version ``n - 1`` to ``n``. Version 1 creates everything, from
``tables.py``, which always describes the latest schema: a new database therefore gets version 1 only and
is stamped with the latest version, while an existing database runs the migrations it has not had. So when
the schema changes, edit ``tables.py`` *and* append a migration that makes the same change to old files
(``add_column`` below covers the common case).

Before an existing SQLite database is upgraded it is checked whole (``PRAGMA integrity_check``) and backed
up (``backups.take_backup``, into its backups folder), and all pending migrations run in one transaction:
an upgrade that fails leaves the database exactly as it was. A damaged database is not upgraded.

A PostgreSQL database is shared by a team, so opening one never upgrades it: an older schema is refused
with the advice to run ``cpdesk db upgrade`` (``cpdesk.store.upgrade``: a lock, a backup, a confirmation).
Only the schema of an empty database is created on first use, and under :func:`take_schema_lock`, so two
officers opening a new database at once do not both create the tables.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateColumn

from cpdesk.store import tables
from cpdesk.store.backups import take_backup
from cpdesk.store.checks import VERSION_KEY, parse_version
from cpdesk.store.engine import Location, read_connection, remember_schema, tell_once, write_transaction
from cpdesk.store.migration_lean import carry_over
from cpdesk.store.records import StoreError, utc_now

logger = logging.getLogger(__name__)

Migration = Callable[[Connection], None]

# pg_advisory_xact_lock's key while the schema is created or upgraded ("cpdesk" in ASCII, then 1).
SCHEMA_LOCK_KEY = 0x63706465736B01


def create_everything(conn: Connection) -> None:
    """Version 1: every table and index."""
    tables.metadata.create_all(conn)


# Version 2: the columns it adds (all NULL in older rows but ``revision``), and the times it converts.
LOGIN_COLUMNS = (("imports", "user_login"), ("observations", "updated_by_login"),
                 ("revisions", "changed_by_login"))
TIME_COLUMNS = (("imports", "imported_at"), ("observations", "updated_at"), ("revisions", "changed_at"),
                ("targets", "set_at"), ("annotations", "created_at"))


def revisions_logins_and_server_times(conn: Connection) -> None:
    """Version 2: each cell's revision number (counted from its history, so it goes on from there), the
    database login beside each display name, and on PostgreSQL the times as ``timestamptz``."""
    add_column(conn, "observations", sa.Column("revision", sa.Integer, nullable=False, server_default="1"))
    for table_name, column_name in LOGIN_COLUMNS:
        add_column(conn, table_name, sa.Column(column_name, sa.Text))
    o, r = tables.observations, tables.revisions
    changes = sa.select(sa.func.count()).where(r.c.observation_id == o.c.id).scalar_subquery()
    conn.execute(sa.update(o).where(o.c.id.in_(sa.select(r.c.observation_id))).values(revision=changes))
    if conn.dialect.name == "postgresql":
        for table_name, column_name in TIME_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE {table_name} ALTER COLUMN {column_name} TYPE timestamptz "
                                 f"USING {column_name}::timestamptz")


def lean_provenance(conn: Connection) -> None:
    """Version 3: provenance per import, a revision row only where a figure changed (``migration_lean``)."""
    add_column(conn, "imports", sa.Column("reason", sa.Text))
    carry_over(conn)


MIGRATIONS: list[Migration] = [create_everything, revisions_logins_and_server_times, lean_provenance]


def latest_version() -> int:
    return len(MIGRATIONS)


def add_column(conn: Connection, table_name: str, column: sa.Column) -> None:
    """Add a column to an existing table, in the dialect of the database (for use in migrations)."""
    preparer = conn.dialect.identifier_preparer
    column_sql = CreateColumn(column).compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE {preparer.quote(table_name)} ADD COLUMN {column_sql}")


def read_version(conn: Connection, location: Location) -> int:
    """The database's schema version; 0 for an empty database."""
    names = set(sa.inspect(conn).get_table_names())
    if not names:
        return 0
    if "meta" not in names:
        raise StoreError(f"The file {location.display} is not a cpdesk database (it holds other tables).")
    value = read_meta(conn, VERSION_KEY)
    if value is None:
        raise StoreError(f"The file {location.display} is not a cpdesk database (it has no schema version).")
    return parse_version(value, location.display)


def prepare_database(engine: Engine, location: Location, *, create: bool) -> str | None:
    """Create or upgrade the schema so that it matches this version of cpdesk: a SQLite file is backed
    up and upgraded; a PostgreSQL database is only ever created here, never upgraded. Returns what the
    officer is told of an upgrade (also said through ``tell_once``), None when there was none."""
    with read_connection(engine, location) as conn:
        version = read_version(conn, location)
    if not needs_upgrade(version, location, create=create):
        remember_schema(location, version, latest_version())
        return None
    if version >= 1 and not location.is_sqlite:
        raise StoreError(shared_upgrade_advice(location, version))
    backup = None
    if version >= 1 and location.path is not None and location.is_sqlite:
        backup = take_backup(location.path, why=f"before upgrading from schema version {version}")
    _run_migrations(engine, location, backup)
    remember_schema(location, latest_version(), latest_version())
    if version == 0:
        return None
    notice = upgrade_notice(location, version, backup)
    tell_once(notice)
    return notice


def upgrade_notice(location: Location, version: int, backup: Path | None) -> str:
    """What an officer is told when opening a database upgraded it for this version of cpdesk."""
    kept = f" The copy taken before the upgrade is {backup} ('cpdesk restore' lists it)." if backup else ""
    return (f"Upgraded the database {location.display} from schema version {version} to {latest_version()} "
            f"for this version of cpdesk; every figure and its history were carried over.{kept}")


def needs_upgrade(version: int, location: Location, *, create: bool) -> bool:
    """Whether a database of ``version`` must be created or upgraded; refuses an empty one that is
    not to be created and one from a newer cpdesk."""
    latest = latest_version()
    if version == 0 and not create:
        raise StoreError(f"The database {location.display} is empty: it holds no cpdesk data.")
    if version > latest:
        raise StoreError(
            f"The database {location.display} was made by a newer version of cpdesk (database version "
            f"{version}, this version understands up to {latest}). Install the newer cpdesk to open it."
        )
    return version < latest


def shared_upgrade_advice(location: Location, version: int) -> str:
    """What an officer whose cpdesk is newer than the team's database is told to do."""
    return (
        f"The database {location.display} has schema version {version} and this cpdesk needs version "
        f"{latest_version()}. cpdesk does not upgrade a shared database on its own: ask whoever manages "
        f"it to run `cpdesk db upgrade --db {location.display}` (it takes a backup first)."
    )


def take_schema_lock(conn: Connection) -> None:
    """On PostgreSQL, wait for any other program creating or upgrading the schema: a lock held until
    the end of ``conn``'s transaction. Re-read the version after taking it."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})


def _run_migrations(engine: Engine, location: Location, backup: Path | None) -> None:
    latest = latest_version()
    try:
        with write_transaction(engine, location) as conn:
            take_schema_lock(conn)
            version = read_version(conn, location)  # again, inside the lock: another program may have won
            if version >= latest:
                return
            if version >= 1 and not location.is_sqlite:
                raise StoreError(shared_upgrade_advice(location, version))
            try:
                migrate(conn, location, version)
            except sa.exc.ProgrammingError as exc:
                raise _refused_permission(exc, location) or exc from exc
    except StoreError:
        raise
    except Exception as exc:
        logger.exception("Upgrading %s failed", location.display)
        kept = f" A copy taken before the upgrade is at {backup}." if backup else ""
        raise StoreError(
            f"The database {location.display} could not be upgraded to version {latest} and has been "
            f"left as it was ({exc}).{kept}"
        ) from exc


def migrate(conn: Connection, location: Location, version: int) -> None:
    """Take the schema of ``conn``'s database from ``version`` to the latest, in the caller's
    transaction (which holds :func:`take_schema_lock`)."""
    latest = latest_version()
    if version == 0:
        create_everything(conn)
        write_meta(conn, "created", utc_now())
    else:
        for number in range(version + 1, latest + 1):
            logger.info("Upgrading %s to schema version %d", location.display, number)
            MIGRATIONS[number - 1](conn)
    write_meta(conn, VERSION_KEY, str(latest))


def _refused_permission(exc: sa.exc.ProgrammingError, location: Location) -> StoreError | None:
    """A login that may not create tables, told who can (None: another programming error)."""
    if "permission denied" not in str(exc.orig).lower():
        return None
    login = location.url.username or "this login"
    return StoreError(
        f"Your database login '{login}' may not create cpdesk's tables in {location.display}. Ask whoever "
        f"manages the database to run `cpdesk db init --db {location.display}` (docs/TEAM_DATABASE.md)."
    )


def read_meta(conn: Connection, key: str) -> str | None:
    """The value of a ``meta`` key, None if it was never written."""
    return conn.execute(sa.select(tables.meta.c.value).where(tables.meta.c.key == key)).scalar_one_or_none()


def write_meta(conn: Connection, key: str, value: str) -> None:
    meta = tables.meta
    updated = conn.execute(sa.update(meta).where(meta.c.key == key).values(value=value))
    if updated.rowcount == 0:
        conn.execute(sa.insert(meta).values(key=key, value=value))
