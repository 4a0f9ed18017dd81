"""Damaged, foreign, read-only and locked databases: each answered plainly, none changed.

A damaged cpdesk file is read (with a warning naming its newest good backup) and never written; another
program's SQLite file is refused before anything in it changes; a schema version that is not a number
is refused in words; a file or folder cpdesk cannot write to is opened read-only and says so once; a
database another program is writing to gives the locked message.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from cpdesk.store import StoreError, backups, open_store
from cpdesk.store.engine import describe_error, locate, notify_long_waits
from tests.core.db_fixtures import build_cpdesk_db, damage_pages, file_state, journal_mode, read_only
from tests.core.test_store import MAR_2019, batch, figure


@pytest.fixture
def cpdesk_db(tmp_path):
    folder = tmp_path / "shared drive"
    folder.mkdir()
    return build_cpdesk_db(folder / "cp.sqlite")


@pytest.fixture
def heard():
    said: list[str] = []
    stop = notify_long_waits(said.append)
    yield said
    stop()


def cpdesk(*args, env_home):
    env = {**os.environ, "CPDESK_HOME": str(env_home), "CPDESK_NATIONAL_PACK": "off"}
    return subprocess.run([sys.executable, "-m", "cpdesk", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def a_correction():
    return batch([figure("cpp_count", MAR_2019, 346, cell="E10")], file_hash="hash-correction")


# -- damaged ---------------------------------------------------------------------------------------

def test_a_damaged_database_is_read_but_never_written_and_its_newest_good_backup_is_offered(cpdesk_db,
                                                                                             heard):
    good = backups.take_backup(cpdesk_db)
    damage_pages(cpdesk_db, cpdesk_db)
    before = file_state(cpdesk_db)

    with open_store(cpdesk_db) as store:
        assert store.read_only
        with pytest.raises(StoreError) as refused:
            store.import_observations(a_correction())
        with pytest.raises(StoreError):
            store.add_annotation("checked with the team manager", author="alice")

    taken = backups.taken_at(good)
    expected = (f"The newest good backup is '{good.name}' ({taken.day} {taken:%b %Y %H:%M}). "
                "Restore it with `cpdesk restore` or File > Restore backup.")
    assert str(refused.value).startswith(f"The database {cpdesk_db} is damaged (")
    assert "so cpdesk will not write to it" in str(refused.value) and expected in str(refused.value)
    assert len(heard) == 1 and "its figures can be read, but cpdesk will not change it" in heard[0]
    assert file_state(cpdesk_db) == before
    assert [p.name for p in backups.backup_files(cpdesk_db)] == [good.name]  # no damaged backup taken


def test_a_damaged_database_is_not_upgraded(cpdesk_db, monkeypatch):
    from cpdesk.store import migrations

    damage_pages(cpdesk_db, cpdesk_db)
    before = file_state(cpdesk_db)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, lambda conn: None])

    with pytest.raises(StoreError, match="is damaged .* and cpdesk cannot use it"):
        open_store(cpdesk_db)
    assert file_state(cpdesk_db) == before


def test_an_index_that_no_longer_matches_its_table_stops_writes_though_quick_check_passes(cpdesk_db, heard):
    """One letter of an area code changed in the unique index's page: the pages are whole (quick_check
    says ok) but the index that keeps each area single no longer finds a row (integrity_check)."""
    conn = sqlite3.connect(cpdesk_db)
    [page] = [row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE pagetype = 'leaf' "
                                             "AND name = 'sqlite_autoindex_areas_1' LIMIT 1")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(cpdesk_db.read_bytes())
    start = (page - 1) * page_size
    code = data.index(b"E0", start + 100, start + page_size)
    data[code + 8] = ord("Z") if data[code + 8] != ord("Z") else ord("Y")
    cpdesk_db.write_bytes(bytes(data))
    assert backups.file_problem(cpdesk_db, full=False) is None
    before = file_state(cpdesk_db)

    with open_store(cpdesk_db) as store:
        assert store.read_only
        with pytest.raises(StoreError, match=r"is damaged \(row \d+ missing from index"):
            store.import_observations(a_correction())

    assert file_state(cpdesk_db) == before
    assert len(heard) == 1


def test_a_big_database_is_checked_in_full_before_its_first_write(cpdesk_db, monkeypatch, heard):
    from cpdesk.store import checks

    monkeypatch.setattr(checks, "INTEGRITY_CHECK_ON_OPEN_BYTES", 0)  # as if the file were over 64 MB
    monkeypatch.setattr(checks, "QUICK_CHECK_ON_OPEN_BYTES", 0)
    backups.take_backup(cpdesk_db)  # the day's backup is taken: no backup's check before the write
    damage_pages(cpdesk_db, cpdesk_db)
    before = file_state(cpdesk_db)

    with open_store(cpdesk_db) as store:
        assert not store.read_only and heard == []  # not checked on opening
        with pytest.raises(StoreError, match="so cpdesk will not write to it"):
            store.import_observations(a_correction())
        assert store.read_only

    assert file_state(cpdesk_db) == before


def test_a_text_whose_bytes_were_overwritten_is_called_damage_without_echoing_it(cpdesk_db):
    error = sqlite3.OperationalError("Could not decode to UTF-8 column 'source_file' with text 'c4_\udcde'")

    message = str(describe_error(error, locate(cpdesk_db)))

    assert message.startswith(f"The database {cpdesk_db} is damaged (a stored text no longer reads as text)")
    assert "c4_" not in message


def test_the_command_line_reads_a_damaged_database_and_refuses_to_import_into_it(cpdesk_db, tmp_path,
                                                                                  samples_dir):
    damage_pages(cpdesk_db, cpdesk_db)
    before = file_state(cpdesk_db)
    workbook = next(samples_dir.glob("*.xlsx"))

    imported = cpdesk("import", str(workbook), "--db", str(cpdesk_db), "--yes", env_home=tmp_path / "home")

    assert imported.returncode == 2
    assert "Traceback" not in imported.stderr
    assert imported.stderr.splitlines()[-1].startswith(f"cpdesk: The database {cpdesk_db} is damaged (")
    assert "There is no good backup of it" in imported.stderr
    assert file_state(cpdesk_db) == before


# -- another program's file, a version that is not one ------------------------------------------------

@pytest.mark.parametrize("mode", ["delete", "wal"])
def test_another_programs_sqlite_file_is_refused_and_left_byte_for_byte(tmp_path, mode):
    other = tmp_path / "casework.db"
    conn = sqlite3.connect(other)
    conn.execute(f"PRAGMA journal_mode = {mode}")
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, team TEXT)")
    conn.execute("INSERT INTO contacts (team) VALUES ('North'), ('South')")
    conn.commit()
    conn.close()
    before = other.read_bytes()

    with pytest.raises(StoreError) as refused:
        open_store(other)

    assert str(refused.value) == (f"The file {other} is not a cpdesk database: it is another program's "
                                  "SQLite database (its tables: contacts). cpdesk has not changed it.")
    assert other.read_bytes() == before
    assert journal_mode(other) == mode
    assert not (tmp_path / "backups").exists()
    if mode == "delete":
        assert sorted(p.name for p in tmp_path.iterdir()) == ["casework.db"]


@pytest.mark.parametrize("version", ["abc", "", "2.5", "-1", "0"])
def test_a_schema_version_that_is_not_a_version_is_refused_in_words(cpdesk_db, tmp_path, version):
    conn = sqlite3.connect(cpdesk_db)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    conn.commit()
    conn.close()
    before = file_state(cpdesk_db)

    with pytest.raises(StoreError, match=r"gives its schema version as '.*', which is not a version cpdesk "
                                         r"wrote"):
        open_store(cpdesk_db)
    dumped = cpdesk("dump", "--db", str(cpdesk_db), env_home=tmp_path / "home")

    assert dumped.returncode == 2
    assert dumped.stderr.count("\n") == 1 and "Traceback" not in dumped.stderr
    assert file_state(cpdesk_db) == before


# -- read-only places ------------------------------------------------------------------------------

def test_a_database_in_a_read_only_folder_is_read_and_says_so_once(cpdesk_db, heard):
    folder = cpdesk_db.parent
    with read_only(folder):
        before = file_state(cpdesk_db)
        with open_store(cpdesk_db) as store:
            assert store.read_only
            assert sorted(o.value for o in store.observations(indicator="cpp_count")) == [345.0, 563.0]
            with pytest.raises(StoreError, match="is open read-only .*imports and edits are off"):
                store.import_observations(a_correction())
        after = file_state(cpdesk_db)

    assert heard == [f"Opened read-only: {cpdesk_db} cannot be written to (the folder {folder} is read-only "
                     "for you); imports and edits are off."]
    assert after == before


def test_a_read_only_database_file_is_dumped_and_exported_but_not_imported_into(cpdesk_db, tmp_path,
                                                                               samples_dir):
    out = tmp_path / "figures.csv"
    workbook = next(samples_dir.glob("*.xlsx"))
    with read_only(cpdesk_db):
        before = file_state(cpdesk_db)
        dumped = cpdesk("dump", "--db", str(cpdesk_db), env_home=tmp_path / "home")
        exported = cpdesk("export", "--format", "cpdesk", "--out", str(out), "--db", str(cpdesk_db),
                          env_home=tmp_path / "home")
        imported = cpdesk("import", str(workbook), "--db", str(cpdesk_db), "--yes",
                          env_home=tmp_path / "home")
        after = file_state(cpdesk_db)

    notice = (f"Opened read-only: {cpdesk_db} cannot be written to (the file is read-only for you); "
              "imports and edits are off.")
    assert dumped.returncode == 0 and dumped.stderr.splitlines() == [notice]
    assert "E10000031,Warwickshire,cpp_count" in dumped.stdout
    assert exported.returncode == 0, exported.stderr
    assert out.exists()
    assert imported.returncode == 2
    refusal = (f"cpdesk: The database {cpdesk_db} is open read-only (the file is read-only for you): imports "
               "and edits are off. Copy it to a folder you can write to, or ask IT for write access.")
    assert imported.stderr.splitlines() == [notice, refusal]
    assert after == before


def test_a_new_database_cannot_be_made_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "share"
    folder.mkdir()
    with read_only(folder), pytest.raises(StoreError, match="cannot be created: the folder .* is read-only"):
        open_store(folder / "new.sqlite")


# -- locked ----------------------------------------------------------------------------------------

def test_a_database_another_program_is_writing_is_read_and_its_import_waits_then_says_locked(cpdesk_db):
    holder = sqlite3.connect(str(cpdesk_db), isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO meta (key, value) VALUES ('other', 'writing')")
    try:
        with open_store(cpdesk_db, timeout_s=0.5) as store:
            assert len(store.observations()) == 3
            with pytest.raises(StoreError, match=r"is locked by another program.*Close it and try again"):
                store.import_observations(a_correction())
    finally:
        holder.rollback()
        holder.close()
    with open_store(cpdesk_db) as store:
        assert sorted(o.value for o in store.observations(indicator="cpp_count")) == [345.0, 563.0]
