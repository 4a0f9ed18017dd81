"""Trend series: publisher preference, gaps with statuses, and provenance."""

from __future__ import annotations

import dataclasses

from cpdesk.indicators.areas import load_areas
from cpdesk.query.series import trend_series
from cpdesk.store.records import StoredObservation
from tests.core.test_query_support import (
    ENGLAND,
    TABLE_1_SNAPSHOTS,
    WARWICKSHIRE,
    load_d3,
    table_1_observations,
)


def dfe_copy(observation, value, raw):
    return dataclasses.replace(observation, value=value, status=None, raw=raw, publisher="dfe", source=None)


def test_the_councils_figures_come_first_then_the_dfes():
    local = table_1_observations()
    # The DfE's D5 gives Warwickshire 29.8 for 2019 as well; here it says 30.0 to tell them apart.
    home_2019 = next(o for o in local if o.area_code == WARWICKSHIRE and o.period == TABLE_1_SNAPSHOTS[3])
    series = trend_series([*local, dfe_copy(home_2019, 30.0, "30.0")], "cpp_rate", WARWICKSHIRE)
    assert series.values() == [42.0, 38.8, 49.0, 29.8, 25.1]
    assert {p.publisher for p in series.points} == {"local"}

    preferring_dfe = trend_series([*local, dfe_copy(home_2019, 30.0, "30.0")], "cpp_rate", WARWICKSHIRE,
                                  prefer=("dfe", "local"))
    assert preferring_dfe.values()[3] == 30.0


def test_a_councils_tbc_gives_way_to_a_published_figure():
    local = table_1_observations()
    tbc = next(o for o in local if o.area_code == ENGLAND and o.status == "tbc")
    series = trend_series([*local, dfe_copy(tbc, 41.0, "41.0")], "cpp_rate", ENGLAND)
    assert series.values() == [43.1, 43.3, 45.3, 43.7, 41.0]
    assert series.points[-1].publisher == "dfe"


def test_gaps_keep_their_status_raw_text_and_source():
    series = trend_series(table_1_observations(), "cpp_rate", ENGLAND)
    last = series.points[-1]
    assert (last.value, last.status, last.raw) == (None, "tbc", "TBC")
    assert "Table 1" in last.source
    assert series.latest().value == 43.7


def test_suppressed_dfe_cells_are_gaps_not_zeroes():
    d3 = load_d3()
    suppressed = next(o for o in d3 if o.status == "c" and o.area_code[:3] in ("E06", "E08", "E09", "E10"))
    series = trend_series(d3, "cpp_repeat_pct", suppressed.area_code)
    point = series.at(suppressed.period.key)
    assert point.value is None and point.status == "c" and point.raw == "c"


def test_stored_figures_name_their_area_and_cell():
    period = TABLE_1_SNAPSHOTS[0]
    stored = StoredObservation(
        area_code=WARWICKSHIRE, area_name="Warwickshire", indicator_id="cpp_rate", breakdown="",
        period=period,
        value=42.0, status=None, raw="42.0", publisher="local", source_file="wcc.xlsx", source_sheet="T1",
        source_cell="B3", updated_at="2020-07-01T00:00:00Z", updated_by="officer",
    )
    emptied = stored._replace(period=TABLE_1_SNAPSHOTS[1], value=None, raw=None)
    series = trend_series([stored, emptied], "cpp_rate", WARWICKSHIRE)
    assert series.name == "Warwickshire"
    assert series.values() == [42.0]  # a cell emptied by an undo is not a figure
    assert series.points[0].source == "wcc.xlsx, sheet 'T1', cell B3"


def test_names_come_from_the_area_registry():
    series = trend_series(table_1_observations(), "cpp_rate", "SN-E10000031", load_areas(), role="sn")
    assert series.name == "Warwickshire statistical neighbours"
