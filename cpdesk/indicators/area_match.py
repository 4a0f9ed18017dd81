"""The outcome of matching what a council writes for an area (a name, a code or a phrase)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from cpdesk.indicators.model import Area


class MatchOutcome(StrEnum):
    AREA = "area"  # exactly one area fits: ``area``
    CANDIDATES = "candidates"  # several areas fit, or one only loosely: see ``candidates`` and ``reason``
    NOT_AN_AREA = "not-an-area"  # a row such as "Out of county" or "Not known": set aside with ``reason``
    UNRESOLVED = "unresolved"  # a known phrase for an area cpdesk cannot tell or does not have
    COMBINED = "combined"  # two or more councils' codes as one ("E06000061 / E06000062"): see ``reason``
    NO_AREA = "no-area"  # nothing cpdesk knows is called that


@dataclass(frozen=True, slots=True)
class AreaMatch:
    """The outcome of matching a name: ``area`` is None unless exactly one area fits.

    ``outcome`` defaults from the rest: AREA with an area, CANDIDATES with candidates, else NO_AREA.
    """

    area: Area | None
    candidates: tuple[Area, ...]
    reason: str
    outcome: MatchOutcome | None = None

    def __post_init__(self) -> None:
        if self.outcome is None:
            object.__setattr__(self, "outcome", _default_outcome(self.area, self.candidates))

    @property
    def not_area(self) -> bool:
        """True for rows that name no area on purpose ("Out of county", "Not known", "No fixed abode")."""
        return self.outcome is MatchOutcome.NOT_AN_AREA

    def with_reason(self, reason: str) -> AreaMatch:
        return dataclasses.replace(self, reason=reason)


def _default_outcome(area: Area | None, candidates: tuple[Area, ...]) -> MatchOutcome:
    if area is not None:
        return MatchOutcome.AREA
    return MatchOutcome.CANDIDATES if candidates else MatchOutcome.NO_AREA


def no_area_called(name: str) -> str:
    """The reason for a name that fits no area; readers recognise it by its start, "no area is called"."""
    return f"no area is called {name!r}"


def not_an_area(name: str, note: str) -> AreaMatch:
    return AreaMatch(None, (), f"{name!r} is not an area: {note}", MatchOutcome.NOT_AN_AREA)


def combined_area(text: str, areas: list[Area]) -> AreaMatch:
    """Councils the DfE reports together (North and West Northamptonshire share their children's
    services): no one area, and no candidate to pick, since neither council's figure is the pair's."""
    names = ", ".join(area.name for area in areas[:-1]) + f" and {areas[-1].name}"
    return AreaMatch(None, (), f"{text!r} is a combined area: {names} reported together",
                     MatchOutcome.COMBINED)


def unresolved(reason: str) -> AreaMatch:
    return AreaMatch(None, (), reason, MatchOutcome.UNRESOLVED)
