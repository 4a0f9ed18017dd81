"""Figures in the layout of the DfE's published CSV files, for the DfE's tools and other councils.

One row per area and reporting year, the DfE's geography columns first, then one column per
indicator under its DfE name (the first of ``Indicator.dfe_columns`` no other indicator has taken;
a name two DfE files share, such as D5's and D7's ``2_years_or_more_percent``, gets its table after
it). Rates and percentages the DfE publishes in its main tables rather than its CSV files (the
CP-plan rate, ICPCs within 15 working days, assessments within 45 working days, the referral rate
...) go out under names in the files' style, listed on the notes sheet with how each is worked out.
``time_period`` is the year a financial year ends (2019/20 -> 2020); a snapshot at 31 March T belongs
to reporting year T. Statuses are written as the DfE's symbols; cpdesk's own "tbc" and "na" have no
DfE symbol and become "x" (not available). Indicators the DfE does not publish (a council's own
counts, such as contacts) have no column: they are listed once, in a note, not as errors.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from cpdesk.csv_cells import SafeWriter
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


# Columns for figures the DfE publishes in its main tables, or in a column its CSV files share between
# measures, and what each holds and how it is worked out.
STYLED_COLUMNS = {
    "CLA_started_count": "children starting to be looked after in the year (the CLA file's children_count "
                         "where population_type is 'Children starting to be looked after each year')",
    "CLA_3_or_more_placements_percent": "children looked after at 31 March with 3 or more placements in the "
                                        "year (the placement stability file's children_percent)",
    "referral_rate_per_10000": "referrals / children aged 0-17 (ONS mid-year before) x 10,000",
    "At31_episodes_rate_per_10000": "children in need at 31 March / children aged 0-17 x 10,000",
    "Assessments_within_45_days_percent": "assessments completed within 45 working days / all completed",
    "Section47_rate_per_10000": "section 47 enquiries / children aged 0-17 x 10,000",
    "Section47_to_ICPC_percent": "ICPCs / section 47 enquiries",
    "ICPC_within_15_days_percent": "ICPCs within 15 working days of the strategy discussion / all ICPCs "
                                   "(C4's duration bands 0-10 and 11-15 days over ICPC)",
    "CPP_At31_rate_per_10000": "children on a CP plan at 31 March / children aged 0-17 x 10,000",
    "CPP_start_rate_per_10000": "CP plans starting / children aged 0-17 x 10,000",
}
TABLE_NAMED = re.compile(r"\btables? ([A-Z]\d+)")


@dataclass
class DfeExport:
    path: Path
    rows: int
    columns: list[str]
    left_out: list[str] = field(default_factory=list)  # titles of indicators the DfE does not publish


# Snapshot days the DfE files under a reporting year of the same calendar year: 31 March (children in
# need, CP plans, looked after) and 30 September (the workforce census).
DFE_SNAPSHOT_DAYS = ((3, 31), (9, 30))


def reporting_year(period) -> int | None:
    """The DfE time_period a period belongs to, or None if it is not a whole reporting year. The ONS
    mid-year estimate of year T is the population beside reporting year T+1's rates, as in the DfE's
    CLA file."""
    if period.kind == PeriodKind.YEAR:
        return period.end.year
    if period.kind == PeriodKind.SNAPSHOT and (period.end.month, period.end.day) in DFE_SNAPSHOT_DAYS:
        return period.end.year
    if period.kind == PeriodKind.MID_YEAR:
        return period.end.year + 1
    return None


def indicator_columns(indicator_ids: Iterable[str], schema) -> tuple[dict[str, str], list[str]]:
    """Indicator id -> DfE column (schema order, each column given to one indicator only), and the
    titles of the indicators the DfE does not publish."""
    wanted = set(indicator_ids)
    columns: dict[str, str] = {}
    left_out: list[str] = []
    for indicator in schema:
        if indicator.id not in wanted:
            continue
        if not indicator.dfe_columns:
            left_out.append(indicator.title)
            continue
        free = [c for c in indicator.dfe_columns if c not in columns.values()]
        columns[indicator.id] = free[0] if free else _with_table(indicator.dfe_columns[0], indicator)
    return columns, left_out


def _with_table(column: str, indicator) -> str:
    """A column name two DfE files share, told apart by the indicator's table: "..._percent_D5"."""
    found = TABLE_NAMED.search(indicator.source or "")
    return f"{column}_{found.group(1) if found else indicator.id}"


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
    national, regional and LA rows in code order; and the titles of indicators the DfE does not
    publish."""
    figures = list(observations)
    table = collect(figures, schema, areas, prefer)
    present = {i for cells in table.values() for i in cells}
    columns, _none = indicator_columns(present, schema)
    _all, left_out = indicator_columns({o.indicator_id for o in figures}, schema)
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
    columns = header[len(GEOGRAPHY_COLUMNS):]
    if target.suffix.lower() == ".csv":
        write_safely(target, lambda name: _write_csv(header, rows, name))
    else:
        write_safely(target, lambda name: _write_xlsx(header, rows, notes_lines(columns, left_out, schema),
                                                      name))
    if left_out:
        logger.info("DfE export: %d indicators the DfE does not publish: %s", len(left_out),
                    ", ".join(left_out))
    return DfeExport(target, len(rows), columns, left_out)


def notes_lines(columns: Sequence[str], left_out: Sequence[str], schema) -> list[str]:
    """The notes sheet: the columns in the DfE files' style and how each is worked out, then (once)
    the indicators the DfE does not publish."""
    lines = [f"Exported by cpdesk on {dt.date.today().isoformat()}, in the layout of the DfE's CSV files."]
    styled = [c for c in columns if c in STYLED_COLUMNS]
    if styled:
        lines += ["", "Columns named in the style of the DfE's files, for figures the DfE publishes in its "
                      "main tables or under a column name its files share; each worked out as the DfE does:"]
        lines += [f"{column}: {STYLED_COLUMNS[column]}." for column in styled]
    return [*lines, *(["", note] if (note := left_out_note(left_out, schema)) else [])]


def left_out_note(left_out: Sequence[str], schema) -> str:
    """One sentence (or two) on the indicators with no DfE column: broken down by category (the DfE's
    files hold categories in rows of a filter column), or not published by the DfE at all."""
    by_title = {i.title: i for i in schema}
    broken_down = [t for t in left_out if t in by_title and by_title[t].breakdown]
    unpublished = [t for t in left_out if t not in broken_down]
    parts = []
    if unpublished:
        parts.append("Not exported, as the DfE publishes no current figure for them: "
                     f"{', '.join(unpublished)}.")
    if broken_down:
        parts.append("Not exported, as they are broken down by category, which the DfE's files hold in rows "
                     f"of a filter column rather than in this layout: {', '.join(broken_down)}.")
    return " ".join(parts)


def number_text(value: float) -> str:
    """A number as the DfE writes it: 23 not 23.0, otherwise the shortest exact text."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _write_csv(header: list[str], rows: list[list[Any]], filename: str) -> None:
    with open(filename, "w", encoding="utf-8", newline="") as handle:
        writer = SafeWriter(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(number_text(v) if isinstance(v, float) else v for v in row)


def _write_xlsx(header: list[str], rows: list[list[Any]], notes: list[str], filename: str) -> None:
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
        notes_sheet = workbook.add_worksheet("notes")
        for r, line in enumerate(notes):
            if line:
                notes_sheet.write_string(r, 0, line)
    finally:
        workbook.close()
