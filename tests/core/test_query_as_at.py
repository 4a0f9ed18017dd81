"""One "as at" rule: each indicator's latest figure held (in-year ones too), or the latest on or before a
chosen day, each labelled with its own period; comparators for that period or named with theirs.

The figures are Warwickshire's own report (seed 003, Tables 1 and 3, with its 31 July 2020 snapshot)
and are built here, so figures added to every new database later do not change what "latest" is.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.period_spans import snapshot
from cpdesk.indicators.periods import parse_period
from cpdesk.indicators.schema import load_schema
from cpdesk.observation import CellRef, Observation
from cpdesk.query.as_at import latest_held, period_name, period_phrase, title_for
from cpdesk.query.observations import ObservationIndex
from cpdesk.query.report_card import report_card
from cpdesk.query.series import trend_series
from cpdesk.query.source import load_index
from cpdesk.store import ImportBatch, open_store
from tests.core.test_query_support import ENGLAND, SN_WARWICKSHIRE, WARWICKSHIRE, table_1_observations

SCHEMA = load_schema()
AREAS = load_areas()
# Table 3: ICPCs within 15 working days, 2015/16 to 2019/20 (the neighbours' and England's 2019/20 were TBC).
TABLE_3 = {
    WARWICKSHIRE: ("100.0", "76.8", "72.6", "83.1", "67.8"),
    SN_WARWICKSHIRE: ("79.1", "80.4", "84.9", "84.7", "TBC"),
    ENGLAND: ("76.7", "77.2", "76.9", "78.7", "TBC"),
}
YEARS = ("2015/16", "2016/17", "2017/18", "2018/19", "2019/20")


def local(area: str, indicator: str, period_text: str, raw: str) -> Observation:
    value, status = (None, "tbc") if raw == "TBC" else (float(raw), None)
    period = parse_period(period_text)
    assert period is not None
    return Observation(area, indicator, period, value, status, raw,
                       source=CellRef("warwickshire_cp_update_2020.xlsx", "CP tables", "A1"),
                       publisher="local")


def table_3() -> list[Observation]:
    return [local(area, "icpc_15wd_pct", year, raw) for area, cells in TABLE_3.items()
            for year, raw in zip(YEARS, cells, strict=True)]


JULY_2020 = local(WARWICKSHIRE, "cpp_rate", "31 July 2020", "28.0")


@pytest.fixture(scope="module")
def index():
    return ObservationIndex([*table_1_observations(), JULY_2020, *table_3()])


def row(index, indicator_id, as_at=None):
    card = report_card(index, WARWICKSHIRE, SCHEMA, AREAS, as_at=as_at)
    return next(r for r in card if r.indicator_id == indicator_id)


def test_the_cp_rate_is_the_july_snapshot_not_31_march_2019(index):
    cp = row(index, "cpp_rate")
    assert (period_name(cp.latest.period, cp.indicator), cp.latest.value) == ("31 Jul 2020", 28.0)
    assert (period_name(cp.previous.period), cp.change) == ("31 Mar 2020", 2.9)
    assert cp.sparkline == (42.0, 38.8, 49.0, 29.8, 25.1, 28.0)


def test_comparators_without_a_figure_for_the_period_name_their_own(index):
    cp = row(index, "cpp_rate")
    england = cp.compared("england")
    assert (england.value, period_name(england.period), england.same_period) == (43.7, "31 Mar 2019", False)
    reported = cp.compared("sn_reported")
    assert (reported.value, period_name(reported.period), reported.name) == (
        34.7, "31 Mar 2019", "Statistical neighbours (as reported)")
    assert cp.england is None and cp.sn_value is None  # nothing passed off as the July figure's comparator


def test_icpc_timeliness_is_2019_20_not_2018_19(index):
    icpc = row(index, "icpc_15wd_pct")
    assert (icpc.latest.period.label, icpc.latest.value) == ("2019/20", 67.8)
    assert (icpc.previous.period.label, icpc.change, icpc.direction) == ("2018/19", -15.3, "worsening")
    assert icpc.compared("england").period.label == "2018/19"
    # 2019/20 has no neighbours' or England figure: no rating, and the card says how to get one.
    assert icpc.rag.status == "none" and "set a target" in icpc.rag.label


def test_as_at_a_day_takes_the_latest_figure_on_or_before_it(index):
    cp = row(index, "cpp_rate", as_at=dt.date(2020, 6, 30))
    assert (cp.latest.period.label, cp.latest.value) == ("31 Mar 2020", 25.1)
    earlier = row(index, "cpp_rate", as_at=dt.date(2019, 12, 31))
    assert (earlier.latest.value, earlier.england, earlier.sn_value) == (29.8, 43.7, 34.7)
    assert earlier.compared("england").same_period
    icpc = row(index, "icpc_15wd_pct", as_at=dt.date(2020, 3, 30))  # 2019/20 not yet over
    assert (icpc.latest.period.label, icpc.latest.value) == ("2018/19", 83.1)
    assert icpc.rag.status == "amber" and "higher is better" in icpc.rag.basis  # 83.1 against 84.7
    assert "84.7" in icpc.rag.basis and "2018/19" in icpc.rag.basis


def test_nothing_held_by_the_day_leaves_the_indicator_off_the_card(index):
    card = report_card(index, WARWICKSHIRE, SCHEMA, AREAS, as_at=dt.date(2015, 1, 1))
    assert card == []


def test_every_headline_is_the_last_point_of_its_sparkline(index):
    for as_at in (None, dt.date(2020, 6, 30), dt.date(2018, 3, 31)):
        for card_row in report_card(index, WARWICKSHIRE, SCHEMA, AREAS, as_at=as_at):
            assert card_row.recent[-1] == card_row.latest
            assert card_row.sparkline[-1] == card_row.latest.value


def test_a_quarter_end_count_is_named_by_its_day_not_31_march():
    cpp_count, referrals = SCHEMA["cpp_count"], SCHEMA["referrals"]
    quarter = parse_period("Q1 20/21")
    assert period_name(quarter, cpp_count) == "30 Jun 2020"
    assert period_phrase(quarter, cpp_count) == "at 30 Jun 2020"
    assert period_phrase(quarter, referrals) == "in Q1 20/21"
    assert period_name(snapshot(dt.date(2020, 7, 31))) == "31 Jul 2020"
    # The title's "at 31 March" goes where the figure was counted on another day.
    assert title_for(cpp_count, quarter) == "Children subject to a child protection plan"
    assert title_for(cpp_count, snapshot(dt.date(2020, 3, 31))) == cpp_count.title


def test_the_latest_of_one_day_is_the_indicator_s_own_cycle():
    """2019/20 and its fourth quarter both end on 31 March 2020: the year heads the row."""
    year = local(WARWICKSHIRE, "referrals", "2019/20", "5000")
    q4 = local(WARWICKSHIRE, "referrals", "Q4 19/20", "1300")
    series = trend_series(ObservationIndex([q4, year]), "referrals", WARWICKSHIRE)
    assert latest_held(series.points, SCHEMA["referrals"]).value == 5000


def test_figures_imported_for_september_2024_head_the_card(database):
    """A council's own Sep 2024 figures, imported after the 2019/20 report, are the latest."""
    later = [local(WARWICKSHIRE, "cpp_rate", "30 September 2024", "31.2"),
             local(WARWICKSHIRE, "icpc_15wd_pct", "Sep 2024", "81.0")]
    with open_store(database) as store:
        store.sync_areas(AREAS.all())
        store.sync_indicators(list(SCHEMA))
        store.import_observations(ImportBatch("report 2020.xlsx", "", "h1", "officer",
                                              [*table_1_observations(), JULY_2020, *table_3()]))
        store.import_observations(ImportBatch("september 2024.xlsx", "", "h2", "officer", later))
        card = {r.indicator_id: r for r in report_card(load_index(store), WARWICKSHIRE, SCHEMA, AREAS)}
    cp, icpc = card["cpp_rate"], card["icpc_15wd_pct"]
    assert (period_name(cp.latest.period), cp.latest.value) == ("30 Sep 2024", 31.2)
    assert period_name(cp.previous.period) == "31 Jul 2020"
    assert (period_name(icpc.latest.period), icpc.latest.value) == ("Sep 2024", 81.0)


@pytest.fixture
def stored(database):
    path = database
    with open_store(path) as store:
        store.sync_areas(AREAS.all())
        store.sync_indicators(list(SCHEMA))
        store.import_observations(ImportBatch("report 2020.xlsx", "", "h1", "officer",
                                              [*table_1_observations(), JULY_2020, *table_3()]))
    return path


def test_a_chart_as_at_a_day_draws_only_the_figures_held_then(stored):
    from cpdesk.chart.requests import ChartRequest, ChartSource, build_spec
    from cpdesk.reference import load_reference

    with open_store(stored, create=False) as store:
        source = ChartSource.from_store(store, load_reference())
        spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, as_at=dt.date(2019, 12, 31)))
        latest = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE))
        card = {r.indicator_id: r for r in source.report_card(WARWICKSHIRE, as_at=dt.date(2019, 12, 31))}
    assert spec.x_categories[-1] == "31 Mar 2019" and latest.x_categories[-1] == "31 Jul 2020"
    assert (spec.rag.period, card["cpp_rate"].latest.value) == ("31 Mar 2019", 29.8)


def test_the_chart_command_takes_an_as_at_day(stored, tmp_path, capsys):
    import argparse

    from cpdesk.cli_chart import add_chart_parser, cmd_chart

    parser = argparse.ArgumentParser()
    add_chart_parser(parser.add_subparsers(dest="command"))
    out = tmp_path / "cp.svg"
    args = parser.parse_args(["chart", "--indicator", "cpp_rate", "--area", WARWICKSHIRE, "--as-at", "soon",
                              "--out", str(out), "--db", stored])
    assert cmd_chart(args) == 2
    assert "'soon' is not a day" in capsys.readouterr().err and not out.exists()


def test_a_newer_year_suppressed_is_said_beside_the_older_headline():
    """The DfE suppresses a council's 2024 and 2025 figures ('c'): the headline stays 2023's figure,
    and the row says which later years have no figure and why, rather than passing them over."""
    raws = {"31 March 2023": "2.0", "31 March 2024": "c", "31 March 2025": "c"}
    figures = []
    for when, raw in raws.items():
        period = parse_period(when)
        assert period is not None
        value, status = (None, "c") if raw == "c" else (float(raw), None)
        figures.append(Observation(WARWICKSHIRE, "cpp_rate", period, value, status, raw, publisher="dfe"))
    latest = report_card(ObservationIndex(figures), WARWICKSHIRE, SCHEMA, AREAS)[0]
    assert latest.latest.value == 2.0 and period_name(latest.latest.period) == "31 Mar 2023"
    assert latest.withheld_text == ("Later, no figure: 31 Mar 2024 and 31 Mar 2025 suppressed "
                                    "(1 to 5 children)")
    index = ObservationIndex(figures)
    as_at_2024 = report_card(index, WARWICKSHIRE, SCHEMA, AREAS, as_at=dt.date(2024, 6, 1))
    assert as_at_2024[0].withheld_text == "Later, no figure: 31 Mar 2024 suppressed (1 to 5 children)"
    assert report_card(ObservationIndex(figures[:1]), WARWICKSHIRE, SCHEMA, AREAS)[0].withheld_text == ""
