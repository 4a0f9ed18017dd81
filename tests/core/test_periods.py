"""Periods: every form the seed reports and DfE files use, canonical labels, coercion and order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpdesk.indicators.model import Period
from cpdesk.indicators.periods import (
    coerce_period,
    dfe_reporting_year,
    excel_serial_date,
    financial_year,
    fy_quarter,
    mid_year,
    month_period,
    parse_period,
    period_sort_key,
    snapshot,
)

D = dt.date

# input, prefer -> kind, start, end, canonical label
PARSED = [
    # financial years, as Warwickshire, Hampshire and Oxfordshire write them
    ("2015/16", None, "year", D(2015, 4, 1), D(2016, 3, 31), "2015/16"),
    ("2012-13", None, "year", D(2012, 4, 1), D(2013, 3, 31), "2012/13"),
    ("2012 - 13", None, "year", D(2012, 4, 1), D(2013, 3, 31), "2012/13"),
    ("19/20", None, "year", D(2019, 4, 1), D(2020, 3, 31), "2019/20"),
    ("11/12", None, "year", D(2011, 4, 1), D(2012, 3, 31), "2011/12"),
    ("FY 2019/20", None, "year", D(2019, 4, 1), D(2020, 3, 31), "2019/20"),
    ("2019-2020", None, "year", D(2019, 4, 1), D(2020, 3, 31), "2019/20"),
    ("2008/9", None, "year", D(2008, 4, 1), D(2009, 3, 31), "2008/09"),
    ("2006/7", None, "year", D(2006, 4, 1), D(2007, 3, 31), "2006/07"),
    ("2009/10", None, "year", D(2009, 4, 1), D(2010, 3, 31), "2009/10"),
    ("Year ending 31 March 2019", None, "year", D(2018, 4, 1), D(2019, 3, 31), "2018/19"),
    # DfE time_period
    ("201920", None, "year", D(2019, 4, 1), D(2020, 3, 31), "2019/20"),
    (201920, None, "year", D(2019, 4, 1), D(2020, 3, 31), "2019/20"),
    # quarters of financial years (Warwickshire Table 5, Oxfordshire "Qtr 1 14/15")
    ("Q1 20/21", None, "quarter", D(2020, 4, 1), D(2020, 6, 30), "Q1 20/21"),
    ("Q4 17/18", None, "quarter", D(2018, 1, 1), D(2018, 3, 31), "Q4 17/18"),
    ("Q2 18/19", None, "quarter", D(2018, 7, 1), D(2018, 9, 30), "Q2 18/19"),
    ("Q3 19/20", None, "quarter", D(2019, 10, 1), D(2019, 12, 31), "Q3 19/20"),
    ("2020/21 Q1", None, "quarter", D(2020, 4, 1), D(2020, 6, 30), "Q1 20/21"),
    ("Apr-Jun 2023", None, "quarter", D(2023, 4, 1), D(2023, 6, 30), "Q1 23/24"),  # a quarter by its months
    ("Oct - Dec 2023", None, "quarter", D(2023, 10, 1), D(2023, 12, 31), "Q3 23/24"),
    ("January to March 2024", None, "quarter", D(2024, 1, 1), D(2024, 3, 31), "Q4 23/24"),
    ("Qtr 1 14/15", None, "quarter", D(2014, 4, 1), D(2014, 6, 30), "Q1 14/15"),
    ("Quarter 2 2019-20", None, "quarter", D(2019, 7, 1), D(2019, 9, 30), "Q2 19/20"),
    # months
    ("Mar-20", None, "month", D(2020, 3, 1), D(2020, 3, 31), "Mar 2020"),
    ("Mar 20", None, "month", D(2020, 3, 1), D(2020, 3, 31), "Mar 2020"),
    ("Feb 2015", None, "month", D(2015, 2, 1), D(2015, 2, 28), "Feb 2015"),
    ("February 2015", None, "month", D(2015, 2, 1), D(2015, 2, 28), "Feb 2015"),
    ("July 2013", None, "month", D(2013, 7, 1), D(2013, 7, 31), "Jul 2013"),
    ("Sept 2014", None, "month", D(2014, 9, 1), D(2014, 9, 30), "Sep 2014"),
    ("Feb 2016", None, "month", D(2016, 2, 1), D(2016, 2, 29), "Feb 2016"),
    ("2019-12", None, "month", D(2019, 12, 1), D(2019, 12, 31), "Dec 2019"),
    # snapshot dates
    ("31 March 2015", None, "snapshot", D(2015, 3, 31), D(2015, 3, 31), "31 Mar 2015"),
    ("31st March 2015", None, "snapshot", D(2015, 3, 31), D(2015, 3, 31), "31 Mar 2015"),
    ("At 31 March 2015", None, "snapshot", D(2015, 3, 31), D(2015, 3, 31), "31 Mar 2015"),
    ("31/03/2015", None, "snapshot", D(2015, 3, 31), D(2015, 3, 31), "31 Mar 2015"),
    ("31 Mar 2019", None, "snapshot", D(2019, 3, 31), D(2019, 3, 31), "31 Mar 2019"),
    ("2019-03-31", None, "snapshot", D(2019, 3, 31), D(2019, 3, 31), "31 Mar 2019"),
    ("2019-03-31 00:00:00", None, "snapshot", D(2019, 3, 31), D(2019, 3, 31), "31 Mar 2019"),
    ("1st September 2014", None, "snapshot", D(2014, 9, 1), D(2014, 9, 1), "1 Sep 2014"),
    ("31 July 2020", None, "snapshot", D(2020, 7, 31), D(2020, 7, 31), "31 Jul 2020"),
    # ONS mid-year estimates
    ("mid-2018", None, "mid_year", D(2018, 6, 30), D(2018, 6, 30), "mid-2018"),
    ("Mid 2018", None, "mid_year", D(2018, 6, 30), D(2018, 6, 30), "mid-2018"),
    # a bare year is the snapshot at 31 March, unless the indicator says otherwise
    ("2019", None, "snapshot", D(2019, 3, 31), D(2019, 3, 31), "31 Mar 2019"),
    (2019, None, "snapshot", D(2019, 3, 31), D(2019, 3, 31), "31 Mar 2019"),
    (2019.0, None, "snapshot", D(2019, 3, 31), D(2019, 3, 31), "31 Mar 2019"),
    ("2019", "year", "year", D(2018, 4, 1), D(2019, 3, 31), "2018/19"),
    ("2018", "mid_year", "mid_year", D(2018, 6, 30), D(2018, 6, 30), "mid-2018"),
    # Excel date cells and serial numbers
    (D(2020, 3, 1), None, "month", D(2020, 3, 1), D(2020, 3, 31), "Mar 2020"),
    (dt.datetime(2020, 3, 1), None, "month", D(2020, 3, 1), D(2020, 3, 31), "Mar 2020"),
    (D(2020, 3, 1), "snapshot", "snapshot", D(2020, 3, 1), D(2020, 3, 1), "1 Mar 2020"),
    (dt.datetime(2019, 3, 31, 0, 0), None, "snapshot", D(2019, 3, 31), D(2019, 3, 31), "31 Mar 2019"),
    (43921, None, "snapshot", D(2020, 3, 31), D(2020, 3, 31), "31 Mar 2020"),
    (43921.75, None, "snapshot", D(2020, 3, 31), D(2020, 3, 31), "31 Mar 2020"),
    (43891.0, None, "month", D(2020, 3, 1), D(2020, 3, 31), "Mar 2020"),
]

REJECTED = [
    "TBC",
    "Total",
    "",
    "   ",
    "Warwickshire",
    "N/A",
    "Statistical Neighbours",
    "16-17",
    "2011 to 2015",
    "2014/15 to date",
    "2019/21",
    "31/02/2019",
    "Q5 19/20",
    "Feb-Apr 2023",  # three months that are not a quarter
    "Jan-Jun 2023",
    "Q1 2020",
    "2008/7",
    "1084",
    "2245",
    None,
    True,
    float("nan"),
    150,
    19999,
    80001,
    12.5,
    "Change 10/11 to 14/15",
    "% change",
    object(),
]


@pytest.mark.parametrize(("value", "prefer", "kind", "start", "end", "label"), PARSED)
def test_parse_period(value, prefer, kind, start, end, label):
    assert parse_period(value, prefer=prefer) == Period(kind, start, end, label)


@pytest.mark.parametrize("value", REJECTED)
def test_parse_period_rejects_what_is_not_a_period(value):
    assert parse_period(value) is None


@pytest.mark.parametrize(("value", "_prefer", "_kind", "_start", "_end", "label"), PARSED)
def test_canonical_label_reads_back_to_the_same_period(value, _prefer, _kind, _start, _end, label):
    period = parse_period(value, prefer=_prefer)
    assert parse_period(period.label) == period


def _any_period():
    # Quarter labels carry two-digit years, read as 1980-2079.
    years = st.integers(min_value=1985, max_value=2075)
    return st.one_of(
        years.map(financial_year),
        st.builds(fy_quarter, years, st.integers(min_value=1, max_value=4)),
        st.builds(month_period, years, st.integers(min_value=1, max_value=12)),
        st.dates(min_value=D(1985, 1, 1), max_value=D(2075, 12, 31)).map(snapshot),
        years.map(mid_year),
    )


@given(_any_period())
def test_round_trip_over_every_kind(period):
    assert parse_period(period.label) == period
    assert period.start <= period.end


@given(st.integers(min_value=1990, max_value=2090), st.integers(min_value=1, max_value=4))
def test_quarters_tile_their_financial_year(end_year, number):
    quarter = fy_quarter(end_year, number)
    year = financial_year(end_year)
    assert year.start <= quarter.start <= quarter.end <= year.end
    if number == 1:
        assert quarter.start == year.start
    if number == 4:
        assert quarter.end == year.end
    else:
        assert fy_quarter(end_year, number + 1).start == quarter.end + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("period", "kind", "expected"),
    [
        (financial_year(2019), "snapshot", snapshot(D(2019, 3, 31))),
        (month_period(2020, 7), "snapshot", snapshot(D(2020, 7, 31))),
        (snapshot(D(2019, 3, 31)), "year", financial_year(2019)),
        (parse_period("2019"), "year", financial_year(2019)),
        (snapshot(D(2018, 6, 30)), "mid_year", mid_year(2018)),
        (parse_period("2018"), "mid_year", mid_year(2018)),
        (parse_period(2024.0), "mid_year", mid_year(2024)),
        (snapshot(D(2018, 7, 31)), "mid_year", snapshot(D(2018, 7, 31))),
        (snapshot(D(2020, 3, 31)), "month", month_period(2020, 3)),
        (fy_quarter(2021, 1), "year", fy_quarter(2021, 1)),
        (fy_quarter(2021, 1), "snapshot", snapshot(dt.date(2020, 6, 30))),  # the count at the quarter's end
        (snapshot(D(2020, 7, 31)), "year", snapshot(D(2020, 7, 31))),
        (financial_year(2019), "year", financial_year(2019)),
        (financial_year(2019), "mid_year", financial_year(2019)),
        (mid_year(2018), "snapshot", mid_year(2018)),
        (financial_year(2019), "fortnight", financial_year(2019)),
    ],
)
def test_coerce_period(period, kind, expected):
    assert coerce_period(period, kind) == expected


@pytest.mark.parametrize(
    ("time_period", "label"),
    [
        (2020, "2019/20"),
        ("2020", "2019/20"),
        ("201920", "2019/20"),
        (201213, "2012/13"),
        (" 2025 ", "2024/25"),
    ],
)
def test_dfe_reporting_year(time_period, label):
    period = dfe_reporting_year(time_period)
    assert period.kind == "year" and period.label == label


@pytest.mark.parametrize("time_period", ["201921", "Reporting year", "20", 1850])
def test_dfe_reporting_year_rejects_other_values(time_period):
    with pytest.raises(ValueError, match="time_period"):
        dfe_reporting_year(time_period)


def test_excel_serial_dates():
    assert excel_serial_date(43921) == D(2020, 3, 31)
    assert excel_serial_date(42094) == D(2015, 3, 31)
    assert excel_serial_date(2019) is None
    assert excel_serial_date(float("inf")) is None


def test_sort_key_orders_a_mixed_series_chronologically():
    labels = ["Q1 20/21", "2019/20", "31 Mar 2019", "Q4 19/20", "mid-2018", "Mar 2020", "2018/19"]
    ordered = sorted((parse_period(label) for label in labels), key=period_sort_key)
    assert [p.label for p in ordered] == [
        "mid-2018",
        "2018/19",
        "31 Mar 2019",
        "2019/20",
        "Q4 19/20",
        "Mar 2020",
        "Q1 20/21",
    ]


def test_warwickshire_table_5_quarters_are_consecutive():
    headers = [
        "Q4 17/18",
        "Q1 18/19",
        "Q2 18/19",
        "Q3 18/19",
        "Q4 18/19",
        "Q1 19/20",
        "Q2 19/20",
        "Q3 19/20",
        "Q4 19/20",
        "Q1 20/21",
    ]
    periods = [parse_period(header) for header in headers]
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)
