"""``cpdesk export``: stored figures out to Excel, CSV or PDF, in cpdesk's, the DfE's or a board's layout."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cpdesk import paths
from cpdesk.export.board import write_board_workbook
from cpdesk.export.cpdesk_format import write_cpdesk_format
from cpdesk.export.dfe_format import write_dfe_format
from cpdesk.export.safe_write import ExportError
from cpdesk.indicators.model import AreaKind
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
            message = export_to_file(args, reference, store)
    except (ExportError, StoreError) as exc:
        print(f"cpdesk: {exc}", file=sys.stderr)
        return 2
    print(message)
    return 0


def export_to_file(args, reference, store) -> str:
    """Write the export ``args`` describe; shared by the command and the app's Export dialog."""
    out = Path(args.out)
    if args.format == "pdf":
        # The pack is drawn with Qt, so it lives in cpdesk/ui and is loaded only when asked for.
        from cpdesk.ui.pdf_cli import export_pdf

        return export_pdf(args, reference, store)
    if args.format == "board":
        return _export_board(args, reference, store, out)
    area = reference.areas.find(args.area) if args.area else None
    if args.area and area is None:
        raise ExportError(f"'{args.area}' is not an area code cpdesk knows.")
    figures = store.observations(indicator=args.indicator or None, area=area.code if area else None)
    if args.format == "dfe":
        result = write_dfe_format(figures, out, reference.schema, reference.areas)
        for title in result.left_out:
            print(f"cpdesk: '{title}' has no DfE column and was left out.", file=sys.stderr)
        return f"Wrote {result.rows:,} rows to {out}."
    write_cpdesk_format(figures, out, db_label=store.display_name)
    return f"Wrote {len(figures):,} figures to {out}."


def _export_board(args, reference, store, out: Path) -> str:
    area = reference.areas.find(args.area) if args.area else None
    if area is None or area.kind != AreaKind.LA:
        raise ExportError("--format board needs --area with a council code (e.g. E10000031 or 937).")
    if out.suffix.lower() != ".xlsx":
        raise ExportError("A board workbook is an Excel file; give --out a name ending .xlsx.")
    held = {o.indicator_id for o in store.observations(area=area.code)}
    chosen = args.indicator or [i.id for i in reference.schema if i.id in held]
    write_board_workbook(store, out, chosen, area.code, reference.schema, reference.areas)
    return f"Wrote {len(chosen):,} indicator tables for {area.name} to {out}."
