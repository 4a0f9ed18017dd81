"""File dialogs start in the officer's Documents folder; status messages are never clipped mid-word."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QToolBar

from cpdesk.ui.context import AppContext
from cpdesk.ui.import_wizard_pages import FilesPage
from tests.ui.windows import demo_copy, settings_in, shown_window

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the Documents folder is moved with XDG_DOCUMENTS_DIR")
LONG_REFUSAL = ("Not saved: Children subject to a child protection plan, rate per 10,000 children, "
                "Warwickshire, 31 Mar 2019: 12345 is above the highest rate cpdesk accepts for this "
                "indicator (a rate per 10,000 children cannot be more than 10,000)")


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(folder))
    return folder


@pytest.fixture
def window(qtbot, tmp_path, demo_db_template):
    ctx = AppContext(demo_copy(demo_db_template, tmp_path), settings_in(tmp_path))
    shown = shown_window(qtbot, ctx, (1366, 728))
    yield shown
    shown.close()
    ctx.close()


class DialogAsked:
    """Stands in for a file dialog: records the folder it was opened in and chooses nothing."""

    def __init__(self):
        self.folders: list[str] = []

    def __call__(self, _parent, _caption, folder, *_args, **_kwargs):
        self.folders.append(folder)
        return [] if _caption.startswith(("Import", "Choose")) else "", ""


def test_importing_starts_in_the_documents_folder(qtbot, window, documents, monkeypatch):
    asked = DialogAsked()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", asked)
    button = window.findChild(QToolBar).widgetForAction(window.import_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked.folders == [str(documents)]


def test_the_wizards_add_button_starts_in_the_documents_folder(qtbot, documents, monkeypatch):
    asked = DialogAsked()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", asked)
    page = FilesPage()
    qtbot.addWidget(page)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert asked.folders == [str(documents)]


def test_a_long_message_is_shortened_with_an_ellipsis_and_shown_whole_in_its_tooltip(qtbot, window):
    window.ctx.status_message.emit(LONG_REFUSAL)
    bar = window.statusBar()
    message, summary = bar.message, window.status_label
    qtbot.waitUntil(lambda: message.isVisible() and message.width() > 0)
    assert bar.currentMessage() == LONG_REFUSAL
    shown = message.shown_text()
    assert shown != LONG_REFUSAL and shown.endswith("…")
    assert LONG_REFUSAL.startswith(shown[:-1])
    assert message.fontMetrics().horizontalAdvance(shown) <= message.contentsRect().width()
    assert message.toolTip() == LONG_REFUSAL
    assert message.geometry().right() < summary.geometry().left()  # the message never runs under it
    assert summary.fontMetrics().horizontalAdvance(summary.shown_text()) <= summary.contentsRect().width()
    assert "Warwickshire" in summary.shown_text()  # the summary keeps its start, the council


def test_a_short_message_is_shown_whole_with_no_tooltip(qtbot, window):
    window.ctx.status_message.emit("Saved chart.png")
    message = window.statusBar().message
    qtbot.waitUntil(lambda: message.isVisible())
    assert message.shown_text() == "Saved chart.png" and not message.toolTip()
