"""Reaching a team database on PostgreSQL: its URL, its password, and what went wrong, in plain words.

A team database is named by a URL (``postgresql://user@host:5432/cpdesk``; ``postgresql://`` is taken
as ``postgresql+psycopg://``, the driver cpdesk carries). Passwords are never stored in plain text:

1. a password typed into the URL itself is used for that run only (never saved, never logged: every
   name shown hides it);
2. otherwise the OS keyring (``keyring``: Windows Credential Manager, macOS Keychain, the Secret
   Service on Linux), service ``cpdesk``, key ``user@host:port/database`` (:func:`keyring_key`);
3. otherwise no password is passed at all, and libpq reads its own ``PGPASSFILE`` (``~/.pgpass``;
   ``%APPDATA%\\postgresql\\pgpass.conf`` on Windows), which the officer's IT may provide.

A computer with no keyring (headless Linux) falls back quietly to 3; the Settings dialog says so.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from cpdesk.store.records import StoreError

logger = logging.getLogger(__name__)

KEYRING_SERVICE = "cpdesk"
DRIVER = "postgresql+psycopg"
SERVER_SCHEMES = ("postgresql", "postgres")  # postgres:// is how some services hand the URL out
DEFAULT_PORT = 5432
EDITOR_ROLE, VIEWER_ROLE = "cpdesk_editor", "cpdesk_viewer"
CHECKED_TABLE = "observations"  # a login that may INSERT here may import and edit


def is_server(location: str | Path) -> bool:
    """Whether ``location`` names a database server (a URL other than ``sqlite://``), not a file."""
    text = str(location)
    return "://" in text and not text.lower().startswith("sqlite")


def server_url(text: str) -> sa.URL:
    """The SQLAlchemy URL of ``text``, with ``postgresql://`` (or ``postgres://``) taken as psycopg's.

    Raises StoreError, in words and without the password, for a URL that cannot be read and for a
    database other than SQLite or PostgreSQL."""
    try:
        url = sa.make_url(text)
    except (sa.exc.ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        why = " (its port is not a number)" if isinstance(exc, ValueError) else ""
        raise StoreError(f"{masked(text)} is not a database URL cpdesk can read{why}; a team database's "
                         "looks like postgresql://user@server:5432/database.") from exc
    if url.drivername in SERVER_SCHEMES:
        url = url.set(drivername=DRIVER)
    if url.get_backend_name() not in ("postgresql", "sqlite"):
        raise StoreError(f"{masked(text)} names a {url.get_backend_name()} database: cpdesk works with "
                         "SQLite files and PostgreSQL servers.")
    return url


def masked(text: str) -> str:
    """A URL as typed, with whatever stands where a password would be replaced by ``***``."""
    return re.sub(r"(://[^/@:]*:)[^@/]*@", r"\1***@", text)


def connection_url(host: str, port: int | str | None, database: str, user: str) -> sa.URL:
    """The URL the Settings dialog's form describes, never with a password."""
    return sa.URL.create(DRIVER, username=user.strip() or None, host=host.strip() or None,
                         port=int(port) if port else None, database=database.strip() or None)


def without_password(url: sa.URL) -> sa.URL:
    return url._replace(password=None)  # URL.set(password=None) would leave it as it is


def saved_form(url: sa.URL) -> str:
    """``url`` as it may be saved in the settings file: without any password, ``postgresql://``."""
    return as_typed(without_password(url)).render_as_string(hide_password=False)


def shown(url: sa.URL) -> str:
    """``url`` as the officer sees it in messages, titles and the status bar: ``postgresql://``, as typed
    (the driver cpdesk carries is its own affair), with any password as ``***``."""
    return as_typed(url).render_as_string(hide_password=True)


def as_typed(url: sa.URL) -> sa.URL:
    """``url`` with psycopg's scheme given back as the ``postgresql://`` officers and IT type."""
    return url.set(drivername=SERVER_SCHEMES[0]) if url.drivername == DRIVER else url


def keyring_key(url: sa.URL) -> str:
    """Where the keyring keeps ``url``'s password: ``user@host:port/database``."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or DEFAULT_PORT}/{url.database or ''}"


def _keyring():
    """The keyring module, or None when it is not installed."""
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def keyring_problem() -> str:
    """Why passwords cannot be kept in the OS keyring here; empty when they can."""
    keyring = _keyring()
    if keyring is None:
        return "the keyring package is not installed"
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring configuration: say it, use none
        return f"the OS keyring could not be opened ({exc})"
    priority = getattr(backend, "priority", 1)
    if type(backend).__module__.startswith("keyring.backends.fail") or priority <= 0:
        return "this computer has no OS keyring (no Secret Service, Credential Manager or Keychain)"
    return ""


def keyring_password(url: sa.URL) -> str | None:
    """The password the OS keyring holds for ``url``, or None (no keyring, or none saved)."""
    keyring = _keyring()
    if keyring is None or not url.username:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_key(url))
    except Exception as exc:  # noqa: BLE001 - no backend, a locked keyring: fall back to PGPASSFILE
        logger.info("no password from the OS keyring for %s: %s", keyring_key(url), type(exc).__name__)
        return None


def save_password(url: sa.URL, password: str) -> str:
    """Keep ``password`` for ``url`` in the OS keyring; returns why it could not be kept ("" when it was)."""
    problem = keyring_problem()
    if problem:
        return problem
    keyring = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_key(url), password)
    except Exception as exc:  # noqa: BLE001 - the keyring refused (locked, no permission)
        logger.warning("the OS keyring did not keep the password for %s: %s", keyring_key(url), exc)
        return f"the OS keyring did not keep it ({exc})"
    logger.info("password for %s kept in the OS keyring", keyring_key(url))
    return ""


def with_password(url: sa.URL) -> sa.URL:
    """``url`` ready to connect: its own password, else the keyring's, else none (libpq's PGPASSFILE)."""
    if url.get_backend_name() == "sqlite" or url.password:
        return url
    found = keyring_password(url)
    return url.set(password=found) if found else url


def pgpass_file() -> Path:
    """The password file libpq reads: ``PGPASSFILE``, else its usual place on this system."""
    given = os.environ.get("PGPASSFILE")
    if given:
        return Path(given)
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


# Plain-English connection errors -------------------------------------------------------------------

UNREACHABLE = ("connection refused", "could not connect", "timeout expired", "could not translate host",
               "name or service not known", "no route to host", "network is unreachable",
               "server closed the connection unexpectedly", "connection timed out", "nodename nor servname",
               "connection is bad")


def server_problem(error_text: str, url: sa.URL) -> str | None:
    """What a PostgreSQL connection error means for the officer, or None when it is not one of these."""
    text = error_text.lower()
    server = f"{url.host or 'localhost'}:{url.port or DEFAULT_PORT}"
    user = url.username or "(no user name)"
    if "password authentication failed" in text:
        return (f"The database server {server} refused the password for {user}. Check the user name and "
                "password (Settings > Team database > Test connection), or ask whoever manages the team "
                "database to reset it.")
    if "no password supplied" in text or "fe_sendauth" in text:
        return _no_password_found(url, server, user)
    if "role" in text and "does not exist" in text:
        return (f"The database server {server} has no login named {user}. Check the user name, or ask "
                "whoever manages the team database to create your login.")
    if "does not exist" in text and "database" in text:
        return (f"The database server {server} has no database named {url.database!r}. Check the name, "
                "or ask whoever manages the team database to create it ('cpdesk db init').")
    if "permission denied" in text or "insufficient privilege" in text or "must be owner" in text:
        return (f"The login {user} may not use the team database on {server}: ask whoever manages the "
                f"team database to grant you {EDITOR_ROLE} ({VIEWER_ROLE} to read only).")
    if any(words in text for words in UNREACHABLE):
        return (f"cpdesk cannot reach the database server {server}: it is not running, or this computer "
                "cannot reach it (check the host and port, and the network or VPN). If it persists, ask "
                "whoever manages the team database.")
    return None


def _no_password_found(url: sa.URL, server: str, user: str) -> str:
    """Why no password reached the server: a password file libpq ignores, one whose only line for this
    login names another database (a mistyped name), or none anywhere."""
    file = pgpass_file()
    if _readable_by_others(file):
        return (f"The database server {server} needs a password for {user}. The password file {file} can be "
                f"read by other users of this computer, so PostgreSQL ignores it: make it yours alone "
                f"(chmod 600 {file}) and try again.")
    elsewhere = _pgpass_databases_for(file, url)
    if elsewhere:
        return (f"The database server {server} has no password for {user} on the database "
                f"{url.database!r}: {file} holds one only for {', '.join(map(repr, elsewhere))}. Check the "
                "database name, or write * as that line's database to use it for any.")
    return (f"The database server {server} needs a password for {user}, and cpdesk found none: not in "
            f"the OS keyring ({keyring_problem() or 'nothing saved for this login'}) nor in "
            f"{file}. Type it in Settings > Team database, or put it in that file.")


def _readable_by_others(file: Path) -> bool:
    """libpq's own rule on POSIX: a password file with any group or other permission is not read."""
    if sys.platform.startswith("win"):
        return False
    try:
        return bool(file.stat().st_mode & 0o077)
    except OSError:
        return False


def _pgpass_fields(line: str) -> list[str]:
    """A password file line's fields, ``\\:`` and ``\\\\`` read as libpq reads them."""
    fields: list[str] = []
    current, chars = "", iter(line)
    for char in chars:
        if char == "\\":
            current += next(chars, "")
        elif char == ":" and len(fields) < 4:
            fields.append(current)
            current = ""
        else:
            current += char
    return [*fields, current]


def _pgpass_databases_for(file: Path, url: sa.URL) -> list[str]:
    """The databases ``file`` has a line for with ``url``'s host, port and login (none with ``*``)."""
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    wanted = (url.host or "localhost", str(url.port or DEFAULT_PORT), url.username or "")
    found: list[str] = []
    for line in lines:
        fields = _pgpass_fields(line)
        if line.startswith("#") or len(fields) != 5:
            continue
        host, port, database, login, _ = fields
        if all(given in ("*", want) for given, want in zip((host, port, login), wanted, strict=True)):
            if database in ("*", url.database):
                return []  # a line that applies: the database's name is not the problem
            found.append(database)
    return found


# What a login may do ---------------------------------------------------------------------------------

def may_edit(conn: sa.Connection, table: str = CHECKED_TABLE) -> bool:
    """Whether the login may store figures (INSERT on ``observations``), asked of the server."""
    allowed = conn.execute(sa.text("SELECT has_table_privilege(current_user, :table, 'INSERT')"),
                           {"table": table}).scalar()
    return bool(allowed)


def login_name(conn: sa.Connection) -> str:
    return str(conn.execute(sa.text("SELECT current_user")).scalar())


def read_only_notice(display: str, login: str) -> str:
    """What the officer is told on opening the team database with a login that may only read."""
    return (f"Read-only: ask whoever manages the team database to grant you {EDITOR_ROLE} to import and "
            f"edit. The login {login} may read {display} but not change it.")  # the advice before the URL


def read_only_message(display: str, login: str) -> str:
    """Why a login that may only read opens the team database with imports and edits off."""
    return (f"The login {login} may read the team database {display} but not change it, so imports and "
            f"edits are off. Ask whoever manages the team database to grant you {EDITOR_ROLE}.")


@dataclass(frozen=True)
class ConnectionCheck:
    """What the Settings dialog's "Test connection" found: the server's answer, or the problem."""

    problem: str = ""
    login: str = ""
    version: int | None = None  # cpdesk's schema version there; None when it holds no cpdesk data yet
    latest: int = 0  # the schema version this cpdesk uses
    editable: bool = False

    def describe(self) -> str:
        if self.problem:
            return self.problem
        if self.version is None:
            held = "It holds no cpdesk data yet ('cpdesk db init' sets it up)."
        elif self.version == self.latest:
            held = f"cpdesk schema version {self.version}, the one this cpdesk uses."
        else:
            held = f"cpdesk schema version {self.version} (this cpdesk uses version {self.latest})."
        rights = ("You may import and edit." if self.editable else
                  f"You may read only: ask whoever manages it to grant you {EDITOR_ROLE} to import and edit.")
        return f"Connected as {self.login}. {held} {rights}"


def check_connection(url: sa.URL, timeout_s: int = 10) -> ConnectionCheck:
    """Connect to ``url`` (password as :func:`with_password` finds it) and say what is there."""
    from cpdesk.store import tables
    from cpdesk.store.checks import VERSION_KEY
    from cpdesk.store.engine import describe_error, locate
    from cpdesk.store.migrations import latest_version, read_meta

    engine = sa.create_engine(with_password(url), poolclass=sa.pool.NullPool,
                              connect_args={"connect_timeout": timeout_s})
    try:
        with engine.connect() as conn:
            login = login_name(conn)
            if not sa.inspect(conn).has_table(tables.meta.name):
                return ConnectionCheck(login=login, latest=latest_version())
            version = read_meta(conn, VERSION_KEY)
            return ConnectionCheck(login=login, version=int(version) if version and version.isdigit() else 0,
                                   latest=latest_version(), editable=may_edit(conn))
    except sa.exc.SQLAlchemyError as exc:
        return ConnectionCheck(problem=str(describe_error(exc, locate(saved_form(url)))))
    finally:
        engine.dispose()
