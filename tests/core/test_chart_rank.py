"""Rank, district and sparkline chart specifications."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from cpdesk.chart.districts import build_district_spec
from cpdesk.chart.format import ordinal
from cpdesk.chart.rank import build_rank_spec
from cpdesk.chart.sparkline import build_sparkline_spec
from cpdesk.indicators.period_spans import snapshot
from cpdesk.indicators.periods import dfe_reporting_year
from cpdesk.indicators.schema import load_schema
from cpdesk.query.districts import district_table
from cpdesk.query.observations import ObservationIndex
from cpdesk.query.ranking import rank_all_las
from cpdesk.query.report_card import report_card
from tests.core.test_query_districts import table_7
from tests.core.test_query_support import WARWICKSHIRE, load_d3


@pytest.fixture(scope="module")
def repeat_pct():
    return load_schema()["cpp_repeat_pct"]


@pytest.fixture(scope="module")
def d3():
    return ObservationIndex(load_d3())


def test_rank_spec_highlights_home_and_neighbours(d3, repeat_pct, areas):
    ranking = rank_all_las(d3, repeat_pct, dfe_reporting_year(2025), areas=areas)
    neighbours = [a.code for a in areas.statistical_neighbours(WARWICKSHIRE)]
    spec = build_rank_spec(ranking, repeat_pct, WARWICKSHIRE, neighbour_codes=neighbours)
    entry = ranking.entry(WARWICKSHIRE)

    assert (entry.rank, ranking.count, entry.band) == (66, 153, "B")  # checked independently elsewhere
    assert spec.subtitle == "Warwickshire 23.0%: 66th of 153 councils (band B)"
    assert spec.x_categories == tuple(e.name for e in ranking.entries)
    home = spec.series_with_role("home")[0]
    assert [(p.x, p.y) for p in home.points] == [(spec.x_categories.index("Warwickshire"), 23.0)]
    assert len(spec.series_with_role("sn")[0].points) == 10
    plotted = sorted((p.x, p.y) for s in spec.series for p in s.points)
    assert plotted == [(x, e.value) for x, e in enumerate(ranking.entries)]
    cutoffs = [line.y for line in spec.reference_lines]
    assert cutoffs == [ranking.cutoffs.q1, ranking.cutoffs.median, ranking.cutoffs.q3]
    assert [a.text for a in spec.annotations] == ["Band A", "Band B", "Band C", "Band D"]
    assert "2024/25" in spec.title
    json.dumps(spec.to_dict())


def test_rank_spec_for_polarity_none_ranks_by_value_without_better_or_worse(d3, repeat_pct):
    context_only = dataclasses.replace(repeat_pct, polarity="none")
    ranking = rank_all_las(d3, context_only, dfe_reporting_year(2025))
    spec = build_rank_spec(ranking, context_only, WARWICKSHIRE)
    entry = ranking.entry(WARWICKSHIRE)
    assert spec.subtitle.startswith(f"{entry.name} 23.0%: {ordinal(entry.rank)} lowest of {ranking.count} "
                                    f"councils (band {entry.band});")
    assert "best" not in spec.subtitle + spec.title and "worse" not in spec.subtitle
    assert [a.text for a in spec.annotations] == ["Band A", "Band B", "Band C", "Band D"]
    assert "lowest first" in spec.title


def test_district_spec_bars_sorted_with_the_la_as_a_line(areas):
    cpp_rate = load_schema()["cpp_rate"]
    spec = build_district_spec(district_table(table_7(), "cpp_rate", WARWICKSHIRE, areas), cpp_rate)
    assert spec.x_categories == ("Rugby", "Nuneaton and Bedworth", "Stratford-on-Avon", "North Warwickshire",
                                 "Warwick")
    assert spec.series[0].ys == [33.0, 32.0, 24.0, 22.0, 16.0]
    assert spec.series[0].style == "bar"
    assert [(line.role, line.y) for line in spec.reference_lines] == [("la", 28.0)]
    assert spec.title == ("Children subject to a CP plan per 10,000 children by district — Warwickshire, "
                          "31 Jul 2020")


def test_district_spec_groups_several_years(areas):
    periods = [snapshot(dt.date(year, 3, 31)) for year in (2018, 2019, 2020)]
    table = district_table(table_7(), "cpp_rate", WARWICKSHIRE, areas, periods)
    spec = build_district_spec(table, load_schema()["cpp_rate"])
    assert [s.name for s in spec.series] == ["31 Mar 2018", "31 Mar 2019", "31 Mar 2020"]
    assert spec.x_categories[0] == "Nuneaton and Bedworth"
    assert spec.series[2].ys[0] == 36.0 and spec.series[0].ys[0] == 67.0
    assert [line.y for line in spec.reference_lines] == [49.0, 29.8, 25.1]
    assert len({s.colour for s in spec.series}) == 3


def test_sparkline_from_the_report_card(d3, areas):
    row = report_card(d3, WARWICKSHIRE, load_schema(), areas)[0]
    spec = build_sparkline_spec(row, "Warwickshire")
    assert spec.kind == "report_card_sparkline"
    assert spec.series[0].ys == list(row.sparkline)
    assert spec.x_categories[-1] == "2024/25"
    assert spec.rag.label == "Green"
    assert spec.series[0].points[-1].highlight


def test_the_subtitle_and_the_summary_word_the_standing_alike(d3, repeat_pct):
    """The chart's subtitle and the status line/pack summary say where the council stands in the
    same words, from one function, whether or not higher or lower is better."""
    from cpdesk.chart.summary import rank_summary
    for indicator in (repeat_pct, dataclasses.replace(repeat_pct, polarity="none")):
        ranking = rank_all_las(d3, indicator, dfe_reporting_year(2025))
        spec = build_rank_spec(ranking, indicator, WARWICKSHIRE)
        summary = rank_summary(ranking, WARWICKSHIRE, "Warwickshire", indicator)
        standing = summary.split(": ", 1)[1]
        assert standing.endswith(f"of {ranking.count} councils (band {ranking.entry(WARWICKSHIRE).band})")
        assert standing in spec.subtitle
