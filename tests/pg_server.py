"""A PostgreSQL server for the tests: the one ``CPDESK_TEST_DATABASE_URL`` names, or a private one.

The private server is a throw-away cluster (``initdb``) in a temporary folder, listening on a free port of
127.0.0.1 only, with durability switched off (the tests never need to survive a power cut). PostgreSQL
refuses to run as root, so as root the cluster belongs to the ``postgres`` system user (Debian's package
creates it). Each test gets a database of its own, created in ~30 ms and dropped afterwards.

``CPDESK_TEST_DATABASE_URL`` must name a role that may create databases and roles, e.g.
``postgresql+psycopg://cpdesk_test:secret@127.0.0.1:5432/postgres``.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

URL_VARIABLE = "CPDESK_TEST_DATABASE_URL"
SUPERUSER = "cpdesk_test"
INSTALL_HINT = ("install PostgreSQL (Debian: apt-get install postgresql) or set "
                f"{URL_VARIABLE} to a server's URL")
_numbers = itertools.count()


class NoServer(Exception):
    """No PostgreSQL server can be had here; the message says why."""


@dataclass
class Server:
    """A running server and the superuser URL to reach it (its database: ``postgres``)."""

    url: sa.URL
    stop: object = None  # called at the end of the session

    def admin_engine(self) -> sa.Engine:
        return sa.create_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)

    def drop_logins(self, database_url: str | sa.URL, logins: list[str]) -> None:
        """Drop test logins: what they own in ``database_url`` goes back to the superuser and what they were
        granted there goes, then the logins themselves."""
        superuser = sa.make_url(database_url).set(username=self.url.username, password=self.url.password)
        engine = sa.create_engine(superuser, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:
                for login in logins:
                    conn.exec_driver_sql(f"REASSIGN OWNED BY {login} TO CURRENT_USER; DROP OWNED BY {login}")
        finally:
            engine.dispose()
        with self.admin_engine().connect() as conn:
            for login in logins:
                conn.exec_driver_sql(f"DROP ROLE IF EXISTS {login}")

    def database_url(self, name: str) -> sa.URL:
        return self.url.set(database=name)

    @contextlib.contextmanager
    def fresh_database(self, prefix: str = "t", template: str | None = None) -> Iterator[sa.URL]:
        """A new database for one test, dropped afterwards (its connections closed first): empty, or a
        copy of the database ``template`` (which nobody may be connected to)."""
        name = f"cpdesk_{prefix}_{os.getpid()}_{next(_numbers)}"
        copy_of = f' TEMPLATE "{template}"' if template else ""
        engine = self.admin_engine()
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copy_of} STRATEGY FILE_COPY')
            yield self.database_url(name)
        finally:
            with engine.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            engine.dispose()


def postgres_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: on PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


def start_server() -> Server:
    """The server to test against; raises NoServer with the reason when there is none."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        server = Server(sa.make_url(given))
        _check_reachable(server)
        return server
    return _start_private_server()


def _check_reachable(server: Server) -> None:
    try:
        with server.admin_engine().connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: no server
        raise NoServer(f"{URL_VARIABLE} names a server that cannot be reached: {exc}") from exc


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as(owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--"] if owner else []


def _cluster_owner() -> str | None:
    """Who runs the server: ourselves, or as root the ``postgres`` user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise NoServer("running as root and there is no 'postgres' user to run PostgreSQL as") from exc
    if not shutil.which("runuser"):
        raise NoServer("running as root and there is no runuser to start PostgreSQL as 'postgres'")
    return "postgres"


def _start_private_server() -> Server:
    binaries = postgres_binaries()
    if binaries is None:
        raise NoServer(f"no PostgreSQL server programs (initdb) were found: {INSTALL_HINT}")
    owner = _cluster_owner()
    folder = Path(tempfile.mkdtemp(prefix="cpdesk-pg-"))
    password = secrets.token_hex(12)
    (folder / "pw").write_text(password)
    if owner:
        shutil.chown(folder, user=owner)
        shutil.chown(folder / "pw", user=owner)
    data, port = folder / "data", _free_port()
    run = _run_as(owner)
    try:
        subprocess.run([*run, str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--pwfile",
                        str(folder / "pw"), "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True, timeout=120)
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run([*run, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                        str(folder / "server.log"), "-w", "-t", "60", "start"],
                       check=True, capture_output=True, timeout=90)
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(folder, ignore_errors=True)
        raise NoServer(f"a private PostgreSQL server could not be started: {exc} "
                       f"{detail.decode(errors='replace')[-400:]}") from exc

    def stop() -> None:
        subprocess.run([*run, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)

    url = sa.URL.create("postgresql+psycopg", username=SUPERUSER, password=password, host="127.0.0.1",
                        port=port, database="postgres")
    return Server(url, stop)
