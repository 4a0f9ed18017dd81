"""The areas cpdesk knows: LAs, districts, operational areas, regions, England and SN comparators.

LAs are keyed by ONS code but also found by the DfE 3-digit code, because DfE re-codes LAs after a
reorganisation while the old code stays (Northumberland 929 is E06000048, then E06000057). Where
one old code has several ONS codes, ``find`` gives the LA that is live now; a code that was retired
with its LA (Cumbria 909, Dorset 835) still finds that LA, closed, never its successors.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from pathlib import Path

from cpdesk import paths
from cpdesk.indicators.area_files import ENGLAND, SN_MODELS, read_area_files
from cpdesk.indicators.area_match import AreaMatch, MatchOutcome, combined_area, no_area_called
from cpdesk.indicators.area_names import NameIndex, load_wording
from cpdesk.indicators.area_phrases import load_phrases
from cpdesk.indicators.model import Area

logger = logging.getLogger(__name__)

__all__ = ["Area", "AreaMatch", "AreaRegistry", "ENGLAND", "MatchOutcome", "load_areas", "written_old_code"]

_OLD_CODE = re.compile(r"^(?P<code>\d{3})(?:\.0+)?$")
# ONS codes (E10000031), comparators (SN-E10000031) and operational areas (E10000025-north).
_AREA_CODE = re.compile(r"^(?:SN-)?[EWSN]\d{8}(?:-[a-z]+)?$", re.IGNORECASE)


class AreaRegistry:
    """Look-ups over a fixed set of areas. Built by :func:`load_areas`; never changes afterwards."""

    def __init__(
        self,
        areas: tuple[Area, ...],
        neighbours: dict[str, dict[str, tuple[str, ...]]],
        operational_members: dict[str, tuple[str, ...]],
        names: NameIndex,
    ) -> None:
        self._areas = {area.code: area for area in areas}
        self._neighbours = neighbours
        self._operational_members = operational_members
        self._names = names
        self._by_old_code: dict[str, Area] = {}
        for area in sorted(areas, key=_preference):
            if area.old_code:
                self._by_old_code.setdefault(area.old_code, area)

    def get(self, code: str) -> Area:
        """The area with exactly this code (ONS, ``SN-...`` or ``<LA>-<slug>``); KeyError otherwise."""
        return self._areas[code]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._areas

    def __len__(self) -> int:
        return len(self._areas)

    def find(self, code_or_old_code: str | int | float) -> Area | None:
        """An area by ONS code (any case) or DfE old code (937, "937", "937.0"); None if unknown."""
        old_code = written_old_code(code_or_old_code)
        if old_code is not None:
            return self._by_old_code.get(old_code)
        text = str(code_or_old_code).strip()
        if text.isdigit():
            return self._by_old_code.get(text.zfill(3))
        return self._areas.get(text) or self._areas.get(text.upper())

    def all(self, kind: str | None = None) -> list[Area]:
        """Every area (or every area of one kind), sorted by code."""
        return sorted((a for a in self._areas.values() if kind in (None, a.kind)), key=lambda a: a.code)

    def children(self, code: str, kind: str | None = None) -> list[Area]:
        return [area for area in self.all(kind) if area.parent_code == code]

    def districts_of(self, la_code: str | int) -> list[Area]:
        return self.children(self._la(la_code).code, "district")

    def operational_areas_of(self, la_code: str | int) -> list[Area]:
        return self.children(self._la(la_code).code, "operational")

    def districts_in(self, operational_code: str) -> list[Area]:
        """The districts an operational area is made of (Oxfordshire North = Cherwell + West Oxon)."""
        return [self.get(code) for code in self._operational_members.get(operational_code, ())]

    def region_of(self, code: str | int) -> Area | None:
        """The region an LA, district, operational area or comparator lies in (London, not Inner)."""
        area = self.find(code)
        while area is not None and area.kind not in ("region", "country"):
            area = self._areas.get(area.parent_code or "")
        return area if area is not None and area.kind == "region" else None

    def statistical_neighbours(self, la_code: str | int, model: str = "2025") -> list[Area]:
        """The LA's 10 statistical neighbours in rank order; empty if the model does not cover it."""
        if model not in self._neighbours:
            raise ValueError(f"unknown statistical neighbour model {model!r}; known: {', '.join(SN_MODELS)}")
        la = self._la(la_code)
        codes = self._neighbours[model].get(la.old_code or "", ())
        return [area for area in (self.find(code) for code in codes) if area is not None]

    def sn_comparator(self, la_code: str | int) -> Area:
        return self.get(f"SN-{self._la(la_code).code}")

    def match(self, name: str | int | float, *, context: str | int | None = None) -> AreaMatch:
        """Match a name or code as a council writes it; ``context`` is the LA the workbook is about.

        A DfE LA number (937, "937", "937.0") or an area code ("E10000031") is looked up as a code.
        Phrases relative to the council ("SN average", "Regional average", "All districts") need
        ``context``. Never guesses: when several areas fit, ``area`` is None and ``candidates`` lists
        them. A row that names no area on purpose ("Out of county", "Not known") gives ``not_area``
        (outcome NOT_AN_AREA), with a reason to note, not an error.
        """
        context_la = self._la(context) if context is not None else None
        by_code = self._match_code(name)
        if by_code is not None:
            return by_code
        return self._names.match(str(name), context_la, self._scope(context_la))

    def _match_code(self, written: str | int | float) -> AreaMatch | None:
        """The area a DfE LA number or an area code stands for; None if ``written`` is not a code."""
        old_code = written_old_code(written)
        if old_code is not None:
            return self._match_old_code(old_code)
        text = str(written).strip()
        if _AREA_CODE.match(text):
            area = self.find(text)
            if area is None:
                return AreaMatch(None, (), f"{no_area_called(text)}: no area cpdesk knows has that code")
            return AreaMatch(area, (area,), f"area code {area.code}: {area.name}")
        return self._combined(text)

    def _combined(self, text: str) -> AreaMatch | None:
        """Councils' codes written as one area, "E06000061 / E06000062" or "940 / 941"; None if ``text``
        is not two or more codes of known councils."""
        parts = [part.strip() for part in text.split("/")]
        if len(parts) < 2:
            return None
        found = [self._council_coded(part) for part in parts]
        areas = [area for area in found if area is not None]
        return combined_area(text, areas) if len(areas) == len(parts) else None

    def _council_coded(self, code: str) -> Area | None:
        """The area of an ONS code or a DfE LA number; None for anything else."""
        if _AREA_CODE.match(code):
            return self.find(code)
        old_code = written_old_code(code)
        return self._by_old_code.get(old_code) if old_code is not None else None

    def _match_old_code(self, old_code: str) -> AreaMatch:
        area = self._by_old_code.get(old_code)
        if area is None:
            return AreaMatch(None, (), f"{no_area_called(old_code)}: no LA cpdesk knows has that DfE number")
        closed = f", which closed on {area.closed.day} {area.closed:%B %Y}" if area.closed else ""
        return AreaMatch(area, (area,), f"DfE LA number {old_code}: {area.name}{closed}")

    def _la(self, code: str | int) -> Area:
        area = self.find(code)
        if area is None or area.kind != "la":
            raise KeyError(f"{code!r} is not a local authority")
        return area

    def _scope(self, la: Area | None) -> frozenset[str]:
        """The codes that count as "inside" an LA when choosing between names."""
        if la is None:
            return frozenset()
        inside = {la.code, ENGLAND, la.region_code or ""}
        inside.update(area.code for area in self.children(la.code))
        return frozenset(inside)


def written_old_code(written: str | int | float) -> str | None:
    """The 3-digit DfE LA number in 937, "937" or "937.0" (a spreadsheet's number read as text)."""
    if isinstance(written, bool):
        return None
    if isinstance(written, float):
        written = int(written) if written.is_integer() else str(written)
    if isinstance(written, int):
        return str(written) if 100 <= written <= 999 else None
    found = _OLD_CODE.match(written.strip())
    return found["code"] if found else None


def _preference(area: Area) -> tuple[bool, int]:
    """Live LAs first, then the most recently opened, so an old code finds today's LA."""
    return (area.closed is not None, -(area.opened.toordinal() if area.opened else 0))


def load_areas(folder: Path | None = None) -> AreaRegistry:
    """Load the packaged areas (``resources/areas``). Cached: the files do not change while running."""
    return _load(Path(folder) if folder else paths.resources_dir() / "areas")


@functools.lru_cache(maxsize=4)
def _load(folder: Path) -> AreaRegistry:
    files = read_area_files(folder)
    wording = load_wording(folder / "aliases.csv")
    areas = tuple(dataclasses.replace(area, aliases=wording.aliases_of(area.code)) for area in files.areas)
    logger.debug("loaded %d areas from %s", len(areas), folder)
    names = NameIndex(areas, wording, load_phrases(folder, wording.normalise))
    return AreaRegistry(areas, files.neighbours, files.operational_members, names)
