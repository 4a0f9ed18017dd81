"""Passwords for a team database: the OS keyring, then libpq's PGPASSFILE, never the settings file;
and each way a connection fails, said in plain words. Against the real test server (scram-sha-256 on
127.0.0.1), with an in-memory keyring standing in for the OS's."""

import itertools
import logging
import os
import socket

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
import sqlalchemy as sa

from cpdesk.store import StoreError, open_store
from cpdesk.store import credentials as cr
from cpdesk.store.engine import locate
from tests.core.test_cli_urls import WARWICKSHIRE

_roles = itertools.count()


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps passwords in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_pgpass_of_the_machine(tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-pgpass"))


@pytest.fixture
def cpdesk_database(pg_url) -> sa.URL:
    """A PostgreSQL database holding cpdesk's tables (made by the test server's superuser)."""
    open_store(pg_url).close()
    return sa.make_url(pg_url)


def make_role(pg_server, database: sa.URL, grants: str) -> tuple[sa.URL, str]:
    """A login with a password on the test server, granted ``grants`` on cpdesk's tables there; its URL
    (no password) and the password. Dropped with the test's database by the fixture below."""
    name, password = f"officer_{os.getpid()}_{next(_roles)}", f"pw-{next(_roles)}-secret"
    with pg_server.admin_engine().connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    engine = sa.create_engine(database, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        if grants:
            conn.exec_driver_sql(f"GRANT {grants} ON ALL TABLES IN SCHEMA public TO {name}")
            conn.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {name}")
    engine.dispose()
    return cr.without_password(database.set(username=name)), password


@pytest.fixture
def role(pg_server, cpdesk_database):
    made: list[sa.URL] = []

    def make(grants: str = "SELECT, INSERT, UPDATE, DELETE") -> tuple[sa.URL, str]:
        url, password = make_role(pg_server, cpdesk_database, grants)
        made.append(url)
        return url, password

    yield make
    pg_server.drop_logins(cpdesk_database, [url.username for url in made])


def opening_says(url) -> str:
    with pytest.raises(StoreError) as raised:
        open_store(str(url) if isinstance(url, str) else url.render_as_string(hide_password=False),
                   create=False).close()
    return str(raised.value)


def test_the_keyring_supplies_the_password_the_url_lacks(role, memory_keyring):
    url, password = role()
    assert "needs a password" in opening_says(url)  # nothing in the keyring yet, no PGPASSFILE
    assert cr.save_password(url, password) == ""
    assert memory_keyring.kept == {("cpdesk", cr.keyring_key(url)): password}
    assert cr.keyring_key(url) == f"{url.username}@127.0.0.1:{url.port}/{url.database}"
    with open_store(cr.saved_form(url), create=False) as store:
        assert not store.read_only and password not in store.display_name
        store.sync_indicators([])  # may write


def test_pgpassfile_supplies_it_where_there_is_no_keyring(role, no_keyring, tmp_path, monkeypatch):
    url, password = role()
    assert cr.keyring_problem().startswith("this computer has no OS keyring")
    assert cr.save_password(url, password).startswith("this computer has no OS keyring")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{url.port}:{url.database}:{url.username}:{password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert cr.pgpass_file() == pgpass
    with open_store(cr.saved_form(url), create=False) as store:
        assert store.meta("schema_version")


def test_a_password_typed_into_the_url_is_used_but_never_logged_or_shown(role, caplog, capsys):
    url, password = role()
    typed = url.set(password=password).render_as_string(hide_password=False)
    caplog.set_level(logging.DEBUG)
    with open_store(typed, create=False) as store:
        assert password not in store.display_name and "***" in store.display_name
    from cpdesk.cli import main

    assert main(["dump", "--db", typed, "--area", "937"]) == 0
    assert main(["import", str(WARWICKSHIRE), "--db", typed, "--yes"]) == 0
    printed = capsys.readouterr()
    assert password not in printed.out + printed.err
    assert password not in caplog.text
    assert cr.saved_form(sa.make_url(typed)) == cr.saved_form(url) and password not in cr.saved_form(url)


def test_a_wrong_password_is_said_plainly(role, memory_keyring):
    url, _ = role()
    said = opening_says(url.set(password="not-the-password"))
    server = f"127.0.0.1:{url.port}"
    assert said.startswith(f"The database server {server} refused the password for {url.username}.")


def test_a_server_not_running_is_said_plainly(cpdesk_database):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free_port = sock.getsockname()[1]
    said = opening_says(cpdesk_database.set(port=free_port))
    server = f"127.0.0.1:{free_port}"
    assert said.startswith(f"cpdesk cannot reach the database server {server}: it is not running")


def test_a_database_that_does_not_exist_is_said_plainly(cpdesk_database):
    said = opening_says(cpdesk_database.set(database="no_such_cpdesk"))
    assert said.startswith(f"The database server 127.0.0.1:{cpdesk_database.port} has no database named "
                           "'no_such_cpdesk'.")


def test_a_login_without_permission_is_told_to_ask_for_cpdesk_editor(role):
    url, password = role(grants="")
    said = opening_says(url.set(password=password))
    assert said.startswith(f"The login {url.username} may not use the team database")
    assert "grant you cpdesk_editor" in said


def test_a_login_that_may_only_read_opens_with_imports_and_edits_off(role):
    url, password = role(grants="SELECT")
    with open_store(url.set(password=password).render_as_string(hide_password=False)) as store:
        assert store.read_only and store.notice.startswith("Read-only: ask whoever manages the team "
                                                           "database to grant you cpdesk_editor")
        assert f"The login {url.username} may read" in store.notice and password not in store.notice
        assert store.write_refusal.startswith(f"The login {url.username} may read the team database")
        assert "grant you cpdesk_editor" in store.write_refusal and password not in store.write_refusal
        with pytest.raises(StoreError, match="imports and edits are off"):
            store.sync_indicators([])
        assert store.observations() == []


def test_the_connection_check_says_what_it_found(role, memory_keyring):
    url, password = role(grants="SELECT")
    cr.save_password(url, password)
    found = cr.check_connection(url)
    assert (found.login, found.version, found.editable) == (url.username, found.latest, False)
    assert found.describe().startswith(f"Connected as {url.username}. cpdesk schema version {found.latest}")
    assert "You may read only" in found.describe()
    wrong = cr.check_connection(url.set(password="nope"))
    assert wrong.problem.startswith("The database server") and "refused the password" in wrong.describe()


def test_postgres_urls_are_psycopgs_and_files_are_not_servers():
    assert locate("postgresql://u@h/db").url.drivername == "postgresql+psycopg"
    assert locate("postgres://u@h/db").url.drivername == "postgresql+psycopg"
    assert cr.is_server("postgresql://u@h/db") and not cr.is_server("sqlite:///x.sqlite")
    assert not cr.is_server("C:/figures/cpdesk.sqlite")
    form = cr.connection_url(" db.council.local ", "5433", "cpdesk", "jsmith")
    assert cr.saved_form(form) == "postgresql://jsmith@db.council.local:5433/cpdesk"


@pytest.mark.parametrize(("typed", "said"), [
    ("postgresql://jsmith:s3cret@cpdb:port/cpdesk",
     "postgresql://jsmith:***@cpdb:port/cpdesk is not a database URL cpdesk can read (its port is not a "
     "number); a team database's looks like postgresql://user@server:5432/database."),
    ("mysql://jsmith:s3cret@cpdb/cpdesk",
     "mysql://jsmith:***@cpdb/cpdesk names a mysql database: cpdesk works with SQLite files and PostgreSQL "
     "servers."),
])
def test_a_url_cpdesk_cannot_use_is_one_line_without_its_password(typed, said, tmp_path, monkeypatch, capsys):
    from cpdesk.cli import main

    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["dump", "--db", typed]) == 2
    printed = capsys.readouterr()
    assert printed.err == f"cpdesk: {said}\n" and "s3cret" not in printed.out + printed.err
    assert not list(here.iterdir())


def test_a_mistyped_database_name_is_not_blamed_on_the_password(role, no_keyring, tmp_path, monkeypatch):
    url, password = role()
    pgpass = tmp_path / "pgpass"  # one line, for the team database only, as TEAM_DATABASE.md once showed
    pgpass.write_text(f"# the team database\n127.0.0.1:{url.port}:{url.database}:{url.username}:{password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    said = opening_says(url.set(database=f"{url.database}x"))
    assert f"no password for {url.username} on the database '{url.database}x'" in said
    assert f"{pgpass} holds one only for '{url.database}'. Check the database name" in said
    pgpass.write_text(f"127.0.0.1:{url.port}:*:{url.username}:{password}\n")
    assert f"no database named '{url.database}x'" in opening_says(url.set(database=f"{url.database}x"))


def test_a_password_file_others_can_read_is_said_to_be_ignored(role, no_keyring, tmp_path, monkeypatch):
    url, password = role()
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{url.port}:{url.database}:{url.username}:{password}\n")
    pgpass.chmod(0o644)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    said = opening_says(url)
    assert "can be read by other users of this computer, so PostgreSQL ignores it" in said
    assert f"chmod 600 {pgpass}" in said and password not in said
    pgpass.chmod(0o600)
    with open_store(cr.saved_form(url), create=False) as store:
        assert store.meta("schema_version")


def test_password_file_lines_are_read_as_libpq_reads_them():
    fields = cr._pgpass_fields(r"db\:host:5432:team\\db:sarah:pa:ss")
    assert fields == ["db:host", "5432", r"team\db", "sarah", "pa:ss"]
