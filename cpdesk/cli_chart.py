"""``cpdesk chart``: draw one chart to a PNG or SVG file without opening the window.

For scheduled board packs: the same chart as on screen, from the same stored figures. With no
display (a server, a scheduled task) Qt is told to draw offscreen.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cpdesk.errors import CpdeskError
from cpdesk.paths import database_file
from cpdesk.preferences import database_of
from cpdesk.qt_needs import CANNOT_START, QtCannotStart

logger = logging.getLogger(__name__)

KINDS = ("trend", "districts", "rank", "neighbours")
CHART_SIZE = (1100, 650)  # on-screen pixels; the PNG is drawn at three times this width


def add_chart_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("chart", help="draw a chart to a PNG or SVG file")
    p.add_argument("--indicator", required=True, help="indicator id, e.g. cpp_rate")
    p.add_argument("--area", required=True, help="ONS code of the council, e.g. E10000031")
    p.add_argument("--kind", choices=KINDS, default="trend",
                   help="trend (default), districts, rank or neighbours")
    p.add_argument("--period", help='districts and rank: the period, e.g. "31 March 2019" (default latest)')
    p.add_argument("--as-at", dest="as_at", metavar="DATE",
                   help='only figures held on this day, e.g. 2020-03-31 or "31 March 2020" (default latest)')
    p.add_argument("--out", required=True, metavar="FILE", help="output file ending .png or .svg")
    p.add_argument("--db", dest="sub_db", help="database file or URL")
    return p


class ChartCommandError(CpdeskError):
    """A problem with the arguments or the data, printed as one line."""


def cmd_chart(args) -> int:
    try:
        _run(args)
    except ChartCommandError as exc:
        print(f"cpdesk: {exc}", file=sys.stderr)
        return 2
    except QtCannotStart as exc:  # a system library Qt needs is missing: named, with its package
        print(exc, file=sys.stderr)
        return CANNOT_START
    print(f"Chart saved: {args.out}")
    return 0


def _database(args) -> str:
    location = database_of(args)
    file = database_file(location)
    if file is not None and not file.is_file():
        raise ChartCommandError(f"no database at {location} (run 'cpdesk demo' or import figures first).")
    return location


def _output(path: str) -> Path:
    out = Path(path)
    if out.suffix.lower() not in (".png", ".svg"):
        raise ChartCommandError(f"--out must end in .png or .svg, not '{out.name}'.")
    if not out.parent.exists():
        raise ChartCommandError(f"the folder {out.parent} does not exist.")
    return out


def _spec(args, database: str):
    from cpdesk.chart.requests import ChartRequest, ChartRequestError, ChartSource, build_spec
    from cpdesk.export.as_at import parse_as_at
    from cpdesk.export.safe_write import ExportError
    from cpdesk.reference import load_reference
    from cpdesk.store import StoreError, open_store

    reference = load_reference()
    try:
        as_at = parse_as_at(args.as_at) if getattr(args, "as_at", None) else None
    except ExportError as exc:  # the same reading of a day as `cpdesk export --as-at`
        raise ChartCommandError(str(exc)) from exc
    request = ChartRequest(args.indicator, args.area, args.kind, args.period, as_at=as_at)
    try:
        with open_store(database, create=False) as store:
            return build_spec(ChartSource.from_store(store, reference), request)
    except (ChartRequestError, StoreError) as exc:
        raise ChartCommandError(str(exc)) from exc


def _run(args) -> None:
    out = _output(args.out)
    spec = _spec(args, _database(args))
    render_to_file(spec, out)


def render_to_file(spec, out: Path) -> Path:
    """Draw ``spec`` offscreen and save it; Qt is loaded only now (by cpdesk.app), never on import.

    Saved like every export (a temporary file renamed over ``out``), so a failed save leaves any
    earlier chart in place and a new one gets an ordinary file's permissions."""
    from cpdesk.app import save_chart_image
    from cpdesk.export.safe_write import ExportError, write_safely

    try:
        return write_safely(out, lambda name: save_chart_image(spec, Path(name), CHART_SIZE))
    except ExportError as exc:
        raise ChartCommandError(str(exc)) from exc
    except OSError as exc:  # Qt says only that the image was not saved, not why
        reason = exc.strerror or "the image could not be saved there"
        raise ChartCommandError(f"Could not write {out}: {reason}.") from exc
