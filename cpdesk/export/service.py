"""The one way stored figures leave cpdesk as a file: ``cpdesk export`` and File > Export both call
:func:`export` with an :class:`ExportRequest`.

The layouts need no Qt (cpdesk's own, the DfE's, the board workbook) except the PDF board pack, which
is drawn with Qt: the caller hands :func:`export` the function that draws it (``draw_pdf``), so this
module stays in the core while the window and the command line share every rule here: which
council (the home council when none is named), which indicators (all the council holds when none
are named), and which figures (those on or before the "as at" date, when one is chosen).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from cpdesk.export.as_at import as_at_words, figures_as_at
from cpdesk.export.safe_write import ExportError
from cpdesk.indicators.model import AreaKind

logger = logging.getLogger(__name__)


class ExportFormat(StrEnum):
    CPDESK = "cpdesk"  # every figure, re-importable unchanged
    DFE = "dfe"  # the DfE's published layout
    BOARD = "board"  # board tables with native Excel charts
    PDF = "pdf"  # the board pack as a PDF


# The file name each layout must end with (the DfE layout may also be CSV; cpdesk's too).
SUFFIXES = {ExportFormat.BOARD: (".xlsx",), ExportFormat.PDF: (".pdf",),
            ExportFormat.DFE: (".xlsx", ".csv"), ExportFormat.CPDESK: (".xlsx", ".csv")}
FOR_ONE_COUNCIL = (ExportFormat.BOARD, ExportFormat.PDF)


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the layout, the file, the area (a council code; for the board layouts the home
    council when None), the indicators (all held if none) and the "as at" date (latest held if None)."""

    format: ExportFormat
    out: Path
    area: str | None = None
    indicators: tuple[str, ...] = ()
    as_at: dt.date | None = None


@dataclass(frozen=True)
class Exported:
    """What was written, in one sentence; the indicators the layout has no column for, and one note
    saying why."""

    message: str
    left_out: tuple[str, ...] = ()
    note: str = ""


# draw_pdf(store, reference, out, la_code, indicator_ids, as_at=...) writes the PDF pack.
PdfDrawer = Callable[..., Any]


def export(request: ExportRequest, reference: Any, store: Any, *, home_council: str | None = None,
           draw_pdf: PdfDrawer | None = None) -> Exported:
    """Write the export ``request`` describes from ``store``; raises ExportError when it cannot."""
    fmt = ExportFormat(request.format)
    _check_suffix(fmt, request.out)
    unknown = [i for i in request.indicators if i not in reference.schema]
    if unknown:
        raise ExportError(f"'{unknown[0]}' is not an indicator cpdesk knows.")
    if fmt in FOR_ONE_COUNCIL:
        return _board_layouts(fmt, request, reference, store, home_council, draw_pdf)
    area = reference.areas.find(request.area) if request.area else None
    if request.area and area is None:
        raise ExportError(f"'{request.area}' is not an area code cpdesk knows.")
    figures = store.observations(indicator=list(request.indicators) or None, area=area.code if area else None)
    figures = figures_as_at(figures, request.as_at)
    if fmt == ExportFormat.DFE:
        from cpdesk.export.dfe_format import left_out_note, write_dfe_format  # each layout when asked for

        result = write_dfe_format(figures, request.out, reference.schema, reference.areas)
        return Exported(f"Wrote {result.rows:,} rows to {request.out}.", tuple(result.left_out),
                        left_out_note(result.left_out, reference.schema))
    from cpdesk.export.cpdesk_format import write_cpdesk_format  # each layout when asked for

    write_cpdesk_format(figures, request.out, db_label=store.display_name)
    return Exported(f"Wrote {len(figures):,} figures to {request.out}.")


def _check_suffix(fmt: ExportFormat, out: Path) -> None:
    allowed = SUFFIXES[fmt]
    if out.suffix.lower() not in allowed:
        names = " or ".join(allowed)
        raise ExportError(f"A {fmt} export is written to a file ending {names}; {out.name} does not.")


def council_for(request: ExportRequest, reference: Any, home_council: str | None) -> Any:
    """The council a board export is for: the one asked for, else the officer's home council."""
    code = request.area or home_council
    area = reference.areas.find(code) if code else None
    if area is None or area.kind != AreaKind.LA:
        asked = f"'{code}' is not a council" if code else "No council was named and no home council is set"
        raise ExportError(f"{asked}: give --area with a council code (e.g. E10000031 or 937), "
                          "or choose your council in Settings.")
    return area


def indicators_held(request: ExportRequest, reference: Any, store: Any, la_code: str) -> list[str]:
    """The indicators asked for, else every indicator the council holds a figure for (schema order)."""
    if request.indicators:
        return list(request.indicators)
    held = {o.indicator_id for o in store.observations(area=la_code)}
    return [i.id for i in reference.schema if i.id in held]


def _board_layouts(fmt: ExportFormat, request: ExportRequest, reference: Any, store: Any,
                   home_council: str | None, draw_pdf: PdfDrawer | None) -> Exported:
    area = council_for(request, reference, home_council)
    chosen = indicators_held(request, reference, store, area.code)
    when = f" {as_at_words(request.as_at)}" if request.as_at else ""
    if fmt == ExportFormat.BOARD:
        from cpdesk.export.board import write_board_workbook  # xlsxwriter and the charts, when asked for

        write_board_workbook(store, request.out, chosen, area.code, reference.schema, reference.areas,
                             as_at=request.as_at)
        return Exported(f"Wrote {len(chosen):,} indicator tables for {area.name}{when} to {request.out}.")
    if draw_pdf is None:
        raise ExportError("A PDF pack is drawn by the desktop app's charts, which could not be loaded here.")
    draw_pdf(store, reference, request.out, area.code, chosen, as_at=request.as_at)
    return Exported(f"Wrote a {len(chosen)}-indicator PDF pack for {area.name}{when} to {request.out}.")
