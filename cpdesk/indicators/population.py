"""Children aged 0-17 by area and mid-year (ONS mid-year estimates), the denominator of every rate.

Mid-year T is the denominator for DfE reporting year T+1 (the year to 31 March T+1). ONS files use
the ONS code current when published, while DfE keys history by the old 3-digit code; so a figure is
also filed under every other ONS code that shares its LA's old code (Barnsley E08000016 and
E08000038), unless that code has a figure of its own.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from cpdesk import paths
from cpdesk.indicators.area_files import read_csv
from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.model import AreaKind

logger = logging.getLogger(__name__)


def load_child_population(folder: Path | None = None) -> dict[tuple[str, int], int]:
    """(area ONS code, mid-year) -> children aged 0-17, for LAs, regions and England."""
    return dict(_load(Path(folder) if folder else paths.resources_dir() / "areas"))


def child_population(area_code: str | int, mid_year: int) -> int | None:
    """Children aged 0-17 in an area at mid-``mid_year``; the area may be given by its old code."""
    folder = paths.resources_dir() / "areas"
    population = _load(folder)
    area = load_areas(folder).find(area_code)
    return population.get((area.code, int(mid_year))) if area is not None else None


@functools.lru_cache(maxsize=4)
def _load(folder: Path) -> dict[tuple[str, int], int]:
    population = {
        (row["area_code"], int(row["mid_year"])): int(row["children"])
        for row in read_csv(folder / "population.csv")
    }
    _share_across_recodings(population, folder)
    logger.debug("loaded %d child population figures from %s", len(population), folder)
    return population


def _share_across_recodings(population: dict[tuple[str, int], int], folder: Path) -> None:
    las = load_areas(folder).all(AreaKind.LA)
    codes_by_old_code: dict[str, list[str]] = {}
    for la in las:
        if la.old_code:
            codes_by_old_code.setdefault(la.old_code, []).append(la.code)
    old_code_of = {la.code: la.old_code for la in las if la.old_code}
    for (code, year), children in sorted(population.items()):
        for other in codes_by_old_code.get(old_code_of.get(code, ""), ()):
            population.setdefault((other, year), children)
