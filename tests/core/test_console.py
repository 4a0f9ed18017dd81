"""The windowed program starts with no stdout/stderr: cpdesk/console.py decides where output goes.

The decision is tested with the Windows calls injected; the Linux fallback is tested for real, in a
Python started with its standard streams closed, as the windowed build starts."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpdesk import console
from cpdesk.cli import main
from cpdesk.console import Action, Console, answer_is_printed, decide, is_command, prepare_streams

REPO = Path(__file__).resolve().parents[2]


class FakeWindows:
    def __init__(self, attaches: bool):
        self.attaches = attaches
        self.attach_calls = 0
        self.opened: list[tuple[str, str]] = []
        self.boxes: list[tuple[str, str]] = []

    def console(self) -> Console:
        return Console(True, self._attach, self._open, lambda title, text: self.boxes.append((title, text)))

    def _attach(self) -> bool:
        self.attach_calls += 1
        return self.attaches

    def _open(self, name: str, mode: str):
        self.opened.append((name, mode))
        return io.StringIO()


@pytest.mark.parametrize("args", [
    ["--version"], ["dump", "--indicator", "cpp_rate"], ["-h"], ["--smoke-test"], ["demo"],
    ["--db", "x.sqlite", "dump"], ["import", "returns.xlsx"], ["--unknown"],
])
def test_commands_are_told_from_opening_the_window(args):
    assert is_command(args)


@pytest.mark.parametrize("args", [
    [], ["--demo"], ["-v"], ["--db", "postgresql://me@server/cpdesk"], ["--db=C:/data/cpdesk.sqlite"],
    ["C:/Users/officer/Documents/return 2025.xlsx"], ["figures.CSV"], ["--demo", "--db", "demo.sqlite"],
])
def test_the_window_and_a_file_to_open_are_not_commands(args):
    assert not is_command(args)


def test_an_existing_file_of_any_name_is_opened_not_run(tmp_path):
    figures = tmp_path / "dump"
    figures.write_text("")
    assert not is_command([str(figures)])


def test_working_streams_are_left_alone_and_nothing_is_attached():
    windows = FakeWindows(attaches=True)
    assert decide(False, True, windows.console()) is Action.KEEP
    assert windows.attach_calls == 0


def test_a_command_on_windows_attaches_to_the_parents_console():
    windows = FakeWindows(attaches=True)
    assert decide(True, True, windows.console()) is Action.ATTACH
    assert windows.attach_calls == 1


def test_a_command_with_no_console_to_attach_to_is_refused():
    assert decide(True, True, FakeWindows(attaches=False).console()) is Action.REFUSE


def test_a_double_click_never_attaches_and_discards_output():
    windows = FakeWindows(attaches=True)
    assert decide(True, False, windows.console()) is Action.DISCARD
    assert windows.attach_calls == 0


def test_a_command_elsewhere_without_streams_discards_output():
    elsewhere = Console(False, lambda: pytest.fail("attached off Windows"), FakeWindows(True)._open,
                        lambda _title, _text: None)
    assert decide(True, True, elsewhere) is Action.DISCARD
    assert decide(True, True, elsewhere, answer_lost=True) is Action.NOWHERE


@pytest.mark.parametrize("args", [
    ["dump"], ["--db", "x.sqlite", "dump", "--indicator", "cpp_rate"], ["history", "--indicator", "x"],
    ["reconcile"], ["pack"], ["db", "status"], ["db", "init", "--print-sql"], ["restore"], ["--version"],
    ["import", "--help"], ["dump", "--outfile"],
])
def test_commands_whose_answer_is_their_output(args):
    assert answer_is_printed(args)


@pytest.mark.parametrize("args", [
    ["dump", "--out", "figures.csv"], ["dump", "--out=figures.csv"], ["history", "--out", "h.xlsx"],
    ["pack", "--load"], ["import", "returns.xlsx"], ["export", "--format", "dfe", "--out", "x.csv"],
    ["chart", "--out", "x.png"], ["demo"], ["backup"], ["restore", "backup.sqlite"], ["db", "upgrade"],
    ["validate", "returns.xlsx"], ["--smoke-test"], [], ["--db", "dump"],
])
def test_commands_that_do_their_work_elsewhere(args):
    assert not answer_is_printed(args)


def test_a_printed_answer_with_no_stdout_exits_2_saying_why(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(sys, "stdout", None)
    elsewhere = Console(False, lambda: False, FakeWindows(True)._open, lambda _title, _text: None)
    assert prepare_streams(["dump", "--indicator", "cpp_rate"], elsewhere) == 2
    said = capsys.readouterr().err
    assert "no standard output" in said and "--out FILE" in said
    assert "cpdesk dump --indicator cpp_rate: there is no standard output" in \
        (tmp_path / "cpdesk-home" / "logs" / "cpdesk.log").read_text()


@pytest.fixture
def no_streams(monkeypatch):
    """Call it in the test itself: pytest puts its own capture back between a fixture and the test."""
    def take_them_away():
        for name in ("stdout", "stderr", "stdin"):
            monkeypatch.setattr(sys, name, None)
    return take_them_away


def test_an_attached_console_becomes_stdout_stderr_and_stdin(no_streams):
    no_streams()
    windows = FakeWindows(attaches=True)
    assert prepare_streams(["--version"], windows.console()) is None
    assert windows.opened == [("CONOUT$", "w"), ("CONOUT$", "w"), ("CONIN$", "r")]
    assert isinstance(sys.stdout, io.StringIO) and isinstance(sys.stderr, io.StringIO)
    assert windows.boxes == []


def test_a_refused_command_shows_the_console_programs_name_and_exits_2(no_streams):
    no_streams()
    windows = FakeWindows(attaches=False)
    assert prepare_streams(["dump"], windows.console()) == 2
    [(title, text)] = windows.boxes
    assert title == "cpdesk" and "cpdesk-cli.exe" in text
    sys.stdout.write("nothing breaks after the box")  # streams are usable while the program exits


def test_a_double_click_gets_streams_that_accept_writes(no_streams, tmp_path):
    no_streams()
    windows = FakeWindows(attaches=True)
    assert prepare_streams([], windows.console()) is None
    print("discarded")
    print("a problem worth keeping", file=sys.stderr)
    log = (tmp_path / "cpdesk-home" / "logs" / "cpdesk.log").read_text()
    assert "stderr: a problem worth keeping" in log
    assert windows.attach_calls == 0 and windows.boxes == []


def test_a_file_that_is_not_there_is_shown_in_a_box_by_the_windowed_program(no_streams, tmp_path):
    no_streams()
    windows = FakeWindows(attaches=True)
    missing = str(tmp_path / "return 2025.xlsx")
    assert prepare_streams([missing], windows.console()) is None  # "Open with cpdesk": the window's
    assert main([missing]) == 2
    [(title, text)] = windows.boxes
    assert title == "cpdesk" and f"there is no file {missing}" in text
    assert f"there is no file {missing}" in (tmp_path / "cpdesk-home" / "logs" / "cpdesk.log").read_text()


def test_stderr_without_a_console_logs_whole_lines_and_the_rest_on_flush(tmp_path):
    stream = console.LoggedLines()
    stream.write("first ")
    stream.write("line\nsecond")
    log = tmp_path / "cpdesk-home" / "logs" / "cpdesk.log"
    assert "stderr: first line" in log.read_text() and "second" not in log.read_text()
    stream.flush()
    assert "stderr: second" in log.read_text()


def test_a_database_password_on_the_command_line_never_reaches_the_log(tmp_path):
    console.log_line("cpdesk dump --db postgresql://sarah:s3cr:et@db.council.local:5432/cpdesk was started")
    stream = console.LoggedLines()
    stream.write("cpdesk: cannot reach postgresql+psycopg://sarah:pw@db/cpdesk\n")
    log = (tmp_path / "cpdesk-home" / "logs" / "cpdesk.log").read_text()
    assert "s3cr" not in log and ":pw@" not in log
    assert "postgresql://sarah:***@db.council.local:5432/cpdesk" in log
    assert "postgresql+psycopg://sarah:***@db/cpdesk" in log


# The real thing on Linux: a Python whose stdin, stdout and stderr are closed, as the windowed build -------

INSTALLED_SCRIPT = ["-c", "import sys; from cpdesk.cli import main; sys.exit(main())"]  # as pip writes it


def run_without_streams(args: list[str], home: Path, closed: tuple[int, ...] = (0, 1, 2),
                        program: tuple[str, ...] = ("-m", "cpdesk")) -> subprocess.CompletedProcess:
    env = {**os.environ, "CPDESK_HOME": str(home), "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, *program, *args], env=env, cwd=REPO, timeout=600,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          preexec_fn=lambda: [os.close(fd) for fd in closed])


pytestmark_posix = pytest.mark.skipif(os.name != "posix", reason="closes the standard streams the POSIX way")


@pytestmark_posix
def test_version_without_streams_exits_2_and_says_why_in_the_log(tmp_path):
    home = tmp_path / "home"
    done = run_without_streams(["--version"], home)
    assert done.returncode == 2
    assert "cpdesk --version: there is no standard output" in (home / "logs" / "cpdesk.log").read_text()


@pytestmark_posix
def test_demo_and_dump_to_a_file_without_streams_do_their_work(tmp_path):
    home = tmp_path / "home"
    db = str(tmp_path / "cpdesk.sqlite")
    assert run_without_streams(["demo", "--db", db], home).returncode == 0
    out = tmp_path / "figures.csv"
    done = run_without_streams(["dump", "--db", db, "--indicator", "cpp_rate", "--out", str(out)], home)
    assert done.returncode == 0
    assert out.read_text().count("\n") > 10


@pytestmark_posix
@pytest.mark.parametrize("program", [("-m", "cpdesk"), INSTALLED_SCRIPT], ids=["built", "installed"])
def test_dump_with_stdout_closed_exits_2_saying_why_and_does_nothing(program, tmp_path):
    """``cpdesk dump >&-`` in a scheduled task: exit 0 having written nothing would look like success."""
    home = tmp_path / "home"
    done = run_without_streams(["dump", "--db", str(tmp_path / "none.sqlite")], home, closed=(1,),
                               program=program)
    assert done.returncode == 2
    assert "no standard output to write the answer to" in done.stderr and "--out FILE" in done.stderr
    assert "there is no standard output" in (home / "logs" / "cpdesk.log").read_text()
    assert not (tmp_path / "none.sqlite").exists()  # nothing was done


@pytestmark_posix
def test_an_error_without_streams_is_logged_with_its_exit_code(tmp_path):
    home = tmp_path / "home"
    done = run_without_streams(["import", "returns.xlsx", "--no-such-option"], home)
    assert done.returncode == 2
    assert "unrecognized arguments: --no-such-option" in (home / "logs" / "cpdesk.log").read_text()
