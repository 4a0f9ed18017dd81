"""RAG ratings and direction of travel, for each polarity."""

from __future__ import annotations

import pytest

from cpdesk.query.rag import direction_of_travel, rag_against_comparator, rag_against_target, rag_for


@pytest.mark.parametrize(("value", "expected"), [(15.0, "green"), (16.0, "green"), (14.5, "amber"),
                                                 (14.0, "amber"), (13.9, "red")])
def test_target_with_tolerance_when_higher_is_better(value, expected):
    # icpc_15wd_pct style: target 15 with 1 point of tolerance
    assert rag_against_target(value, 15.0, 1.0, "high").status == expected


@pytest.mark.parametrize(("value", "expected"), [(20.0, "green"), (18.0, "green"), (22.0, "amber"),
                                                 (22.1, "red")])
def test_target_with_tolerance_when_lower_is_better(value, expected):
    # cpp_repeat_pct style: target 20% with 2 points of tolerance
    assert rag_against_target(value, 20.0, 2.0, "low").status == expected


def test_target_without_tolerance_has_no_amber():
    assert rag_against_target(20.1, 20.0, None, "low").status == "red"


def test_against_the_sn_mean_for_warwickshire_repeat_plans():
    # Warwickshire 2024/25: 23.0% repeat plans; mean of its 10 neighbours 26.29 (shown 26.3).
    rag = rag_against_comparator(23.0, 26.29, "low")
    assert rag.status == "green"
    assert rag.comparator == 26.3
    assert "26.3" in rag.basis
    # 2019/20: 23.8% against the report's neighbours' 22.0%: worse by 1.8, beyond 5% of 22.0 (1.1)
    assert rag_against_comparator(23.8, 22.0, "low").status == "red"
    assert rag_against_comparator(22.9, 22.0, "low").status == "amber"
    assert rag_against_comparator(22.0, 22.0, "low").status == "green"


def test_target_wins_over_the_sn_mean():
    assert rag_for(23.0, "low", target=20.0, tolerance=1.0, sn_mean=26.3).status == "red"
    assert rag_for(23.0, "low", sn_mean=26.3).status == "green"


def test_polarity_none_has_no_rag():
    rag = rag_for(29.8, "none", target=30.0, sn_mean=34.7)
    assert rag.status == "neutral"
    assert "neither" in rag.label


def test_no_value_or_no_comparator_gives_no_rating():
    assert rag_for(None, "low", sn_mean=26.3).status == "none"
    assert rag_for(23.0, "low").status == "none"


@pytest.mark.parametrize(("latest", "previous", "polarity", "expected"), [
    (23.8, 18.6, "low", "worsening"),   # Warwickshire repeat plans 2018/19 -> 2019/20
    (18.6, 18.7, "low", "improving"),
    (80.0, 70.0, "high", "improving"),
    (70.0, 80.0, "high", "worsening"),
    (20.0, 20.0, "high", "same"),
    (25.1, 29.8, "none", "n/a"),        # CP rate: neither direction is better
    (25.1, None, "low", "n/a"),
])
def test_direction_of_travel(latest, previous, polarity, expected):
    assert direction_of_travel(latest, previous, polarity) == expected


def test_direction_compares_figures_as_published():
    assert direction_of_travel(23.04, 22.96, "low", decimals=1) == "same"
    assert direction_of_travel(23.04, 22.96, "low") == "worsening"
