import datetime as dt

import pytest

from cpdesk.read.values import is_percent_format, parse_cell

CASES = [
    # cell, number format, expected value, expected status, expected problem
    (29.8, "General", 29.8, None, ""),
    (0.238, "0.0%", 23.8, None, ""),
    (0.049, "0.0%", 4.9, None, ""),
    (1, "0%", 100.0, None, ""),
    ("23.8%", None, 23.8, None, ""),
    ("1,084", None, 1084.0, None, ""),
    ("25.1*", None, 25.1, None, ""),
    ("42¹", None, 42.0, None, ""),
    (" 563 ", None, 563.0, None, ""),
    ("TBC", None, None, "tbc", ""),
    ("N/A", None, None, "na", ""),
    ("n/a", None, None, "na", ""),
    ("c", None, None, "c", ""),
    ("x", None, None, "x", ""),
    ("z", None, None, "z", ""),
    ("low", None, None, "low", ""),
    (":", None, None, "x", ""),
    (None, None, None, "blank", ""),
    ("", None, None, "blank", ""),
    ("abc", None, None, None, "not_a_number"),
    ("#DIV/0!", None, None, None, "excel_error"),
    ("12.5.3", None, None, None, "not_a_number"),
    (dt.datetime(2020, 3, 31), "dd/mm/yyyy", None, None, "date"),
]


@pytest.mark.parametrize(("cell", "fmt", "value", "status", "problem"), CASES)
def test_parse_cell(cell, fmt, value, status, problem):
    parsed = parse_cell(cell, fmt)
    assert parsed.value == value
    assert parsed.status == status
    assert parsed.problem == problem


def test_percent_cell_keeps_what_excel_shows_as_raw():
    assert parse_cell(0.238, "0.0%").raw == "23.8%"
    assert parse_cell(0.03, "0.0%").raw == "3.0%"
    assert parse_cell(0.5, "0%").raw == "50%"
    assert parse_cell("1,084").raw == "1,084"


def test_quoted_percent_sign_is_not_a_percent_format():
    assert is_percent_format('0.0%')
    assert not is_percent_format('0.0" %"')
    assert not is_percent_format("General")
