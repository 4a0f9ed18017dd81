"""A title that names what is counted but not when ("Children in need count", "Number of children in
need") is refused, saying so in plain words at its cell and naming what it could be, never guessed.

Warwickshire's children in need (DfE B1): 3,778 and 4,003 at 31 March 2023 and 2024, but 6,027 and 6,405
during those years; a label that does not say which could be either, and they differ by half again.
"""

from __future__ import annotations

import pytest

from cpdesk.read.dispatch import read_file
from cpdesk.recognise import resolver_for

WARWICKSHIRE = "E10000031"
AT_31_MARCH = {"2022/23": 3778, "2023/24": 4003}
DURING_THE_YEAR = {"2022/23": 6027, "2023/24": 6405}
UNSAID = ("does not say whether it counts children in need at 31 March or during the year, so it could be "
          "'Children in need at 31 March' or children in need during the year (which cpdesk does not keep). "
          "Say which in the label, such as 'children in need at 31 March'.")


@pytest.mark.parametrize("label", ["Children in need count", "Number of children in need"])
def test_a_row_that_does_not_say_when_is_refused_naming_both(label, reference, tmp_path):
    path = tmp_path / "cin.csv"
    path.write_text("Indicator,2022/23,2023/24\n"
                    f"Children in need at 31 March,{AT_31_MARCH['2022/23']},{AT_31_MARCH['2023/24']}\n"
                    f"{label},{DURING_THE_YEAR['2022/23']},{DURING_THE_YEAR['2023/24']}\n", encoding="utf-8")
    result = read_file(path, reference, council=WARWICKSHIRE)
    [issue] = [i for i in result.issues if i.code == "when-unsaid"]
    assert (issue.severity, issue.cell) == ("warning", "A3")
    assert issue.message.startswith(f"Row label '{label}' in cell A3 {UNSAID} Its figures were not read.")
    assert sorted(o.value for o in result.observations) == sorted(AT_31_MARCH.values())


def test_a_column_heading_that_does_not_say_when_is_refused(reference, tmp_path):
    path = tmp_path / "cin_columns.csv"
    path.write_text("Year,Children in need count\n2023,6027\n2024,6405\n", encoding="utf-8")
    result = read_file(path, reference, council=WARWICKSHIRE)
    [issue] = [i for i in result.issues if i.code == "when-unsaid"]
    assert issue.message.startswith(f"Column heading 'Children in need count' in cell B1 {UNSAID}")
    assert not result.observations


def test_a_list_naming_it_is_refused_with_the_same_words(reference, tmp_path):
    path = tmp_path / "return.csv"
    path.write_text("area_code,indicator,period,value\n"
                    f"{WARWICKSHIRE},Number of children in need,31 March 2024,6405\n"
                    f"{WARWICKSHIRE},Children in need at 31 March,31 March 2024,4003\n", encoding="utf-8")
    result = read_file(path, reference)
    [issue] = [i for i in result.issues if i.code == "unknown-indicator"]
    assert issue.cell == "B2"
    assert issue.message.endswith(f"cell B2: indicator 'Number of children in need' {UNSAID}")
    assert [(o.indicator_id, o.value) for o in result.observations] == [("cin_count", 4003)]


def test_the_reading_offers_no_candidate_to_pick(reference):
    reading = resolver_for(reference.schema).indicator("Children in need count")
    assert not reading.resolved and reading.when_unsaid and reading.candidates == ()
