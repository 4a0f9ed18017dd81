"""``cpdesk export --format pdf``: the board pack as a PDF, from the command line or a scheduled task.

Kept apart from ``cpdesk/cli_export.py`` so the Excel and CSV exports never load Qt; this module
loads it only when a PDF is asked for, telling Qt to draw offscreen where there is no display.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from cpdesk import paths
from cpdesk.export.safe_write import ExportError

logger = logging.getLogger(__name__)


def export_pdf(args, reference: Any = None, store: Any = None) -> str:
    """Write the PDF pack ``args`` describe (``out``, ``area``, ``indicator``); returns a message.

    ``reference`` and ``store`` are loaded from ``args`` when not given, so the function serves both
    ``cpdesk export`` (which has them open already) and callers that only have the arguments.
    """
    if reference is None:
        from cpdesk.reference import load_reference

        reference = load_reference()
    if store is None:
        from cpdesk.store import open_store

        with open_store(_db_location(args), create=False) as opened:
            return export_pdf(args, reference, opened)
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise ExportError("A PDF pack needs --out with a name ending .pdf.")
    area = reference.areas.find(args.area) if getattr(args, "area", None) else None
    if area is None or area.kind != "la":
        raise ExportError("--format pdf needs --area with a council code (e.g. E10000031 or 937).")
    held = {o.indicator_id for o in store.observations(area=area.code)}
    chosen = getattr(args, "indicator", None) or [i.id for i in reference.schema if i.id in held]
    _prepare_qt()
    from cpdesk.ui.pdf_pack import write_pdf_pack

    write_pdf_pack(store, reference, out, area.code, chosen)
    return f"Wrote a {len(chosen)}-indicator PDF pack for {area.name} to {out}."


def _db_location(args) -> str | Path:
    chosen = getattr(args, "sub_db", None) or getattr(args, "db", None)
    return chosen if chosen else paths.default_db_path()


def _prepare_qt() -> None:
    """Draw offscreen when there is no display (a server, a scheduled task), as ``cpdesk chart`` does."""
    has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if not has_display and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
