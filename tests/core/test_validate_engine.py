"""validate(): every rule runs, a clean file gives a clean report, and the rule catalogue is sound."""

from __future__ import annotations

import re

from cpdesk.indicators.population import child_population
from cpdesk.issues import ERROR, SEVERITIES, WARNING
from cpdesk.validate.engine import RULES, rule_titles, validate
from tests.core.validate_fixtures import FILE, WARWICKSHIRE, context, obs

# Warwickshire Table 1 and Table 6, 31 March 2016-2019, with the rates the counts give.
CLEAN = [
    obs("cpp_rate", WARWICKSHIRE, "31 March 2016", 42.0, "B5", raw="42.0"),
    obs("cpp_rate", WARWICKSHIRE, "31 March 2017", 38.8, "C5", raw="38.8"),
    obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 29.8, "E5", raw="29.8"),
    obs("cpp_count", WARWICKSHIRE, "31 March 2016", 473, "B12"),
    obs("cpp_count", WARWICKSHIRE, "31 March 2017", 439, "C12"),
    obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "E12"),
    obs("cpp_ended_2y_pct", WARWICKSHIRE, "2018/19", 3.0, "E8", raw="3.0%"),
]


def test_rule_codes_are_unique_kebab_case_with_titles():
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)) == 18
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in codes)
    assert all(rule.severity in SEVERITIES and rule.title and rule.description for rule in RULES)
    assert rule_titles()["rate-mismatch"] == "Rate does not match its count"


def test_clean_warwickshire_figures_give_no_errors_or_warnings():
    report = validate(CLEAN, context(population=child_population))
    assert report.file == FILE
    assert report.errors == [] and report.warnings == []


def test_each_problem_is_reported_by_its_rule():
    broken = [
        *CLEAN,
        obs("cpp_ended_2y_pct", WARWICKSHIRE, "2017/18", 123.4, "D8", raw="123.4%"),
        obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 31.0, "E6", raw="31.0", sheet="Copy"),
        obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "E13"),
    ]
    # cpp_rate 31.0 sits in another sheet under the same key: a conflicting duplicate of 29.8.
    report = validate(broken, context(population=child_population))
    found = {(i.code, i.severity, i.cell) for i in report.issues}
    assert ("out-of-range", ERROR, "D8") in found
    assert ("duplicate-conflict", ERROR, "E6") in found
    assert ("duplicate", WARNING, "E13") in found
    assert report.has_errors


def test_an_issue_printed_on_one_line_names_its_place_once():
    from cpdesk.issues import Issue

    cell = Issue("outlier-change", "warning", "Cell G8 on sheet 'Table 5' of w.xlsx: 23 is a large change "
                 "from 55", "w.xlsx", "Table 5", "G8")
    hidden = Issue("hidden-sheet", "info", "Sheet 'Workings' is hidden and was not imported.", "w.xlsx",
                   "Workings")
    assert str(cell) == ("WARNING [outlier-change] Cell G8 on sheet 'Table 5' of w.xlsx: 23 is a large "
                         "change from 55")
    assert str(cell).count("w.xlsx") == 1
    assert str(hidden) == ("INFO [hidden-sheet] w.xlsx, sheet 'Workings': Sheet 'Workings' is hidden and was "
                           "not imported.")
