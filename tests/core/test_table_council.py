"""A table whose own title names one council holds that council's figures, whatever else the workbook
names; a council given outright that a table's title does not name is an error for that table.

Figures are Hampshire's CP plans (seed 004: 909, 1,111, 1,357) and Warwickshire's Table 6 (seed 003).
"""

from __future__ import annotations

import pytest

from cpdesk.read.dispatch import read_file
from tests.core.test_council_named import PLANS, workbook

HAMPSHIRE, WARWICKSHIRE, LANCASHIRE = "E10000014", "E10000031", "E10000017"
WARWICKSHIRE_TABLE_6 = (["Measure", "2018/19", "2019/20"],
                        ["Number of Children subject to Plans at 31 March", 345, 295])


@pytest.fixture
def titled_table_among_other_councils(tmp_path):
    """Warwickshire's table under its own title; a notes sheet that mentions two other councils."""
    return workbook(tmp_path / "titled.xlsx",
                    ("CP", ["Warwickshire County Council - CP figures", WARWICKSHIRE_TABLE_6]),
                    ("Notes", ["Compared with Hampshire County Council and Oxfordshire County Council."]))


@pytest.fixture
def two_councils_in_one_title(tmp_path):
    return workbook(tmp_path / "two.xlsx",
                    ("CP", ["Warwickshire County Council and Hampshire County Council - CP comparison",
                            PLANS]))


def _areas(result) -> set[str]:
    return {o.area_code for o in result.observations}


def test_a_table_titled_with_one_council_is_that_councils(reference, titled_table_among_other_councils):
    result = read_file(titled_table_among_other_councils, reference)
    assert _areas(result) == {WARWICKSHIRE}
    assert sorted(o.value for o in result.observations) == [295, 345]
    assert [i for i in result.issues if i.severity == "error"] == []


def test_a_council_given_outright_that_the_title_does_not_name_is_refused(
        reference, titled_table_among_other_councils):
    result = read_file(titled_table_among_other_councils, reference, council=HAMPSHIRE)
    assert result.observations == []
    conflict = next(i for i in result.issues if i.code == "council-conflict")
    assert conflict.sheet == "CP" and conflict.cell == "A1"
    assert "Warwickshire's figures" in conflict.message and "Hampshire" in conflict.message


def test_a_council_not_named_in_a_two_council_title_is_refused(reference, two_councils_in_one_title):
    result = read_file(two_councils_in_one_title, reference, council=LANCASHIRE)
    assert result.observations == []
    assert [i.code for i in result.issues if i.severity == "error"] == ["council-conflict"]
    assert "Warwickshire and Hampshire" in result.issues[-1].message


def test_one_of_the_councils_a_title_names_may_be_chosen(reference, two_councils_in_one_title):
    result = read_file(two_councils_in_one_title, reference, council=HAMPSHIRE)
    assert _areas(result) == {HAMPSHIRE}
    assert sorted(o.value for o in result.observations) == [909, 1111, 1357]


def test_a_two_council_title_with_no_council_chosen_is_reported_not_guessed(
        reference, two_councils_in_one_title):
    result = read_file(two_councils_in_one_title, reference, home_council=WARWICKSHIRE)
    assert result.observations == []
    assert {i.code for i in result.issues if i.severity == "error"} == {"no-area"}
