"""Schema versions: new files, upgrades with a backup first, failed upgrades, files from a newer cpdesk."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from cpdesk.store import StoreError, migrations, open_store
from tests.core.test_store import AREAS, INDICATORS, batch, council_report


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
    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.create_everything, add_rag_note_column])

    with open_store(version_1_file) as store:
        assert [o.value for o in store.observations(indicator="cpp_count")] == [563.0, 345.0]

    assert meta_value(version_1_file, "schema_version") == "2"
    assert "rag_note" in columns(version_1_file, "targets")
    [backup] = (version_1_file.parent / "backups").glob("cpdesk.*.backup")
    assert meta_value(backup, "schema_version") == "1"
    assert "rag_note" not in columns(backup, "targets")
    with open_store(backup, create=False) as copy:
        assert [o.value for o in copy.observations(indicator="cpp_count")] == [563.0, 345.0]


def test_an_upgrade_that_fails_leaves_the_database_as_it_was(version_1_file, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.create_everything, failing_migration])

    with pytest.raises(StoreError, match="could not be upgraded to version 2") as caught:
        open_store(version_1_file)

    assert "disk full" in str(caught.value)
    [backup] = (version_1_file.parent / "backups").glob("cpdesk.*.backup")
    assert f"A copy taken before the upgrade is at {backup}." in str(caught.value)
    assert meta_value(version_1_file, "schema_version") == "1"
    assert "rag_note" not in columns(version_1_file, "targets")
    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.create_everything])
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
