"""What a reader gives back: observations that remember their cells, and the issues it met."""

from __future__ import annotations

from dataclasses import dataclass, field

from cpdesk.issues import Issue
from cpdesk.observation import CellRef, Observation


@dataclass
class ReadResult:
    file: str
    observations: list[Observation] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # Targets found beside the figures (indicator, area, period) -> value, imported as targets.
    targets: list[tuple[str, str, str, float]] = field(default_factory=list)
    tables_found: int = 0
    # Cells (or rows of a long list) with a figure that could not be attributed to an indicator, area
    # and period, so were not read; each reason is a warning naming them.
    not_read: int = 0
    layout: str = ""  # e.g. "tidy", "cpdesk", "dfe", "tables"
    # Where a figure was read in this file, by ``id()`` of its observation, for figures whose
    # ``source`` names another file: cpdesk's own format carries each figure's original cell, and an
    # issue about the row must still point at the row.
    read_at: dict[int, CellRef] = field(default_factory=dict)

    def location(self, observation: Observation) -> CellRef | None:
        """The cell this file holds ``observation`` in."""
        return self.read_at.get(id(observation), observation.source)
