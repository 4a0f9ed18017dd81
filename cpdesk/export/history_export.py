"""The change history of the figures an officer selected, as a workbook for an audit trail."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter

from cpdesk.export.safe_write import XLSX_OPTIONS, write_safely

COLUMNS = ("Area", "Indicator", "Breakdown", "Period", "Changed at (UTC)", "Changed by", "Reason",
           "Old value", "Old status", "Old text", "New value", "New status", "New text")


def write_history(revisions: Iterable[tuple[Any, Any]], path: str | os.PathLike) -> Path:
    """Write ``(cell, revision)`` pairs to ``path``; ``cell`` is the StoredObservation the revision
    belongs to (a Revision alone does not say which figure it changed)."""
    rows = [_row(cell, revision) for cell, revision in revisions]
    return write_safely(Path(path), lambda name: _write(rows, name))


def _row(cell: Any, revision: Any) -> list[Any]:
    return [cell.area_code, cell.indicator_id, cell.breakdown, cell.period.label, revision.changed_at,
            getattr(revision, "changed_by", ""), getattr(revision, "reason", ""),
            revision.old_value, revision.old_status, revision.old_raw,
            revision.new_value, revision.new_status, revision.new_raw]


def _write(rows: list[list[Any]], filename: str) -> None:
    workbook = xlsxwriter.Workbook(filename, XLSX_OPTIONS)
    try:
        sheet = workbook.add_worksheet("history")
        sheet.write_row(0, 0, COLUMNS, workbook.add_format({"bold": True}))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                elif value not in (None, ""):
                    sheet.write_string(r, c, str(value))
        sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
        sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
