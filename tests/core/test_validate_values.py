"""Cell-by-cell rules: unknown ids, ranges, whole counts, negatives, duplicates, future periods."""

from __future__ import annotations

import datetime as dt

from cpdesk.issues import ERROR, WARNING
from tests.core.validate_fixtures import (
    FILE,
    SHEET,
    WARWICKSHIRE,
    areas,
    context,
    obs,
    only,
    run,
    schema,
)


def test_known_ids_pass_and_a_mistyped_indicator_is_an_error():
    good = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 29.8, "E5")
    bad = obs("cpp_rte", WARWICKSHIRE, "31 March 2019", 29.8, "E6")
    issue = only(run("unknown-indicator", [good, bad]))
    assert (issue.code, issue.severity, issue.sheet, issue.cell) == ("unknown-indicator", ERROR, SHEET, "E6")
    assert issue.message.startswith(f"Cell E6 on sheet '{SHEET}' of {FILE}: 'cpp_rte' is not an indicator")


def test_unknown_area_code_is_an_error():
    assert "E10000099" not in areas()
    good = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "E12")
    bad = obs("cpp_count", "E10000099", "31 March 2019", 345, "E13")
    issue = only(run("unknown-area", [good, bad]))
    assert (issue.code, issue.severity, issue.cell) == ("unknown-area", ERROR, "E13")
    assert "'E10000099' is not an area code" in issue.message


def test_breakdown_category_must_belong_to_the_indicators_dimension():
    # Hampshire 2013-14: new plans by category of abuse, neglect 49.0%.
    good = obs("cpp_by_category_pct", "E10000014", "2013-14", 49.0, "C4", breakdown="neglect")
    misspelt = obs("cpp_by_category_pct", "E10000014", "2013-14", 49.0, "C5", breakdown="negelct")
    not_broken_down = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 29.8, "C6", breakdown="neglect")
    issues = run("unknown-breakdown", [good, misspelt, not_broken_down])
    assert [(i.code, i.severity, i.cell) for i in issues] == [
        ("unknown-breakdown", ERROR, "C5"), ("unknown-breakdown", ERROR, "C6")]
    assert "'negelct' is not a category of the breakdown 'category'" in issues[0].message
    assert "this indicator is not broken down" in issues[1].message


def test_percentage_over_100_is_out_of_range_with_a_plain_message():
    good = obs("cpp_ended_2y_pct", WARWICKSHIRE, "2017/18", 5.9, "C4", raw="5.9%")
    bad = obs("cpp_ended_2y_pct", WARWICKSHIRE, "2017/18", 123.4, "C5", raw="123.4%")
    issue = only(run("out-of-range", [good, bad]))
    assert (issue.code, issue.severity, issue.cell) == ("out-of-range", ERROR, "C5")
    assert issue.message == (
        f"Cell C5 on sheet 'CP tables' of {FILE}: 123.4% is not a percentage between 0 and 100 "
        "(Plans ending that had lasted 2 years or more, Warwickshire, 2017/18).")


def test_rate_over_10000_is_out_of_range():
    good = obs("cpp_rate", WARWICKSHIRE, "31 March 2018", 49.0, "D5")
    bad = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 29800.0, "E5")
    issue = only(run("out-of-range", [good, bad]))
    assert (issue.cell, issue.severity) == ("E5", ERROR)
    assert "29,800.0 per 10,000 is not a rate per 10,000 between 0 and 10,000" in issue.message


def test_indicators_own_valid_range_is_applied():
    cpp_count = schema().get("cpp_count")
    too_many = obs("cpp_count", WARWICKSHIRE, "31 March 2019", cpp_count.valid_max + 1, "F5")
    issue = only(run("out-of-range", [obs("cpp_count", WARWICKSHIRE, "31 March 2018", 563, "F4"), too_many]))
    assert (issue.cell, issue.severity) == ("F5", ERROR)
    assert "outside the range this indicator allows" in issue.message


def test_count_with_a_fraction_is_not_whole():
    good = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "F12")
    bad = obs("cpp_count", WARWICKSHIRE, "31 March 2020", 295.5, "G12")
    issue = only(run("not-whole", [good, bad]))
    assert (issue.code, issue.severity, issue.cell) == ("not-whole", ERROR, "G12")
    assert "295.5 is a count" in issue.message


def test_negative_count_is_one_error_not_two():
    good = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "F12")
    bad = obs("cpp_count", WARWICKSHIRE, "31 March 2020", -295, "G12")
    issue = only(run("negative", [good, bad]))
    assert (issue.code, issue.severity, issue.cell) == ("negative", ERROR, "G12")
    assert run("out-of-range", [good, bad]) == []


def test_same_figure_twice_with_different_values_is_a_conflict_at_the_second_cell():
    # Table 6 gives 563 children on plans at 31 March 2018; the DfE's D5 file says 561.
    first = obs("cpp_count", WARWICKSHIRE, "31 March 2018", 563, "E12", sheet="Table 6")
    second = obs("cpp_count", WARWICKSHIRE, "31 March 2018", 561, "E20", sheet="Table 6b")
    other_year = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "F12", sheet="Table 6")
    issue = only(run("duplicate-conflict", [first, other_year, second]))
    assert (issue.code, issue.severity, issue.sheet, issue.cell) == (
        "duplicate-conflict", ERROR, "Table 6b", "E20")
    assert "561 contradicts 563 given for the same figure in cell E12 on sheet 'Table 6'" in issue.message
    assert run("duplicate", [first, other_year, second]) == []


def test_identical_repeat_is_only_a_warning():
    first = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "F12")
    again = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "F30")
    issue = only(run("duplicate", [first, again]))
    assert (issue.code, issue.severity, issue.cell) == ("duplicate", WARNING, "F30")
    assert run("duplicate-conflict", [first, again]) == []


def test_status_and_value_for_the_same_figure_conflict():
    tbc = obs("cpp_rate", "SN-E10000031", "31 March 2020", None, "F6", status="tbc", raw="TBC")
    figure = obs("cpp_rate", "SN-E10000031", "31 March 2020", 31.2, "F9")
    issue = only(run("duplicate-conflict", [tbc, figure]))
    assert issue.cell == "F9"
    assert "'TBC' (to be confirmed)" in issue.message


def test_period_starting_after_today_is_an_error():
    current = obs("cpp_starts", WARWICKSHIRE, "Q1 20/21", 120, "F14")
    future = obs("cpp_starts", WARWICKSHIRE, "Q3 20/21", 120, "F15")
    issue = only(run("future-period", [current, future]))
    assert (issue.code, issue.severity, issue.cell) == ("future-period", ERROR, "F15")
    assert "starts on 01 Oct 2020, after today (29 Sep 2020)" in issue.message
    assert run("future-period", [future], context(today=dt.date(2020, 10, 1))) == []



def test_a_count_over_a_period_given_for_one_day_is_an_error():
    quarter_end = obs("referrals", WARWICKSHIRE, "30 June 2024", 1300, "D3")
    fine = [obs("referrals", WARWICKSHIRE, "2023/24", 5484, "C3"),
            obs("referrals", WARWICKSHIRE, "Q1 24/25", 1300, "E3"),
            obs("cpp_count", WARWICKSHIRE, "30 June 2024", 340, "D4")]  # a count of children on a day is fine
    issue = only(run("one-day-flow", [quarter_end, *fine]))
    assert (issue.severity, issue.cell) == (ERROR, "D3")
    assert "30 Jun 2024 is a single day, but this indicator counts over a period" in issue.message
    assert "Q1 24/25" in issue.message
