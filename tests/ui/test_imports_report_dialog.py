"""A report kept with an import, opened from Imports & history: its counts read as English and the
selected issue is shown whole under the table."""

import re

from PySide6.QtCore import Qt

from tests.ui.test_imports_page import ctx, edit_then_import, make_page  # noqa: F401


def test_the_stored_report_counts_its_issues_and_shows_the_selected_one_whole(qtbot, ctx):  # noqa: F811
    edit_then_import(ctx)
    page = make_page(qtbot, ctx)
    page.table.selectRow(0)
    qtbot.mouseClick(page.open_report_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    texts = [label.text() for label in dialog.findChildren(type(dialog.panel.detail))]
    assert any(re.search(r": \d+ errors?, \d+ warnings?, \d+ notes?\.$", text) for text in texts)
    assert not any("issue(s)" in text for text in texts)
    model, table = dialog.panel.model, dialog.panel.table
    row = next(r for r in range(model.rowCount()) if model.issue_at(r).code == "differs-from-stored")
    where = table.visualRect(model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert dialog.panel.detail.text().endswith(model.issue_at(row).message)
