"""Build the LAIT / DfE / benchmarking acceptance files and the figures each one holds.

Every file here is laid out the way councils get such figures: LAIT one-indicator sheets and long
downloads, regional benchmarking tables, tidy extracts cut from a DfE release, and statistical
neighbour comparison tables. The figures are real: the DfE children in need, looked after and
workforce releases and the ONS child population, read from the public reference files.

For each case NAME the script writes NAME.xlsx or NAME.csv, NAME.expected.csv (every figure an
officer would say the file holds, one row each) and a line of manifest.csv. Running it again
rebuilds the same files byte for byte.

    python tests/acceptance/cases/lait_dfe/build.py

Set CPDESK_REFERENCE_DIR to read the DfE and ONS files from somewhere other than ../shared/reference
beside the checkout.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import statistics
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
AREAS_DIR = REPO / "resources" / "areas"
REFERENCE = Path(os.environ.get("CPDESK_REFERENCE_DIR",
                                Path(__file__).resolve().parents[4] / "shared" / "reference"))
FIXED_TIME = datetime(2025, 11, 3, 9, 0, 0)
ENGLAND_CODE = "E92000001"
EXPECTED_HEADER = ("area_code", "indicator", "breakdown", "period_start", "period_end", "value")
MANIFEST_HEADER = ("file", "council", "shape", "notes")
BOLD = Font(bold=True)
GREY = PatternFill("solid", fgColor="D9D9D9")
RAG_FILLS = {"R": "FF9999", "A": "FFD966", "G": "A9D08E"}


# ---------------------------------------------------------------- areas


@dataclass(frozen=True)
class LaRecord:
    code: str
    old_code: str
    name: str
    region_code: str
    opened: date
    closed: date | None

    def open_on(self, day: date) -> bool:
        return self.opened <= day and (self.closed is None or day <= self.closed)


@dataclass(frozen=True)
class Area:
    """An area as the DfE files key it (old LA code, region code or England's code)."""

    key: str
    name: str = ""


ENGLAND = Area(ENGLAND_CODE, "England")


@cache
def la_records() -> tuple[LaRecord, ...]:
    with open(AREAS_DIR / "las.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            LaRecord(
                row["code"],
                row["old_code"],
                row["name"],
                row["region_code"],
                date.fromisoformat(row["opened"]),
                date.fromisoformat(row["closed"]) if row["closed"] else None,
            )
            for row in csv.DictReader(handle)
            if row["old_code"]
        )


@cache
def region_names() -> dict[str, str]:
    with open(AREAS_DIR / "regions.csv", encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def la_open_on(old_code: str, day: date) -> LaRecord | None:
    return next((la for la in la_records() if la.old_code == old_code and la.open_on(day)), None)


def la_named(old_code: str) -> LaRecord:
    """The most recent record of an old LA code (its current name)."""
    return [la for la in la_records() if la.old_code == old_code][-1]


def las_in_region(region_code: str, days: Iterable[date]) -> list[LaRecord]:
    """LAs of a region open on any of the days, one per old code, in LA number order."""
    days = list(days)
    found = {la.old_code: la for la in la_records() if la.region_code == region_code
             and any(la.open_on(day) for day in days)}
    return [found[old] for old in sorted(found)]


def las_open_on(day: date) -> list[str]:
    return sorted({la.old_code for la in la_records() if la.open_on(day)})


def area_of(la: LaRecord) -> Area:
    return Area(la.old_code, la.name)


def region_area(code: str) -> Area:
    return Area(code, region_names()[code])


# ---------------------------------------------------------------- numbers


def as_decimal(text: str) -> Decimal | None:
    cleaned = text.replace(",", "").strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def is_figure(text: str) -> bool:
    return as_decimal(text) is not None


def with_thousands(text: str) -> str:
    value = as_decimal(text)
    if value is None or "." in text:
        return text
    return f"{int(value):,}"


def cell_number(text: str, fraction: bool = False) -> int | float:
    value = as_decimal(text)
    assert value is not None
    if fraction:
        return float(value / 100)
    return int(value) if value.as_tuple().exponent >= 0 else float(value)


# ---------------------------------------------------------------- DfE and ONS releases


def release_key(row: dict[str, str]) -> str:
    level = row["geographic_level"]
    if level == "National":
        return ENGLAND_CODE
    if level == "Regional":
        return row["region_code"]
    return row["old_la_code"]


class Release:
    """One DfE/ONS tidy CSV, keyed by (time_period, area key)."""

    def __init__(self, filename: str, population_type: str = "") -> None:
        self.rows: dict[tuple[int, str], dict[str, str]] = {}
        with open(REFERENCE / filename, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if population_type and row["population_type"] != population_type:
                    continue
                self.rows[(int(row["time_period"]), release_key(row))] = row

    def text(self, column: str, year: int, key: str) -> str:
        row = self.rows.get((year, key))
        return "" if row is None else (row.get(column) or "").strip()


@cache
def release(filename: str, population_type: str = "") -> Release:
    logger.info("Reading %s %s", filename, population_type)
    return Release(filename, population_type)


D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
C4 = "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv"
B1 = "b1_children_in_need_2013_to_2025.csv"
CLA = "cla_number_and_rate_per_10k_children.csv"
CSWW = "csww_indicators_2017_to_2025.csv"
POPULATION = "ons_mid-year_population_estimates_2012_to_2024.csv"
CLA_AT_31_MARCH = "Children looked after on 31 March each year"
CLA_STARTING = "Children starting to be looked after each year"
ICPC_BANDS = ("Duration_0-10_days", "Duration_11-15_days", "Duration_16-20_days", "Duration_21+_days")


# ---------------------------------------------------------------- measures


class PeriodKind(StrEnum):
    FINANCIAL_YEAR = "financial_year"
    AT_31_MARCH = "at_31_march"
    AT_30_SEPTEMBER = "at_30_september"


class Polarity(StrEnum):
    HIGH = "high"
    LOW = "low"
    NONE = "none"


Reader = Callable[[Area, int], str]


@dataclass(frozen=True)
class Measure:
    indicator: str
    period_kind: PeriodKind
    reader: Reader
    polarity: Polarity = Polarity.NONE

    def text(self, area: Area, year: int) -> str:
        return self.reader(area, year)

    def period(self, year: int) -> tuple[date, date]:
        if self.period_kind is PeriodKind.FINANCIAL_YEAR:
            return date(year - 1, 4, 1), date(year, 3, 31)
        if self.period_kind is PeriodKind.AT_31_MARCH:
            return date(year, 3, 31), date(year, 3, 31)
        return date(year, 9, 30), date(year, 9, 30)

    def period_end(self, year: int) -> date:
        return self.period(year)[1]


def published(filename: str, column: str, population_type: str = "") -> Reader:
    def read(area: Area, year: int) -> str:
        return release(filename, population_type).text(column, year, area.key)

    return read


def first_mark(texts: Sequence[str]) -> str:
    marks = [text for text in texts if not is_figure(text)]
    return "c" if "c" in marks else marks[0]


def ratio_text(numerators: Sequence[str], denominators: Sequence[str], scale: int) -> str:
    texts = [*numerators, *denominators]
    if not all(texts):
        return ""
    if not all(is_figure(text) for text in texts):
        return first_mark(texts)
    top = sum(as_decimal(text) for text in numerators)
    bottom = sum(as_decimal(text) for text in denominators)
    if bottom == 0:
        return "z"
    return str(half_up(top * scale / bottom, 1))


def per_10k(filename: str, column: str, population_type: str = "") -> Reader:
    """Count over the ONS mid-year estimate of the year before, per 10,000 children."""

    def read(area: Area, year: int) -> str:
        count = release(filename, population_type).text(column, year, area.key)
        children = release(POPULATION).text("population_estimate", year - 1, area.key)
        return ratio_text([count], [children], 10_000)

    return read


def percent_of(filename: str, parts: Sequence[str], whole: Sequence[str]) -> Reader:
    def read(area: Area, year: int) -> str:
        table = release(filename, "")
        return ratio_text([table.text(c, year, area.key) for c in parts],
                          [table.text(c, year, area.key) for c in whole], 100)

    return read


FY, MARCH, SEPT = PeriodKind.FINANCIAL_YEAR, PeriodKind.AT_31_MARCH, PeriodKind.AT_30_SEPTEMBER
LOW, HIGH = Polarity.LOW, Polarity.HIGH

MEASURES: dict[str, Measure] = {
    m.indicator: m
    for m in (
        Measure("referrals", FY, published(C1, "referral_count")),
        Measure("referrals_rate", FY, per_10k(C1, "referral_count")),
        Measure("rereferrals_12m_count", FY, published(C1, "rereferral_count"), LOW),
        Measure("rereferrals_12m_pct", FY, published(C1, "rereferral_percent"), LOW),
        Measure("cin_count", MARCH, published(B1, "At31_episodes")),
        Measure("cin_rate", MARCH, per_10k(B1, "At31_episodes")),
        Measure("s47_enquiries", FY, published(C4, "Section47")),
        Measure("s47_rate", FY, per_10k(C4, "Section47")),
        Measure("icpc_count", FY, published(C4, "ICPC")),
        Measure("s47_to_icpc_pct", FY, percent_of(C4, ["ICPC"], ["Section47"])),
        Measure("icpc_15wd_pct", FY, percent_of(C4, ICPC_BANDS[:2], ICPC_BANDS), HIGH),
        Measure("cpp_count", MARCH, published(D5, "CPP_At31")),
        Measure("cpp_rate", MARCH, per_10k(D5, "CPP_At31")),
        Measure("cpp_current_2y_pct", MARCH, published(D5, "2_years_or_more_percent"), LOW),
        Measure("cpp_starts", FY, published(D3, "CPP_start")),
        Measure("cpp_starts_rate", FY, per_10k(D3, "CPP_start")),
        Measure("cpp_repeat_count", FY, published(D3, "CPP_subsequent"), LOW),
        Measure("cpp_repeat_pct", FY, published(D3, "CPP_subsequent_percent"), LOW),
        Measure("cla_count", MARCH, published(CLA, "children_count", CLA_AT_31_MARCH)),
        Measure("cla_rate", MARCH, published(CLA, "rate_per_10000", CLA_AT_31_MARCH)),
        Measure("cla_starts", FY, published(CLA, "children_count", CLA_STARTING)),
        Measure("caseload_avg", SEPT, published(CSWW, "caseload_fte"), LOW),
        Measure("sw_vacancy_pct", SEPT, published(CSWW, "vacancy_rate_fte"), LOW),
    )
}


# ---------------------------------------------------------------- statistical neighbours


class Model(StrEnum):
    APRIL_2021 = "New_Statistical_Neighbour_Groupings_April_2021.csv"
    MAY_2025 = "sn_model_2025_wide.csv"


@cache
def neighbours(council_old: str, model: Model) -> tuple[str, ...]:
    with open(REFERENCE / model.value, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row and row[0] == council_old:
            first = 5 if model is Model.APRIL_2021 else 4
            return tuple(row[first + 2 * k] for k in range(10))
    raise KeyError(f"No statistical neighbours for LA {council_old} in {model.value}")


def sn_average(measure: Measure, council_old: str, year: int, model: Model) -> str:
    """The simple mean of the neighbours that have a figure, as LAIT shows it."""
    values = [as_decimal(measure.text(Area(old), year)) for old in neighbours(council_old, model)]
    found = [value for value in values if value is not None]
    return str(half_up(sum(found) / len(found), 1)) if found else "x"


def sn_code(council_old: str) -> str:
    return f"SN-{la_named(council_old).code}"


# ---------------------------------------------------------------- rank and quartile


def national_values(measure: Measure, year: int) -> dict[str, Decimal]:
    day = measure.period_end(year)
    values = {old: as_decimal(measure.text(Area(old), year)) for old in las_open_on(day)}
    return {old: value for old, value in values.items() if value is not None}


def national_rank(measure: Measure, year: int, old_code: str) -> int | None:
    values = national_values(measure, year)
    if measure.polarity is Polarity.NONE or old_code not in values:
        return None
    mine = values[old_code]
    better = [v for v in values.values() if (v < mine if measure.polarity is LOW else v > mine)]
    return len(better) + 1


def quartile_band(measure: Measure, year: int, old_code: str) -> str:
    values = national_values(measure, year)
    if measure.polarity is Polarity.NONE or old_code not in values:
        return ""
    cuts = statistics.quantiles(sorted(values.values()), n=4, method="inclusive")
    position = sum(values[old_code] > cut for cut in cuts)
    bands = "ABCD" if measure.polarity is LOW else "DCBA"
    return bands[position]


# ---------------------------------------------------------------- rows of a table


@dataclass(frozen=True)
class Row:
    """One line of a table: how it is labelled, where its figures come from, what cpdesk stores it as."""

    label: str
    read: Callable[[Measure, int], str]
    code: Callable[[date], str]
    la_number: str = ""
    region: str = ""
    is_sn: bool = False

    def text(self, measure: Measure, year: int) -> str:
        return self.read(measure, year)


def la_row(la: LaRecord, label: str = "") -> Row:
    def code(day: date) -> str:
        record = la_open_on(la.old_code, day)
        return record.code if record else ""

    def read(measure: Measure, year: int) -> str:
        return measure.text(Area(la.old_code), year) if code(measure.period_end(year)) else ""

    return Row(label or la.name, read, code, la.old_code, region_names()[la.region_code])


def region_row(code: str, label: str = "") -> Row:
    name = region_names()[code]
    return Row(label or name, lambda m, y: m.text(Area(code), y), lambda day: code, "", name)


def england_row(label: str = "England") -> Row:
    return Row(label, lambda m, y: m.text(ENGLAND, y), lambda day: ENGLAND_CODE, "", "England")


def sn_row(council_old: str, model: Model, label: str = "Statistical Neighbours Average") -> Row:
    return Row(label, lambda m, y: sn_average(m, council_old, y, model), lambda day: sn_code(council_old),
               is_sn=True)


def neighbour_rows(council_old: str, model: Model, names: dict[str, str] | None = None) -> list[Row]:
    rows = []
    for old in (council_old, *neighbours(council_old, model)):
        la = la_named(old)
        rows.append(la_row(la, (names or {}).get(old, la.name)))
    return rows


# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class Expected:
    area_code: str
    indicator: str
    breakdown: str
    period_start: date
    period_end: date
    value: str


@dataclass
class Case:
    name: str
    suffix: str
    shape: str
    council: str = ""
    notes: str = ""
    expected: list[Expected] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.suffix}"

    @property
    def path(self) -> Path:
        return HERE / self.filename

    def record(self, row: Row, measure: Measure, year: int, text: str) -> None:
        value = as_decimal(text)
        if value is None:
            return
        start, end = measure.period(year)
        code = row.code(end)
        assert code, f"{self.name}: no area for {row.label} at {end}"
        self.expected.append(Expected(code, measure.indicator, "", start, end, str(value)))

    def figure(self, row: Row, measure: Measure, year: int) -> str:
        """The figure a table shows for this row, year and measure, noted as expected if it is one."""
        text = row.text(measure, year)
        self.record(row, measure, year, text)
        return text

    def write_expected(self) -> None:
        keys = [(e.area_code, e.indicator, e.breakdown, e.period_start) for e in self.expected]
        assert len(keys) == len(set(keys)), f"{self.name}: the same figure is expected twice"
        with open(HERE / f"{self.name}.expected.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(EXPECTED_HEADER)
            for e in sorted(self.expected, key=lambda e: (e.indicator, e.area_code, e.period_start)):
                writer.writerow([e.area_code, e.indicator, e.breakdown, e.period_start.isoformat(),
                                 e.period_end.isoformat(), e.value])


# ---------------------------------------------------------------- writing workbooks and CSV files


def put(ws: Worksheet, row: int, column: int, value: object, number_format: str = "",
        bold: bool = False) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = BOLD


def put_figure(ws: Worksheet, row: int, column: int, text: str, number_format: str,
               fraction: bool = False) -> None:
    """A figure as a number with its Excel format, a suppression mark as text, nothing as a blank."""
    if is_figure(text):
        shown = "0.0%" if fraction else shown_in_full(text, number_format)
        put(ws, row, column, cell_number(text, fraction), shown)
    elif text:
        ws.cell(row=row, column=column, value=text).alignment = Alignment(horizontal="right")


def shown_in_full(text: str, number_format: str) -> str:
    """A whole-number format widened so that a figure with decimals shows them all."""
    decimals = len(text.partition(".")[2])
    if decimals and "." not in number_format:
        return f"{number_format}.{'0' * decimals}"
    return number_format


def put_title(ws: Worksheet, lines: Sequence[str], first_row: int = 1) -> int:
    for offset, line in enumerate(lines):
        put(ws, first_row + offset, 1, line, bold=offset == 0)
    return first_row + len(lines)


def put_header(ws: Worksheet, row: int, headings: Sequence[object], first_column: int = 1) -> None:
    for offset, heading in enumerate(headings):
        cell = ws.cell(row=row, column=first_column + offset, value=heading)
        cell.font = BOLD
        cell.fill = GREY
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def merge_heading(ws: Worksheet, row: int, first: int, last: int, text: str) -> None:
    ws.cell(row=row, column=first, value=text).font = BOLD
    ws.cell(row=row, column=first).alignment = Alignment(horizontal="center")
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save with fixed timestamps, so that rebuilding gives the same bytes."""
    workbook.properties.creator = "Performance and Information Team"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            target.writestr(zipfile.ZipInfo(item.filename, FIXED_TIME.timetuple()[:6]), data,
                            zipfile.ZIP_DEFLATED)


def save_csv(path: Path, lines: Iterable[Sequence[object]], bom: bool = False, newline: str = "\r\n") -> None:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        csv.writer(handle, lineterminator=newline).writerows(lines)


def fy_dash(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}"


def fy_slash(year: int) -> str:
    return f"{year - 1}/{year % 100:02d}"


def widen(ws: Worksheet, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


# ---------------------------------------------------------------- LAIT one-indicator sheets


@dataclass(frozen=True)
class LaitSheet:
    tab: str
    indicator: str
    title: str
    number_format: str = "0.0"
    with_sn: bool = True
    good: str = ""


@dataclass(frozen=True)
class LaitLayout:
    region_code: str
    council_old: str
    years: tuple[int, ...]
    model: Model
    source: str
    year_heading: Callable[[int], object] = int
    council_named: bool = True
    comparators_first: bool = False
    merged_year_heading: str = ""
    la_number_heading: str = "LA number"
    la_name_heading: str = "Local Authority"
    trend_column: bool = False
    notes: tuple[str, ...] = ()


def lait_rows(layout: LaitLayout, sheet: LaitSheet, measure: Measure) -> tuple[list[Row], list[Row]]:
    days = [measure.period_end(year) for year in layout.years]
    las = [la_row(la) for la in las_in_region(layout.region_code, days)]
    comparators = [region_row(layout.region_code), england_row()]
    if sheet.with_sn:
        comparators.insert(0, sn_row(layout.council_old, layout.model))
    return las, comparators


def lait_title(layout: LaitLayout, sheet: LaitSheet) -> list[str]:
    lines = ["Local Authority Interactive Tool (LAIT)", sheet.title, layout.source]
    council = la_named(layout.council_old)
    if layout.council_named:
        lines.append(f"Selected local authority: {council.name} ({council.old_code})")
    else:
        lines.append("Data downloaded 3 November 2025")
    if sheet.good:
        lines.append(f"Good performance is: {sheet.good}")
    return [*lines, ""]


def lait_row_cells(ws: Worksheet, row_number: int, row: Row, case: Case, measure: Measure,
                   layout: LaitLayout, sheet: LaitSheet) -> None:
    put(ws, row_number, 1, int(row.la_number) if row.la_number else None)
    put(ws, row_number, 2, row.label)
    texts = []
    for offset, year in enumerate(layout.years):
        text = case.figure(row, measure, year)
        texts.append(text)
        put_figure(ws, row_number, 3 + offset, text, sheet.number_format)
    column = 3 + len(layout.years)
    if layout.trend_column:
        put(ws, row_number, column, trend_arrow(texts[-2], texts[-1]))
        column += 1
    if row.la_number and measure.polarity is not Polarity.NONE:
        put(ws, row_number, column, national_rank(measure, layout.years[-1], row.la_number))
        put(ws, row_number, column + 1, quartile_band(measure, layout.years[-1], row.la_number))


def trend_arrow(before: str, after: str) -> str:
    old, new = as_decimal(before), as_decimal(after)
    if old is None or new is None:
        return ""
    return "↑" if new > old else "↓" if new < old else "↔"


def lait_headings(layout: LaitLayout, measure: Measure) -> list[object]:
    headings: list[object] = [layout.la_number_heading, layout.la_name_heading]
    headings += [layout.year_heading(year) for year in layout.years]
    if layout.trend_column:
        headings.append("Trend")
    if measure.polarity is not Polarity.NONE:
        latest = layout.year_heading(layout.years[-1])
        headings += [f"Latest national rank ({latest})", "Quartile banding"]
    return headings


def write_lait_sheet(workbook: Workbook, case: Case, layout: LaitLayout, sheet: LaitSheet) -> None:
    ws = workbook.create_sheet(sheet.tab)
    measure = MEASURES[sheet.indicator]
    row_number = put_title(ws, lait_title(layout, sheet))
    if layout.merged_year_heading:
        merge_heading(ws, row_number, 3, 2 + len(layout.years), layout.merged_year_heading)
        row_number += 1
    put_header(ws, row_number, lait_headings(layout, measure))
    las, comparators = lait_rows(layout, sheet, measure)
    blocks = [comparators, las] if layout.comparators_first else [las, comparators]
    row_number += 1
    for block in blocks:
        for row in block:
            lait_row_cells(ws, row_number, row, case, measure, layout, sheet)
            row_number += 1
        row_number += 1
    put_title(ws, layout.notes, row_number)
    widen(ws, {"A": 11, "B": 32})


def build_lait_workbook(case: Case, layout: LaitLayout, sheets: Sequence[LaitSheet]) -> None:
    workbook = new_workbook()
    for sheet in sheets:
        write_lait_sheet(workbook, case, layout, sheet)
    save_workbook(workbook, case.path)


CPP_RATE_TITLE = ("Children who were the subject of a child protection plan at 31 March: "
                  "rate per 10,000 children aged under 18")
LAIT_CIN_SOURCE = "Source: Characteristics of children in need, Department for Education"


def lait_cp_west_midlands() -> Case:
    case = Case("lait_sheet_cp_west_midlands", "xlsx", "lait_one_indicator",
                notes="Warwickshire named in the title block; year columns are numbers 2016-2020 meaning "
                      "the year to 31 March; SN = 2021 model mean; rank/quartile columns are not figures")
    layout = LaitLayout("E12000005", "937", (2016, 2017, 2018, 2019, 2020), Model.APRIL_2021,
                        LAIT_CIN_SOURCE)
    sheets = [
        LaitSheet("CPP rate", "cpp_rate", CPP_RATE_TITLE),
        LaitSheet("CPP second or subsequent", "cpp_repeat_pct",
                  "Percentage of children who became the subject of a child protection plan for a second "
                  "or subsequent time", good="Low"),
        LaitSheet("CPP 2 years or more", "cpp_current_2y_pct",
                  "Children who were the subject of a child protection plan at 31 March who had been the "
                  "subject of a plan for two years or more (%)", good="Low"),
    ]
    build_lait_workbook(case, layout, sheets)
    return case


def lait_referrals_south_east() -> Case:
    case = Case("lait_sheet_referrals_south_east", "xlsx", "lait_one_indicator", council="E10000025",
                notes="comparator rows (SN average, South East, England) sit above the LA list; years as "
                      "'2016-17' text; council not named: SN average is Oxfordshire's (2021 model); a blank "
                      "row between comparators and LAs; Buckinghamshire (825) is the county E10000002 here")
    layout = LaitLayout("E12000008", "931", (2017, 2018, 2019, 2020), Model.APRIL_2021,
                        "Source: DfE Characteristics of children in need: 2019 to 2020",
                        year_heading=fy_dash, council_named=False, comparators_first=True,
                        la_number_heading="LA Number", la_name_heading="LA Name",
                        notes=("Notes:", "x = data not available; c = suppressed to protect confidentiality",
                               "Rates are per 10,000 children aged under 18 (ONS mid-year estimates)"))
    sheets = [
        LaitSheet("Referrals rate", "referrals_rate",
                  "Rate of referrals to children's social care per 10,000 children aged under 18"),
        LaitSheet("Re-referrals", "rereferrals_12m_pct",
                  "Percentage of referrals to children's social care within 12 months of a previous "
                  "referral", good="Low"),
    ]
    build_lait_workbook(case, layout, sheets)
    return case


def lait_cla_north_west() -> Case:
    case = Case("lait_sheet_cla_north_west", "xlsx", "lait_one_indicator",
                notes="merged 'Year ending 31 March' over the year columns; Trend arrows column; Cumbria "
                      "rows end 2023 and Cumberland / Westmorland and Furness start 2024; the counts sheet "
                      "has no SN row; council (Knowsley) named in the title block")
    layout = LaitLayout("E12000002", "340", (2021, 2022, 2023, 2024, 2025), Model.MAY_2025,
                        "Source: Children looked after in England including adoptions, DfE",
                        merged_year_heading="Year ending 31 March", trend_column=True,
                        notes=("Figures for England and regions are rounded to the nearest 10.",))
    sheets = [
        LaitSheet("CLA rate", "cla_rate",
                  "Children looked after at 31 March: rate per 10,000 children aged under 18",
                  number_format="0"),
        LaitSheet("CLA number", "cla_count", "Number of children looked after at 31 March",
                  number_format="#,##0", with_sn=False),
    ]
    build_lait_workbook(case, layout, sheets)
    return case


def lait_workforce_east_midlands() -> Case:
    case = Case("lait_sheet_workforce_east_midlands", "xlsx", "lait_one_indicator", council="E10000018",
                notes="CSWW: year columns mean 30 September of that year (said in the title); "
                      "Northamptonshire 2020 then North/West Northamptonshire; council not named: SN "
                      "average is Leicestershire's (2025 model)")
    layout = LaitLayout("E12000004", "855", (2020, 2021, 2022, 2023, 2024), Model.MAY_2025,
                        "Source: Children's social work workforce, DfE (as at 30 September)",
                        year_heading=str, council_named=False)
    sheets = [
        LaitSheet("Caseload", "caseload_avg",
                  "Average caseload of children and family social workers (FTE) at 30 September", good="Low"),
        LaitSheet("Vacancy rate", "sw_vacancy_pct",
                  "Children and family social worker vacancy rate (FTE) at 30 September (%)", good="Low"),
    ]
    build_lait_workbook(case, layout, sheets)
    return case


# ---------------------------------------------------------------- LAIT long downloads


@dataclass(frozen=True)
class LongItem:
    short: str
    data_item: str
    indicator: str
    with_sn: bool = True


@dataclass(frozen=True)
class LongLayout:
    header: tuple[str, ...]
    years: tuple[int, ...]
    year_label: Callable[[int], str] = str
    thousands: bool = False
    bom: bool = False


def long_fields(item: LongItem, layout: LongLayout, row: Row, year: int, value: str) -> dict[str, str]:
    return {
        "Short Desc": item.short,
        "Data item": item.data_item,
        "Years": layout.year_label(year),
        "LA and Regions": row.label,
        "Values": with_thousands(value) if layout.thousands else value,
        "LA Number": row.la_number,
        "Region": row.region,
    }


def build_lait_long(case: Case, layout: LongLayout, items: Sequence[LongItem], rows: Sequence[Row]) -> None:
    lines: list[Sequence[object]] = [layout.header]
    for item in items:
        measure = MEASURES[item.indicator]
        for row in (row for row in rows if item.with_sn or not row.is_sn):
            for year in layout.years:
                value = case.figure(row, measure, year)
                fields = long_fields(item, layout, row, year, value)
                lines.append([fields[name] for name in layout.header])
    save_csv(case.path, lines, layout.bom)


LAIT_LONG_HEADER = ("Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region")


def lait_long_cp_west_midlands() -> Case:
    case = Case("lait_long_cp_west_midlands", "csv", "lait_long", council="E08000026",
                notes="standard LAIT long header; 'Statistical Neighbours' rows are Coventry's SN mean "
                      "(2021 model); values include c and x")
    days = [date(2021, 3, 31)]
    rows = [la_row(la) for la in las_in_region("E12000005", days)]
    rows += [sn_row("331", Model.APRIL_2021, "Statistical Neighbours"), region_row("E12000005"),
             england_row()]
    items = [
        LongItem("CPP rate", CPP_RATE_TITLE, "cpp_rate"),
        LongItem("CPP number",
                 "Number of children who were the subject of a child protection plan at 31 March",
                 "cpp_count", with_sn=False),
        LongItem("CPP starts", "Number of children who became the subject of a child protection plan",
                 "cpp_starts", with_sn=False),
        LongItem("Repeat CPP %", "Percentage of children who became the subject of a child protection plan "
                 "for a second or subsequent time", "cpp_repeat_pct"),
    ]
    build_lait_long(case, LongLayout(LAIT_LONG_HEADER, (2018, 2019, 2020, 2021)), items, rows)
    return case


def lait_long_cin_north_east() -> Case:
    case = Case("lait_long_cin_north_east", "csv", "lait_long",
                notes="columns reordered (LA Number first, Values last); years as '2021-22'; no SN rows")
    rows = [la_row(la) for la in las_in_region("E12000001", [date(2024, 3, 31)])]
    rows += [region_row("E12000001"), england_row()]
    items = [
        LongItem("Referrals", "Number of referrals to children's social care", "referrals"),
        LongItem("Re-referrals %", "Percentage of referrals within 12 months of a previous referral",
                 "rereferrals_12m_pct"),
        LongItem("CIN rate", "Children in need at 31 March: rate per 10,000 children aged under 18",
                 "cin_rate"),
        LongItem("S47 enquiries", "Number of section 47 enquiries", "s47_enquiries"),
        LongItem("ICPCs", "Number of initial child protection conferences", "icpc_count"),
    ]
    header = ("LA Number", "LA and Regions", "Region", "Years", "Short Desc", "Data item", "Values")
    build_lait_long(case, LongLayout(header, (2022, 2023, 2024), fy_dash), items, rows)
    return case


def lait_long_london() -> Case:
    case = Case("lait_long_london", "csv", "lait_long",
                notes="UTF-8 BOM; Values before LA Number; counts with thousands commas; Inner London and "
                      "Outer London rows (E13) as well as London; caseload year 2023 means 30 September 2023")
    day = date(2023, 3, 31)
    rows = [la_row(la) for la in las_in_region("E12000007", [day])]
    rows += [region_row("E13000001"), region_row("E13000002"), region_row("E12000007"), england_row()]
    items = [
        LongItem("CLA rate", "Children looked after at 31 March: rate per 10,000 children aged under 18",
                 "cla_rate"),
        LongItem("CLA number", "Number of children looked after at 31 March", "cla_count"),
        LongItem("CPP rate", CPP_RATE_TITLE, "cpp_rate"),
        LongItem("SW caseload",
                 "Average caseload per children and family social worker (FTE) at 30 September",
                 "caseload_avg"),
    ]
    header = ("Short Desc", "Data item", "Years", "LA and Regions", "LA Number", "Region", "Values")
    build_lait_long(case, LongLayout(header, (2022, 2023), thousands=True, bom=True), items, rows)
    return case


# ---------------------------------------------------------------- regional benchmarking tables


@dataclass(frozen=True)
class Column:
    heading: str
    indicator: str
    number_format: str = "0.0"
    fraction: bool = False


def benchmark_cells(ws: Worksheet, row_number: int, first_column: int, case: Case, row: Row,
                    columns: Sequence[Column], year: int, overrides: dict[tuple[str, str], str]) -> list[str]:
    texts = []
    for offset, column in enumerate(columns):
        measure = MEASURES[column.indicator]
        text = overrides.get((row.label, column.indicator)) or row.text(measure, year)
        case.record(row, measure, year, text)
        texts.append(text)
        put_figure(ws, row_number, first_column + offset, text, column.number_format, column.fraction)
    return texts


NORTH_WEST_COLUMNS = (
    Column("Referrals per 10,000 children aged under 18", "referrals_rate"),
    Column("Re-referrals within 12 months (%)", "rereferrals_12m_pct"),
    Column("Section 47 enquiries per 10,000 children", "s47_rate"),
    Column("Children subject to a CP plan per 10,000 at 31 March", "cpp_rate"),
    Column("Children looked after per 10,000 at 31 March", "cla_rate", "0"),
)


def bench_north_west() -> Case:
    case = Case("bench_north_west_2021", "xlsx", "regional_benchmark",
                notes="one year (2020/21) in the title; 'Regional average' is the North West figure; "
                      "Wirral referrals rate shown as x (not returned); Cumbria still one LA in 2021")
    workbook = new_workbook()
    ws = workbook.create_sheet("Benchmarking 2020-21")
    row_number = put_title(ws, [
        "North West regional benchmarking 2020/21",
        "Children's services performance group – figures from DfE statistical releases",
        "",
    ])
    put_header(ws, row_number, ["Local authority", *[c.heading for c in NORTH_WEST_COLUMNS]])
    las = sorted(las_in_region("E12000002", [date(2021, 3, 31)]), key=lambda la: la.name)
    rows = [la_row(la) for la in las]
    rows += [region_row("E12000002", "Regional average"), england_row()]
    overrides = {("Wirral", "referrals_rate"): "x"}
    for row in rows:
        row_number += 1
        put(ws, row_number, 1, row.label, bold=row.la_number == "")
        benchmark_cells(ws, row_number, 2, case, row, NORTH_WEST_COLUMNS, 2021, overrides)
    put_title(ws, ["", "x = not available.  c = fewer than 6 children, suppressed.",
                   "Rates use ONS mid-2020 estimates of children aged 0 to 17."], row_number + 1)
    widen(ws, {"A": 28, "B": 16, "C": 16, "D": 16, "E": 16, "F": 16})
    save_workbook(workbook, case.path)
    return case


EAST_GROUPS = (
    ("Referrals", (Column("Number", "referrals", "#,##0"), Column("Rate per 10,000", "referrals_rate"),
                   Column("% re-referred within 12 months", "rereferrals_12m_pct", fraction=True))),
    ("Child protection", (Column("Plans at 31 March", "cpp_count", "#,##0"),
                          Column("Rate per 10,000", "cpp_rate"),
                          Column("% second or subsequent plan", "cpp_repeat_pct", fraction=True))),
    ("Children looked after", (Column("Number at 31 March", "cla_count", "#,##0"),
                               Column("Rate per 10,000", "cla_rate", "0"))),
)


def east_header(ws: Worksheet, row_number: int) -> None:
    put_header(ws, row_number, ["Local authority"])
    ws.merge_cells(start_row=row_number, start_column=1, end_row=row_number + 1, end_column=1)
    column = 2
    for group, columns in EAST_GROUPS:
        merge_heading(ws, row_number, column, column + len(columns) - 1, group)
        put_header(ws, row_number + 1, [c.heading for c in columns], column)
        column += len(columns)
    put_header(ws, row_number, ["CP rate rank", "RAG"], column)
    put_header(ws, row_number + 1, ["(1 = lowest)", "vs England"], column)


def east_extras(ws: Worksheet, row_number: int, column: int, row: Row, ranks: dict[str, int]) -> None:
    if row.la_number:
        put(ws, row_number, column, ranks.get(row.la_number))
        rag = "G" if ranks.get(row.la_number, 99) <= 4 else "A" if ranks.get(row.la_number, 99) <= 8 else "R"
        put(ws, row_number, column + 1, rag)
        ws.cell(row=row_number, column=column + 1).fill = PatternFill("solid", fgColor=RAG_FILLS[rag])


def bench_east_of_england() -> Case:
    case = Case("bench_east_of_england_2023", "xlsx", "regional_benchmark",
                notes="two-row header: merged group cells (Referrals / Child protection / Children looked "
                      "after) over units; percentages are fractions formatted 0.0%; 'Eastern region' row is "
                      "E12000006; spacer row before comparators; rank and RAG columns are not figures")
    workbook = new_workbook()
    ws = workbook.create_sheet("EoE 2022-23")
    row_number = put_title(ws, ["Eastern Region Children's Services Benchmarking",
                                "Year ending 31 March 2023", ""])
    east_header(ws, row_number)
    columns = [c for _, group in EAST_GROUPS for c in group]
    las = [la_row(la) for la in las_in_region("E12000006", [date(2023, 3, 31)])]
    rates = {row.la_number: as_decimal(row.text(MEASURES["cpp_rate"], 2023)) for row in las}
    ranks = {old: n for n, old in enumerate(sorted(rates, key=lambda o: rates[o]), start=1)}
    row_number += 1
    for row in [*las, None, region_row("E12000006", "Eastern region"), england_row()]:
        row_number += 1
        if row is None:
            continue
        put(ws, row_number, 1, row.label)
        benchmark_cells(ws, row_number, 2, case, row, columns, 2023, {})
        east_extras(ws, row_number, 2 + len(columns), row, ranks)
    widen(ws, {"A": 24})
    save_workbook(workbook, case.path)
    return case


LONDON_COLUMNS = (
    Column("Children in need at 31 March", "cin_count"),
    Column("CIN rate per 10k", "cin_rate"),
    Column("Children on CP plans at 31 March", "cpp_count"),
    Column("CP rate per 10k", "cpp_rate"),
    Column("Looked after children at 31 March", "cla_count"),
    Column("LAC rate per 10k", "cla_rate"),
)


def bench_london() -> Case:
    case = Case("bench_london_2024", "csv", "regional_benchmark",
                notes="CSV with a title line and a blank line before the header; counts quoted with "
                      "thousands commas; Inner London, Outer London, London and England rows; City of "
                      "London and small counts suppressed (c)")
    rows = [la_row(la) for la in sorted(las_in_region("E12000007", [date(2024, 3, 31)]),
                                        key=lambda la: la.name)]
    rows += [region_row("E13000001"), region_row("E13000002"), region_row("E12000007"), england_row()]
    lines: list[Sequence[object]] = [
        ["London benchmarking: children in need, child protection and looked after children "
         "at 31 March 2024"],
        [],
        ["Borough", *[c.heading for c in LONDON_COLUMNS]],
    ]
    for row in rows:
        texts = [case.figure(row, MEASURES[c.indicator], 2024) for c in LONDON_COLUMNS]
        lines.append([row.label, *[with_thousands(text) for text in texts]])
    lines += [[], ["Source: DfE Characteristics of children in need 2024; "
                   "Children looked after in England 2024"]]
    save_csv(case.path, lines)
    return case


YORKSHIRE_COLUMNS = (
    Column("KPI 01 Referrals received", "referrals", "#,##0"),
    Column("KPI 02 Re-referrals within 12 months (%)", "rereferrals_12m_pct"),
    Column("KPI 05 S47 enquiries started", "s47_enquiries", "#,##0"),
    Column("KPI 06 Initial child protection conferences", "icpc_count", "#,##0"),
    Column("KPI 07 ICPCs within 15 working days (%)", "icpc_15wd_pct"),
    Column("CP-3 Children on a CP plan at 31 March¹ (provisional)", "cpp_count", "#,##0"),
)
YORKSHIRE_GOOD = ("", "Low", "", "", "High", "")


def bench_yorkshire() -> Case:
    case = Case("bench_yorkshire_kpi_2024", "xlsx", "regional_benchmark",
                notes="KPI codes in front of the headings; footnote mark and '(provisional)' in a heading; "
                      "a 'Good performance is' line under the header; North Yorkshire is the 2023 "
                      "unitary (E06000065); Barnsley and Sheffield keep E08000016/E08000019 for 2023/24 "
                      "(recoded May 2025); notes under the table")
    workbook = new_workbook()
    ws = workbook.create_sheet("Y&H KPIs")
    row_number = put_title(ws, ["Yorkshire and the Humber Performance Benchmarking Group",
                                "Regional key performance indicators 2023/24", ""])
    put_header(ws, row_number, ["Local Authority", *[c.heading for c in YORKSHIRE_COLUMNS]])
    put(ws, row_number + 1, 1, "Good performance is")
    for offset, good in enumerate(YORKSHIRE_GOOD):
        put(ws, row_number + 1, 2 + offset, good or None)
    rows = [la_row(la) for la in las_in_region("E12000003", [date(2024, 3, 31)])]
    rows += [region_row("E12000003", "Yorkshire and the Humber"), england_row()]
    row_number += 1
    for row in rows:
        row_number += 1
        put(ws, row_number, 1, row.label)
        benchmark_cells(ws, row_number, 2, case, row, YORKSHIRE_COLUMNS, 2024, {})
    put_title(ws, ["", "Notes", "¹ Provisional: to be confirmed against the DfE release.",
                   "ICPC timeliness is from the start of the section 47 enquiry."], row_number + 1)
    widen(ws, {"A": 30})
    save_workbook(workbook, case.path)
    return case


# ---------------------------------------------------------------- DfE-style tidy extracts


@dataclass(frozen=True)
class ExtractSheet:
    tab: str
    indicator: str
    title: str
    number_format: str = "#,##0"


@dataclass(frozen=True)
class ExtractLayout:
    regions: tuple[str, ...]
    years: tuple[int, ...]
    year_heading: Callable[[int], object]
    code_headings: tuple[str, ...]
    name_heading: str
    source: str
    merged_year_heading: str = ""


def extract_codes(row: Row, layout: ExtractLayout, day: date) -> list[object]:
    values: dict[str, object] = {"Old LA code": int(row.la_number) if row.la_number else None,
                                 "LA code": int(row.la_number) if row.la_number else None,
                                 "New LA code": row.code(day) if row.la_number else None,
                                 "Region": row.region}
    return [values[heading] for heading in layout.code_headings]


def extract_rows(layout: ExtractLayout, measure: Measure) -> list[Row]:
    days = [measure.period_end(year) for year in layout.years]
    rows = [england_row()]
    for code in layout.regions:
        rows.append(region_row(code))
        rows += [la_row(la) for la in las_in_region(code, days)]
    return rows


def write_extract_sheet(workbook: Workbook, case: Case, layout: ExtractLayout, sheet: ExtractSheet) -> None:
    ws = workbook.create_sheet(sheet.tab)
    measure = MEASURES[sheet.indicator]
    row_number = put_title(ws, [sheet.title, layout.source, ""])
    first_year_column = len(layout.code_headings) + 2
    if layout.merged_year_heading:
        merge_heading(ws, row_number, first_year_column, first_year_column + len(layout.years) - 1,
                      layout.merged_year_heading)
        row_number += 1
    put_header(ws, row_number, [*layout.code_headings, layout.name_heading,
                                *[layout.year_heading(year) for year in layout.years]])
    for row in extract_rows(layout, measure):
        row_number += 1
        cells = extract_codes(row, layout, measure.period_end(layout.years[-1]))
        for offset, value in enumerate([*cells, row.label]):
            put(ws, row_number, 1 + offset, value, bold=not row.la_number)
        for offset, year in enumerate(layout.years):
            put_figure(ws, row_number, first_year_column + offset, case.figure(row, measure, year),
                       sheet.number_format)
    put_title(ws, ["", "Symbols: c = suppressed (1 to 5 children); x = not available; z = not applicable; "
                       "u = low reliability; low = rounds to zero.",
                   "England and regional figures are rounded to the nearest 10."], row_number + 1)
    widen(ws, {"A": 12, "B": 14, "C": 30})


def build_extract(case: Case, layout: ExtractLayout, sheets: Sequence[ExtractSheet]) -> None:
    workbook = new_workbook()
    for sheet in sheets:
        write_extract_sheet(workbook, case, layout, sheet)
    save_workbook(workbook, case.path)


def dfe_extract_cp_plans() -> Case:
    case = Case("dfe_extract_cp_plans", "xlsx", "dfe_extract",
                notes="sheet per measure; Old and New LA code columns; England, then each region row "
                      "followed by its LAs; merged 'Year ending 31 March' over 2016-2020; "
                      "Northamptonshire (928) still one LA")
    layout = ExtractLayout(("E12000005", "E12000004"), (2016, 2017, 2018, 2019, 2020), int,
                           ("Old LA code", "New LA code"), "Region / local authority",
                           "Source: Characteristics of children in need, Department for Education",
                           merged_year_heading="Year ending 31 March")
    sheets = [
        ExtractSheet("CPP at 31 March", "cpp_count",
                     "Number of children who were the subject of a child protection plan at 31 March"),
        ExtractSheet("CPP rate", "cpp_rate", "Rate of children who were the subject of a child protection "
                     "plan at 31 March per 10,000 children aged 0 to 17", "0.0"),
        ExtractSheet("Plans starting", "cpp_starts",
                     "Number of children who became the subject of a child protection plan during the year"),
        ExtractSheet("Second or subsequent", "cpp_repeat_pct",
                     "Percentage of children who became the subject of a child protection plan for a second "
                     "or subsequent time", "0.0"),
    ]
    build_extract(case, layout, sheets)
    return case


def dfe_extract_referrals_s47() -> Case:
    case = Case("dfe_extract_referrals_s47", "xlsx", "dfe_extract",
                notes="old LA code only; years '2020-21'..'2024-25' across; North East and North West: "
                      "Cumbria (909) to 2022-23, Cumberland (942) and Westmorland and Furness (943) from "
                      "2023-24; ICPC within 15 days computed from the C4 duration bands")
    layout = ExtractLayout(("E12000001", "E12000002"), (2021, 2022, 2023, 2024, 2025), fy_dash,
                           ("LA code",), "Local authority",
                           "Source: Characteristics of children in need: 2025, Department for Education")
    sheets = [
        ExtractSheet("Referrals", "referrals", "Number of referrals completed in the year"),
        ExtractSheet("Re-referrals", "rereferrals_12m_pct",
                     "Percentage of referrals within 12 months of a previous referral", "0.0"),
        ExtractSheet("Section 47", "s47_enquiries",
                     "Number of section 47 enquiries which started in the year"),
        ExtractSheet("ICPCs", "icpc_count", "Number of initial child protection conferences"),
        ExtractSheet("ICPC within 15 days", "icpc_15wd_pct",
                     "Percentage of initial child protection conferences held within 15 working days of the "
                     "strategy discussion", "0.0"),
    ]
    build_extract(case, layout, sheets)
    return case


def dfe_extract_cla_workforce() -> Case:
    case = Case("dfe_extract_cla_workforce", "xlsx", "dfe_extract",
                notes="New LA code and region columns (new_la_code style); CLA years are 31 March, "
                      "workforce years are 30 September (said in the sheet titles); South East and London; "
                      "CSWW marks u, x, low")
    layout = ExtractLayout(("E12000008", "E12000007"), (2021, 2022, 2023, 2024, 2025), str,
                           ("New LA code", "Region"), "Local authority",
                           "Source: Children looked after in England; Children's social work workforce (DfE)")
    sheets = [
        ExtractSheet("CLA at 31 March", "cla_count", "Children looked after at 31 March each year: number"),
        ExtractSheet("CLA rate", "cla_rate",
                     "Rate of children looked after at 31 March per 10,000 children aged 0 to 17", "0"),
        ExtractSheet("Started to be looked after", "cla_starts",
                     "Children starting to be looked after during the year ending 31 March"),
        ExtractSheet("Caseload", "caseload_avg", "Average caseload per case holding children and family "
                     "social worker (FTE) at 30 September", "0.0"),
        ExtractSheet("Vacancy rate", "sw_vacancy_pct",
                     "Children and family social worker vacancy rate (FTE) at 30 September (%)", "0.0"),
    ]
    build_extract(case, layout, sheets)
    return case


# ---------------------------------------------------------------- statistical neighbour comparisons


def sn_block(ws: Worksheet, row_number: int, case: Case, title: str, indicator: str, rows: Sequence[Row],
             years: Sequence[int], tbc: set[tuple[str, int]], fraction: bool = False) -> int:
    measure = MEASURES[indicator]
    put(ws, row_number, 1, title, bold=True)
    put_header(ws, row_number + 2, ["", *[fy_slash(year) for year in years]])
    row_number += 3
    for row in rows:
        put(ws, row_number, 1, row.label)
        for offset, year in enumerate(years):
            text = "TBC" if (row.label, year) in tbc else row.text(measure, year)
            case.record(row, measure, year, text)
            put_figure(ws, row_number, 2 + offset, text, "0.0", fraction)
        row_number += 1
    return row_number + 1


def sn_warwickshire() -> Case:
    case = Case("sn_warwickshire_cp", "xlsx", "sn_comparison",
                notes="council named in the title; two tables on one sheet, each with a title line; "
                      "'SN average' = mean of the ten 2021-model neighbours; SN and England 2019/20 are TBC")
    workbook = new_workbook()
    ws = workbook.create_sheet("Neighbours")
    row_number = put_title(ws, [
        "Warwickshire County Council – Children and Families",
        "Child protection: Warwickshire compared with its statistical neighbours",
        "",
    ])
    rows = [*neighbour_rows("937", Model.APRIL_2021), sn_row("937", Model.APRIL_2021, "SN average"),
            england_row()]
    years = (2016, 2017, 2018, 2019, 2020)
    tbc = {("SN average", 2020), ("England", 2020)}
    table_1 = ("Table 1: rate of children subject to a child protection plan at 31 March per 10,000 "
               "children aged 0-17")
    table_2 = "Table 2: children becoming subject to a CP plan for a second or subsequent time (%)"
    row_number = sn_block(ws, row_number, case, table_1, "cpp_rate", rows, years, tbc)
    row_number = sn_block(ws, row_number, case, table_2, "cpp_repeat_pct", rows, years, tbc)
    put_title(ws, ["Source: LAIT and DfE Characteristics of children in need"], row_number)
    widen(ws, {"A": 34})
    save_workbook(workbook, case.path)
    return case


@dataclass(frozen=True)
class IndicatorLine:
    label: str
    indicator: str
    unit: str
    good: str
    number_format: str = "0.0"
    target: str = ""


HAMPSHIRE_LINES = (
    IndicatorLine("Referrals per 10,000 children", "referrals_rate", "Rate per 10,000", "n/a"),
    IndicatorLine("Re-referrals within 12 months", "rereferrals_12m_pct", "%", "Low", target="20.0"),
    IndicatorLine("S47 enquiries per 10,000", "s47_rate", "Rate per 10,000", "n/a"),
    IndicatorLine("ICPC held within 15 working days", "icpc_15wd_pct", "%", "High", target="85.0"),
    IndicatorLine("CP plans per 10,000 at 31 March", "cpp_rate", "Rate per 10,000", "n/a"),
    IndicatorLine("CP plans: second or subsequent", "cpp_repeat_pct", "%", "Low", target="22.0"),
    IndicatorLine("Looked after children per 10,000", "cla_rate", "Rate per 10,000", "n/a", "0"),
    IndicatorLine("Average social worker caseload (30 Sept 2022)", "caseload_avg", "Cases per FTE", "Low"),
)


def rank_among(values: dict[str, Decimal | None], mine: str, polarity: Polarity) -> int | None:
    own = values.get(mine)
    if own is None or polarity is Polarity.NONE:
        return None
    others = [v for v in values.values() if v is not None]
    return 1 + sum((v < own) if polarity is LOW else (v > own) for v in others)


def year_for(line: IndicatorLine) -> int:
    """The 2022/23 table: flows and 31 March snapshots are 2023, the workforce snapshot is September 2022."""
    return 2022 if MEASURES[line.indicator].period_kind is SEPT else 2023


def sn_hampshire_line(ws: Worksheet, row_number: int, case: Case, line: IndicatorLine,
                      rows: Sequence[Row]) -> None:
    measure = MEASURES[line.indicator]
    year = year_for(line)
    put(ws, row_number, 1, line.label)
    put(ws, row_number, 2, line.unit)
    put(ws, row_number, 3, line.good)
    values = {}
    for offset, row in enumerate(rows):
        text = case.figure(row, measure, year)
        values[row.label] = as_decimal(text) if row.la_number else None
        put_figure(ws, row_number, 4 + offset, text, line.number_format)
    column = 4 + len(rows)
    put(ws, row_number, column, cell_number(line.target) if line.target else None, line.number_format)
    put(ws, row_number, column + 1, rank_among(values, "Hampshire", measure.polarity))


def sn_hampshire() -> Case:
    case = Case("sn_hampshire_transposed", "xlsx", "sn_comparison",
                notes="areas across the columns, indicators down; Unit and 'Good performance is' columns; "
                      "Target column (targets 20.0 re-referrals, 85.0 ICPC in 15 days, 22.0 repeat plans: "
                      "not figures); caseload is at 30 September 2022, the rest 2022/23 or 31 March 2023")
    workbook = new_workbook()
    ws = workbook.create_sheet("SN comparison")
    row_number = put_title(ws, ["Hampshire Children's Services", "Statistical neighbour comparison 2022/23",
                                "Statistical neighbours: DfE/NFER model, May 2025", ""])
    rows = [*neighbour_rows("850", Model.MAY_2025), sn_row("850", Model.MAY_2025, "SN average"),
            england_row()]
    put_header(ws, row_number, ["Indicator", "Unit", "Good performance is", *[row.label for row in rows],
                                "Target", "Hampshire rank among SNs (1 = best)"])
    for line in HAMPSHIRE_LINES:
        row_number += 1
        sn_hampshire_line(ws, row_number, case, line, rows)
    widen(ws, {"A": 44, "B": 16, "C": 12})
    save_workbook(workbook, case.path)
    return case


OXFORDSHIRE_COLUMNS = (
    Column("CP plans per 10,000 at 31 March 2025", "cpp_rate"),
    Column("CP plans starting 2024-25: % second or subsequent", "cpp_repeat_pct"),
    Column("Re-referrals within 12 months 2024-25 (%)", "rereferrals_12m_pct"),
    Column("Looked after children per 10,000 at 31 March 2025", "cla_rate"),
)


def sn_oxfordshire() -> Case:
    case = Case("sn_oxfordshire_2025", "csv", "sn_comparison", council="E10000025",
                notes="CSV; council is one of the named rows but not marked as ours: SN average is "
                      "Oxfordshire's (2025 model); Rank (of 11, CP rate) and DoT columns are not figures; "
                      "'SN average' and 'England' rows")
    rows = [*neighbour_rows("931", Model.MAY_2025), sn_row("931", Model.MAY_2025, "SN average"),
            england_row()]
    lines: list[Sequence[object]] = [["Local authority", *[c.heading for c in OXFORDSHIRE_COLUMNS],
                                      "Rank (CP rate)", "DoT (CP rate)"]]
    rates = {row.label: as_decimal(row.text(MEASURES["cpp_rate"], 2025)) for row in rows if row.la_number}
    order = sorted(rates, key=lambda label: rates[label] or Decimal(0))
    for row in rows:
        texts = [case.figure(row, MEASURES[c.indicator], 2025) for c in OXFORDSHIRE_COLUMNS]
        rank = order.index(row.label) + 1 if row.label in rates else ""
        dot = trend_arrow(row.text(MEASURES["cpp_rate"], 2024), texts[0])
        lines.append([row.label, *texts, rank, dot])
    save_csv(case.path, lines)
    return case


DERBYSHIRE_NAMES = {"929": "Northumberland", "838": "Dorset Council", "860": "Staffordshire"}


def sn_derbyshire() -> Case:
    case = Case("sn_derbyshire_percentages", "xlsx", "sn_comparison",
                notes="percentages held as fractions formatted 0.0%; three blocks on one sheet with title "
                      "lines; Somerset is E10000027 to 2022/23 and E06000066 from 2023/24; council named "
                      "in the subtitle; '% change' column is not a figure")
    workbook = new_workbook()
    ws = workbook.create_sheet("SN percentages")
    row_number = put_title(ws, ["Derbyshire County Council", "Children's Services – statistical neighbour "
                                "benchmarking of percentage measures", ""])
    rows = [*neighbour_rows("830", Model.MAY_2025, DERBYSHIRE_NAMES),
            sn_row("830", Model.MAY_2025, "Statistical neighbour average"), england_row()]
    years = (2021, 2022, 2023, 2024, 2025)
    blocks = (("Re-referrals to children's social care within 12 months", "rereferrals_12m_pct"),
              ("Child protection plans starting that were a second or subsequent plan", "cpp_repeat_pct"),
              ("Children on a CP plan at 31 March who had been on a plan for 2 years or more",
               "cpp_current_2y_pct"))
    for title, indicator in blocks:
        top = row_number
        row_number = sn_block(ws, row_number, case, title, indicator, rows, years, set(), fraction=True)
        percent_change_column(ws, top + 2, rows, MEASURES[indicator], years)
    widen(ws, {"A": 34})
    save_workbook(workbook, case.path)
    return case


def percent_change_column(ws: Worksheet, header_row: int, rows: Sequence[Row], measure: Measure,
                          years: Sequence[int]) -> None:
    column = 2 + len(years)
    put_header(ws, header_row, ["% change on last year"], column)
    for offset, row in enumerate(rows):
        before, after = as_decimal(row.text(measure, years[-2])), as_decimal(row.text(measure, years[-1]))
        if before and after is not None:
            put(ws, header_row + 1 + offset, column, float((after - before) / before), "0%")


# ---------------------------------------------------------------- main


BUILDERS: tuple[Callable[[], Case], ...] = (
    lait_cp_west_midlands,
    lait_referrals_south_east,
    lait_cla_north_west,
    lait_workforce_east_midlands,
    lait_long_cp_west_midlands,
    lait_long_cin_north_east,
    lait_long_london,
    bench_north_west,
    bench_east_of_england,
    bench_london,
    bench_yorkshire,
    dfe_extract_cp_plans,
    dfe_extract_referrals_s47,
    dfe_extract_cla_workforce,
    sn_warwickshire,
    sn_hampshire,
    sn_oxfordshire,
    sn_derbyshire,
)


def write_manifest(cases: Sequence[Case]) -> None:
    lines = [MANIFEST_HEADER, *[(c.filename, c.council, c.shape, c.notes) for c in cases]]
    save_csv(HERE / "manifest.csv", lines, newline="\n")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    cases = []
    for builder in BUILDERS:
        case = builder()
        case.write_expected()
        logger.info("%-40s %4d figures", case.filename, len(case.expected))
        cases.append(case)
    write_manifest(cases)


if __name__ == "__main__":
    main()
