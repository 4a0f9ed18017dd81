"""Schema versions on a shared PostgreSQL database: never upgraded on opening, created once under a lock
on first use, upgraded on purpose by ``cpdesk db upgrade`` (a backup first, a confirmation, one
transaction, one upgrader at a time). The next version is a migration the tests append to MIGRATIONS,
so they hold whatever version this cpdesk is at."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import threading
import time

import pytest
import sqlalchemy as sa

from cpdesk.cli import main
from cpdesk.store import StoreError, copy, migrations, open_store, team, upgrade
from cpdesk.store.engine import locate, remember_schema
from tests.core.test_store import AREAS, INDICATORS, batch, council_report

ROUNDS = 12


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def add_rag_note(conn) -> None:
    """The next schema version, as a future cpdesk might ship it."""
    migrations.add_column(conn, "targets", sa.Column("rag_note", sa.Text, nullable=True))


def scalar(url: str, sql: str):
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql(sql).scalar()
    finally:
        engine.dispose()


def version_of(url: str) -> int:
    return int(scalar(url, "SELECT value FROM meta WHERE key = 'schema_version'"))


def has_rag_note(url: str) -> bool:
    return bool(scalar(url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'targets' "
                            "AND column_name = 'rag_note'"))


@pytest.fixture
def released(pg_url):
    """A team database holding Warwickshire's figures, made by the cpdesk released today."""
    with open_store(pg_url) as store:
        store.sync_areas(AREAS)
        store.sync_indicators(INDICATORS)
        store.import_observations(batch(council_report()))
    return pg_url


@pytest.fixture
def next_version(monkeypatch):
    """This cpdesk, one schema version on: the released one plus ``add_rag_note``."""
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_rag_note])
    return migrations.latest_version()


def test_two_first_users_of_a_fresh_database_never_collide(pg_server):
    failures: list[BaseException] = []

    def first_use(target: str, start: threading.Barrier) -> None:
        start.wait()
        try:
            open_store(target).close()
        except BaseException as exc:  # noqa: BLE001 - every failure is the test's finding
            failures.append(exc)

    for _ in range(ROUNDS):
        with pg_server.fresh_database() as url:
            start = threading.Barrier(2)
            target = url.render_as_string(hide_password=False)
            both = [threading.Thread(target=first_use, args=(target, start)) for _ in range(2)]
            for thread in both:
                thread.start()
            for thread in both:
                thread.join()
            assert version_of(url.render_as_string(hide_password=False)) == migrations.latest_version()
    assert failures == []


def test_an_older_database_is_refused_not_upgraded(released, next_version):
    with pytest.raises(StoreError) as refused:
        open_store(released)

    message = str(refused.value)
    assert f"schema version {next_version - 1}" in message and f"needs version {next_version}" in message
    assert "cpdesk db upgrade --db" in message and "ask whoever manages it" in message
    assert version_of(released) == next_version - 1 and not has_rag_note(released)


def test_a_database_from_a_newer_cpdesk_says_to_install_it(released):
    engine = sa.create_engine(released, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    engine.dispose()

    with pytest.raises(StoreError, match="Install the newer cpdesk"):
        open_store(released)


def test_db_upgrade_asks_before_any_lock_then_backs_up_with_pg_dump_and_upgrades(
        released, next_version, tmp_path, capsys, monkeypatch, pg_server):
    asked = []

    def answer(prompt: str) -> str:  # while the question waits, no lock holds officers' writes
        asked.append((prompt, scalar(released, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")))
        return "y"

    monkeypatch.setattr("builtins.input", answer)

    code, out, err = run(capsys, "db", "upgrade", "--db", released, "--backup-to", tmp_path)

    assert code == 0, err
    [dump] = tmp_path.glob("*.dump")
    assert f"backs the database up into {tmp_path}" in out and asked == [("Upgrade now? [y/N] ", 0)]
    assert "Upgraded " in out and f"to {next_version}" in out and f"{dump} (pg_dump custom format" in out
    assert version_of(released) == next_version and has_rag_note(released)
    with open_store(released) as store:
        assert sorted(o.value for o in store.observations()) == [345.0, 563.0, 674.0]
    with pg_server.fresh_database() as restored:  # put back as the guide says: the database as it was
        target = restored.render_as_string(hide_password=False)
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={restored.database}", str(dump)], check=True,
                       capture_output=True, env={**os.environ, **libpq_environment(restored)})
        assert version_of(target) == next_version - 1 and not has_rag_note(target)
        assert scalar(target, "SELECT count(*) FROM observations") == 3


def libpq_environment(url: sa.URL) -> dict[str, str]:
    return {"PGHOST": str(url.host), "PGPORT": str(url.port), "PGUSER": str(url.username),
            "PGPASSWORD": str(url.password)}


def test_a_declined_upgrade_locks_nothing_backs_nothing_up_and_exits_non_zero(
        released, next_version, tmp_path, capsys, monkeypatch):
    held = []

    def decline(prompt: str) -> str:
        held.append(scalar(released, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
        return "n"

    monkeypatch.setattr("builtins.input", decline)

    code, out, err = run(capsys, "db", "upgrade", "--db", released, "--backup-to", tmp_path)

    assert code == 1 and held == [0]
    assert "Not upgraded: you did not answer yes" in out and list(tmp_path.glob("*.dump")) == []
    assert version_of(released) == next_version - 1 and not has_rag_note(released)


def test_no_answer_on_stdin_is_a_no(released, next_version, tmp_path, capsys, monkeypatch):
    def end_of_input(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", end_of_input)

    assert run(capsys, "db", "upgrade", "--db", released, "--backup-to", tmp_path)[0] == 1
    assert version_of(released) == next_version - 1


def test_an_upgrade_held_up_by_a_read_says_so_not_that_an_officer_is_writing(
        released, next_version, tmp_path, monkeypatch):
    monkeypatch.setattr(upgrade, "LOCK_TIMEOUT", "1s")
    reader = sa.create_engine(released, poolclass=sa.pool.NullPool)
    try:
        with reader.connect() as conn, conn.begin():  # psql's BEGIN; SELECT count(*) FROM ...; and waiting
            conn.exec_driver_sql("SELECT count(*) FROM targets").scalar()
            with pytest.raises(StoreError) as failed:
                upgrade.upgrade(released, tmp_path)
    finally:
        reader.dispose()

    message = str(failed.value)
    assert "had the tables open (reading or writing) for over 1s" in message and "left as it was" in message
    assert "has been writing" not in message
    assert version_of(released) == next_version - 1 and not has_rag_note(released)


def test_without_pg_dump_the_backup_is_a_checked_sqlite_copy(released, next_version, tmp_path, monkeypatch):
    monkeypatch.setattr(upgrade.shutil, "which", lambda name: None)

    done = upgrade.upgrade(released, tmp_path)

    assert done.upgraded and done.backup is not None and done.backup.path.suffix == ".backup"
    assert "because pg_dump is not installed" in done.backup.how
    conn = sqlite3.connect(done.backup.path)
    try:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        values = sorted(row[0] for row in conn.execute("SELECT value FROM observations"))
        columns = [row[1] for row in conn.execute("PRAGMA table_info(targets)")]
    finally:
        conn.close()
    assert (int(version), values) == (next_version - 1, [345.0, 563.0, 674.0])
    assert "rag_note" not in columns  # taken before the upgrade


def test_a_failing_migration_leaves_the_database_as_it_was(released, monkeypatch, tmp_path):
    def add_then_fail(conn) -> None:
        add_rag_note(conn)
        raise RuntimeError("disk full while copying revisions")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_then_fail])

    with pytest.raises(StoreError, match="left as it was") as failed:
        upgrade.upgrade(released, tmp_path)

    assert "The copy taken first" in str(failed.value)
    assert version_of(released) == migrations.latest_version() - 1 and not has_rag_note(released)


def test_two_upgrades_at_once_one_upgrades_the_other_waits_and_finds_nothing(released, monkeypatch, tmp_path):
    ran = []

    def slow_add_rag_note(conn) -> None:
        ran.append(time.monotonic())
        add_rag_note(conn)
        time.sleep(1.0)  # long enough for the second upgrade to be waiting on the lock

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, slow_add_rag_note])
    results: list = []
    start = threading.Barrier(2)

    def upgrader(folder) -> None:
        start.wait()
        results.append(upgrade.upgrade(released, folder))

    both = [threading.Thread(target=upgrader, args=(tmp_path / str(n),)) for n in range(2)]
    for thread in both:
        thread.start()
    for thread in both:
        thread.join()

    assert len(ran) == 1 and sorted(r.upgraded for r in results) == [False, True]
    [waited] = [r for r in results if not r.upgraded]
    assert waited.info.database_version == migrations.latest_version() and waited.backup is None
    assert "no upgrade to make" in waited.describe()


def test_an_upgrade_gives_the_roles_their_rights_on_new_tables(released, monkeypatch, tmp_path, pg_server):
    def add_board_notes(conn) -> None:
        conn.exec_driver_sql("CREATE TABLE board_notes (id SERIAL PRIMARY KEY, text TEXT NOT NULL)")

    team.init(released)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_board_notes])
    engine = sa.create_engine(released, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:  # the default privileges taken away: only the upgrade's own grants count
        conn.exec_driver_sql(f'ALTER DEFAULT PRIVILEGES FOR ROLE "{pg_server.url.username}" IN SCHEMA public '
                             "REVOKE ALL ON TABLES FROM cpdesk_viewer")
    engine.dispose()

    upgrade.upgrade(released, tmp_path)

    grants = scalar(released, "SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM "
                              "information_schema.role_table_grants WHERE table_name = 'board_notes' "
                              "AND grantee = 'cpdesk_viewer'")
    assert grants == "SELECT"


def test_upgrade_needed_tells_the_app_who_may_upgrade(released, next_version, pg_server):
    info = upgrade.upgrade_needed(released)

    assert info.needed and (info.database_version, info.cpdesk_version) == (next_version - 1, next_version)
    assert info.may_upgrade and info.owner == info.login == pg_server.url.username


def test_a_sqlite_file_upgrades_as_before_with_a_backup_beside_it(tmp_path, next_version, capsys):
    path = tmp_path / "cp.sqlite"
    with sqlite3.connect(path) as conn:  # the released schema, stamped with its version
        engine = sa.create_engine(f"sqlite:///{path}")
        migrations.tables.metadata.create_all(engine)
        engine.dispose()
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(next_version - 1),))
    conn.close()

    code, out, err = run(capsys, "db", "upgrade", "--db", path, "--yes")

    assert code == 0, err
    assert "Upgraded" in out
    assert len(list((tmp_path / "backups").glob("cp.*.backup"))) == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
            next_version)
    conn.close()


def test_the_sqlite_backup_keeps_server_times_in_utc_to_the_microsecond(released, tmp_path):
    engine = sa.create_engine(released, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:  # times as a server keeps them, read in an English session's zone
        name = conn.exec_driver_sql("SELECT current_database()").scalar()
        stored = conn.exec_driver_sql("SELECT imported_at FROM imports ORDER BY id").scalars().all()
        conn.exec_driver_sql("ALTER TABLE imports ALTER COLUMN imported_at TYPE timestamptz "
                             "USING imported_at::timestamptz")
        conn.exec_driver_sql(f"ALTER DATABASE \"{name}\" SET timezone = 'Europe/London'")
    engine.dispose()
    target = tmp_path / "copy.backup"

    checks = copy.export_to_sqlite(locate(released), target)

    assert all(check.same for check in checks)
    conn = sqlite3.connect(target)
    try:
        copied = [row[0] for row in conn.execute("SELECT imported_at FROM imports ORDER BY id")]
    finally:
        conn.close()
    assert [dt.datetime.fromisoformat(text) for text in copied] == [
        moment if isinstance(moment, dt.datetime) else dt.datetime.fromisoformat(moment) for moment in stored]
    assert all(text.endswith("+00:00") for text in copied)


def test_a_login_that_may_not_create_tables_is_told_to_have_db_init_run(pg_url, pg_server):
    login = f"officer_{os.getpid()}"
    with pg_server.admin_engine().connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {login} LOGIN PASSWORD 'pw'")
    try:
        officer = sa.make_url(pg_url).set(username=login, password="pw").render_as_string(hide_password=False)
        with pytest.raises(StoreError) as refused:
            open_store(officer)
    finally:
        with pg_server.admin_engine().connect() as conn:
            conn.exec_driver_sql(f"DROP ROLE {login}")

    assert f"Your database login '{login}' may not create cpdesk's tables" in str(refused.value)
    assert "cpdesk db init --db" in str(refused.value)
    assert scalar(pg_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == 0


def rename_value(conn) -> None:
    """A next schema version under which the released cpdesk's reads and writes fail."""
    conn.exec_driver_sql("ALTER TABLE observations RENAME COLUMN value TO figure")


def test_a_cpdesk_open_across_an_upgrade_is_told_to_install_the_one_that_reads_it(
        released, monkeypatch, tmp_path):
    released_version = migrations.latest_version()
    with open_store(released) as store:
        with monkeypatch.context() as newer:  # a newer cpdesk's `db upgrade` while this one is open
            newer.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, rename_value])
            assert upgrade.upgrade(released, tmp_path).upgraded
        with pytest.raises(StoreError) as failed:
            store.import_observations(batch(council_report()))

    assert str(failed.value) == (
        f"The team database {locate(released).display} was upgraded to version {released_version + 1} "
        "while cpdesk was open; install the cpdesk that reads it (this one reads up to version "
        f"{released_version}). What you were doing was not done.")


def test_a_cpdesk_that_reads_the_upgraded_schema_is_told_to_restart(released, next_version, monkeypatch,
                                                                    tmp_path):
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, rename_value])
    upgrade.upgrade(released, tmp_path)  # to next_version + 1
    with open_store(released) as store:
        # as if this cpdesk had held it open at next_version, which it reads, before that upgrade
        remember_schema(locate(released), next_version, next_version + 1)
        upgraded = rf"upgraded to version {next_version + 1} while cpdesk was open; restart cpdesk \(this one"
        with pytest.raises(StoreError, match=upgraded):
            store.observations()  # its column renamed by the upgrade
