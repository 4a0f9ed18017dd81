"""When no figure can be read, the wizard says so on the Figures found page and lists why there;
the report page shows every message whole; counts read as English; advice to use ``--council`` on
the command line becomes advice for the wizard."""

import openpyxl
import pytest
from PySide6.QtCore import Qt

from cpdesk.read.tables.reader import how_to_give_the_council
from cpdesk.ui.wizard_issues import in_wizard_words
from tests.conftest import SAMPLES
from tests.ui.test_import_wizard import click_next, ctx, open_wizard, read_files  # noqa: F401
from tests.ui.test_import_wizard_council import report_card  # noqa: F401

UNKNOWN_INDICATOR = SAMPLES / "broken_unknown_indicator.xlsx"  # 2 figures and 1 error


@pytest.fixture
def two_councils(report_card):  # noqa: F811
    """A comparison workbook naming two councils, whose one table names neither: no figure has an area."""
    book = openpyxl.load_workbook(report_card)
    book.create_sheet("Cover", 0).append(["Performance comparison: Warwickshire and Oxfordshire"])
    book.save(report_card)
    return report_card


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_nothing_read_is_said_plainly_with_the_errors_on_the_figures_page(qtbot, ctx, two_councils):  # noqa: F811
    wizard = open_wizard(qtbot, ctx, two_councils)
    read_files(qtbot, wizard)
    reading = wizard.reading_page.status_label.text()
    assert reading.startswith("Read 0 figures: 2 errors, 0 warnings, 0 notes.")
    page = wizard.preview_page
    assert page.summary_label.text().startswith("No figures were read from scorecard.xlsx: 2 errors, ")
    assert "Hover" not in page.summary_label.text()
    assert page.table.isHidden() and page.sheet_row.isHidden() and page.issues_panel.isVisible()
    panel = page.issues_panel
    assert panel.model.rowCount() == 2
    assert "cell A3" in panel.detail.text() and panel.detail.text().endswith(
        "name the council in the table's title and import the workbook again.")
    click_row(qtbot, panel.table, 1)
    assert "cell A4" in panel.detail.text() and "--council" not in panel.detail.text()


def test_the_report_page_shows_each_message_whole_in_wizard_words(qtbot, ctx, two_councils):  # noqa: F811
    wizard = open_wizard(qtbot, ctx, two_councils)
    read_files(qtbot, wizard)
    click_next(qtbot, wizard)
    page = wizard.report_page
    assert wizard.currentPage() is page
    assert page.summary_label.text().startswith("2 errors, 0 warnings, 0 notes. Errors must be fixed")
    messages = [page.model.index(row, 5).data() for row in range(page.model.rowCount())]
    assert messages and all("--council" not in m and "..." not in m for m in messages)
    click_row(qtbot, page.table, 1)
    detail = page.panel.detail
    assert detail.text().startswith("Error [no-area]") and detail.text().endswith(messages[1])
    assert detail.wordWrap() and detail.isVisible()


def test_counts_agree_with_their_nouns(qtbot, ctx):  # noqa: F811
    wizard = open_wizard(qtbot, ctx, UNKNOWN_INDICATOR)
    read_files(qtbot, wizard)
    assert wizard.reading_page.status_label.text().startswith("Read 2 figures: 1 error, 0 warnings, 0 notes.")
    assert wizard.preview_page.summary_label.text().startswith("2 figures in 1 table.")
    # The refused row's cell is not among the figures shown: the page says so, and where to look.
    assert wizard.preview_page.summary_label.text().endswith(
        " 1 cell could not be read, and is not shown here: the validation report says why.")
    assert wizard.preview_page.issues_panel.isHidden() and wizard.preview_page.table.isVisible()
    click_next(qtbot, wizard)
    assert wizard.report_page.summary_label.text().startswith("1 error, 0 warnings, 0 notes.")
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    summary = wizard.commit_page.summary_label.text()
    assert "2 figures from 1 file;" in summary and "1 error stops the import until it is fixed" in summary


def test_command_line_advice_becomes_the_wizards_own():
    one = in_wizard_words("The figures have no area. " + how_to_give_the_council({}))
    assert "--council" not in one and "command line" not in one
    assert one.endswith("Choose the council whose figures these are on this wizard's first page "
                        "(press Back to reach it).")
    several = in_wizard_words("The workbook names several councils (Oxfordshire, Warwickshire), so cpdesk "
                              "does not guess whose these are: name the council in the table's title, or "
                              "give its code with --council on the command line.")
    assert several.endswith("name the council in the table's title and import the workbook again.")
    assert "--council" not in in_wizard_words("No area: give --council E10000031 to say whose.")
    assert in_wizard_words("-1,267 is negative.") == "-1,267 is negative."
