"""The built one-folder app (``python3 dev.py package``), run as an officer or IT would run it.

These run only when ``CPDESK_BUILT_APP`` names the built folder (``.ci/run`` sets it to dist/cpdesk after
the build); without it each says so and is skipped. The commands run on both backends, so the frozen
PostgreSQL driver (psycopg's own libpq) is used for real."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

WARWICKSHIRE = "E10000031"


@pytest.fixture(scope="module")
def built_app() -> Path:
    folder = os.environ.get("CPDESK_BUILT_APP")
    if not folder:
        pytest.skip("no built app named: run python3 dev.py package, then set CPDESK_BUILT_APP=dist/cpdesk")
    app = Path(folder)
    assert (app / program_name("cpdesk-cli")).is_file(), f"{app} holds no cpdesk-cli"
    return app


def program_name(name: str) -> str:
    return f"{name}.exe" if os.name == "nt" else name


def run(app: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **kwargs.pop("env", {})}
    return subprocess.run([str(app / program_name("cpdesk-cli")), *args], env=env, capture_output=True,
                          text=True, timeout=600, **kwargs)


def test_the_console_program_imports_dumps_charts_and_exports(built_app, database, tmp_path):
    sample = SAMPLES / "warwickshire_cp_update_2020.xlsx"
    imported = run(built_app, "import", str(sample), "--db", database, "--council", WARWICKSHIRE, "--yes")
    assert imported.returncode == 0, imported.stderr
    dumped = run(built_app, "dump", "--db", database, "--indicator", "cpp_rate", "--area", WARWICKSHIRE)
    assert dumped.returncode == 0, dumped.stderr
    assert dumped.stdout.startswith("area_code,") and dumped.stdout.count(f"\n{WARWICKSHIRE},") >= 3
    chart = tmp_path / "trend.png"
    charted = run(built_app, "chart", "--db", database, "--indicator", "cpp_rate", "--area", WARWICKSHIRE,
                  "--out", str(chart))
    assert charted.returncode == 0, charted.stderr
    assert chart.read_bytes().startswith(b"\x89PNG")
    board = tmp_path / "board.xlsx"
    exported = run(built_app, "export", "--db", database, "--format", "board", "--out", str(board),
                   "--area", WARWICKSHIRE)
    assert exported.returncode == 0, exported.stderr
    assert board.read_bytes().startswith(b"PK")


def test_the_smoke_test_opens_a_team_database_through_the_built_driver(built_app, pg_url):
    smoke = run(built_app, "--smoke-test", env={"CPDESK_SMOKE_PG": pg_url})
    assert smoke.returncode == 0, smoke.stdout[-3000:] + smoke.stderr[-2000:]
    assert any(line.startswith("ok") and "postgresql" in line for line in smoke.stdout.splitlines())


@pytest.mark.skipif(os.name != "posix", reason="closes the standard streams the POSIX way")
def test_the_windowed_program_without_streams_still_does_a_command(built_app, tmp_path):
    out = tmp_path / "figures.csv"
    db = tmp_path / "cpdesk.sqlite"
    sample = SAMPLES / "warwickshire_cp_update_2020.xlsx"
    windowed = str(built_app / "cpdesk")
    for args in (["import", str(sample), "--db", str(db), "--council", WARWICKSHIRE, "--yes"],
                 ["dump", "--db", str(db), "--out", str(out)]):
        done = subprocess.run([windowed, *args], timeout=600, stdin=subprocess.DEVNULL,
                              capture_output=True, preexec_fn=lambda: [os.close(fd) for fd in (0, 1, 2)])
        assert done.returncode == 0, args
    assert out.read_text().count(f"\n{WARWICKSHIRE},") >= 3
    to_nowhere = subprocess.run([windowed, "dump", "--db", str(db)], timeout=600, stdin=subprocess.DEVNULL,
                                capture_output=True, preexec_fn=lambda: [os.close(fd) for fd in (0, 1, 2)])
    assert to_nowhere.returncode == 2  # its answer is its output, and there is nowhere to write it


def test_the_built_folder_carries_only_the_qt_platforms_cpdesk_uses(built_app):
    """xcb for the desktop, offscreen for the commands and the smoke test, minimal (and Windows' own); not
    wayland, eglfs, vnc or linuxfb, nor QtNetwork, which only vnc and the generic input plugins needed."""
    internal = built_app / "_internal"
    platforms = {path.name.split(".")[0].removeprefix("lib").removeprefix("q")
                 for path in internal.rglob("plugins/platforms/*")}
    assert platforms <= {"xcb", "offscreen", "minimal", "windows", "direct2d"}
    assert "offscreen" in platforms and ({"xcb", "windows"} & platforms)
    assert not list(internal.rglob("plugins/generic/*")) and not list(internal.rglob("plugins/wayland-*"))
    left_out = ("Qt6Network", "Qt6WaylandClient", "Qt6EglFSDeviceIntegration")
    assert not [path for path in internal.rglob("*") if path.name.startswith(left_out)
                or path.name.startswith(tuple(f"lib{name}" for name in left_out))]
    assert not [path for path in internal.rglob("*") if path.is_symlink() and not path.exists()]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 platform is Linux's")
def test_with_no_display_the_built_programs_say_so_instead_of_aborting(built_app, tmp_path):
    """Over SSH, or with an X server that does not answer, Qt's xcb platform would abort (SIGABRT)."""
    dead = next(f":{n}" for n in range(4321, 4400) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    bare = {name: value for name, value in os.environ.items()
            if name not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    home = {"CPDESK_HOME": str(tmp_path)}
    window = subprocess.run([str(built_app / "cpdesk")], env={**bare, **home}, capture_output=True, text=True,
                            timeout=600)
    assert window.returncode == 3 and "there is no display" in window.stderr, window.stderr[-2000:]
    smoke = subprocess.run([str(built_app / "cpdesk-cli"), "--smoke-test"], capture_output=True, text=True,
                           env={**bare, **home, "QT_QPA_PLATFORM": "xcb", "DISPLAY": dead}, timeout=600)
    assert smoke.returncode == 1, smoke.stdout[-2000:] + smoke.stderr[-2000:]
    assert f"FAIL qt platform: cpdesk cannot open its window: the X display '{dead}'" in smoke.stdout
