"""A DfE table's combined area ("E06000061 / E06000062": North and West Northamptonshire, whose children's
services are one trust, reported together) is said to be one, not "not an indicator", and its figures
are not read from the table. Built from the DfE's workforce release (``../shared/reference``): average
caseloads of the East Midlands councils, a council down each row and a year across."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from cpdesk.read.dispatch import read_file
from tests.conftest import SHARED

CSWW = SHARED / "reference" / "csww_indicators_2017_to_2025.csv"
YEARS = ("2023", "2024", "2025")
COMBINED = {"new_la_code": "E06000061 / E06000062", "old_la_code": "940 / 941"}


@pytest.fixture(scope="module")
def caseloads() -> dict[tuple[str, str, str], dict[str, str]]:
    """(new code, old code, name) -> year -> caseload, for the East Midlands councils of 2023-2025."""
    if not CSWW.is_file():
        pytest.skip(f"{CSWW} is not here: the published reference files sit beside the checkout")
    found: dict[tuple[str, str, str], dict[str, str]] = {}
    with open(CSWW, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row["geographic_level"] == "Local authority" and row["region_code"] == "E12000004"
                    and row["time_period"] in YEARS):
                key = (row["new_la_code"], row["old_la_code"], row["la_name"])
                found.setdefault(key, {})[row["time_period"]] = row["caseload_fte"]
    return found


def _table(path, caseloads, code_column: str):
    book = Workbook()
    sheet = book.active
    sheet.title = "Caseloads"
    sheet.append(["Average caseload per case-holding social worker (FTE), at 30 September"])
    sheet.append([])
    sheet.append(["LA code" if code_column == "new_la_code" else "LA number", "Local authority", *YEARS])
    for (new_code, old_code, name), by_year in sorted(caseloads.items()):
        code = new_code if code_column == "new_la_code" else old_code
        sheet.append([code, name, *(float(by_year[year]) for year in YEARS)])
    book.save(path)
    return path


@pytest.mark.parametrize("code_column", list(COMBINED))
def test_a_combined_area_is_said_to_be_one_and_not_read(caseloads, reference, tmp_path, code_column):
    result = read_file(_table(tmp_path / "caseloads.xlsx", caseloads, code_column), reference)
    codes = [key[0] for key in sorted(caseloads)]
    row = 4 + codes.index("E06000061 / E06000062")
    [issue] = [i for i in result.issues if i.code == "combined-area"]
    assert (issue.severity, issue.cell) == ("warning", f"A{row}")
    assert issue.message == (
        f"Row label '{COMBINED[code_column]}' in cell A{row} is a combined area: North Northamptonshire and "
        "West Northamptonshire reported together, which cpdesk does not store from a table. Its figures "
        "were not read.")
    assert not [i for i in result.issues if "not an indicator" in i.message]
    read = {(o.area_code, o.period.label): o.value for o in result.observations}
    assert {area for area, _ in read} == set(codes) - {"E06000061 / E06000062"}
    derby = caseloads[("E06000015", "831", "Derby")]
    assert [read[("E06000015", f"30 Sep {year}")] for year in YEARS] == [float(derby[y]) for y in YEARS]
    assert result.not_read == len(YEARS)
