"""Ranks and quartile bands, checked on the DfE's D3 file against an independent computation."""

from __future__ import annotations

import dataclasses

import numpy
import pytest

from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.periods import dfe_reporting_year
from cpdesk.indicators.schema import load_schema
from cpdesk.query.observations import ObservationIndex
from cpdesk.query.ranking import Quartiles, band_for, competition_ranks, quartile_cutoffs, rank_all_las
from tests.core.test_query_support import WARWICKSHIRE, d3_la_values, load_d3


@pytest.fixture(scope="module")
def d3():
    return ObservationIndex(load_d3())


@pytest.fixture(scope="module")
def repeat_pct():
    return load_schema()["cpp_repeat_pct"]


def test_warwickshire_2025_rank_and_band_match_an_independent_computation(d3, repeat_pct):
    values = d3_la_values(load_d3(), 2025)
    mine = values[WARWICKSHIRE]
    expected_rank = 1 + sum(1 for v in values.values() if v < mine)  # polarity low: smaller is better
    q1, median, q3 = numpy.percentile(sorted(values.values()), [25, 50, 75])
    expected_band = "A" if mine <= q1 else "B" if mine <= median else "C" if mine <= q3 else "D"

    ranking = rank_all_las(d3, repeat_pct, dfe_reporting_year(2025), areas=load_areas())
    entry = ranking.entry(WARWICKSHIRE)

    assert entry.value == 23.0
    assert entry.rank == expected_rank
    assert entry.band == expected_band
    assert entry.name == "Warwickshire"
    assert ranking.count == len(values)
    assert ranking.cutoffs == Quartiles(pytest.approx(q1), pytest.approx(median), pytest.approx(q3))


def test_ranking_leaves_out_england_regions_and_suppressed_las(d3, repeat_pct):
    ranking = rank_all_las(d3, repeat_pct, dfe_reporting_year(2025))
    codes = {e.area_code for e in ranking.entries}
    assert "E92000001" not in codes
    assert not any(code.startswith("E12") for code in codes)
    assert all(e.value is not None for e in ranking.entries)


def test_entries_are_best_first_with_ranks_never_decreasing(d3, repeat_pct):
    ranking = rank_all_las(d3, repeat_pct, dfe_reporting_year(2025))
    values = [e.value for e in ranking.entries]
    assert values == sorted(values)
    ranks = [e.rank for e in ranking.entries]
    assert ranks[0] == 1 and ranks == sorted(ranks)


def test_ties_share_the_better_rank_and_skip_the_next():
    assert competition_ranks([10.0, 12.0, 12.0, 15.0], "low") == [1, 2, 2, 4]
    assert competition_ranks([10.0, 12.0, 12.0, 15.0], "high") == [4, 2, 2, 1]


def test_tied_las_in_the_real_file_share_a_rank(d3, repeat_pct):
    ranking = rank_all_las(d3, repeat_pct, dfe_reporting_year(2025))
    by_value: dict[float, set[int]] = {}
    for entry in ranking.entries:
        by_value.setdefault(entry.value, set()).add(entry.rank)
    tied = [v for v, ranks in by_value.items() if sum(e.value == v for e in ranking.entries) > 1]
    assert tied, "D3 2025 has LAs with equal percentages"
    assert all(len(by_value[v]) == 1 for v in tied)


def test_a_value_on_a_cut_off_goes_to_the_better_band():
    cutoffs = quartile_cutoffs([10.0, 20.0, 30.0, 40.0, 50.0])
    assert cutoffs == Quartiles(20.0, 30.0, 40.0)
    assert [band_for(v, cutoffs, "low") for v in (20.0, 30.0, 40.0, 40.1)] == ["A", "B", "C", "D"]
    assert [band_for(v, cutoffs, "high") for v in (40.0, 30.0, 20.0, 19.9)] == ["A", "B", "C", "D"]


def test_polarity_none_is_ranked_by_value_lowest_first_with_quartile_bands(d3, repeat_pct):
    """As LAIT does: 1 is the lowest value, band A the lowest quarter, and no word of better or worse."""
    context_only = dataclasses.replace(repeat_pct, polarity="none")
    ranking = rank_all_las(d3, context_only, dfe_reporting_year(2025))
    values = [e.value for e in ranking.entries]
    assert values == sorted(values)
    assert [e.rank for e in ranking.entries][:1] == [1] and all(e.band for e in ranking.entries)
    low = rank_all_las(d3, repeat_pct, dfe_reporting_year(2025))  # the same order as "lower is better"
    assert [(e.area_code, e.rank, e.band) for e in ranking.entries] == [
        (e.area_code, e.rank, e.band) for e in low.entries]
    warwickshire = ranking.entry("E10000031")
    below = sum(1 for v in values if v < warwickshire.value)
    assert warwickshire.rank == below + 1


def test_a_period_without_figures_ranks_nobody(d3, repeat_pct):
    ranking = rank_all_las(d3, repeat_pct, dfe_reporting_year(2010))
    assert ranking.count == 0 and ranking.cutoffs is None


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 150, 152])
def test_quartile_cut_offs_are_numpys_linear_percentiles(count):
    """Worked out without numpy (so the report card does not load it), to the same values."""
    values = [round((i * 7919 % 1000) / 7.0, 1) for i in range(count)]  # unsorted, with repeats
    cutoffs = quartile_cutoffs(values)
    expected = numpy.percentile(numpy.asarray(values), [25, 50, 75])
    found = (cutoffs.q1, cutoffs.median, cutoffs.q3)
    assert found == pytest.approx(tuple(float(e) for e in expected), rel=1e-12, abs=1e-12)
    assert quartile_cutoffs([]) is None
