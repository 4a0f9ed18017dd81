"""Connecting to the database: SQLite set-up, transactions and plain-English errors.

SQLite is opened in WAL mode (readers never wait for a writer) with foreign keys on. The Python driver's
own transaction handling is switched off so that SQLAlchemy issues ``BEGIN`` itself: DDL then runs inside
transactions (a failed migration rolls back) and writes can take the write lock up front with
``BEGIN IMMEDIATE`` instead of failing half-way when another program is writing.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from cpdesk.store.records import StoreError

logger = logging.getLogger(__name__)

WRITE_OPTION = "cpdesk_write"
DEFAULT_TIMEOUT_S = 10.0


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
        return self.url.render_as_string(hide_password=True)


def locate(path_or_url: str | Path) -> Location:
    """A Path or a plain file name is a SQLite file; a string containing ``://`` is a SQLAlchemy URL."""
    if isinstance(path_or_url, str) and "://" in path_or_url:
        url = sa.make_url(path_or_url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Location(url, Path(url.database).resolve())
        return Location(url, None)
    path = Path(path_or_url).expanduser().resolve()
    return Location(sa.URL.create("sqlite", database=str(path)), path)


def make_engine(location: Location, timeout_s: float = DEFAULT_TIMEOUT_S) -> Engine:
    """Create the engine; for SQLite, install the connection set-up and transaction handling."""
    if not location.is_sqlite:
        return sa.create_engine(location.url, pool_pre_ping=True)
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
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        writing = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


@contextlib.contextmanager
def write_transaction(engine: Engine, location: Location) -> Iterator[Connection]:
    """One all-or-nothing write: commits at the end, rolls back on any error."""
    with translate_errors(location), engine.connect() as conn:
        conn = conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


@contextlib.contextmanager
def read_connection(engine: Engine, location: Location) -> Iterator[Connection]:
    with translate_errors(location), engine.connect() as conn, conn.begin():
        yield conn


@contextlib.contextmanager
def translate_errors(location: Location) -> Iterator[None]:
    """Turn driver errors into a StoreError a performance officer can act on."""
    try:
        yield
    except StoreError:
        raise
    except sa.exc.SQLAlchemyError as exc:
        raise describe_error(exc, location) from exc
    except sqlite3.Error as exc:
        raise describe_error(exc, location) from exc


def describe_error(exc: BaseException, location: Location) -> StoreError:
    text = str(getattr(exc, "orig", None) or exc).lower()
    name = location.display
    logger.warning("Database error on %s: %s", name, exc)
    if "locked" in text or "busy" in text:
        return StoreError(f"The database {name} is locked by another program. Close it and try again.")
    if "not a database" in text or "encrypted" in text or "malformed" in text:
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


def _first_line(exc: BaseException) -> str:
    message = str(getattr(exc, "orig", None) or exc)
    return message.splitlines()[0] if message else type(exc).__name__


def backup_sqlite(path: Path, target: Path, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
    """Copy a SQLite database with the backup API, which includes what is still in the WAL file."""
    source = sqlite3.connect(str(path), timeout=timeout_s)
    try:
        destination = sqlite3.connect(str(target))
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
