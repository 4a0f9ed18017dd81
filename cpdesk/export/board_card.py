"""The board workbook's first sheet: the report card, one row per indicator, every figure with its period.

Each row names the period of each figure beside it: the latest figure's, the previous figure's (the
one the change is measured from) and the comparators' (the statistical neighbours' and England's,
which may be of an earlier period than the council's latest). The RAG word sits on its colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from cpdesk.export.as_at import as_at_words
from cpdesk.export.board_cells import SheetWriter
from cpdesk.indicators.model import Unit
from cpdesk.query.comparators import compared_with_other_areas
from cpdesk.query.report_card import ReportCardRow

CHANGE_FORMATS = {Unit.PERCENT: '+0.0" pts";-0.0" pts";0.0" pts"', Unit.COUNT: "+#,##0;-#,##0;0"}
COUNT_NOTE_IN_CARD = ("statistical neighbours and England are left blank, as a count follows each area's "
                      "size; compare the rate.")
REPORT_CARD_HEADER = ("Indicator", "Period", "Latest", "Previous period", "Previous", "Change",
                      "Statistical neighbours", "Neighbours' period", "England", "England's period", "RAG")
HEADER_ROW = 3
FIGURE_COLUMNS = (2, 4, 5, 6, 8)


def comparator_figures(row: ReportCardRow) -> tuple[tuple[float | None, str], tuple[float | None, str]]:
    """(value, period label) of the statistical neighbours and of England beside the row's headline:
    for its period where they have one, else their latest earlier figure, its period in the next column."""
    neighbours, england = row.neighbours(), row.compared("england")
    return ((neighbours.value, neighbours.period.label) if neighbours else (None, ""),
            (england.value, england.period.label) if england else (None, ""))


def change_shown(row: ReportCardRow) -> str:
    if row.change is None:
        return ""
    text = f"{row.change:+,.{row.indicator.decimals}f}"
    return f"{text} pts" if row.indicator.unit == Unit.PERCENT else text


def write_report_card(out: SheetWriter, card: Sequence[ReportCardRow], council: str,
                      as_at: dt.date | None, areas: Any = None) -> None:
    formats = out.formats
    out.sized_from_row = HEADER_ROW
    out.text(0, 0, f"{council}: report card", formats.title, sized=False)
    stamp = as_at_words(as_at).capitalize() if as_at else "Latest figures held"
    out.note(1, f"{stamp}; each figure with the period it is for.")
    for col, heading in enumerate(REPORT_CARD_HEADER):
        out.header(HEADER_ROW, col, heading, right=col in FIGURE_COLUMNS)
    for r, row in enumerate(card, start=HEADER_ROW + 1):
        _write_row(out, r, row)
    if any(not compared_with_other_areas(row.indicator) for row in card):
        out.note(HEADER_ROW + len(card) + 2, f"Counts: {COUNT_NOTE_IN_CARD}")
    out.sheet.freeze_panes(HEADER_ROW + 1, 1)


def _write_row(out: SheetWriter, r: int, row: ReportCardRow) -> None:
    indicator, formats = row.indicator, out.formats
    out.text(r, 0, indicator.title)
    out.when(r, 1, row.latest.period.label)
    out.figure(r, 2, indicator, row.latest.value)
    if row.previous is not None:
        out.when(r, 3, row.previous.period.label)
        out.figure(r, 4, indicator, row.previous.value)
    if row.change is not None:
        change_format = CHANGE_FORMATS.get(indicator.unit, '+0.0;-0.0;0.0')
        out.change(r, 5, row.change, change_format, change_shown(row))
    for col, (value, period) in zip((6, 8), comparator_figures(row), strict=True):
        out.figure(r, col, indicator, value)
        if period:
            out.when(r, col + 1, period)
    out.text(r, 10, row.rag.label, formats.rag.get(row.rag.status, formats.text))
