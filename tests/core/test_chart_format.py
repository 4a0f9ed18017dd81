"""Labels, numbers and axis ranges as officers write them."""

from __future__ import annotations

import datetime as dt

import pytest

from cpdesk.chart.format import (
    axis_label,
    format_value,
    nice_ceiling,
    officer_label,
    ordinal,
    span_text,
    status_marker,
    suggested_y_range,
)
from cpdesk.chart.palette import OKABE_ITO, RAG_COLOURS, period_colours
from cpdesk.indicators.period_spans import financial_year, fy_quarter, mid_year, month_period, snapshot


def test_officer_labels_for_each_kind_of_period():
    assert officer_label(financial_year(2020)) == "2019/20"
    assert officer_label(fy_quarter(2021, 1)) == "Q1 20/21"
    assert officer_label(month_period(2020, 3)) == "Mar-20"
    assert officer_label(snapshot(dt.date(2019, 3, 31))) == "31 Mar 2019"
    assert officer_label(snapshot(dt.date(2019, 3, 31)), short=True) == "Mar-19"
    assert officer_label(mid_year(2018)) == "mid-2018"


def test_span_text():
    years = [financial_year(2016), financial_year(2020)]
    assert span_text(years) == "2015/16 to 2019/20"
    assert span_text(years[:1]) == "2015/16"
    assert span_text([]) == ""


def test_axis_labels_carry_the_unit(schema):
    assert axis_label(schema["cpp_rate"]) == "Rate per 10,000 children"
    assert axis_label(schema["cpp_repeat_pct"]) == "%"
    assert axis_label(schema["cpp_count"]) == "Number of children"


def test_values_are_shown_as_published(schema):
    assert format_value(23.0, schema["cpp_repeat_pct"]) == "23.0%"
    assert format_value(26.25, schema["cpp_repeat_pct"]) == "26.3%"  # half up, not half to even
    assert format_value(1234.0, schema["cpp_count"]) == "1,234"
    assert format_value(None, schema["cpp_rate"]) == ""


def test_status_markers():
    assert status_marker("tbc", "TBC") == "TBC"
    assert status_marker("c", "c") == "c"
    assert status_marker("na", "n/a") == "N/A"
    assert status_marker(None) is None


@pytest.mark.parametrize(("number", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                              (12, "12th"), (13, "13th"), (21, "21st"), (45, "45th"),
                                              (102, "102nd"), (111, "111th")])
def test_ordinals(number, text):
    assert ordinal(number) == text


def test_y_range_starts_at_zero_and_caps_percentages(schema):
    assert suggested_y_range([42.0, 38.8, 49.0, 29.8, 25.1], schema["cpp_rate"]) == (0.0, 60.0)
    assert suggested_y_range([60.0, 70.0], schema["cpp_repeat_pct"]) == (0.0, 80.0)
    assert suggested_y_range([95.0, 100.0], schema["cpp_repeat_pct"]) == (0.0, 105.0)  # 100% drawn whole
    assert suggested_y_range([None], schema["cpp_rate"]) == (0.0, 1.0)
    assert nice_ceiling(53.9) == 60 and nice_ceiling(0.3) == 1.0 and nice_ceiling(1100) == 1200


def test_palette_is_okabe_ito_and_rag_has_labels():
    assert set(RAG_COLOURS) >= {"red", "amber", "green"}
    assert {RAG_COLOURS[s] for s in ("red", "amber", "green")} <= set(OKABE_ITO.values())
    colours = period_colours(3)
    assert len(set(colours)) == 3 and colours[-1] == OKABE_ITO["blue"]
