"""Schema versions: new files, upgrades with a backup first, failed upgrades, files from a newer cpdesk,
and a database of every schema version released (tests/core/schemas) opened by this cpdesk."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from cpdesk.store import StoreError, backups, migrations, open_store
from tests.core.test_store import AREAS, INDICATORS, MAR_2019, batch, council_report


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
