"""``cpdesk export``: stored figures out to Excel, CSV or PDF, in cpdesk's, the DfE's or a board's layout."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cpdesk import paths
from cpdesk.export.safe_write import ExportError
from cpdesk.export.to_file import ExportRequest, export_to_file
from cpdesk.reference import load_reference
from cpdesk.store import StoreError, open_store

logger = logging.getLogger(__name__)

FORMATS = ("cpdesk", "dfe", "board", "pdf")


def add_export_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("export",
                       help="write stored figures to an Excel workbook, a CSV file or a PDF board pack")
    p.add_argument("--format", choices=FORMATS, default="cpdesk",
                   help="cpdesk (re-importable), dfe (the DfE's layout), board (tables and charts) "
                        "or pdf (board pack)")
    p.add_argument("--out", required=True, metavar="FILE",
                   help=".xlsx (.csv for cpdesk and dfe, .pdf for pdf)")
    p.add_argument("--db", dest="sub_db", help="database file or URL")
    p.add_argument("--indicator", action="append", help="indicator id (repeatable)")
    p.add_argument("--area", help="area code; for --format board, the council the tables are for")
    return p


def _db_location(args) -> str | Path:
    chosen = getattr(args, "sub_db", None) or getattr(args, "db", None)
    return chosen if chosen else paths.default_db_path()


def cmd_export(args) -> int:
    """Returns 0 on success, 2 when the export could not be made (the reason is on stderr)."""
    reference = load_reference()
    try:
        unknown = [i for i in args.indicator or () if i not in reference.schema]
        if unknown:
            raise ExportError(f"'{unknown[0]}' is not an indicator cpdesk knows.")
        with open_store(_db_location(args), create=False) as store:
            message = write_export(args, reference, store)
    except (ExportError, StoreError) as exc:
        print(f"cpdesk: {exc}", file=sys.stderr)
        return 2
    print(message)
    return 0


def write_export(args, reference, store) -> str:
    """Write the export ``args`` describe; notes on what was left out go to stderr."""
    if args.format == "pdf":
        # The pack is drawn with Qt: cpdesk.app loads it, and Qt, only when a PDF is asked for.
        from cpdesk.app import export_pdf_pack

        return export_pdf_pack(args, reference, store)
    done = export_to_file(ExportRequest.from_args(args), reference, store)
    for title in done.left_out:
        print(f"cpdesk: '{title}' has no DfE column and was left out.", file=sys.stderr)
    return done.message
