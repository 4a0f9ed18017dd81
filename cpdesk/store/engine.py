"""Connecting to the database: SQLite set-up, transactions and plain-English errors.

SQLite is opened in WAL mode (readers never wait for a writer) with foreign keys on. The Python driver's
own transaction handling is switched off so that SQLAlchemy issues ``BEGIN`` itself: DDL then runs inside
transactions (a failed migration rolls back) and writes can take the write lock up front with
``BEGIN IMMEDIATE`` instead of failing half-way when another program is writing.

PostgreSQL has no ``BEGIN IMMEDIATE``: there every write transaction starts by taking one
transaction-level advisory lock, ``pg_advisory_xact_lock(WRITE_LOCK_KEY)``, before its first read, so two
officers' imports, edits, undos, reference syncs, targets and notes run one after the other, never with
their reads and writes interleaved. The lock is released by the commit or rollback; a wait longer than
the timeout (``lock_timeout``) becomes a plain StoreError. Readers never take it and never wait.

Each write transaction also fetches once, right after its lock, the time and login it stamps on what it
writes (:func:`write_stamp`): on PostgreSQL the server's clock and ``current_user``, on SQLite the
client's UTC clock and the operating-system login.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from cpdesk.store import credentials
from cpdesk.store.backups import read_only_uri, restore_advice
from cpdesk.store.records import StoreError, WriteStamp, utc_now

logger = logging.getLogger(__name__)

WRITE_OPTION = "cpdesk_write"
KEYS_CHECKED_OPTION = "cpdesk_keys_checked"  # a write whose references the store checks itself (SQLite)
DEFAULT_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_S = 15  # a database server that has not answered by then is not going to
WAIT_NOTICE_AFTER_S = 1.0
SQLITE_HEADER = b"SQLite format 3\x00"
# The one PostgreSQL advisory lock every cpdesk write transaction takes: "cpdesk" in ASCII (109334371857259),
# so that a DBA reading pg_locks (classid 25456, objid 1684370283) can tell it from other programs' locks.
WRITE_LOCK_KEY = 0x6370_6465_736B
STAMP_KEY = "cpdesk_write_stamp"

_wait_listeners: list[Callable[[str], None]] = []
# Each server database's schema version when this cpdesk opened it, and the newest it reads
# (migrations.prepare_database): an error after an upgrade made meanwhile is told as that.
_schema_opened: dict[str, tuple[int, int]] = {}


@dataclass(frozen=True)
class Location:
    """Where the database is: a SQLite file (``path``) or a server (``url``), and how to name it."""

    url: sa.URL
    path: Path | None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        return credentials.shown(self.url)


def locate(path_or_url: str | Path) -> Location:
    """A Path or a plain file name is a SQLite file; a string containing ``://`` is a SQLAlchemy URL."""
    if isinstance(path_or_url, str) and "://" in path_or_url:
        url = credentials.server_url(path_or_url)  # postgresql:// is psycopg's
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Location(url, Path(url.database).resolve())
        return Location(url, None)
    path = Path(path_or_url).expanduser().resolve()
    return Location(sa.URL.create("sqlite", database=str(path)), path)


def make_engine(location: Location, timeout_s: float = DEFAULT_TIMEOUT_S, *, read_only: bool = False,
                immutable: bool = False) -> Engine:
    """Create the engine; for SQLite, install the connection set-up and transaction handling.

    ``read_only`` opens the file with SQLite's ``mode=ro`` (its journal mode left as it is);
    ``immutable`` also tells SQLite that nobody can change it (a read-only folder with no WAL file)."""
    if not location.is_sqlite:  # the password: the URL's, the OS keyring's, or libpq's PGPASSFILE
        engine = sa.create_engine(credentials.with_password(location.url), pool_pre_ping=True,
                                  connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        _lock_writes_on_postgresql(engine, location, timeout_s)
        return engine
    assert location.path is not None or not read_only
    if read_only:
        uri = read_only_uri(location.path, immutable=immutable)  # type: ignore[arg-type]
        engine = sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=timeout_s, check_same_thread=False))
    else:
        engine = sa.create_engine(
            location.url, connect_args={"timeout": timeout_s, "check_same_thread": False}
        )
    busy_ms = int(timeout_s * 1000)

    @event.listens_for(engine, "connect")
    def _set_up_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see below)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                _switch_to_wal(cursor, timeout_s)
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if not options.get(WRITE_OPTION, False):
            conn.exec_driver_sql("BEGIN")
            return
        if options.get(KEYS_CHECKED_OPTION, False):
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # only outside a transaction; back on after
        with _announce_long_wait(location):
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite waits here, silently, for another writer
        conn.info[STAMP_KEY] = WriteStamp(utc_now(), os_login())

    return engine


def _lock_writes_on_postgresql(engine: Engine, location: Location, timeout_s: float) -> None:
    """A write transaction's first statements: the time limit, the advisory lock, then the stamp."""
    timeout_ms = int(timeout_s * 1000)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if not conn.get_execution_options().get(WRITE_OPTION, False):
            return
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {timeout_ms}")
        with _announce_long_wait(location):
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))
        # After the lock, so that the times of two officers' writes follow the order they were made in.
        conn.info[STAMP_KEY] = _server_stamp(conn)


def iso_utc(when: dt.datetime) -> str:
    """A server time as the database's one timestamp format: UTC ISO-8601 with milliseconds."""
    return when.astimezone(dt.UTC).isoformat(timespec="milliseconds")


@functools.cache
def os_login() -> str:
    """Who is logged in to this computer (a SQLite database has no logins of its own)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment nor the user database
        return "unknown"


def write_stamp(conn: Connection) -> WriteStamp:
    """The time and login of the write transaction ``conn`` is in, fetched once when it began.

    Outside :func:`write_transaction` (a migration, a test's own connection) they are fetched now."""
    stamp = conn.info.get(STAMP_KEY)
    if stamp is not None:
        return stamp
    if conn.dialect.name == "sqlite":
        return WriteStamp(utc_now(), os_login())
    return _server_stamp(conn)


def _server_stamp(conn: Connection) -> WriteStamp:
    """PostgreSQL's time and login, now."""
    when, login = conn.execute(sa.select(sa.func.statement_timestamp(), sa.func.current_user())).one()
    return WriteStamp(iso_utc(when), login)


def _switch_to_wal(cursor: sqlite3.Cursor, timeout_s: float) -> None:
    """WAL mode, a property of the file that outlives the connection. Switching a new file needs it to
    itself, and SQLite answers "locked" at once (without its busy wait) while another program is creating
    it: try again until the timeout, then go on; that program's cpdesk switches it as well."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                logger.warning("Could not switch the database to WAL mode yet: %s", exc)
                return
            time.sleep(0.05)


def notify_long_waits(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(message)`` when a write has waited ``WAIT_NOTICE_AFTER_S`` for another program's
    write lock (SQLite itself waits without a word), and when a database is opened read-only or found
    damaged (:func:`tell_once`). Returns the function that removes the listener."""
    _wait_listeners.append(listener)
    return lambda: _wait_listeners.remove(listener)


@contextlib.contextmanager
def _announce_long_wait(location: Location) -> Iterator[None]:
    writer = "another program" if location.is_sqlite else "another officer"
    message = f"Waiting for the database {location.display}: {writer} is writing to it..."
    timer = threading.Timer(WAIT_NOTICE_AFTER_S, _tell_listeners, args=(message,))
    timer.daemon = True
    if _wait_listeners:
        timer.start()
    try:
        yield
    finally:
        timer.cancel()


def tell_once(message: str) -> None:
    """Say something the officer must know about the database just opened (read-only, damaged)."""
    logger.warning("%s", message)
    for listener in list(_wait_listeners):
        listener(message)


def _tell_listeners(message: str) -> None:
    logger.info("%s", message)
    for listener in list(_wait_listeners):
        listener(message)


@contextlib.contextmanager
def write_transaction(engine: Engine, location: Location, *,
                      keys_checked: bool = False) -> Iterator[Connection]:
    """One all-or-nothing write: commits at the end, rolls back on any error.

    ``keys_checked``: the caller checks, inside this transaction, that every area, indicator, period and
    import its rows refer to is stored (as an import of a file does before writing), so on SQLite the
    rows go in without foreign-key look-ups (four per figure, a sixth of inserting a national file's
    cells); they are on again for whatever the connection does next."""
    with translate_errors(location), engine.connect() as conn:
        conn = conn.execution_options(**{WRITE_OPTION: True, KEYS_CHECKED_OPTION: keys_checked})
        try:
            with conn.begin():
                yield conn
        finally:
            conn.info.pop(STAMP_KEY, None)
            if keys_checked and location.is_sqlite and not conn.invalidated:
                _foreign_keys_on(conn)


def _foreign_keys_on(conn: Connection) -> None:
    """Foreign keys on again, on the driver's connection (outside any transaction, where SQLite takes it)."""
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys = ON")


@contextlib.contextmanager
def read_connection(engine: Engine, location: Location) -> Iterator[Connection]:
    with translate_errors(location), engine.connect() as conn, conn.begin():
        yield conn


@contextlib.contextmanager
def translate_errors(location: Location) -> Iterator[None]:
    """Turn driver errors into a StoreError a performance officer can act on."""
    started = time.monotonic()
    try:
        yield
    except StoreError:
        raise
    except (sa.exc.SQLAlchemyError, sqlite3.Error) as exc:
        raise describe_error(exc, location, time.monotonic() - started) from exc


def describe_error(exc: BaseException, location: Location, waited_s: float | None = None) -> StoreError:
    text = str(getattr(exc, "orig", None) or exc).lower()
    name = location.display
    # The full text of a SQLAlchemy error holds the statement and every parameter: only at DEBUG.
    logger.warning("Database error on %s: %s", name, _first_line(exc))
    logger.debug("Database error on %s in full: %s", name, exc)
    if "lock timeout" in text:
        return StoreError(_officer_writing_message(name, waited_s))
    server_problem = None if location.is_sqlite else credentials.server_problem(text, location.url)
    if server_problem:
        return StoreError(server_problem)
    upgraded = None if location.is_sqlite else _upgraded_meanwhile(location)
    if upgraded:
        return StoreError(upgraded)
    if "locked" in text or "busy" in text:
        return StoreError(_locked_message(name, waited_s))
    if is_damaged(text, location):
        unreadable = "could not decode" in text  # its garbled text is not for the message
        return StoreError(damaged_message(location, "a stored text no longer reads as text" if unreadable
                                          else _first_line(exc)))
    if "not a database" in text or "encrypted" in text:
        return StoreError(f"The file {name} is not a cpdesk database (it is not a database file at all).")
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return StoreError(
            f"The database {name} cannot be opened or written to. Check that the folder exists "
            "and that you are allowed to write to it."
        )
    if isinstance(exc, sa.exc.IntegrityError):
        return StoreError(f"The database {name} refused a change that breaks its rules: {_first_line(exc)}")
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return StoreError(f"The database {name} could not be used: {_first_line(exc)}")
    return StoreError(f"The database {name} reported a problem: {_first_line(exc)}")


def remember_schema(location: Location, version: int, newest_readable: int) -> None:
    _schema_opened[location.display] = (version, newest_readable)


def _upgraded_meanwhile(location: Location) -> str | None:
    """If the schema version has changed since this cpdesk opened the database, what to do about it
    (re-read on a connection of its own; None if unchanged or unreadable)."""
    if location.display not in _schema_opened:
        return None
    opened, readable = _schema_opened[location.display]
    engine = sa.create_engine(credentials.with_password(location.url), poolclass=sa.pool.NullPool,
                              connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            now = int(conn.exec_driver_sql(
                "SELECT value FROM meta WHERE key = 'schema_version'").scalar_one())
    except (sa.exc.SQLAlchemyError, ValueError):
        return None
    finally:
        engine.dispose()
    if now == opened:
        return None
    what = ("restart cpdesk (this one reads it)" if now <= readable else
            f"install the cpdesk that reads it (this one reads up to version {readable})")
    return (f"The team database {location.display} was upgraded to version {now} while cpdesk was open; "
            f"{what}. What you were doing was not done.")


def _locked_message(name: str, waited_s: float | None) -> str:
    waited = f" (cpdesk waited {waited_s:.0f} seconds for it)" if waited_s and waited_s >= 1 else ""
    return f"The database {name} is locked by another program{waited}. Close it and try again."


def _officer_writing_message(name: str, waited_s: float | None) -> str:
    waited = f" for {waited_s:.0f} seconds" if waited_s and waited_s >= 1 else ""
    return (f"Another officer has been writing to the database {name}{waited} and has not finished; "
            "nothing of yours was stored. Try again in a minute.")


def is_damaged(error_text: str, location: Location) -> bool:
    """A SQLite file whose pages are corrupt or missing, as opposed to a file that is not SQLite at all."""
    if "malformed" in error_text or "corrupt" in error_text or "could not decode" in error_text:
        return True  # the last: a text whose bytes were overwritten no longer reads as UTF-8
    return "not a database" in error_text and _starts_like_sqlite(location.path)


def _starts_like_sqlite(path: Path | None) -> bool:
    try:
        with open(path, "rb") as file:  # type: ignore[arg-type]
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except (OSError, TypeError):
        return False


def damaged_message(location: Location, detail: str) -> str:
    """What to do about a damaged database: restore its newest good backup, or one's own."""
    name = location.display
    first = f"The database {name} is damaged ({detail}) and cpdesk cannot use it."
    if location.path is None:
        return f"{first} Ask whoever runs the database server to restore it from a backup."
    return f"{first} {restore_advice(location.path)}"


def _first_line(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc)
    return message.splitlines()[0] if message else type(exc).__name__
