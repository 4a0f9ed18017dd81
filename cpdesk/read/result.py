"""What a reader gives back: figures that remember their cells, and the issues it met."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cpdesk.figures import Figures
from cpdesk.issues import Issue
from cpdesk.observation import CellRef, Observation


@dataclass
class ReadResult:
    file: str
    # The figures read, column by column (``cpdesk.figures``); a reader that works figure by figure
    # appends Observations, a column-wise one adds whole columns. Given a list, it is taken as Figures.
    observations: Figures = field(default_factory=Figures)
    issues: list[Issue] = field(default_factory=list)
    # Targets found beside the figures (indicator, area, period) -> value, imported as targets.
    targets: list[tuple[str, str, str, float]] = field(default_factory=list)
    tables_found: int = 0
    # Cells (or rows of a long list) with a figure that could not be attributed to an indicator, area
    # and period, so were not read; each reason is a warning naming them.
    not_read: int = 0
    layout: str = ""  # e.g. "tidy", "cpdesk", "dfe", "tables"

    def __post_init__(self) -> None:
        self.observations = Figures.of(self.observations)

    @property
    def read_at(self) -> dict[int, CellRef]:
        """Where a figure was read in this file, by its index, for figures whose ``source`` names another
        file: cpdesk's own format carries each figure's original cell, and an issue about the row must
        still point at the row (``Figures.read_at``)."""
        return self.observations.read_at

    def location(self, index: int) -> CellRef | None:
        """The cell this file holds figure ``index`` in."""
        return self.observations.location(index)

    def replace_observations(self, kept: Iterable[Observation]) -> None:
        """The figures become ``kept`` (Observations, in order), as when a reader refiles or drops some
        after reading them. Where a figure was read (``read_at``) is not carried over: only cpdesk's own
        format records it, and nothing replaces that format's figures."""
        self.observations = Figures(kept)
