"""District tables (Warwickshire report, Table 7) and count/rate pairs."""

from __future__ import annotations

import datetime as dt

import pytest

from cpdesk.indicators.period_spans import snapshot
from cpdesk.indicators.population import child_population
from cpdesk.indicators.schema import load_schema
from cpdesk.observation import CellRef, Observation
from cpdesk.query.districts import district_table
from cpdesk.query.rates import COMPUTED_RATE, rate_counterpart, rate_series_from_counts
from cpdesk.query.series import trend_series
from tests.core.test_query_support import WARWICKSHIRE

# Table 7: CP rate per 10,000 by district at 31 March 2015 .. 2020 and 31 July 2020.
TABLE_7_DATES = [dt.date(year, 3, 31) for year in range(2015, 2021)] + [dt.date(2020, 7, 31)]
TABLE_7 = {
    "E07000218": (51, 35, 39, 47, 22, 17, 22),  # N. Warwickshire
    "E07000219": (77, 60, 54, 67, 36, 36, 32),  # Nuneaton & Bedworth
    "E07000220": (42, 39, 37, 36, 23, 24, 33),  # Rugby
    "E07000221": (22, 23, 24, 43, 26, 19, 24),  # Stratford
    "E07000222": (45, 45, 39, 51, 23, 20, 16),  # Warwick
    WARWICKSHIRE: (47.7, 42, 38.8, 49, 29.8, 25.1, 28),
}
# D5: Warwickshire children on a CP plan at 31 March 2016 .. 2020.
D5_CPP_AT31 = (473, 439, 561, 345, 295)


def table_7() -> list[Observation]:
    return [
        Observation(code, "cpp_rate", snapshot(day), float(value), raw=str(value),
                    source=CellRef("003 Warwickshire report", "Table 7"))
        for code, values in TABLE_7.items()
        for day, value in zip(TABLE_7_DATES, values, strict=True)
    ]


def test_latest_district_figures_sorted_largest_first_with_the_la_line(areas):
    table = district_table(table_7(), "cpp_rate", WARWICKSHIRE, areas)
    assert [p.label for p in table.periods] == ["31 Jul 2020"]
    assert [(row.name, row.value()) for row in table.rows] == [
        ("Rugby", 33.0), ("Nuneaton and Bedworth", 32.0), ("Stratford-on-Avon", 24.0),
        ("North Warwickshire", 22.0), ("Warwick", 16.0),
    ]
    assert table.la_values == (28.0,)
    assert {row.kind for row in table.rows} == {"district"}


def test_several_years_sorted_by_the_last(areas):
    periods = [snapshot(dt.date(2019, 3, 31)), snapshot(dt.date(2020, 3, 31))]
    table = district_table(table_7(), "cpp_rate", WARWICKSHIRE, areas, periods)
    assert [row.name for row in table.rows][:2] == ["Nuneaton and Bedworth", "Rugby"]
    rugby = next(row for row in table.rows if row.name == "Rugby")
    assert (rugby.value(0), rugby.value(1)) == (23.0, 24.0)
    assert table.la_values == (29.8, 25.1)


def test_an_la_without_district_figures_has_an_empty_table(areas):
    table = district_table(table_7(), "cpp_rate", "E10000025", areas)
    assert table.rows == () and table.periods == ()


def test_count_and_rate_are_each_others_counterpart():
    schema = load_schema()
    assert rate_counterpart("cpp_count", schema) == "cpp_rate"
    assert rate_counterpart("cpp_rate", schema) == "cpp_count"
    assert rate_counterpart("cpp_repeat_pct", schema) is None


def test_rates_from_d5_counts_and_ons_estimates():
    counts = [
        Observation(WARWICKSHIRE, "cpp_count", snapshot(dt.date(year, 3, 31)), float(count), raw=str(count),
                    publisher="dfe")
        for year, count in zip(range(2016, 2021), D5_CPP_AT31, strict=True)
    ]
    series = trend_series(counts, "cpp_count", WARWICKSHIRE)
    rates = rate_series_from_counts(series, load_schema()["cpp_rate"], child_population)
    assert rates.indicator_id == "cpp_rate" and rates.basis == COMPUTED_RATE
    assert rates.values()[3] == 29.8  # 345 / 115,696 (mid-2018), as published
    expected = [round(c / child_population(WARWICKSHIRE, y - 1) * 10_000, 1)
                for c, y in zip(D5_CPP_AT31, range(2016, 2021), strict=True)]
    assert rates.values() == pytest.approx(expected)
    assert "mid-2018" in rates.points[3].source


def test_a_rate_without_a_population_estimate_is_not_available():
    counts = [Observation(WARWICKSHIRE, "cpp_count", snapshot(dt.date(2031, 3, 31)), 300.0)]
    rates = rate_series_from_counts(trend_series(counts, "cpp_count", WARWICKSHIRE),
                                    load_schema()["cpp_rate"], child_population)
    assert rates.values() == [None] and rates.points[0].status == "x"
