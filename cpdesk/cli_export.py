"""``cpdesk export``: stored figures out to Excel, CSV or PDF, in cpdesk's, the DfE's or a board's layout.

The arguments become an :class:`ExportRequest` for :func:`cpdesk.export.service.export`, the service
the app's Export dialog uses too. Qt is loaded (through ``cpdesk.app``) only to draw a PDF pack; a
board export that names no council is for the home council the app's settings file holds.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cpdesk.export.as_at import parse_as_at
from cpdesk.export.safe_write import ExportError
from cpdesk.export.service import FOR_ONE_COUNCIL, ExportFormat, ExportRequest, export
from cpdesk.preferences import database_of, saved_home_council
from cpdesk.qt_needs import CANNOT_START, QtCannotStart
from cpdesk.reference import load_reference
from cpdesk.store import StoreError, open_store

logger = logging.getLogger(__name__)


def add_export_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("export",
                       help="write stored figures to an Excel workbook, a CSV file or a PDF board pack")
    p.add_argument("--format", choices=[f.value for f in ExportFormat], default=ExportFormat.CPDESK.value,
                   help="cpdesk (re-importable), dfe (the DfE's layout), board (tables and charts) "
                        "or pdf (board pack)")
    p.add_argument("--out", required=True, metavar="FILE",
                   help=".xlsx (.csv for cpdesk and dfe, .pdf for pdf)")
    p.add_argument("--db", dest="sub_db", help="database file or URL")
    p.add_argument("--indicator", action="append", help="indicator id (repeatable)")
    p.add_argument("--area", help="area code; for board and pdf, the council (default: your home council)")
    p.add_argument("--as-at", dest="as_at", metavar="DATE",
                   help="only figures of periods ended by this day, e.g. 2020-03-31 "
                        "(default: the latest held)")
    return p


def request_from_args(args) -> ExportRequest:
    """The export the parsed ``cpdesk export`` arguments ask for."""
    as_at = parse_as_at(args.as_at) if getattr(args, "as_at", None) else None
    return ExportRequest(ExportFormat(args.format), Path(args.out), getattr(args, "area", None),
                         tuple(getattr(args, "indicator", None) or ()), as_at)


def cmd_export(args) -> int:
    """Returns 0 on success, 2 when the export could not be made, 3 when Qt cannot draw a PDF pack here
    (the reason is on stderr)."""
    reference = load_reference()
    try:
        request = request_from_args(args)
        with open_store(database_of(args), create=False) as store:
            done = export(request, reference, store, home_council=_home_council(request),
                          draw_pdf=_pdf_drawer(request))
    except (ExportError, StoreError) as exc:
        print(f"cpdesk: {exc}", file=sys.stderr)
        return 2
    except QtCannotStart as exc:  # the PDF pack is drawn with Qt, and a system library it needs is missing
        print(exc, file=sys.stderr)
        return CANNOT_START
    print(done.message)
    if done.note:  # what the layout has no room for: a note on a good export, not an error
        print(f"Note: {done.note}")
    return 0


def _home_council(request: ExportRequest) -> str | None:
    """The officer's council from the app's settings file (read without Qt), when a board export
    names none."""
    if request.area or request.format not in FOR_ONE_COUNCIL:
        return None
    return saved_home_council()


def _pdf_drawer(request: ExportRequest):
    if request.format != ExportFormat.PDF:
        return None
    # The pack is drawn with Qt: cpdesk.app loads it, and Qt, only when a PDF is asked for.
    from cpdesk.app import pdf_drawer

    return pdf_drawer()
