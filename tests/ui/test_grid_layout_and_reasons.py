"""The grid as an officer reads it: yearly columns then in-year ones, indicators by their short titles
with the whole title in a tooltip, and an edit's reason for change kept in the figure's history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from cpdesk.store.engine import os_login
from cpdesk.store.records import name_and_login
from cpdesk.ui.grid_model import INDICATORS_MODE
from cpdesk.ui.history_dialog import COLUMNS
from tests.ui.test_data_page import WARWICKSHIRE, ctx, index_of, page  # noqa: F401 - fixtures

TOOLTIP = Qt.ItemDataRole.ToolTipRole


def test_yearly_columns_come_first_and_in_year_ones_after(page):  # noqa: F811
    """Children on CP plans: 31 March counts from 2009 to 2020, and 31 July, 1 September and
    28 February counts from 2013 to 2015, which used to sit between the years."""
    page.set_selection("cpp_count", WARWICKSHIRE)
    model = page.model
    labels = [period.label for period in model.periods]
    in_year = [model.in_year(column) for column in range(model.columnCount())]
    assert in_year == sorted(in_year)  # every in-year column after every yearly one
    assert labels.index("31 Jul 2013") > labels.index("31 Mar 2020")
    assert [label for label, inside in zip(labels, in_year, strict=True) if inside] == \
        ["31 Jul 2013", "31 Jul 2014", "1 Sep 2014", "28 Feb 2015", "31 Jul 2015"]
    yearly = [label for label, inside in zip(labels, in_year, strict=True) if not inside]
    assert all(label.startswith("31 Mar") for label in yearly)
    july = labels.index("31 Jul 2013")
    assert "in-year (31 Jul snapshot)" in model.headerData(july, Qt.Orientation.Horizontal, TOOLTIP)
    assert model.headerData(0, Qt.Orientation.Horizontal, TOOLTIP) is None
    assert "The last 5 columns hold in-year figures, after the yearly ones." in page.caption.text()


def test_indicators_are_named_by_short_titles_with_the_whole_title_in_a_tooltip(page, ctx):  # noqa: F811
    page.mode_combo.setCurrentIndex(page.mode_combo.findData(INDICATORS_MODE))
    model = page.model
    labels = [model.headerData(row, Qt.Orientation.Vertical) for row in range(model.rowCount())]
    assert len(labels) > 5 and len(set(labels)) == len(labels)
    for row, label in enumerate(labels):
        indicator = ctx.schema.get(model.rows[row].code)
        assert label == indicator.short_title
        assert model.headerData(row, Qt.Orientation.Vertical, TOOLTIP) == indicator.title
    combo = page.indicator_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert len(set(texts)) == len(texts)  # never two identical names in the list
    plan_rate = combo.findData("cpp_rate")
    assert combo.itemData(plan_rate, TOOLTIP) == ctx.schema.get("cpp_rate").title
    assert len(texts[plan_rate]) <= 28


def type_into_cell(qtbot, page, index, text):  # noqa: F811
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = next(child for child in page.table.findChildren(QLineEdit) if child.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)


def reasons_in_history(page, index):  # noqa: F811
    dialog = page.open_history(index)
    model = dialog.model
    reasons = [model.index(row, COLUMNS.index("Reason")).data() for row in range(model.rowCount())]
    who = [model.index(row, COLUMNS.index("Who")).data() for row in range(model.rowCount())]
    dialog.close()
    return reasons, who


def test_a_reason_for_change_goes_into_the_history_with_the_edit_and_its_undo(page, ctx, qtbot):  # noqa: F811
    qtbot.mouseClick(page.reason, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.reason, "Corrected after the audit of plans")
    type_into_cell(qtbot, page, index_of(page, WARWICKSHIRE, "31 Mar 2019"), "31.2")
    assert page.reason.text() == ""  # the reason went with that edit, and not with the next
    reasons, who = reasons_in_history(page, index_of(page, WARWICKSHIRE, "31 Mar 2019"))
    assert reasons[-1] == "edit: Corrected after the audit of plans" \
        and who[-1] == name_and_login("A. Officer", os_login())
    ctx.undo_stack.undo()
    reasons, _ = reasons_in_history(page, index_of(page, WARWICKSHIRE, "31 Mar 2019"))
    assert reasons[-1] == "undo of edit: Corrected after the audit of plans"
    type_into_cell(qtbot, page, index_of(page, WARWICKSHIRE, "31 Mar 2019"), "30.1")
    reasons, _ = reasons_in_history(page, index_of(page, WARWICKSHIRE, "31 Mar 2019"))
    assert reasons[-1] == "edit"  # no reason typed this time


def test_the_navigator_names_indicators_by_short_titles_and_finds_them_by_whole_titles(ctx, qtbot):  # noqa: F811
    from cpdesk.ui.navigator import CODE_ROLE, Navigator

    navigator = Navigator(ctx)
    qtbot.addWidget(navigator)
    tree = navigator.indicators_tree
    items = [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
             for j in range(tree.topLevelItem(i).childCount())]
    texts = [item.text(0) for item in items]
    assert len(set(texts)) == len(texts) == len(ctx.schema.indicators)
    re_referrals = next(item for item in items if item.data(0, CODE_ROLE) == "rereferrals_12m_pct")
    indicator = ctx.schema.get("rereferrals_12m_pct")
    assert re_referrals.text(0) == indicator.short_title
    assert re_referrals.toolTip(0).startswith(indicator.title)
    qtbot.keyClicks(navigator.search, "within 12 months")  # words of the whole title only
    assert re_referrals in navigator.matching_items()
