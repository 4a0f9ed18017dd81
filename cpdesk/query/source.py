"""Reading what the queries need from an open store, in as few round trips as possible."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from cpdesk.query.observations import ObservationIndex

logger = logging.getLogger(__name__)


def load_index(store: Any, *, indicators: str | Sequence[str] | None = None,
               areas: str | Sequence[str] | None = None) -> ObservationIndex:
    """Every stored figure (optionally for some indicators or areas), indexed for the queries."""
    figures = store.observations(indicator=indicators, area=areas)
    logger.debug("indexed %d stored figures", len(figures))
    return ObservationIndex(figures)


def load_targets(store: Any, la_code: str, indicator_ids: Iterable[str]) -> dict[str, list[Any]]:
    """The LA's targets by indicator id, for :func:`cpdesk.query.report_card.report_card`."""
    found = {indicator_id: store.targets(la_code, indicator_id) for indicator_id in indicator_ids}
    return {indicator_id: targets for indicator_id, targets in found.items() if targets}


def load_annotations(store: Any, la_code: str, indicator_id: str) -> list[Any]:
    """Notes to show on the LA's chart of one indicator (notes on every area or indicator too)."""
    return store.annotations(area_code=la_code, indicator_id=indicator_id)
