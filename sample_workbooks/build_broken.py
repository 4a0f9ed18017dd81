"""Broken samples: small returns built from real seed figures, each with one deliberate fault.

Where each fault sits, and the rule that must flag it, is recorded in
``seed_figures.BROKEN_EXPECTATIONS``; the tests check the files and that record agree.
"""

from __future__ import annotations

import os
from pathlib import Path

from sample_workbooks.build_councils import HAMPSHIRE_TITLE
from sample_workbooks.layout import (
    TIDY_COLUMNS,
    new_workbook,
    put,
    save_workbook,
    text_percent,
    tidy_csv_text,
    write_table,
    write_text,
)
from sample_workbooks.seed_figures import AREA_NAMES
from sample_workbooks.seed_warwickshire import TABLE_1

WARKS = "E10000031"
HANTS = "E10000014"


def _row(area: str, indicator: str, period: str, value: object, breakdown: str = "") -> tuple:
    return (area, AREA_NAMES.get(area, area), indicator, breakdown, period, value)


def _write_bytes(path: Path, data: bytes) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def _tidy_xlsx(path: Path, rows: list[tuple]) -> Path:
    wb = new_workbook()
    ws = wb.create_sheet("Return")
    for col, name in enumerate(TIDY_COLUMNS, start=1):
        put(ws, 1, col, name, bold=True)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            put(ws, r, col, value)
    return save_workbook(wb, path)


CSV_FAULTS: dict[str, list[tuple]] = {
    "broken_percent_over_100.csv": [
        _row(WARKS, "cpp_repeat_pct", "2017/18", "18.7%"),
        _row(WARKS, "cpp_repeat_pct", "2018/19", "18.6%"),
        _row(WARKS, "cpp_repeat_pct", "2019/20", "123.4%"),
    ],
    "broken_count_not_whole.csv": [
        _row(WARKS, "cpp_count", "31 Mar 2018", "563"),
        _row(WARKS, "cpp_count", "31 Mar 2019", "12.5"),
        _row(WARKS, "cpp_count", "31 Mar 2020", "295"),
    ],
    "broken_unknown_area.csv": [
        _row(WARKS, "cpp_rate", "31 Mar 2019", "29.8"),
        _row("Narnia", "cpp_rate", "31 Mar 2019", "35.0"),
        _row("E92000001", "cpp_rate", "31 Mar 2019", "43.7"),
    ],
    "broken_duplicate_conflict.csv": [
        _row(WARKS, "cpp_rate", "31 Mar 2018", "49.0"),
        _row(WARKS, "cpp_rate", "31 Mar 2019", "29.8"),
        _row(WARKS, "cpp_rate", "31 Mar 2020", "25.1"),
        _row(WARKS, "cpp_rate", "31 Mar 2019", "31.2"),
    ],
    "broken_future_period.csv": [
        _row(WARKS, "cpp_starts", "2018/19", "516"),
        _row(WARKS, "cpp_starts", "2019/20", "425"),
        _row(WARKS, "cpp_starts", "2030/31", "120"),
    ],
}

XLSX_FAULTS: dict[str, list[tuple]] = {
    "broken_count_negative.xlsx": [
        _row(HANTS, "cla_count", "31 Mar 2013", 1131),
        _row(HANTS, "cla_3plus_moves_pct", "2012/13", "16.2%"),
        _row(HANTS, "cla_3plus_moves_pct", "2013/14", "13.7%"),
        _row(HANTS, "cla_count", "31 Mar 2014", -1267),
    ],
    "broken_unknown_indicator.xlsx": [
        _row(HANTS, "open_cases", "31 Mar 2013", 6502),
        _row(HANTS, "contacts", "2012/13", 61174),
        _row(HANTS, "Number of unicorns seen", "2012/13", 12),
    ],
}


def text_in_number(folder: Path) -> Path:
    """Table 1 laid out as in the Warwickshire workbook, with 'abc' for Warwickshire 2018/19 (E4)."""
    wb = new_workbook()
    ws = wb.create_sheet("CP tables")
    write_table(ws, 1, TABLE_1, text_percent, title=TABLE_1.title)
    put(ws, 4, 5, "abc")
    return save_workbook(wb, folder / "broken_text_in_number.xlsx")


def excel_error(folder: Path) -> Path:
    """Hampshire's activity table with #DIV/0! for referrals in 2013-14 (C5)."""
    wb = new_workbook()
    ws = wb.create_sheet("Safeguarding")
    put(ws, 1, 1, HAMPSHIRE_TITLE, bold=True)
    for col, label in enumerate(("Contacts and Referrals", "2012-13", "2013-14", "Feb 2015"), start=1):
        put(ws, 2, col, label, bold=True)
    rows = (("No. of open social work cases", 6502, 8020, 8537),
            ("Number of initial contacts", 61174, 68789, 71434),
            ("Number of referrals", 10297, "#DIV/0!", 16898))
    for r, row in enumerate(rows, start=3):
        for col, value in enumerate(row, start=1):
            put(ws, r, col, value)
    return save_workbook(wb, folder / "broken_excel_error.xlsx")


def unreadable(folder: Path, good_workbook: Path) -> list[Path]:
    """Plain text under an .xlsx name, and the first half of a real workbook's zip."""
    text = "This is not a workbook.\nIt is a note saved with the wrong name.\n"
    data = good_workbook.read_bytes()
    half = data[: len(data) // 2]
    return [write_text(folder / "broken_not_a_workbook.xlsx", text),
            _write_bytes(folder / "broken_truncated.xlsx", half)]


def build_broken(folder: Path, good_workbook: Path) -> list[Path]:
    written = [write_text(folder / name, tidy_csv_text(rows)) for name, rows in CSV_FAULTS.items()]
    written += [_tidy_xlsx(folder / name, rows) for name, rows in XLSX_FAULTS.items()]
    written += [text_in_number(folder), excel_error(folder)]
    return written + unreadable(folder, good_workbook)
