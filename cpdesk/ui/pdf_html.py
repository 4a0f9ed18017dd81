"""The words and tables of the PDF board pack, as HTML for a QTextDocument (no drawing here).

Each indicator's page says, under its chart: a one-line summary of where the council stands, the
comparison table (council, neighbours, region, England by period, as in the board workbook), the
target, the officers' notes on the figures, and what a status in the table means. The report card
names the period of every figure beside it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from cpdesk.chart.card_words import change_words, comparator_lines, headline_period, rag_words
from cpdesk.chart.format import format_value, officer_label, status_marker
from cpdesk.chart.palette import RAG_COLOURS
from cpdesk.export.board import table_rows
from cpdesk.export.board_periods import table_periods
from cpdesk.observation import STATUSES
from cpdesk.ui.charts.report_card import RAG_WORDS

TABLE = "<table width='100%' border='0.5' cellspacing='0' cellpadding='3'>"


def _e(text: str) -> str:
    return html.escape(text)


def _cell(point, indicator) -> str:
    if point is None:
        return ""
    if point.value is not None:
        return format_value(point.value, indicator)
    return status_marker(point.status, point.raw or "") or ""


def comparison_rows(source: Any, la_code: str, indicator) -> tuple[list, list[list[str]]]:
    """Period labels and, per area row, its name then the formatted figures (as in the workbook)."""
    rows = table_rows(source.index, indicator, la_code, source.reference.areas)
    periods = table_periods(rows, indicator)
    cells = [[s.name] + [_cell(s.at(p.key), indicator) for p in periods] for s in rows]
    return periods, cells


def status_notes(source: Any, la_code: str, indicator) -> list[str]:
    """"Warwickshire statistical neighbours, 31 Mar 2020: to be confirmed." for each status shown."""
    rows = table_rows(source.index, indicator, la_code, source.reference.areas)
    notes = []
    for period in table_periods(rows, indicator):
        for series in rows:
            point = series.at(period.key)
            if point is not None and point.value is None and point.status:
                notes.append(f"{series.name}, {period.label}: {STATUSES.get(point.status, point.status)}.")
    return notes


def comparison_html(periods: Sequence[Any], cells: list[list[str]]) -> str:
    if not cells:
        return "<p>No figures held for this indicator.</p>"
    head = "".join(f"<th align='right'>{_e(p.label)}</th>" for p in periods)
    body = "".join(_comparison_row(row, home=(r == 0)) for r, row in enumerate(cells))
    return f"{TABLE}<tr><th align='left'>Area</th>{head}</tr>{body}</table>"


def _comparison_row(row: list[str], home: bool) -> str:
    weight = " style='font-weight:bold'" if home else ""
    figures = "".join(f"<td align='right'{weight}>{_e(v)}</td>" for v in row[1:])
    return f"<tr><td{weight}>{_e(row[0])}</td>{figures}</tr>"


def indicator_words_html(summary: str, target: str, notes: Sequence[str], footnote: str) -> str:
    """What follows the table: target, notes on the figures and where they come from."""
    parts = [f"<p><b>Summary.</b> {_e(summary)}</p>" if summary else "",
             f"<p><b>Target.</b> {_e(target)}</p>" if target else ""]
    if notes:
        items = "".join(f"<li>{_e(n)}</li>" for n in notes)
        parts.append(f"<p><b>Notes</b></p><ol style='margin-top:0'>{items}</ol>")
    if footnote:
        parts.append(f"<p style='color:#595959'>{_e(footnote)}</p>")
    return "".join(parts)


def target_text(target: Any | None, indicator) -> str:
    if target is None:
        return ""
    when = f" for {officer_label(target.period)}" if target.period is not None else ""
    tolerance = f", within {format_value(target.tolerance, indicator)}" if target.tolerance else ""
    return f"{format_value(target.target, indicator)}{when}{tolerance} (set by {target.set_by})."


def report_card_html(card: Sequence[Any], council: str, stamp: str, *, first: bool = True) -> str:
    """The report card's rows under its heading row; the title and "as at" line on its ``first`` page
    (a page that carries on has "continued" instead)."""
    header = (("Indicator", 27), ("Latest", 10), ("Change", 13), ("Neighbours", 19),
              ("Region and England", 16), ("RAG", 15))
    head = "".join(f"<th align='left' width='{share}%'>{h}</th>" for h, share in header)
    rows = "".join(_report_card_row(row) for row in card)
    title = (f"<h2>{_e(council)}: report card</h2><p style='color:#404040'>{_e(stamp)}. Each figure is "
             f"shown with the period it is for; a comparator without a figure for the council's period "
             f"is shown with its latest earlier one, and that period.</p>") if first else \
        f"<p style='color:#404040'>{_e(council)}: report card, continued.</p>"
    return f"{title}{TABLE}<thead><tr>{head}</tr></thead>{rows}</table>"


def _report_card_row(row: Any) -> str:
    indicator = row.indicator
    colour = RAG_COLOURS.get(row.rag.status, RAG_COLOURS["none"])
    latest = f"<b>{_e(format_value(row.latest.value, indicator))}</b><br>{_e(headline_period(row))}"
    if row.withheld_text:  # a later year suppressed is said beside the older headline
        latest += f"<br><span style='font-size:8pt'>{_e(row.withheld_text)}</span>"
    lines = comparator_lines(row)
    neighbours = lines[0].removeprefix("Neighbours: ")
    areas = lines[1] if len(lines) > 1 else ""
    cells = (_e(indicator.title), latest, _e(change_words(row).removeprefix("Change: ")), _e(neighbours),
             _e(areas))
    text = "".join(f"<td>{c}</td>" for c in cells)
    word = _e(RAG_WORDS.get(row.rag.status, row.rag.status))
    basis = _e(rag_words(row))
    return (f"<tr>{text}<td><span style='background-color:{colour}; font-weight:bold'>&nbsp;{word}&nbsp;"
            f"</span><br><span style='font-size:8pt'>{basis}</span></td></tr>")


def contents_html(entries: Sequence[tuple[str, int]], council: str, stamp: str) -> str:
    rows = "".join(f"<tr><td>{_e(title)}</td><td align='right'>{page}</td></tr>" for title, page in entries)
    return (f"<h2>Contents</h2><p style='color:#404040'>{_e(council)}. {_e(stamp)}.</p>"
            f"<table width='100%' cellspacing='0' cellpadding='3'>"
            f"<thead><tr><th align='left'>Section</th><th align='right'>Page</th></tr></thead>{rows}</table>")
