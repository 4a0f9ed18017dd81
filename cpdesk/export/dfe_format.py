"""Figures in the layout of the DfE's published CSV files, for the DfE's tools and other councils.

One row per area and reporting year, the DfE's geography columns first, then one column per
indicator under its DfE name (the first of ``Indicator.dfe_columns``). ``time_period`` is the year
a financial year ends (2019/20 -> 2020); a snapshot at 31 March T belongs to reporting year T.
Statuses are written as the DfE's symbols; cpdesk's own "tbc" and "na" have no DfE symbol and
become "x" (not available). Indicators without a DfE column cannot be placed and are listed in
:attr:`DfeExport.left_out` (and on a "notes" sheet in an .xlsx).
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from cpdesk.export.safe_write import XLSX_OPTIONS, write_safely
from cpdesk.indicators.model import AreaKind, PeriodKind
from cpdesk.observation import TOTAL

logger = logging.getLogger(__name__)

GEOGRAPHY_COLUMNS = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                     "region_code", "region_name", "old_la_code", "new_la_code", "la_name")
ENGLAND_CODE, ENGLAND_NAME = "E92000001", "England"
LEVELS = {AreaKind.COUNTRY: "National", AreaKind.REGION: "Regional", AreaKind.LA: "Local authority"}
LEVEL_ORDER = {AreaKind.COUNTRY: 0, AreaKind.REGION: 1, AreaKind.LA: 2}
STATUS_SYMBOLS = {"c": "c", "x": "x", "z": "z", "low": "low", "u": "u", "tbc": "x", "na": "x", "blank": ""}
DEFAULT_PREFER = ("local", "dfe")


@dataclass
class DfeExport:
    path: Path
    rows: int
    columns: list[str]
    left_out: list[str] = field(default_factory=list)  # titles of indicators with no DfE column


def reporting_year(period) -> int | None:
    """The DfE time_period a period belongs to, or None if it is not a whole reporting year."""
    if period.kind == PeriodKind.YEAR:
        return period.end.year
    if period.kind == PeriodKind.SNAPSHOT and (period.end.month, period.end.day) == (3, 31):
        return period.end.year
    return None


def indicator_columns(indicator_ids: Iterable[str], schema) -> tuple[dict[str, str], list[str]]:
    """Indicator id -> DfE column (schema order, a column given to one indicator only), and the
    titles of those left out."""
    wanted = set(indicator_ids)
    columns: dict[str, str] = {}
    left_out: list[str] = []
    for indicator in schema:
        if indicator.id not in wanted:
            continue
        free = [c for c in indicator.dfe_columns if c not in columns.values()]
        if free:
            columns[indicator.id] = free[0]
        else:
            left_out.append(indicator.title)
    return columns, left_out


def _cell(obs) -> Any:
    if obs.value is not None:
        return obs.value
    return STATUS_SYMBOLS.get(obs.status or "", "x")


def collect(observations: Iterable[Any], schema, areas, prefer: Sequence[str] = DEFAULT_PREFER):
    """(area, year) -> {indicator id: value or symbol}, preferring publishers in ``prefer`` order."""
    table: dict[tuple[str, int], dict[str, tuple[int, Any]]] = {}
    for obs in observations:
        year = reporting_year(obs.period)
        if year is None or obs.breakdown != TOTAL or obs.area_code not in areas:
            continue
        if areas.get(obs.area_code).kind not in LEVELS:
            continue
        rank = prefer.index(obs.publisher) if obs.publisher in prefer else len(prefer)
        cells = table.setdefault((obs.area_code, year), {})
        held = cells.get(obs.indicator_id)
        if held is None or rank < held[0]:
            cells[obs.indicator_id] = (rank, _cell(obs))
    return {key: {i: v for i, (_r, v) in cells.items()} for key, cells in table.items()}


def geography(area, year: int, areas) -> list[Any]:
    if area.kind == AreaKind.LA:
        region = areas.region_of(area.code)
    else:
        region = area if area.kind == AreaKind.REGION else None
    la = area if area.kind == AreaKind.LA else None
    return [year, "Reporting year", LEVELS[area.kind], ENGLAND_CODE, ENGLAND_NAME,
            region.code if region else "", region.name if region else "",
            (la.old_code or "") if la else "", la.code if la else "", la.name if la else ""]


def build_rows(observations: Iterable[Any], schema, areas, prefer: Sequence[str] = DEFAULT_PREFER):
    """The header and rows of the export, newest year first (as the DfE publishes), then the
    national, regional and LA rows in code order."""
    table = collect(observations, schema, areas, prefer)
    present = {i for cells in table.values() for i in cells}
    columns, left_out = indicator_columns(present, schema)
    header = [*GEOGRAPHY_COLUMNS, *columns.values()]

    def order(key):
        area = areas.get(key[0])
        return (-key[1], LEVEL_ORDER[area.kind], area.code)

    rows = []
    for key in sorted(table, key=order):
        cells = table[key]
        if not any(i in cells for i in columns):
            continue
        rows.append(geography(areas.get(key[0]), key[1], areas) + [cells.get(i, "") for i in columns])
    return header, rows, left_out


def write_dfe_format(observations: Iterable[Any], path: str | os.PathLike, schema, areas, *,
                     prefer: Sequence[str] = DEFAULT_PREFER) -> DfeExport:
    """Write the figures in DfE layout to ``path`` (.csv or .xlsx by its suffix)."""
    header, rows, left_out = build_rows(observations, schema, areas, prefer)
    target = Path(path)
    if target.suffix.lower() == ".csv":
        write_safely(target, lambda name: _write_csv(header, rows, name))
    else:
        write_safely(target, lambda name: _write_xlsx(header, rows, left_out, name))
    for title in left_out:
        logger.info("DfE export: '%s' has no DfE column and was left out", title)
    return DfeExport(target, len(rows), header[len(GEOGRAPHY_COLUMNS):], left_out)


def number_text(value: float) -> str:
    """A number as the DfE writes it: 23 not 23.0, otherwise the shortest exact text."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _write_csv(header: list[str], rows: list[list[Any]], filename: str) -> None:
    with open(filename, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([number_text(v) if isinstance(v, float) else v for v in row])


def _write_xlsx(header: list[str], rows: list[list[Any]], left_out: list[str], filename: str) -> None:
    workbook = xlsxwriter.Workbook(filename, {**XLSX_OPTIONS, "constant_memory": True})
    try:
        sheet = workbook.add_worksheet("data")
        sheet.write_row(0, 0, header, workbook.add_format({"bold": True}))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                elif value:
                    sheet.write_string(r, c, value)
        notes = workbook.add_worksheet("notes")
        notes.write_string(0, 0, f"Exported by cpdesk on {dt.date.today().isoformat()}.")
        notes.write_string(1, 0, "Indicators left out (no DfE column):" if left_out else
                           "Every indicator exported has a DfE column.")
        for r, title in enumerate(left_out, start=2):
            notes.write_string(r, 0, title)
    finally:
        workbook.close()
