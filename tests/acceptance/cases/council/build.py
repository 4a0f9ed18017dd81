"""Build the council-shaped acceptance files and the figures a careful officer would say each one holds.

Each case writes its file (xlsx or csv) beside this script, a `NAME.expected.csv` with one row per figure
cpdesk should store, and one line of `manifest.csv`. Figures are real wherever a public source has them:
the DfE "Children in need" and "Children looked after" releases, the CSWW release, ONS mid-year estimates
(2023/24 rates use the mid-2023 estimate) and the council reports the project started from (Warwickshire
Sep 2020, Hampshire Jun 2015, Oxfordshire Nov 2015). Monthly, quarterly and district splits are made up,
but they add up to the real annual and county figures.

Run `python build.py`; the output is byte-for-byte the same on every run.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
EXPECTED_HEADER = ["area_code", "indicator", "breakdown", "period_start", "period_end", "value"]
MANIFEST_HEADER = ["file", "council", "shape", "notes"]
FIXED_TIME = dt.datetime(2025, 1, 6, 9, 0, 0)
ZIP_TIME = (2025, 1, 6, 9, 0, 0)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")

ENGLAND = "E92000001"
SOUTH_EAST = "E12000008"
WARWICKSHIRE = "E10000031"
HAMPSHIRE = "E10000014"
OXFORDSHIRE = "E10000025"
KENT = "E10000016"
ESSEX = "E10000012"
LANCASHIRE = "E10000017"
NORFOLK = "E10000020"
LEEDS = "E08000035"
DEVON = "E10000008"
SUFFOLK = "E10000029"

MONTH_WEIGHTS = (86, 84, 89, 82, 69, 88, 94, 91, 72, 83, 80, 82)
QUARTER_WEIGHTS = (26, 25, 25, 24)
WIGGLE = (0, 3, -2, 4, 1, -3, 2, 5, -1, 2, -2, 0)
PCT_WIGGLE = (-1.2, 0.8, 1.5, -0.4, 2.1, -1.7, 0.3, -0.9, 1.1, -0.2, 0.6, -1.4)


class Shape(StrEnum):
    WAREHOUSE = "warehouse long export"
    POWER_BI = "power bi export"
    QUARTERLY = "quarterly performance report"
    DISTRICT = "district sheet"
    SCORECARD = "monthly scorecard"
    REPORT_CARD = "report card"
    LAIT = "lait download"


# --- periods -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


def financial_year(start_year: int) -> Period:
    return Period(dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31))


def fy_month(start_year: int, index: int) -> tuple[int, int]:
    """The calendar (year, month) of month `index` (0 = April) of the financial year starting `start_year`."""
    month = (index + 3) % 12 + 1
    return (start_year if month >= 4 else start_year + 1), month


def month(year: int, month_number: int) -> Period:
    last = calendar.monthrange(year, month_number)[1]
    return Period(dt.date(year, month_number, 1), dt.date(year, month_number, last))


def month_end(year: int, month_number: int) -> Period:
    end = month(year, month_number).end
    return Period(end, end)


def quarter(start_year: int, number: int) -> Period:
    first = month(*fy_month(start_year, 3 * (number - 1)))
    last = month(*fy_month(start_year, 3 * (number - 1) + 2))
    return Period(first.start, last.end)


def quarter_end(start_year: int, number: int) -> Period:
    end = quarter(start_year, number).end
    return Period(end, end)


def march_31(year: int) -> Period:
    return Period(dt.date(year, 3, 31), dt.date(year, 3, 31))


def on(year: int, month_number: int, day: int) -> Period:
    return Period(dt.date(year, month_number, day), dt.date(year, month_number, day))


def month_start_date(year: int, month_number: int) -> dt.datetime:
    return dt.datetime(year, month_number, 1)


def short_fy(start_year: int) -> str:
    return f"{start_year % 100:02d}/{(start_year + 1) % 100:02d}"


# --- numbers -----------------------------------------------------------------------------------------


def half_up(value: float | Decimal, places: int = 1) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rate_per_10k(count: int, population: int, places: int = 1) -> Decimal:
    return half_up(Decimal(count) * 10000 / Decimal(population), places)


def fraction(percent: Decimal | float | str) -> float:
    """The cell value Excel holds for a percentage shown with a '0.0%' format."""
    return float(Decimal(str(percent)) / 100)


def split_total(total: int, weights: Sequence[float]) -> list[int]:
    """Whole parts of `total` in proportion to `weights` (largest remainder), adding up to `total`."""
    whole = sum(weights)
    raw = [Decimal(total) * Decimal(str(w)) / Decimal(str(whole)) for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def drift(start: int, end: int, steps: int, wiggle: Sequence[int] = WIGGLE) -> list[int]:
    """A month-end series moving from `start` to `end` with small fixed wobbles, ending exactly on `end`."""
    values = [round(start + (end - start) * (i + 1) / steps) + wiggle[i % len(wiggle)] for i in range(steps)]
    values[-1] = end
    return values


def around(centre: float, steps: int, shift: int = 0) -> list[Decimal]:
    return [half_up(centre + PCT_WIGGLE[(i + shift) % len(PCT_WIGGLE)]) for i in range(steps)]


def text_number(value: int) -> str:
    return f"{value:,}"


# --- cases -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedRow:
    area: str
    indicator: str
    period: Period
    value: str
    breakdown: str = ""

    def as_csv(self) -> list[str]:
        return [
            self.area,
            self.indicator,
            self.breakdown,
            self.period.start.isoformat(),
            self.period.end.isoformat(),
            self.value,
        ]


@dataclass
class Case:
    name: str
    suffix: str
    shape: Shape
    notes: str
    council: str = ""
    rows: list[ExpectedRow] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return f"{self.name}.{self.suffix}"

    def expect(self, area: str, indicator: str, period: Period, value: object, breakdown: str = "") -> None:
        row = ExpectedRow(area, indicator, period, expected_text(value), breakdown)
        clash = [r for r in self.rows if r.as_csv()[:5] == row.as_csv()[:5]]
        if clash and clash[0].value != row.value:
            raise ValueError(f"{self.name}: two values for {row}")
        if not clash:
            self.rows.append(row)


def expected_text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return format(half_up(value, 3).normalize(), "f")
    return str(value)


class Sheet:
    """A worksheet with small writing helpers: rows of values, percent cells, merged headers."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    def put(self, row: int, col: int, value: object, number_format: str | None = None, bold: bool = False):
        cell = self.ws.cell(row=row, column=col, value=value)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = BOLD
        return cell

    def line(self, row: int, values: Sequence[object], col: int = 1, bold: bool = False) -> None:
        for offset, value in enumerate(values):
            if value is not None:
                self.put(row, col + offset, value, bold=bold)

    def title(self, row: int, text: str, size: int = 12) -> None:
        self.ws.cell(row=row, column=1, value=text).font = Font(bold=True, size=size)

    def percent(self, row: int, col: int, value: Decimal | float | str, number_format: str = "0.0%") -> None:
        self.put(row, col, fraction(value), number_format)

    def merge(self, row: int, col: int, width: int, text: str, height: int = 1) -> None:
        self.put(row, col, text, bold=True).alignment = Alignment(horizontal="center", wrap_text=True)
        self.ws.merge_cells(
            start_row=row, start_column=col, end_row=row + height - 1, end_column=col + width - 1
        )

    def widths(self, first: float, rest: float = 11, count: int = 30) -> None:
        self.ws.column_dimensions["A"].width = first
        for col in range(2, count + 1):
            self.ws.column_dimensions[get_column_letter(col)].width = rest


def new_workbook(sheet_title: str) -> tuple[Workbook, Sheet]:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    wb.properties.creator = "Performance and Business Intelligence"
    wb.properties.created = FIXED_TIME
    return wb, Sheet(ws)


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save, then rewrite the zip with fixed timestamps so a rebuild gives identical bytes."""
    wb.save(path)
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            if name == "docProps/core.xml":
                data = pin_modified_time(data)
            target.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


def pin_modified_time(core_xml: bytes) -> bytes:
    text = core_xml.decode("utf-8")
    start = text.find("<dcterms:modified")
    end = text.find("</dcterms:modified>")
    if start < 0 or end < 0:
        return core_xml
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    replacement = f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}'
    return (text[:start] + replacement + text[end:]).encode("utf-8")


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


# --- 1. data warehouse: MeasureCode, MeasureName, ReportingMonth, Actual, Target, RAG, Polarity --------


def rag(value: float, target: float | None, low_is_good: bool) -> str:
    if target is None:
        return ""
    gap = (target - value) if not low_is_good else (value - target)
    if gap <= 0:
        return "G"
    return "A" if gap <= abs(target) * 0.05 else "R"


def build_dw_measures_monthly() -> Case:
    case = Case(
        "dw_measures_monthly",
        "csv",
        Shape.WAREHOUSE,
        "Warwickshire 2023/24 by month; ReportingMonth is the month-end date; snapshot measures are at "
        "month end; CSC031 has no figure for Nov-23 (blank Actual); monthly splits add up to the DfE "
        "2023/24 totals (referrals 5,550, s47 1,447, ICPC 521; CP plans 366 and CLA 805 at 31 March 2024). "
        "Targets: referrals 480/month, re-referrals 20%, ICPC in 15 days 85%, caseload 16.",
        council=WARWICKSHIRE,
    )
    fy = 2023
    contacts = split_total(23412, MONTH_WEIGHTS)
    referrals = split_total(5550, MONTH_WEIGHTS[3:] + MONTH_WEIGHTS[:3])
    s47 = split_total(1447, MONTH_WEIGHTS[1:] + MONTH_WEIGHTS[:1])
    icpc = split_total(521, MONTH_WEIGHTS[5:] + MONTH_WEIGHTS[:5])
    rereferral = around(18.4, 12)
    icpc_15 = around(80.6, 12, shift=4)
    cpp = drift(306, 366, 12)
    cla = drift(778, 805, 12)
    uasc = drift(88, 71, 12)
    caseload = around(16.5, 12, shift=7)
    measures: list[tuple[str, str, str, list, float | None, str]] = [
        ("CSC001", "Contacts received", "contacts", contacts, None, "Neither"),
        ("CSC002", "Referrals received", "referrals", referrals, 480, "Neither"),
        (
            "CSC003",
            "Re-referrals within 12 months (%)",
            "rereferrals_12m_pct",
            rereferral,
            20,
            "Lower is better",
        ),
        ("CSC010", "Section 47 enquiries started", "s47_enquiries", s47, None, "Neither"),
        ("CSC011", "Initial child protection conferences held", "icpc_count", icpc, None, "Neither"),
        (
            "CSC012",
            "ICPCs within 15 working days of strategy discussion (%)",
            "icpc_15wd_pct",
            icpc_15,
            85,
            "Higher is better",
        ),
        ("CSC020", "Children subject to a child protection plan", "cpp_count", cpp, None, "Neither"),
        (
            "CSC021",
            "Child protection plans per 10,000 children aged 0-17",
            "cpp_rate",
            [rate_per_10k(n, 126202) for n in cpp],
            None,
            "Neither",
        ),
        ("CSC030", "Children looked after", "cla_count", cla, None, "Neither"),
        (
            "CSC031",
            "Unaccompanied asylum seeking children looked after",
            "cla_uasc_count",
            uasc,
            None,
            "Neither",
        ),
        (
            "CSC040",
            "Average caseload per social worker (FTE)",
            "caseload_avg",
            caseload,
            16,
            "Lower is better",
        ),
    ]
    snapshot_ids = {"cpp_count", "cpp_rate", "cla_count", "cla_uasc_count", "caseload_avg"}
    rows = []
    for index in range(12):
        year, number = fy_month(fy, index)
        reporting = month(year, number).end.isoformat()
        for code, name, indicator, series, target, polarity in measures:
            value = series[index]
            if code == "CSC031" and (year, number) == (2023, 11):
                rows.append([code, name, reporting, "", "", "", polarity])
                continue
            low = polarity == "Lower is better"
            target_text = "" if target is None else target
            rows.append([code, name, reporting, value, target_text, rag(float(value), target, low), polarity])
            period = month_end(year, number) if indicator in snapshot_ids else month(year, number)
            case.expect(WARWICKSHIRE, indicator, period, value)
    write_csv(
        HERE / case.file_name,
        ["MeasureCode", "MeasureName", "ReportingMonth", "Actual", "Target", "RAG", "Polarity"],
        rows,
    )
    return case


# --- 2. Power BI: LA Name, KPI, Description, Period, Value, Target, Good is ---------------------------


KENT_YEARS = {
    2023: dict(
        referrals=24111,
        rereferral=23.3,
        s47=7339,
        icpc=1558,
        starts=1349,
        repeat=19.8,
        cpp=1211,
        cla=1956,
        cla_rate=56,
        population=350198,
        cpp_start=1333,
        cla_start=1938,
    ),
    2024: dict(
        referrals=24035,
        rereferral=21.6,
        s47=7422,
        icpc=1479,
        starts=1274,
        repeat=24.3,
        cpp=1150,
        cla=1896,
        cla_rate=53,
        population=355390,
        cpp_start=1211,
        cla_start=1956,
    ),
}


def build_pbi_kpi_quarterly() -> Case:
    case = Case(
        "pbi_kpi_quarterly",
        "csv",
        Shape.POWER_BI,
        "Kent (named in the LA Name column) by quarter 2023-24 and 2024-25 plus 'Full Year' rows holding the "
        "real DfE annual figures; quarter-end snapshots for CP plans and children in care; CLA rate is whole "
        "numbers as DfE publishes (Q4 = published 56 and 53). Targets: re-referrals 22%, repeat plans 20%.",
    )
    rows: list[list[object]] = []
    for fy, data in KENT_YEARS.items():
        label = f"{fy}-{(fy + 1) % 100:02d}"
        quarters = {
            "referrals": split_total(data["referrals"], QUARTER_WEIGHTS),
            "s47": split_total(data["s47"], QUARTER_WEIGHTS[::-1]),
            "icpc": split_total(data["icpc"], (25, 26, 24, 25)),
            "starts": split_total(data["starts"], (24, 27, 25, 24)),
            "rereferral": around(data["rereferral"], 4, shift=fy % 5),
            "repeat": around(data["repeat"], 4, shift=fy % 3 + 6),
            "cpp": drift(data["cpp_start"], data["cpp"], 4, (0, 12, -9, 0)),
            "cla": drift(data["cla_start"], data["cla"], 4, (0, 7, -4, 0)),
        }
        quarters["cla_rate"] = [rate_per_10k(n, data["population"], 0) for n in quarters["cla"]]
        kpis = [
            ("K01", "Referrals to children's social care", "referrals", "", "n/a", False),
            ("K02", "Re-referrals within 12 months (%)", "rereferrals_12m_pct", 22, "Low", False),
            ("K05", "Section 47 enquiries", "s47_enquiries", "", "n/a", False),
            ("K06", "Children subject to an ICPC", "icpc_count", "", "n/a", False),
            ("K09", "CP plans starting", "cpp_starts", "", "n/a", False),
            (
                "K10",
                "CP plans starting that were a second or subsequent plan (%)",
                "cpp_repeat_pct",
                20,
                "Low",
                False,
            ),
            ("K12", "Children on a CP plan at quarter end", "cpp_count", "", "n/a", True),
            ("K15", "Children in care at quarter end", "cla_count", "", "n/a", True),
            ("K16", "Children in care per 10,000 children at quarter end", "cla_rate", "", "n/a", True),
        ]
        series_key = {
            "referrals": "referrals",
            "rereferrals_12m_pct": "rereferral",
            "s47_enquiries": "s47",
            "icpc_count": "icpc",
            "cpp_starts": "starts",
            "cpp_repeat_pct": "repeat",
            "cpp_count": "cpp",
            "cla_count": "cla",
            "cla_rate": "cla_rate",
        }
        for code, description, indicator, target, good, snapshot in kpis:
            series = quarters[series_key[indicator]]
            for number in range(1, 5):
                value = series[number - 1]
                rows.append(["Kent", code, description, f"{label} Q{number}", value, target, good])
                period = quarter_end(fy, number) if snapshot else quarter(fy, number)
                case.expect(KENT, indicator, period, value)
            if not snapshot:
                annual = data[series_key[indicator]]
                rows.append(["Kent", code, description, f"{label} Full Year", annual, target, good])
                case.expect(KENT, indicator, financial_year(fy), annual)
    write_csv(
        HERE / case.file_name, ["LA Name", "KPI", "Description", "Period", "Value", "Target", "Good is"], rows
    )
    return case


# --- 3. data warehouse: Indicator Ref, Indicator, Month, Figure ---------------------------------------


def build_dw_indicator_ref_month() -> Case:
    case = Case(
        "dw_indicator_ref_month",
        "csv",
        Shape.WAREHOUSE,
        "Essex 2024/25 by month as text ('April 2024'); figures as text with thousands commas and '%'; "
        "ESS-01Y is the cumulative year-to-date referral count (not a month's figure, no rows); "
        "N/A and blank figures are not rows; snapshot indicators at month end; splits add up to DfE 2024/25 "
        "(referrals 5,705, s47 1,407, ICPC 713; CP 699 and CLA 1,141 at 31 March 2025).",
        council=ESSEX,
    )
    fy = 2024
    referrals = split_total(5705, MONTH_WEIGHTS)
    s47 = split_total(1407, MONTH_WEIGHTS[2:] + MONTH_WEIGHTS[:2])
    icpc = split_total(713, MONTH_WEIGHTS[6:] + MONTH_WEIGHTS[:6])
    rereferral = around(15.4, 12, shift=3)
    cpp = drift(625, 699, 12)
    cla = drift(1152, 1141, 12, (0, -4, 3, 6, -2, 1, 4, -3, 2, 0, -1, 0))
    cpp_rate = [rate_per_10k(n, 329197) for n in cpp]
    unallocated = [12, 9, 14, 21, 17, 8, 6, 11, 15, 10, 7, 9]
    caseload = around(13.6, 12, shift=9)
    rows: list[list[str]] = []
    running = 0
    for index in range(12):
        year, number = fy_month(fy, index)
        label = f"{calendar.month_name[number]} {year}"
        running += referrals[index]
        flow, snap = month(year, number), month_end(year, number)
        unalloc_text = "N/A" if (year, number) in ((2024, 8), (2024, 12)) else str(unallocated[index])
        caseload_text = "" if (year, number) == (2025, 1) else str(caseload[index])
        rows += [
            ["ESS-01", "Referrals received in month", label, text_number(referrals[index])],
            ["ESS-01Y", "Referrals received (year to date)", label, text_number(running)],
            ["ESS-02", "Re-referrals within 12 months", label, f"{rereferral[index]}%"],
            ["ESS-05", "S47s started", label, text_number(s47[index])],
            ["ESS-06", "ICPCs", label, text_number(icpc[index])],
            ["ESS-10", "CP Plans (snapshot)", label, text_number(cpp[index])],
            ["ESS-11", "CPP rate per 10k", label, str(cpp_rate[index])],
            ["ESS-20", "LAC", label, text_number(cla[index])],
            ["ESS-21", "Unallocated cases", label, unalloc_text],
            ["ESS-30", "Caseload (average per FTE SW)", label, caseload_text],
        ]
        case.expect(ESSEX, "referrals", flow, referrals[index])
        case.expect(ESSEX, "rereferrals_12m_pct", flow, rereferral[index])
        case.expect(ESSEX, "s47_enquiries", flow, s47[index])
        case.expect(ESSEX, "icpc_count", flow, icpc[index])
        case.expect(ESSEX, "cpp_count", snap, cpp[index])
        case.expect(ESSEX, "cpp_rate", snap, cpp_rate[index])
        case.expect(ESSEX, "cla_count", snap, cla[index])
        if unalloc_text != "N/A":
            case.expect(ESSEX, "unallocated_cases", snap, unallocated[index])
        if caseload_text:
            case.expect(ESSEX, "caseload_avg", snap, caseload[index])
    write_csv(HERE / case.file_name, ["Indicator Ref", "Indicator", "Month", "Figure"], rows)
    return case


# --- 4. Power BI export to Excel: Local Authority, Financial Year, Measure, Value ---------------------


LANCASHIRE_DFE = {
    # reporting year start: referrals, re-referral %, s47, ICPC, CP at 31 March, CP starts, repeat %,
    # CIN at 31 March, CLA at 31 March, CLA rate, CLA starts, CP plans open 2+ years %
    2020: (8609, 20.7, 2641, 968, 569, 875, 22.9, 7602, 1995, 80, 537, 2.6),
    2021: (6422, 19.1, 2238, 740, 485, 621, 27.1, 7649, 1934, 77, 609, 3.9),
    2022: (7080, 14.6, 2852, 1160, 728, 1028, 23.6, 8051, 1870, 74, 569, 1.1),
    2023: (6419, 16.6, 2080, 850, 660, 768, 26.0, 7790, 1750, 68, 477, 0.9),
    2024: (7948, 16.3, 2827, 1374, 895, 1203, 19.3, 8327, 1699, 65, 517, 2.9),
}
LANCASHIRE_MEASURES = (
    ("Referrals (Count)", "referrals", False, False),
    ("Re-referral Rate %", "rereferrals_12m_pct", False, True),
    ("S47 Enquiries", "s47_enquiries", False, False),
    ("ICPCs", "icpc_count", False, False),
    ("CP Plans at 31 March", "cpp_count", True, False),
    ("CP Plan Starts", "cpp_starts", False, False),
    ("Repeat CP Plans %", "cpp_repeat_pct", False, True),
    ("CIN at 31 March", "cin_count", True, False),
    ("CLA at 31 March", "cla_count", True, False),
    ("CLA Rate per 10k", "cla_rate", True, False),
    ("CLA Starts", "cla_starts", False, False),
    ("CP Plans Open 2+ Years %", "cpp_current_2y_pct", True, True),
)


def build_pbi_export_xlsx() -> Case:
    case = Case(
        "pbi_export_lancashire",
        "xlsx",
        Shape.POWER_BI,
        "Power BI 'Export data' sheet: one row per measure and financial year (2020-21 to 2024-25), "
        "Lancashire named in every row; percentages are fractions shown '0.0%'; '... at 31 March' measures "
        "are the snapshot at the end of the year; 'Applied filters' note under the data. All real "
        "DfE figures.",
    )
    wb, sheet = new_workbook("Export")
    sheet.line(1, ["Local Authority", "Financial Year", "Measure", "Value"], bold=True)
    row = 2
    for position, (measure, indicator, snapshot, percent) in enumerate(LANCASHIRE_MEASURES):
        for fy, values in LANCASHIRE_DFE.items():
            value = values[position]
            sheet.line(row, ["Lancashire", f"{fy}-{(fy + 1) % 100:02d}", measure])
            if percent:
                sheet.percent(row, 4, value)
            else:
                sheet.put(row, 4, value, "#,##0")
            period = march_31(fy + 1) if snapshot else financial_year(fy)
            case.expect(LANCASHIRE, indicator, period, half_up(value) if percent else value)
            row += 1
    sheet.put(row + 1, 1, "Applied filters:")
    sheet.put(row + 2, 1, "Local Authority is Lancashire")
    sheet.put(row + 3, 1, "Financial Year is 2020-21, 2021-22, 2022-23, 2023-24 or 2024-25")
    sheet.widths(18, 24, 4)
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 5. quarterly performance report: Warwickshire repeat plans (seed Table 5) ------------------------


WARWICKSHIRE_QUARTERS = (
    # (fy start, quarter): within 2 years no, %, repeat no, % any time, starts, months between plans
    ((2017, 4), (17, 10.1, 26, 15.4, 169, 30)),
    ((2018, 1), (13, 8.3, 19, 12.1, 157, 24)),
    ((2018, 2), (4, 2.9, 30, 21.6, 139, 54)),
    ((2018, 3), (8, 8.2, 15, 15.5, 97, 55)),
    ((2018, 4), (18, 14.6, 32, 26.0, 123, 23)),
    ((2019, 1), (11, 8.5, 22, 17.1, 129, 34)),
    ((2019, 2), (22, 20.8, 33, 31.1, 106, 23)),
    ((2019, 3), (11, 12.6, 23, 26.4, 87, 45)),
    ((2019, 4), (12, 11.4, 25, 23.8, 105, 42)),
    ((2020, 1), (12, 10.0, 38, 31.7, 120, 42)),
)


def build_qpr_repeat_plans() -> Case:
    case = Case(
        "qpr_warwickshire_repeat_plans",
        "xlsx",
        Shape.QUARTERLY,
        "Seed 003 Table 5 turned into a quarterly report: Ref column (CP1-CP6), quarters 'Q4 "
        "17/18'..'Q1 20/21' "
        "across, then Target, DoT, RAG, Comment; section rows; percentages are fractions shown '0.0%'. "
        "Targets: CP2 10%, CP4 18% (not rows).",
    )
    wb, sheet = new_workbook("CP repeat plans")
    sheet.title(1, "Warwickshire County Council", 14)
    sheet.title(2, "Children & Families - Quarterly Performance Report")
    sheet.put(3, 1, "Child protection: repeat plans, Q4 2017/18 to Q1 2020/21")
    header = ["Ref", "Indicator"] + [f"Q{q} {short_fy(fy)}" for (fy, q), _ in WARWICKSHIRE_QUARTERS]
    header += ["Target", "DoT", "RAG", "Comment"]
    sheet.line(5, header, bold=True)
    sheet.put(6, 1, "Child Protection", bold=True)
    lines = [
        (
            "CP1",
            "No. of CP plans starting within 2 years of a previous plan",
            "cpp_repeat_2y_count",
            0,
            False,
            None,
        ),
        (
            "CP2",
            "% of CP plans starting within 2 years of a previous plan",
            "cpp_repeat_2y_pct",
            1,
            True,
            0.10,
        ),
        ("CP3", "Total no. of repeat CP plans (any time)", "cpp_repeat_count", 2, False, None),
        ("CP4", "% of CP plans that are repeat plans, regardless of time", "cpp_repeat_pct", 3, True, 0.18),
        ("CP5", "Total no. of CP starts", "cpp_starts", 4, False, None),
        (
            "CP6",
            "Average no. of months between previous and current CP plan",
            "cpp_repeat_gap_months",
            5,
            False,
            None,
        ),
    ]
    row = 7
    for ref, label, indicator, position, percent, target in lines:
        sheet.line(row, [ref, label])
        for offset, ((fy, q), values) in enumerate(WARWICKSHIRE_QUARTERS):
            value = values[position]
            if percent:
                sheet.percent(row, 3 + offset, value)
                expected = half_up(value)
            else:
                sheet.put(row, 3 + offset, value)
                expected = value
            case.expect(WARWICKSHIRE, indicator, quarter(fy, q), expected)
        tail = 3 + len(WARWICKSHIRE_QUARTERS)
        if target is not None:
            sheet.put(row, tail, target, "0%")
        sheet.line(row, ["↑" if position in (1, 3) else "↔", "R" if position == 3 else "A"], col=tail + 1)
        if ref == "CP4":
            sheet.put(row, tail + 3, "Themed audit of repeat plans due end of September 2020")
        row += 1
    sheet.put(row + 1, 1, "Source: Mosaic child protection module. Q1 20/21 figures are provisional.")
    sheet.widths(6, 10, 16)
    sheet.ws.column_dimensions["B"].width = 58
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 6. quarterly report with merged year headers over quarter columns (Norfolk) ----------------------


def build_qpr_merged_years() -> Case:
    case = Case(
        "qpr_norfolk_merged_years",
        "xlsx",
        Shape.QUARTERLY,
        "Norfolk: merged '2023/24' header over Q1-Q4, a '2023/24 outturn' column (real DfE annual figures; "
        "for the CP count it repeats Q4), merged '2024/25' over Q1-Q2; 'KPI nn' codes in the label; section "
        "rows; 'Good performance is' column; ICPC timeliness Q2 24/25 is 'TBC'. Quarter splits are made up "
        "but add up to DfE 2023/24 (referrals 6,260, s47 2,840; CP 484 at 31 March 2024). "
        "Targets 24/25: re-referrals 18%, ICPC in 15 days 90%.",
    )
    wb, sheet = new_workbook("KPIs")
    sheet.title(1, "Norfolk County Council", 14)
    sheet.title(2, "Children's Services - Performance Report, Quarter 2 2024/25")
    sheet.put(3, 1, "Prepared by Performance & Planning. RAG against 2024/25 targets.")
    for col, text in ((1, "Ref"), (2, "Indicator"), (3, "Good performance is")):
        sheet.merge(5, col, 1, text, height=2)
    sheet.merge(5, 4, 4, "2023/24")
    sheet.merge(5, 8, 1, "2023/24 outturn", height=2)
    sheet.merge(5, 9, 2, "2024/25")
    for col, text in ((11, "Target 2024/25"), (12, "RAG"), (13, "Comment")):
        sheet.merge(5, col, 1, text, height=2)
    sheet.line(6, ["Q1", "Q2", "Q3", "Q4"], col=4, bold=True)
    sheet.line(6, ["Q1", "Q2"], col=9, bold=True)

    referrals = split_total(6260, QUARTER_WEIGHTS) + split_total(3051, (51, 49))
    s47 = split_total(2840, (24, 26, 26, 24)) + split_total(1418, (50, 50))
    rereferral = [
        Decimal("20.4"),
        Decimal("18.1"),
        Decimal("19.6"),
        Decimal("17.9"),
        Decimal("18.8"),
        Decimal("17.2"),
    ]
    icpc_15 = [Decimal("93.4"), Decimal("91.8"), Decimal("94.0"), Decimal("92.3"), Decimal("95.1"), None]
    cpp = [652, 601, 540, 484, 471, 466]
    cpp_rate = [rate_per_10k(n, 168794) for n in cpp[:4]] + [rate_per_10k(n, 170640) for n in cpp[4:]]
    cla = [1188, 1176, 1169, 1152, 1133, 1118]
    periods = [(2023, 1), (2023, 2), (2023, 3), (2023, 4), (2024, 1), (2024, 2)]
    outturn: dict[str, object] = {
        "referrals": 6260,
        "rereferrals_12m_pct": Decimal("19.0"),
        "s47_enquiries": 2840,
        "icpc_15wd_pct": Decimal("92.9"),
        "cpp_count": 484,
        "cpp_rate": rate_per_10k(484, 168794),
        "cla_count": 1152,
    }
    lines: list[tuple[str | None, str, str, list, bool, bool, str, object]] = [
        (None, "Front door", "", [], False, False, "", ""),
        ("KPI 07", "Referrals received in the quarter", "referrals", referrals, False, False, "N/A", ""),
        (
            "KPI 08",
            "Re-referrals within 12 months of a previous referral (%)",
            "rereferrals_12m_pct",
            rereferral,
            True,
            False,
            "Low",
            0.18,
        ),
        ("KPI 12", "Section 47 enquiries started", "s47_enquiries", s47, False, False, "N/A", ""),
        (None, "Child protection", "", [], False, False, "", ""),
        (
            "KPI 14",
            "ICPCs held within 15 working days of the strategy discussion",
            "icpc_15wd_pct",
            icpc_15,
            True,
            False,
            "High",
            0.9,
        ),
        (
            "KPI 20",
            "Children subject to a CP plan (end of quarter)",
            "cpp_count",
            cpp,
            False,
            True,
            "N/A",
            "",
        ),
        ("KPI 21", "CP plans per 10,000 children aged 0-17", "cpp_rate", cpp_rate, False, True, "N/A", ""),
        (None, "Children in care", "", [], False, False, "", ""),
        ("KPI 30", "LAC numbers (end of quarter)", "cla_count", cla, False, True, "N/A", ""),
    ]
    row = 7
    for ref, label, indicator, series, percent, snapshot, good, target in lines:
        if ref is None:
            sheet.put(row, 1, label, bold=True)
            row += 1
            continue
        sheet.line(row, [ref, label, good])
        columns = [4, 5, 6, 7, 9, 10]
        for col, value, (fy, q) in zip(columns, series, periods, strict=True):
            if value is None:
                sheet.put(row, col, "TBC")
                continue
            if percent:
                sheet.percent(row, col, value)
            else:
                sheet.put(row, col, value)
            case.expect(NORFOLK, indicator, quarter_end(fy, q) if snapshot else quarter(fy, q), value)
        annual = outturn[indicator]
        if percent:
            sheet.percent(row, 8, annual)
        else:
            sheet.put(row, 8, annual)
        case.expect(NORFOLK, indicator, march_31(2024) if snapshot else financial_year(2023), annual)
        if target != "":
            sheet.put(row, 11, target, "0%")
        sheet.put(row, 12, {"KPI 08": "G", "KPI 14": "G"}.get(ref, ""))
        if ref == "KPI 14":
            sheet.put(row, 13, "Q2 figure awaiting validation of conference dates")
        row += 1
    sheet.widths(8, 10, 13)
    sheet.ws.column_dimensions["B"].width = 55
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 7. old National Indicator codes, quarters down and indicators across (Oxfordshire 2013/14) -----


def build_qpr_ni_transposed() -> Case:
    case = Case(
        "qpr_ni_codes_transposed",
        "xlsx",
        Shape.QUARTERLY,
        "Oxfordshire 2013/14 with old National Indicator codes as column headings, quarters down the rows "
        "('Apr-Jun 2013' ...) and a '2013/14' year row; a '%' unit row under the headings. NI 67 (CP reviews "
        "in timescale) is not a cpdesk indicator: no rows. Year row: NI 65 21.6% is DfE's; NI 64 "
        "9.7% is from "
        "the Sep 2014 scrutiny report; the rest is made up.",
    )
    wb, sheet = new_workbook("NI safeguarding")
    sheet.title(1, "Oxfordshire County Council - Children, Education & Families", 13)
    sheet.put(2, 1, "National Indicator set: safeguarding - quarterly monitoring 2013/14")
    headers = [
        "Quarter",
        "NI 65 Percentage of children becoming the subject of a Child Protection Plan for a second or "
        "subsequent time",
        "NI 64 Child Protection Plans lasting 2 years or more",
        "NI 67 Percentage of child protection cases which were reviewed within required timescales",
        "NI 60 Percentage of core assessments for children's social care that were carried out within 35 "
        "working days of their commencement",
        "NI 62 Stability of placements of looked after children: number of placements (3 or more in "
        "the year)",
    ]
    sheet.line(4, headers, bold=True)
    for col in range(1, 7):
        sheet.ws.cell(row=4, column=col).alignment = WRAP
    sheet.line(5, ["", "%", "%", "%", "%", "%"])
    indicators = [
        "cpp_repeat_pct",
        "cpp_ended_2y_pct",
        None,
        "core_assessments_timely_pct",
        "cla_3plus_moves_pct",
    ]
    data = [
        ("Apr-Jun 2013", quarter(2013, 1), ("19.8", "8.1", "100.0", "74.2", "2.9")),
        ("Jul-Sep 2013", quarter(2013, 2), ("23.5", "11.4", "98.6", "77.9", "5.1")),
        ("Oct-Dec 2013", quarter(2013, 3), ("20.4", "9.0", "100.0", "81.3", "7.4")),
        ("Jan-Mar 2014", quarter(2013, 4), ("22.7", "10.2", "97.9", "79.6", "9.8")),
        ("2013/14", financial_year(2013), ("21.6", "9.7", "99.1", "78.4", "9.8")),
    ]
    row = 6
    for label, period, values in data:
        sheet.put(row, 1, label)
        for offset, (indicator, value) in enumerate(zip(indicators, values, strict=True)):
            sheet.put(row, 2 + offset, float(value), "0.0")
            if indicator:
                case.expect(OXFORDSHIRE, indicator, period, value)
        row += 1
    sheet.put(row + 1, 1, "NI 62 counts moves in the year to date; the 2013/14 row is the full-year figure.")
    sheet.put(row + 2, 1, "Jan-Mar 2014 figures are provisional until the CIN census return is signed off.")
    sheet.widths(16, 26, 6)
    sheet.ws.row_dimensions[4].height = 90
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 8. district sheet: Warwickshire CP rate by district (seed Table 7) -------------------------------


WARWICKSHIRE_DISTRICTS = (
    ("N. Warwickshire", "E07000218", (51, 35, 39, 47, 22, 17, 22)),
    ("Nuneaton & Bedworth", "E07000219", (77, 60, 54, 67, 36, 36, 32)),
    ("Rugby", "E07000220", (42, 39, 37, 36, 23, 24, 33)),
    ("Stratford", "E07000221", (22, 23, 24, 43, 26, 19, 24)),
    ("Warwick", "E07000222", (45, 45, 39, 51, 23, 20, 16)),
)
WARWICKSHIRE_TOTAL = ("47.7", "42", "38.8", "49", "29.8", "25.1", "28")


def build_district_cp_rate() -> Case:
    case = Case(
        "district_cp_rate_warwickshire",
        "xlsx",
        Shape.DISTRICT,
        "Seed 003 Table 7: council and department subtitle lines, then the title; snapshot date cells "
        "31 March 2015..2020 and 31 July 2020 across; 'N. Warwickshire', 'Nuneaton & Bedworth', 'Stratford' "
        "spellings; a 'Warwickshire total' row; an 'Out of county / not known' row with '-' (no rows).",
    )
    wb, sheet = new_workbook("CP by district")
    sheet.title(1, "Warwickshire County Council", 14)
    sheet.put(2, 1, "Children and Families - Performance")
    sheet.title(4, "Children subject to a child protection plan per 10,000 children aged 0-17, by district")
    dates = [dt.datetime(year, 3, 31) for year in range(2015, 2021)] + [dt.datetime(2020, 7, 31)]
    sheet.put(6, 1, "District", bold=True)
    for offset, date in enumerate(dates):
        sheet.put(6, 2 + offset, date, "d mmmm yyyy", bold=True)
    row = 7
    for name, code, values in WARWICKSHIRE_DISTRICTS:
        sheet.put(row, 1, name)
        for offset, (date, value) in enumerate(zip(dates, values, strict=True)):
            sheet.put(row, 2 + offset, value)
            case.expect(code, "cpp_rate", on(date.year, date.month, date.day), value)
        row += 1
    sheet.put(row, 1, "Warwickshire total", bold=True)
    for offset, (date, value) in enumerate(zip(dates, WARWICKSHIRE_TOTAL, strict=True)):
        sheet.put(row, 2 + offset, float(value), "0.0", bold=True)
        case.expect(WARWICKSHIRE, "cpp_rate", on(date.year, date.month, date.day), value)
    row += 1
    sheet.put(row, 1, "Out of county / not known")
    for offset in range(len(dates)):
        sheet.put(row, 2 + offset, "-")
    sheet.put(row + 2, 1, "Source: district level data is taken from historical performance reporting.")
    sheet.put(row + 3, 1, "Rates use ONS mid-year estimates of children aged 0-17 for each district.")
    sheet.widths(28, 15, 9)
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 9. district sheet: Hampshire CP counts and rates by district, two stacked tables -----------------


HAMPSHIRE_DISTRICTS = (
    ("Basingstoke and Deane", "E07000084", 40100, (125, 131, 122)),
    ("East Hampshire", "E07000085", 25300, (58, 55, 61)),
    ("Eastleigh", "E07000086", 28400, (86, 90, 83)),
    ("Fareham", "E07000087", 22300, (54, 50, 57)),
    ("Gosport", "E07000088", 16900, (88, 84, 93)),
    ("Hart", "E07000089", 21100, (29, 32, 27)),
    ("Havant", "E07000090", 24500, (137, 141, 146)),
    ("New Forest", "E07000091", 30100, (118, 122, 115)),
    ("Rushmoor", "E07000092", 23000, (96, 93, 101)),
    ("Test Valley", "E07000093", 27200, (80, 77, 84)),
    ("Winchester", "E07000094", 23100, (59, 62, 56)),
)
HAMPSHIRE_CP_TOTALS = (1000, 1024, 1046)
HAMPSHIRE_POPULATION = (279476, 280929, 283750)
HAMPSHIRE_POPULATION_FACTOR = (Decimal("0.991"), Decimal("0.996"), Decimal("1.006"))


def build_district_cp_counts() -> Case:
    case = Case(
        "district_cpp_hampshire",
        "xlsx",
        Shape.DISTRICT,
        "Hampshire: two stacked district tables (number on a CP plan, then rate per 10,000) under council "
        "and department subtitles; 'Mar-21' date cells; a '% change' column; 'Out of county / not known' "
        "row holds counts but is not an area (no rows), its rate is 'n/a'. County totals are DfE's "
        "(1,000 / 1,024 / 1,046; rates 35.8 / 36.5 / 36.9); the district split is made up.",
    )
    wb, sheet = new_workbook("CP by district")
    sheet.title(1, "Hampshire County Council", 14)
    sheet.put(2, 1, "Children's Services Department - Performance and Business Intelligence")
    dates = [dt.datetime(year, 3, 31) for year in (2021, 2022, 2023)]
    district_counts = [[values[i] for _, _, _, values in HAMPSHIRE_DISTRICTS] for i in range(3)]
    out_of_county = [
        total - sum(counts) for total, counts in zip(HAMPSHIRE_CP_TOTALS, district_counts, strict=True)
    ]

    def header(row: int, last: str) -> None:
        sheet.put(row, 1, "District", bold=True)
        for offset, date in enumerate(dates):
            sheet.put(row, 2 + offset, date, "mmm-yy", bold=True)
        sheet.put(row, 5, last, bold=True)

    sheet.title(4, "Number of children subject to a child protection plan, by district of residence")
    header(5, "% change 2021-2023")
    row = 6
    for name, code, _, values in HAMPSHIRE_DISTRICTS:
        sheet.line(row, [name, *values])
        sheet.percent(row, 5, half_up((values[2] - values[0]) * 100 / values[0]))
        for date, value in zip(dates, values, strict=True):
            case.expect(code, "cpp_count", on(date.year, 3, 31), value)
        row += 1
    sheet.line(row, ["Out of county / not known", *out_of_county])
    row += 1
    sheet.line(row, ["Hampshire total", *HAMPSHIRE_CP_TOTALS], bold=True)
    sheet.percent(row, 5, half_up((1046 - 1000) * 100 / 1000))
    for date, value in zip(dates, HAMPSHIRE_CP_TOTALS, strict=True):
        case.expect(HAMPSHIRE, "cpp_count", on(date.year, 3, 31), value)

    row += 3
    sheet.title(row, "Rate of children subject to a child protection plan per 10,000 children aged 0-17")
    header(row + 1, "Change 2021-2023")
    row += 2
    for name, code, population, values in HAMPSHIRE_DISTRICTS:
        rates = [
            rate_per_10k(v, int(population * f))
            for v, f in zip(values, HAMPSHIRE_POPULATION_FACTOR, strict=True)
        ]
        sheet.put(row, 1, name)
        for offset, (date, value) in enumerate(zip(dates, rates, strict=True)):
            sheet.put(row, 2 + offset, float(value), "0.0")
            case.expect(code, "cpp_rate", on(date.year, 3, 31), value)
        sheet.put(row, 5, float(rates[2] - rates[0]), "+0.0;-0.0;0.0")
        row += 1
    sheet.line(row, ["Out of county / not known", "n/a", "n/a", "n/a", "n/a"])
    row += 1
    totals = [rate_per_10k(n, p) for n, p in zip(HAMPSHIRE_CP_TOTALS, HAMPSHIRE_POPULATION, strict=True)]
    sheet.put(row, 1, "Hampshire total", bold=True)
    for offset, (date, value) in enumerate(zip(dates, totals, strict=True)):
        sheet.put(row, 2 + offset, float(value), "0.0", bold=True)
        case.expect(HAMPSHIRE, "cpp_rate", on(date.year, 3, 31), value)
    sheet.put(row, 5, float(totals[2] - totals[0]), "+0.0;-0.0;0.0")
    sheet.put(
        row + 2,
        1,
        "District rates use ONS mid-year estimates for the district's children aged 0-17; "
        "children living out of county are in the county count only.",
    )
    sheet.widths(30, 12, 5)
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 10. district sheet: Lancashire CLA number and rate, merged date headers -------------------------


LANCASHIRE_DISTRICTS = (
    ("Burnley", "E07000117", 21300, 12, 12),
    ("Chorley", "E07000118", 23400, 7, 7),
    ("Fylde", "E07000119", 14600, 5, 5),
    ("Hyndburn", "E07000120", 18900, 10, 10),
    ("Lancaster", "E07000121", 25800, 9, 10),
    ("Pendle", "E07000122", 21200, 9, 8),
    ("Preston", "E07000123", 31700, 14, 14),
    ("Ribble Valley", "E07000124", 11800, 2, 2),
    ("Rossendale", "E07000125", 15200, 7, 7),
    ("South Ribble", "E07000126", 21900, 6, 6),
    ("West Lancs", "E07000127", 21100, 7, 7),
    ("Wyre", "E07000128", 19700, 8, 8),
)


def build_district_cla() -> Case:
    case = Case(
        "district_cla_lancashire",
        "xlsx",
        Shape.DISTRICT,
        "Lancashire children looked after by district: merged '31 March 2024' / '31 March 2025' headers over "
        "'Number' and 'Rate per 10,000' sub-headers; 'West Lancs' spelling; 'Lancashire total' row "
        "holds DfE's "
        "1,750 / 1,699 and published whole-number rates 68 / 65; 'Out of county / not known' is not an area "
        "(no rows). District split and district populations are made up.",
    )
    wb, sheet = new_workbook("CLA by district")
    sheet.title(1, "Lancashire County Council", 14)
    sheet.put(2, 1, "Education and Children's Services - Performance")
    sheet.title(4, "Children looked after by district of the child's home address")
    sheet.merge(6, 1, 1, "District", height=2)
    sheet.merge(6, 2, 2, "31 March 2024")
    sheet.merge(6, 4, 2, "31 March 2025")
    sheet.merge(6, 6, 1, "Change in number", height=2)
    sheet.line(7, ["Number", "Rate per 10,000", "Number", "Rate per 10,000"], col=2, bold=True)
    totals = (1750, 1699)
    out_of_county = (41, 38)
    counts = [
        split_total(total - away, [d[3] for d in LANCASHIRE_DISTRICTS])
        for total, away in zip(totals, out_of_county, strict=True)
    ]
    factors = (Decimal("1.035"), Decimal("1.05"))
    row = 8
    for index, (name, code, population, _, _) in enumerate(LANCASHIRE_DISTRICTS):
        sheet.put(row, 1, name)
        for year_index, year in enumerate((2024, 2025)):
            count = counts[year_index][index]
            rate = rate_per_10k(count, int(population * factors[year_index]))
            sheet.put(row, 2 + 2 * year_index, count)
            sheet.put(row, 3 + 2 * year_index, float(rate), "0.0")
            case.expect(code, "cla_count", march_31(year), count)
            case.expect(code, "cla_rate", march_31(year), rate)
        sheet.put(row, 6, counts[1][index] - counts[0][index], "+0;-0;0")
        row += 1
    sheet.line(
        row,
        [
            "Out of county / not known",
            out_of_county[0],
            "-",
            out_of_county[1],
            "-",
            out_of_county[1] - out_of_county[0],
        ],
    )
    row += 1
    sheet.line(row, ["Lancashire total", totals[0], 68, totals[1], 65, totals[1] - totals[0]], bold=True)
    for year, count, rate in ((2024, totals[0], 68), (2025, totals[1], 65)):
        case.expect(LANCASHIRE, "cla_count", march_31(year), count)
        case.expect(LANCASHIRE, "cla_rate", march_31(year), rate)
    sheet.put(
        row + 2,
        1,
        "Rates per 10,000 children aged 0-17 (ONS mid-year estimates). The Lancashire "
        "rate is the DfE published figure.",
    )
    sheet.widths(28, 13, 6)
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 11. monthly scorecard: date cells 'mmm-yy' across, YTD column, one cumulative row (Leeds) -------


def build_scorecard_dates() -> Case:
    case = Case(
        "scorecard_leeds_months",
        "xlsx",
        Shape.SCORECARD,
        "Leeds April-December 2024: month date cells shown 'mmm-yy' across; YTD column (Apr-Dec, not a "
        "period cpdesk stores: no rows); 'Referrals - cumulative year to date (note 1)' row is cumulative "
        "(no rows); snapshots at month end; percentages fractions shown '0.0%'; a Polarity column. "
        "Targets: re-referrals 22%, ICPC in 15 days 80%, caseload 15.",
    )
    wb, sheet = new_workbook("Scorecard")
    sheet.title(1, "Leeds City Council - Children and Families", 14)
    sheet.title(2, "Monthly performance scorecard 2024/25 (April to December)")
    months = [fy_month(2024, i) for i in range(9)]
    sheet.line(4, ["Measure", "Polarity"], bold=True)
    for offset, (year, number) in enumerate(months):
        sheet.put(4, 3 + offset, month_start_date(year, number), "mmm-yy", bold=True)
    sheet.line(4, ["YTD", "Target", "RAG"], col=12, bold=True)

    referrals = split_total(10304, MONTH_WEIGHTS)[:9]
    cpp = [668, 661, 659, 650, 655, 648, 641, 644, 637]
    cla = [1541, 1537, 1530, 1528, 1519, 1516, 1512, 1507, 1503]
    rows: list[tuple[str, str, str | None, list, str, bool, object]] = [
        ("Contacts received", "Neither", "contacts", split_total(22614, MONTH_WEIGHTS[:9]), "n", False, ""),
        ("Referrals to children's social care", "Neither", "referrals", referrals, "n", False, ""),
        (
            "Referrals - cumulative year to date (note 1)",
            "Neither",
            None,
            [sum(referrals[: i + 1]) for i in range(9)],
            "n",
            False,
            "",
        ),
        (
            "Re-referrals within 12 months (%)",
            "Low",
            "rereferrals_12m_pct",
            around(24.2, 9, shift=2),
            "pct",
            False,
            0.22,
        ),
        (
            "Section 47 enquiries started",
            "Neither",
            "s47_enquiries",
            split_total(3097, MONTH_WEIGHTS)[:9],
            "n",
            False,
            "",
        ),
        (
            "Initial child protection conferences",
            "Neither",
            "icpc_count",
            split_total(1000, MONTH_WEIGHTS[4:] + MONTH_WEIGHTS[:4])[:9],
            "n",
            False,
            "",
        ),
        (
            "ICPCs within 15 working days (%)",
            "High",
            "icpc_15wd_pct",
            around(75.8, 9, shift=5),
            "pct",
            False,
            0.8,
        ),
        ("Children subject to a CP plan", "Neither", "cpp_count", cpp, "n", True, ""),
        (
            "CP plans per 10,000 children",
            "Neither",
            "cpp_rate",
            [rate_per_10k(n, 176239) for n in cpp],
            "r",
            True,
            "",
        ),
        ("Children looked after", "Neither", "cla_count", cla, "n", True, ""),
        (
            "Looked after children per 10,000",
            "Neither",
            "cla_rate",
            [rate_per_10k(n, 176239) for n in cla],
            "r",
            True,
            "",
        ),
        ("Unallocated cases", "Low", "unallocated_cases", [14, 11, 9, 17, 22, 13, 10, 8, 12], "n", True, ""),
        (
            "Average caseload per social worker (FTE)",
            "Low",
            "caseload_avg",
            around(14.8, 9, shift=8),
            "r",
            True,
            15,
        ),
    ]
    row = 5
    for label, polarity, indicator, series, kind, snapshot, target in rows:
        sheet.line(row, [label, polarity])
        for offset, ((year, number), value) in enumerate(zip(months, series, strict=True)):
            if kind == "pct":
                sheet.percent(row, 3 + offset, value)
            elif kind == "r":
                sheet.put(row, 3 + offset, float(value), "0.0")
            else:
                sheet.put(row, 3 + offset, value, "#,##0")
            if indicator:
                case.expect(
                    LEEDS, indicator, month_end(year, number) if snapshot else month(year, number), value
                )
        if kind == "n" and not snapshot:
            sheet.put(row, 12, series[-1] if indicator is None else sum(series), "#,##0")
        elif kind == "pct":
            sheet.percent(row, 12, half_up(sum(series) / len(series)))
        else:
            sheet.put(row, 12, "-")
        if target != "":
            sheet.put(row, 13, target, "0%" if kind == "pct" else "0")
            sheet.put(row, 14, "A")
        row += 1
    sheet.put(row + 1, 1, "Note 1: cumulative from 1 April 2024; each month includes all earlier months.")
    sheet.put(row + 2, 1, "Snapshot measures are as at the last day of the month.")
    sheet.widths(44, 9, 14)
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 12. monthly scorecard: text month headers 'April 2023', outturn column (Devon, council unnamed) --


def build_scorecard_text_months() -> Case:
    case = Case(
        "scorecard_text_months",
        "xlsx",
        Shape.SCORECARD,
        "Devon 2023/24, council not named (pass --council): text month headings 'April 2023'..'March 2024'; "
        "'2023/24 outturn' column with DfE annual figures (referrals 5,830, re-referrals 21.9%, s47 2,549; "
        "CP 468 and CLA 873 at 31 March repeat March); CSC4 assessments in 45 days is year-to-date each "
        "month (no monthly rows, the outturn 85.2% is the year); 'TBC' cells are not rows. "
        "Targets: re-referrals 20%, assessments 85%.",
        council=DEVON,
    )
    wb, sheet = new_workbook("Monthly")
    sheet.title(1, "Children's Social Care - monthly performance 2023/24", 13)
    sheet.put(2, 1, "Social care performance and improvement board")
    months = [fy_month(2023, i) for i in range(12)]
    header = ["KPI", "Description"] + [f"{calendar.month_name[m]} {y}" for y, m in months]
    header += ["2023/24 outturn", "Target", "RAG", "Comment"]
    sheet.line(4, header, bold=True)
    contacts = split_total(26870, MONTH_WEIGHTS)
    referrals = split_total(5830, MONTH_WEIGHTS[2:] + MONTH_WEIGHTS[:2])
    s47 = split_total(2549, MONTH_WEIGHTS[7:] + MONTH_WEIGHTS[:7])
    cpp = drift(610, 468, 12)
    cla = drift(894, 873, 12)
    unallocated = [41, 38, 35, 44, 52, 47, 39, 33, 36, 29, 31, 27]
    assessments_ytd = [
        "88.1",
        "86.4",
        "85.9",
        "84.7",
        "84.2",
        "84.9",
        "85.3",
        "85.0",
        "84.6",
        "84.8",
        "85.1",
        "85.2",
    ]
    lines: list[tuple[str, str, str, list, object, bool, object, str]] = [
        ("CSC1", "Contacts", "contacts", contacts, sum(contacts), False, "", ""),
        ("CSC2", "Referrals", "referrals", referrals, 5830, False, "", ""),
        (
            "CSC3",
            "Re-referrals (12 months) %",
            "rereferrals_12m_pct",
            around(21.9, 12, shift=1),
            Decimal("21.9"),
            False,
            20,
            "",
        ),
        (
            "CSC4",
            "Assessments completed in 45 working days (YTD) *",
            "assessments_45wd_pct",
            [Decimal(v) for v in assessments_ytd],
            Decimal("85.2"),
            False,
            85,
            "ytd",
        ),
        ("CSC6", "S47 enquiries", "s47_enquiries", s47, 2549, False, "", ""),
        ("CSC7", "Children subject to CP plan", "cpp_count", cpp, 468, True, "", ""),
        ("CSC8", "CLA", "cla_count", cla, 873, True, "", ""),
        ("CSC10", "Unallocated CIN cases", "unallocated_cin_cases", unallocated, None, True, "", ""),
    ]
    tbc = {("CSC2", (2024, 3)), ("CSC10", (2023, 12))}
    row = 5
    for code, description, indicator, series, annual, snapshot, target, kind in lines:
        sheet.line(row, [code, description])
        for offset, ((year, number), value) in enumerate(zip(months, series, strict=True)):
            if (code, (year, number)) in tbc:
                sheet.put(row, 3 + offset, "TBC")
                continue
            sheet.put(row, 3 + offset, float(value) if isinstance(value, Decimal) else value)
            if kind != "ytd":
                period = month_end(year, number) if snapshot else month(year, number)
                case.expect(DEVON, indicator, period, value)
        if annual is not None:
            sheet.put(row, 15, float(annual) if isinstance(annual, Decimal) else annual)
            case.expect(DEVON, indicator, march_31(2024) if snapshot else financial_year(2023), annual)
        else:
            sheet.put(row, 15, "N/A")
        if target != "":
            sheet.put(row, 16, target)
            sheet.put(row, 17, "R" if code == "CSC3" else "G")
        row += 1
    sheet.put(
        row + 1,
        1,
        "* Assessment timeliness is shown year to date: each month's figure covers all "
        "assessments completed since 1 April 2023.",
    )
    sheet.put(row + 2, 1, "March referrals TBC pending the month-end data cleanse.")
    sheet.widths(8, 12, 20)
    sheet.ws.column_dimensions["B"].width = 46
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 13. monthly scorecard: 'In month' and 'Year to date' blocks side by side (Suffolk) --------------


def build_scorecard_blocks() -> Case:
    case = Case(
        "scorecard_inmonth_ytd_blocks",
        "xlsx",
        Shape.SCORECARD,
        "Suffolk April-September 2024: merged 'In month' and 'Year to date' blocks side by side, each with "
        "text months 'Apr'..'Sep' (the year is only in the title '2024/25'); only the In month "
        "block is rows; "
        "snapshot measures show '-' in the YTD block. Targets: re-referrals 20%.",
    )
    wb, sheet = new_workbook("Monthly KPIs")
    sheet.title(1, "Suffolk County Council", 14)
    sheet.title(2, "Children and Young People's Services - Monthly Performance 2024/25")
    labels = ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]
    months = [fy_month(2024, i) for i in range(6)]
    sheet.merge(4, 3, 6, "In month")
    sheet.merge(4, 9, 6, "Year to date")
    sheet.line(5, ["Ref", "Measure", *labels, *labels, "Target", "Polarity"], bold=True)
    referrals = split_total(5264, MONTH_WEIGHTS)[:6]
    s47 = split_total(1651, MONTH_WEIGHTS[3:] + MONTH_WEIGHTS[:3])[:6]
    icpc = split_total(533, MONTH_WEIGHTS[8:] + MONTH_WEIGHTS[:8])[:6]
    starts = split_total(502, MONTH_WEIGHTS[1:] + MONTH_WEIGHTS[:1])[:6]
    ended = [39, 44, 35, 48, 31, 42]
    rereferral = around(20.1, 6, shift=10)
    rereferral_ytd = [half_up(sum(rereferral[: i + 1]) / (i + 1)) for i in range(6)]
    cpp = [380, 385, 394, 391, 402, 409]
    cla = [921, 917, 924, 926, 919, 915]
    lines = [
        ("R1", "Referrals", "referrals", referrals, "sum", ""),
        ("R2", "Re-referrals within 12 months %", "rereferrals_12m_pct", rereferral, rereferral_ytd, 20),
        ("S1", "Section 47 enquiries", "s47_enquiries", s47, "sum", ""),
        ("S2", "ICPCs", "icpc_count", icpc, "sum", ""),
        ("P1", "CP plans started", "cpp_starts", starts, "sum", ""),
        ("P2", "CP plans ended", "cpp_ended", ended, "sum", ""),
        ("P3", "Children on CP plans at month end", "cpp_count", cpp, None, ""),
        ("L1", "Children in care at month end", "cla_count", cla, None, ""),
    ]
    row = 6
    for ref, label, indicator, series, ytd, target in lines:
        snapshot = ytd is None
        if ytd == "sum":
            ytd = [sum(series[: i + 1]) for i in range(6)]
        sheet.line(row, [ref, label])
        for offset, ((year, number), value) in enumerate(zip(months, series, strict=True)):
            sheet.put(row, 3 + offset, float(value) if isinstance(value, Decimal) else value)
            case.expect(
                SUFFOLK, indicator, month_end(year, number) if snapshot else month(year, number), value
            )
            cumulative = "-" if ytd is None else ytd[offset]
            sheet.put(row, 9 + offset, float(cumulative) if isinstance(cumulative, Decimal) else cumulative)
        sheet.line(row, [target, "Lower" if ref == "R2" else "-"], col=15)
        row += 1
    sheet.widths(6, 8, 16)
    sheet.ws.column_dimensions["B"].width = 36
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 14. report card: Warwickshire update on child protection (seed 003 Tables 1-4 and 6) ------------


WARWICKSHIRE_COMPARATORS = {
    "cpp_rate": (
        "Table 1 shows the rate of children who are subject to a Child Protection Plan at 31 March "
        "per 10,000 "
        "of the 0-17 child population.",
        {
            WARWICKSHIRE: ("42.0", "38.8", "49.0", "29.8", "25.1"),
            f"SN-{WARWICKSHIRE}": ("39.4", "35.7", "34.4", "34.7", "TBC"),
            ENGLAND: ("43.1", "43.3", "45.3", "43.7", "TBC"),
        },
    ),
    "cpp_ended_2y_pct": (
        "Table 2 shows Long Plans: The percentage of children who ceased to be the subject of a child "
        "protection plan during the year ending 31 March, who had been the subject of a child protection "
        "plan, continuously for two years or more.",
        {
            WARWICKSHIRE: ("4.9", "4.9", "5.9", "3.0", "2.3"),
            f"SN-{WARWICKSHIRE}": ("2.6", "3.3", "3.8", "3.7", "TBC"),
            ENGLAND: ("3.8", "3.4", "3.4", "3.3", "TBC"),
        },
    ),
    "icpc_15wd_pct": (
        "Table 3 - The % of children whose initial child protection conferences were held within 15 working "
        "days of the initiation of the s.47 enquiries which led to the conference.",
        {
            WARWICKSHIRE: ("100.0", "76.8", "72.6", "83.1", "67.8"),
            f"SN-{WARWICKSHIRE}": ("79.1", "80.4", "84.9", "84.7", "TBC"),
            ENGLAND: ("76.7", "77.2", "76.9", "78.7", "TBC"),
        },
    ),
    "cpp_repeat_pct": (
        "Table 4 - Of all children who had a child protection plan initiated during the year, the proportion "
        "who became the subject of a child protection plan for a second or subsequent time.",
        {
            WARWICKSHIRE: ("18.1", "20.8", "18.7", "18.6", "23.8"),
            f"SN-{WARWICKSHIRE}": ("19.0", "18.9", "21.6", "22.0", "TBC"),
            ENGLAND: ("17.9", "18.7", "20.2", "20.8", "TBC"),
        },
    ),
}
AREA_LABELS = {
    WARWICKSHIRE: "Warwickshire",
    f"SN-{WARWICKSHIRE}": "Statistical Neighbours",
    ENGLAND: "England",
}
WARWICKSHIRE_ACTIVITY = (
    (
        "Number of S47 Child Protection Investigations initiated",
        "s47_enquiries",
        (1084, 1290, 1426, 1205, 1306),
    ),
    (
        "Number of Children subject to an Initial Child Protection Conferences during the year",
        "icpc_count",
        (618, 544, 727, 623, 482),
    ),
    ("Number of Child Protection Plans initiated during the year", "cpp_starts", (579, 496, 674, 516, 425)),
    ("Number of Child Protection Plans closed during the year", "cpp_ended", (639, 532, 544, 734, 473)),
    ("Number of Children subject to Plans at 31 March", "cpp_count", (473, 439, 563, 345, 295)),
)


def build_report_card_warwickshire() -> Case:
    case = Case(
        "reportcard_warwickshire",
        "xlsx",
        Shape.REPORT_CARD,
        "Seed 003 Tables 1-4 and 6 on one sheet, each under its own title line; areas as rows (Warwickshire, "
        "Statistical Neighbours, England); 'TBC' for 2019/20 comparators (no rows); Table 1 numbers, Table 2 "
        "fractions '0.0%', Table 3 text '76.8%', Table 4 fractions; Table 6 activity rows for Warwickshire "
        "(its 563 CP plans at 31 March 2018 is the report's figure; DfE says 561).",
    )
    wb, sheet = new_workbook("CP update")
    sheet.title(1, "Warwickshire County Council", 14)
    sheet.put(2, 1, "Children & Young People Overview & Scrutiny Committee - 29 September 2020")
    sheet.title(3, "Update on Child Protection")
    years = list(range(2015, 2020))
    row = 5
    for table, (indicator, (title, areas)) in enumerate(WARWICKSHIRE_COMPARATORS.items(), start=1):
        sheet.put(row, 1, title).alignment = WRAP
        sheet.line(row + 1, [""] + [f"{y}/{(y + 1) % 100:02d}" for y in years], bold=True)
        row += 2
        for area, values in areas.items():
            sheet.put(row, 1, AREA_LABELS[area])
            for offset, (fy, value) in enumerate(zip(years, values, strict=True)):
                write_report_card_value(sheet, row, 2 + offset, value, table)
                if value != "TBC":
                    period = march_31(fy + 1) if indicator == "cpp_rate" else financial_year(fy)
                    case.expect(area, indicator, period, value)
            row += 1
        row += 1
    sheet.put(row, 1, "Table 6 - Child Protection Activity between 2015-2020.")
    sheet.line(row + 1, [""] + [f"{y}/{(y + 1) % 100:02d}" for y in years], bold=True)
    row += 2
    for label, indicator, values in WARWICKSHIRE_ACTIVITY:
        sheet.put(row, 1, label).alignment = WRAP
        for offset, (fy, value) in enumerate(zip(years, values, strict=True)):
            sheet.put(row, 2 + offset, value)
            period = march_31(fy + 1) if indicator == "cpp_count" else financial_year(fy)
            case.expect(WARWICKSHIRE, indicator, period, value)
        row += 1
    sheet.widths(60, 11, 7)
    save_workbook(wb, HERE / case.file_name)
    return case


def write_report_card_value(sheet: Sheet, row: int, col: int, value: str, table: int) -> None:
    if value == "TBC":
        sheet.put(row, col, "TBC")
    elif table == 1:
        sheet.put(row, col, float(value), "0.0")
    elif table == 3:
        sheet.put(row, col, f"{value}%")
    else:
        sheet.percent(row, col, value)


# --- 15. report card: Hampshire safeguarding update (seed 004 tables 3.2, 3.4, 3.8, 3.10) -----------


REFERRAL_SOURCES = (
    ("Referral Source : Individual", "individual", "11.2", "11.1"),
    ("Education", "education", "18.7", "21.9"),
    ("Health Services", "health", "13.7", "14.2"),
    ("Housing", "housing", "0.0", "1.7"),
    ("Local Authority Services", "la_services", "11.2", "8.4"),
    ("Police", "police", "29.1", "28.2"),
    ("Other legal agency", "other_legal_agency", "3.3", "3.0"),
    ("Other", "other", "7.4", "7.9"),
    ("Anonymous", "anonymous", "2.2", "2.6"),
    ("Unknown", "unknown", "1.8", "1.1"),
    ("Not Recorded", "not_recorded", "1.4", "0.0"),
)
HAMPSHIRE_COLUMNS = ("2012-13", "2013-14", "Feb 2015")


def build_report_card_hampshire() -> Case:
    case = Case(
        "reportcard_hampshire",
        "xlsx",
        Shape.REPORT_CARD,
        "Seed 004 tables 3.2, 3.4, 3.8, 3.10 on one sheet with columns '2012-13', '2013-14', 'Feb 2015'. "
        "'Feb 2015' is a snapshot date (28 Feb 2015) for open cases, CP plans, current plans over 2 "
        "years and "
        "CLA; for flow measures it is a part year (no rows); the S47 row's latest column is Jan-Dec 2014 (no "
        "row). 'N/A' cells are not rows. Referral sources are fractions '0.0%'; S47/assessment rows are text "
        "'53.3%'. 'CFA timeliness' is the 45-working-day assessment measure; 'Assessments Total' is all "
        "assessment types.",
    )
    wb, sheet = new_workbook("Safeguarding update")
    sheet.title(1, "HAMPSHIRE COUNTY COUNCIL", 14)
    sheet.put(2, 1, "Children and Young People Select Committee - 3 June 2015 - Safeguarding Update")
    years = {0: 2012, 1: 2013}
    snapshot_dates = {0: march_31(2013), 1: march_31(2014), 2: on(2015, 2, 28)}
    row = 4

    def header(title: str) -> None:
        nonlocal row
        sheet.line(row, [title, *HAMPSHIRE_COLUMNS], bold=True)
        row += 1

    def counts(label: str, indicator: str, values: Sequence[int], snapshot: bool) -> None:
        nonlocal row
        sheet.line(row, [label, *values])
        for index, value in enumerate(values):
            if snapshot:
                case.expect(HAMPSHIRE, indicator, snapshot_dates[index], value)
            elif index in years:
                case.expect(HAMPSHIRE, indicator, financial_year(years[index]), value)
        row += 1

    def percents(
        label: str,
        indicator: str,
        values: Sequence[str],
        style: str,
        snapshot: bool = False,
        breakdown: str = "",
        latest_is_year: bool = False,
    ) -> None:
        nonlocal row
        sheet.put(row, 1, label).alignment = WRAP
        for index, value in enumerate(values):
            col = 2 + index
            if value == "N/A":
                sheet.put(row, col, "N/A").font = Font(italic=True)
                continue
            if style == "fraction":
                sheet.percent(row, col, value)
            elif style == "text":
                sheet.put(row, col, f"{value}%")
            else:
                sheet.put(row, col, float(value), "0.0")
            if snapshot:
                case.expect(HAMPSHIRE, indicator, snapshot_dates[index], value, breakdown)
            elif index in years:
                case.expect(HAMPSHIRE, indicator, financial_year(years[index]), value, breakdown)
        row += 1

    header("Contacts and Referrals")
    counts("No. of open social work cases", "open_cases", (6502, 8020, 8537), snapshot=True)
    counts("Number of initial contacts", "contacts", (61174, 68789, 71434), snapshot=False)
    counts("Number of referrals", "referrals", (10297, 16217, 16898), snapshot=False)
    for label, category, first, second in REFERRAL_SOURCES:
        percents(label, "referrals_by_source_pct", ("N/A", first, second), "fraction", breakdown=category)
    row += 1
    header("Section 47 and Assessments")
    percents(
        "% of S47 going to ICPC - Jan to Dec 2014 latest figures",
        "s47_to_icpc_pct",
        ("53.3", "53.5", "44.5"),
        "text",
    )
    percents(
        "Initial Assessments Timeliness", "initial_assessments_timely_pct", ("64.9", "68.1", "N/A"), "text"
    )
    percents("Core Assessments Timeliness", "core_assessments_timely_pct", ("66.8", "66.6", "N/A"), "text")
    percents("CFA Timeliness", "assessments_45wd_pct", ("N/A", "91.4", "74.6"), "text")
    percents("Assessments Total", "assessments_timely_pct", ("65.7", "74.8", "74.6"), "text")
    row += 1
    header("Child Protection Plans (CPP) and visits")
    counts("No of children on CPP", "cpp_count", (909, 1111, 1357), snapshot=True)
    categories = (
        ("New CPP in the Year %: Neglect", "neglect", ("46.6", "49.0", "58.5")),
        ("Physical", "physical", ("26.9", "21.6", "15.4")),
        ("Sexual", "sexual", ("7.6", "4.9", "5.0")),
        ("Emotions", "emotional", ("18.9", "24.6", "21.1")),
    )
    for label, category, values in categories:
        percents(label, "cpp_by_category_pct", values, "fraction", breakdown=category)
    rates = (
        ("New CPP in Year Rate Per 10,000 : Neglect", "neglect", ("19", "20.7", "37.4")),
        ("Physical", "physical", ("10.9", "8.2", "9.9")),
        ("Sexual", "sexual", ("3.1", "1.9", "3.2")),
        ("Emotions", "emotional", ("7.7", "8.7", "13.6")),
    )
    for label, category, values in rates:
        percents(label, "cpp_by_category_rate", values, "number", breakdown=category)
    percents("CPP's ending after 2 or more years", "cpp_ended_2y_pct", ("5.2", "3.2", "2.8"), "fraction")
    percents(
        "Current CPs lasting 2 or more years",
        "cpp_current_2y_pct",
        ("2.1", "1.8", "2.5"),
        "fraction",
        snapshot=True,
    )
    percents(
        "Children requiring a repeat CPP within 2 yrs",
        "cpp_repeat_2y_pct",
        ("N/A", "10.0", "8.1"),
        "fraction",
    )
    percents(
        "Visits made in accordance with CPP -\n14 day",
        "cpp_visits_timely_pct",
        ("N/A", "84.4", "72.5"),
        "fraction",
    )
    row += 1
    header("Full Time Children Looked After (CLA)")
    counts("No of full time CLA", "cla_count", (1131, 1267, 1354), snapshot=True)
    percents(
        "% of CLA with 3+ moves during the year", "cla_3plus_moves_pct", ("16.2", "13.7", "13.6"), "fraction"
    )
    sheet.widths(52, 12, 4)
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 16. report card: Oxfordshire increase in child protection cases (seed 000) ----------------------


OXFORDSHIRE_RISK_FACTORS = (
    ("Parent Domestic Violence", "parent_domestic_violence", 174, "27.6", 613, "28.4"),
    ("Child Emotional Abuse", "child_emotional_abuse", 168, "26.7", 388, "43.3"),
    ("Parent Mental Health", "parent_mental_health", 147, "23.3", 492, "29.9"),
    ("Child Neglect", "child_neglect", 142, "22.5", 389, "36.5"),
    ("Parent Alcohol Misuse", "parent_alcohol_misuse", 99, "15.7", 295, "33.6"),
    ("Child Physical Abuse", "child_physical_abuse", 91, "14.4", 309, "29.4"),
    ("Parent Drugs Misuse", "parent_drugs_misuse", 84, "13.3", 245, "34.3"),
    ("Child Domestic Violence", "child_domestic_violence", 66, "10.5", 312, "21.2"),
    ("Child Unacceptable Behaviour", "child_unacceptable_behaviour", 59, "9.4", 200, "29.5"),
    ("Child Sexual Abuse", "child_sexual_abuse", 57, "9.0", 144, "39.6"),
)
OXFORDSHIRE_LEGAL_STATUS = (
    ("Full Care Order", "full_care_order", (127, 145, 142, 170, 189), "48.8%"),
    ("Interim Care Order", "interim_care_order", (96, 103, 63, 78, 61), "-36.5%"),
    ("All Care Orders", "all_care_orders", (223, 248, 205, 248, 250), "12.1%"),
    ("Placement Order", "placement_order", (26, 48, 57, 58, 65), "150%"),
    ("Voluntary - Section 20", "section_20", (177, 154, 153, 155, 197), "11.3%"),
    ("Remand", "remand", (0, 0, 1, 1, 0), "0.0%"),
    ("Police Protection or Emergency Protection", "police_protection_epo", (1, 0, 0, 1, 2), "100%"),
)
OXFORDSHIRE_AREAS = ("South", "Central", "North")


def build_report_card_oxfordshire() -> Case:
    case = Case(
        "reportcard_oxfordshire",
        "xlsx",
        Shape.REPORT_CARD,
        "Seed 000 tables on one sheet: '% increase 2011 to 2015' by age and gender (changes, not figures: "
        "no rows); July snapshots 2013-2015 (month end) of CP, looked after and CIN plans with a '% change' "
        "column; top-10 risk factors 2014/15 under a merged two-column heading; legal status at 31 March "
        "2010/11-2014/15 with a bold Total row (= cla_count) and a 'Change' column; UASC row; family "
        "support caseloads by operational area (areas as columns) at September 2015 - only CP cases, "
        "average caseload and unallocated CP/CIN rows map to indicators.",
    )
    wb, sheet = new_workbook("Report card")
    sheet.title(1, "Oxfordshire County Council", 14)
    sheet.put(2, 1, "Health & Wellbeing Board - 5 November 2015")
    sheet.title(3, "Increase in Child Protection Cases Report card")
    row = 5
    sheet.put(row, 1, "% increase in cases 2011 to 2015", bold=True)
    sheet.line(row + 1, ["Ages", "Increase"], bold=True)
    for offset, (label, value) in enumerate(
        (("0 to 4", 64), ("5 to 10", 167), ("11 to 15", 216), ("16 to 17", 210), ("Total", 177))
    ):
        sheet.put(row + 2 + offset, 1, label)
        sheet.percent(row + 2 + offset, 2, value, "0%")
    sheet.line(row + 1, ["Gender", "Increase"], col=4, bold=True)
    for offset, (label, value) in enumerate((("Female", 85), ("Male", 66))):
        sheet.put(row + 2 + offset, 4, label)
        sheet.percent(row + 2 + offset, 5, value, "0%")

    row = 13
    sheet.put(
        row,
        1,
        "Snapshot showing the increasingly statutory nature of children's social care's interventions",
        bold=True,
    )
    sheet.line(row + 1, ["", "July 2013", "July 2014", "July 2015", "% change"], bold=True)
    snapshots = (
        ("Child Protection", "cpp_count", (422, 454, 626), "48.3"),
        ("Looked After", "cla_count", (427, 500, 555), "30"),
        ("Children in Need Plan", "cin_plans_count", (2451, 2243, 1801), "-26.5"),
    )
    for offset, (label, indicator, values, change) in enumerate(snapshots):
        sheet.line(row + 2 + offset, [label, *values])
        sheet.percent(row + 2 + offset, 5, change)
        for year, value in zip((2013, 2014, 2015), values, strict=True):
            case.expect(OXFORDSHIRE, indicator, month_end(year, 7), value)

    row = 20
    sheet.put(
        row,
        1,
        "Top 10 risk factors identified at social care assessment, 2014/15 (630 children became "
        "the subject of a plan)",
        bold=True,
    )
    sheet.merge(row + 1, 1, 1, "Risk Factor", height=2)
    sheet.merge(row + 1, 2, 2, "How often a child went on a plan where this risk factor was recorded")
    sheet.merge(row + 1, 4, 1, "Number of assessments identifying this risk", height=2)
    sheet.merge(row + 1, 5, 1, "% of times it went to a plan", height=2)
    sheet.line(row + 2, ["No", "%"], col=2, bold=True)
    year = financial_year(2014)
    for offset, (label, factor, plans, share, assessments, to_plan) in enumerate(OXFORDSHIRE_RISK_FACTORS):
        r = row + 3 + offset
        sheet.line(r, [label, plans])
        sheet.percent(r, 3, share)
        sheet.put(r, 4, assessments)
        sheet.percent(r, 5, to_plan)
        case.expect(OXFORDSHIRE, "risk_factor_cpp_count", year, plans, factor)
        case.expect(OXFORDSHIRE, "risk_factor_cpp_pct", year, share, factor)
        case.expect(OXFORDSHIRE, "risk_factor_assessments_count", year, assessments, factor)
        case.expect(OXFORDSHIRE, "risk_factor_to_plan_pct", year, to_plan, factor)

    row = 35
    years = ("2010/11", "2011/12", "2012/13", "2013/14", "2014/15")
    sheet.line(row, ["Legal Status @ 31 March 2015", *years, "Change 10/11 to 14/15"], bold=True)
    totals = [0] * 5
    for offset, (label, category, values, change) in enumerate(OXFORDSHIRE_LEGAL_STATUS):
        sheet.line(row + 1 + offset, [label, *values, change])
        for index, value in enumerate(values):
            case.expect(OXFORDSHIRE, "cla_by_legal_status_count", march_31(2011 + index), value, category)
            if category != "all_care_orders":
                totals[index] += value
    total_row = row + 1 + len(OXFORDSHIRE_LEGAL_STATUS)
    sheet.line(total_row, ["Total", *totals, "20.4%"], bold=True)
    for index, value in enumerate(totals):
        case.expect(OXFORDSHIRE, "cla_count", march_31(2011 + index), value)

    row = total_row + 3
    sheet.line(row, ["31st March:", *years, "Change from 31st March 14"], bold=True)
    uasc = (34, 30, 26, 24, 49)
    sheet.line(row + 1, ["No. LAC who are UASC", *uasc, "104%"])
    for index, value in enumerate(uasc):
        case.expect(OXFORDSHIRE, "cla_uasc_count", march_31(2011 + index), value)

    row += 4
    sheet.put(row, 1, "Family support teams: caseloads by area, September 2015", bold=True)
    sheet.line(row + 1, ["", *OXFORDSHIRE_AREAS], bold=True)
    caseloads = (
        ("Total family support caseload by area", None, (417, 578, 498)),
        ("Child Protection cases by area", "cpp_count", (163, 223, 208)),
        ("Looked after cases in family support teams by area", None, (51, 58, 36)),
        ("Children in Need cases by area", None, (203, 297, 254)),
        ("Family support team caseload", None, (209, 192, 249)),
        ("Average caseload by worker", "caseload_avg", (22, 18, 20)),
        ("Unallocated Child Protection cases", "unallocated_cp_cases", (0, 0, 0)),
        ("Unallocated Children in need cases", "unallocated_cin_cases", (37, 17, 7)),
    )
    for offset, (label, indicator, values) in enumerate(caseloads):
        sheet.line(row + 2 + offset, [label, *values])
        if indicator is None:
            continue
        for area, value in zip(OXFORDSHIRE_AREAS, values, strict=True):
            case.expect(f"{OXFORDSHIRE}-{area.lower()}", indicator, month_end(2015, 9), value)
    sheet.widths(52, 12, 7)
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 17. report card: areas as columns with merged council header over two years (Oxfordshire) --------


OXFORDSHIRE_BENCHMARKS = (
    # label, indicator, snapshot, Oxon 22/23, Oxon 23/24, SN, South East, England, rank, quartile, good
    (
        "Referrals per 10,000 children",
        "referrals_rate",
        False,
        "347.1",
        "327.8",
        "447.1",
        "605.8",
        "515.7",
        21,
        "A",
        "N/A",
    ),
    (
        "Re-referrals within 12 months (%)",
        "rereferrals_12m_pct",
        False,
        "21.1",
        "18.6",
        "21.3",
        "26.6",
        "22.4",
        35,
        "A",
        "Low",
    ),
    (
        "Section 47 enquiries per 10,000 children",
        "s47_rate",
        False,
        "142.0",
        "121.0",
        "175.1",
        "202.2",
        "186.2",
        18,
        "A",
        "N/A",
    ),
    (
        "ICPCs within 15 working days of the strategy discussion (%)",
        "icpc_15wd_pct",
        False,
        "79.5",
        "80.9",
        "81.4",
        "79.3",
        "79.7",
        74,
        "B",
        "High",
    ),
    (
        "Children in need per 10,000 children at 31 March",
        "cin_rate",
        True,
        "286.0",
        "250.8",
        "282.0",
        "314.6",
        "331.2",
        27,
        "A",
        "N/A",
    ),
    (
        "Children subject to a child protection plan per 10,000 children at 31 March",
        "cpp_rate",
        True,
        "37.4",
        "34.5",
        "35.3",
        "37.5",
        "41.4",
        58,
        "B",
        "N/A",
    ),
    (
        "CP plans starting that were a second or subsequent plan (%)",
        "cpp_repeat_pct",
        False,
        "26.6",
        "27.6",
        "26.8",
        "25.3",
        "24.7",
        104,
        "C",
        "Low",
    ),
    (
        "Children looked after per 10,000 children at 31 March",
        "cla_rate",
        True,
        "59",
        "50",
        "50.1",
        "56",
        "69",
        31,
        "A",
        "N/A",
    ),
)


def build_report_card_benchmarks() -> Case:
    case = Case(
        "reportcard_benchmarks_columns",
        "xlsx",
        Shape.REPORT_CARD,
        "Oxfordshire annual benchmarking: areas as columns (merged 'Oxfordshire' over 2022/23 and 2023/24, "
        "then Statistical neighbours, South East, England for 2023/24), indicators as rows; Rank, "
        "Quartile and "
        "'Good performance is' columns (not rows). Figures from DfE 2023 and 2024 releases and ONS "
        "estimates; "
        "SN is the mean of the DfE/NFER 2025 neighbours with data.",
    )
    wb, sheet = new_workbook("Benchmarks")
    sheet.title(1, "Oxfordshire County Council", 14)
    sheet.put(2, 1, "Children's Services - annual benchmarking report card 2023/24")
    sheet.put(3, 1, "Comparators from the DfE Children in need 2024 and Children looked after 2024 releases")
    sheet.merge(5, 1, 1, "Indicator", height=2)
    sheet.merge(5, 2, 2, "Oxfordshire")
    for col, label in (
        (4, "Statistical neighbours"),
        (5, "South East"),
        (6, "England"),
        (7, "Rank (of 153)"),
        (8, "Quartile"),
        (9, "Good performance is"),
    ):
        sheet.put(5, col, label, bold=True)
    sheet.line(6, ["2022/23", "2023/24", "2023/24", "2023/24", "2023/24", "2023/24"], col=2, bold=True)
    areas = (OXFORDSHIRE, OXFORDSHIRE, f"SN-{OXFORDSHIRE}", SOUTH_EAST, ENGLAND)
    fys = (2022, 2023, 2023, 2023, 2023)
    row = 7
    for label, indicator, snapshot, *values, rank, band, good in OXFORDSHIRE_BENCHMARKS:
        sheet.put(row, 1, label).alignment = WRAP
        for offset, (area, fy, value) in enumerate(zip(areas, fys, values, strict=True)):
            sheet.put(row, 2 + offset, float(value), "0" if "." not in value else "0.0")
            case.expect(area, indicator, march_31(fy + 1) if snapshot else financial_year(fy), value)
        sheet.line(row, [rank, band, good], col=7)
        row += 1
    sheet.put(
        row + 1,
        1,
        "Statistical neighbours: simple mean of the ten DfE/NFER (2025) neighbours that have "
        "data. Rank 1 = lowest.",
    )
    sheet.widths(58, 13, 9)
    save_workbook(wb, HERE / case.file_name)
    return case


# --- 18. LAIT download: South East LAs, years across ------------------------------------------------


SOUTH_EAST_CLA_RATES = (
    ("867", "E06000036", "Bracknell Forest", (53, 49, 55, 48, 42)),
    ("846", "E06000043", "Brighton and Hove", (78, 83, 73, 76, 71)),
    ("825", "E06000060", "Buckinghamshire", (42, 40, 39, 41, 40)),
    ("845", "E10000011", "East Sussex", (60, 61, 64, 63, 66)),
    ("850", "E10000014", "Hampshire", (59, 61, 66, 66, 60)),
    ("921", "E06000046", "Isle of Wight", (112, 116, 123, 120, 110)),
    ("886", "E10000016", "Kent", (50, 53, 56, 56, 53)),
    ("887", "E06000035", "Medway", (69, 70, 72, 71, 72)),
    ("826", "E06000042", "Milton Keynes", (57, 52, 50, 56, 68)),
    ("931", "E10000025", "Oxfordshire", (54, 58, 59, 50, 51)),
    ("851", "E06000044", "Portsmouth", (91, 93, 92, 94, 93)),
    ("870", "E06000038", "Reading", (73, 64, 67, 70, 70)),
    ("871", "E06000039", "Slough", (51, 54, 57, 44, 37)),
    ("852", "E06000045", "Southampton", (100, 114, 108, 97, 90)),
    ("936", "E10000030", "Surrey", (38, 40, 39, 36, 35)),
    ("869", "E06000037", "West Berkshire", (42, 48, 56, 52, 53)),
    ("938", "E10000032", "West Sussex", (51, 49, 50, 50, 54)),
    ("868", "E06000040", "Windsor and Maidenhead", (38, 37, 44, 41, 40)),
    ("872", "E06000041", "Wokingham", (25, 33, 32, 31, 34)),
)
SOUTH_EAST_CLA_COMPARATORS = (
    ("South East", SOUTH_EAST, (54, 56, 57, 56, 55)),
    ("England", ENGLAND, (69, 70, 70, 69, 67)),
)


def build_lait_download() -> Case:
    case = Case(
        "lait_cla_rate_south_east",
        "xlsx",
        Shape.LAIT,
        "LAIT-style download: title lines, then 'LA number' (old 3-digit code), 'LA Name', years 2021-2025 "
        "(each a 31 March snapshot), then Latest change, Rank and Quartile band (not rows); South East and "
        "England rows under a blank row; footnotes. DfE published whole-number rates.",
    )
    wb, sheet = new_workbook("Data")
    sheet.title(1, "Local Authority Interactive Tool (LAIT)", 14)
    sheet.title(2, "Children looked after rate, per 10,000 children aged under 18")
    sheet.put(3, 1, "Source: DfE, Children looked after in England including adoptions (SSDA903)")
    years = (2021, 2022, 2023, 2024, 2025)
    sheet.line(
        5,
        ["LA number", "LA Name", *[str(y) for y in years], "", "Latest change", "Rank 2025", "Quartile band"],
        bold=True,
    )
    ranked = sorted(SOUTH_EAST_CLA_RATES, key=lambda item: item[3][-1])
    rank_of = {item[0]: position + 1 for position, item in enumerate(ranked)}
    row = 6
    for old_code, code, name, values in SOUTH_EAST_CLA_RATES:
        sheet.line(
            row,
            [
                int(old_code),
                name,
                *values,
                None,
                values[-1] - values[-2],
                rank_of[old_code],
                "ABCD"[min(3, (rank_of[old_code] - 1) * 4 // len(ranked))],
            ],
        )
        for year, value in zip(years, values, strict=True):
            case.expect(code, "cla_rate", march_31(year), value)
        row += 1
    row += 1
    for name, code, values in SOUTH_EAST_CLA_COMPARATORS:
        sheet.line(row, [None, name, *values, None, values[-1] - values[-2]])
        for year, value in zip(years, values, strict=True):
            case.expect(code, "cla_rate", march_31(year), value)
        row += 1
    sheet.put(row + 1, 1, "Rates are rounded to the nearest whole number. Rank 1 = lowest rate.")
    sheet.put(row + 2, 1, "Figures relate to children looked after at 31 March of each year.")
    sheet.widths(11, 10, 11)
    sheet.ws.column_dimensions["B"].width = 26
    save_workbook(wb, HERE / case.file_name)
    return case


# --- main --------------------------------------------------------------------------------------------


BUILDERS: tuple[Callable[[], Case], ...] = (
    build_dw_measures_monthly,
    build_pbi_kpi_quarterly,
    build_dw_indicator_ref_month,
    build_pbi_export_xlsx,
    build_qpr_repeat_plans,
    build_qpr_merged_years,
    build_qpr_ni_transposed,
    build_district_cp_rate,
    build_district_cp_counts,
    build_district_cla,
    build_scorecard_dates,
    build_scorecard_text_months,
    build_scorecard_blocks,
    build_report_card_warwickshire,
    build_report_card_hampshire,
    build_report_card_oxfordshire,
    build_report_card_benchmarks,
    build_lait_download,
)


def write_expected(case: Case) -> None:
    rows = sorted(row.as_csv() for row in case.rows)
    write_csv(HERE / f"{case.name}.expected.csv", EXPECTED_HEADER, rows)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    manifest = []
    for builder in BUILDERS:
        case = builder()
        write_expected(case)
        manifest.append([case.file_name, case.council, str(case.shape), case.notes])
        logger.info("%-40s %4d expected figures", case.file_name, len(case.rows))
    write_csv(HERE / "manifest.csv", MANIFEST_HEADER, manifest)


if __name__ == "__main__":
    main()
