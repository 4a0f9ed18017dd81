"""The reference data every step needs: the indicator schema and the areas. Loaded once, on demand."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from cpdesk import paths
from cpdesk.indicators.areas import AreaRegistry, load_areas
from cpdesk.indicators.schema import Schema, load_schema

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reference:
    schema: Schema
    areas: AreaRegistry


def load_reference(local_indicators: Path | None = None) -> Reference:
    """The packaged schema plus the council's own indicators (if that file exists), and the areas."""
    local = local_indicators or paths.local_indicators_path()
    schema = load_schema(local if local.is_file() else None)
    logger.debug("loaded %d indicators", len(schema.indicators))
    return Reference(schema=schema, areas=load_areas())
