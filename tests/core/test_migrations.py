"""Schema versions: new files, upgrades with a backup first, failed upgrades, files from a newer cpdesk,
and a database of every schema version released (tests/core/schemas) opened by this cpdesk."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from cpdesk.store import StoreError, backups, migrations, open_store, upgrade
from tests.core.schemas.build_history import states
from tests.core.test_store import AREAS, INDICATORS, MAR_2018, MAR_2019, batch, council_report


def meta_value(path, key: str) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def columns(path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def add_rag_note_column(conn) -> None:
    """A version-2 migration as a future cpdesk might ship it."""
    migrations.add_column(conn, "targets", sa.Column("rag_note", sa.Text, nullable=True))


def failing_migration(conn) -> None:
    add_rag_note_column(conn)
    raise RuntimeError("disk full while copying revisions")


@pytest.fixture
def version_1_file(tmp_path):
    """A version-1 database holding Warwickshire's figures, left open so some are still in the WAL file."""
    path = tmp_path / "cpdesk.sqlite"
    store = open_store(path)
    store.sync_areas(AREAS)
    store.sync_indicators(INDICATORS)
    store.import_observations(batch(council_report()))
    yield path
    store.close()


def test_a_new_database_is_created_at_the_latest_version(tmp_path):
    path = tmp_path / "cpdesk.sqlite"
    open_store(path).close()

    assert meta_value(path, "schema_version") == str(migrations.latest_version())
    assert meta_value(path, "created").endswith("+00:00")
    assert list(tmp_path.glob("*.backup-*")) == []


def test_an_upgrade_copies_the_file_first_and_keeps_the_data(version_1_file, monkeypatch):
    latest = migrations.latest_version()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_rag_note_column])

    with open_store(version_1_file) as store:
        assert [o.value for o in store.observations(indicator="cpp_count")] == [563.0, 345.0]

    assert meta_value(version_1_file, "schema_version") == str(latest + 1)
    assert "rag_note" in columns(version_1_file, "targets")
    [backup] = (version_1_file.parent / "backups").glob("cpdesk.*.backup")
    assert meta_value(backup, "schema_version") == str(latest)
    assert "rag_note" not in columns(backup, "targets")
    with open_store(backup, create=False) as copy:
        assert [o.value for o in copy.observations(indicator="cpp_count")] == [563.0, 345.0]


def test_an_upgrade_that_fails_leaves_the_database_as_it_was(version_1_file, monkeypatch):
    released = migrations.MIGRATIONS
    monkeypatch.setattr(migrations, "MIGRATIONS", [*released, failing_migration])

    with pytest.raises(StoreError, match=f"could not be upgraded to version {len(released) + 1}") as caught:
        open_store(version_1_file)

    assert "disk full" in str(caught.value)
    [backup] = (version_1_file.parent / "backups").glob("cpdesk.*.backup")
    assert f"A copy taken before the upgrade is at {backup}." in str(caught.value)
    assert meta_value(version_1_file, "schema_version") == str(len(released))
    assert "rag_note" not in columns(version_1_file, "targets")
    monkeypatch.setattr(migrations, "MIGRATIONS", released)
    with open_store(version_1_file) as store:
        assert len(store.observations()) == 3


def test_an_up_to_date_database_is_not_copied(version_1_file):
    open_store(version_1_file).close()

    assert list(version_1_file.parent.glob("*.backup-*")) == []


def test_a_database_from_a_newer_cpdesk_is_refused(version_1_file):
    conn = sqlite3.connect(version_1_file)
    conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()

    with pytest.raises(StoreError, match="newer version of cpdesk"):
        open_store(version_1_file)


# -- every schema version ever released (tests/core/schemas, built by build_schemas.py) ----------------

SCHEMAS = sorted((Path(__file__).parent / "schemas").glob("schema_v*.sql"))
SEEDED = {("cpp_count", "31 Mar 2018", "local"): 563.0, ("cpp_count", "31 Mar 2019", "local"): 345.0,
          ("cpp_starts", "2017/18", "local"): 674.0, ("cpp_count", "31 Mar 2018", "dfe"): 561.0,
          ("cpp_repeat_count", "2017/18", "dfe"): 126.0}


def released_database(sql: Path, folder: Path) -> Path:
    """The database an officer of that release has: its SQL text loaded, in WAL mode as cpdesk left it."""
    path = folder / f"{sql.stem}.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(sql.read_text(encoding="utf-8"))
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return path


def assert_seed_figures_history_and_notes(path: Path) -> None:
    with open_store(path, create=False, read_only=True) as store:
        figures = {(o.indicator_id, o.period.label, o.publisher): o.value for o in store.observations()}
        history = store.history("E10000031", "cpp_count", MAR_2019)
        targets = store.targets("E10000031", "cpp_count")
        notes = store.annotations(area_code="E10000031", indicator_id="cpp_count")
    assert figures == SEEDED
    assert [(r.old_status, r.new_status, r.new_value, r.changed_by) for r in history] == [
        (None, "tbc", None, "alice"), ("tbc", None, 345.0, "bob")]
    assert [(t.target, t.tolerance) for t in targets] == [(500.0, 5.0)]
    assert [n.text for n in notes] == ["Final figure agreed with the DfE return"]


def test_there_is_a_fixture_of_every_schema_version_released():
    versions = {int(sql.stem.removeprefix("schema_v")) for sql in SCHEMAS}
    assert versions == set(range(1, migrations.latest_version() + 1))


@pytest.mark.parametrize("sql", SCHEMAS, ids=lambda sql: sql.stem)
def test_a_released_schema_opens_at_the_latest_keeping_figures_history_and_notes(sql, tmp_path):
    path = released_database(sql, tmp_path)

    version = meta_value(path, "schema_version")
    with open_store(path) as store:
        assert_seed_figures_history_and_notes(path)
        store.add_annotation("Checked after the upgrade to this cpdesk", author="carol")

    assert meta_value(path, "schema_version") == str(migrations.latest_version())
    [backup] = backups.backup_files(path)  # taken before the upgrade, or before that first write
    assert meta_value(backup, "schema_version") == version
    copy = tmp_path / "copy" / "cp.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(backup, copy)
    open_store(copy).close()  # upgraded as the original was
    assert_seed_figures_history_and_notes(copy)


@pytest.mark.parametrize("sql", SCHEMAS, ids=lambda sql: sql.stem)
def test_a_released_schema_upgrades_through_the_next_migration_after_a_backup(sql, tmp_path, monkeypatch):
    released = migrations.latest_version()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_rag_note_column])
    path = released_database(sql, tmp_path)
    version = meta_value(path, "schema_version")

    open_store(path).close()

    assert meta_value(path, "schema_version") == str(released + 1)
    assert "rag_note" in columns(path, "targets")
    assert_seed_figures_history_and_notes(path)
    [backup] = backups.backup_files(path)
    assert meta_value(backup, "schema_version") == version
    assert "rag_note" not in columns(backup, "targets")
    restored = tmp_path / "restored" / "cp.sqlite"
    restored.parent.mkdir()
    shutil.copyfile(backup, restored)
    open_store(restored).close()  # the backup is the released file: it upgrades as the original did
    assert_seed_figures_history_and_notes(restored)


# -- version 2 to 3: a history of every kind, as version 2 wrote it (tests/core/schemas/build_history.py) --

HISTORY_V2 = Path(__file__).parent / "schemas" / "history_v2.sql"
REPEATED = {"observations": {"updated_at", "updated_by", "updated_by_login"},
            "revisions": {"changed_at", "changed_by", "changed_by_login"}}


def expected_history() -> dict:
    return json.loads(HISTORY_V2.with_suffix(".json").read_text(encoding="utf-8"))


def test_a_version_2_history_reads_the_same_after_the_upgrade_to_version_3(tmp_path):
    path = released_database(HISTORY_V2, tmp_path)
    assert meta_value(path, "schema_version") == "2"

    open_store(path).close()

    assert meta_value(path, "schema_version") == str(migrations.latest_version())
    assert states(path) == expected_history()
    for table, repeated in REPEATED.items():
        assert not repeated & set(columns(path, table))
    conn = sqlite3.connect(path)
    try:
        revisions = conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
        own_file = conn.execute("SELECT count(*) FROM observations WHERE source_file IS NULL").fetchone()[0]
    finally:
        conn.close()
    # The four cells that never changed (each seed's figure but the three the corrections and undos
    # touched) lose the first revision their cell now shows; the changed cells keep every revision.
    assert (revisions, own_file) == (17 - 2, 2)


def test_after_the_upgrade_undo_and_edits_work_on_the_migrated_history(tmp_path):
    path = released_database(HISTORY_V2, tmp_path)
    key = ("E07000220", "cpp_count", "", "snapshot", MAR_2018.start, MAR_2018.end, "local")
    with open_store(path) as store:
        [latest] = [record for record in store.imports() if record.file_name == "rugby 2.xlsx"]
        undone = store.undo_import(latest.id, "frank")
        assert [(old.value, new.value) for _, old, new in undone.changes] == [(42.0, None)]
        assert store.stored_values([key]) == {}
        again = store.undo_import(undone.import_id, "frank")
        assert store.stored_values([key])[key].value == 42.0
        history = store.history("E07000220", "cpp_count", MAR_2018)
    assert [(r.old_value, r.new_value, r.changed_by, r.reason) for r in history][-2:] == [
        (42.0, None, "frank", f"undo of import {latest.id}"),
        (None, 42.0, "frank", f"undo of import {undone.import_id}")]
    assert [r.source_file for r in history] == ["rugby.xlsx", None, "rugby 2.xlsx", None, "rugby 2.xlsx"]
    assert again.changed == 1


def test_a_version_2_team_database_reads_the_same_after_db_upgrade(pg_url, tmp_path):
    from tests.core.schemas.build_schemas import RELEASES, tables_at

    try:
        version_2 = tables_at(RELEASES[2])
    except (subprocess.CalledProcessError, OSError) as exc:
        pytest.skip(f"cpdesk's history (git) is not available here: {exc}")
    copy_released_rows(released_database(HISTORY_V2, tmp_path), version_2, pg_url)

    assert upgrade.upgrade(pg_url, tmp_path / "backups").upgraded

    assert states(pg_url) == expected_history()
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        found = {(table, column) for table, column in conn.execute(sa.text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema()"))}
    engine.dispose()
    assert not {(table, column) for table, repeated in REPEATED.items() for column in repeated} & found
    assert ("imports", "reason") in found


def copy_released_rows(source: Path, tables: object, url: str) -> None:
    """The rows of a released SQLite database into a server database of the same release's tables."""
    reader = sa.create_engine(f"sqlite:///{source}", poolclass=sa.pool.NullPool)
    writer = sa.create_engine(url, poolclass=sa.pool.NullPool)
    metadata = tables.metadata  # type: ignore[attr-defined]
    with reader.connect() as read, writer.begin() as write:
        metadata.create_all(write)
        for table in metadata.sorted_tables:
            rows = [dict(row) for row in read.execute(sa.select(table)).mappings()]
            if rows:
                write.execute(sa.insert(table), rows)
            if rows and "id" in table.c and isinstance(table.c.id.type, sa.Integer):
                write.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                      f"(SELECT max(id) FROM {table.name}))"))
    reader.dispose()
    writer.dispose()


def test_opening_an_older_database_says_it_was_upgraded_and_where_the_copy_is(tmp_path, capsys):
    from cpdesk.cli import main

    older = SCHEMAS[-2] if len(SCHEMAS) > 1 else SCHEMAS[0]
    path = released_database(older, tmp_path)
    version = meta_value(path, "schema_version")
    assert main(["dump", "--db", str(path)]) == 0
    told = capsys.readouterr().err
    [backup] = backups.backup_files(path)
    assert f"from schema version {version} to {migrations.latest_version()}" in told
    assert str(backup) in told
    with open_store(path) as store:  # up to date now: nothing more to say
        assert store.notice == ""
    assert capsys.readouterr().err == ""


def test_the_app_is_told_of_an_upgrade_through_the_stores_notice(tmp_path):
    path = released_database(SCHEMAS[0], tmp_path)
    with open_store(path) as store:
        assert store.notice.startswith(f"Upgraded the database {path} from schema version 1")
