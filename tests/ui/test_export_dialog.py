"""File > Export on Ctrl+S: the file name offered names the council, what is exported and the day."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QInputDialog

from tests.ui.test_home_council_and_search import settings, window  # noqa: F401 - fixtures


def export_with_ctrl_s(qtbot, window, choice: str, monkeypatch) -> str:  # noqa: F811 - window fixture
    """Press Ctrl+S, choose ``choice`` in the list, and return the file name the save dialog offers."""
    offered = []

    def save_dialog(parent, caption, suggested, filters, *args, **kwargs):
        offered.append(suggested)
        return "", ""  # the officer cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(choice)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, choose)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(offered) == 1
    return offered[0]


@pytest.mark.parametrize(("choice", "expected"), [
    ("Board pack (.pdf)", "Warwickshire board pack {day}.pdf"),
    ("Board tables with charts (.xlsx)", "Warwickshire board tables {day}.xlsx"),
    ("cpdesk format, imports back unchanged (.xlsx)", "Warwickshire cpdesk figures {day}.xlsx"),
])
def test_ctrl_s_exports_and_offers_a_dated_name_with_one_extension(qtbot, window, monkeypatch,  # noqa: F811
                                                                   choice, expected):
    assert window.export_action.shortcut().toString() == "Ctrl+S"
    offered = export_with_ctrl_s(qtbot, window, choice, monkeypatch)
    assert offered == expected.format(day=dt.date.today().isoformat())
