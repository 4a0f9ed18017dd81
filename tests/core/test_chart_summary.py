"""The one-line summary under every chart and in the packs, and the neighbours' standing it quotes
(demo database: Warwickshire's 2020 report and the DfE's national files)."""

from __future__ import annotations

import datetime as dt

from cpdesk.chart.neighbours import neighbour_figures
from cpdesk.chart.requests import ChartRequest, build_spec
from cpdesk.chart.summary import difference_words, summary_for, summary_line
from cpdesk.indicators.periods import parse_period
from cpdesk.query.series import SeriesPoint

pytest_plugins = ["tests.ui.chart_fixtures"]

WARWICKSHIRE = "E10000031"


def _point(label: str, value: float) -> SeriesPoint:
    period = parse_period(label)
    assert period is not None
    return SeriesPoint(period, value)


def test_the_line_the_board_reads(schema):
    latest, england = _point("31 July 2020", 28.0), _point("31 March 2019", 43.7)
    line = summary_line(schema["cpp_rate"], latest, england=england)
    assert line == "CP-plan rate 28.0 at 31 Jul 2020, 15.7 below England (43.7 at 31 Mar 2019)"


def test_percentages_differ_by_points_and_level_is_level(schema):
    icpc = schema["icpc_15wd_pct"]
    assert difference_words(67.8, 78.7, icpc, "England") == "10.9 points below England"
    assert difference_words(78.74, 78.66, icpc, "England") == "level with England"  # both 78.7 as published
    assert difference_words(25.1, 19.9, schema["cpp_rate"], "England") == "5.2 above England"


def test_the_summary_from_the_stored_figures(source):
    """As at the end of 2020: the council's 31 July figure (its 2020 report) against England's latest
    31 March figure, named; the neighbours' standing for the last period they share, named."""
    index, areas, schema = source.index, source.reference.areas, source.reference.schema
    end_2020 = dt.date(2020, 12, 31)
    line = summary_for(index, schema["cpp_rate"], WARWICKSHIRE, areas, as_at=end_2020)
    england = index.figure("cpp_rate", "E92000001", parse_period("31 March 2020").key)
    gap = round(england.value - 28.0, 1)
    assert line == (f"CP-plan rate 28.0 at 31 Jul 2020, {gap:.1f} below England ({england.value:.1f} at "
                    "31 Mar 2020), 3rd lowest of 11 with its neighbours at 31 Mar 2020")
    icpc = summary_for(index, schema["icpc_15wd_pct"], WARWICKSHIRE, areas, as_at=end_2020)
    assert icpc.startswith("ICPCs in 15 days 67.8% in 2019/20, ")  # the figure the issue names
    assert "points below England" in icpc and icpc.endswith("best of 11 with its neighbours")


def test_as_at_a_day_the_latest_figure_on_or_before_it(source):
    index, areas, schema = source.index, source.reference.areas, source.reference.schema
    line = summary_for(index, schema["cpp_rate"], WARWICKSHIRE, areas, as_at=dt.date(2020, 3, 31))
    assert line.startswith("CP-plan rate 25.1 at 31 Mar 2020, ")  # not the 31 July figure after it
    assert "(" not in line  # England and the neighbours for the same day: no other period named
    early = summary_for(index, schema["cpp_rate"], WARWICKSHIRE, areas, as_at=dt.date(2001, 1, 1))
    assert early == "CP-plan rate: no figure held on or before 01 Jan 2001"


def test_a_count_is_not_compared_with_other_areas_but_with_its_last_figure(source):
    index, areas, schema = source.index, source.reference.areas, source.reference.schema
    line = summary_for(index, schema["cpp_count"], WARWICKSHIRE, areas)
    assert "England" not in line and "neighbours" not in line and " since 31 Mar " in line


def test_neighbours_are_ranked_best_first_where_lower_is_better(source):
    index, areas, schema = source.index, source.reference.areas, source.reference.schema
    figures = neighbour_figures(index, schema["cpp_repeat_pct"], WARWICKSHIRE, areas)
    assert figures is not None and figures.period.label == "2024/25"
    values = [entry.value for entry in figures.entries]
    assert values == sorted(values) and len(values) == 11  # lower is better: lowest first
    names = {entry.name for entry in figures.entries}
    assert names == {"Warwickshire", *(a.name for a in areas.statistical_neighbours(WARWICKSHIRE))}
    assert figures.position == 2 and figures.standing() == "2nd best of 11 with its neighbours"


def test_neutral_words_where_neither_higher_nor_lower_is_better(source):
    index, areas, schema = source.index, source.reference.areas, source.reference.schema
    figures = neighbour_figures(index, schema["referrals_rate"], WARWICKSHIRE, areas)
    assert figures is not None
    assert "best" not in figures.standing() and "lowest of 11" in figures.standing()
    values = [entry.value for entry in figures.entries]
    assert values == sorted(values)  # lowest first, as LAIT ranks where neither is better


def test_every_chart_kind_carries_its_summary(source):
    kinds = {kind: build_spec(source, ChartRequest("cpp_repeat_pct", WARWICKSHIRE, kind)).summary
             for kind in ("trend", "rank", "neighbours")}
    assert kinds["trend"] == kinds["neighbours"] == (
        "Repeat plans % 23.0% in 2024/25, 1.5 points below England, 2nd best of 11 with its neighbours")
    assert kinds["rank"] == "Repeat plans % 23.0% in 2024/25: 66th of 153 councils (band B)"
    rate = build_spec(source, ChartRequest("referrals_rate", WARWICKSHIRE, "rank")).summary
    assert " lowest of " in rate and "best" not in rate
    districts = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "districts")).summary
    assert districts == ("CP-plan rate at 31 Jul 2020: highest Rugby 33.0, lowest Warwick 16.0; "
                         "Warwickshire 28.0")
