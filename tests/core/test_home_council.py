"""The officer's home council is the fallback area of tables that name none, never an override."""

from __future__ import annotations

import openpyxl
import pytest

from cpdesk.read.dispatch import read_file
from tests.conftest import SAMPLES

WARWICKSHIRE, OXFORDSHIRE = "E10000031", "E10000025"


@pytest.fixture
def scorecard(tmp_path):
    """Warwickshire's Table 6 as a one-council report card that never names the council."""
    book = openpyxl.Workbook()
    for row in (["Measure", "2018/19", "2019/20"],
                ["Number of S47 Child Protection Investigations initiated", 1205, 1306],
                ["Number of Children subject to Plans at 31 March", 345, 295]):
        book.active.append(row)
    book.save(tmp_path / "scorecard.xlsx")
    return tmp_path / "scorecard.xlsx"


def test_tables_that_name_no_area_take_the_home_council(reference, scorecard):
    result = read_file(scorecard, reference, home_council=OXFORDSHIRE)
    assert {o.area_code for o in result.observations} == {OXFORDSHIRE}
    assert sorted(o.value for o in result.observations) == [295, 345, 1205, 1306]
    assert [i.code for i in result.issues] == ["council-assumed"]


def test_without_a_home_council_they_are_reported(reference, scorecard):
    result = read_file(scorecard, reference)
    assert result.observations == []
    assert {i.code for i in result.issues} == {"no-area"}


def test_the_council_a_workbook_names_wins_over_the_home_council(reference):
    result = read_file(SAMPLES / "warwickshire_cp_update_2020.xlsx", reference, home_council=OXFORDSHIRE)
    areas = {o.area_code for o in result.observations}
    assert WARWICKSHIRE in areas and "SN-E10000031" in areas and OXFORDSHIRE not in areas


def test_a_council_given_outright_wins_over_both(reference, scorecard):
    result = read_file(scorecard, reference, council=WARWICKSHIRE, home_council=OXFORDSHIRE)
    assert {o.area_code for o in result.observations} == {WARWICKSHIRE}
