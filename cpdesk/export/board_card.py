"""The board workbook's first sheet: the report card, one row per indicator, every figure with its period.

Each row names the period of each figure beside it: the latest figure's (in-year figures included),
the previous figure's (the one the change is measured from) and each comparator's (the council's own
reported neighbours' figure, the neighbours' mean and median computed from their own figures, the
region and England), which may be of an earlier period than the council's latest. The RAG word sits
on its colour, and the next column says what it rests on, or how to get one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cpdesk.chart.card_words import national_words, rag_words
from cpdesk.export.as_at import as_at_words
from cpdesk.export.board_cells import SheetWriter
from cpdesk.indicators.model import Unit
from cpdesk.query.as_at import period_name
from cpdesk.query.comparators import compared_with_other_areas
from cpdesk.query.report_card import ReportCardRow

CHANGE_FORMATS = {Unit.PERCENT: '+0.0" pts";-0.0" pts";0.0" pts"', Unit.COUNT: "+#,##0;-#,##0;0"}
COUNT_NOTE_IN_CARD = ("neighbours, region and England are left blank, as a count follows each area's "
                      "size; compare the rate.")
# Each comparator beside the headline, in the order of cpdesk.query.as_at.COMPARED_ROLES, with the
# heading of its figure's column; the column after each names the period the figure is for.
COMPARATOR_HEADINGS = (("sn_reported", "Neighbours (as reported)"), ("sn_mean", "Neighbours' mean"),
                       ("sn_median", "Neighbours' median"), ("region", "Region"), ("england", "England"))
REPORT_CARD_HEADER = ("Indicator", "Period", "Latest", "Previous period", "Previous", "Change",
                      *(h for _role, heading in COMPARATOR_HEADINGS for h in (heading, "Period ")),
                      "National rank", "RAG", "RAG based on")
HEADER_ROW = 3
RATED = ("green", "amber", "red")
FIRST_COMPARATOR = 6
FIGURE_COLUMNS = (2, 4, 5, *range(FIRST_COMPARATOR, FIRST_COMPARATOR + 2 * len(COMPARATOR_HEADINGS), 2))
RANK_COLUMN = FIRST_COMPARATOR + 2 * len(COMPARATOR_HEADINGS)
RAG_COLUMN = RANK_COLUMN + 1


def change_shown(row: ReportCardRow) -> str:
    if row.change is None:
        return ""
    text = f"{row.change:+,.{row.indicator.decimals}f}"
    return f"{text} pts" if row.indicator.unit == Unit.PERCENT else text


def write_report_card(out: SheetWriter, card: Sequence[ReportCardRow], council: str,
                      as_at: dt.date | None) -> None:
    formats = out.formats
    out.sized_from_row = HEADER_ROW
    out.text(0, 0, f"{council}: report card", formats.title, sized=False)
    stamp = as_at_words(as_at).capitalize() if as_at else "Latest figures held, in-year figures included"
    out.note(1, f"{stamp}; each figure with the period it is for.")
    for col, heading in enumerate(REPORT_CARD_HEADER):
        out.header(HEADER_ROW, col, heading.strip(), right=col in FIGURE_COLUMNS)
    for r, row in enumerate(card, start=HEADER_ROW + 1):
        _write_row(out, r, row)
    if any(not compared_with_other_areas(row.indicator) for row in card):
        out.note(HEADER_ROW + len(card) + 2, f"Counts: {COUNT_NOTE_IN_CARD}")
    out.sheet.freeze_panes(HEADER_ROW + 1, 1)
    out.sheet.repeat_rows(HEADER_ROW)  # printed across pages, each page heads its columns


def _write_row(out: SheetWriter, r: int, row: ReportCardRow) -> None:
    indicator, formats = row.indicator, out.formats
    out.wrapped(r, 0, indicator.title)
    out.when(r, 1, period_name(row.latest.period, indicator))
    out.figure(r, 2, indicator, row.latest.value)
    if row.previous is not None:
        out.when(r, 3, period_name(row.previous.period, indicator))
        out.figure(r, 4, indicator, row.previous.value)
    if row.change is not None:
        change_format = CHANGE_FORMATS.get(indicator.unit, '+0.0;-0.0;0.0')
        out.change(r, 5, row.change, change_format, change_shown(row))
    for n, (role, _heading) in enumerate(COMPARATOR_HEADINGS):
        found = row.compared(role)
        if found is not None:
            out.figure(r, FIRST_COMPARATOR + 2 * n, indicator, found.value)
            out.when(r, FIRST_COMPARATOR + 2 * n + 1, period_name(found.period, indicator))
    out.text(r, RANK_COLUMN, national_words(row))
    rated = row.rag.status in RATED
    word = row.rag.label if rated else "No RAG"
    out.text(r, RAG_COLUMN, word, formats.rag.get(row.rag.status, formats.text))
    basis = rag_words(row) if rated else rag_words(row).removeprefix("No RAG").strip(" ()")
    out.wrapped(r, RAG_COLUMN + 1, basis[:1].upper() + basis[1:])
