"""Opening SQLite files: WAL and foreign keys, locks held by other programs, files that are not databases."""

from __future__ import annotations

import sqlite3

import pytest

from cpdesk.store import StoreError, open_store
from tests.core.test_store import AREAS, INDICATORS, batch, council_report, dfe_release


def test_wal_journal_and_foreign_keys_are_on(tmp_path):
    path = tmp_path / "cpdesk.sqlite"
    with open_store(path) as store, store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    other = sqlite3.connect(path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        other.close()


def test_an_import_goes_in_without_foreign_key_look_ups_and_they_are_on_again_after(tmp_path, monkeypatch):
    """An import checks its own references (writes._check_references, ensure_periods, its import row), so
    its rows go in with foreign keys off; every other write, and the next on the same connection, has
    them on, and the imported rows break none."""
    from cpdesk.store import cells

    seen = []
    insert_cells = cells.insert_cells

    def insert_noting_foreign_keys(conn, *args, **kwargs):
        seen.append(conn.exec_driver_sql("PRAGMA foreign_keys").scalar())
        return insert_cells(conn, *args, **kwargs)

    monkeypatch.setattr(cells, "insert_cells", insert_noting_foreign_keys)
    with open_store(tmp_path / "cpdesk.sqlite") as store:
        store.sync_areas(AREAS)
        store.sync_indicators(INDICATORS)
        store.import_observations(batch(council_report()))
        store.import_observations(batch(dfe_release(), file_name="d1.csv", file_hash="dfe"))
        with store._write() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
                conn.connection.driver_connection.execute(
                    "INSERT INTO observations (area_code, indicator_id, breakdown, period_id, publisher) "
                    "VALUES ('E99999999', 'cpp_count', '', 1, 'local')")
        with store._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    assert seen == [0, 0]


def test_the_parent_folder_is_created_and_a_url_opens_the_same_file(tmp_path):
    path = tmp_path / "new folder" / "deeper" / "cpdesk.sqlite"
    with open_store(path) as store:
        store.sync_areas(AREAS)
        store.sync_indicators(INDICATORS)
        store.import_observations(batch(council_report()))

    with open_store(f"sqlite:///{path}", create=False) as again:
        assert [o.value for o in again.observations(indicator="cpp_count")] == [563.0, 345.0]
        assert again.display_name == str(path.resolve())


def test_a_missing_file_is_not_created_when_asked_not_to(tmp_path):
    path = tmp_path / "missing.sqlite"
    with pytest.raises(StoreError, match="does not exist"):
        open_store(path, create=False)
    assert not path.exists()


def test_a_locked_database_gives_a_clear_message_and_changes_nothing(tmp_path):
    path = tmp_path / "cpdesk.sqlite"
    store = open_store(path, timeout_s=0.3)
    store.sync_areas(AREAS)
    store.sync_indicators(INDICATORS)
    store.import_observations(batch(council_report()))
    before = (store.observations(), store.imports())
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            store.import_observations(batch(dfe_release(), file_name="dfe.csv", file_hash="hash-dfe"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(caught.value) == (
        f"The database {path.resolve()} is locked by another program. Close it and try again.")
    assert (store.observations(), store.imports()) == before
    store.close()


def test_opening_a_database_another_program_holds_exclusively(tmp_path):
    path = tmp_path / "held.sqlite"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("CREATE TABLE scratch (n INTEGER)")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="is locked by another program"):
            open_store(path, timeout_s=0.3)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "cp figures.xlsx.sqlite"
    path.write_bytes(b"PK\x03\x04 this is a zipped workbook, not a database" * 50)

    with pytest.raises(StoreError, match="is not a cpdesk database") as caught:
        open_store(path)

    assert str(path.resolve()) in str(caught.value)
    assert path.read_bytes().startswith(b"PK\x03\x04")


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    other.commit()
    other.close()

    with pytest.raises(StoreError, match="is not a cpdesk database"):
        open_store(path)


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
