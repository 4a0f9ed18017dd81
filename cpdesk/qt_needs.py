"""What Qt needs from this machine, checked without loading Qt: a display to open a window on, and the
system libraries its modules link.

Qt's own word for either does not say what to do: with no display, or one that does not answer, its X11
(xcb) platform aborts the process with a message about xcb-cursor0; a missing system library surfaces as
``ImportError: libGL.so.1: cannot open shared object file``. These say what is wrong and what to do,
in one plain line, and the caller exits with :data:`CANNOT_START`.
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from cpdesk.errors import CpdeskError

logger = logging.getLogger(__name__)

CANNOT_START = 3  # Qt cannot start here: a system library is missing, or there is no display
PLATFORMS_FOLDER = Path("Qt", "plugins", "platforms")
XCB_LIBRARY = "libxcb.so.1"
_SONAME = re.compile(r"^lib(.+?)\.so\.(\d+)")
_UNLOADABLE = re.compile(r"(\S+\.so(?:\.\d+)*): cannot open shared object file")
IRREGULAR_PACKAGES = {"libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
                      "libGLdispatch.so.0": "libglvnd0"}


class QtCannotStart(CpdeskError):
    """Qt cannot be loaded or cannot open a window here; the message says why and what to do."""


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package a system library is usually in: libxcb-icccm.so.4 -> libxcb-icccm4,
    libxkbcommon-x11.so.0 -> libxkbcommon-x11-0 (a name ending in a digit takes a dash)."""
    match = _SONAME.match(soname)
    if soname in IRREGULAR_PACKAGES or match is None:
        return IRREGULAR_PACKAGES.get(soname, soname)
    name, version = match.group(1).lower(), match.group(2)
    return f"lib{name}{'-' if name[-1].isdigit() else ''}{version}"


def is_qts_own(soname: str) -> bool:
    """Whether ``soname`` is one of the libraries that come with Qt (PySide6), not with the system."""
    return soname.startswith(("libQt6", "libicu", "libpyside6", "libshiboken6"))


def unloadable_library(exc: ImportError) -> str | None:
    """The shared library an ImportError says could not be found (``libGL.so.1``), if it says one."""
    found = _UNLOADABLE.search(str(exc))
    return Path(found.group(1)).name if found else None


def install_hint(soname: str) -> str:
    """What to install for a missing library, in one sentence."""
    if is_qts_own(soname):
        return "Qt's own libraries are missing: install cpdesk (or PySide6) again"
    return f"on Debian or Ubuntu install it with:  sudo apt-get install {debian_package(soname)}"


def cannot_load_qt(exc: ImportError, doing: str) -> str | None:
    """What to tell the officer when loading Qt ``doing`` something ("draw the chart") raised ``exc``
    for lack of a system library; None when ``exc`` names none (a fault to report as it is)."""
    soname = unloadable_library(exc)
    if soname is None:
        return None
    return (f"cpdesk cannot {doing}: Qt needs the library {soname}, which cannot be found; "
            f"{install_hint(soname)}")


# The display -------------------------------------------------------------------------------------------

def qt_plugin_folder() -> Path | None:
    """PySide6's platform plugin folder, found without loading Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / PLATFORMS_FOLDER


def platform_plugin_file(name: str) -> Path | None:
    """The file of Qt's platform plugin ``name`` on Linux (``libqxcb.so``), when this copy carries it."""
    folder = qt_plugin_folder()
    plugin = folder / f"libq{name}.so" if folder is not None else None
    return plugin if plugin is not None and plugin.is_file() else None


def linux_platform(environ: Mapping[str, str], has_wayland: Callable[[], bool]) -> str:
    """The Qt platform a window would open on under Linux: the one ``QT_QPA_PLATFORM`` names first, else
    Wayland on a Wayland desktop when this copy carries its plugin, else X11 (xcb). The built app leaves
    the Wayland plugin out, so there Qt falls back to xcb (XWayland) as it does without the plugin."""
    chosen = re.split(r"[;:]", environ.get("QT_QPA_PLATFORM", ""))[0].strip()
    if chosen:
        return chosen
    return "wayland" if environ.get("WAYLAND_DISPLAY") and has_wayland() else "xcb"


def commands_program() -> str:
    return "cpdesk-cli" if getattr(sys, "frozen", False) else "cpdesk"


def display_problem(environ: Mapping[str, str],
                    answers: Callable[[str], bool | None] | None = None,
                    has_wayland: Callable[[], bool] | None = None) -> str | None:
    """On Linux, why Qt would find no display to open a window on (one line, saying what to do), or None.

    Only X11 is checked: with no ``DISPLAY`` (over SSH, in a scheduled task), or one whose X server does
    not answer (``answers``, by default :func:`x_server_answers`), Qt's xcb platform aborts."""
    wayland = has_wayland or (lambda: platform_plugin_file("wayland") is not None)
    if linux_platform(environ, wayland) != "xcb":
        return None
    display = environ.get("DISPLAY", "")
    what_to_do = (f"run cpdesk on the desktop, or use its commands with {commands_program()} "
                  f"({commands_program()} --help lists them)")
    if not display:
        return (f"cpdesk cannot open its window: there is no display here (DISPLAY is not set, as over SSH "
                f"or in a scheduled task); {what_to_do}.")
    if (answers or x_server_answers)(display) is False:
        return (f"cpdesk cannot open its window: the X display {display!r} (DISPLAY) does not answer; "
                f"{what_to_do}.")
    return None


def x_server_answers(display: str) -> bool | None:
    """Whether the X server ``display`` names accepts a connection (libxcb's xcb_connect, as Qt's would
    connect); None when libxcb cannot be loaded to ask (the missing libraries are reported apart)."""
    try:
        xcb = ctypes.CDLL(XCB_LIBRARY)
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)  # never NULL: an error is a connection too
    try:
        error = xcb.xcb_connection_has_error(connection)
    finally:
        xcb.xcb_disconnect(connection)
    if error:
        logger.info("the X display %s does not answer (xcb_connect error %d)", display, error)
    return error == 0
