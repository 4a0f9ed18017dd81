"""Properties of the parsers every figure passes through: cell values, periods, areas and labels.

Two kinds of property: no text or number a council could write (or a damaged file could hold) makes
a parser raise anything but its documented error, and what cpdesk writes reads back as itself (a
period's label, an officer's period label, a figure as published, an area's code and name).

The examples are derandomised, so a failure here fails the same way on every run and on CI; set
``CPDESK_HYPOTHESIS=random`` to explore new examples locally.
"""

from __future__ import annotations

import datetime as dt
import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpdesk.chart.format import format_value, officer_label
from cpdesk.indicators.model import PERIOD_KINDS, AreaKind, Unit
from cpdesk.indicators.period_spans import financial_year, fy_quarter, mid_year, month_period, snapshot
from cpdesk.indicators.periods import coerce_period, dfe_reporting_year, parse_period, period_sort_key
from cpdesk.indicators.rates import rate_per_10k, round_half_up
from cpdesk.indicators.text import normalise_label
from cpdesk.read.tables.decorations import without_decorations
from cpdesk.read.tables.headers import LabelContext, classify
from cpdesk.read.values import footnote_mark, not_a_figure, parse_cell, parse_text, raw_text
from cpdesk.recognise import resolver_for

PROFILE = settings(
    max_examples=150,
    deadline=None,
    derandomize=os.environ.get("CPDESK_HYPOTHESIS") != "random",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# What a cell can hold: text written as councils write it (figures, marks, periods, names), any
# unicode at all, and every kind of number including NaN, infinities and the extremes.
_FIGURE_TEXT = st.from_regex(
    r"\A[ +\-£$]?[0-9,.]{0,12}[%*¹²()a-c ]{0,3}\Z|\A(?:TBC|N/A|c|x|\.\.|#DIV/0!|<5|25,9)\Z", fullmatch=True
)
_PERIOD_TEXT = st.from_regex(
    r"\A(?:Q[0-9] )?(?:[0-9]{1,4}[/\-. ]){0,3}[0-9]{1,6}(?: (?:Jan|Mar|Sept|Dec)[a-z]{0,4})?\Z"
    r"|\A(?:mid-|FY |as at |year ending )?[0-9]{1,2} ?(?:March|Apr|Feb) ?[0-9]{2,4}\Z", fullmatch=True
)
TEXT = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8")), _FIGURE_TEXT, _PERIOD_TEXT)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, 2**53 + 1, 20_000, 80_000, 201920, 999_999]),
)
DATES = st.one_of(st.dates(), st.datetimes())
CELLS = st.one_of(st.none(), st.booleans(), TEXT, NUMBERS, DATES)
FORMATS = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["0.0%", "0%", '"%"0', "mmm-yy", "@"]))
UNITS = st.one_of(st.none(), st.sampled_from(list(Unit)), st.text(max_size=5))
PREFERS = st.one_of(st.none(), st.sampled_from(list(PERIOD_KINDS)), st.text(max_size=5))

_YEARS = st.integers(min_value=1985, max_value=2075)  # two-digit years in labels read as 1980-2079
PERIODS = st.one_of(
    _YEARS.map(financial_year),
    st.builds(fy_quarter, _YEARS, st.integers(min_value=1, max_value=4)),
    st.builds(month_period, _YEARS, st.integers(min_value=1, max_value=12)),
    st.dates(min_value=dt.date(1985, 1, 1), max_value=dt.date(2075, 12, 31)).map(snapshot),
    _YEARS.map(mid_year),
)


# --- cell values ------------------------------------------------------------------------------------


@PROFILE
@given(CELLS, FORMATS, UNITS)
def test_any_cell_gives_a_value_a_status_or_a_reason(cell, number_format, unit):
    parsed = parse_cell(cell, number_format, unit)
    assert parsed.value is None or parsed.status is None
    if parsed.value is None and parsed.status is None:
        assert parsed.problem  # never silently nothing
    if parsed.value is not None:
        assert math.isfinite(parsed.value) or isinstance(cell, float)
    assert parsed.raw == raw_text(cell) or parsed.was_percent


@PROFILE
@given(TEXT, UNITS)
def test_text_never_makes_a_parser_raise(text, unit):
    parsed = parse_text(text, unit)
    if parsed.value is None and parsed.status is None:
        reason = not_a_figure(text, unit)
        assert text in reason  # the officer is told which text was not a figure
    footnote_mark(text)


@PROFILE
@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(lambda x: x == 0 or abs(x) >= 1e-4))
def test_a_number_written_as_cpdesk_shows_it_reads_back_as_itself(number):
    """raw_text is how cpdesk shows a cell's number; read back as text it is the same number."""
    assert parse_text(raw_text(number)).value == number


@PROFILE
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.sampled_from(list(Unit)),
       st.integers(min_value=0, max_value=3))
def test_a_figure_formatted_as_published_reads_back_to_the_same_number(value, unit, decimals):
    indicator = _indicator(unit, decimals)
    shown = format_value(value, indicator)
    parsed = parse_text(shown, unit)
    assert parsed.value == round_half_up(value, decimals)
    assert parsed.was_percent == (unit == Unit.PERCENT)


@PROFILE
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(allow_nan=True, allow_infinity=True),
       st.integers(min_value=0, max_value=3))
def test_rounding_and_rates_take_any_float(value, population, decimals):
    """A count of 1e308 reached the rate check from a damaged workbook: decimal's quantize raised."""
    rounded = round_half_up(value, decimals)
    assert rounded == value or math.isnan(value) or abs(rounded - value) <= 10 ** -decimals
    rate = rate_per_10k(value, population, decimals)
    assert rate is None or math.isfinite(rate)


def _indicator(unit: Unit, decimals: int):
    from cpdesk.indicators.model import Indicator, PeriodKind

    return Indicator("x", "Test figure", unit, "up", decimals, -1e30, 1e30, PeriodKind.YEAR)


# --- periods ----------------------------------------------------------------------------------------


@PROFILE
@given(CELLS, PREFERS)
def test_any_cell_names_a_period_or_none(cell, prefer):
    period = parse_period(cell, prefer=prefer)
    if period is not None:
        assert period.start <= period.end
        assert parse_period(period.label) is not None


@PROFILE
@given(PERIODS)
def test_an_officers_period_label_reads_back_as_the_period(period):
    assert parse_period(officer_label(period)) == period
    assert parse_period(period.label) == period


@PROFILE
@given(PERIODS, st.sampled_from(list(PERIOD_KINDS)))
def test_fitting_a_period_to_a_kind_keeps_its_end_or_the_period(period, kind):
    fitted = coerce_period(period, kind)
    assert fitted == period or fitted.end == period.end or fitted.kind == kind
    assert period_sort_key(fitted)


@PROFILE
@given(st.one_of(TEXT, st.integers(min_value=-(10**8), max_value=10**8)))
def test_a_dfe_time_period_is_a_year_or_a_value_error(time_period):
    try:
        year = dfe_reporting_year(time_period)
    except ValueError:
        return
    assert dfe_reporting_year(int(f"{year.start.year}{year.end.year % 100:02d}")) == year


# --- areas ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_las(areas):
    return [area for area in areas.all(AreaKind.LA) if area.closed is None and " / " not in area.code]


@PROFILE
@given(st.one_of(TEXT, NUMBERS), st.one_of(st.none(), st.sampled_from(["E10000031", "937", "E06000060"])))
def test_any_name_or_number_matches_an_area_or_says_why_not(areas, written, context):
    match = areas.match(written, context=context)
    assert match.reason
    assert match.area is None or match.area in match.candidates


@PROFILE
@given(st.data())
def test_a_live_councils_code_name_and_dfe_number_all_find_it(areas, live_las, data):
    la = data.draw(st.sampled_from(live_las))
    assert areas.match(la.code).area == la
    assert areas.match(la.name).area == la
    assert areas.match(int(la.old_code)).area == la
    assert areas.match(f"{la.old_code}.0").area == la
    assert areas.find(la.code) == la


def test_every_area_is_found_by_its_code_and_a_closed_councils_name_finds_it_or_its_successor(areas):
    for area in areas.all():
        assert areas.find(area.code) == area
        if area.kind == AreaKind.LA and area.closed is not None:
            found = areas.match(area.name).area
            assert found is area or (found is not None and found.closed is None), area.name


# --- labels -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resolver(reference):
    return resolver_for(reference.schema)


@PROFILE
@given(TEXT)
def test_any_label_reads_as_one_indicator_or_says_why_not(resolver, text):
    reading = resolver.indicator(text)
    assert reading.resolved or reading.reason or not reading.names_something
    reading.explain()
    normalised = normalise_label(text)
    assert normalise_label(normalised) == normalised
    without_decorations(text)


@PROFILE
@given(st.data())
def test_an_indicators_own_title_and_id_read_as_it(reference, resolver, data):
    indicator = data.draw(st.sampled_from(list(reference.schema)))
    assert resolver.indicator(indicator.title).indicator == indicator
    assert resolver.indicator(indicator.id).indicator == indicator


def test_an_indicators_short_title_reads_as_it_or_as_nothing_never_as_another(reference, resolver):
    """Short titles head the board's tables and the grid; terse ones ("CP plans") need not read as a
    label, but none may read as a different indicator ("Risk factor to CP plan %" was read as the
    plans started with a risk factor, not the assessments that led to a plan)."""
    for indicator in reference.schema:
        for text in (indicator.short_title, *indicator.aliases):
            found = resolver.indicator(text).indicator
            assert found is None or found == indicator, (text, found.id)
            if text in indicator.aliases:
                assert found == indicator, text


@PROFILE
@given(CELLS, st.one_of(st.none(), st.just("E10000031")))
def test_any_header_cell_is_classified(reference, cell, council):
    label = classify(cell, LabelContext(reference.schema, reference.areas, council=council))
    assert label.kind


@pytest.mark.parametrize(
    "day", [dt.date(1899, 12, 30), dt.date(1, 1, 1), dt.datetime(1979, 12, 1), dt.date(9999, 12, 31)]
)
def test_a_date_cell_outside_the_years_cpdesk_reads_names_no_period(day):
    """0 formatted as a date is 30 Dec 1899: a column under it must not be filed under that month."""
    assert parse_period(day) is None
    assert parse_period(dt.date(1980, 3, 31)) == snapshot(dt.date(1980, 3, 31))
