"""The phrases councils and LAIT write in place of an area's name, and the words they write around one.

``resources/areas/phrases.csv`` says what a whole phrase means: the council's statistical neighbours
("SN average"), its region ("Regional average"), the council itself ("All districts"), no area at all
("Out of county", "Not known") or a group of councils cpdesk has no figures for ("Shire counties").
``resources/areas/decorations.csv`` lists words written before or after an area's name that leave it
the same area ("Rugby Borough", "Warwickshire total", "West Midlands average"), and the kinds of area
each may go with, so "Rugby District" is the district but "Warwickshire District" is no area.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cpdesk.indicators.area_match import AreaMatch, not_an_area, unresolved
from cpdesk.indicators.model import Area

AREA_KINDS = frozenset({"la", "district", "operational", "region", "country", "sn"})
KIND_WORDS = {"la": "council", "district": "district", "operational": "operational area", "region": "region",
              "country": "country", "sn": "statistical neighbour group"}


class PhraseMeaning(StrEnum):
    STATISTICAL_NEIGHBOURS = "statistical-neighbours"  # of the council the workbook is about
    COUNCIL_REGION = "council-region"  # the region that council lies in
    COUNCIL = "council"  # that council itself, as the total of its districts
    NOT_AN_AREA = "not-an-area"  # children outside the council's area, or whose area is not recorded
    UNKNOWN_GROUP = "unknown-group"  # a group of councils cpdesk has no figures for


class Position(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class Phrase:
    meaning: PhraseMeaning
    note: str  # why it is no area, or no area cpdesk has, in the officer's words


@dataclass(frozen=True, slots=True)
class Decoration:
    """Words written before or after the name of an area of one of ``kinds``."""

    words: tuple[str, ...]
    position: Position
    kinds: frozenset[str]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def stripped(self, tokens: list[str]) -> list[str] | None:
        """``tokens`` without these words, or None if they are not written there (or are all there is)."""
        size = len(self.words)
        if len(tokens) <= size:
            return None
        if self.position is Position.BEFORE:
            return tokens[size:] if tuple(tokens[:size]) == self.words else None
        return tokens[:-size] if tuple(tokens[-size:]) == self.words else None

    def fits(self, area: Area) -> bool:
        return area.kind in self.kinds

    def misfit_reason(self, name: str, area: Area) -> str:
        kinds = " or ".join(f"a {KIND_WORDS[kind]}" for kind in sorted(self.kinds))
        return (f"{name!r} is not {area.name}: {self.text!r} goes with the name of {kinds}, "
                f"and {area.name} is a {KIND_WORDS[area.kind]}")


@dataclass(frozen=True)
class Phrases:
    whole: dict[str, Phrase]  # normalised phrase -> its meaning
    decorations: tuple[Decoration, ...]

    def undecorated(self, key: str) -> list[tuple[Decoration, str]]:
        """Each decoration written in ``key``, with the rest of ``key``."""
        tokens = key.split()
        found = [(decoration, decoration.stripped(tokens)) for decoration in self.decorations]
        return [(decoration, " ".join(rest)) for decoration, rest in found if rest]


def load_phrases(folder: Path, normalise: Callable[[str], str]) -> Phrases:
    """Read phrases.csv and decorations.csv, normalising the phrases as names are normalised."""
    whole = {normalise(row["phrase"]): Phrase(PhraseMeaning(row["means"]), row["note"])
             for row in _rows(folder / "phrases.csv")}
    decorations = tuple(_decoration(row, normalise) for row in _rows(folder / "decorations.csv"))
    return Phrases(whole=whole, decorations=decorations)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _decoration(row: dict[str, str], normalise: Callable[[str], str]) -> Decoration:
    kinds = frozenset(row["kinds"].split())
    if not kinds or not kinds <= AREA_KINDS:
        raise ValueError(f"decorations.csv: {row['phrase']!r} has kinds {row['kinds']!r}; "
                         f"known kinds: {', '.join(sorted(AREA_KINDS))}")
    return Decoration(tuple(normalise(row["phrase"]).split()), Position(row["position"]), kinds)


def resolve_phrase(name: str, phrase: Phrase, context: Area | None, area_called: Callable[[str], Area | None]
                   ) -> AreaMatch:
    """What a whole phrase stands for, given the council the workbook is about (``context``)."""
    if phrase.meaning is PhraseMeaning.NOT_AN_AREA:
        return not_an_area(name, phrase.note)
    if phrase.meaning is PhraseMeaning.UNKNOWN_GROUP:
        return unresolved(f"{name!r} is not an area cpdesk has: {phrase.note}")
    relative = _RELATIVE[phrase.meaning]
    if context is None:
        return unresolved(f"{name!r} means {relative} of an LA, but which LA is not known")
    area = _relative_area(phrase.meaning, context, area_called)
    if area is None:
        return unresolved(f"{name!r} means {relative} of {context.name}, which cpdesk does not have")
    return AreaMatch(area, (area,), f"{name!r} is {area.name}: {relative} of {context.name}")


_RELATIVE = {
    PhraseMeaning.STATISTICAL_NEIGHBOURS: "the statistical neighbours",
    PhraseMeaning.COUNCIL_REGION: "the region",
    PhraseMeaning.COUNCIL: "the whole area",
}


def _relative_area(meaning: PhraseMeaning, context: Area, area_called: Callable[[str], Area | None]
                   ) -> Area | None:
    if meaning is PhraseMeaning.STATISTICAL_NEIGHBOURS:
        return area_called(f"SN-{context.code}")
    if meaning is PhraseMeaning.COUNCIL_REGION:
        return area_called(context.region_code or "")
    return context
