"""Both paths, one answer: the long reader's column-wise path against its row-by-row one.

A tidy return's plain rows go straight into ``Figures`` columns (``read/long_figures.py``) unless the
reader is asked not to (``LongReader(column_wise=False)``), when every row becomes an ``Observation`` as it
always did. Every sample workbook, seed and published reference file, and built sheets holding each kind
of awkward row, are read both ways through the dispatch, as an import reads them, and must give the same
figures (every field, source cells and where each was read included) in the same order, the same issues
(code, severity, message, file, sheet, cell) in the same order, the same targets, layout and not-read
count, or the same refusal.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from pathlib import Path

import pytest

from cpdesk.read import dispatch, long_content, long_figures
from cpdesk.read.dispatch import read_file, read_workbook
from cpdesk.read.grid import ReadError, Sheet, Workbook
from cpdesk.read.long import LongReader
from cpdesk.read.values import parse_cell
from tests.conftest import SAMPLES, SHARED
from tests.core.test_long_tidy import HEADER, ROWS

READABLE = (".csv", ".xlsx", ".xlsm", ".xls", ".ods", ".txt")


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix in READABLE and path.name != "README.md")


def _answer(read) -> dict:
    """What a read gave (a ReadResult, or the refusal), in values that compare field by field."""
    try:
        result = read()
    except ReadError as refused:
        return {"refused": str(refused)}
    figures = result.observations
    return {
        "figures": list(figures),  # every field of each figure, its source cell included
        "read_at": dict(figures.read_at),
        "issues": [(i.code, i.severity, i.message, i.file, i.sheet, i.cell) for i in result.issues],
        "targets": list(result.targets),
        "not_read": result.not_read,
        "layout": result.layout,
        "tables_found": result.tables_found,
    }


def both_ways(read, monkeypatch) -> tuple[dict, dict]:
    """(column-wise, row by row) answers of ``read()``, a call of the dispatch."""
    column_wise = _answer(read)
    with monkeypatch.context() as patched:
        row_by_row = functools.partial(LongReader, column_wise=False)
        patched.setattr(dispatch, "LongReader", row_by_row)
        patched.setattr(long_content, "LongReader", row_by_row)
        by_row = _answer(read)
    return column_wise, by_row


def assert_same(column_wise: dict, by_row: dict) -> None:
    assert column_wise.keys() == by_row.keys()
    for part in by_row:
        assert column_wise[part] == by_row[part], f"the two paths differ in {part}"


FILES = _files(SAMPLES) + _files(SAMPLES / "dfe") + _files(SHARED / "seeds") + _files(SHARED / "reference")


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_sample_seed_and_reference_file_reads_the_same_both_ways(path, reference, monkeypatch):
    column_wise, by_row = both_ways(lambda: read_file(path, reference), monkeypatch)
    assert_same(column_wise, by_row)


def test_the_files_include_tidy_returns():
    """The comparison above reaches the column-wise path: the samples hold tidy returns."""
    assert {"tidy_seed_figures.csv", "tidy_seed_figures.xlsx"} <= {path.name for path in FILES}


# Built sheets: every kind of row the column-wise path must leave to the row code -----------------------

CASELOAD = "Average caseload at 30 September"  # a bare year means 30 September of that year
AWKWARD = [
    # good rows again, now that their labels are known: the column-wise path takes these
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2018", 564.0, "local"],
    ["E10000031", "Warwickshire", "cpp_count", None, "31 Mar 2018", 563.0, "dfe"],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", 0.0, None],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", -0.0, None],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", math.nan, None],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", 1e300, None],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", 563, None],  # an int, not a float
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", True, None],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "x", None],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "563*", None],
    # a status, then the same labels with a plain figure
    ["E07000220", "Rugby", "cpp_count", "", "31 Mar 2019", "c"],
    ["E07000220", "Rugby", "cpp_count", "", "31 Mar 2019", 41.0],
    # areas given by number and by name, and a label known only after a space is stripped
    [937.0, None, "cpp_count", "", "31 Mar 2019", 563.0],
    [937, None, "cpp_count", "", "31 Mar 2019", 563.0],
    [None, "Warwickshire", " cpp_count ", "", "31 Mar 2019", 563.0],
    [True, None, "cpp_count", "", "31 Mar 2019", 563.0],
    # unknown labels met after known ones, and again
    ["E10000031", "Warwickshire", "children in the moon", "", "31 Mar 2019", 1.0],
    ["E99999999", "Atlantis", "cpp_count", "", "31 Mar 2019", 1.0],
    ["E99999999", "Atlantis", "cpp_count", "", "31 Mar 2019", 1.0],
    ["E10000031", "Warwickshire", "cpp_count", "", "Spring", 1.0],
    # periods as dates, numbers and bare years, one "on its day"
    ["E10000031", "Warwickshire", "cpp_count", "", dt.datetime(2017, 3, 31), 478.0],
    ["E10000031", "Warwickshire", "cpp_count", "", dt.date(2017, 3, 31), 478.0],
    ["E10000031", "Warwickshire", "cpp_count", "", dt.datetime(2017, 3, 31), 479.0],
    ["E10000031", "Warwickshire", "referrals", "", 2019, 6059.0],
    ["E10000031", "Warwickshire", "referrals", "", 2019.0, 6059.0],
    ["E10000031", "Warwickshire", "referrals", "", "2019", 6059.0],
    ["E10000031", "Warwickshire", CASELOAD, "", "2023", 17.4],
    ["E10000031", "Warwickshire", CASELOAD, "", "2023", 17.5],
    ["E10000031", "Warwickshire", "caseload_avg", "", "2023", 17.4],
    # fractions in doubt: a percentage's plain 0.5 among its whole percentages, with and without a sign
    ["E10000031", "Warwickshire", "cpp_repeat_pct", "", "2020/21", 25.0],
    ["E10000031", "Warwickshire", "cpp_repeat_pct", "", "2021/22", 0.5],
    ["E10000031", "Warwickshire", "cpp_repeat_pct", "", "2022/23", "0.5%"],
    ["E10000031", "Warwickshire", "cpp_repeat_pct", "", "2023/24", 0.25],  # formatted 0.0%
    # a row cut short, and a row with only its label
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2021", 500.0],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2021"],
    [None, None, "cpp_count"],
    ["E10000031", "Warwickshire", "cpp_by_category_pct", "neglect", "31 Mar 2019", 41.5],
    ["E10000031", "Warwickshire", "cpp_by_category_pct", "neglect", "31 Mar 2019", 41.5, "dfe"],
    # a day formatted to show its month alone ("Mar-19": March 2019), then the same day unformatted
    ["E10000031", "Warwickshire", "cpp_count", "", dt.datetime(2019, 3, 12), 560.0],  # formatted mmm-yy
    ["E10000031", "Warwickshire", "cpp_count", "", dt.datetime(2019, 3, 12), 561.0],
    ["E10000031", "Warwickshire", "cpp_count", "", dt.datetime(2019, 3, 12), 562.0],  # formatted mmm-yy
    # values written as text: plain digits, and what only the row code reads
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "563"],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "0563"],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "563.50"],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", " 563 "],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "1,563"],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "-563"],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "563."],
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "٥"],  # an Arabic-Indic 5
    ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2019", "563¹"],
    ["E10000031", "Warwickshire", "cpp_repeat_pct", "", "2020/21", "24.5"],
    # months as dates, one formatted to show its month alone
    ["E10000031", "Warwickshire", "referrals", "", dt.datetime(2024, 4, 30), 480.0],
    ["E10000031", "Warwickshire", "referrals", "", dt.datetime(2024, 5, 31), 510.0],
    ["E10000031", "Warwickshire", "referrals", "", dt.datetime(2024, 5, 12), 505.0],  # formatted mmm-yy
    ["E10000031", "Warwickshire", "referrals", "", dt.datetime(2024, 5, 31), 511.0],
]


def _formats(rows: list[list], header_rows: int = 1) -> dict[tuple[int, int], str]:
    """The number formats of the awkward rows: 0.0% on a fraction, mmm-yy on a date, and the value of
    the first good row again given a format it does not need."""
    formats = {(4, 5): "0.0%"}  # ROWS' 0.238
    for r, row in enumerate(rows, start=header_rows):
        if row[4:6] == ["2023/24", 0.25]:
            formats[(r, 5)] = "0.0%"
        if row[4:5] == [dt.datetime(2024, 5, 12)] or row[4:6] in ([dt.datetime(2019, 3, 12), 560.0],
                                                                  [dt.datetime(2019, 3, 12), 562.0]):
            formats[(r, 4)] = "mmm-yy"
        if row[:6] == ["E10000031", "Warwickshire", "cpp_count", "", "31 Mar 2018", 564.0]:
            formats[(r, 5)] = "0"
    return formats


def _workbook(*sheets: Sheet) -> Workbook:
    return Workbook("awkward.xlsx", list(sheets))


@pytest.mark.parametrize("run_length", [long_figures.RUN_LENGTH, 1, 3], ids=lambda n: f"runs of {n}")
def test_a_tidy_sheet_of_awkward_rows_reads_the_same_both_ways(reference, monkeypatch, run_length):
    monkeypatch.setattr(long_figures, "RUN_LENGTH", run_length)  # plain rows added in runs of this many
    rows = [*ROWS, *AWKWARD, *ROWS]
    sheet = Sheet("Return", [HEADER, *[list(row) for row in rows]], formats=_formats(rows))
    column_wise, by_row = both_ways(lambda: read_workbook(_workbook(sheet), reference, council="E10000031"),
                                    monkeypatch)
    assert_same(column_wise, by_row)
    codes = {issue[0] for issue in by_row["issues"]}
    assert {"unknown-indicator", "unknown-area", "unknown-period", "not-a-number",
            "percent-as-fraction"} <= codes
    assert len(by_row["figures"]) > 40


UNIT_HEADER = ["la_code", "la_name", "indicator", "period", "value", "unit", "target", "category"]
UNIT_ROWS = [
    ["E10000031", "Warwickshire", "cpp_rate", "31 Mar 2024", 41.8, "", None, ""],
    ["E10000031", "Warwickshire", "cpp_rate", "31 Mar 2024", 41.8, None, "", ""],
    ["E10000031", "Warwickshire", "cpp_rate", "31 Mar 2024", 2.95, "per 1,000", None, ""],
    ["E10000031", "Warwickshire", "cpp_rate", "31 Mar 2023", 40.2, "per 10,000", 38.0, ""],
    ["E10000031", "Warwickshire", "cpp_rate", "31 Mar 2023", 40.2, None, 38.0, ""],
    ["E10000031", "Warwickshire", "Children on CP plans", "31 Mar 2022", 39.9, "per 10,000", None, ""],
    ["E10000031", "Warwickshire", "Children on CP plans", "31 Mar 2022", 563.0, None, None, ""],
    ["E10000031", "Warwickshire", "Children on CP plans", "31 Mar 2022", 563.0, "", None, ""],
    ["E10000031", "Warwickshire", "rereferrals_12m_pct", "2023/24", 25.1, "%", 22.0, ""],
    ["E10000031", "Warwickshire", "rereferrals_12m_pct", "2023/24", 25.1, "", None, ""],
    [937.0, "Warwickshire", "cpp_by_category_pct", "2023/24", 51.3, "%", None, "neglect"],
    [937.0, "Warwickshire", "cpp_by_category_pct", "2023/24", 37.9, "", None, "emotional_abuse"],
    [937.0, "Warwickshire", "cpp_by_category_pct", "2023/24", 37.9, "", None, "emotional_abuse"],
]


def test_unit_and_target_columns_read_the_same_both_ways(reference, monkeypatch):
    sheet = Sheet("Return", [UNIT_HEADER, *[list(row) for row in UNIT_ROWS * 2]])
    column_wise, by_row = both_ways(lambda: read_workbook(_workbook(sheet), reference), monkeypatch)
    assert_same(column_wise, by_row)
    assert by_row["targets"] and "unit-mismatch" in {issue[0] for issue in by_row["issues"]}


LAIT_HEADER = ["Short Desc", "Years", "LA and Regions", "Values"]
LAIT_ROWS = [
    ["Looked after children per 10,000", year, area, rate]
    for year, rates in ((2023, (57.0, 70.0, 71.0)), (2024, (58.0, 70.0, 72.0)))
    for area, rate in zip(("Warwickshire", "England", "West Midlands"), rates, strict=True)
] + [
    ["Adoptions within 12 months", 2024, "Warwickshire", 12.0],
    ["Adoptions within 12 months", 2023, "Warwickshire", 10.0],
    ["Looked after children per 10,000", 2024, "Atlantis", 50.0],
    ["Looked after children per 10,000", 2024, "Warwickshire", "c"],
    ["Looked after children per 10,000", 2025, "Warwickshire", 59.0],
]


def test_a_list_read_by_what_its_columns_hold_reads_the_same_both_ways(reference, monkeypatch):
    sheet = Sheet("LAIT", [LAIT_HEADER, *[list(row) for row in LAIT_ROWS * 3]])
    column_wise, by_row = both_ways(lambda: read_workbook(_workbook(sheet), reference, council="E10000031"),
                                    monkeypatch)
    assert_same(column_wise, by_row)
    assert by_row["layout"] == "long" and by_row["not_read"] > 0


@pytest.mark.parametrize("text", ["0", "7", "563", "0563", "42.0", "23.80", "1000000", "0.238",
                                  "99999999999.5"])
def test_a_value_of_plain_digits_is_the_figure_parse_cell_reads(text):
    assert long_figures._PLAIN_TEXT(text)
    parsed = parse_cell(text, None, "count")
    assert (parsed.value, parsed.status, parsed.raw) == (float(text), None, text)


@pytest.mark.parametrize("text", ["", " 5", "5 ", "-5", "+5", "5.", ".5", "1,563", "1e3", "\u0665", "5\u00b9",
                                  "5%"])
def test_other_text_is_left_to_the_row_code(text):
    assert not long_figures._PLAIN_TEXT(text)
