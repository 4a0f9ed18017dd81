"""The tidy return's fast reader gives exactly what the general row-by-row reader gives.

One sheet holds every kind of row a tidy return can: good figures (Warwickshire's 563 children on a plan
at 31 March 2018, a 23.8% repeat-plan share written as text and as 0.238 formatted 0.0%), statuses,
unknown indicators, areas and periods, text that is no number, blank and short rows.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cpdesk.read.grid import Sheet
from cpdesk.read.long import LongReader, _SheetRows, find_long_header
from cpdesk.read.long_tidy import read_tidy_rows
from cpdesk.read.result import ReadResult
from cpdesk.reference import load_reference

HEADER = ["area_code", "area_name", "indicator", "breakdown", "period", "value", "publisher"]
ROWS = [
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2018", 563.0, "local"],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2018", 561.0, "dfe"],
    ["E10000031", "Warwickshire", "cpp_repeat_pct", None, "2018/19", "23.8%", None],
    ["E10000031", "Warwickshire", "cpp_repeat_pct", None, "2019/20", 0.238, None],  # formatted 0.0%
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2020", "TBC"],
    ["E07000220", "Rugby", "cpp_count", "", "31 Mar 2019", "c"],
    [None, "Nuneaton and Bedworth", "cpp_count", "", "31 Mar 2019", 23.0],
    [None, None, "cpp_count", "", "31 Mar 2019", 12.0],
    ["E10000031", "Warwickshire", "children in the moon", "", "31 Mar 2019", 1.0],
    ["E99999999", "Atlantis", "cpp_count", "", "31 Mar 2019", 1.0],
    ["E10000031", "Warwickshire", "cpp_count", "", "Spring", 1.0],
    ["E10000031", "Warwickshire", "cpp_count", "", dt.datetime(2017, 3, 31), 478.0],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2016", "lots"],
    [None, None, None, None, None, None, None],
    ["", "", "", "", "", ""],
    ["E10000031", "Warwickshire", "cpp_starts", "", "2017/18"],
    ["Warwickshire", None, " cpp_count ", "", "31 Mar 2015", 496.0, ""],
    ["E10000031", "Warwickshire", "cpp_by_category_pct", "neglect", "31 Mar 2019", 41.5],
    # An unknown area and an unknown period again: each row must report its own cell.
    ["E99999999", "Atlantis", "cpp_count", "", "31 Mar 2018", 2.0],
    ["E10000031", "Warwickshire", "cpp_count", "", "Spring", 2.0],
]


def _sheet() -> Sheet:
    sheet = Sheet("Return", [HEADER, *[list(row) for row in ROWS]])
    sheet.formats = {(4, 5): "0.0%"}
    return sheet


def _read(fast: bool) -> ReadResult:
    reference = load_reference()
    sheet = _sheet()
    header = find_long_header(sheet)
    reader = LongReader(reference.schema, reference.areas, file_name="return.xlsx", council="E10000031")
    result = ReadResult(file="return.xlsx")
    rows = _SheetRows(reader, sheet, header, result)
    found = read_tidy_rows(rows, header.row + 1) if fast else rows.every_observation(header.row + 1)
    result.observations.extend(found)
    return result


@pytest.fixture(scope="module")
def both() -> tuple[ReadResult, ReadResult]:
    return _read(fast=True), _read(fast=False)


def test_the_same_figures_in_the_same_order(both):
    fast, general = both
    assert fast.observations == general.observations
    assert [o.key for o in fast.observations] == [o.key for o in general.observations]


def test_the_same_issues_at_the_same_cells(both):
    fast, general = both
    assert fast.issues == general.issues
    assert {(i.code, i.cell) for i in fast.issues} >= {
        ("unknown-indicator", "C10"), ("unknown-area", "A11"), ("unknown-period", "E12"),
        ("not-a-number", "F14"), ("unknown-area", "A9")}


def test_a_label_met_again_reports_again(both):
    fast, _ = both
    cells = [(i.code, i.cell) for i in fast.issues]
    assert cells.count(("unknown-area", "A11")) == 1 and ("unknown-area", "A20") in cells
    assert cells.count(("unknown-period", "E12")) == 1 and ("unknown-period", "E21") in cells


def test_the_figures_themselves(both):
    fast, _ = both
    seen = {(o.area_code, o.indicator_id, o.period.label, o.publisher): (o.value, o.status, o.raw,
                                                                         o.source.cell)
            for o in fast.observations}
    assert seen[("E10000031", "cpp_count", "31 Mar 2018", "local")] == (563, None, "563", "F2")
    assert seen[("E10000031", "cpp_count", "31 Mar 2018", "dfe")] == (561, None, "561", "F3")
    assert seen[("E10000031", "cpp_repeat_pct", "2018/19", "local")][:2] == (23.8, None)
    assert seen[("E10000031", "cpp_repeat_pct", "2019/20", "local")][:2] == (pytest.approx(23.8), None)
    assert seen[("E10000031", "cpp_count", "31 Mar 2020", "local")][:2] == (None, "tbc")
    assert seen[("E07000220", "cpp_count", "31 Mar 2019", "local")][:2] == (None, "c")
    assert seen[("E10000031", "cpp_count", "31 Mar 2017", "local")][0] == 478
    assert seen[("E10000031", "cpp_count", "31 Mar 2015", "local")][0] == 496
    breakdowns = {o.breakdown for o in fast.observations if o.indicator_id == "cpp_by_category_pct"}
    assert breakdowns == {"neglect"}


def test_an_unknown_area_is_named_once_in_its_message(both):
    fast, _ = both
    message = next(i.message for i in fast.issues if i.cell == "A11")
    assert "area 'E99999999' is not one cpdesk knows. Give its ONS code" in message
    assert message.count("E99999999") == 1


@pytest.mark.parametrize(("label", "words"), [
    ("Central", ["too general to stand for one area"]),
    ("North", ["too general", "North East Lincolnshire", "and 12 more"]),
    ("Stratford", ["could abbreviate Stratford-on-Avon, which is not in Hampshire"]),
])
def test_an_area_label_that_fits_no_one_area_says_why(label, words):
    from cpdesk.read.tables.headers import LabelContext, classify

    reference = load_reference()
    context = LabelContext(reference.schema, reference.areas)
    context.council = "E10000014"  # Hampshire
    found = classify(label, context)
    assert found.kind == "unknown" and found.problem_code == "ambiguous-area"
    assert all(word in found.problem for word in words), found.problem
    assert "several areas (Central Bedfordshire)" not in found.problem
