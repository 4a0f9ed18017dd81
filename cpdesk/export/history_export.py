"""The change history of the figures an officer selected, as a workbook for an audit trail.

One row per change, oldest first: the figure (area and indicator by name, with their codes), when
(a real Excel date-time, UTC), who (the name typed in Settings, and the database login beside it:
empty for changes stored before schema version 2), why, the value before and after, and the file,
sheet and cell the new value came from (empty for an edit typed into cpdesk).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import xlsxwriter

from cpdesk.export.safe_write import XLSX_OPTIONS, write_safely

COLUMNS = (("Area", 22), ("Area code", 11), ("Indicator", 40), ("Indicator id", 20), ("Breakdown", 12),
           ("Period", 12), ("Changed at (UTC)", 18), ("Changed by", 14), ("Login", 12),
           ("Reason", 28),
           ("Old value", 10), ("Old status", 10), ("Old text", 10), ("New value", 10), ("New status", 10),
           ("New text", 10), ("Source file", 30), ("Source sheet", 16), ("Source cell", 10))
CHANGED_AT = 6


def write_history(revisions: Iterable[tuple[Any, Any]], path: str | os.PathLike,
                  indicator_titles: Mapping[str, str] | None = None) -> Path:
    """Write ``(cell, revision)`` pairs to ``path``; ``cell`` is the StoredObservation the revision
    belongs to (a Revision alone does not say which figure it changed). ``indicator_titles`` maps
    indicator ids to the titles shown beside them."""
    titles = indicator_titles or {}
    rows = [_row(cell, revision, titles) for cell, revision in revisions]
    return write_safely(Path(path), lambda name: _write(rows, name))


def _row(cell: Any, revision: Any, titles: Mapping[str, str]) -> list[Any]:
    return [getattr(cell, "area_name", "") or cell.area_code, cell.area_code,
            titles.get(cell.indicator_id, cell.indicator_id), cell.indicator_id, cell.breakdown,
            cell.period.label, _when(revision.changed_at), getattr(revision, "changed_by", ""),
            getattr(revision, "changed_by_login", None),
            getattr(revision, "reason", ""), revision.old_value, revision.old_status, revision.old_raw,
            revision.new_value, revision.new_status, revision.new_raw,
            getattr(revision, "source_file", None), getattr(revision, "source_sheet", None),
            getattr(revision, "source_cell", None)]


def _when(stamp: str) -> dt.datetime | str:
    """The stored UTC ISO-8601 text as a naive date-time (Excel has no time zones); text if unreadable."""
    try:
        return dt.datetime.fromisoformat(stamp).replace(tzinfo=None)
    except (TypeError, ValueError):
        return stamp


def _write(rows: list[list[Any]], filename: str) -> None:
    workbook = xlsxwriter.Workbook(filename, XLSX_OPTIONS)
    try:
        sheet = workbook.add_worksheet("history")
        when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        sheet.write_row(0, 0, [title for title, _ in COLUMNS], workbook.add_format({"bold": True}))
        for c, (_, width) in enumerate(COLUMNS):
            sheet.set_column(c, c, width, when if c == CHANGED_AT else None)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, when)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                elif value not in (None, ""):
                    sheet.write_string(r, c, str(value))
        sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
        sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
