"""Areas written as codes: DfE 3-digit LA numbers (as text or as spreadsheet numbers) and ONS codes.

The expected codes are the rows of resources/areas/las.csv; a code DfE retired with its LA still
finds that LA, never its successors.
"""

from __future__ import annotations

import pytest

from cpdesk.indicators.areas import written_old_code

WARWICKSHIRE = "E10000031"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("937", WARWICKSHIRE),
        (937, WARWICKSHIRE),
        ("937.0", WARWICKSHIRE),
        (937.0, WARWICKSHIRE),
        (" 937 ", WARWICKSHIRE),
        ("E10000031", WARWICKSHIRE),
        ("e10000031", WARWICKSHIRE),
        ("E07000220", "E07000220"),  # Rugby, a district
        ("E12000005", "E12000005"),  # West Midlands
        ("SN-E10000031", "SN-E10000031"),
        # Codes retired with their LA: the LA it was, closed, not the councils that followed it.
        (835, "E10000009"),  # Dorset county (2019: Dorset 838 and BCP 839)
        ("928", "E10000021"),  # Northamptonshire (2021: North 940 and West 941 Northamptonshire)
        ("909", "E10000006"),  # Cumbria (2023: Cumberland 942, Westmorland and Furness 943)
        ("836", "E06000029"),  # Poole
        ("837", "E06000028"),  # Bournemouth
        ("838", "E06000059"),  # Dorset since 2019
        ("839", "E06000058"),  # Bournemouth, Christchurch and Poole
        ("940", "E06000061"),
        ("941", "E06000062"),
        ("942", "E06000063"),
        ("943", "E06000064"),
        # Codes kept across a re-coding: the council as it is now.
        ("815", "E06000065"),  # North Yorkshire, unitary since 2023 (county E10000023 before)
        ("933", "E06000066"),  # Somerset, unitary since 2023 (county E10000027 before)
        ("929", "E06000057"),  # Northumberland, re-coded 2013
        ("825", "E06000060"),  # Buckinghamshire, unitary since 2020
        ("370", "E08000038"),  # Barnsley, re-coded 2025
        # The ONS codes of closed LAs stay theirs.
        ("E10000023", "E10000023"),
        ("E10000027", "E10000027"),
        ("E10000010", "E10000010"),  # Durham county before 2009
    ],
)
def test_a_code_finds_its_area(areas, written, code):
    found = areas.match(written)
    assert found.area is not None, found.reason
    assert found.area.code == code
    assert found.candidates == (found.area,)
    assert not found.not_area
    assert areas.find(written).code == code


def test_a_retired_code_says_its_la_has_closed(areas):
    found = areas.match(909)
    assert found.area.name == "Cumbria"
    assert "closed on 31 March 2023" in found.reason
    assert "closed" not in areas.match(942).reason


def test_a_code_wins_over_the_council_context(areas):
    assert areas.match("937", context="E10000014").area.code == WARWICKSHIRE  # a Hampshire workbook


@pytest.mark.parametrize("written", ["999", 999, "100", 100, "000", "999.0", "E99999999", "SN-E07000220"])
def test_a_code_no_la_has_is_unresolved(areas, written):
    found = areas.match(written)
    assert found.area is None and found.candidates == ()
    assert found.reason.startswith("no area is called") and "cpdesk knows" in found.reason
    assert not found.not_area


@pytest.mark.parametrize("written", ["9370", 9370, "93", 93, "937.5", 937.5, "0937", "937a", "2023"])
def test_a_number_that_is_not_a_3_digit_code_is_no_area(areas, written):
    assert areas.match(written).area is None


@pytest.mark.parametrize(
    ("written", "old_code"),
    [(937, "937"), ("937", "937"), ("937.0", "937"), (937.0, "937"), (" 937.00 ", "937"), (True, None),
     (37, None), (1937, None), ("37", None), ("937.5", None), ("E10000031", None), ("", None)],
)
def test_written_old_code(written, old_code):
    assert written_old_code(written) == old_code
