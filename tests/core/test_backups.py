"""Backups: one a day on open and before upgrades, checked whole, a set number kept; ``cpdesk backup``
and ``cpdesk restore`` (listing, restoring by number, keeping the replaced file, refusing a damaged
backup or a database open elsewhere)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3

import pytest

from cpdesk.cli import main
from cpdesk.reference import load_reference
from cpdesk.store import StoreError, backups, open_store
from tests.core.db_fixtures import build_cpdesk_db, damage_pages
from tests.core.test_store import MAR_2019, batch, figure


@pytest.fixture
def cpdesk_db(tmp_path):
    return build_cpdesk_db(tmp_path / "cp.sqlite")


def cpp_counts(path) -> list[float]:
    with open_store(path, create=False, read_only=True) as store:
        return sorted(o.value for o in store.observations(indicator="cpp_count"))


def correct_2019(path, value: float) -> None:
    with open_store(path) as store:
        store.import_observations(batch([figure("cpp_count", MAR_2019, value, cell="E10")],
                                        file_hash=f"hash-{value}"))


def backdated(db, days_ago: int):
    """A real backup of ``db``, renamed as if taken ``days_ago`` days ago."""
    taken = dt.datetime.now() - dt.timedelta(days=days_ago)
    path = backups.take_backup(db)
    return path.rename(backups.new_backup_path(db, taken))


def test_a_database_is_backed_up_before_its_first_write_of_the_day_and_seven_are_kept(cpdesk_db):
    old = [backdated(cpdesk_db, days) for days in range(2, 11)]  # nine, two to ten days old

    with open_store(cpdesk_db, backups_kept=7) as store:
        store.observations()
        assert backups.backup_files(cpdesk_db) == old  # reading takes none
        store.import_observations(batch([figure("cpp_count", MAR_2019, 346, cell="E10")], file_hash="h2"))
        store.add_annotation("346 after the audit", author="alice")  # the second write takes none
    correct_2019(cpdesk_db, 347)  # nor does the next session's, the same day

    kept = backups.backup_files(cpdesk_db)
    assert len(kept) == 7
    assert backups.taken_at(kept[0]).date() == dt.date.today()
    assert cpp_counts(kept[0]) == [345.0, 563.0]  # as it was before the day's first change
    assert kept[1:] == old[:6]
    assert all(backups.describe(path, full=True).good for path in kept)


def test_opening_with_the_areas_and_indicators_already_held_writes_nothing(cpdesk_db):
    """The app and the commands sync the reference data on every opening: when it is already there,
    that is a read, so the day's backup waits for a real change."""
    reference = load_reference()
    old = [backdated(cpdesk_db, 2)]

    with open_store(cpdesk_db) as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        assert backups.backup_files(cpdesk_db) == old
        store.sync_indicators([dataclasses.replace(reference.schema["cpp_rate"], title="Rate of CP plans")])
        assert len(backups.backup_files(cpdesk_db)) == 2  # a change is a write, the day's first
    with sqlite3.connect(cpdesk_db) as conn:
        titles = conn.execute("SELECT title FROM indicators WHERE id = 'cpp_rate'").fetchall()
    assert titles == [("Rate of CP plans",)]


def test_a_backup_holds_what_the_wal_file_held_and_is_one_checked_file(cpdesk_db, tmp_path):
    store = open_store(cpdesk_db)
    store.import_observations(batch([figure("cpp_count", MAR_2019, 346, cell="E10")], file_hash="h2"))
    try:  # while the figure is still in the WAL file
        copy = backups.take_backup(cpdesk_db, tmp_path / "for the auditors" / "cp.backup")
    finally:
        store.close()

    assert cpp_counts(copy) == [346.0, 563.0]
    assert backups.describe(copy).figures == 3
    with sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no partial file left


def test_a_damaged_database_is_not_backed_up(cpdesk_db, tmp_path):
    damaged = damage_pages(cpdesk_db, tmp_path / "damaged.sqlite")

    with pytest.raises(StoreError, match="is damaged .*so cpdesk did not back it up"):
        backups.take_backup(damaged)
    assert backups.backup_files(damaged) == []


def test_the_command_line_backs_up_lists_and_restores(cpdesk_db, tmp_path, capsys):
    assert main(["backup", "--db", str(cpdesk_db), "--to", str(tmp_path / "before-the-board.backup")]) == 0
    first = backdated(cpdesk_db, 3)
    correct_2019(cpdesk_db, 346)
    capsys.readouterr()

    assert main(["restore", "--db", str(cpdesk_db)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith(f"Backups of {cpdesk_db}, newest first")
    assert len(listing) == 3  # today's, taken on opening to correct 2019, and the one three days old
    assert first.name in listing[2] and listing[2].endswith("3 figures")

    assert main(["restore", "2", "--db", str(cpdesk_db)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Restored {cpdesk_db} from '{first.name}' (")
    assert "The file it replaced is backed up as" in said
    assert cpp_counts(cpdesk_db) == [345.0, 563.0]
    assert cpp_counts(tmp_path / "before-the-board.backup") == [345.0, 563.0]
    replaced = backups.backup_files(cpdesk_db)[0]
    assert cpp_counts(replaced) == [346.0, 563.0]  # the corrected file is kept, not lost


def test_a_damaged_database_is_restored_and_kept_as_it_was(cpdesk_db, capsys):
    good = backups.take_backup(cpdesk_db)
    damage_pages(cpdesk_db, cpdesk_db)
    damaged_bytes = cpdesk_db.read_bytes()

    assert main(["restore", good.name, "--db", str(cpdesk_db)]) == 0

    assert "The damaged file it replaced is kept as" in capsys.readouterr().out
    [kept] = backups.folder_of(cpdesk_db).glob("*.damaged")
    assert kept.read_bytes() == damaged_bytes
    assert backups.file_problem(cpdesk_db) is None
    assert cpp_counts(cpdesk_db) == [345.0, 563.0]


def test_a_damaged_backup_is_not_restored(cpdesk_db, tmp_path, capsys):
    good = backups.take_backup(cpdesk_db)
    damage_pages(good, good)
    before = cpdesk_db.read_bytes()

    assert main(["restore", "1", "--db", str(cpdesk_db)]) == 2

    said = capsys.readouterr().err
    assert said.startswith(f"cpdesk: The backup {good} is damaged (") and "so it was not restored" in said
    assert cpdesk_db.read_bytes() == before


def test_a_database_open_in_another_program_is_not_restored(cpdesk_db, capsys):
    good = backups.take_backup(cpdesk_db)
    correct_2019(cpdesk_db, 346)
    other = open_store(cpdesk_db)
    try:
        other.observations()
        assert main(["restore", str(good), "--db", str(cpdesk_db)]) == 2
    finally:
        other.close()

    assert "is open in another program" in capsys.readouterr().err
    assert cpp_counts(cpdesk_db) == [346.0, 563.0]


def test_a_restore_never_replays_the_old_wal_file_onto_the_backup(cpdesk_db, tmp_path):
    good = backups.take_backup(cpdesk_db)
    correct_2019(cpdesk_db, 346)
    leftover = tmp_path / "wal-of-the-corrected-file"
    writer = sqlite3.connect(cpdesk_db)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE observations SET value = 999 WHERE value = 563")
    writer.commit()
    shutil.copyfile(f"{cpdesk_db}-wal", leftover)  # a WAL file left by a program that was killed
    writer.execute("UPDATE observations SET value = 563 WHERE value = 999")
    writer.commit()
    writer.close()
    shutil.copyfile(leftover, f"{cpdesk_db}-wal")

    done = backups.restore(cpdesk_db, good)

    assert cpp_counts(cpdesk_db) == [345.0, 563.0]
    assert cpp_counts(done.previous) == [346.0, 999.0]  # what was replaced, WAL and all
