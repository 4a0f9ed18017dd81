"""A damaged database is called damaged (and the way back named), a locked one is waited for out loud,
and neither puts SQL or its parameters in the log at WARNING."""

from __future__ import annotations

import logging
import re
import sqlite3
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from cpdesk.reference import load_reference
from cpdesk.store import StoreError, backups, open_store
from cpdesk.store import engine as engine_module
from cpdesk.store.backups import new_backup_path
from cpdesk.store.engine import describe_error, locate, make_engine, notify_long_waits, write_transaction


@pytest.fixture
def cpdesk_db(tmp_path):
    """A small real cpdesk database (areas and indicators only), checkpointed into one file."""
    path = tmp_path / "cpdesk.sqlite"
    reference = load_reference()
    with open_store(path) as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
    return path


def truncated(db, tmp_path):
    copy = tmp_path / "truncated.sqlite"
    data = db.read_bytes()
    copy.write_bytes(data[: len(data) // 2])
    return copy


def with_corrupt_pages(db, tmp_path):
    copy = tmp_path / "corrupt.sqlite"
    data = bytearray(db.read_bytes())
    for offset in range(4096 * 2, len(data), 4096 * 3):
        data[offset:offset + 2048] = b"\xde" * 2048
    copy.write_bytes(bytes(data))
    return copy


def open_error(path) -> str:
    with pytest.raises(StoreError) as caught, open_store(path, create=False) as store:
        store.observations()
    return str(caught.value)


@pytest.mark.parametrize("damage", [truncated, with_corrupt_pages])
def test_a_damaged_database_is_called_damaged_not_a_stranger(cpdesk_db, tmp_path, damage):
    message = open_error(damage(cpdesk_db, tmp_path))
    assert "is damaged" in message
    assert "not a cpdesk database" not in message
    assert "no good backup of it" in message and "your own backups" in message


def test_the_newest_good_backup_is_named_with_its_date(cpdesk_db, tmp_path):
    damaged = truncated(cpdesk_db, tmp_path)
    copy = new_backup_path(damaged)
    copy.parent.mkdir()
    copy.write_bytes(cpdesk_db.read_bytes())
    message = open_error(damaged)
    taken = backups.taken_at(copy)
    assert f"The newest good backup is '{copy.name}' ({taken.day} {taken:%b %Y %H:%M})" in message
    assert "Restore it with `cpdesk restore` or File > Restore backup" in message


def test_a_file_that_is_not_sqlite_is_still_not_a_database(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("minutes of the board meeting\n" * 20)
    message = open_error(text)
    assert "not a cpdesk database (it is not a database file at all)" in message


def test_the_warning_logged_holds_no_sql_parameters(caplog):
    error = sa.exc.OperationalError("INSERT INTO observation (raw) VALUES (?)", ("Child A, 12 Elm Road",),
                                    sqlite3.OperationalError("attempt to write a readonly database"))
    with caplog.at_level(logging.DEBUG, logger="cpdesk.store.engine"):
        describe_error(error, locate("x.sqlite"))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings and all("Elm Road" not in w and "INSERT" not in w for w in warnings)


def test_a_write_that_waits_for_a_lock_says_so_and_how_long(cpdesk_db, monkeypatch):
    monkeypatch.setattr(engine_module, "WAIT_NOTICE_AFTER_S", 0.2)
    heard: list[str] = []
    stop = notify_long_waits(heard.append)
    holder = sqlite3.connect(str(cpdesk_db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    location = locate(cpdesk_db)
    engine = make_engine(location, timeout_s=1.5)
    try:
        with pytest.raises(StoreError) as caught, write_transaction(engine, location):
            pass
    finally:
        stop()
        engine.dispose()
        holder.rollback()
        holder.close()
    assert heard == [f"Waiting for the database {cpdesk_db}: another program is writing to it..."]
    assert re.search(r"locked by another program \(cpdesk waited [12] seconds for it\)", str(caught.value))


def test_a_write_that_gets_the_lock_at_once_says_nothing(cpdesk_db, monkeypatch):
    monkeypatch.setattr(engine_module, "WAIT_NOTICE_AFTER_S", 0.05)
    heard: list[str] = []
    stop = notify_long_waits(heard.append)
    location = locate(cpdesk_db)
    engine = make_engine(location)
    try:
        with write_transaction(engine, location):
            pass
        threading.Event().wait(0.2)  # a timer left running would have fired by now
    finally:
        stop()
        engine.dispose()
    assert heard == []


def test_the_terminal_shows_one_plain_line_for_a_damaged_database(cpdesk_db, tmp_path):
    damaged = with_corrupt_pages(cpdesk_db, tmp_path)
    result = subprocess.run([sys.executable, "-m", "cpdesk", "dump", "--db", str(damaged)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("cpdesk: The database") and "is damaged" in result.stderr
