"""Columns headed only "No." and "Rate per 10,000" under merged dates, in a table whose title names the
indicator, read as the count and its rate (the schema's own link between them)."""

from __future__ import annotations

import openpyxl
import pytest

from cpdesk.indicators.unit_words import counterpart
from cpdesk.read.dispatch import read_file
from cpdesk.read.long_columns import unit_named
from cpdesk.reference import load_reference

DISTRICTS = [("North Warwickshire", 30, 26.5, 34, 30.2), ("Nuneaton and Bedworth", 118, 44, 128, 47.9),
             ("Rugby", 44, 19.8, 52, 23.3)]


@pytest.mark.parametrize(("text", "unit"), [
    ("No.", "count"), ("Number", "count"), ("Rate per 10,000", "rate_per_10k"), ("Rate", "rate_per_10k"),
    ("Per 10000", "rate_per_10k"), ("Notes", None), ("2023", None)])
def test_unit_headings(text, unit):
    assert unit_named(text) == unit


def test_counterparts_follow_the_schema():
    schema = load_reference().schema
    assert counterpart(schema.get("cpp_count"), "rate_per_10k", schema).id == "cpp_rate"
    assert counterpart(schema.get("cpp_rate"), "count", schema).id == "cpp_count"
    assert counterpart(schema.get("cpp_count"), "count", schema).id == "cpp_count"
    assert counterpart(schema.get("cpp_repeat_pct"), "count", schema) is None


def test_a_district_table_of_counts_and_rates_under_merged_dates(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Warwickshire - Children subject to a child protection plan by district"])
    sheet.append(["District", "31 March 2023", None, "31 March 2024", None])
    sheet.append([None, "No.", "Rate per 10,000", "No.", "Rate per 10,000"])
    sheet.merge_cells("B2:C2")
    sheet.merge_cells("D2:E2")
    for row in DISTRICTS:
        sheet.append(list(row))
    book.save(tmp_path / "districts.xlsx")
    result = read_file(tmp_path / "districts.xlsx", load_reference())
    assert [i for i in result.issues if i.severity == "error"] == []
    read = {(o.area_code, o.indicator_id, o.period.label): (o.value, o.source.cell)
            for o in result.observations}
    assert read[("E07000220", "cpp_count", "31 Mar 2023")] == (44, "B6")
    assert read[("E07000220", "cpp_rate", "31 Mar 2024")] == (23.3, "E6")
    assert read[("E07000219", "cpp_rate", "31 Mar 2023")] == (44, "C5")
    assert len(read) == 12


def test_a_unit_column_beside_the_row_labels(tmp_path):
    book = openpyxl.Workbook()
    for row in (["Warwickshire - indicators"], ["Indicator", "Unit", "2022/23", "2023/24"],
                ["Children subject to a child protection plan", "Number", 331, 352],
                ["Children subject to a child protection plan", "Rate per 10,000", 27, 27.9],
                ["Average caseload", "%", 17.5, 18]):
        book.active.append(row)
    book.save(tmp_path / "units.xlsx")
    result = read_file(tmp_path / "units.xlsx", load_reference())
    read = sorted((o.indicator_id, o.period.label, o.value) for o in result.observations)
    assert read == [("cpp_count", "31 Mar 2023", 331), ("cpp_count", "31 Mar 2024", 352),
                    ("cpp_rate", "31 Mar 2023", 27), ("cpp_rate", "31 Mar 2024", 27.9)]
    [refused] = [i for i in result.issues if i.code == "unit-mismatch"]
    assert refused.severity == "error" and refused.cell == "A5"
    assert "a ratio, but its unit is given as '%', a percentage" in refused.message


MONTHS = ["Apr-24", "May-24", "Jun-24", "Jul-24", "Aug-24", "Sep-24", "Oct-24", "Nov-24", "Dec-24", "Jan-25",
          "Feb-25", "Mar-25"]


def monthly_cp_sheet(path, title: str, rows: list[tuple[str, list]]):
    """A council's monthly sheet: a title line, the months across (as many as the rows have figures),
    one measure a row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "CP monthly"
    sheet.append([title])
    sheet.append(["Measure", *MONTHS[:len(rows[0][1])]])
    for label, figures in rows:
        sheet.append([label, *figures])
    book.save(path)
    return path


CP_MONTHLY = [("Number of children on a CP plan", [400 + i for i in range(12)]),
              ("Rate per 10,000", [round((400 + i) / 12.9392, 1) for i in range(12)]),
              ("ICPCs within 15 working days (%)", [80 + i for i in range(12)])]


@pytest.mark.parametrize("title", [
    "Warwickshire County Council - Child Protection monthly performance 2024/25",
    "Child Protection monthly performance 2024/25",
])
def test_a_rate_row_under_the_count_it_is_the_rate_of(tmp_path, title):
    """A row labelled only "Rate per 10,000" takes what it counts from the row above, whether or not the
    title names the council."""
    path = monthly_cp_sheet(tmp_path / "monthly.xlsx", title, CP_MONTHLY)
    result = read_file(path, load_reference(), council="E10000031")
    read = {(o.indicator_id, o.period.label): o.value for o in result.observations}
    assert len(read) == 36
    assert read[("cpp_rate", "30 Apr 2024")] == 30.9 and read[("cpp_count", "31 Mar 2025")] == 411
    assert not [i for i in result.issues if i.code.startswith("unknown")]


def test_each_rate_row_is_the_rate_of_the_row_just_above_it(tmp_path):
    rows = [("Referrals", [500, 510]), ("Rate per 10,000", [38.6, 39.4]),
            ("Number of children on a CP plan", [400, 401]), ("Rate per 10,000", [30.9, 31.0])]
    path = monthly_cp_sheet(tmp_path / "two.xlsx", "Warwickshire - monthly figures", rows)
    result = read_file(path, load_reference())
    read = {(o.indicator_id, o.source.cell): o.value for o in result.observations}
    assert read[("referrals_rate", "B4")] == 38.6 and read[("cpp_rate", "C6")] == 31.0
    assert len(read) == 8


def test_a_bare_unit_row_that_repeats_the_row_above_is_not_read_and_says_what_was_understood(tmp_path):
    rows = [("Rate per 10,000", [30.9, 31.0]), ("Number of children on a CP plan", [400, 401]),
            ("Number", [400, 401])]
    path = monthly_cp_sheet(tmp_path / "repeat.xlsx", "Monthly figures", rows)
    result = read_file(path, load_reference(), council="E10000031")
    assert {(o.indicator_id, o.source.cell) for o in result.observations} == {("cpp_count", "B4"),
                                                                              ("cpp_count", "C4")}
    unknown = {i.cell: i.message for i in result.issues if i.code == "unknown-indicator"}
    assert set(unknown) == {"A3", "A5"}
    assert ("'Rate per 10,000' in cell A3 is not an indicator cpdesk knows: gives the measure "
            "(rate per 10,000) but not what is counted (understood: ") in unknown["A3"]


@pytest.mark.parametrize("title", [
    "Child Protection - monthly performance 2024/25",
    "Warwickshire County Council - Child Protection - monthly performance 2024/25",
    "Warwickshire County Council: Child Protection - monthly performance 2024/25",
])
def test_a_council_named_in_the_title_never_hides_what_the_title_says_is_counted(tmp_path, title):
    """With no row above to say it, "Rate per 10,000" takes its subject from the title's "Child
    Protection", wherever in the title the council is named."""
    path = monthly_cp_sheet(tmp_path / "monthly.xlsx", title, CP_MONTHLY[1:])
    result = read_file(path, load_reference(), home_council="E10000031")
    read = {(o.area_code, o.indicator_id, o.period.label): o.value for o in result.observations}
    assert len(read) == 24
    assert read[("E10000031", "cpp_rate", "30 Apr 2024")] == 30.9
