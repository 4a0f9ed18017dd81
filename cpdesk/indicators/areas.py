"""The areas cpdesk knows: LAs, districts, operational areas, regions, England and SN comparators.

LAs are keyed by ONS code but also found by the DfE 3-digit code, because DfE re-codes LAs after a
reorganisation while the old code stays (Northumberland 929 is E06000048, then E06000057). Where
one old code has several ONS codes, ``find`` gives the LA that is live now.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from pathlib import Path

from cpdesk import paths
from cpdesk.indicators.area_files import ENGLAND, SN_MODELS, read_area_files
from cpdesk.indicators.area_names import AreaMatch, NameIndex, load_wording
from cpdesk.indicators.model import Area

logger = logging.getLogger(__name__)

__all__ = ["Area", "AreaMatch", "AreaRegistry", "ENGLAND", "load_areas"]


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

    def find(self, code_or_old_code: str | int) -> Area | None:
        """An area by ONS code (any case) or DfE old code (937, "937"); None if unknown."""
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

    def match(self, name: str, *, context: str | int | None = None) -> AreaMatch:
        """Match a name as a council writes it; ``context`` is the LA the workbook is about.

        Never guesses: when several areas fit, ``area`` is None and ``candidates`` lists them.
        """
        context_la = self._la(context) if context is not None else None
        return self._names.match(name, context_la, self._scope(context_la))

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
    return AreaRegistry(areas, files.neighbours, files.operational_members, NameIndex(areas, wording))
