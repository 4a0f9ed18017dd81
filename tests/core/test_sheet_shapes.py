"""Two tables side by side on one sheet, a blank column between them, are read as two tables: the
right-hand figures keep their own row labels (they used to take the left-hand ones, silently). Columns
the officer cannot see are read too, and said to be hidden; an age band Excel turned into a date is
explained."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from cpdesk.read.dispatch import read_file
from cpdesk.reference import load_reference

LEFT = [["Measure", "2021/22", "2022/23"], ["Number of referrals", 4980, 5210],
        ["Number of contacts", 14000, 14500]]
RIGHT = [[None, "2019", "2020"], ["No of children on CPP", 439, 561], ["Section 47 enquiries", 1180, 1210]]


def _sheet(tmp_path, captions: bool):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Warwickshire - front door and child protection"])
    sheet.append([])
    if captions:
        sheet.append(["Table 1: Referrals", None, None, None, "Table 2: Children on plans", None, None])
    for left, right in zip(LEFT, RIGHT, strict=True):
        sheet.append([*left, None, *right])
    book.save(tmp_path / "side.xlsx")
    return read_file(tmp_path / "side.xlsx", load_reference())


@pytest.mark.parametrize("captions", [False, True])
def test_each_table_keeps_its_own_row_labels(tmp_path, captions):
    result = _sheet(tmp_path, captions)
    assert [i for i in result.issues if i.severity == "error"] == []
    read = {(o.indicator_id, o.period.label): o.value for o in result.observations}
    assert read == {("referrals", "2021/22"): 4980, ("referrals", "2022/23"): 5210,
                    ("contacts", "2021/22"): 14000, ("contacts", "2022/23"): 14500,
                    ("cpp_count", "31 Mar 2019"): 439, ("cpp_count", "31 Mar 2020"): 561,
                    ("s47_enquiries", "2018/19"): 1180, ("s47_enquiries", "2019/20"): 1210}


def test_a_comments_column_after_a_gap_is_not_a_second_table(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Warwickshire"])
    for row in (["Measure", "2021/22", "2022/23", None, "Comments", "Target"],
                ["Number of referrals", 4980, 5210, None, "On track", 5000],
                ["Number of contacts", 14000, 14500, None, "Rising", 15000]):
        sheet.append(row)
    book.save(tmp_path / "comments.xlsx")
    result = read_file(tmp_path / "comments.xlsx", load_reference())
    assert len(result.observations) == 4 and [i for i in result.issues if i.severity == "error"] == []


def test_figures_in_a_hidden_column_are_imported_and_said_to_be(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Return"
    for row in (["Warwickshire - year end return"], ["Measure", "2020/21", "2021/22", "2022/23"],
                ["Number of referrals", 4830, 4980, 5210], ["Number of contacts", 13800, 14000, 14500]):
        sheet.append(row)
    sheet.column_dimensions["B"].hidden = True
    book.save(tmp_path / "hidden.xlsx")
    result = read_file(tmp_path / "hidden.xlsx", load_reference())
    assert len(result.observations) == 6
    [note] = [i for i in result.issues if i.code == "hidden-column"]
    assert (note.severity, note.sheet, note.cell) == ("warning", "Return", "B3")
    assert "2 figures come from hidden columns (B3, B4)" in note.message


def test_an_age_band_excel_turned_into_a_date_is_explained(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Warwickshire - children on plans by age"], ["Age", "2023", "2024"],
                ["Under 1", 40, 42], [dt.datetime(2024, 4, 1), 81, 88]):  # "1-4", as Excel stores it
        sheet.append(row)
    book.save(tmp_path / "ages.xlsx")
    result = read_file(tmp_path / "ages.xlsx", load_reference())
    clashes = [i for i in result.issues if i.code == "conflicting-labels"]
    assert clashes and all("turned into a date by Excel" in i.message for i in clashes)


def test_categories_as_columns_under_a_title_that_names_the_indicator(tmp_path):
    book = openpyxl.Workbook()
    for row in (["Warwickshire - child protection plans starting, by initial category of abuse (%)"],
                ["Year", "Neglect", "Physical abuse", "Sexual abuse", "Emotional abuse", "Multiple", "Total"],
                ["2022/23", "48.1%", "7.9%", "4.0%", "38.5%", "1.5%", "100%"],
                ["2023/24", "51.3%", "6.2%", "3.1%", "37.9%", "1.5%", "100%"]):
        book.active.append(row)
    book.save(tmp_path / "categories.xlsx")
    result = read_file(tmp_path / "categories.xlsx", load_reference())
    assert [i for i in result.issues if i.severity == "error"] == []
    read = {(o.indicator_id, o.breakdown, o.period.label): o.value for o in result.observations}
    assert read[("cpp_by_category_pct", "neglect", "2023/24")] == 51.3
    assert read[("cpp_by_category_pct", "emotional", "2022/23")] == 38.5
    assert len(read) == 10  # five categories by two years; the Total column is noted, not stored
    assert "total-of-percentages" in {i.code for i in result.issues}
