"""Opening cpdesk with a file ("Open with cpdesk", ``cpdesk FILE.xlsx``): the real app starts, its main
window shows and the import wizard opens on that file."""

from __future__ import annotations

import gc
import logging
import shutil
import sys

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from cpdesk import app as cpdesk_app
from cpdesk import cli
from cpdesk.ui.import_wizard import ImportWizard
from cpdesk.ui.main_window import MainWindow
from cpdesk.ui.settings import AppSettings
from tests.core.db_fixtures import read_only
from tests.ui.windows import WARWICKSHIRE, demo_copy

WORKBOOK = "oxfordshire_paqa_2019.xlsx"


@pytest.fixture
def app_run(qapp, monkeypatch, tmp_path, demo_db_template):
    """cpdesk's real start-up on a copy of the demo database, settled past the first-run questions, with
    the event loop replaced by one that waits for the import wizard and records what it shows."""
    settings = AppSettings()
    settings.home_council = WARWICKSHIRE
    settings.mark_first_run_done()
    (tmp_path / "database").mkdir()
    db = demo_copy(demo_db_template, tmp_path / "database")
    seen: dict = {}

    def run_until_the_wizard_opens(_app) -> int:
        deadline_ms = 3_000  # the wizard opens at the loop's first turn: this is only a margin
        while deadline_ms > 0 and not wizards():
            QApplication.processEvents()
            QApplication.instance().thread().msleep(20)
            deadline_ms -= 20
        shown = QApplication.topLevelWidgets()
        seen["windows"] = [w for w in shown if isinstance(w, MainWindow) and w.isVisible()]
        seen["wizards"] = wizards()
        seen["files"] = [wizard.files_page.paths() for wizard in seen["wizards"]]
        for widget in QApplication.topLevelWidgets():
            widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_until_the_wizard_opens)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app installs its crash handler
    handlers = list(logging.getLogger().handlers)
    looks = (qapp.style().name(), QPalette(qapp.palette()), qapp.windowIcon(), qapp.applicationName())
    yield db, seen
    style, palette, icon, name = looks  # run_app set them for the whole QApplication the tests share
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setWindowIcon(icon)
    qapp.setApplicationName(name)
    for handler in logging.getLogger().handlers[len(handlers):]:  # the app's log file
        logging.getLogger().removeHandler(handler)
        handler.close()
    gc.unfreeze()
    for window in seen.get("windows", []):
        window.deleteLater()  # the wizard with it, its child


def wizards() -> list[ImportWizard]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard) and w.isVisible()]


def test_opening_cpdesk_with_a_workbook_starts_the_import_wizard_on_it(app_run, tmp_path, samples_dir):
    db, seen = app_run
    workbook = tmp_path / "folder with spaces" / WORKBOOK
    workbook.parent.mkdir()
    shutil.copy(samples_dir / WORKBOOK, workbook)
    assert cli.main(["--db", str(db), str(workbook)]) == 0
    assert len(seen["windows"]) == 1
    assert len(seen["wizards"]) == 1, "the import wizard did not open"
    assert seen["files"] == [[workbook]]
    assert seen["wizards"][0].parent() is seen["windows"][0]  # in front of the window, not on its own


def test_opening_cpdesk_without_a_file_opens_no_wizard(app_run, monkeypatch):
    db, seen = app_run
    monkeypatch.setattr(cpdesk_app, "open_when_shown", lambda *_: pytest.fail("asked to open a file"))
    assert cli.main(["--db", str(db)]) == 0
    assert len(seen["windows"]) == 1
    assert seen["wizards"] == []


def test_a_read_only_database_says_why_the_file_cannot_be_imported(app_run, samples_dir, monkeypatch):
    db, seen = app_run
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    with read_only(db.parent):
        assert cli.main(["--db", str(db), str(samples_dir / WORKBOOK)]) == 0
    assert len(seen["windows"]) == 1
    assert seen["wizards"] == []
    assert any("read-only" in text and "imports and edits are off" in text for text in warnings), warnings
