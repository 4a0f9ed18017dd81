"""The data grid's model over the demo database: layout, display, validation and undoable edits."""

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt

from cpdesk.indicators.model import Period
from cpdesk.ui.context import AppContext
from cpdesk.ui.grid_cells import STATUS_SHOWN, format_value
from cpdesk.ui.grid_model import AREAS_MODE, INDICATORS_MODE, GridModel, _tooltip
from cpdesk.ui.settings import AppSettings

WARWICKSHIRE = "E10000031"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")


@pytest.fixture
def ctx(demo_db_template, tmp_path, qapp):
    db = tmp_path / "db.sqlite"
    db.write_bytes(demo_db_template.read_bytes())
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.home_council = WARWICKSHIRE
    context = AppContext(db, settings)
    context.select("cpp_rate", WARWICKSHIRE)
    yield context
    context.close()


@pytest.fixture
def model(ctx):
    grid = GridModel(ctx)
    grid.load(AREAS_MODE, "cpp_rate", WARWICKSHIRE)
    return grid


def cell(model, area_code, period_label):
    row = next(i for i, r in enumerate(model.rows) if r.code == area_code)
    column = next(i for i, p in enumerate(model.periods) if p.label == period_label)
    return model.index(row, column)


def test_grid_passes_qt_model_tester_in_both_modes(qtmodeltester, model):
    qtmodeltester.check(model)
    model.load(INDICATORS_MODE, area_code=WARWICKSHIRE)
    qtmodeltester.check(model)


def test_warwickshire_cpp_rate_shows_in_its_row_and_column(model):
    index = cell(model, WARWICKSHIRE, "31 Mar 2019")
    assert index.data() == "29.8"
    assert model.headerData(index.row(), Qt.Orientation.Vertical) == "Warwickshire"
    assert model.headerData(index.column(), Qt.Orientation.Horizontal) == "31 Mar 2019"
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)  # names the report the figure came from
    assert "warwickshire_cp_update_2020.xlsx, sheet 'CP tables', cell E4" in tooltip


def test_rows_start_with_home_council_then_comparators(model, ctx):
    codes = [row.code for row in model.rows]
    assert codes[0] == WARWICKSHIRE
    assert "SN-E10000031" in codes and "E92000001" in codes
    districts = {a.code for a in ctx.areas.districts_of(WARWICKSHIRE)}
    assert districts <= set(codes[1:len(districts) + 1])
    in_year = [model.in_year(column) for column in range(model.columnCount())]
    assert in_year == sorted(in_year)  # the yearly columns, then the in-year ones
    for group in (False, True):  # each in time order
        ends = [p.end for p, inside in zip(model.periods, in_year, strict=True) if inside == group]
        assert ends == sorted(ends)


def test_indicator_mode_lists_the_areas_indicators(model):
    model.load(INDICATORS_MODE, area_code=WARWICKSHIRE)
    ids = [row.code for row in model.rows]
    assert "cpp_rate" in ids and "cpp_repeat_pct" in ids
    index = cell(model, "cpp_rate", "31 Mar 2019")
    assert index.data() == "29.8"


def test_typed_figure_is_stored_and_undone_as_revisions(model, ctx):
    index = cell(model, WARWICKSHIRE, "31 Mar 2019")
    assert model.setData(index, "31.2", Qt.ItemDataRole.EditRole)
    assert index.data() == "31.2"
    assert len(ctx.store.history(WARWICKSHIRE, "cpp_rate", MAR_2019)) == 2
    ctx.undo_stack.undo()
    assert index.data() == "29.8"
    history = ctx.store.history(WARWICKSHIRE, "cpp_rate", MAR_2019)
    assert len(history) == 3 and history[-1].reason == "undo of edit"
    ctx.undo_stack.redo()
    assert index.data() == "31.2"


@pytest.mark.parametrize("text, reason", [("abc", "not a number"), ("-3", "negative"),
                                          ("£29.80", "an amount of money"),
                                          ("29.8%", "a percentage, but this figure is a rate per 10,000")])
def test_bad_text_is_refused_with_a_reason(model, ctx, qtbot, text, reason):
    index = cell(model, WARWICKSHIRE, "31 Mar 2019")
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(index, text, Qt.ItemDataRole.EditRole)
    assert reason in refused.args[0]
    assert len(ctx.store.history(WARWICKSHIRE, "cpp_rate", MAR_2019)) == 1
    assert ctx.undo_stack.count() == 0


def test_percentage_over_100_is_refused(model, ctx, qtbot):
    model.load(AREAS_MODE, "cpp_repeat_pct")
    index = model.index(0, 0)
    target = model.target(0, 0)
    before = ctx.store.history(target.area_code, target.indicator_id, target.period)
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(index, "123.4", Qt.ItemDataRole.EditRole)
    assert "123.4%" in refused.args[0] and "percentage" in refused.args[0]
    assert ctx.store.history(target.area_code, target.indicator_id, target.period) == before


def test_typed_status_is_shown_grey_italic(model, ctx):
    index = cell(model, WARWICKSHIRE, "31 Mar 2019")
    assert model.setData(index, "TBC", Qt.ItemDataRole.EditRole)
    assert index.data() == "TBC"
    assert index.data(Qt.ItemDataRole.FontRole).italic()
    stored = ctx.store.stored_values([(WARWICKSHIRE, "cpp_rate", "", *MAR_2019.key, "local")])
    assert next(iter(stored.values())).status == "tbc"


def test_same_value_typed_again_is_not_an_undo_step(model, ctx):
    index = cell(model, WARWICKSHIRE, "31 Mar 2019")
    assert model.setData(index, "29.8", Qt.ItemDataRole.EditRole)
    assert ctx.undo_stack.count() == 0
    assert len(ctx.store.history(WARWICKSHIRE, "cpp_rate", MAR_2019)) == 1


def shown_by_full_read(ctx, mode) -> dict[tuple[str, str], object]:
    """(row code, period label) -> the figure a cell should show, from the full observations() read."""
    if mode == AREAS_MODE:
        stored, code_of = ctx.store.observations(indicator="cpp_rate", breakdown=""), (lambda o: o.area_code)
    else:
        stored, code_of = ctx.store.observations(area=WARWICKSHIRE, breakdown=""), (lambda o: o.indicator_id)
    by_cell: dict[tuple[str, str], dict[str, object]] = {}
    for figure in stored:
        by_cell.setdefault((code_of(figure), figure.period.label), {})[figure.publisher] = figure
    return {key: shown_of(figures) for key, figures in by_cell.items()}


def shown_of(figures: dict[str, object]) -> object:
    """The council's own figure, else the DfE's; for another area, a value before a status."""
    local, dfe = figures.get("local"), figures.get("dfe")
    if local is not None and dfe is not None and local.area_code != WARWICKSHIRE:
        return local if local.value is not None or dfe.value is None else dfe
    return local or dfe


@pytest.mark.parametrize("mode", [AREAS_MODE, INDICATORS_MODE])
def test_every_cell_shows_the_figure_of_the_full_read(model, ctx, mode):
    assert model.setData(cell(model, WARWICKSHIRE, "31 Mar 2019"), "TBC", Qt.ItemDataRole.EditRole)
    model.load(mode, "cpp_rate", WARWICKSHIRE)
    expected = shown_by_full_read(ctx, mode)
    shown = {}
    for r, row in enumerate(model.rows):
        for c, period in enumerate(model.periods):
            index = model.index(r, c)
            if index.data():
                shown[(row.code, period.label)] = (index.data(), index.data(Qt.ItemDataRole.EditRole),
                                                   index.data(Qt.ItemDataRole.ToolTipRole))
    decimals = {indicator.id: indicator.decimals for indicator in ctx.schema}
    assert len(expected) > 50 and shown.keys() == expected.keys()
    for key, figure in expected.items():
        if figure.value is None:
            shown_status = STATUS_SHOWN.get(figure.status, figure.status)  # the DfE's c, x, z, u as written
            texts = (shown_status, figure.raw or shown_status)
        else:
            texts = (format_value(figure.value, decimals[figure.indicator_id]),
                     format_value(figure.value, decimals[figure.indicator_id], False))
        assert shown[key] == (*texts, _tooltip(figure)), key

