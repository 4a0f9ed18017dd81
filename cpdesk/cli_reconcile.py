"""``cpdesk reconcile``: where the DfE's published figure and the council's own figure differ."""

from __future__ import annotations

import argparse
import sys

from cpdesk.csv_cells import SafeWriter
from cpdesk.issues import counted
from cpdesk.paths import database_missing
from cpdesk.preferences import database_of
from cpdesk.query.reconcile import Difference, differences
from cpdesk.store import open_store

COLUMNS = ("area_code", "indicator", "breakdown", "period", "local", "dfe", "difference", "local_source",
           "dfe_source")


def add_reconcile_parser(sub) -> argparse.ArgumentParser:
    """Register ``reconcile`` on the command line's subparsers."""
    p = sub.add_parser("reconcile", help="list figures where the DfE and the council's own figure differ")
    p.add_argument("--db", dest="sub_db", help="database file or URL (default: in the user data folder)")
    p.add_argument("--area", action="append", help="area code (repeatable)")
    p.add_argument("--indicator", action="append", help="indicator id (repeatable)")
    return p


def _shown(value: float | None, status: str | None) -> str:
    if value is None:
        return status or ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _row(d: Difference) -> list[str]:
    gap = d.difference
    return [d.area_code, d.indicator_id, d.breakdown, d.period.label, _shown(d.local_value, d.local_status),
            _shown(d.dfe_value, d.dfe_status), "" if gap is None else f"{gap:+g}", d.local_source,
            d.dfe_source]


def cmd_reconcile(args) -> int:
    """Write the differences as CSV to stdout; 0 whether or not any were found, 2 with no database."""
    location = database_of(args)
    if database_missing(location):
        print(f"cpdesk: {location}: no database there yet (run 'cpdesk import' or 'cpdesk demo').",
              file=sys.stderr)
        return 2
    with open_store(location, create=False) as store:
        stored = store.observations(indicator=args.indicator, area=args.area)
    found = differences(stored)
    writer = SafeWriter(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(d) for d in found)
    differ = "differs" if len(found) == 1 else "differ"
    print(f"{counted(len(found), 'figure')} {differ} between the DfE and the council's own.", file=sys.stderr)
    return 0
