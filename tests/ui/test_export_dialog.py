"""File > Export on Ctrl+S: what to export and "as at" when, the file name offered, and the export the
officer gets; ``cpdesk export`` without --area is for the home council the app's settings hold."""

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from cpdesk.cli import main
from cpdesk.ui.export_dialog import ExportChoiceDialog
from cpdesk.ui.settings import AppSettings
from tests.ui.test_home_council_and_search import settings, window  # noqa: F401 - fixtures


def export_with_ctrl_s(qtbot, window, choice: str, monkeypatch, as_at: dt.date | None = None,  # noqa: F811
                       save_as: str = "") -> str:
    """Press Ctrl+S, choose ``choice`` (and an "as at" day), and return the file name offered; the
    officer saves to ``save_as`` (or cancels)."""
    offered = []

    def save_dialog(parent, caption, suggested, filters, *args, **kwargs):
        offered.append(suggested)
        return save_as, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportChoiceDialog)
        dialog.kind.setCurrentText(choice)
        if as_at is not None:
            box = dialog.as_at_box
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
            assert dialog.as_at_date.isEnabled()
            dialog.as_at_date.setDate(QDate(as_at.year, as_at.month, as_at.day))
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
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
    assert offered.endswith(expected.format(day=dt.date.today().isoformat()))


def test_an_as_at_day_is_chosen_in_the_dialog_and_the_workbook_holds_its_figures(
        qtbot, window, monkeypatch, tmp_path):  # noqa: F811
    out = tmp_path / "board.xlsx"
    offered = export_with_ctrl_s(qtbot, window, "Board tables with charts (.xlsx)", monkeypatch,
                                 as_at=dt.date(2019, 3, 31), save_as=str(out))
    assert offered.endswith("Warwickshire board tables as at 2019-03-31.xlsx")
    sheet = openpyxl.load_workbook(out)["Report card"]
    periods = {row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] and row[1]}
    assert "2018/19" in periods and not {"2019/20", "2024/25", "31 Mar 2020", "31 Jul 2020"} & periods
    assert "as at 31 March 2019" in window.statusBar().currentMessage()


def test_cli_board_export_without_an_area_uses_the_home_council(demo_db_template, tmp_path, capsys):
    AppSettings().home_council = "E10000031"  # as the first run stores it, under CPDESK_HOME
    out = tmp_path / "board.xlsx"
    code = main(["export", "--db", str(demo_db_template), "--format", "board", "--indicator", "cpp_rate",
                 "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "for Warwickshire" in capsys.readouterr().out
    assert openpyxl.load_workbook(out)["Report card"]["A1"].value.startswith("Warwickshire")
