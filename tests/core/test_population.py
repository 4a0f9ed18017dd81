"""Child population (ONS mid-year estimates, children aged 0-17), the denominator of every rate."""

from __future__ import annotations

from cpdesk.indicators.population import child_population, load_child_population


def test_published_figures_behind_known_rates():
    # Oxfordshire 2024/25: 527 / 156,647 -> 33.6; Warwickshire 2018/19: 345 / 115,696 -> 29.8
    assert child_population("E10000025", 2024) == 156_647
    assert child_population("E10000031", 2018) == 115_696
    population = load_child_population()
    assert population[("E10000025", 2024)] == 156_647
    assert population[("E10000031", 2018)] == 115_696


def test_region_and_england_rows():
    assert child_population("E92000001", 2024) == 12_183_016
    assert child_population("E12000001", 2024) == 542_710
    assert child_population("E13000001", 2024) == 639_273


def test_old_code_and_recoded_las():
    assert child_population(937, 2018) == 115_696
    assert child_population("931", 2024) == 156_647
    # Barnsley was re-coded E08000016 -> E08000038 in 2025; ONS published under the old ONS code
    assert child_population("E08000038", 2024) == child_population("E08000016", 2024) == 51_799


def test_missing_figures_are_none():
    assert child_population("E10000009", 2012) is None  # Dorset county: "x" in the ONS file
    assert child_population("E10000031", 2030) is None
    assert child_population("E99999999", 2020) is None
    assert ("E10000009", 2012) not in load_child_population()
