"""Rules against history and expectations: outlier changes, stored figures, missing periods, statuses."""

from __future__ import annotations

import datetime as dt

from cpdesk.indicators.periods import parse_period
from cpdesk.issues import INFO, WARNING
from cpdesk.store.records import StoredObservation
from cpdesk.validate.rules_history import history_keys, marked_figures, previous_period_key
from tests.core.validate_fixtures import (
    FILE,
    WARWICKSHIRE,
    WARWICKSHIRE_DISTRICTS,
    context,
    obs,
    only,
    run,
)


def stored(observation, value: float | None, *, source_file: str = "warwickshire_2020.xlsx",
           period: str | None = None) -> StoredObservation:
    """What the store would hand back for this observation's key (or for ``period`` instead)."""
    return StoredObservation(
        area_code=observation.area_code, area_name="", indicator_id=observation.indicator_id,
        breakdown=observation.breakdown, period=parse_period(period) if period else observation.period,
        value=value, status=None, raw=str(value), publisher=observation.publisher, source_file=source_file,
        source_sheet="Table 6", source_cell="E12", updated_at="2020-09-01T10:00:00", updated_by="jsmith")


def test_previous_period_of_each_kind():
    assert previous_period_key(parse_period("31 March 2019")) == ("snapshot", dt.date(2018, 3, 31),
                                                                  dt.date(2018, 3, 31))
    assert previous_period_key(parse_period("2018/19")) == ("year", dt.date(2017, 4, 1), dt.date(2018, 3, 31))
    assert previous_period_key(parse_period("Q1 20/21")) == ("quarter", dt.date(2020, 1, 1),
                                                             dt.date(2020, 3, 31))
    assert previous_period_key(parse_period("Mar-20")) == ("month", dt.date(2020, 2, 1), dt.date(2020, 2, 29))


def test_district_rate_halving_in_a_year_is_an_outlier_and_a_steady_one_is_not():
    # Table 7: North Warwickshire 47 -> 22 per 10,000 (31 March 2018 -> 2019); Rugby 36 -> 23.
    north, rugby = WARWICKSHIRE_DISTRICTS["North Warwickshire"], WARWICKSHIRE_DISTRICTS["Rugby"]
    figures = [obs("cpp_rate", north, "31 March 2018", 47, "E4", raw="47"),
               obs("cpp_rate", north, "31 March 2019", 22, "F4", raw="22"),
               obs("cpp_rate", rugby, "31 March 2018", 36, "E6", raw="36"),
               obs("cpp_rate", rugby, "31 March 2019", 23, "F6", raw="23")]
    issue = only(run("outlier-change", figures))
    assert (issue.code, issue.severity, issue.cell) == ("outlier-change", WARNING, "F4")
    assert "22.0 per 10,000 is a large change from 47.0 per 10,000 in 31 Mar 2018 (cell E4" in issue.message


def test_percentage_moving_more_than_25_points_against_the_stored_year_is_an_outlier():
    # Table 3, ICPC within 15 working days: 72.6% in 2017/18; 83.1% in 2018/19 mistyped as 8.31.
    good = obs("icpc_15wd_pct", WARWICKSHIRE, "2018/19", 83.1, "E4")
    slip = obs("icpc_15wd_pct", WARWICKSHIRE, "2018/19", 8.31, "E4")
    previous = stored(good, 72.6, period="2017/18")
    ctx = context(stored={previous.key: previous})
    assert run("outlier-change", [good], ctx) == []
    issue = only(run("outlier-change", [slip], ctx))
    assert (issue.code, issue.severity, issue.cell) == ("outlier-change", WARNING, "E4")
    assert "the stored figure from warwickshire_2020.xlsx" in issue.message
    assert previous.key in history_keys([slip])


def test_figure_differing_from_the_stored_one_is_a_warning_naming_old_and_new():
    # Table 6 said 563 for 31 March 2018; the DfE's D5 file says 561.
    new = obs("cpp_count", WARWICKSHIRE, "31 March 2018", 561, "C7", sheet="D5")
    same = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "D7", sheet="D5")
    ctx = context(stored={new.key: stored(new, 563), same.key: stored(same, 345)})
    issue = only(run("differs-from-stored", [new, same], ctx))
    assert (issue.code, issue.severity, issue.sheet, issue.cell) == (
        "differs-from-stored", WARNING, "D5", "C7")
    assert "561 differs from the stored 563 (from warwickshire_2020.xlsx, sheet 'Table 6', cell E12)" \
        in issue.message


def test_indicator_missing_for_a_period_the_area_has_is_noted_once():
    # Table 1 gives the rate for five years; a Table 6 with 31 March 2020 left out.
    rates = [obs("cpp_rate", WARWICKSHIRE, f"31 March {year}", value, f"{col}5")
             for year, value, col in ((2016, 42.0, "B"), (2017, 38.8, "C"), (2018, 49.0, "D"),
                                      (2019, 29.8, "E"), (2020, 25.1, "F"))]
    counts = [obs("cpp_count", WARWICKSHIRE, f"31 March {year}", value, f"{col}12")
              for year, value, col in ((2016, 473, "B"), (2017, 439, "C"), (2018, 563, "D"),
                                       (2019, 345, "E"))]
    issue = only(run("missing-expected", rates + counts))
    assert (issue.code, issue.severity, issue.file, issue.cell) == ("missing-expected", INFO, FILE, "")
    assert "Children subject to a child protection plan at 31 March for Warwickshire is missing for " \
           "31 Mar 2020" in issue.message
    complete = counts + [obs("cpp_count", WARWICKSHIRE, "31 March 2020", 295, "F12")]
    assert run("missing-expected", rates + complete) == []


def test_expected_indicators_are_checked_when_given():
    figures = [obs("cpp_rate", WARWICKSHIRE, "31 March 2020", 25.1, "F5")]
    ctx = context(expected={("cpp_rate", "31 Mar 2020"), ("cpp_count", "31 Mar 2020")})
    issue = only(run("missing-expected", figures, ctx))
    assert (issue.code, issue.severity) == ("missing-expected", INFO)
    assert "(cpp_count) for 31 Mar 2020" in issue.message


def test_status_cells_give_one_summary_for_the_file():
    # Table 1: statistical neighbours and England are "TBC" for 2019/20.
    figures = [obs("cpp_rate", WARWICKSHIRE, "31 March 2020", 25.1, "F5"),
               obs("cpp_rate", "SN-E10000031", "31 March 2020", None, "F6", status="tbc", raw="TBC"),
               obs("cpp_rate", "E92000001", "31 March 2020", None, "F7", status="tbc", raw="TBC")]
    issue = only(run("status-value", figures))
    assert (issue.code, issue.severity, issue.cell) == ("status-value", INFO, "")
    assert "2 cells hold a status instead of a figure: 2 to be confirmed (tbc)" in issue.message
    assert run("status-value", figures[:1]) == []


def test_figures_with_footnote_marks_are_summed_up_once_per_file():
    figures = [obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 29.8, "E5", raw="29.8*"),
               obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "E12", raw="345¹"),
               obs("cpp_count", WARWICKSHIRE, "31 March 2017", 439, "C12", raw="439"),
               obs("cpp_ended_2y_pct", WARWICKSHIRE, "2018/19", 3.0, "E8", raw="3.0%")]
    [note] = marked_figures(figures, context())
    assert note.severity == "info" and note.code == "marked-figure"
    assert "2 figures carry a footnote mark (29.8* in cell E5" in note.message
    assert "345¹ in cell E12" in note.message
    assert "439" not in note.message and "provisional" in note.message
    assert list(marked_figures(figures[2:], context())) == []
