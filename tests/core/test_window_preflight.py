"""When Qt's X11 platform cannot load, cpdesk names the missing library and exits 3, instead of Qt's
"could not load the Qt platform plugin 'xcb'" and an abort; the README lists every system library
the platform needs on Debian and Ubuntu."""

from __future__ import annotations

import re
import shutil
import sys

import pytest

from cpdesk import app

from ..conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None
                                or app.xcb_plugin() is None, reason="Qt's xcb platform on Linux")
X11_LIBRARIES = re.compile(r"^lib(xcb|X11|xkb|GL|EGL|OpenGL|fontconfig|freetype|glib|dbus)")


def readme_packages() -> set[str]:
    text = " ".join(REPO.joinpath("README.md").read_text().split())
    found = re.search(r"apt-get install ([^`]+)`", text)
    assert found, "README names the packages with an apt-get line"
    return set(found.group(1).split())


def test_the_readme_lists_every_system_library_the_xcb_platform_needs():
    import subprocess

    listed = subprocess.run(["ldd", str(app.xcb_plugin())], capture_output=True, text=True, check=True).stdout
    needed = {line.split()[0] for line in listed.splitlines() if "=>" in line}
    x11 = {name for name in needed if X11_LIBRARIES.match(name)}
    assert {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"} <= x11  # the two a bare Debian lacked
    missing_from_readme = {app.debian_package(name) for name in x11} - readme_packages()
    assert not missing_from_readme


def moved_plugin(tmp_path):
    """A copy of the real plugin away from Qt's libraries: the loader cannot find them, as it cannot find
    a system library that is not installed."""
    copy = tmp_path / "libqxcb.so"
    shutil.copy(app.xcb_plugin(), copy)
    return copy


def test_a_missing_library_is_named(tmp_path):
    missing = app.missing_libraries(moved_plugin(tmp_path))
    assert "libQt6XcbQpa.so.6" in missing
    message = app.cannot_open_window(missing)
    assert "libQt6XcbQpa.so.6" in message and "install PySide6 again" in message


def test_the_app_exits_3_naming_the_library_instead_of_aborting(tmp_path, monkeypatch, capsys):
    plugin = moved_plugin(tmp_path)
    monkeypatch.setattr(app, "xcb_plugin", lambda: plugin)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert app.run_app() == app.CANNOT_START
    assert "cannot open its window" in capsys.readouterr().err
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # drawing offscreen needs no X11 library
    assert app.window_preflight() is None


@pytest.mark.parametrize("soname, package", [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"), ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libglib-2.0.so.0", "libglib2.0-0"), ("libGLdispatch.so.0", "libglvnd0"),
])
def test_a_library_is_named_with_its_debian_package(soname, package):
    assert app.debian_package(soname) == package
    assert "sudo apt-get install " + package in app.cannot_open_window([soname])
