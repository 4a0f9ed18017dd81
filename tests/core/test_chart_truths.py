"""Charts, report cards and board sheets say only what the stored figures support (demo database).

Each test pins a case where a chart once said more than its figures: a ranking of one council, a
source it did not draw from, an in-year figure breaking a year-by-year line or heading a row, a
"mean" of one neighbour, a count rated against bigger councils' counts, an empty board sheet.
"""

from __future__ import annotations

import argparse
import datetime as dt

import openpyxl
import pytest

from cpdesk.chart.format import officer_label
from cpdesk.chart.requests import ChartRequest, ChartRequestError, build_spec
from cpdesk.cli_chart import cmd_chart
from cpdesk.export.board import write_board_workbook
from cpdesk.query.comparators import sn_aggregate
from cpdesk.query.rag import rag_for
from cpdesk.store.records import Target

pytest_plugins = ["tests.ui.chart_fixtures"]

WARWICKSHIRE, HAMPSHIRE = "E10000031", "E10000014"


@pytest.fixture
def demo_db(shared_demo_database):
    """The demo on each backend (read only: a test that writes takes ``demo_database``'s copy)."""
    return shared_demo_database


@pytest.fixture(scope="module")
def source(shared_demo_database, reference):
    """One chart source over the shared demo per module and backend: building it reads every figure."""
    from cpdesk.chart.requests import ChartSource
    from cpdesk.store import open_store

    with open_store(shared_demo_database, create=False) as store:
        yield ChartSource.from_store(store, reference)


def _row(source, indicator_id, targets=None):
    from cpdesk.query.report_card import report_card

    schema = list(source.reference.schema)
    rows = report_card(source.index, WARWICKSHIRE, schema, source.reference.areas, targets=targets)
    return next(r for r in rows if r.indicator_id == indicator_id)


def test_a_ranking_without_the_national_figures_says_what_to_import(bare_source):
    with pytest.raises(ChartRequestError) as caught:
        build_spec(bare_source, ChartRequest("cpp_rate", WARWICKSHIRE, "rank"))
    message = str(caught.value)
    assert "only 1 local authority has a figure" in message
    assert "import the DfE's national file" in message and "D5" in message


def test_the_chart_command_refuses_the_ranking_with_exit_2(bare_demo_db, tmp_path, capsys):
    out = tmp_path / "rank.png"
    args = argparse.Namespace(indicator="cpp_rate", area=WARWICKSHIRE, kind="rank", period=None,
                              out=str(out), sub_db=str(bare_demo_db), db=None)
    assert cmd_chart(args) == 2
    assert "national file" in capsys.readouterr().err and not out.exists()


def test_a_ranking_counts_the_las_it_ranks_and_cites_the_file_they_came_from(source):
    spec = build_spec(source, ChartRequest("referrals", WARWICKSHIRE, "rank"))
    count = len(spec.x_categories)
    assert count > 140
    assert f"— {count} local authorities with a figure for 2024/25" in spec.title
    assert "all local authorities" not in spec.title
    assert spec.footnote.endswith(" Source: DfE published statistics "
                                  "(c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv).")


def test_the_district_chart_cites_the_file_its_figures_came_from(source):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "districts"))
    assert spec.footnote == "Source: council reports (warwickshire_cp_update_2020.xlsx)."
    assert "D5" not in spec.footnote and source.reference.schema.get("cpp_rate").source not in spec.footnote


def test_trend_positions_are_proportional_to_time(source):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    at = dict(zip(spec.x_categories, spec.x_positions, strict=True))
    assert at["31 Mar 2015"] - at["31 Mar 2013"] == pytest.approx(2.0, abs=0.01)
    assert at["31 Mar 2016"] - at["31 Mar 2015"] == pytest.approx(1.0, abs=0.01)
    assert at["31 Jul 2020"] - at["31 Mar 2020"] == pytest.approx(122 / 365, abs=0.01)
    assert spec.x_step == 1.0


def test_an_in_year_point_is_its_own_group_and_the_rag_rates_the_latest_figure(source):
    spec = build_spec(source, ChartRequest("cpp_rate", WARWICKSHIRE, "trend"))
    home = spec.series_named("Warwickshire")
    july = [p for p in home.points if spec.x_categories[p.x] == "31 Jul 2020"]
    assert [(p.y, p.group) for p in july] == [(28.0, "31 Jul snapshot")]
    assert all(not p.group for p in home.points if spec.x_categories[p.x].startswith("31 Mar"))
    # The national data pack holds every council's, region's and England's rate to 31 March 2025.
    assert (spec.rag.period, spec.x_categories[spec.rag.x]) == ("31 Mar 2025", "31 Mar 2025")


def test_an_in_year_figure_never_breaks_the_comparators_lines(demo_database, reference):
    """Hampshire's rate of referrals for February 2015 (an in-year figure) beside the DfE's yearly ones."""
    from cpdesk.chart.requests import ChartSource
    from cpdesk.indicators.period_spans import month_period
    from cpdesk.observation import Observation
    from cpdesk.store import open_store

    with open_store(demo_database, create=False) as store:
        store.record_edits([Observation(HAMPSHIRE, "referrals_rate", month_period(2015, 2), 612.0,
                                        raw="612")], "A. Officer")
        spec = build_spec(ChartSource.from_store(store, reference),
                          ChartRequest("referrals_rate", HAMPSHIRE, "trend"))
    feb = spec.x_categories.index("Feb-15")
    for name in ("England", "South East"):
        line = spec.series_named(name)
        assert feb not in [p.x for p in line.points]  # no gap at Feb-15: the line runs on
        assert all(p.y is not None for p in line.points if not p.group)
    home = [p for p in spec.series_named("Hampshire").points if p.x == feb]
    assert [p.group for p in home] == ["monthly"]


def test_a_count_is_charted_for_the_council_alone(source):
    """England's and the South East's referrals dwarf Hampshire's: counts are compared as rates."""
    spec = build_spec(source, ChartRequest("referrals", HAMPSHIRE, "trend"))
    assert [line.name for line in spec.series] == ["Hampshire"]
    assert "compare the rate" in spec.footnote
    rate = build_spec(source, ChartRequest("referrals_rate", HAMPSHIRE, "trend"))
    assert {"England", "South East"} <= {line.name for line in rate.series}


def test_a_comparator_mean_needs_half_the_neighbours(source):
    comparison = sn_aggregate(source.index, WARWICKSHIRE, "referrals", source.reference.areas)
    assert {p.period.kind for p in comparison.computed.points} == {"year"}  # no "Feb 2015" of one council
    assert all(p.n_with_data >= 5 for p in comparison.computed.points)


def test_the_report_card_heads_the_cp_rate_row_with_the_july_snapshot(source):
    row = _row(source, "cpp_rate")
    # 335 children of 129,392 (D5 and ONS mid-2024), England 49,420 of 12,183,016: the national data pack.
    assert (row.latest.period.label, row.latest.value) == ("31 Mar 2025", 25.9)
    assert (row.previous.value, row.change, row.england) == (29.0, -3.1, 40.6)
    assert 28.0 not in row.sparkline  # the July snapshot is not a year-end


def test_as_at_the_end_of_2020_the_cp_rate_row_is_the_july_snapshot(source):
    import datetime as dt

    from cpdesk.query.report_card import report_card

    rows = report_card(source.index, WARWICKSHIRE, list(source.reference.schema), source.reference.areas,
                       as_at=dt.date(2020, 12, 31))
    row = next(r for r in rows if r.indicator_id == "cpp_rate")
    assert (row.latest.period.label, row.latest.value) == ("31 Jul 2020", 28.0)
    assert (row.previous.value, row.change) == (25.1, 2.9)
    assert row.sparkline[-1] == 28.0 and row.sparkline[-2] == 25.1
    assert row.england is None  # England has no 31 July figure: it is named with its own day
    england = row.compared("england")
    assert (england.period.label, england.same_period) == ("31 Mar 2020", False)


def test_counts_get_no_rag_against_neighbours_but_rates_and_percentages_do(source):
    assert _row(source, "rereferrals_12m_count").rag.status == "neutral"
    assert _row(source, "cpp_repeat_count").rag.status == "neutral"
    assert "count" in _row(source, "cpp_repeat_count").rag.label
    assert _row(source, "rereferrals_12m_pct").rag.status == "green"
    target = Target(WARWICKSHIRE, "cpp_repeat_count", "", None, 100.0, 5.0, "officer", "2025-04-01")
    assert _row(source, "cpp_repeat_count", {"cpp_repeat_count": [target]}).rag.status == "red"
    assert rag_for(878, "low", sn_mean=2558.8, unit="count").status == "neutral"
    assert rag_for(17.0, "low", sn_mean=21.3, unit="percent").status == "green"


def test_time_position_is_the_end_date_in_years():
    from cpdesk.indicators.periods import parse_period
    from cpdesk.query.cycle import time_position

    assert time_position(parse_period("2019/20")) == time_position(parse_period("31 March 2020"))
    assert time_position(parse_period("31 March 2020")) == pytest.approx(2020 + 91 / 366)


@pytest.fixture
def board_book(demo_db, reference, tmp_path):
    from cpdesk.store import open_store

    chosen = ["cpp_rate", "rereferrals_12m_pct", "icpc_15wd_pct", "cpp_repeat_count", "cpp_repeat_pct",
              "cpp_repeat_2y_count", "cpp_repeat_2y_pct", "cpp_repeat_gap_months"]
    with open_store(demo_db, create=False) as store:
        path = write_board_workbook(store, tmp_path / "b.xlsx", chosen, WARWICKSHIRE, reference.schema,
                                    reference.areas)
    return openpyxl.load_workbook(path), [reference.schema.get(i) for i in chosen]


def test_board_sheets_are_named_by_short_title_within_excels_limit(board_book):
    book, indicators = board_book
    names = book.sheetnames[1:-1]  # between the report card and the charts' hidden figures
    assert len(names) == len(set(n.lower() for n in names)) == len(indicators)
    assert all(len(n) <= 31 for n in names)
    assert names == [i.short_title for i in indicators]
    assert not any(i.id in names for i in indicators)


def test_quarter_only_indicators_get_their_quarters_as_columns(board_book):
    book, indicators = board_book
    by_id = dict(zip((i.id for i in indicators), book.sheetnames[1:-1], strict=True))
    for indicator_id in ("cpp_repeat_2y_count", "cpp_repeat_gap_months"):
        header = book[by_id[indicator_id]][5]
        assert header[0].value == "Area" and header[-1].number_format == '"Q1 20/21"' and len(header) == 9
    months = [c.value for c in book[by_id["cpp_repeat_gap_months"]][6]]
    assert months[1:] == [54, 55, 23, 34, 23, 45, 42, 42]


def test_board_cells_hold_figures_as_published(board_book):
    book, indicators = board_book
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, float):
                    assert value == round(value, 4), (sheet.title, value)
    card = {r[0]: r for r in book["Report card"].iter_rows(min_row=4, values_only=True)}
    icpc = card[next(i.title for i in indicators if i.id == "icpc_15wd_pct")]
    assert (icpc[1], icpc[2], icpc[14], icpc[15]) == ("2024/25", 0.819, 0.814, "2024/25")  # 451 of 551 ICPCs


def test_board_report_card_as_at_names_the_comparators_own_periods(demo_db, reference, tmp_path):
    """As at the end of 2020 the CP rate is the 31 July snapshot; the neighbours' and England's
    figures are their 31 March ones, each with its period beside it."""
    import datetime as dt

    from cpdesk.store import open_store

    with open_store(demo_db, create=False) as store:
        path = write_board_workbook(store, tmp_path / "b.xlsx", ["cpp_rate"], WARWICKSHIRE, reference.schema,
                                    reference.areas, as_at=dt.date(2020, 12, 31))
    sheet = openpyxl.load_workbook(path)["Report card"]
    card = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    row = card[reference.schema.get("cpp_rate").title]
    assert row[1:6] == ("31 Jul 2020", 28.0, "31 Mar 2020", 25.1, 2.9)
    # The neighbours' mean (columns 8-9) and England (14-15) at 31 March 2020, with that period named.
    assert row[8] is not None and row[9] == "31 Mar 2020" and row[14] is not None and row[15] == "31 Mar 2020"


@pytest.mark.parametrize("as_at", [None, "2020-12-31", "2019-03-31"])
def test_every_card_headline_is_the_last_point_of_its_sparkline_and_rated_as_its_chart(source, as_at):
    import datetime as dt

    from cpdesk.query.report_card import report_card

    day = dt.date.fromisoformat(as_at) if as_at else None
    rows = report_card(source.index, WARWICKSHIRE, list(source.reference.schema), source.reference.areas,
                       as_at=day)
    assert rows
    for row in rows:
        assert row.recent[-1] == row.latest and row.sparkline[-1] == row.latest.value, row.indicator_id
        spec = build_spec(source, ChartRequest(row.indicator_id, WARWICKSHIRE, as_at=day))
        assert spec.rag.period == officer_label(row.latest.period), row.indicator_id
        assert spec.rag.status == row.rag.status, (row.indicator_id, spec.rag.basis, row.rag.basis)


def test_a_chart_as_at_a_day_before_the_first_figure_says_so(source):
    """The looked-after figures in the demo start at 31 Mar 2021: as at 30 Sep 2020 the chart says
    there are none yet, not that the officer should import what the database already holds."""
    with pytest.raises(ChartRequestError) as refused:
        build_spec(source, ChartRequest("cla_rate", WARWICKSHIRE, as_at=dt.date(2020, 9, 30)))
    message = str(refused.value)
    assert "as at 30 September 2020: the first held is for" in message
    assert "import" not in message
    assert build_spec(source, ChartRequest("cla_rate", WARWICKSHIRE)).series  # held, later
