"""What Qt needs from the machine (cpdesk/qt_needs.py): with no display, or one whose X server does not
answer, the window says so in one line and exits 3 (Qt would abort with a message about xcb-cursor0);
with a system library Qt links missing (libGL.so.1), the commands that draw offscreen name it and its
Debian package and exit 3, and the smoke test's failure line says what to install."""

from __future__ import annotations

import importlib.abc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cpdesk import app, qt_needs
from cpdesk.cli import main
from cpdesk.qt_needs import CANNOT_START, display_problem, x_server_answers
from cpdesk.ui.smoke_test import reason

from ..conftest import REPO

ON_LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 platform is Linux's")
NO_LIBGL = "libGL.so.1: cannot open shared object file: No such file or directory"
WARWICKSHIRE = "E10000031"


def unserved_display() -> str:
    """An X display number no server here listens on."""
    number = next(n for n in range(4321, 4400) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    return f":{number}"


# The display --------------------------------------------------------------------------------------------

def test_no_display_is_said_in_one_line_with_what_to_do():
    problem = display_problem({}, answers=lambda _display: pytest.fail("asked a display that is not set"))
    assert problem is not None and "\n" not in problem
    assert "no display" in problem and "DISPLAY is not set" in problem
    assert "on the desktop" in problem and "--help" in problem


def test_a_display_whose_server_does_not_answer_is_named():
    problem = display_problem({"DISPLAY": ":1234"}, answers=lambda _display: False)
    assert problem is not None and "':1234'" in problem and "does not answer" in problem


def test_a_display_that_answers_or_cannot_be_asked_is_no_problem():
    assert display_problem({"DISPLAY": ":0"}, answers=lambda _display: True) is None
    assert display_problem({"DISPLAY": ":0"}, answers=lambda _display: None) is None  # no libxcb to ask


@pytest.mark.parametrize("environ", [
    {"QT_QPA_PLATFORM": "offscreen"}, {"QT_QPA_PLATFORM": "minimal"},
    {"QT_QPA_PLATFORM": "wayland"}, {"WAYLAND_DISPLAY": "wayland-0"},
])
def test_other_platforms_need_no_x_display(environ):
    assert display_problem(environ, answers=lambda _display: False, has_wayland=lambda: True) is None


def test_without_the_wayland_plugin_a_wayland_desktop_needs_x(monkeypatch):
    """The built app leaves the Wayland plugin out, so Qt uses XWayland: DISPLAY must be there."""
    wayland_only = {"WAYLAND_DISPLAY": "wayland-0"}
    assert "DISPLAY is not set" in display_problem(wayland_only, has_wayland=lambda: False)
    assert display_problem({**wayland_only, "DISPLAY": ":0"}, answers=lambda _d: True,
                           has_wayland=lambda: False) is None
    assert display_problem({"QT_QPA_PLATFORM": "xcb;wayland"}, has_wayland=lambda: True) is not None


@ON_LINUX
@pytest.mark.parametrize("carried, platform", [(False, "xcb"), (True, None)], ids=["built", "source"])
def test_a_wayland_desktop_without_the_plugin_asks_qt_for_x11_at_once(carried, platform, monkeypatch):
    plugin = Path("libqwayland.so") if carried else None
    monkeypatch.setattr(app, "platform_plugin_file", lambda name: plugin if name == "wayland" else None)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    app.x11_when_wayland_is_left_out()
    assert os.environ.get("QT_QPA_PLATFORM") == platform


@ON_LINUX
def test_a_display_nobody_serves_does_not_answer():
    if x_server_answers(":0") is None:
        pytest.skip("libxcb.so.1 is not installed")
    assert x_server_answers(unserved_display()) is False


@ON_LINUX
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (Debian/Ubuntu: xvfb)")
def test_a_running_x_server_answers(tmp_path):
    if x_server_answers(":0") is None:
        pytest.skip("libxcb.so.1 is not installed")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp"],
                              pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as said:
            display = f":{said.readline().strip()}"  # written once the server accepts connections
        assert x_server_answers(display) is True
        assert display_problem({"DISPLAY": display}, has_wayland=lambda: False) is None
    finally:
        server.terminate()
        server.wait(timeout=30)


def window_program(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    environment.update(env, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "cpdesk", *args], env=environment, capture_output=True,
                          text=True, timeout=600)


@ON_LINUX
def test_the_window_with_no_display_exits_3_saying_so(tmp_path, monkeypatch):
    monkeypatch.setattr(app, "missing_libraries", lambda _plugin: [])  # whatever this machine lacks
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert app.run_app() == CANNOT_START
    monkeypatch.setenv("DISPLAY", unserved_display())
    assert "does not answer" in app.window_preflight()


@ON_LINUX
def test_the_window_program_with_a_dead_display_exits_3_in_one_line(tmp_path):
    if app.xcb_plugin() is None or x_server_answers(":0") is None:
        pytest.skip("needs Qt's xcb platform and libxcb")
    done = window_program([], DISPLAY=unserved_display(), CPDESK_HOME=str(tmp_path))
    assert done.returncode == CANNOT_START, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and ("does not answer" in lines[0] or "cannot be found" in lines[0])


@ON_LINUX
def test_the_smoke_test_on_a_dead_display_fails_its_platform_check_instead_of_aborting(tmp_path):
    if app.xcb_plugin() is None or x_server_answers(":0") is None:
        pytest.skip("needs Qt's xcb platform and libxcb")
    display = unserved_display()
    done = window_program(["--smoke-test"], QT_QPA_PLATFORM="xcb", DISPLAY=display, CPDESK_HOME=str(tmp_path))
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    [platform_line] = [line for line in done.stdout.splitlines() if "qt platform:" in line]
    assert platform_line.startswith("FAIL") and f"'{display}'" in platform_line
    assert "smoke test FAILED" in done.stdout


# A system library Qt links -------------------------------------------------------------------------------

class LibraryMissing(importlib.abc.MetaPathFinder):
    """Importing the modules named raises what Python raises when Qt's libGL.so.1 is not installed."""

    def __init__(self, *names: str):
        self.names = set(names)

    def find_spec(self, name, path=None, target=None):
        if name in self.names:
            raise ImportError(NO_LIBGL, name=name)
        return None


@pytest.fixture
def demo_copy(demo_db_template, tmp_path) -> str:
    copy = tmp_path / "demo.sqlite"
    copy.write_bytes(demo_db_template.read_bytes())
    return str(copy)


@pytest.fixture
def without_libgl(monkeypatch):
    drawing = ("cpdesk.ui.charts.export", "cpdesk.ui.pdf_pack")
    for name in drawing:
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setattr(sys, "meta_path", [LibraryMissing(*drawing), *sys.meta_path])


def test_a_missing_system_library_is_named_with_its_package():
    message = qt_needs.cannot_load_qt(ImportError(NO_LIBGL), "draw the chart")
    assert message.startswith("cpdesk cannot draw the chart: Qt needs the library libGL.so.1")
    assert message.endswith("sudo apt-get install libgl1")
    assert qt_needs.cannot_load_qt(ImportError("No module named 'x'"), "draw") is None
    assert "install cpdesk (or PySide6) again" in qt_needs.install_hint("libQt6Gui.so.6")


@pytest.mark.parametrize("command, out_name, drawing", [
    (["chart", "--indicator", "cpp_rate"], "trend.png", "draw the chart"),
    (["export", "--format", "pdf"], "pack.pdf", "draw the PDF pack"),
], ids=["chart", "pdf"])
def test_drawing_offscreen_without_libgl_names_it_and_exits_3(command, out_name, drawing, without_libgl,
                                                               demo_copy, tmp_path, capsys):
    out = tmp_path / out_name
    code = main([*command, "--db", demo_copy, "--area", WARWICKSHIRE, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == CANNOT_START
    assert f"cpdesk cannot {drawing}: Qt needs the library libGL.so.1" in err
    assert "sudo apt-get install libgl1" in err and "Traceback" not in err
    assert not out.exists()


def test_the_smoke_tests_failure_line_says_what_to_install():
    said = reason(ImportError(NO_LIBGL))
    assert "libGL.so.1" in said and "sudo apt-get install libgl1" in said
    unrelated = ImportError("cannot import name 'x' from 'y'")
    assert reason(unrelated) == "ImportError: cannot import name 'x' from 'y'"
