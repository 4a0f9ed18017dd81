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
