"""Where the DfE's published figure and the council's own figure differ for the same cell.

The DfE's national release and the council's own return are both kept (``publisher`` "dfe" and
"local"), never one overwriting the other. Officers are asked why they differ (a late change to a
child's record, a different snapshot date in the case system), so this lists every pair that does,
with both values and where each came from.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from cpdesk.indicators.model import Period
from cpdesk.query.observations import ObservationLike

logger = logging.getLogger(__name__)

LOCAL = "local"
DFE = "dfe"
# Figures stored with more decimals than either publisher prints are not a difference.
TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Difference:
    """The two figures published for one area, indicator, breakdown and period, and their gap."""

    area_code: str
    indicator_id: str
    breakdown: str
    period: Period
    local_value: float | None
    local_status: str | None
    local_source: str
    dfe_value: float | None
    dfe_status: str | None
    dfe_source: str

    @property
    def difference(self) -> float | None:
        """Local minus DfE; None when either is a status (suppressed, not yet published ...)."""
        if self.local_value is None or self.dfe_value is None:
            return None
        return self.local_value - self.dfe_value


def source_of(obs) -> str:
    """"file, sheet, cell" for an Observation (CellRef) or a stored observation (source_* columns)."""
    ref = getattr(obs, "source", None)
    if ref is not None:
        parts = (ref.file, ref.sheet, ref.cell)
    else:
        parts = (getattr(obs, "source_file", None), getattr(obs, "source_sheet", None),
                 getattr(obs, "source_cell", None))
    return ", ".join(p for p in parts if p)


def _cell_key(obs: ObservationLike) -> tuple:
    return (obs.area_code, obs.indicator_id, obs.breakdown, *obs.period.key)


def _differ(local: ObservationLike, dfe: ObservationLike) -> bool:
    if local.value is None or dfe.value is None:
        return (local.value, local.status) != (dfe.value, dfe.status)
    return abs(local.value - dfe.value) > TOLERANCE


def differences(observations: Iterable[ObservationLike]) -> list[Difference]:
    """Every cell both publishers filled with different figures, in area, indicator, period order."""
    by_publisher: dict[str, dict[tuple, ObservationLike]] = {LOCAL: {}, DFE: {}}
    for obs in observations:
        if obs.publisher in by_publisher:
            by_publisher[obs.publisher][_cell_key(obs)] = obs
    found = []
    for key, local in by_publisher[LOCAL].items():
        dfe = by_publisher[DFE].get(key)
        if dfe is None or not _differ(local, dfe):
            continue
        found.append(Difference(local.area_code, local.indicator_id, local.breakdown, local.period,
                                local.value, local.status, source_of(local),
                                dfe.value, dfe.status, source_of(dfe)))
    found.sort(key=lambda d: (d.area_code, d.indicator_id, d.breakdown, d.period.start, d.period.end))
    logger.debug("%d differences between local and DfE figures", len(found))
    return found
