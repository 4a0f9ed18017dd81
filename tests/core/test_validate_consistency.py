"""Rules across cells: rates against counts and population, districts against their LA, category shares."""

from __future__ import annotations

import pytest

from cpdesk.indicators.population import child_population
from cpdesk.issues import ERROR, WARNING
from cpdesk.validate.engine import validate
from tests.core.validate_fixtures import (
    HAMPSHIRE,
    WARWICKSHIRE,
    WARWICKSHIRE_DISTRICTS,
    areas,
    context,
    obs,
    only,
    run,
    schema,
)

# Warwickshire at 31 March 2019: 345 children on plans, mid-2018 population 115,696, rate 29.8.
COUNT_2019 = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345, "F12", sheet="Table 6")
POPULATION_MID_2018 = obs("child_population", WARWICKSHIRE, "mid-2018", 115_696, "B2", sheet="Population")


def test_rate_matching_count_and_population_in_the_file_passes():
    rate = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 29.8, "E5", raw="29.8")
    assert run("rate-mismatch", [COUNT_2019, POPULATION_MID_2018, rate]) == []


def test_rate_that_does_not_match_is_a_warning_showing_the_computed_rate():
    rate = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 31.0, "E5", raw="31.0")
    issue = only(run("rate-mismatch", [COUNT_2019, POPULATION_MID_2018, rate]))
    assert (issue.code, issue.severity, issue.sheet, issue.cell) == (
        "rate-mismatch", WARNING, "CP tables", "E5")
    assert ("31.0 per 10,000 does not match 345 out of a child population of 115,696 (mid-2018)"
            in issue.message)
    assert "which gives 29.8 per 10,000" in issue.message


def test_rate_uses_the_population_lookup_when_the_file_has_no_population():
    with_lookup = context(population=child_population)
    good = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 29.8, "E5")
    bad = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 31.0, "E5", raw="31.0")
    assert run("rate-mismatch", [COUNT_2019, good], with_lookup) == []
    assert only(run("rate-mismatch", [COUNT_2019, bad], with_lookup)).cell == "E5"
    # Without a population anywhere there is nothing to compare with.
    assert run("rate-mismatch", [COUNT_2019, bad]) == []


def test_rate_published_as_a_whole_number_is_compared_at_that_precision():
    # 30 is 29.8 written without decimals (as Table 7 writes district rates); 32 is not.
    whole = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 30, "E5", raw="30")
    wrong = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 32, "E5", raw="32")
    assert run("rate-mismatch", [COUNT_2019, POPULATION_MID_2018, whole]) == []
    assert only(run("rate-mismatch", [COUNT_2019, POPULATION_MID_2018, wrong])).cell == "E5"


@pytest.mark.parametrize("reference", [True, False], ids=["by-figure", "by-column"])
def test_a_mismatched_rate_is_shown_as_written_and_its_count_as_a_whole_number(reference):
    """Table 7 writes rates without decimals: 32 is shown as 32, and the count 345 (a float) as 345."""
    wrong = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 32, "E5", raw="32")
    report = validate([COUNT_2019, POPULATION_MID_2018, wrong], context(), reference=reference)
    [issue] = [i for i in report.issues if i.code == "rate-mismatch"]
    assert ("32 per 10,000 does not match 345 out of a child population of 115,696 (mid-2018), which "
            "gives 30 per 10,000") in issue.message


def test_a_count_that_is_not_whole_is_shown_as_it_is_not_rounded_away():
    count = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 345.5, "F12", sheet="Table 6")
    wrong = obs("cpp_rate", WARWICKSHIRE, "31 March 2019", 31.0, "E5", raw="31.0")
    issue = only(run("rate-mismatch", [count, POPULATION_MID_2018, wrong]))
    assert "31.0 per 10,000 does not match 345.5 out of a child population of 115,696" in issue.message


def _district_counts(counts: dict[str, int]) -> list:
    return [obs("cpp_count", WARWICKSHIRE_DISTRICTS[name], "31 March 2019", n, f"C{row}", sheet="Districts")
            for row, (name, n) in enumerate(counts.items(), start=4)]


def test_district_counts_within_the_la_count_pass():
    assert {a.code for a in areas().districts_of(WARWICKSHIRE)} == set(WARWICKSHIRE_DISTRICTS.values())
    districts = _district_counts({"North Warwickshire": 30, "Nuneaton and Bedworth": 105, "Rugby": 60,
                                  "Stratford-on-Avon": 60, "Warwick": 90})
    assert run("districts-exceed-la", [COUNT_2019, *districts]) == []


def test_district_counts_adding_up_to_more_than_the_la_are_an_error_at_the_la_cell():
    districts = _district_counts({"North Warwickshire": 30, "Nuneaton and Bedworth": 105, "Rugby": 60,
                                  "Stratford-on-Avon": 60, "Warwick": 97})
    issue = only(run("districts-exceed-la", [COUNT_2019, *districts]))
    assert (issue.code, issue.severity, issue.sheet, issue.cell) == (
        "districts-exceed-la", ERROR, "Table 6", "F12")
    assert "add up to 352" in issue.message and "Warwick 97" in issue.message
    assert "more than the 345 given for the whole authority" in issue.message


def _hampshire_categories(shares: dict[str, float], period: str = "2013-14") -> list:
    return [obs("cpp_by_category_pct", HAMPSHIRE, period, value, f"C{row}", breakdown=category)
            for row, (category, value) in enumerate(shares.items(), start=10)]


def test_category_shares_adding_up_to_about_100_pass():
    # Hampshire 2013-14, new plans by category (no "multiple" column): 49.0 + 21.6 + 4.9 + 24.6 = 100.1.
    shares = _hampshire_categories({"neglect": 49.0, "physical": 21.6, "sexual": 4.9, "emotional": 24.6})
    assert run("category-total", shares) == []


def test_category_shares_over_110_are_a_warning_even_with_a_category_missing():
    # Neglect typed as 94.0 instead of 49.0.
    shares = _hampshire_categories({"neglect": 94.0, "physical": 21.6, "sexual": 4.9, "emotional": 24.6})
    issue = only(run("category-total", shares))
    assert (issue.code, issue.severity, issue.cell) == ("category-total", WARNING, "C10")
    assert "add up to 145.1%" in issue.message


def test_category_shares_under_90_count_only_when_every_category_is_given():
    partial = {"neglect": 49.0, "physical": 21.6, "sexual": 4.9, "emotional": 2.46}
    assert run("category-total", _hampshire_categories(partial)) == []
    complete = _hampshire_categories({**partial, "multiple": 0.0})
    assert only(run("category-total", complete)).cell == "C10"


def test_overlapping_risk_factors_are_not_summed():
    # Oxfordshire 2015: factors at the end of assessment overlap (one child, several factors).
    indicator = next(i for i in schema().indicators.values()
                     if i.breakdown == "risk_factor" and i.unit == "percent")
    shares = [obs(indicator.id, "E10000025", "2014/15", 60.0, f"C{row}", breakdown=category.id)
              for row, category in enumerate(schema().breakdowns["risk_factor"].categories, start=4)]
    assert sum(s.value for s in shares) > 110
    assert run("category-total", shares) == []


def test_in_year_rate_using_the_previous_years_estimate_passes():
    # Oxfordshire, 1 September 2014: 451 children on plans, 32.4 per 10,000 (reported Sep 2014,
    # when the latest estimate was mid-2013's 139,928; today's mid-2014 estimate gives 32.0).
    count = obs("cpp_count", "E10000025", "1 September 2014", 451, "C5", sheet="Key figures")
    rate = obs("cpp_rate", "E10000025", "1 September 2014", 32.4, "C6", raw="32.4", sheet="Key figures")
    assert run("rate-mismatch", [count, rate], context(population=child_population)) == []
    wrong = obs("cpp_rate", "E10000025", "1 September 2014", 34.4, "C6", raw="34.4", sheet="Key figures")
    assert only(run("rate-mismatch", [count, wrong], context(population=child_population))).cell == "C6"
