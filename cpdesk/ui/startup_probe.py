"""The start-up probe: with ``CPDESK_STARTUP_PROBE=<file>`` set, the app writes to that file when its
main window was first painted and which modules were loaded by then, and quits.

``benchmarks/bench_startup.py`` times the real process from spawn to that moment, and
``tests/ui/test_startup_imports.py`` checks that the heavy modules are not yet loaded."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

logger = logging.getLogger(__name__)

PROBE_VARIABLE = "CPDESK_STARTUP_PROBE"


class FirstPaintProbe(QObject):
    """Waits for the window's first paint, then reports once the event loop is free again (the
    painted window has been flushed to the screen by then) and quits the app."""

    def __init__(self, window: QWidget, target: Path):
        super().__init__(window)
        self.target = target
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        record = {"painted_at": time.time(), "modules": sorted(sys.modules)}
        self.target.write_text(json.dumps(record), encoding="utf-8")
        logger.info("start-up probe: first paint reported to %s", self.target)
        QApplication.quit()


def probe_first_paint(window: QWidget) -> FirstPaintProbe | None:
    """Watch ``window`` for its first paint when ``CPDESK_STARTUP_PROBE`` names a file; else nothing."""
    target = os.environ.get(PROBE_VARIABLE)
    return FirstPaintProbe(window, Path(target)) if target else None
