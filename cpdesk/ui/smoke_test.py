"""``cpdesk --smoke-test``: proof that this copy of cpdesk (a build or a checkout) works on this machine.

In a temporary folder (``CPDESK_HOME`` pointed there, so the officer's settings and database are never
touched) it checks that Qt's platform plugin, the PNG image format and a font are really there, that
the packaged resources and sample workbooks are found, builds the demo database, opens the main
window offscreen and visits each page, draws each kind of chart, writes each export and reads it back,
and opens the team database ``CPDESK_SMOKE_PG`` names, if it names one.

Each check prints one line (``ok   charts: ...`` or ``FAIL charts: <reason>``) and logs it; a failure
names the missing module, resource, Qt plugin or font, and the checks that do not need what failed
still run. Qt is imported only once the platform is chosen, so this module's import loads none of it.
This module runs the checks in order and reports them; those that need no state are in
:mod:`cpdesk.ui.smoke_checks`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpdesk import __version__, paths
from cpdesk.errors import CpdeskError
from cpdesk.qt_needs import display_problem, install_hint, unloadable_library
from cpdesk.ui.smoke_checks import (
    SmokeFailure,
    default_platform,
    fonts,
    image_formats,
    image_not_blank,
    opens_back,
    platform_plugin,
    plugin_folders,
    team_status,
    visit_pages,
    window_icon,
)

logger = logging.getLogger(__name__)

PG_VARIABLE = "CPDESK_SMOKE_PG"  # a team database's URL to open as well
OPTIONAL_CHECK = "postgresql"  # tried only when PG_VARIABLE names a database
COUNCIL = "E10000031"  # Warwickshire: the demo council with district figures
INDICATOR = "cpp_rate"
EXPORTED = (INDICATOR, "rereferrals_12m_pct", "referrals_rate")  # enough to run every layout's code, quickly
CHART_KINDS = ("trend", "districts", "rank", "neighbours")
CHART_SIZE = (640, 400)  # on-screen pixels; the PNG is three times as wide
RESOURCE_FILES = ("indicators.toml", "lexicon.toml", "dfe_sources.toml", "personal_columns.toml",
                  "areas/las.csv", "areas/regions.csv", "areas/districts.csv", "areas/neighbours_2025.csv",
                  "areas/population.csv", "areas/aliases.csv", "national/manifest.json",
                  "national/national_pack.csv.gz", "icons/cpdesk.ico", "icons/cpdesk.png")
HARMLESS_QT_MESSAGES = {"This plugin does not support propagateSizeHints()"}
CHECK_LIMIT_S = 120.0  # each check takes a few seconds; one still running after this has hung
HUNG = 1  # the exit code when a check hangs, as when one fails


@dataclass(frozen=True)
class Outcome:
    check: str
    status: str  # "ok", "FAIL" or "skip"
    detail: str

    def line(self) -> str:
        return f"{self.status:<4} {self.check}: {self.detail}"

    @property
    def fails(self) -> bool:
        """A failure, or a check not tried because one it needs failed (the team database is optional)."""
        return self.status == "FAIL" or (self.status == "skip" and self.check != OPTIONAL_CHECK)


def say(line: str, *, problem: bool = False) -> None:
    """Print ``line`` and log it. A windowed build has no stdout (None), or one that cannot be written:
    the log still has it."""
    logger.log(logging.WARNING if problem else logging.INFO, "smoke test: %s", line)
    if sys.stdout is None:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(line, file=sys.stdout, flush=True)


def reason(exc: BaseException) -> str:
    """What went wrong, naming the missing module or file when that is what it was."""
    if isinstance(exc, SmokeFailure | CpdeskError):  # a message written for the officer already
        return str(exc)
    if isinstance(exc, ModuleNotFoundError):
        return f"the module '{exc.name}' is missing ({exc})"
    library = unloadable_library(exc) if isinstance(exc, ImportError) else None
    if library:  # a system library Qt links (libGL.so.1): what to install
        return f"{type(exc).__name__}: {exc}; {install_hint(library)}"
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return f"{exc.filename} is missing"
    return f"{type(exc).__name__}: {exc}"


@contextlib.contextmanager
def scratch_home() -> Iterator[Path]:
    """A temporary folder that is cpdesk's home (settings, database, logs) while the checks run."""
    saved = {name: os.environ.get(name) for name in ("CPDESK_HOME", "CPDESK_DB")}
    with tempfile.TemporaryDirectory(prefix="cpdesk-smoke-", ignore_cleanup_errors=True) as name:
        folder = Path(name)
        os.environ["CPDESK_HOME"] = str(folder / "home")
        os.environ.pop("CPDESK_DB", None)
        try:
            yield folder
        finally:
            for variable, value in saved.items():
                if value is None:
                    os.environ.pop(variable, None)
                else:
                    os.environ[variable] = value


def run_smoke_test() -> int:
    """Run every check; 0 when all pass, 1 otherwise."""
    os.environ.update(offscreen_settings(os.environ, sys.platform))
    started = time.perf_counter()
    how = "frozen build" if getattr(sys, "frozen", False) else f"from {paths.PACKAGE_DIR}"
    say(f"cpdesk {__version__} smoke test ({how})")
    with scratch_home() as folder, qt_messages_logged():
        outcomes = SmokeTest(folder).run_all()
    return summarise(outcomes, time.perf_counter() - started)


@contextlib.contextmanager
def qt_messages_logged() -> Iterator[None]:
    """Qt's own messages go to the log as well as stderr (a windowed build has only the log), but not the
    offscreen platform's word that it cannot resize windows to their hints, which says nothing wrong."""
    try:
        from PySide6.QtCore import qInstallMessageHandler
    except ImportError:  # no Qt at all: the platform check says so
        yield
        return
    previous = qInstallMessageHandler(qt_message)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def qt_message(kind: Any, _context: Any, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    if message in HARMLESS_QT_MESSAGES:
        logger.debug("Qt: %s", message)
        return
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR}
    logger.log(levels.get(kind, logging.CRITICAL), "Qt: %s", message)
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(message, file=sys.stderr, flush=True)


def offscreen_settings(environ: Mapping[str, str], platform: str) -> dict[str, str]:
    """The variables that make Qt draw offscreen, unless the caller chose a platform (a display to test on).

    On Windows Qt's offscreen platform reads fonts with FreeType from one folder (Qt's own lib/fonts,
    which Qt no longer ships) instead of asking Windows: it is given the system's Fonts folder, where
    the windowed app's fonts come from."""
    settings = {"PYQTGRAPH_QT_LIB": environ.get("PYQTGRAPH_QT_LIB") or "PySide6"}
    if environ.get("QT_QPA_PLATFORM"):
        return settings
    settings["QT_QPA_PLATFORM"] = "offscreen"
    if platform == "win32" and not environ.get("QT_QPA_FONTDIR"):
        settings["QT_QPA_FONTDIR"] = str(Path(environ.get("WINDIR") or r"C:\Windows") / "Fonts")
    return settings


def gave_up(check: str, folder: Path) -> None:
    """A check that never returns (a dialog waiting for an answer nobody can give offscreen, a lock held
    elsewhere) ends the smoke test, saying which, rather than leaving it running for ever."""
    say(f"FAIL {check}: no answer after {CHECK_LIMIT_S:.0f} s (the log file has what it was doing)",
        problem=True)
    logger.error("smoke test: %s hung; where each thread was:\n%s", check, thread_stacks())
    say(f"smoke test FAILED: {check} did not finish; the checks after it were not tried", problem=True)
    logging.shutdown()
    shutil.rmtree(folder, ignore_errors=True)
    os._exit(HUNG)


def thread_stacks() -> str:
    frames = sys._current_frames()
    return "\n".join(f"{thread.name}:\n{''.join(traceback.format_stack(frames[thread.ident]))}"
                     for thread in threading.enumerate() if thread.ident in frames)


def summarise(outcomes: list[Outcome], seconds: float) -> int:
    failed = [o.check for o in outcomes if o.status == "FAIL"]
    untried = [o.check for o in outcomes if o.fails and o.status == "skip"]
    if not failed and not untried:
        passed = sum(o.status == "ok" for o in outcomes)
        say(f"smoke test passed: {passed} checks in {seconds:.1f} s")
        return 0
    not_tried = f"; not tried: {', '.join(untried)}" if untried else ""
    say(f"smoke test FAILED: {', '.join(failed)}{not_tried} ({seconds:.1f} s)", problem=True)
    return 1


class SmokeTest:
    """The checks, in order; each later one says which earlier results it needs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.outcomes: list[Outcome] = []
        self.app: Any = None  # the QApplication, once the platform plugin is known to be there
        self.reference: Any = None
        self.demo_db: Path | None = None

    def run_all(self) -> list[Outcome]:
        self.check("qt platform", self.qt_platform)
        self.check("qt image formats", image_formats, needs={"the Qt platform": self.app})
        self.check("fonts", fonts, needs={"the Qt platform": self.app})
        self.check("resources", self.resources)
        self.check("demo database", self.demo_database, needs={"the resources": self.reference})
        drawn = {"the Qt platform": self.app, "the demo database": self.demo_db}
        self.check("main window", self.main_window, needs=drawn)
        self.check("charts", self.charts, needs=drawn)
        self.check("exports", self.exports, needs={"the demo database": self.demo_db})
        self.team_database()
        return self.outcomes

    def check(self, name: str, run: Callable[[], str], needs: dict[str, Any] | None = None) -> None:
        missing = [what for what, have in (needs or {}).items() if have is None]
        if missing:
            self.record(Outcome(name, "skip", f"needs {' and '.join(missing)}"))
            return
        started = time.perf_counter()
        watchdog = threading.Timer(CHECK_LIMIT_S, gave_up, args=(name, self.folder))
        watchdog.daemon = True
        watchdog.start()
        try:
            self.record(Outcome(name, "ok", run()))
        except Exception as exc:  # noqa: BLE001 - any fault is this check's failure; the others still run
            logger.exception("smoke test: %s failed", name)
            self.record(Outcome(name, "FAIL", reason(exc)))
        finally:
            watchdog.cancel()
        logger.info("smoke test: %s took %.2f s", name, time.perf_counter() - started)

    def record(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        say(outcome.line(), problem=outcome.fails)

    # -- Qt ----------------------------------------------------------------------------------------
    def qt_platform(self) -> str:
        """The platform plugin is looked for before Qt is started: without it Qt aborts the process."""
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication

        platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] or default_platform()
        plugin = platform_plugin(platform, plugin_folders())
        no_display = display_problem(os.environ) if sys.platform.startswith("linux") else None
        if no_display:  # Qt would abort the process rather than say so
            raise SmokeFailure(no_display)
        self.app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "cpdesk"])
        QCoreApplication.processEvents()
        return f"{QApplication.platformName()} ({plugin})"

    # -- files -------------------------------------------------------------------------------------
    def resources(self) -> str:
        from cpdesk.demo import demo_files, samples_dir
        from cpdesk.national_pack import shipped_manifest
        from cpdesk.reference import load_reference

        folder = paths.resources_dir()
        missing = [name for name in RESOURCE_FILES if not (folder / name).is_file()]
        if missing:
            raise SmokeFailure(f"missing from {folder}: {', '.join(missing)}")
        samples = samples_dir()
        workbooks = demo_files(samples) if samples.is_dir() else []
        if not workbooks:
            raise SmokeFailure(f"no sample workbooks in {samples}")
        reference = load_reference()
        manifest = shipped_manifest()
        self.reference = reference
        pack = manifest.name if manifest else "no national data pack"
        return (f"{len(reference.schema.indicators)} indicators, {len(reference.areas.all())} areas, {pack} "
                f"in {folder}; {len(workbooks)} sample workbooks in {samples}")

    def demo_database(self) -> str:
        from cpdesk.demo import build_demo

        db = self.folder / "demo.sqlite"
        lines = build_demo(db)
        refused = [line for line in lines if "not imported" in line]
        if refused:
            raise SmokeFailure("; ".join(refused))
        self.demo_db = db
        return f"{len(lines)} imports (the national data pack and the sample workbooks) into {db.name}"

    # -- the window, the charts and the exports -----------------------------------------------------
    def main_window(self) -> str:
        from cpdesk.ui.context import AppContext
        from cpdesk.ui.main_window import MainWindow
        from cpdesk.ui.settings import AppSettings

        icon = window_icon()
        settings = AppSettings()
        settings.home_council = COUNCIL
        ctx = AppContext(str(self.demo_db), settings)
        window = MainWindow(ctx)
        window.setWindowIcon(icon)
        try:
            return f"{visit_pages(self.app, window)}; icon in {len(icon.availableSizes())} sizes"
        finally:
            window.close()
            ctx.close()
            window.deleteLater()
            self.app.processEvents()

    def charts(self) -> str:
        from cpdesk.chart.requests import ChartRequest, ChartSource, build_spec
        from cpdesk.store import open_store
        from cpdesk.ui.charts.export import render_spec_to_file

        with open_store(self.demo_db, create=False) as store:
            source = ChartSource.from_store(store, self.reference)
            specs = {kind: build_spec(source, ChartRequest(INDICATOR, COUNCIL, kind)) for kind in CHART_KINDS}
        for kind, spec in specs.items():
            image_not_blank(render_spec_to_file(spec, self.folder / f"{kind}.png", CHART_SIZE))
        svg = render_spec_to_file(specs["trend"], self.folder / "trend.svg", CHART_SIZE)
        if "<svg" not in svg.read_text(encoding="utf-8", errors="replace"):
            raise SmokeFailure(f"{svg.name} was written but holds no SVG drawing")
        return f"{', '.join(CHART_KINDS)} ({len(specs)} PNG) and trend as SVG"

    def exports(self) -> str:
        from cpdesk.export.service import ExportFormat, ExportRequest, export
        from cpdesk.store import open_store

        wanted = {"board workbook": (ExportFormat.BOARD, "board.xlsx"),
                  "PDF pack": (ExportFormat.PDF, "pack.pdf"),
                  "DfE": (ExportFormat.DFE, "dfe.csv"),
                  "cpdesk": (ExportFormat.CPDESK, "figures.xlsx")}
        written, problems = [], []
        with open_store(self.demo_db, create=False) as store:
            for label, (fmt, name) in wanted.items():
                try:
                    drawer = self.pdf_drawer() if fmt == ExportFormat.PDF else None
                    out = self.folder / name
                    export(ExportRequest(fmt, out, COUNCIL, EXPORTED), self.reference, store,
                           home_council=COUNCIL, draw_pdf=drawer)
                    written.append(f"{label} ({opens_back(out)})")
                except Exception as exc:  # noqa: BLE001 - one export's fault must not hide the others'
                    logger.exception("smoke test: the %s export failed", label)
                    problems.append(f"{label}: {reason(exc)}")
        if problems:
            raise SmokeFailure("; ".join(problems) + (f" (written: {', '.join(written)})" if written else ""))
        return ", ".join(written)

    def pdf_drawer(self) -> Any:
        if self.app is None:
            raise SmokeFailure("not tried: it is drawn with Qt, whose platform failed")
        from cpdesk.ui.pdf_pack import write_pdf_pack

        return write_pdf_pack

    def team_database(self) -> None:
        url = os.environ.get(PG_VARIABLE, "").strip()
        if not url:
            self.record(Outcome(OPTIONAL_CHECK, "skip", f"{PG_VARIABLE} names no team database"))
            return
        self.check(OPTIONAL_CHECK, lambda: team_status(url))
