"""The wizard's mapping box finds an indicator by any words of its title and shows titles, not ids; the
preview only asks to hover over coloured rows when some row is coloured."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox

from cpdesk.ui.mapping_page import choice_options, words_found
from tests.conftest import SAMPLES
from tests.ui.test_mapping_page import (  # noqa: F401 - ctx is a fixture
    FIGURES,
    PERIODS,
    click_next,
    ctx,
    read_to_preview,
    write_workbook,
)

PLANS_AT_31_MARCH = "Children subject to a child protection plan at 31 March"


def plans_workbook(path):
    """Warwickshire's children on CP plans at 31 March 2016-2020, under a label cpdesk reads."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Warwickshire child protection"])
    sheet.append([])
    sheet.append(["", *(f"31 March {year}" for year in range(2016, 2021))])
    sheet.append(["Children subject to a child protection plan", *FIGURES])
    book.save(path)
    return path


def test_any_words_of_a_title_in_any_order_find_it(ctx):  # noqa: F811
    options = choice_options(ctx.schema, ctx.areas)["indicator"]
    found = words_found("plan protection 31", options)
    assert PLANS_AT_31_MARCH in found
    assert all("plan" in text.lower() and "protection" in text.lower() for text in found)
    assert words_found("cp plans", options)[0] == PLANS_AT_31_MARCH  # its short title finds it too
    assert not any("_" in text for text in found)  # titles, never ids


def test_the_mapping_box_is_answered_by_typing_words_of_the_title(qtbot, ctx, tmp_path):  # noqa: F811
    wizard = read_to_preview(qtbot, ctx, write_workbook(tmp_path / "may.xlsx", PERIODS, FIGURES))
    click_next(qtbot, wizard)
    page = wizard.mapping_page
    table, model = page.table, page.model
    assert model.data(model.index(0, 0)) == "Kids on CP plans"
    assert model.setData(model.index(0, 1), "indicator")
    which = model.index(0, 2)
    table.setCurrentIndex(which)
    table.edit(which)
    editor = table.findChild(QComboBox)
    assert editor is not None and editor.isEditable()
    assert editor.findText("cpp_count") < 0 and editor.findText(PLANS_AT_31_MARCH) >= 0  # titles only
    qtbot.keyClicks(editor.lineEdit(), "protection plan 31 march")
    popup = editor.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    assert PLANS_AT_31_MARCH in shown
    metrics = popup.fontMetrics()  # the list shows each title whole, not cut to the box's width
    assert popup.width() > max(metrics.horizontalAdvance(text) for text in shown)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=popup.visualRect(popup.model().index(shown.index(PLANS_AT_31_MARCH), 0)).center())
    assert editor.currentText() == PLANS_AT_31_MARCH
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert model.choices[0].value == "cpp_count"  # the id is what the mapping profile keeps
    assert model.data(which) == PLANS_AT_31_MARCH  # the title is what the officer reads
    assert table.columnWidth(2) > table.fontMetrics().horizontalAdvance(PLANS_AT_31_MARCH)  # whole
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.isComplete() and page.apply_button.isEnabled(), timeout=20000)
    assert len(wizard.prepared.plans[0].observations) == 5


def test_hover_over_a_coloured_row_only_when_rows_are_coloured(qtbot, ctx, tmp_path):  # noqa: F811
    broken_wizard = read_to_preview(qtbot, ctx, SAMPLES / "broken_count_negative.xlsx")
    broken = broken_wizard.preview_page
    assert broken.model.has_coloured_rows()
    assert "Hover over a coloured row" in broken.summary_label.text()
    clean_wizard = read_to_preview(qtbot, ctx, plans_workbook(tmp_path / "plans.xlsx"))
    clean = clean_wizard.preview_page
    assert not clean.model.has_coloured_rows()
    assert "Hover" not in clean.summary_label.text() and "figures" in clean.summary_label.text()
