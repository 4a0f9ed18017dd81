"""What an import left out is counted one way wherever it is said: `cpdesk import`, the import wizard's
last page and the Imports page give the same numbers for the same file, each named for what it counts:
cells with errors skipped (the Imports page's "Skipped") and cells with figures not read, never added
together; a figure the file gives twice is stored once and is in neither."""

import re

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from cpdesk import cli
from cpdesk.ui.context import AppContext
from cpdesk.ui.import_wizard import ImportWizard
from tests.ui.windows import settings_in, shown_window

WARWICKSHIRE = "E10000031"
LEFT_OUT = "; 2 cells with errors skipped; 3 cells with figures not read"


@pytest.fixture
def workbook(tmp_path):
    """Warwickshire's children on plans at 31 March 2016-2018 (DfE D5: 473, 439, 561) and section 47
    enquiries (C4: 1,084, 1,290, 1,426): 561 typed as "56l" and 1,290 as -1,290 (errors), a measure cpdesk
    does not keep (not read), and the plans again in a second table (repeats)."""
    path = tmp_path / "cp_return.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "CP"
    years = ["Indicator", "2015/16", "2016/17", "2017/18"]
    plans = "Number of children subject to a child protection plan at 31 March"
    for row in (["Warwickshire County Council: child protection"], [], years, [plans, 473, 439, "56l"],
                ["Section 47 enquiries started", 1084, -1290, 1426],
                ["Adoptions within 12 months", 1084, 1290, 1426], [], ["Table 2"], years,
                [plans, 473, 439, 561]):
        sheet.append(row)
    book.save(path)
    return path


def _without_import_number(line: str) -> str:
    return re.sub(r" \(import \d+\)\.$", ".", line)


def _cli_line(path, db, capsys) -> str:
    assert cli.main(["import", str(path), "--db", str(db), "--yes", "--skip-invalid"]) == 0
    return next(line for line in capsys.readouterr().out.splitlines()
                if line.startswith(f"{path.name}: ") and " added, " in line)


def _wizard_line(qtbot, ctx, path) -> str:
    wizard = ImportWizard(ctx, [path])
    qtbot.addWidget(wizard)
    wizard.show()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.reading_page.isComplete, timeout=20000)
    while wizard.currentPage() is not wizard.commit_page:
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    commit = wizard.commit_page
    box = commit.skip_invalid
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # its tick box
    assert box.isChecked()
    qtbot.mouseClick(commit.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(commit.isComplete, timeout=20000)
    return commit.result_label.text()


def test_the_command_line_the_wizard_and_the_imports_page_count_alike(qtbot, workbook, tmp_path, capsys):
    said = _without_import_number(_cli_line(workbook, tmp_path / "cli.sqlite", capsys))
    assert said == f"cp_return.xlsx: 5 added, 0 changed, 0 unchanged{LEFT_OUT}."

    ctx = AppContext(tmp_path / "app.sqlite", settings_in(tmp_path, WARWICKSHIRE))
    try:
        assert _without_import_number(_wizard_line(qtbot, ctx, workbook)) == said
        window = shown_window(qtbot, ctx)
        window.tabs.setCurrentWidget(window.pages["Imports & history"])
        model = window.pages["Imports & history"].model
        skipped = model.columns.index("Skipped")
        row = next(r for r in range(model.rowCount())
                   if model.index(r, model.DESCRIPTION).data() == workbook.name)
        assert model.index(row, skipped).data() == "2"
        tip = model.headerData(skipped, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith("Cells with errors left out") and "not read" in tip
    finally:
        ctx.close()
