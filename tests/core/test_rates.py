"""Rates per 10,000: half-up rounding, the ONS denominator year, and published figures reproduced."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pytest

from cpdesk.indicators.periods import (
    financial_year,
    fy_quarter,
    mid_year,
    month_period,
    parse_period,
    snapshot,
)
from cpdesk.indicators.rates import population_year, rate_per_10k, round_half_up

ONS_FILE = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "reference"
    / "ons_mid-year_population_estimates_2012_to_2024.csv"
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.05, 1, 0.1),
        (0.15, 1, 0.2),
        (0.25, 1, 0.3),
        (2.675, 2, 2.68),
        (2.5, 0, 3.0),
        (3.5, 0, 4.0),
        (-0.05, 1, -0.1),
        (29.849, 1, 29.8),
        (33.64, 1, 33.6),
        (12.0, 1, 12.0),
        (1e-9, 1, 0.0),
    ],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected


def test_round_half_up_differs_from_python_round_where_it_matters():
    assert round(0.125, 2) == 0.12 and round_half_up(0.125, 2) == 0.13
    assert round(2.5) == 2 and round_half_up(2.5, 0) == 3


def test_round_half_up_leaves_non_numbers_alone():
    assert math.isnan(round_half_up(float("nan"), 1))
    assert round_half_up(float("inf"), 1) == float("inf")


@pytest.mark.parametrize(
    ("count", "population", "decimals", "expected"),
    [
        (527, 156_647, 1, 33.6),  # Oxfordshire 2025 (INDICATORS.md)
        (345, 115_696, 1, 29.8),  # Warwickshire 2019 (Warwickshire Table 1)
        (1, 80_000, 2, 0.13),  # an exact half: 0.125
        (0, 115_696, 1, 0.0),
        (345, 115_696, 0, 30.0),
    ],
)
def test_rate_per_10k(count, population, decimals, expected):
    assert rate_per_10k(count, population, decimals) == expected


@pytest.mark.parametrize(
    ("count", "population"), [(None, 1000), (5, None), (5, 0), (5, -10), (float("nan"), 10)]
)
def test_rate_per_10k_without_a_usable_denominator_is_none(count, population):
    assert rate_per_10k(count, population) is None


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (snapshot(dt.date(2019, 3, 31)), 2018),
        (snapshot(dt.date(2025, 3, 31)), 2024),
        (financial_year(2019), 2018),
        (parse_period("2018/19"), 2018),
        (fy_quarter(2021, 1), 2020),
        (fy_quarter(2020, 4), 2019),
        (month_period(2020, 3), 2019),
        (snapshot(dt.date(2020, 7, 31)), 2020),
        (mid_year(2018), 2018),
    ],
)
def test_population_year(period, expected):
    assert population_year(period) == expected


def _ons_children(la_name: str, mid_year_value: int) -> int:
    with open(ONS_FILE, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["la_name"] == la_name and int(row["time_period"]) == mid_year_value:
                assert row["age_group"] == "Children aged 0 to 17 years"
                return int(row["population_estimate"])
    raise AssertionError(f"no population for {la_name} mid-{mid_year_value}")


@pytest.mark.skipif(not ONS_FILE.is_file(), reason="shared ONS reference file not available")
@pytest.mark.parametrize(
    ("la_name", "snapshot_label", "cpp_at_31_march", "population", "published_rate"),
    [
        ("Oxfordshire", "31 Mar 2025", 527, 156_647, 33.6),
        ("Warwickshire", "31 Mar 2019", 345, 115_696, 29.8),
    ],
)
def test_published_rates_reproduced_from_the_ons_file(
    la_name, snapshot_label, cpp_at_31_march, population, published_rate
):
    period = parse_period(snapshot_label)
    denominator = _ons_children(la_name, population_year(period))
    assert denominator == population
    assert rate_per_10k(cpp_at_31_march, denominator) == published_rate
