"""The report card: one row per indicator with data, from the DfE's figures and the council's."""

from __future__ import annotations

import statistics

import pytest

from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.periods import dfe_reporting_year
from cpdesk.indicators.schema import load_schema
from cpdesk.query.observations import ObservationIndex
from cpdesk.query.report_card import report_card, target_for
from cpdesk.store.records import Target
from tests.core.test_query_comparators import warwickshire_neighbours_2025
from tests.core.test_query_support import WARWICKSHIRE, d3_la_values, load_d3, table_1_observations


@pytest.fixture(scope="module")
def index():
    return ObservationIndex([*load_d3(), *table_1_observations()])


@pytest.fixture(scope="module")
def card(index):
    return report_card(index, WARWICKSHIRE, load_schema(), load_areas())


def test_one_row_per_indicator_with_data_in_schema_order(card):
    assert [row.indicator_id for row in card] == ["cpp_rate", "cpp_repeat_pct"]


def test_repeat_plans_row_from_the_dfe_file(card):
    row = next(r for r in card if r.indicator_id == "cpp_repeat_pct")
    assert row.sparkline == (18.7, 18.6, 23.8, 27.5, 18.3, 17.1, 20.1, 23.0)
    assert [p.label for p in row.sparkline_periods][-1] == "2024/25"
    assert row.latest.value == 23.0 and row.previous.value == 20.1
    assert row.change == 2.9
    assert row.sn_value == pytest.approx(statistics.fmean(warwickshire_neighbours_2025().values()))
    assert row.sn_with_data == 10
    assert row.england == 24.5
    assert row.rag.status == "green"  # 23.0% against the neighbours' 26.3%, lower is better
    assert row.direction == "worsening"  # 20.1% -> 23.0%


def test_cp_rate_row_is_headed_by_the_latest_figure_and_names_its_comparators_periods(card):
    row = next(r for r in card if r.indicator_id == "cpp_rate")
    assert row.sparkline == (42.0, 38.8, 49.0, 29.8, 25.1)
    # The report's neighbours' and England's figures for 31 Mar 2020 are TBC: the row shows 2020 and
    # names 2019 with the comparators, rather than heading the row with 2019.
    assert (row.latest.period.label, row.latest.value) == ("31 Mar 2020", 25.1)
    assert row.change == -4.7
    assert (row.sn_value, row.england) == (None, None)
    assert [(c.role, c.value, c.period.label) for c in row.comparisons] == [
        ("sn_reported", 34.7, "31 Mar 2019"), ("england", 43.7, "31 Mar 2019")]
    assert row.rag.status == "neutral" and row.direction == "n/a"


def test_repeat_plans_row_shows_the_reported_neighbours_and_the_computed_mean_and_median(card):
    row = next(r for r in card if r.indicator_id == "cpp_repeat_pct")
    neighbours = warwickshire_neighbours_2025().values()
    assert row.compared("sn_mean").value == pytest.approx(statistics.fmean(neighbours))
    assert row.compared("sn_median").value == pytest.approx(statistics.median(neighbours))
    assert row.compared("sn_median").same_period and row.compared("sn_reported") is None
    assert row.compared("region").name == "West Midlands"


def test_a_target_decides_the_rag(index):
    target = Target(WARWICKSHIRE, "cpp_repeat_pct", "", None, 20.0, 2.0, "officer", "2025-04-01")
    card = report_card(index, WARWICKSHIRE, load_schema(), load_areas(), targets={"cpp_repeat_pct": [target]})
    row = next(r for r in card if r.indicator_id == "cpp_repeat_pct")
    assert row.rag.status == "red"  # 23.0% against 20% +/- 2
    assert "target 20" in row.rag.basis


def test_a_target_for_the_period_beats_the_general_one():
    period = dfe_reporting_year(2025)
    general = Target(WARWICKSHIRE, "cpp_repeat_pct", "", None, 20.0, None, "a", "t")
    specific = Target(WARWICKSHIRE, "cpp_repeat_pct", "", period, 24.0, None, "a", "t")
    assert target_for([general, specific], period.key) is specific
    assert target_for([general], period.key) is general
    assert target_for([], period.key) is None


def test_the_row_places_the_council_among_all_councils(card):
    row = next(r for r in card if r.indicator_id == "cpp_repeat_pct")
    values = d3_la_values(load_d3(), 2025)
    better = sum(1 for value in values.values() if value < values[WARWICKSHIRE])  # lower is better
    assert (row.national.rank, row.national.count, row.national.judged) == (better + 1, len(values), True)
    assert row.national.band == "B"  # 23.0% lies between the lower quartile and the median
    assert next(r for r in card if r.indicator_id == "cpp_rate").national is None  # one council's figures
