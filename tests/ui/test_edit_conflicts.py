"""Two officers editing the same figure, on SQLite and PostgreSQL: the one who saves second is shown both
values in the conflict dialog, whose real buttons are clicked here, and nothing is lost either way.

Figure: Warwickshire's rate of children on a child protection plan at 31 March 2019, 29.8 per 10,000
(its CP update report of 2020, sheet 'CP tables', cell E4, as in the demo database).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from cpdesk.indicators.model import Period
from cpdesk.observation import CellRef, Observation
from cpdesk.store import ImportBatch, open_store
from cpdesk.ui.context import AppContext
from cpdesk.ui.edit_conflict_dialog import Choice, EditConflictDialog
from cpdesk.ui.grid_model import AREAS_MODE, GridModel
from cpdesk.ui.settings import AppSettings

WARWICKSHIRE = "E10000031"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")
REPORT = "warwickshire_cp_update_2020.xlsx"


def rate(value: float) -> Observation:
    return Observation(WARWICKSHIRE, "cpp_rate", MAR_2019, value, raw=f"{value:g}")


@pytest.fixture
def ctx(database, tmp_path, qapp):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.home_council = WARWICKSHIRE
    settings.user_name = "Alice Brown"
    context = AppContext(database, settings)
    reported = Observation(WARWICKSHIRE, "cpp_rate", MAR_2019, 29.8, raw="29.8",
                           source=CellRef(REPORT, "CP tables", "E4"))
    context.store.import_observations(ImportBatch(REPORT, f"C:/returns/{REPORT}", "hash-2020", "Alice Brown",
                                                  [reported]))
    context.select("cpp_rate", WARWICKSHIRE)
    yield context
    context.close()


@pytest.fixture
def grid(ctx):
    model = GridModel(ctx)
    model.load(AREAS_MODE, "cpp_rate", WARWICKSHIRE)
    return model


@pytest.fixture
def colleague(database):
    """Bob, at another desk: his own cpdesk on the same database."""
    with open_store(database) as store:
        yield store


def shown(grid) -> str:
    row = next(i for i, r in enumerate(grid.rows) if r.code == WARWICKSHIRE)
    column = next(i for i, p in enumerate(grid.periods) if p.label == "31 Mar 2019")
    return grid.index(row, column).data()


def type_in(grid, text: str) -> None:
    row = next(i for i, r in enumerate(grid.rows) if r.code == WARWICKSHIRE)
    column = next(i for i, p in enumerate(grid.periods) if p.label == "31 Mar 2019")
    grid.setData(grid.index(row, column), text, Qt.ItemDataRole.EditRole)


def history(ctx) -> list[tuple[float | None, float | None, str]]:
    return [(r.old_value, r.new_value, r.changed_by) for r in ctx.store.history(WARWICKSHIRE, "cpp_rate",
                                                                                 MAR_2019)]


def answer_dialog(qtbot, choice: Choice, seen: dict, screenshot: Path | None = None) -> None:
    """When the conflict dialog opens: note what it shows, then click the button for ``choice``."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EditConflictDialog):
            QTimer.singleShot(20, answer)
            return
        model = dialog.model
        seen["heading"] = dialog.heading.text()
        seen["rows"] = [tuple(model.index(row, column).data() for column in range(model.columnCount()))
                        for row in range(model.rowCount())]
        if screenshot is not None:
            dialog.grab().save(str(screenshot))
        qtbot.mouseClick(dialog.buttons[choice], Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def test_keep_theirs_stores_nothing_of_mine_and_the_grid_shows_theirs(grid, ctx, colleague, qtbot,
                                                                       qtmodeltester, tmp_path):
    assert shown(grid) == "29.8"
    colleague.record_edits([rate(30.1)], "Bob Patel")  # after Alice's grid was read
    seen: dict = {}
    answer_dialog(qtbot, Choice.KEEP_THEIRS, seen, screenshot=tmp_path / "edit_conflict_dialog.png")
    said: list[str] = []
    ctx.status_message.connect(said.append)

    type_in(grid, "31.2")

    figure, theirs, who, _when, yours = seen["rows"][0]
    assert (theirs, yours) == ("30.1", "31.2") and who.startswith("Bob Patel")
    assert "Warwickshire" in figure and "31 Mar 2019" in figure
    assert seen["heading"].startswith("Bob Patel") and "has not been stored" in seen["heading"]
    assert shown(grid) == "30.1"
    assert history(ctx) == [(None, 29.8, "Alice Brown"), (29.8, 30.1, "Bob Patel")]
    assert ctx.undo_stack.count() == 0  # nothing of Alice's to undo
    assert said[-1].startswith("Kept the figure Bob Patel") and "(30.1); yours was not saved." in said[-1]
    assert (tmp_path / "edit_conflict_dialog.png").stat().st_size > 0
    dialog_model = EditConflictDialog(colleague_conflict(ctx), ctx.schema, ctx.areas).model
    qtmodeltester.check(dialog_model)


def colleague_conflict(ctx):
    """The conflict Alice would get for an edit from revision 1 now (for checking the dialog's model)."""
    from cpdesk.store.records import EditConflict

    try:
        ctx.store.record_edits([rate(31.2)], "Alice Brown", expected={rate(31.2).key: 1})
    except EditConflict as conflict:
        return conflict
    raise AssertionError("no conflict")


def test_save_mine_stores_over_theirs_keeping_both_and_undo_puts_theirs_back(grid, ctx, colleague, qtbot):
    colleague.record_edits([rate(30.1)], "Bob Patel")
    answer_dialog(qtbot, Choice.SAVE_MINE, {})

    type_in(grid, "31.2")

    assert shown(grid) == "31.2"
    assert history(ctx) == [(None, 29.8, "Alice Brown"), (29.8, 30.1, "Bob Patel"),
                            (30.1, 31.2, "Alice Brown")]
    ctx.undo_stack.undo()  # what Alice's edit replaced was Bob's 30.1, not the 29.8 she had seen
    assert shown(grid) == "30.1"
    assert history(ctx)[-1] == (31.2, 30.1, "Alice Brown")


def test_an_undo_over_a_colleagues_later_change_asks_and_keep_theirs_leaves_it(grid, ctx, colleague, qtbot):
    type_in(grid, "31.2")
    assert ctx.undo_stack.count() == 1
    colleague.record_edits([rate(30.5)], "Bob Patel")
    seen: dict = {}
    answer_dialog(qtbot, Choice.KEEP_THEIRS, seen)

    ctx.undo_stack.undo()

    assert "Your undo has not been stored" in seen["heading"]
    assert seen["rows"][0][1] == "30.5" and seen["rows"][0][4] == "29.8"
    assert shown(grid) == "30.5"
    assert history(ctx)[-1] == (31.2, 30.5, "Bob Patel")
    assert ctx.undo_stack.count() == 0  # the edit's undo step is gone: there is nothing of it to redo


def test_an_undo_over_a_colleagues_change_with_save_mine_keeps_the_chain_unbroken(grid, ctx, colleague,
                                                                                    qtbot):
    type_in(grid, "31.2")
    colleague.record_edits([rate(30.5)], "Bob Patel")
    answer_dialog(qtbot, Choice.SAVE_MINE, {})

    ctx.undo_stack.undo()

    assert shown(grid) == "29.8"
    assert history(ctx) == [(None, 29.8, "Alice Brown"), (29.8, 31.2, "Alice Brown"),
                            (31.2, 30.5, "Bob Patel"), (30.5, 29.8, "Alice Brown")]


def test_a_redo_over_a_colleagues_change_asks_too(grid, ctx, colleague, qtbot):
    type_in(grid, "31.2")
    ctx.undo_stack.undo()
    colleague.record_edits([rate(30.0)], "Bob Patel")
    seen: dict = {}
    answer_dialog(qtbot, Choice.SAVE_MINE, seen)

    ctx.undo_stack.redo()

    assert seen["rows"][0][1] == "30.0" and seen["rows"][0][4] == "31.2"
    assert shown(grid) == "31.2"
    values = history(ctx)
    for before, after in zip(values, values[1:], strict=False):
        assert after[0] == before[1]  # each change's old value is the previous one's new value


def test_an_edit_nobody_else_touched_asks_nothing(grid, ctx, colleague):
    colleague.record_edits([Observation(WARWICKSHIRE, "cpp_rate", Period(
        "snapshot", dt.date(2018, 3, 31), dt.date(2018, 3, 31), "31 Mar 2018"), 31.0, raw="31")], "Bob Patel")

    type_in(grid, "31.2")  # a modal dialog here would block the test

    assert shown(grid) == "31.2"
    assert ctx.undo_stack.count() == 1


def test_both_figures_in_the_dialog_are_formatted_as_the_grid_formats_them(grid, ctx, colleague, qtbot):
    """Bob typed "30" (the grid shows 30.0, the rate's one decimal); Alice types "31": the dialog and the
    status bar show 30.0 and 31.0, not the texts as typed beside a formatted figure."""
    colleague.record_edits([Observation(WARWICKSHIRE, "cpp_rate", MAR_2019, 30.0, raw="30")], "Bob Patel")
    seen: dict = {}
    answer_dialog(qtbot, Choice.KEEP_THEIRS, seen)
    said: list[str] = []
    ctx.status_message.connect(said.append)

    type_in(grid, "31")

    _figure, theirs, _who, _when, yours = seen["rows"][0]
    assert (theirs, yours) == ("30.0", "31.0")
    assert shown(grid) == theirs
    assert "(30.0); yours was not saved." in said[-1]
