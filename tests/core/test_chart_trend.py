"""Trend chart specifications: the plotted data equal the published figures."""

from __future__ import annotations

import json

import pytest

from cpdesk.chart.palette import OKABE_ITO, RAG_COLOURS
from cpdesk.chart.trend import build_trend_spec
from cpdesk.query.comparators import comparator_set
from cpdesk.query.series import trend_series
from cpdesk.store.records import Annotation, Target
from tests.core.test_query_support import TABLE_1_SNAPSHOTS, WARWICKSHIRE, load_d3, table_1_observations


@pytest.fixture(scope="module")
def table_1_spec(schema, areas):
    found = comparator_set(table_1_observations(), WARWICKSHIRE, "cpp_rate", areas)
    return build_trend_spec(found, schema["cpp_rate"])


def test_table_1_series_equal_the_reports_figures(table_1_spec):
    assert table_1_spec.kind == "trend"
    assert [s.role for s in table_1_spec.series] == ["home", "sn", "england"]
    assert table_1_spec.series_with_role("home")[0].ys == [42.0, 38.8, 49.0, 29.8, 25.1]
    assert table_1_spec.series_with_role("sn")[0].ys == [39.4, 35.7, 34.4, 34.7, None]
    assert table_1_spec.series_with_role("england")[0].ys == [43.1, 43.3, 45.3, 43.7, None]
    assert [p.x for p in table_1_spec.series[0].points] == [0, 1, 2, 3, 4]


def test_table_1_title_names_what_where_and_when(table_1_spec):
    assert table_1_spec.title == (
        "Children subject to a CP plan per 10,000 children — Warwickshire vs statistical neighbours "
        "and England, 31 Mar 2016 to 31 Mar 2020"
    )
    assert table_1_spec.x_categories == tuple(f"31 Mar {year}" for year in range(2016, 2021))
    assert table_1_spec.y_label == "Rate per 10,000 children"


def test_tbc_is_a_gap_with_a_marker_and_a_tooltip(table_1_spec):
    last = table_1_spec.series_with_role("sn")[0].points[-1]
    assert (last.y, last.status, last.status_marker) == (None, "tbc", "TBC")
    assert "to be confirmed" in last.tooltip
    home_2019 = table_1_spec.series[0].points[3]
    assert home_2019.tooltip.startswith("Warwickshire, 31 Mar 2019: 29.8")
    assert "Table 1" in home_2019.tooltip


def test_cp_rate_has_no_rag_and_a_zero_based_axis(table_1_spec):
    assert table_1_spec.rag.status == "neutral"
    assert table_1_spec.rag.label.startswith("No RAG")
    low, high = table_1_spec.y_range
    assert low == 0 and high >= 49.0


def test_comparators_have_distinct_colour_blind_safe_styles(table_1_spec):
    colours = [s.colour for s in table_1_spec.series]
    assert len(set(colours)) == 3 and set(colours) <= set(OKABE_ITO.values())
    assert len({s.dash for s in table_1_spec.series}) == 3
    assert "as reported by the council" in table_1_spec.footnote


def test_spec_is_json_serialisable(table_1_spec):
    data = json.loads(json.dumps(table_1_spec.to_dict()))
    assert data["series"][0]["points"][0]["y"] == 42.0
    assert data["x_categories"][0] == "31 Mar 2016"


def test_d3_trend_points_equal_the_file_including_suppressed_gaps(schema, areas):
    d3 = load_d3()
    found = comparator_set(d3, WARWICKSHIRE, "cpp_repeat_pct", areas)
    spec = build_trend_spec(found, schema["cpp_repeat_pct"])
    published = {o.period.label: o.value for o in d3 if o.area_code == WARWICKSHIRE}
    assert spec.series[0].ys == [published[label] for label in spec.x_categories]
    assert spec.x_categories[0] == "2012/13" and spec.x_categories[-1] == "2024/25"
    assert (spec.rag.status, spec.rag.label) == ("green", "Green")
    assert spec.rag.colour == RAG_COLOURS["green"]
    assert spec.y_range == (0.0, 40.0)

    suppressed = next(o for o in d3 if o.status == "c" and o.area_code[:3] in ("E06", "E08", "E09", "E10"))
    gap_spec = build_trend_spec([trend_series(d3, "cpp_repeat_pct", suppressed.area_code, areas)],
                                schema["cpp_repeat_pct"])
    x = gap_spec.x_categories.index(suppressed.period.label)
    point = gap_spec.series[0].points[x]
    assert (point.y, point.status_marker) == (None, "c")


def test_target_line_and_rag_against_it(schema, areas):
    found = comparator_set(load_d3(), WARWICKSHIRE, "cpp_repeat_pct", areas)
    target = Target(WARWICKSHIRE, "cpp_repeat_pct", "", None, 20.0, 2.0, "officer", "2025-04-01")
    spec = build_trend_spec(found, schema["cpp_repeat_pct"], target=target)
    assert [(line.role, line.y) for line in spec.reference_lines] == [("target", 20.0)]
    assert spec.rag.status == "red"  # 23.0% against 20% +/- 2


def test_annotations_sit_at_their_period(schema, areas):
    note = Annotation(1, WARWICKSHIRE, "cpp_rate", TABLE_1_SNAPSHOTS[2], "", "Audit of long plans", "a", "t")
    general = Annotation(2, None, "cpp_rate", None, "", "Rates use revised estimates", "a", "t")
    found = comparator_set(table_1_observations(), WARWICKSHIRE, "cpp_rate", areas)
    spec = build_trend_spec(found, schema["cpp_rate"], annotations=[note, general])
    assert [(a.text, a.x) for a in spec.annotations] == [("Audit of long plans", 2),
                                                         ("Rates use revised estimates", None)]


def test_nothing_to_chart_is_refused(schema):
    with pytest.raises(ValueError, match="No figures for Children subject to a CP plan"):
        build_trend_spec([], schema["cpp_rate"])
