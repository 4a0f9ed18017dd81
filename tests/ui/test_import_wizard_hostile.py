"""The import wizard over hostile files: the same one-line answer as the command line, no crash; and
over a file of thousands of warnings, a summary by rule instead of a row for each."""

import pytest
from PySide6.QtCore import Qt

from cpdesk.issues import SHOWN_PER_RULE, WARNING
from cpdesk.ui.pages.imports_page import ReportDialog
from tests.ui.test_import_wizard import click_next, ctx, open_wizard, read_files  # noqa: F401
from tools.hostile_builders import cells_bomb, far_corner, huge_csv_field, million_rows_csv


@pytest.mark.parametrize(("build", "words"), [
    (far_corner, "is too big for cpdesk to read: sheet 'Return' reaches cell XFD1048576"),
    (cells_bomb, "is too big for cpdesk to read: it inflates to 1,200 MB of XML"),
    (huge_csv_field, "has a cell of more than 131,072 characters (line 3)"),
], ids=["far_corner", "cells_bomb", "huge_field"])
def test_a_hostile_file_is_answered_on_the_reading_page(qtbot, ctx, tmp_path, build, words):  # noqa: F811
    file = build(tmp_path / ("hostile.csv" if build is huge_csv_field else "hostile.xlsx"))
    imports_before = [record.file_name for record in ctx.store.imports()]  # the national data pack
    wizard = open_wizard(qtbot, ctx, file)
    click_next(qtbot, wizard)
    page = wizard.reading_page
    qtbot.waitUntil(lambda: f"'{file.name}'" in page.status_label.text(), timeout=20000)
    assert page.status_label.text().startswith(f"'{file.name}' ") and words in page.status_label.text()
    assert not page.isComplete() and not page.is_running()
    assert [record.file_name for record in ctx.store.imports()] == imports_before


@pytest.fixture
def flood(tmp_path):
    """A valid tidy return of 3,000 figures jumping every month: about 1,700 outlier warnings."""
    return million_rows_csv(tmp_path / "flood.csv", rows=3_000)


def test_thousands_of_warnings_are_listed_as_a_summary_by_rule(qtbot, ctx, flood):  # noqa: F811
    wizard = open_wizard(qtbot, ctx, flood)
    read_files(qtbot, wizard)
    click_next(qtbot, wizard)
    page = wizard.report_page
    warnings = [i for i in page.report().issues if i.code == "outlier-change"]
    assert len(warnings) > 1_000
    model = page.model
    rows = [model.issue_at(row) for row in range(model.rowCount())]
    listed = [issue for issue in rows if issue.code == "outlier-change"]
    assert len(listed) == SHOWN_PER_RULE + 1 and model.rowCount() < 2 * SHOWN_PER_RULE
    summary = listed[0]
    assert summary.severity == WARNING and not summary.cell
    assert summary.message == (f"{len(warnings):,} outlier-change warnings: the first {SHOWN_PER_RULE} are "
                               "listed; all of them are in the report that Save report… writes from the "
                               "validation report page.")
    assert [issue.cell for issue in listed[1:]] == [issue.cell for issue in warnings[:SHOWN_PER_RULE]]
    page.panel.table.setCurrentIndex(model.index(rows.index(summary), 0))
    assert page.panel.detail.text().endswith(summary.message)
    qtbot.mouseClick(page.panel.table.viewport(), Qt.MouseButton.LeftButton)  # a click anywhere: no crash


def test_a_stored_report_of_thousands_of_warnings_opens_summarised(qtbot, ctx, flood):  # noqa: F811
    wizard = open_wizard(qtbot, ctx, flood)
    read_files(qtbot, wizard)
    for _ in range(3):
        click_next(qtbot, wizard)
    commit = wizard.commit_page
    qtbot.mouseClick(commit.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: commit.isComplete() and not commit.is_running(), timeout=20000)
    record = next(r for r in ctx.store.imports() if r.file_name == "flood.csv")
    dialog = ReportDialog(record)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() < 2 * SHOWN_PER_RULE
    assert "when the file is read again in the import wizard" in dialog.model.issue_at(0).message
