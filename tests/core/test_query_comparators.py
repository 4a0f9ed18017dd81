"""Statistical neighbours, region and England as comparators for Warwickshire."""

from __future__ import annotations

import csv
import statistics
from dataclasses import replace

import pytest

from cpdesk.indicators.periods import dfe_reporting_year
from cpdesk.query.comparators import AS_REPORTED, comparator_set, sn_aggregate
from cpdesk.query.observations import ObservationIndex
from tests.core.test_query_support import (
    D3_FILE,
    SHARED,
    SN_WARWICKSHIRE,
    TABLE_1_SNAPSHOTS,
    WARWICKSHIRE,
    load_d3,
    table_1_observations,
)

SN_MODEL = SHARED / "reference" / "sn_model_2025_wide.csv"


def warwickshire_neighbours_2025() -> dict[str, float]:
    """Warwickshire's 10 neighbours (2025 model) and their 2025 D3 figures, read straight from the files."""
    if not SN_MODEL.exists():
        pytest.skip(f"{SN_MODEL} is not available")
    with SN_MODEL.open(encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["old_la_code"] == "937")
    old_codes = {row[f"SN_{n}"] for n in range(1, 11)}
    with D3_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return {
            r["new_la_code"]: float(r["CPP_subsequent_percent"]) for r in csv.DictReader(handle)
            if r["time_period"] == "2025" and r["old_la_code"] in old_codes
        }


@pytest.fixture(scope="module")
def d3():
    return load_d3()


def test_sn_mean_and_median_for_warwickshire_2025(d3, areas):
    expected = warwickshire_neighbours_2025()
    assert len(expected) == 10
    key = dfe_reporting_year(2025).key

    mean = sn_aggregate(d3, WARWICKSHIRE, "cpp_repeat_pct", areas, "mean").computed.at(key)
    median = sn_aggregate(d3, WARWICKSHIRE, "cpp_repeat_pct", areas, "median").computed.at(key)

    assert mean.value == pytest.approx(statistics.fmean(expected.values()))
    assert median.value == pytest.approx(statistics.median(expected.values()))
    assert (mean.n_with_data, mean.n_expected) == (10, 10)
    assert (mean.low, mean.high) == (min(expected.values()), max(expected.values()))


def test_a_neighbour_without_a_figure_is_left_out_and_counted(d3, areas):
    expected = warwickshire_neighbours_2025()
    dropped = sorted(expected)[0]
    period = dfe_reporting_year(2025)
    fewer = [o for o in d3 if not (o.area_code == dropped and o.period == period)]
    point = sn_aggregate(fewer, WARWICKSHIRE, "cpp_repeat_pct", areas).computed.at(period.key)
    rest = [v for code, v in expected.items() if code != dropped]
    assert point.n_with_data == 9
    assert point.value == pytest.approx(statistics.fmean(rest))


def test_the_councils_own_sn_series_is_shown_as_given_and_the_computed_one_kept(areas):
    comparison = sn_aggregate(table_1_observations(), WARWICKSHIRE, "cpp_rate", areas)
    assert comparison.shown is comparison.explicit
    assert comparison.shown.basis == AS_REPORTED
    assert comparison.shown.values() == [39.4, 35.7, 34.4, 34.7, None]
    assert comparison.shown.points[-1].status == "tbc"
    assert comparison.computed.basis.startswith("computed: mean")
    assert comparison.computed.points == ()  # the report holds no neighbour's own figures


def test_without_the_councils_series_the_computed_one_is_shown(d3, areas):
    comparison = sn_aggregate(d3, WARWICKSHIRE, "cpp_repeat_pct", areas)
    assert comparison.explicit is None
    assert comparison.shown is comparison.computed
    assert len(comparison.shown.points) == 13


def test_comparator_set_gives_home_sn_region_and_england(d3, areas):
    index = ObservationIndex(d3)
    found = comparator_set(index, WARWICKSHIRE, "cpp_repeat_pct", areas)
    assert found.home.name == "Warwickshire"
    assert found.region.area_code == "E12000005"  # West Midlands, as published, not a sum of LAs
    key = dfe_reporting_year(2025).key
    assert found.region.at(key).value == 26.7
    assert found.england.at(key).value == 24.5
    assert [s.role for s in found.series()] == ["home", "sn", "region", "england"]


def test_comparator_set_on_the_report_alone_has_no_region(areas):
    found = comparator_set(table_1_observations(), WARWICKSHIRE, "cpp_rate", areas)
    assert found.region is None
    assert found.home.values() == [42.0, 38.8, 49.0, 29.8, 25.1]
    assert found.home.periods == list(TABLE_1_SNAPSHOTS)
    assert found.sn.shown.area_code == SN_WARWICKSHIRE


def test_unknown_aggregate_is_refused(d3, areas):
    with pytest.raises(ValueError, match="how must be"):
        sn_aggregate(d3, WARWICKSHIRE, "cpp_repeat_pct", areas, "mode")


def test_reported_and_computed_neighbour_series_are_both_charted_each_labelled(d3, areas):
    """A council's report gives its neighbours' figure for some years; the DfE's files give every
    neighbour's own. The chart and the board tables keep both lines, neither hiding the other."""
    reported = [replace(o, area_code=f"SN-{WARWICKSHIRE}", publisher="local", value=21.0, raw="21.0")
                for o in d3 if o.area_code == WARWICKSHIRE][-3:]
    found = comparator_set(ObservationIndex([*d3, *reported]), WARWICKSHIRE, "cpp_repeat_pct", areas)
    neighbours = [s for s in found.series() if s.role == "sn"]
    assert [s.basis == AS_REPORTED for s in neighbours] == [True, False]
    assert neighbours[0].name.endswith("(as reported)") and neighbours[1].name.endswith("(mean)")
    assert neighbours[0].values() == [21.0, 21.0, 21.0]
    assert len(neighbours[1].points) == 13
    assert found.sn.shown is found.sn.explicit  # a single figure is still read from the council's own
