"""Files built to take a reader down: each is answered in a few seconds, in little memory, with one
plain line naming the file, and the database is left exactly as it was.

Each file is built tiny on disk in tmp_path (``tools/hostile_builders.py``) and imported by
``python -m cpdesk import`` in a child process capped at 2 GB of address space, so a guard that
fails cannot take the machine down. The guards themselves are also tested in-process.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from cpdesk.read import limits, xlsx_parts
from cpdesk.read.grid import ReadError
from cpdesk.read.workbook import open_workbook
from tools.hostile_builders import (
    FIGURE,
    HEADINGS,
    HOSTILE_FILES,
    SHEET_PART,
    Member,
    cells_bomb,
    far_corner,
    far_corner_xls,
    huge_csv_field,
    ods_with_rows,
    repeated,
    small_sheet,
    tidy_cells,
    whitespace_bomb,
    xlsx_with_sheet,
)
from tools.hostile_files import make_base_database, run_import

SECONDS = 10
PEAK_MB = 500
# What each file is answered with: the exit code and words of the one line that names it.
EXPECTED = {
    "cells_bomb.xlsx": (2, "is too big for cpdesk to read: it inflates to 1,200 MB of XML"),
    "whitespace_bomb.xlsx": (2, "looks like a zip bomb"),
    "lying_bomb.xlsx": (2, "holds more than the zip says it does"),
    "far_corner.xlsx": (2, "reaches cell XFD1048576, 17,179,869,184 cells from A1"),
    "far_dimension.xlsx": (1, "no figures, so nothing was imported"),
    "negative_columns.xlsx": (2, 'has min="-2000000000", which no spreadsheet program writes'),
    "bad_style.xlsx": (2, 'has s="x" in cell F2, which no spreadsheet program writes'),
    "bad_row_number.xlsx": (2, "is damaged and cannot be opened"),
    "huge_field.csv": (2, "has a cell of more than 131,072 characters (line 3)"),
    "far_corner.xls": (2, "sheet 'Return' reaches cell IV65536, 16,777,216 cells from A1"),
    "repeated_figure.ods": (2, "sheet 'Return' reaches cell XFD1048576, 17,179,869,184 cells from A1"),
}


def busy_machine() -> float:
    """How many times slower than an idle machine a child may run here: 1 on a machine with a core
    to spare, more where other work queues for the cores (the CPU time is held to 10 s regardless)."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    return make_base_database(tmp_path_factory.mktemp("hostile-base"))


def test_every_hostile_file_has_an_expected_answer():
    assert {hostile.name for hostile in HOSTILE_FILES} == set(EXPECTED)


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=lambda hostile: hostile.name)
def test_a_hostile_file_is_answered_quickly_in_one_line_and_stores_nothing(hostile, base_db, tmp_path):
    file = hostile.build(tmp_path / hostile.name)
    assert file.stat().st_size < 6_000_000
    answer = run_import(file, base_db, tmp_path, timeout=60)
    exit_code, words = EXPECTED[hostile.name]
    assert answer.exit_code == exit_code, answer.stderr[-2000:]
    assert answer.cpu_seconds < SECONDS and answer.seconds < SECONDS * busy_machine()
    assert answer.peak_mb < PEAK_MB
    assert hostile.name in answer.message and words in answer.message
    assert "Traceback" not in answer.stdout + answer.stderr
    assert len(answer.stderr.splitlines()) <= 1
    assert answer.unchanged


# --- the guards, in-process ---------------------------------------------------------------------------

def test_declared_sizes_past_the_limit_are_refused_before_anything_is_inflated(tmp_path):
    with pytest.raises(ReadError, match="to 1,200 MB of XML .cpdesk reads workbooks of up to 600 MB"):
        open_workbook(cells_bomb(tmp_path / "cells.xlsx"))


def test_a_part_inflating_far_more_than_any_workbook_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "RATIO_FLOOR", 1_000_000)
    with pytest.raises(ReadError, match=r"inflates 9\d\d times over, to 4.2 MB .*zip bomb"):
        open_workbook(whitespace_bomb(tmp_path / "spaces.xlsx", inflated=5_000_000))


def test_a_part_holding_more_than_its_declared_size_is_damaged_whatever_its_checksum(tmp_path):
    sheet = repeated(SHEET_PART, b"<worksheet><sheetData>", b" " * 65_536, 100, b"</sheetData></worksheet>")
    lying = Member(sheet.name, sheet.deflated, sheet.size, sheet.crc, declared_size=70_000)
    file = xlsx_with_sheet(tmp_path / "lying.xlsx", lying)
    with zipfile.ZipFile(file) as archive:
        chunks = limits.inflated_chunks(file, archive.getinfo(SHEET_PART))
        with pytest.raises(ReadError, match="holds more than the zip says it does"):
            for chunk in chunks:
                assert len(chunk) <= limits.CHUNK
    with pytest.raises(ReadError, match="'lying.xlsx' is damaged"):
        open_workbook(file)


def test_cells_far_from_a1_are_refused_by_the_rectangle_they_make(tmp_path):
    with pytest.raises(ReadError, match="sheet 'Return' reaches cell XFD1048576"):
        open_workbook(far_corner(tmp_path / "corner.xlsx"))


def test_the_scan_finds_the_last_row_and_column_however_cells_are_written(tmp_path):
    cells = ('<row r="3"><c s="1" r="C3"><v>1</v></c></row><row r="900"><c r="AB900"><v>2</v></c></row>'
             '<row><c><v>3</v></c><c><v>4</v></c><c><v>5</v></c></row>')
    file = xlsx_with_sheet(tmp_path / "mixed.xlsx", small_sheet(cells))
    with zipfile.ZipFile(file) as archive:
        scan = limits.scan_sheet(file, archive.getinfo(SHEET_PART), "Return", set())
    assert (scan.rows, scan.columns, scan.cells, scan.referenced, scan.widest_row) == (900, 28, 5, 2, 3)
    assert not scan.worth_scanning


def test_cells_without_references_are_bounded_by_the_longest_row(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 1_000)
    row = "<row>" + "<c><v>1</v></c>" * 40 + "</row>"
    file = xlsx_with_sheet(tmp_path / "wide.xlsx", small_sheet(row * 24 + '<row r="30"><c r="A30"/></row>'))
    with pytest.raises(ReadError, match="reaches cell AN30, 1,200 cells from A1"):
        open_workbook(file)


def test_a_sheet_with_more_cells_than_the_limit_is_refused_while_it_streams(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 100_000)
    with pytest.raises(ReadError, match="sheet 'Return' holds more than 100,000 cells"):
        open_workbook(cells_bomb(tmp_path / "cells.xlsx", inflated=3_000_000))


def test_too_many_shared_strings_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 50)
    file = tmp_path / "strings.xlsx"
    xlsx_with_sheet(file, small_sheet(tidy_cells([HEADINGS, FIGURE])))
    with zipfile.ZipFile(file, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>a</t></si>" * 60 + b"</sst>")
    with pytest.raises(ReadError, match="more than 50 different texts"):
        open_workbook(file)


def test_malformed_attributes_are_named_in_one_line(tmp_path):
    cells = tidy_cells([HEADINGS, FIGURE]).replace('<c r="F2">', '<c r="F2" s="x">')
    with pytest.raises(ReadError, match=r"""sheet 'Return' has s="x" in cell F2, which no spreadsheet"""):
        open_workbook(xlsx_with_sheet(tmp_path / "style.xlsx", small_sheet(cells)))


def test_the_detailed_pass_refuses_what_the_scan_lets_through(tmp_path):
    """Second line of defence: column ranges before A, and row numbers that are not numbers."""
    scanner = xlsx_parts._SheetScanner({}, max_row=10)
    with pytest.raises(xlsx_parts.DamagedPart, match="starting at column 0, before column A"):
        scanner.start("col", {"min": "0", "max": "3", "hidden": "1"})
    with pytest.raises(xlsx_parts.DamagedPart, match="a hidden row has a row number of 'x'"):
        scanner.start("row", {"r": "x", "hidden": "1"})
    scanner.start("col", {"min": "2", "max": "2000000000", "hidden": "1"})
    scanner.start("row", {"r": "5000", "hidden": "1"})  # past the sheet's last row: not kept
    assert len(scanner.extras.hidden_cols) == xlsx_parts.MAX_HIDDEN_COLUMNS - 1
    assert scanner.extras.hidden_rows == set()


def test_a_valid_sheet_still_reads_its_values_formats_and_hidden_rows(tmp_path):
    rows = [HEADINGS, FIGURE, ["E10000031", "Warwickshire", "cpp_repeat_pct", "", "31 Mar 2019", 0.186]]
    cells = tidy_cells(rows).replace('<c r="F3">', '<c r="F3" s="1">').replace('<row r="2">',
                                                                            '<row r="2" hidden="1">')
    book = open_workbook(xlsx_with_sheet(tmp_path / "valid.xlsx", small_sheet(cells), styles=True))
    sheet = book.sheets[0]
    assert sheet.rows[1][5] == 29.8 and sheet.rows[2][5] == 0.186
    assert sheet.number_format(2, 5) == "0.00%"
    assert sheet.hidden_rows == {1}


def test_an_ods_is_bounded_by_where_its_repeated_content_reaches(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 1_000)
    empty_tail = (b'<table:table-row table:number-rows-repeated="1048570" table:visibility="collapse">'
                  b'<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')
    figure = (b'<table:table-row><table:table-cell table:number-columns-repeated="3" '
              b'office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>'
              b'</table:table-row>')
    book = open_workbook(ods_with_rows(tmp_path / "tail.ods", figure * 2 + empty_tail))
    assert book.sheets[0].rows == [[7.0, 7.0, 7.0], [7.0, 7.0, 7.0]] and book.sheets[0].hidden_rows == set()
    repeated = figure.replace(b"<table:table-row>", b'<table:table-row table:number-rows-repeated="400">')
    with pytest.raises(ReadError, match="'wide.ods' is too big .* reaches cell C401, 1,203 cells from A1"):
        open_workbook(ods_with_rows(tmp_path / "wide.ods", figure + repeated))


def test_an_xls_is_bounded_by_its_values_not_its_formatted_blanks(tmp_path):
    with pytest.raises(ReadError, match="'corner.xls' is too big .* reaches cell IV65536"):
        open_workbook(far_corner_xls(tmp_path / "corner.xls"))
    started = time.monotonic()
    book = open_workbook(far_corner_xls(tmp_path / "blank.xls", blank=True))
    assert book.sheets[0].rows == [[1.0]] and time.monotonic() - started < 5


def test_a_huge_csv_cell_is_refused_in_one_line(tmp_path):
    with pytest.raises(ReadError, match=r"'huge.csv' has a cell of more than 131,072 characters \(line 3\)"):
        open_workbook(huge_csv_field(tmp_path / "huge.csv"))


def test_a_csv_with_more_cells_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("cpdesk.read.csv_grid.MAX_SHEET_CELLS", 20)
    file = tmp_path / "long.csv"
    file.write_text("".join(f"E10000031,cpp_count,31 Mar {2000 + i},{i}\n" for i in range(10)))
    with pytest.raises(ReadError, match="'long.csv' is too big .* more than 20 cells"):
        open_workbook(file)


def test_a_csv_shares_each_distinct_text_between_its_cells(tmp_path):
    file = tmp_path / "tidy.csv"
    file.write_text("area_code,value\n" + "".join(f"E10000031,{i % 3}\n" for i in range(6)),
                    encoding="cp1252")
    rows = open_workbook(file).sheets[0].rows
    assert rows[1][0] is rows[6][0] and rows[1][1] is rows[4][1]


# --- a flood of warnings ------------------------------------------------------------------------------

def test_thousands_of_warnings_print_as_a_summary_by_rule(tmp_path, capsys):
    from cpdesk.cli import main
    from cpdesk.issues import SHOWN_PER_RULE
    from tools.hostile_builders import million_rows_csv

    file = million_rows_csv(tmp_path / "flood.csv", rows=3_000)
    assert main(["validate", str(file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    outliers = [line for line in lines if "[outlier-change]" in line]
    assert len(outliers) == SHOWN_PER_RULE + 1 and len(lines) < 2 * SHOWN_PER_RULE
    total = int(lines[-1].split(", ")[1].split()[0].replace(",", ""))
    assert total > 1_000
    assert outliers[0] == (f"  WARNING [outlier-change] {total:,} outlier-change warnings: the first "
                           f"{SHOWN_PER_RULE} are listed; all of them are saved by "
                           "'cpdesk validate flood.csv --report report.xlsx'.")
    assert main(["validate", str(file), "--report", str(tmp_path / "all.xlsx")]) == 0
    assert "all of them are in all.xlsx." in capsys.readouterr().out
    import openpyxl

    detail = openpyxl.load_workbook(tmp_path / "all.xlsx", read_only=True)["Detail"]
    rows = detail.iter_rows(min_row=2, values_only=True)
    assert sum(1 for row in rows if row[1] == "outlier-change") == total
