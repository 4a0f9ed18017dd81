"""Upgrading a team's database to this cpdesk's schema: on purpose, under a lock, after a backup.

Opening a PostgreSQL database never upgrades it (``migrations.prepare_database`` refuses, naming both
versions). Whoever manages it runs ``cpdesk db upgrade``, or the app offers the upgrade to a user who
may make it:

* :func:`upgrade_needed` says whether the database is older than this cpdesk and whether this login may
  upgrade it (it owns the tables, or belongs to the role that does);
* :func:`upgrade` asks ``confirm`` first, holding no lock (officers keep working while a person reads
  the question), then takes the schema lock and the write lock, backs the database up (``pg_dump -Fc``
  where ``pg_dump`` is installed, else a SQLite copy of every table, ``copy.export_to_sqlite``), and runs
  every pending migration in one transaction, re-granting the cpdesk roles on new tables. A second
  upgrade started meanwhile waits for the lock, then finds nothing to do.

A SQLite file is upgraded as opening it always has been: a checked backup beside it, then the migrations.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cpdesk.store import credentials, team
from cpdesk.store.backups import STAMP
from cpdesk.store.checks import inspect_file
from cpdesk.store.copy import export_to_sqlite
from cpdesk.store.engine import Location, locate, make_engine, read_connection, write_transaction
from cpdesk.store.migrations import latest_version, migrate, needs_upgrade, read_version, take_schema_lock
from cpdesk.store.records import StoreError
from cpdesk.store.store import open_store

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = "30s"  # how long a migration waits for officers' open reads before giving up
WAIT_FOR_ANOTHER_UPGRADE_S = 15 * 60  # a second upgrade waits this long for the first (which may be asking)
PG_DUMP_TIMEOUT_S = 3600


@dataclass(frozen=True)
class UpgradeInfo:
    """A database's schema version against this cpdesk's, and whether this login may upgrade it."""

    database: str
    database_version: int
    cpdesk_version: int
    login: str
    owner: str  # the role that owns the tables ('' for a SQLite file)
    may_upgrade: bool

    @property
    def needed(self) -> bool:
        return 0 < self.database_version < self.cpdesk_version

    def describe(self) -> str:
        if not self.needed:
            return (f"The database {self.database} is at schema version {self.database_version}; this "
                    f"cpdesk needs {self.cpdesk_version}: no upgrade to make.")
        who = ("you may upgrade it" if self.may_upgrade else
               f"only its owner '{self.owner}' (or a member of that role) may upgrade it, not '{self.login}'")
        return (f"The database {self.database} is at schema version {self.database_version}; this cpdesk "
                f"needs {self.cpdesk_version}, and {who}.")


@dataclass(frozen=True)
class ServerBackup:
    """Where the copy taken before an upgrade is, and how to put it back."""

    path: Path
    how: str

    def describe(self) -> str:
        return f"{self.path} ({self.how})"


@dataclass(frozen=True)
class UpgradeResult:
    info: UpgradeInfo
    upgraded: bool
    backup: ServerBackup | None = None

    def describe(self) -> str:
        if not self.upgraded:
            return self.info.describe()
        kept = f" The copy taken first: {self.backup.describe()}." if self.backup else ""
        return (f"Upgraded {self.info.database} from schema version {self.info.database_version} to "
                f"{self.info.cpdesk_version}.{kept}")


Confirm = Callable[[UpgradeInfo, Path], bool]  # what is to be done, and the folder the backup will go to


def upgrade_needed(path_or_url: str | Path) -> UpgradeInfo:
    """Whether the database is older than this cpdesk, and whether this login may upgrade it."""
    location = locate(path_or_url)
    if location.is_sqlite:
        assert location.path is not None
        version = inspect_file(location).version if location.path.exists() else 0
        return UpgradeInfo(location.display, version, latest_version(), "", "", True)
    engine = make_engine(location)
    try:
        with read_connection(engine, location) as conn:
            return _server_info(conn, location)
    finally:
        engine.dispose()


def upgrade(path_or_url: str | Path, backup_to: Path, *, confirm: Confirm | None = None) -> UpgradeResult:
    """Upgrade the database to this cpdesk's schema, after a backup into the folder ``backup_to`` (a
    SQLite file: into its own backups folder) and ``confirm(info, backup_to)`` when given, which is asked
    before any lock is taken: a declined upgrade locks nothing, backs nothing up, changes nothing."""
    location = locate(path_or_url)
    if location.is_sqlite:
        info = upgrade_needed(path_or_url)
        if info.needed:
            open_store(path_or_url, create=False).close()  # backs up, then upgrades
        return UpgradeResult(info, info.needed)
    engine = make_engine(location, WAIT_FOR_ANOTHER_UPGRADE_S)
    try:
        return _upgrade_server(engine, location, backup_to, confirm)
    finally:
        engine.dispose()


def _upgrade_server(engine: sa.Engine, location: Location, backup_to: Path,
                    confirm: Confirm | None) -> UpgradeResult:
    asked = _checked_info(engine, location)
    if not asked.needed:
        return UpgradeResult(asked, False)
    if confirm is not None and not confirm(asked, backup_to):
        return UpgradeResult(asked, False)
    backup = None
    try:
        with write_transaction(engine, location) as conn:
            take_schema_lock(conn)  # a second upgrade waits here, then finds the new version
            info = _server_info(conn, location)
            if not info.needed:  # another upgrade was made while the question was asked
                return UpgradeResult(info, False)
            backup = back_up_server(location, backup_to)
            conn.execute(sa.text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
            _migrate_or_explain_the_wait(conn, location, info.database_version)
            team.grant_roles_if_set_up(conn)
    except Exception as exc:
        if backup is None:
            raise
        logger.exception("Upgrading %s failed", location.display)
        raise StoreError(f"The database {location.display} could not be upgraded and has been left as it was "
                         f"({exc}). The copy taken first: {backup.describe()}.") from exc
    logger.info("Upgraded %s from version %d to %d", location.display, info.database_version,
                info.cpdesk_version)
    return UpgradeResult(info, True, backup)


def _checked_info(engine: sa.Engine, location: Location) -> UpgradeInfo:
    """What an upgrade would do, read without a lock; an empty or newer database, or a login that may
    not upgrade it, refused."""
    with read_connection(engine, location) as conn:
        info = _server_info(conn, location)
    needs_upgrade(info.database_version, location, create=False)  # empty or newer: refused
    if info.needed and not info.may_upgrade:
        raise StoreError(f"{info.describe()} Run `cpdesk db upgrade` as '{info.owner}'.")
    return info


def _migrate_or_explain_the_wait(conn: Connection, location: Location, version: int) -> None:
    """The migrations; a table another session holds open (reading or writing) past ``LOCK_TIMEOUT``
    is said to be that, not an officer's write."""
    try:
        migrate(conn, location, version)
    except sa.exc.OperationalError as exc:
        if "lock timeout" not in str(exc.orig).lower():
            raise
        raise StoreError(
            f"another session has had the tables open (reading or writing) for over {LOCK_TIMEOUT} and "
            "the upgrade needs them to itself: ask officers to close cpdesk (and anyone using psql or "
            "another tool to end their transaction), then run it again") from exc


def _server_info(conn: Connection, location: Location) -> UpgradeInfo:
    version = read_version(conn, location)
    login, owner, may = conn.execute(sa.text(
        "SELECT current_user, t.tableowner, pg_has_role(current_user, t.tableowner, 'USAGE') "
        "FROM pg_tables t WHERE t.schemaname = current_schema() AND t.tablename = 'meta'")).one_or_none() \
        or (conn.execute(sa.text("SELECT current_user")).scalar_one(), "", False)
    return UpgradeInfo(location.display, version, latest_version(), login, owner, bool(may))


# -- the backup ------------------------------------------------------------------------------------

def back_up_server(location: Location, folder: Path) -> ServerBackup:
    """``pg_dump -Fc`` of the database into ``folder``, checked with ``pg_restore --list``; where
    pg_dump is missing or fails, a SQLite copy of every table, compared with the server's."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime(STAMP)
    name = location.url.database or "cpdesk"
    why = "pg_dump is not installed"
    if shutil.which("pg_dump") and shutil.which("pg_restore"):
        target = _new_file(folder, f"{name}.{stamp}", ".dump")
        try:
            _pg_dump(location, target)
            return ServerBackup(target, "pg_dump custom format; put it back with pg_restore")
        except StoreError as exc:
            logger.warning("pg_dump of %s failed, taking a SQLite copy instead: %s", location.display, exc)
            why = str(exc)
    target = _new_file(folder, f"{name}.{stamp}", ".backup")
    checks = export_to_sqlite(location, target)
    rows = sum(check.target_rows for check in checks)
    return ServerBackup(target, f"a cpdesk SQLite copy of {len(checks)} tables, {rows:,} rows, compared with "
                                f"the server's, because {why}")


def _new_file(folder: Path, stem: str, suffix: str) -> Path:
    candidate, counter = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{stem}-{counter}{suffix}"
    return candidate


def _pg_dump(location: Location, target: Path) -> None:
    url = credentials.with_password(location.url)  # the URL's, else the keyring's; else libpq's PGPASSFILE
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # never on the command line, where others could read it
    parts = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database,
             **{key: str(value) for key, value in url.query.items()}}
    from psycopg.conninfo import make_conninfo  # the PostgreSQL driver, only for a team database

    conninfo = make_conninfo("", **{key: value for key, value in parts.items() if value is not None})
    partial = target.with_name(f".{target.name}.partial")
    try:
        _run(["pg_dump", "--format=custom", "--no-password", f"--file={partial}", f"--dbname={conninfo}"],
             env)
        _run(["pg_restore", "--list", str(partial)], env)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=PG_DUMP_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as exc:
        raise StoreError(f"{command[0]} could not run ({exc})") from exc
    if done.returncode != 0:
        raise StoreError(f"{command[0]} failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
