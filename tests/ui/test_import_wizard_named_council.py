"""A workbook that names its council in a title line keeps to it, whatever council the files page shows.

Hampshire's safeguarding update says "Hampshire County Council" only in cell A1, above its tables;
an officer at Warwickshire importing it must not get Hampshire's figures filed as Warwickshire's.
"""

from PySide6.QtCore import Qt

from tests.conftest import SAMPLES
from tests.ui.test_import_wizard import click_next, ctx, open_wizard, read_files  # noqa: F401

HAMPSHIRE, WARWICKSHIRE = "E10000014", "E10000031"
HAMPSHIRE_REPORT = SAMPLES / "hampshire_safeguarding_2015.xlsx"


def test_a_title_line_naming_hampshire_files_nothing_under_warwickshire(qtbot, ctx):  # noqa: F811
    ctx.settings.home_council = WARWICKSHIRE
    wizard = open_wizard(qtbot, ctx, HAMPSHIRE_REPORT)
    assert wizard.files_page.council() == WARWICKSHIRE
    read_files(qtbot, wizard)
    plans = wizard.reading_page.prepared.plans
    assert {o.area_code for plan in plans for o in plan.observations} == {HAMPSHIRE}
    assert wizard.preview_page.model.rowCount() == 72  # the "Feb 2015" year-so-far figures are not read
    notes = [i.message for plan in plans for i in plan.report.issues if i.code == "council-assumed"]
    assert len(notes) == 1 and "Hampshire's" in notes[0] and "not Warwickshire's" in notes[0]

    for _ in range(3):  # report, differences, import
        click_next(qtbot, wizard)
    commit = wizard.commit_page
    qtbot.mouseClick(commit.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(commit.isComplete, timeout=20000)
    assert ctx.store.observations(area=WARWICKSHIRE) == []
    assert len(ctx.store.observations(area=HAMPSHIRE)) == 72
