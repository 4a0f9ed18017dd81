"""Reading the packaged area files (built by tools/build_areas.py) into Area objects."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cpdesk.indicators.model import Area, AreaKind

ENGLAND = "E92000001"
SN_MODELS = ("2025", "2021")


@dataclass(frozen=True)
class AreaFiles:
    """Everything in resources/areas except the wording rules."""

    areas: tuple[Area, ...]
    # model -> LA old code -> neighbour old codes in rank order
    neighbours: dict[str, dict[str, tuple[str, ...]]]
    # operational area code -> its member district codes
    operational_members: dict[str, tuple[str, ...]]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _las(folder: Path) -> list[Area]:
    return [
        Area(
            code=row["code"],
            name=row["name"],
            kind=AreaKind.LA,
            parent_code=row["region_code"] or ENGLAND,
            old_code=row["old_code"] or None,
            region_code=row["region_code"] or None,
            opened=_date(row["opened"]),
            closed=_date(row["closed"]),
        )
        for row in read_csv(folder / "las.csv")
    ]


def _regions(folder: Path) -> list[Area]:
    return [
        Area(
            code=row["code"],
            name=row["name"],
            kind=AreaKind.COUNTRY if row["code"] == ENGLAND else AreaKind.REGION,
            parent_code=row["parent_code"] or None,
        )
        for row in read_csv(folder / "regions.csv")
    ]


def _districts(folder: Path, las: dict[str, Area]) -> list[Area]:
    return [
        Area(
            code=row["code"],
            name=row["name"],
            kind=AreaKind.DISTRICT,
            parent_code=row["la_code"],
            region_code=las[row["la_code"]].region_code,
        )
        for row in read_csv(folder / "districts.csv")
    ]


def _operational(folder: Path, las: dict[str, Area]) -> tuple[list[Area], dict[str, tuple[str, ...]]]:
    areas: dict[str, Area] = {}
    members: dict[str, list[str]] = {}
    for row in read_csv(folder / "operational.csv"):
        la = las[row["la_code"]]
        areas[row["code"]] = Area(
            code=row["code"], name=row["name"], kind=AreaKind.OPERATIONAL, parent_code=la.code,
            region_code=la.region_code,
        )
        members.setdefault(row["code"], []).append(row["district_code"])
    return list(areas.values()), {code: tuple(sorted(codes)) for code, codes in members.items()}


def _sn_comparators(las: list[Area]) -> list[Area]:
    """One comparator per LA that has an old code (the neighbour models are keyed by it)."""
    return [
        Area(
            code=f"SN-{la.code}",
            name=f"{la.name} statistical neighbours",
            kind=AreaKind.SN,
            parent_code=la.code,
            region_code=la.region_code,
        )
        for la in las
        if la.old_code
    ]


def _neighbours(folder: Path, model: str) -> dict[str, tuple[str, ...]]:
    ranked: dict[str, list[tuple[int, str]]] = {}
    for row in read_csv(folder / f"neighbours_{model}.csv"):
        ranked.setdefault(row["la_old_code"], []).append((int(row["rank"]), row["neighbour_old_code"]))
    return {la: tuple(code for _rank, code in sorted(rows)) for la, rows in ranked.items()}


def read_area_files(folder: Path) -> AreaFiles:
    las = _las(folder)
    by_code = {la.code: la for la in las}
    operational, members = _operational(folder, by_code)
    areas = (*_regions(folder), *las, *_districts(folder, by_code), *operational, *_sn_comparators(las))
    neighbours = {model: _neighbours(folder, model) for model in SN_MODELS}
    return AreaFiles(areas=areas, neighbours=neighbours, operational_members=members)
