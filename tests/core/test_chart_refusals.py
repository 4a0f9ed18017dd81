"""A chart of a council that holds no figures is refused, in the same words for every kind, and a
trend never titles a comparator against itself (the demo without the national data pack: Lancashire
holds no CP figures)."""

from __future__ import annotations

import argparse

import pytest

from cpdesk.chart.requests import ChartRequest, ChartRequestError, build_spec
from cpdesk.chart.trend import build_trend_spec
from cpdesk.cli_chart import cmd_chart
from cpdesk.indicators.areas import ENGLAND
from cpdesk.query.series import trend_series
from tests.core.test_query_support import load_d3

pytest_plugins = ["tests.ui.chart_fixtures"]

LANCASHIRE, WARWICKSHIRE = "E10000017", "E10000031"
RATE_TITLE = "Children subject to a CP plan per 10,000 children"


def refusal(source, request: ChartRequest) -> str:
    with pytest.raises(ChartRequestError) as caught:
        build_spec(source, request)
    return str(caught.value)


def test_a_trend_for_a_council_without_figures_is_refused_naming_what_to_import(bare_source):
    message = refusal(bare_source, ChartRequest("cpp_rate", LANCASHIRE, "trend"))
    assert message.startswith(f"No figures for {RATE_TITLE} for Lancashire to chart: import ")
    assert "Lancashire's own return" in message and "national file" in message and "D5" in message
    assert "England vs England" not in message


@pytest.mark.parametrize(("kind", "period", "where"), [
    ("trend", None, "Lancashire"),
    ("districts", None, "Lancashire's districts or operational areas"),
    ("rank", None, "Lancashire"),
])
def test_every_kind_words_its_refusal_alike(bare_source, kind, period, where):
    message = refusal(bare_source, ChartRequest("cpp_rate", LANCASHIRE, kind, period))
    assert message.startswith(f"No figures for {RATE_TITLE} for {where} to chart: import ")
    assert "cpp_rate" not in message and LANCASHIRE not in message and message.endswith(".")


def test_a_district_chart_for_a_period_without_figures_names_the_period(source):
    message = refusal(source, ChartRequest("cpp_rate", WARWICKSHIRE, "districts", "31 March 2010"))
    assert message.startswith(f"No figures for {RATE_TITLE} for Warwickshire's districts or operational "
                              "areas in 31 Mar 2010 to chart: ")


def test_the_chart_command_refuses_a_council_without_figures_with_exit_2(bare_demo_db, tmp_path, capsys):
    out = tmp_path / "trend.png"
    args = argparse.Namespace(indicator="cpp_rate", area=LANCASHIRE, kind="trend", period=None,
                              out=str(out), sub_db=str(bare_demo_db), db=None)
    assert cmd_chart(args) == 2
    err = capsys.readouterr().err
    assert f"No figures for {RATE_TITLE} for Lancashire to chart" in err and not out.exists()


def test_comparators_alone_are_not_charted_as_if_one_were_the_council(reference):
    schema, areas = reference.schema, reference.areas
    england = trend_series(load_d3(), "cpp_repeat_pct", ENGLAND, areas, role="england")
    with pytest.raises(ValueError, match="No figures for"):
        build_trend_spec([england], schema["cpp_repeat_pct"])


def test_a_comparator_is_never_titled_against_itself(reference):
    schema, areas = reference.schema, reference.areas
    d3 = load_d3()
    home = trend_series(d3, "cpp_repeat_pct", ENGLAND, areas)
    england = trend_series(d3, "cpp_repeat_pct", ENGLAND, areas, role="england")
    spec = build_trend_spec([home, england], schema["cpp_repeat_pct"])
    assert " vs " not in spec.title and "— England, " in spec.title


WEST_MIDLANDS = "E12000005"


@pytest.mark.parametrize("area", [WEST_MIDLANDS, ENGLAND])
def test_a_region_or_england_chosen_in_the_navigator_is_charted_not_a_crash(source, area):
    """Before, a region or England reached the statistical-neighbour look-up, which only councils
    have, and the KeyError opened the crash dialog."""
    for kind in ("trend", "rank"):
        try:
            spec = build_spec(source, ChartRequest("cpp_repeat_pct", area, kind))
        except ChartRequestError:
            continue  # a plain sentence the page shows: fine, but never another exception
        assert spec is not None
    message = refusal(source, ChartRequest("cpp_repeat_pct", area, "districts"))
    assert "Districts are charted for a council" in message


def test_a_regions_trend_is_its_own_series_with_england(source):
    spec = build_spec(source, ChartRequest("cpp_repeat_pct", WEST_MIDLANDS, "trend"))
    assert "West Midlands" in spec.title
