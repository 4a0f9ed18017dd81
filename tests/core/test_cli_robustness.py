"""The command line as a process: Ctrl+C, a closed pipe, a folder that refuses a file, unknown names.

Each expected problem is one plain line on stderr and a documented exit code; only bugs give a
traceback. Most tests run ``python -m cpdesk`` in a subprocess, because that is what they are about.
"""

from __future__ import annotations

import csv
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from cpdesk import cli
from cpdesk.cli_commands import interrupted_import_message
from cpdesk.store import open_store
from tests.backends import is_postgresql

from ..conftest import SAMPLES

SAMPLE = SAMPLES / "warwickshire_cp_update_2020.xlsx"
NATIONAL = SAMPLES / "dfe" / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"

REFUSE_FOLDER = """
import errno, os, sys
real_open = os.open
def refuse(path, flags, *args, **kwargs):
    if os.fspath(path).startswith(sys.argv[1]) and flags & os.O_CREAT:
        raise PermissionError(errno.EACCES, "Permission denied", path)
    return real_open(path, flags, *args, **kwargs)
os.open = refuse
from cpdesk.cli import main
sys.exit(main(sys.argv[2:]))
"""


def cpdesk(*argv, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpdesk", *map(str, argv)], capture_output=True,
                          text=True, timeout=180, **kwargs)


def one_plain_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and not lines[0].startswith("cpdesk: cpdesk")
    return lines[0]


# Ctrl+C -----------------------------------------------------------------------------------------------

def test_ctrl_c_in_the_second_file_says_the_first_was_kept(database, tmp_path):
    db, slow = database, tmp_path / "big_national.csv"
    header, *rows = NATIONAL.read_text(encoding="utf-8").splitlines(keepends=True)
    slow.write_text(header + "".join(rows * 12), encoding="utf-8")  # seconds to read
    child = subprocess.Popen([sys.executable, "-m", "cpdesk", "import", "--db", str(db), str(SAMPLE),
                              str(slow), "--yes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    for line in child.stdout:
        if " added, " in line:
            time.sleep(0.3)  # well into reading the second file, which takes seconds
            child.send_signal(signal.SIGINT)
            break
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 130
    assert "Traceback" not in stderr
    assert stderr == (f"cpdesk: interrupted while importing big_national.csv, which was not changed. "
                      f"Imported before it, and kept: {SAMPLE.name}.\n")
    with open_store(db, create=False) as store:
        assert [record.file_name for record in store.imports()] == [SAMPLE.name]


def test_ctrl_c_just_after_a_file_was_stored_says_it_was_kept():
    files = [SAMPLE, NATIONAL, SAMPLES / "tidy_seed_figures.csv"]
    assert interrupted_import_message(files, [0, 0]) == (
        f"interrupted just after importing {NATIONAL.name}, which is kept. So are those before it: "
        f"{SAMPLE.name}. Not started: 1 more file.")
    assert interrupted_import_message(files, [130]) == (
        f"interrupted while importing {SAMPLE.name}; nothing was changed. Not started: 2 more files.")


def test_loading_the_command_line_loads_nothing_heavy():
    """Ctrl+C during start-up is caught in main() only if the module itself imports almost nothing."""
    probe = "import sys, cpdesk.cli; print([m for m in ('sqlalchemy', 'pandas', 'cpdesk.store') " \
            "if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_ctrl_c_while_starting_up_is_one_line(monkeypatch, capsys):
    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    try:
        code = cli.main(["dump"])
    except KeyboardInterrupt:
        pytest.fail("Ctrl+C while starting up escaped main()")
    assert code == 130
    assert capsys.readouterr().err == "cpdesk: interrupted; nothing was changed.\n"


@pytest.mark.parametrize("after_s", [0.1, 0.25, 0.4])
def test_ctrl_c_at_any_moment_of_start_up_gives_no_traceback(tmp_path, after_s):
    child = subprocess.Popen([sys.executable, "-m", "cpdesk", "dump", "--db", str(tmp_path / "x.sqlite")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(after_s)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    # Python's own start-up, before any of cpdesk runs, is not cpdesk's to catch (on a busy machine a
    # signal at 0.1 s can still land there, even in the `site` import of cpdesk's editable-install
    # finder, whose file name holds "cpdesk"); from the first line of cpdesk's own code on, no traceback.
    if "Fatal Python error: init_import_site" in stderr or "Traceback" not in stderr:
        return
    frames = stderr.split("Traceback", 1)[1]
    assert f"{os.sep}cpdesk{os.sep}" not in frames, stderr


# Pipes and unknown names --------------------------------------------------------------------------------

def test_dump_into_a_pipe_that_closes_early_exits_quietly(shared_demo_database):
    child = subprocess.Popen([sys.executable, "-m", "cpdesk", "dump", "--db", shared_demo_database],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout.readline().startswith(b"area_code,")
    child.stdout.close()  # what `head -1` does
    stderr = child.stderr.read().decode()
    assert child.wait(timeout=60) == cli.BROKEN_PIPE
    assert stderr == ""


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--indicator", "nope", "cpdesk: 'nope' is not an indicator cpdesk knows."),
    ("--area", "Narnia", "cpdesk: 'Narnia' is not an area code cpdesk knows."),
])
def test_dump_names_what_it_does_not_know(shared_demo_database, option, value, message):
    result = cpdesk("dump", "--db", shared_demo_database, option, value)
    assert result.returncode == 2
    assert one_plain_line(result.stderr) == message
    assert result.stdout == ""


def test_dump_of_known_names_without_figures_says_so(shared_demo_database):
    result = cpdesk("dump", "--db", shared_demo_database, "--indicator", "cpp_repeat_2y_pct", "--area", "937",
                    "--publisher", "dfe")  # repeat plans within 2 years: the council's own measure
    assert result.returncode == 0
    assert one_plain_line(result.stderr) == ("No figures for cpp_repeat_2y_pct in E10000031 "
                                             "published by the DfE.")
    assert len(result.stdout.splitlines()) == 1


def test_dump_takes_an_old_council_code(shared_demo_database):
    result = cpdesk("dump", "--db", shared_demo_database, "--indicator", "cpp_rate", "--area", "937")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows and {r["area_code"] for r in rows} == {"E10000031"}


# Files that cannot be written ---------------------------------------------------------------------------

def refused(folder, *argv) -> subprocess.CompletedProcess:
    """Run cpdesk as if the operating system refused to create any file in ``folder``."""
    return subprocess.run([sys.executable, "-c", REFUSE_FOLDER, str(folder), *map(str, argv)],
                          capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize("command", [
    ["validate", SAMPLE, "--report", "{out}/report.xlsx"],
    ["history", "--db", "{db}", "--indicator", "cpp_count", "--area", "E10000031",
     "--period", "31 March 2018", "--out", "{out}/history.xlsx"],
    ["export", "--db", "{db}", "--format", "board", "--area", "E10000031", "--out", "{out}/board.xlsx"],
    ["export", "--db", "{db}", "--out", "{out}/figures.csv"],
    ["chart", "--db", "{db}", "--indicator", "cpp_rate", "--area", "E10000031", "--out", "{out}/c.png"],
], ids=["validate", "history", "board", "csv", "chart"])
def test_a_folder_that_refuses_the_file_is_one_line_and_exit_two(tmp_path, shared_demo_database, command):
    out = tmp_path / "shared-drive"
    out.mkdir()
    argv = [str(a).format(out=out, db=shared_demo_database) for a in command]
    result = refused(out, *argv)
    line = one_plain_line(result.stderr)
    assert line.startswith(f"cpdesk: Could not write {out}")
    assert f"you are not allowed to write in the folder {out}" in line
    assert result.returncode == 2
    assert os.listdir(out) == []


def test_validate_report_is_announced_and_readable_by_colleagues(tmp_path):
    report = tmp_path / "report.xlsx"
    previous = os.umask(0o022)
    try:
        result = cpdesk("validate", SAMPLE, "--report", report)
    finally:
        os.umask(previous)
    assert result.returncode == 0
    assert f"Report saved: {report}" in result.stdout.splitlines()
    if os.name == "posix":
        assert stat.S_IMODE(report.stat().st_mode) == 0o644


# Wording ------------------------------------------------------------------------------------------------

def test_import_counts_have_thousands_separators(database):
    result = cpdesk("import", "--db", database, NATIONAL, "--yes")
    assert result.returncode == 0
    summary = [line for line in result.stdout.splitlines() if " added, " in line]
    assert summary and "8,507 added" in summary[0], result.stdout


def test_the_export_command_is_described_with_pdf():
    words = " ".join(cpdesk("--help").stdout.split())
    assert "export write stored figures to an Excel workbook, a CSV file or a PDF board pack" in words


def test_a_locked_database_is_waited_for_out_loud_without_log_noise(tmp_path, monkeypatch, capsys):
    import sqlite3

    from cpdesk.store import engine, store

    db = tmp_path / "db.sqlite"
    assert cli.main(["import", "--db", str(db), str(SAMPLE), "--yes"]) == 0
    capsys.readouterr()
    real_make_engine = store.make_engine
    monkeypatch.setattr(store, "make_engine",
                        lambda location, _timeout, **options: real_make_engine(location, 1.5, **options))
    monkeypatch.setattr(engine, "WAIT_NOTICE_AFTER_S", 0.2)
    holder = sqlite3.connect(str(db), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code = cli.main(["import", "--db", str(db), str(NATIONAL), "--yes"])
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0] == f"Waiting for the database {db}: another program is writing to it..."
    assert err[1].startswith(f"cpdesk: The database {db} is locked by another program (cpdesk waited")
    assert len(err) == 2


# Ctrl+C inside the database ------------------------------------------------------------------------------

def ctrl_c_inside_the_store(monkeypatch, *, after_writing: bool, file_name: str) -> None:
    """Press Ctrl+C (a real SIGINT to this process) while ``file_name``'s figures are being written,
    just before its transaction's statements run or just after they ran, before the commit."""
    from cpdesk.store import writes

    real = writes.import_observations

    def pressed(conn, batch, reason):
        if batch.file_name == file_name and not after_writing:
            os.kill(os.getpid(), signal.SIGINT)
        outcome = real(conn, batch, reason)
        if batch.file_name == file_name and after_writing:
            os.kill(os.getpid(), signal.SIGINT)
        return outcome

    monkeypatch.setattr(writes, "import_observations", pressed)


posix_only = pytest.mark.skipif(os.name != "posix", reason="Ctrl+C is held back from the database on POSIX")


@posix_only
def test_ctrl_c_as_a_file_is_committed_says_it_is_kept(database, monkeypatch, capsys):
    db = database
    tidy = SAMPLES / "tidy_seed_figures.csv"
    ctrl_c_inside_the_store(monkeypatch, after_writing=True, file_name=tidy.name)
    code = cli.main(["import", "--db", str(db), str(SAMPLE), str(tidy), str(NATIONAL), "--yes"])
    err = capsys.readouterr().err
    assert code == 130
    assert err == (f"cpdesk: interrupted just after importing {tidy.name}, which is kept. So are those "
                   f"before it: {SAMPLE.name}. Not started: 1 more file.\n")
    with open_store(db, create=False) as store:
        assert sorted(r.file_name for r in store.imports()) == sorted([SAMPLE.name, tidy.name])


@posix_only
def test_ctrl_c_inside_a_transaction_rolls_it_back_and_says_nothing_of_that_file_was_stored(
        database, monkeypatch, capsys):
    import sqlite3

    db = database
    tidy = SAMPLES / "tidy_seed_figures.csv"
    ctrl_c_inside_the_store(monkeypatch, after_writing=False, file_name=tidy.name)
    code = cli.main(["import", "--db", str(db), str(SAMPLE), str(tidy), "--yes"])
    err = capsys.readouterr().err
    assert code == 130
    assert err == (f"cpdesk: interrupted while importing {tidy.name}, which was not changed. Imported "
                   f"before it, and kept: {SAMPLE.name}.\n")
    with open_store(db, create=False) as store:
        assert [r.file_name for r in store.imports()] == [SAMPLE.name]
        assert {o.source_file for o in store.observations()} == {SAMPLE.name}  # not one figure of it
    if not is_postgresql(db):
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@posix_only
def test_ctrl_c_is_python_s_own_again_after_a_command(database, capsys):
    assert cli.main(["import", "--db", database, str(SAMPLE), "--yes"]) == 0
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
