"""cpdesk's own exchange format: every stored figure, one per row, losslessly re-importable.

The header is the one ``cpdesk.read.long`` recognises as cpdesk format, so importing the file into
an empty database gives back the same figures: the exact period (kind, start, end, label), the
status, the text as it was written, the publisher and the original source cell.

Two details keep the round trip exact:

* the "metadata" sheet is hidden, because the importer reads every visible sheet;
* every text cell is written as text (no formula, number or link guessing), so a raw value such
  as "=SUM(A1)" or "-" stays text; in the CSV variant a text a spreadsheet would run as a formula
  gets a single quote before it (``cpdesk.csv_cells``), which the reader takes off again;
* xlsxwriter writes numbers with 16 significant digits, which does not hold every double (e.g.
  23.799999999999997). Those few values are written as their shortest exact text (``repr``); the
  reader turns the value cell back into a number with ``float()``, which gives the same double.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter

from cpdesk.csv_cells import SafeWriter, kept_exact
from cpdesk.export.safe_write import XLSX_OPTIONS, write_safely

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
COLUMNS = ("area_code", "area_name", "indicator", "breakdown", "period_kind", "period_label",
           "period_start", "period_end", "value", "status", "raw", "publisher", "source_file",
           "source_sheet", "source_cell")
VALUE_COLUMN = COLUMNS.index("value")


def exact_in_excel(value: float) -> bool:
    """Whether xlsxwriter's 16-digit number text reads back as the same double."""
    return float(f"{value:.16G}") == value


def observation_row(obs: Any) -> list[Any]:
    """The cells of one figure, in COLUMNS order. Works for Observation and StoredObservation."""
    source = getattr(obs, "source", None)
    return [
        obs.area_code,
        getattr(obs, "area_name", "") or "",
        obs.indicator_id,
        obs.breakdown or "",
        obs.period.kind,
        obs.period.label,
        obs.period.start.isoformat(),
        obs.period.end.isoformat(),
        obs.value,
        obs.status or "",
        obs.raw or "",
        obs.publisher,
        getattr(obs, "source_file", None) or (source.file if source else "") or "",
        getattr(obs, "source_sheet", None) or (source.sheet if source else "") or "",
        getattr(obs, "source_cell", None) or (source.cell if source else "") or "",
    ]


def write_cpdesk_format(observations: Iterable[Any], path: str | os.PathLike, *, db_label: str = "") -> Path:
    """Write the figures to ``path``: .xlsx (sheets "observations" and "metadata") or .csv."""
    target = Path(path)
    if target.suffix.lower() == ".csv":
        return write_safely(target, lambda name: _write_csv(observations, name))
    return write_safely(target, lambda name: _write_xlsx(observations, name, db_label))


def _write_xlsx(observations: Iterable[Any], filename: str, db_label: str) -> None:
    workbook = xlsxwriter.Workbook(filename, {**XLSX_OPTIONS, "constant_memory": True})
    try:
        sheet = workbook.add_worksheet("observations")
        bold = workbook.add_format({"bold": True})
        sheet.write_row(0, 0, COLUMNS, bold)
        count = _write_rows(sheet, observations)
        sheet.freeze_panes(1, 0)
        _write_metadata(workbook.add_worksheet("metadata"), db_label, count, bold)
    finally:
        workbook.close()
    logger.debug("cpdesk format: %d figures", count)


def _write_rows(sheet, observations: Iterable[Any]) -> int:
    """Rows in order (constant_memory mode needs them so); returns how many were written."""
    write_string, write_number = sheet.write_string, sheet.write_number
    row = 0
    for row, obs in enumerate(observations, start=1):
        for column, cell in enumerate(observation_row(obs)):
            if column == VALUE_COLUMN:
                if cell is None:
                    continue
                if exact_in_excel(cell):
                    write_number(row, column, cell)
                else:
                    write_string(row, column, repr(float(cell)))
            elif cell:
                write_string(row, column, kept_exact(cell))
    return row


def _write_metadata(sheet, db_label: str, count: int, bold) -> None:
    items = (("format", "cpdesk"), ("schema_version", SCHEMA_VERSION),
             ("exported_at_utc", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
             ("database", db_label), ("count", count))
    for row, (key, value) in enumerate(items):
        sheet.write_string(row, 0, key, bold)
        if isinstance(value, int):
            sheet.write_number(row, 1, value)
        else:
            sheet.write_string(row, 1, str(value))
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 40)
    sheet.hide()  # the importer skips hidden sheets, so the metadata is never read as figures


def _write_csv(observations: Iterable[Any], filename: str) -> None:
    """CSV variant: numbers as ``repr`` text (always exact), UTF-8 with a BOM so Excel reads accents."""
    with open(filename, "w", encoding="utf-8-sig", newline="") as handle:
        writer = SafeWriter(handle)
        writer.writerow(COLUMNS)
        for obs in observations:
            cells = observation_row(obs)
            value = cells[VALUE_COLUMN]
            cells[VALUE_COLUMN] = "" if value is None else repr(float(value))
            writer.writerow(cells)
