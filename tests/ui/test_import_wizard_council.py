"""A council's own report card names no area: the wizard files its figures under the council chosen.

Warwickshire's Table 6 (section 47 enquiries and children on plans, 2018/19 and 2019/20) as a
one-council report card: indicators down the side, years across, no area anywhere.
"""

import openpyxl
import pytest

from tests.conftest import SAMPLES
from tests.ui.test_import_wizard import ctx, open_wizard, read_files  # noqa: F401

WARWICKSHIRE, OXFORDSHIRE = "E10000031", "E10000025"
WARWICKSHIRE_REPORT = SAMPLES / "warwickshire_cp_update_2020.xlsx"


@pytest.fixture
def report_card(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    for row in (["Table 6 - Child Protection Activity"], ["Measure", "2018/19", "2019/20", "RAG"],
                ["Number of S47 Child Protection Investigations initiated", 1205, 1306, "G"],
                ["Number of Children subject to Plans at 31 March", 345, 295, "A"]):
        sheet.append(row)
    path = tmp_path / "scorecard.xlsx"
    book.save(path)
    return path


def test_a_workbook_that_names_its_council_keeps_to_it(qtbot, ctx):  # noqa: F811
    ctx.settings.home_council = OXFORDSHIRE
    wizard = open_wizard(qtbot, ctx, WARWICKSHIRE_REPORT)
    read_files(qtbot, wizard)
    areas = _areas_read(wizard)
    assert WARWICKSHIRE in areas and "SN-E10000031" in areas
    assert OXFORDSHIRE not in areas and "SN-E10000025" not in areas


def _areas_read(wizard) -> set[str]:
    return {o.area_code for plan in wizard.reading_page.prepared.plans for o in plan.observations}


def test_figures_go_to_the_home_council_by_default(qtbot, ctx, report_card):  # noqa: F811
    ctx.settings.home_council = WARWICKSHIRE
    wizard = open_wizard(qtbot, ctx, report_card)
    assert wizard.files_page.council() == WARWICKSHIRE
    read_files(qtbot, wizard)
    assert wizard.preview_page.model.rowCount() == 4
    assert _areas_read(wizard) == {WARWICKSHIRE}
    notes = [i.message for plan in wizard.reading_page.prepared.plans for i in plan.report.issues
             if i.code == "council-assumed"]
    assert notes and "Warwickshire's, your home council" in notes[0]


def test_choosing_another_council_files_the_figures_under_it(qtbot, ctx, report_card):  # noqa: F811
    ctx.settings.home_council = WARWICKSHIRE
    wizard = open_wizard(qtbot, ctx, report_card)
    combo = wizard.files_page.council_combo
    combo.setCurrentIndex(combo.findText("Oxfordshire (931)"))
    assert wizard.files_page.council() == OXFORDSHIRE
    read_files(qtbot, wizard)
    assert _areas_read(wizard) == {OXFORDSHIRE}
    counts = {o.period.label: o.value for plan in wizard.reading_page.prepared.plans
              for o in plan.observations if o.indicator_id == "cpp_count"}
    assert counts == {"31 Mar 2019": 345, "31 Mar 2020": 295}
