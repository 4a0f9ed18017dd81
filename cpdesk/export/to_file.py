"""One export of stored figures to a file, as ``cpdesk export`` and the app's Export dialog ask for it.

The layouts written here need no Qt: cpdesk's own (re-importable), the DfE's and the board tables.
The PDF board pack is drawn with Qt, so the callers send a ``pdf`` request to ``cpdesk/ui`` instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpdesk.export.board import write_board_workbook
from cpdesk.export.cpdesk_format import write_cpdesk_format
from cpdesk.export.dfe_format import write_dfe_format
from cpdesk.export.safe_write import ExportError
from cpdesk.indicators.model import AreaKind

logger = logging.getLogger(__name__)

FILE_FORMATS = ("cpdesk", "dfe", "board")


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the layout, the file, the area (a council code) and the indicators (all if none)."""

    format: str
    out: Path
    area: str | None = None
    indicators: tuple[str, ...] = ()

    @classmethod
    def from_args(cls, args: Any) -> ExportRequest:
        """From parsed ``cpdesk export`` arguments, or anything with the same attributes."""
        return cls(args.format, Path(args.out), getattr(args, "area", None),
                   tuple(getattr(args, "indicator", None) or ()))


@dataclass(frozen=True)
class Exported:
    """What was written, in one sentence, and the indicators the layout had no room for."""

    message: str
    left_out: tuple[str, ...] = ()


def export_to_file(request: ExportRequest, reference: Any, store: Any) -> Exported:
    """Write the export ``request`` describes from ``store``; raises ExportError when it cannot."""
    if request.format not in FILE_FORMATS:
        raise ValueError(f"{request.format!r} is not a layout written here (expected one of {FILE_FORMATS})")
    if request.format == "board":
        return _board(request, reference, store)
    area = reference.areas.find(request.area) if request.area else None
    if request.area and area is None:
        raise ExportError(f"'{request.area}' is not an area code cpdesk knows.")
    figures = store.observations(indicator=list(request.indicators) or None, area=area.code if area else None)
    if request.format == "dfe":
        result = write_dfe_format(figures, request.out, reference.schema, reference.areas)
        return Exported(f"Wrote {result.rows:,} rows to {request.out}.", tuple(result.left_out))
    write_cpdesk_format(figures, request.out, db_label=store.display_name)
    return Exported(f"Wrote {len(figures):,} figures to {request.out}.")


def _board(request: ExportRequest, reference: Any, store: Any) -> Exported:
    area = reference.areas.find(request.area) if request.area else None
    if area is None or area.kind != AreaKind.LA:
        raise ExportError("--format board needs --area with a council code (e.g. E10000031 or 937).")
    if request.out.suffix.lower() != ".xlsx":
        raise ExportError("A board workbook is an Excel file; give --out a name ending .xlsx.")
    held = {o.indicator_id for o in store.observations(area=area.code)}
    chosen = list(request.indicators) or [i.id for i in reference.schema if i.id in held]
    write_board_workbook(store, request.out, chosen, area.code, reference.schema, reference.areas)
    return Exported(f"Wrote {len(chosen):,} indicator tables for {area.name} to {request.out}.")
