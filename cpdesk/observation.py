"""An observation: one figure (or its status) for an area, indicator, breakdown and period."""

from __future__ import annotations

from dataclasses import dataclass, field

from cpdesk.indicators.model import Period

# Status codes stored where there is no value, with what they mean. Raw symbols map onto these.
STATUSES: dict[str, str] = {
    "c": "suppressed (1 to 5 children)",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to zero but is not zero",
    "tbc": "to be confirmed",
    "na": "not available (N/A)",
    "blank": "left blank",
}

TOTAL = ""  # the breakdown category of a figure that is not broken down


@dataclass(frozen=True, slots=True)
class CellRef:
    """Where a figure came from: a file, a sheet and a cell (A1 notation)."""

    file: str
    sheet: str = ""
    cell: str = ""

    def describe(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell:
            parts.append(f"cell {self.cell}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Observation:
    area_code: str
    indicator_id: str
    period: Period
    value: float | None
    status: str | None = None  # a key of STATUSES when value is None
    raw: str = ""
    breakdown: str = TOTAL  # category id, "" for the total
    source: CellRef | None = None
    # Who published the figure: "local" (the council's own) or "dfe" (the DfE's national release).
    # Both are kept side by side, so a difference between them can be shown, never overwritten.
    publisher: str = "local"

    # Identity of the cell this figure fills (what a re-import would overwrite). Worked out once, as
    # the store and every validation rule ask for it: (area, indicator, breakdown, kind, start, end,
    # publisher).
    key: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.area_code, self.indicator_id, self.breakdown, *self.period.key,
                                         self.publisher))
