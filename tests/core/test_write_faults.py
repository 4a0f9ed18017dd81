"""A full disk, a failing sync or rename, and a killed export, under every file cpdesk writes.

Each write either finishes whole or says in one line that it did not, and the file it would have
replaced is byte for byte what it was. The faults are injected at the operating-system boundary
(``tests/core/disk_faults.py``); the figures are the demo database's, read from the sample workbooks.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest

from cpdesk.export import safe_write
from cpdesk.export.board import write_board_workbook
from cpdesk.export.cpdesk_format import write_cpdesk_format
from cpdesk.export.dfe_format import write_dfe_format
from cpdesk.export.history_export import write_history
from cpdesk.export.safe_write import ExportError, remove_stale_temporaries, write_safely
from cpdesk.export.validation_report import write_validation_report
from cpdesk.pipeline import prepare_import
from cpdesk.reference import load_reference
from cpdesk.store import open_store

from ..conftest import SAMPLES
from .disk_faults import fail_at, fill_disk

WARWICKSHIRE = "E10000031"
PREVIOUS = b"the previous export, which must survive\n"


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def held(demo_db_template):
    """Warwickshire's figures and the history of one of them, as the demo database holds them."""
    with open_store(demo_db_template, create=False) as store:
        figures = store.observations(area=WARWICKSHIRE)
        cell = next(o for o in figures if o.indicator_id == "cpp_count" and o.publisher == "local")
        revisions = store.history(cell.area_code, cell.indicator_id, cell.period)
    assert revisions
    return figures, [(cell, revision) for revision in revisions]


def writers(reference, held, demo_db_template):
    figures, history = held
    report = prepare_import(SAMPLES / "warwickshire_cp_update_2020.xlsx", reference).report
    return {
        "cpdesk.xlsx": lambda out: write_cpdesk_format(figures, out),
        "cpdesk.csv": lambda out: write_cpdesk_format(figures, out),
        "dfe.xlsx": lambda out: write_dfe_format(figures, out, reference.schema, reference.areas),
        "dfe.csv": lambda out: write_dfe_format(figures, out, reference.schema, reference.areas),
        "board.xlsx": lambda out: _board(demo_db_template, out, reference),
        "history.xlsx": lambda out: write_history(history, out),
        "report.xlsx": lambda out: write_validation_report(report, out),
    }


def _board(db: Path, out: Path, reference) -> None:
    with open_store(db, create=False) as store:
        write_board_workbook(store, out, ["cpp_rate", "cpp_count"], WARWICKSHIRE, reference.schema,
                             reference.areas)


WRITERS = ["cpdesk.xlsx", "cpdesk.csv", "dfe.xlsx", "dfe.csv", "board.xlsx", "history.xlsx", "report.xlsx"]


def assert_untouched(folder: Path, target: Path) -> None:
    assert target.read_bytes() == PREVIOUS
    assert sorted(os.listdir(folder)) == [target.name]  # no temporary file left beside it


@pytest.mark.parametrize("share", [0.0, 0.5, 0.98], ids=["no-room", "half", "98pc"])
@pytest.mark.parametrize("name", WRITERS)
def test_a_full_disk_keeps_the_previous_file_and_says_so_in_one_line(tmp_path, reference, held,
                                                                     demo_db_template, monkeypatch,
                                                                     name, share):
    """The disk fills up before the file is whole: with no room at all, or at a share of its size."""
    write = writers(reference, held, demo_db_template)[name]
    write(tmp_path / name)
    whole = (tmp_path / name).stat().st_size
    folder = tmp_path / "share"
    folder.mkdir()
    target = folder / name
    target.write_bytes(PREVIOUS)
    disk = fill_disk(monkeypatch, folder, int(whole * share))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an "Exception ignored" from a writer's file closed late fails
        with pytest.raises(ExportError) as refused:
            write(target)
    monkeypatch.undo()
    assert disk.refused >= 1
    assert str(refused.value) == (f"The disk is full: '{name}' was not written; your previous copy is "
                                  f"unchanged. Free some space in {folder} and try again.")
    assert_untouched(folder, target)


@pytest.mark.parametrize("name", ["cpdesk.xlsx", "dfe.csv", "history.xlsx"])
def test_with_room_enough_the_same_writes_succeed(tmp_path, reference, held, demo_db_template,
                                                  monkeypatch, name):
    """The pretend disk is not what fails: with room, the file is written and replaces the old one."""
    write = writers(reference, held, demo_db_template)[name]
    target = tmp_path / name
    target.write_bytes(PREVIOUS)
    fill_disk(monkeypatch, tmp_path, 50_000_000)
    write(target)
    monkeypatch.undo()
    assert target.read_bytes() != PREVIOUS and target.stat().st_size > 1000
    safe_write.check_whole(str(target), target.suffix)
    assert os.listdir(tmp_path) == [name]


def test_a_first_export_to_a_full_disk_leaves_nothing(tmp_path, reference, held, demo_db_template,
                                                      monkeypatch):
    fill_disk(monkeypatch, tmp_path, 100)
    with pytest.raises(ExportError, match=r"^The disk is full: 'board.xlsx' was not written\. Free some"):
        writers(reference, held, demo_db_template)["board.xlsx"](tmp_path / "board.xlsx")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("call", "error", "message"), [
    ("fsync", errno.ENOSPC, "The disk is full: 'figures.csv' was not written; your previous copy"),
    ("fsync", errno.EIO, "Could not write {target}: input/output error."),
    ("replace", errno.ENOSPC, "The disk is full: 'figures.csv' was not written; your previous copy"),
])
def test_a_sync_or_rename_that_fails_keeps_the_previous_file(tmp_path, held, monkeypatch, call, error,
                                                             message):
    target = tmp_path / "figures.csv"
    target.write_bytes(PREVIOUS)
    refused = fail_at(monkeypatch, safe_write.os, call, error)
    with pytest.raises(ExportError) as caught:
        write_cpdesk_format(held[0], target)
    monkeypatch.undo()
    assert refused
    assert str(caught.value).startswith(message.format(target=target))
    assert_untouched(tmp_path, target)


def test_the_file_is_synced_before_it_replaces_the_old_one(tmp_path, held, monkeypatch):
    order: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(safe_write.os, "fsync", lambda fd: (order.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(safe_write.os, "replace",
                        lambda a, b: (order.append("replace"), real_replace(a, b))[1])
    write_cpdesk_format(held[0], tmp_path / "figures.xlsx")
    monkeypatch.undo()
    expected = ["fsync", "replace", "fsync"] if os.name == "posix" else ["fsync", "replace"]
    assert order == expected  # the file, the rename, then (POSIX) the folder that holds the new name


@pytest.mark.parametrize(("suffix", "content", "whole"), [
    (".pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", True),
    (".pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendo", False),
    (".pdf", b"", False),
    (".png", b"\x89PNG\r\n\x1a\n....IEND\xaeB`\x82", True),
    (".png", b"\x89PNG\r\n\x1a\n....ID", False),
    (".svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>\n", True),
    (".svg", b"<svg xmlns='http://www.w3.org/2000/svg'><g>", False),
    (".xlsx", b"PK\x03\x04 local files, no directory", False),
    (".csv", b"area_code\n", True),
])
def test_a_file_cut_short_is_recognised(tmp_path, suffix, content, whole):
    path = tmp_path / f"out{suffix}"
    path.write_bytes(content)
    if whole:
        safe_write.check_whole(str(path), suffix)
    else:
        with pytest.raises(safe_write.IncompleteFile):
            safe_write.check_whole(str(path), suffix)


def test_a_writer_that_fails_silently_never_replaces_a_good_file(tmp_path, monkeypatch):
    """Qt's PDF writer on a full disk stops writing and reports success: the file is checked."""
    target = tmp_path / "pack.pdf"
    target.write_bytes(PREVIOUS)

    def silent_failure(name: str) -> None:
        Path(name).write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog")

    with pytest.raises(ExportError) as plenty:
        write_safely(target, silent_failure)
    assert str(plenty.value) == ("'pack.pdf' was not written: the PDF stops short after 40 bytes; your "
                                 "previous copy is unchanged. Try again, or choose another folder.")
    monkeypatch.setattr(safe_write.shutil, "disk_usage", lambda _folder: SimpleNamespace(free=4096))
    with pytest.raises(ExportError, match=r"^The disk is full: 'pack.pdf' was not written; your previous"):
        write_safely(target, silent_failure)
    assert_untouched(tmp_path, target)


# Temporary files --------------------------------------------------------------------------------------

def test_the_temporary_file_is_named_for_cpdesk_and_the_target(tmp_path):
    seen: list[str] = []

    def write(name: str) -> None:
        seen.append(os.path.basename(name))
        Path(name).write_text("area_code\n")

    write_safely(tmp_path / "board figures.csv", write)
    assert re.fullmatch(rf"\.~cpdesk-board figures\.[A-Za-z0-9]*-{os.getpid()}\.tmp\.csv", seen[0])


KILLED_EXPORT = """
import os, signal, sys
from cpdesk.export.safe_write import write_safely
def write(name):
    with open(name, "w") as handle:
        handle.write("area_code,value\\n")
        handle.flush()
        os.kill(os.getpid(), signal.SIGKILL)
write_safely(sys.argv[1], write)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_killed_export_leaves_a_temporary_file_the_next_export_removes(tmp_path):
    target = tmp_path / "figures.csv"
    target.write_bytes(PREVIOUS)
    killed = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(target)], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    left = [name for name in os.listdir(tmp_path) if name != target.name]
    assert len(left) == 1 and left[0].startswith(".~cpdesk-figures.") and left[0].endswith(".tmp.csv")
    assert target.read_bytes() == PREVIOUS  # the kill changed nothing
    write_safely(target, lambda name: Path(name).write_text("area_code\n"))
    assert os.listdir(tmp_path) == [target.name]


def test_a_temporary_file_of_an_export_still_running_is_left_alone_until_it_is_an_hour_old(tmp_path):
    host = safe_write._host_tag()
    running = tmp_path / f".~cpdesk-pack.{host}-{os.getppid()}.tmp.pdf"  # pytest's parent: alive
    elsewhere = tmp_path / f".~cpdesk-pack.someoneelsespc-{os.getpid() + 999_999}.tmp.pdf"
    theirs = tmp_path / ".~lock.figures.xlsx#"  # LibreOffice's, not cpdesk's
    for path in (running, elsewhere, theirs):
        path.write_bytes(b"%PDF-")
    assert remove_stale_temporaries(tmp_path) == []
    later = time.time() + safe_write.STALE_AFTER_S + 60
    assert sorted(remove_stale_temporaries(tmp_path, now=later)) == sorted([running.name, elsewhere.name])
    assert os.listdir(tmp_path) == [theirs.name]


def test_ctrl_c_while_writing_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "figures.csv"
    target.write_bytes(PREVIOUS)

    def interrupted(name: str) -> None:
        Path(name).write_text("area_code\n")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_safely(target, interrupted)
    assert_untouched(tmp_path, target)


# The log ----------------------------------------------------------------------------------------------

def test_a_full_disk_under_the_log_costs_one_line_and_the_import_goes_on(tmp_path, monkeypatch, capsys):
    from cpdesk import cli

    logs = tmp_path / "cpdesk-home" / "logs"  # CPDESK_HOME, as conftest sets it
    logs.mkdir(parents=True)
    disk = fill_disk(monkeypatch, logs, 300)
    db = tmp_path / "db.sqlite"
    code = cli.main(["import", "--db", str(db), str(SAMPLES / "warwickshire_cp_update_2020.xlsx"), "--yes"])
    monkeypatch.undo()
    out, err = capsys.readouterr()
    assert code == 0 and "warwickshire_cp_update_2020.xlsx: 182 added, 0 changed" in out
    assert disk.refused == 1  # refused once, then left alone
    assert err == (f"cpdesk: the log file {logs / 'cpdesk.log'} cannot be written (No space left on "
                   "device); nothing more is logged to it in this run.\n")
    with open_store(db, create=False) as store:
        assert [record.file_name for record in store.imports()] == ["warwickshire_cp_update_2020.xlsx"]


def test_the_log_records_an_import_by_its_counts_not_its_figures(tmp_path, reference, caplog):
    import dataclasses
    import logging

    from cpdesk.pipeline import commit_import

    national = SAMPLES / "dfe" / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    with open_store(tmp_path / "db.sqlite") as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        plan = prepare_import(national, reference, store)
        commit_import(plan, store, user="ann")
        revised = [dataclasses.replace(o, value=o.value + 1, raw=f"{o.value + 1}") for o in plan.observations
                   if o.value is not None]
        plan.read.replace_observations(revised)
        plan.file_hash = "revised"
        with caplog.at_level(logging.INFO):
            outcome = commit_import(plan, store, user="ann")
    assert outcome.changed > 5000
    lines = [record.getMessage() for record in caplog.records]
    assert f"imported {national.name}: import {outcome.import_id}: 0 added, {outcome.changed} changed, " \
           f"{outcome.unchanged} unchanged" in lines
    assert max(map(len, lines)) < 300


# Standard output and dump ------------------------------------------------------------------------------

def cpdesk_into(device: str, *argv) -> subprocess.CompletedProcess:
    with open(device, "w") as out:
        return subprocess.run([sys.executable, "-m", "cpdesk", *map(str, argv)], stdout=out,
                              stderr=subprocess.PIPE, text=True, timeout=180)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full is Linux's always-full device")
@pytest.mark.parametrize(("argv", "message"), [
    (["dump", "--db", "{db}"], "cpdesk: the figures were not all written: No space left on device. Use "
                               "--out FILE to write them safely (an earlier file is kept until the new one "
                               "is whole)."),
    (["validate", SAMPLES / "warwickshire_cp_update_2020.xlsx", "--json"],
     "cpdesk: the output could not all be written: No space left on device."),
], ids=["dump", "validate-json"])
def test_output_into_a_full_disk_is_one_line(demo_db_template, argv, message):
    result = cpdesk_into("/dev/full", *[str(a).format(db=demo_db_template) for a in argv])
    assert result.returncode == 2
    assert result.stderr == message + "\n"


def test_dump_out_replaces_the_file_only_when_whole(demo_db_template, tmp_path, monkeypatch, capsys):
    from cpdesk import cli

    share = tmp_path / "share"
    share.mkdir()
    target = share / "figures.csv"
    target.write_bytes(PREVIOUS)
    fill_disk(monkeypatch, share, 2000)
    assert cli.main(["dump", "--db", str(demo_db_template), "--out", str(target), "--area", "937"]) == 2
    monkeypatch.undo()
    assert capsys.readouterr().err == ("cpdesk: The disk is full: 'figures.csv' was not written; your "
                                       f"previous copy is unchanged. Free some space in {share} and try "
                                       "again.\n")
    assert_untouched(share, target)
    assert cli.main(["dump", "--db", str(demo_db_template), "--out", str(target), "--area", "937"]) == 0
    written = capsys.readouterr().out
    assert cli.main(["dump", "--db", str(demo_db_template), "--area", "937"]) == 0
    assert target.read_text(encoding="utf-8") == capsys.readouterr().out  # the same CSV as on stdout
    assert written.startswith("Wrote ") and " figures to " in written


def test_the_fault_injection_script_reads_back_which_files_a_ctrl_c_message_calls_kept():
    """tools/fault_injection.py checks each message against the database: it must read them right."""
    from cpdesk.cli_commands import interrupted_import_message
    from tools.fault_injection import IMPORTED, claimed_kept

    names = [f.name for f in IMPORTED]
    assert claimed_kept(interrupted_import_message(IMPORTED, [130])) == set()
    assert claimed_kept(interrupted_import_message(IMPORTED, [0, 130])) == {names[0]}
    assert claimed_kept(interrupted_import_message(IMPORTED, [0, 0])) == set(names[:2])
    assert claimed_kept(interrupted_import_message(IMPORTED, [0, 1, 0])) == {names[0], names[2]}
    assert claimed_kept("cpdesk: interrupted; nothing was changed.") == set()
