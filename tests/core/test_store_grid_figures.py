"""The data grid's narrow read gives exactly the figures of the full ``observations()`` read."""

import datetime as dt

import pytest

from cpdesk.indicators.model import Period
from cpdesk.observation import TOTAL, Observation
from cpdesk.store import open_store
from cpdesk.store.reads import GridFigure
from cpdesk.store.records import StoredObservation

WARWICKSHIRE = "E10000031"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")


@pytest.fixture
def store(demo_database):
    with open_store(demo_database) as opened:
        yield opened


def as_compared(figure: GridFigure | StoredObservation, period: Period) -> tuple:
    return (figure.area_code, figure.indicator_id, period, period.label, figure.publisher, figure.value,
            figure.status, figure.raw, figure.source_file, figure.source_sheet, figure.source_cell,
            figure.updated_at, figure.updated_by)


def full_read(store, **selection) -> list[tuple]:
    return sorted((as_compared(o, o.period) for o in store.observations(breakdown=TOTAL, **selection)),
                  key=repr)


def grid_read(store, **selection) -> list[tuple]:
    found = store.grid_figures(**selection)
    return sorted((as_compared(f, found.periods[f.period_id]) for f in found.figures), key=repr)


@pytest.mark.parametrize("selection", [{"indicator": "cpp_rate"}, {"indicator": "cpp_repeat_pct"},
                                       {"area": WARWICKSHIRE}, {"area": "E92000001"}])
def test_grid_figures_match_the_full_read(store, selection):
    expected = full_read(store, **selection)
    assert len(expected) > 50
    assert grid_read(store, **selection) == expected


def edit(store, area_code: str, value: float | None, status: str | None, raw: str):
    figure = Observation(area_code, "cpp_rate", MAR_2019, value, status, raw=raw)
    return store.record_edits([figure], "A. Officer")


def test_grid_figures_follow_edits_statuses_and_emptied_cells(store):
    edit(store, WARWICKSHIRE, 31.2, None, "31.2")
    edit(store, "E08000025", None, "tbc", "TBC")
    store.undo_import(edit(store, "E06000001", 12.0, None, "12").import_id, "A. Officer")
    expected = full_read(store, indicator="cpp_rate")
    assert any(row[0] == "E08000025" and row[6] == "tbc" for row in expected)
    assert not any(row[0] == "E06000001" and row[2] == MAR_2019 and row[4] == "local" for row in expected)
    assert grid_read(store, indicator="cpp_rate") == expected
