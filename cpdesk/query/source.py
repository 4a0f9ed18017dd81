"""Reading what the queries need from an open store, in as few round trips as possible."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from cpdesk.indicators.model import SUB_AREA_KINDS, AreaKind
from cpdesk.query.observations import ObservationIndex

logger = logging.getLogger(__name__)


def load_index(store: Any, *, indicators: str | Sequence[str] | None = None,
               areas: str | Sequence[str] | None = None) -> ObservationIndex:
    """Every stored figure (optionally for some indicators or areas), indexed for the queries."""
    figures = store.observations(indicator=indicators, area=areas)
    logger.debug("indexed %d stored figures", len(figures))
    return ObservationIndex(figures)


def load_targets(store: Any, la_code: str, indicator_ids: Iterable[str]) -> dict[str, list[Any]]:
    """The LA's targets by indicator id, for :func:`cpdesk.query.report_card.report_card`: read in one
    query (one per indicator cost the Dashboard's first showing 25 ms)."""
    wanted = set(indicator_ids)
    found: dict[str, list[Any]] = {}
    for target in store.targets(la_code):
        if target.indicator_id in wanted:
            found.setdefault(target.indicator_id, []).append(target)
    return found


def load_annotations(store: Any, la_code: str, indicator_id: str) -> list[Any]:
    """Notes to show on the LA's chart of one indicator (notes on every area or indicator too)."""
    return store.annotations(area_code=la_code, indicator_id=indicator_id)


def reported_council(store: Any, areas: Any) -> Any | None:
    """The one council whose own reports the database holds figures from, or None (none, or several).

    Only figures published by councils count ("local"): the national data pack and the other DfE and
    ONS releases cover every council. A report's districts and operational areas are its council's;
    the England, region and statistical-neighbour columns it compares with are no council's."""
    councils = {council.code for council in (_council_of(areas.find(code), areas)
                                             for code in store.area_codes_with_data("local"))
                if council is not None}
    return areas.find(councils.pop()) if len(councils) == 1 else None


def _council_of(area: Any | None, areas: Any) -> Any | None:
    if area is None:
        return None
    if area.kind in SUB_AREA_KINDS and area.parent_code:
        area = areas.find(area.parent_code)
    return area if area is not None and area.kind == AreaKind.LA else None


PUBLISHER_WORDS = {"dfe": "DfE published statistics", "local": "council reports"}
FILES_NAMED = 4  # files named per publisher before "and N more"


def _files_text(files: set[str]) -> str:
    named = sorted(files)
    text = ", ".join(named[:FILES_NAMED])
    return text + (f" and {len(named) - FILES_NAMED} more files" if len(named) > FILES_NAMED else "")


def figures_source(points: Iterable[Any]) -> str:
    """Where plotted figures really came from: their publishers and the files they were read from.

    "Source: DfE published statistics (c1.csv); council reports (tidy_seed_figures.csv)."
    Built from the figures themselves (``publisher`` and ``source_files``), never from the
    indicator's definition, so a chart cites only what it draws; "" when nothing is known.
    """
    by_publisher: dict[str, set[str]] = {}
    for point in points:
        if point is None:
            continue
        publisher, files = getattr(point, "publisher", "") or "", getattr(point, "source_files", ())
        if publisher or files:
            by_publisher.setdefault(publisher, set()).update(files)
    parts = []
    for publisher in sorted(by_publisher, key=lambda p: (p == "", p)):
        words, files = PUBLISHER_WORDS.get(publisher, publisher), by_publisher[publisher]
        if files:
            words = f"{words} ({_files_text(files)})" if words else _files_text(files)
        parts.append(words)
    return ("Source: " + "; ".join(parts) + ".") if parts else ""
