import datetime as dt

import pytest

from cpdesk.read.values import is_percent_format, not_a_figure, parse_cell

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
    ("[c]", None, None, "c", ""),  # the GSS shorthand in square brackets, as DfE tables write it
    (" [X] ", None, None, "x", ""),
    ("[z]", None, None, "z", ""),
    ("[w]", None, None, "low", ""),
    ("[note 3]", None, None, None, "not_a_number"),  # a note marker is no figure and no status
    (None, None, None, "blank", ""),
    ("", None, None, "blank", ""),
    ("abc", None, None, None, "not_a_number"),
    ("#DIV/0!", None, None, None, "excel_error"),
    ("12.5.3", None, None, None, "not_a_number"),
    ("£345", None, None, None, "money"),  # a cost pasted into a count column is not 345 children
    ("£1,200.50", None, None, None, "money"),
    ("-£12", None, None, None, "money"),
    ("345€", None, None, None, "money"),
    ("$40", None, None, None, "money"),
    ("25,9", None, None, None, "decimal_comma"),  # a comma before 1 or 2 digits never groups thousands
    ("-0,25", None, None, None, "decimal_comma"),
    ("<5", None, None, None, "unknown_mark"),  # a mark cpdesk does not know: reported, given no meaning
    ("*", None, None, None, "unknown_mark"),
    ("—", None, None, None, "unknown_mark"),
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


def test_money_is_named_as_money_and_other_text_as_no_number():
    assert "'£345' is an amount of money" in not_a_figure("£345")
    assert not_a_figure("lots") == "'lots' is not a number or a known status symbol (such as TBC, c or x)"
