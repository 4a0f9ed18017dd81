"""Build the holdout acceptance workbooks and their expected figures.

Each case writes a council-style workbook or CSV plus NAME.expected.csv, and one manifest line.
Figures come from the DfE/ONS reference files in ../shared/reference beside the checkout and from published
council committee reports; monthly front-door figures are spread from real annual totals.
Run: python build.py  (output goes next to this script; the build is deterministic).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

log = logging.getLogger(__name__)

OUT = Path(__file__).resolve().parent
REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference"
AREAS = Path(__file__).resolve().parents[4] / "resources" / "areas"
ENGLAND = "E92000001"
SUPPRESSED = {"c", "x", "z", "u", "low", "k", ":", "..", ".", "-", "", "TBC", "N/A", "n/a"}
BOLD = Font(bold=True)


# --------------------------------------------------------------------------- periods and rounding


def half_up(value: float, places: int = 1) -> float:
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def fy(year_end: int) -> tuple[str, str]:
    return f"{year_end - 1}-04-01", f"{year_end}-03-31"


def snap(year: int, month: int = 3, day: int | None = None) -> tuple[str, str]:
    day = day or calendar.monthrange(year, month)[1]
    iso = dt.date(year, month, day).isoformat()
    return iso, iso


def month(year: int, mon: int) -> tuple[str, str]:
    last = calendar.monthrange(year, mon)[1]
    return dt.date(year, mon, 1).isoformat(), dt.date(year, mon, last).isoformat()


def fy_months(year_end: int) -> list[tuple[int, int]]:
    return [(year_end - 1, m) for m in range(4, 13)] + [(year_end, m) for m in range(1, 4)]


def fy_label(year_end: int, sep: str = "/") -> str:
    return f"{year_end - 1}{sep}{str(year_end)[2:]}"


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    name: str
    ext: str
    council: str
    shape: str
    notes: str
    rows: list[tuple] = field(default_factory=list)

    def add(
        self, area: str, indicator: str, period: tuple[str, str], value: float | None, breakdown: str = ""
    ) -> None:
        if value is None:
            return
        self.rows.append((area, indicator, breakdown, period[0], period[1], value))


def is_missing(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() in SUPPRESSED)


# --------------------------------------------------------------------------- reference data


class Reference:
    """Real DfE and ONS figures keyed by (source, reporting year, area code)."""

    def __init__(self) -> None:
        self.tables: dict[tuple[str, int, str], dict[str, str]] = {}
        for source, filename in {
            "c1": "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            "c4": "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
            "d3": "d3_cpps_subsequent_plan_2013_to_2025.csv",
            "d5": "d5_cpps_at31march_by_duration_2013_to_2025.csv",
            "b1": "b1_children_in_need_2013_to_2025.csv",
            "csww": "csww_indicators_2017_to_2025.csv",
            "pop": "ons_mid-year_population_estimates_2012_to_2024.csv",
        }.items():
            self._load(source, filename)
        self._load_cla()
        las = sorted(read_csv(AREAS / "las.csv"), key=lambda r: r["status"] == "live")
        self.old_to_new = {r["old_code"]: r["code"] for r in las}
        self.new_to_old = {v: k for k, v in self.old_to_new.items()}
        self.names = {r["code"]: r["name"] for r in read_csv(AREAS / "las.csv")}
        self.neighbours = {
            r["old_la_code"]: [r[f"SN_{i}"] for i in range(1, 11)]
            for r in read_csv(REFERENCE / "sn_model_2025_wide.csv")
        }

    def _load(self, source: str, filename: str) -> None:
        for row in read_csv(REFERENCE / filename):
            self.tables[(source, int(row["time_period"]), area_code(row))] = row

    def _load_cla(self) -> None:
        kinds = {
            "Children looked after on 31 March each year": "cla",
            "Children starting to be looked after each year": "cla_starts",
        }
        for row in read_csv(REFERENCE / "cla_number_and_rate_per_10k_children.csv"):
            kind = kinds.get(row["population_type"])
            if kind:
                self.tables[(kind, int(row["time_period"]), area_code(row))] = row

    def raw(self, source: str, year: int, code: str, column: str) -> str:
        return self.tables.get((source, year, code), {}).get(column, "")

    def num(self, source: str, year: int, code: str, column: str) -> float | None:
        raw = self.raw(source, year, code, column)
        return None if is_missing(raw) else float(raw)

    def population(self, reporting_year: int, code: str) -> float:
        return float(self.raw("pop", reporting_year - 1, code, "population_estimate"))

    def rate(self, count: float | None, reporting_year: int, code: str) -> float | None:
        if count is None:
            return None
        return half_up(count / self.population(reporting_year, code) * 10000)

    def sn_mean(self, code: str, measure: Callable[[str], float | None]) -> float | None:
        values = [measure(self.old_to_new[old]) for old in self.neighbours[self.new_to_old[code]]]
        present = [v for v in values if v is not None]
        return half_up(sum(present) / len(present)) if present else None

    # headline measures for one area and reporting year
    def referrals_rate(self, year: int, code: str) -> float | None:
        return self.rate(self.num("c1", year, code, "referral_count"), year, code)

    def rereferral_pct(self, year: int, code: str) -> float | None:
        return self.num("c1", year, code, "rereferral_percent")

    def s47_rate(self, year: int, code: str) -> float | None:
        return self.rate(self.num("c4", year, code, "Section47"), year, code)

    def icpc_15wd_pct(self, year: int, code: str) -> float | None:
        icpc = self.num("c4", year, code, "ICPC")
        early = [self.num("c4", year, code, c) for c in ("Duration_0-10_days", "Duration_11-15_days")]
        if not icpc or None in early:
            return None
        return half_up(sum(early) / icpc * 100)

    def cpp_rate(self, year: int, code: str) -> float | None:
        return self.rate(self.num("d5", year, code, "CPP_At31"), year, code)

    def cpp_repeat_pct(self, year: int, code: str) -> float | None:
        return self.num("d3", year, code, "CPP_subsequent_percent")

    def cpp_current_2y_pct(self, year: int, code: str) -> float | None:
        return self.num("d5", year, code, "2_years_or_more_percent")

    def cla_rate(self, year: int, code: str) -> float | None:
        return self.num("cla", year, code, "rate_per_10000")

    def caseload(self, year: int, code: str) -> float | None:
        return self.num("csww", year, code, "caseload_fte")


def area_code(row: dict[str, str]) -> str:
    level = row["geographic_level"]
    if level == "National":
        return ENGLAND
    if level == "Regional":
        return row["region_code"]
    return row["new_la_code"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def spread(total: int, weights: list[float]) -> list[int]:
    """Split a real annual total into monthly figures (largest remainder, deterministic)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


SEASON = [1.02, 0.98, 1.08, 0.80, 0.72, 1.05, 1.12, 1.10, 0.86, 1.04, 1.06, 1.17]


# --------------------------------------------------------------------------- sheet helpers


def put_row(ws: Worksheet, row: int, values: list, col: int = 1, fmt: dict[int, str] | None = None) -> None:
    for offset, value in enumerate(values):
        cell = ws.cell(row=row, column=col + offset, value=value)
        if fmt and offset in fmt and isinstance(value, (int, float)):
            cell.number_format = fmt[offset]


def heading(ws: Worksheet, row: int, text: str, col: int = 1) -> None:
    ws.cell(row=row, column=col, value=text).font = BOLD


def pct_cell(value: float | None) -> object:
    """A percentage stored as a fraction (Excel '0.0%'), or the raw suppression mark."""
    return None if value is None else round(value / 100, 6)


# --------------------------------------------------------------------------- 1-2: ILACS annex


def ilacs_warwickshire(ref: Reference) -> tuple[Case, Workbook]:
    la, region, year = "E10000031", "E12000005", 2024
    case = Case(
        "ilacs_annex_warwickshire_2024",
        "xlsx",
        "",
        "ilacs_annex",
        "indicators as rows; LA / Stat neighbours (SN mean of 10, 2025 model) / region / England; "
        "footnote marks; one 'c' cell (Warwickshire 2+ year plans); caseload is at 30 Sep 2023",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Annex A"
    heading(ws, 1, "Warwickshire County Council - Children and Families")
    heading(ws, 2, "ILACS Annex A: headline data summary 2023/24")
    ws.cell(row=3, column=1, value="Published figures, year ending 31 March 2024 unless stated")
    put_row(ws, 5, ["Indicator", "Our LA", "Stat neighbours", "West Midlands", "England"])
    areas = [la, f"SN-{la}", region, ENGLAND]
    specs = [
        ("Rate of referrals per 10,000 children", "referrals_rate", fy(year), ref.referrals_rate, "0.0"),
        (
            "Re-referrals within 12 months of a previous referral (%)",
            "rereferrals_12m_pct",
            fy(year),
            ref.rereferral_pct,
            "0.0%",
        ),
        ("Section 47 enquiries per 10,000 children\u00b9", "s47_rate", fy(year), ref.s47_rate, "0.0"),
        (
            "ICPCs within 15 working days of the strategy discussion (%)",
            "icpc_15wd_pct",
            fy(year),
            ref.icpc_15wd_pct,
            "0.0%",
        ),
        (
            "Children subject to a CP plan at 31 March per 10,000 children\u00b9",
            "cpp_rate",
            snap(year),
            ref.cpp_rate,
            "0.0",
        ),
        (
            "CP plans at 31 March lasting 2 years or more (%)",
            "cpp_current_2y_pct",
            snap(year),
            ref.cpp_current_2y_pct,
            "0.0%",
        ),
        (
            "CP plans starting that were a second or subsequent plan (%)",
            "cpp_repeat_pct",
            fy(year),
            ref.cpp_repeat_pct,
            "0.0%",
        ),
        (
            "Rate of children looked after at 31 March per 10,000 children aged 0 to 17",
            "cla_rate",
            snap(year),
            ref.cla_rate,
            "0",
        ),
        (
            "Average caseload per case-holding social worker (FTE) at 30 September 2023\u00b2",
            "caseload_avg",
            snap(2023, 9),
            ref.caseload,
            "0.0",
        ),
    ]
    row = 6
    for label, indicator, period, measure, fmt in specs:
        values = [
            measure(year, la),
            ref.sn_mean(la, lambda c, m=measure: m(year, c)),
            measure(year, region),
            measure(year, ENGLAND),
        ]
        ws.cell(row=row, column=1, value=label)
        for offset, (area, value) in enumerate(zip(areas, values, strict=True)):
            case.add(area, indicator, period, value)
            cell_value = pct_cell(value) if fmt.endswith("%") else value
            cell = ws.cell(row=row, column=2 + offset, value="c" if value is None else cell_value)
            cell.number_format = fmt
        row += 1
    ws.cell(row=row + 1, column=1, value="\u00b9 Rates use ONS mid-2023 estimates of children aged 0 to 17.")
    ws.cell(row=row + 2, column=1, value="\u00b2 Children's social work workforce census, 30 September 2023.")
    ws.cell(row=row + 3, column=1, value="c = suppressed (small number). Source: DfE Children in need 2024.")
    ws.column_dimensions["A"].width = 70
    return case, wb


def ilacs_hampshire(ref: Reference) -> tuple[Case, Workbook]:
    la, region, year = "E10000014", "E12000008", 2023
    case = Case(
        "ilacs_pack_hampshire_2022-23",
        "xlsx",
        "",
        "ilacs_annex",
        "merged 'Comparators 2022/23' header over SN/region/England; Unit and 'Good performance is' "
        "columns; numbers not % formatted; Rank column is not a figure; England/region counts "
        "rounded to 10",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "ILACS data"
    heading(ws, 1, "Hampshire Children's Services")
    heading(ws, 2, "Data pack for Ofsted inspection of local authority children's services - 2022/23")
    put_row(
        ws,
        4,
        [
            "Measure",
            "Unit",
            "Good performance is",
            "Hampshire",
            "Comparators 2022/23",
            None,
            None,
            "Hampshire rank (of 152)",
        ],
    )
    ws.merge_cells(start_row=4, start_column=5, end_row=4, end_column=7)
    put_row(ws, 5, [None, None, None, "2022/23", "Statistical neighbours", "South East", "England", None])
    for col in (1, 2, 3, 8):
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    areas = [la, f"SN-{la}", region, ENGLAND]

    def count(source: str, column: str) -> Callable[[int, str], float | None]:
        return lambda y, c: ref.num(source, y, c, column)

    specs = [
        (
            "Referrals received in the year",
            "Number",
            "-",
            "referrals",
            fy(year),
            count("c1", "referral_count"),
        ),
        (
            "Referrals per 10,000 children",
            "Rate per 10,000",
            "-",
            "referrals_rate",
            fy(year),
            ref.referrals_rate,
        ),
        ("Re-referrals within 12 months", "%", "Low", "rereferrals_12m_pct", fy(year), ref.rereferral_pct),
        ("S47 enquiries started", "Number", "-", "s47_enquiries", fy(year), count("c4", "Section47")),
        (
            "Children on a CP plan at 31 March",
            "Number",
            "-",
            "cpp_count",
            snap(year),
            count("d5", "CPP_At31"),
        ),
        ("CPP rate per 10,000 at 31 March", "Rate per 10,000", "-", "cpp_rate", snap(year), ref.cpp_rate),
        (
            "Repeat CP plans (second or subsequent, any time)",
            "%",
            "Low",
            "cpp_repeat_pct",
            fy(year),
            ref.cpp_repeat_pct,
        ),
        ("ICPC within 15 working days", "%", "High", "icpc_15wd_pct", fy(year), ref.icpc_15wd_pct),
        (
            "Children looked after at 31 March",
            "Number",
            "-",
            "cla_count",
            snap(year),
            count("cla", "children_count"),
        ),
    ]
    for row, (label, unit, polarity, indicator, period, measure) in enumerate(specs, start=6):
        values = [
            measure(year, la),
            ref.sn_mean(la, lambda c, m=measure: m(year, c)),
            measure(year, region),
            measure(year, ENGLAND),
        ]
        if unit == "Number":
            values[1] = None  # an SN average of counts means nothing: left blank in the pack
        put_row(
            ws, row, [label, unit, polarity] + values + [(row * 7) % 150 + 1 if unit != "Number" else None]
        )
        for area, value in zip(areas, values, strict=True):
            case.add(area, indicator, period, value)
    ws.cell(row=len(specs) + 7, column=1, value="Source: DfE CIN census and SSDA903 2023. Rank: 1 = lowest.")
    return case, wb


# --------------------------------------------------------------------------- 3-4: LSCP appendix


def lscp_warwickshire() -> tuple[Case, Workbook]:
    la = "E10000031"
    case = Case(
        "lscp_appendix_warwickshire_2019-20",
        "xlsx",
        "",
        "lscp_appendix",
        "seven small tables on one sheet, each with a 'Table N' heading; TBC cells; years across; "
        "Table 6 labels wrap over two rows; Table 7 is districts with 31 March / 31 July 2020 "
        "snapshot columns (two header rows); Table 5 is quarterly; Table 1 and 7 agree on LA rates",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Appendix 1 data"
    heading(ws, 1, "Warwickshire Safeguarding - Annual Report 2019/20")
    ws.cell(row=2, column=1, value="Appendix 1: child protection data")
    years = [2016, 2017, 2018, 2019, 2020]
    year_labels = [fy_label(y) for y in years]
    areas = {"Warwickshire": la, "Statistical Neighbours": f"SN-{la}", "England": ENGLAND}
    row = 4

    def year_table(title: str, indicator: str, data: dict[str, list], pct: bool, snapshot: bool) -> None:
        nonlocal row
        heading(ws, row, title)
        put_row(ws, row + 1, [None] + year_labels)
        for i, (name, values) in enumerate(data.items(), start=row + 2):
            ws.cell(row=i, column=1, value=name)
            for j, (y, value) in enumerate(zip(years, values, strict=True)):
                cell = ws.cell(
                    row=i, column=2 + j, value=pct_cell(value) if pct and value != "TBC" else value
                )
                cell.number_format = "0.0%" if pct else "0.0"
                if value != "TBC":
                    case.add(areas[name], indicator, snap(y) if snapshot else fy(y), value)
        row += len(data) + 3

    year_table(
        "Table 1: Rate of children subject to a child protection plan at 31 March per 10,000 "
        "children aged 0-17",
        "cpp_rate",
        {
            "Warwickshire": [42.0, 38.8, 49.0, 29.8, 25.1],
            "Statistical Neighbours": [39.4, 35.7, 34.4, 34.7, "TBC"],
            "England": [43.1, 43.3, 45.3, 43.7, "TBC"],
        },
        pct=False,
        snapshot=True,
    )
    year_table(
        "Table 2: Children ceasing to be the subject of a CP plan in the year who had been on a "
        "plan for 2 years or more (%)",
        "cpp_ended_2y_pct",
        {
            "Warwickshire": [4.9, 4.9, 5.9, 3.0, 2.3],
            "Statistical Neighbours": [2.6, 3.3, 3.8, 3.7, "TBC"],
            "England": [3.8, 3.4, 3.4, 3.3, "TBC"],
        },
        pct=True,
        snapshot=False,
    )
    year_table(
        "Table 3: % of ICPCs held within 15 working days of the start of the s.47 enquiry",
        "icpc_15wd_pct",
        {
            "Warwickshire": [100.0, 76.8, 72.6, 83.1, 67.8],
            "Statistical Neighbours": [79.1, 80.4, 84.9, 84.7, "TBC"],
            "England": [76.7, 77.2, 76.9, 78.7, "TBC"],
        },
        pct=True,
        snapshot=False,
    )
    year_table(
        "Table 4: Children who became subject of a CP plan for a second or subsequent time (%)",
        "cpp_repeat_pct",
        {
            "Warwickshire": [18.1, 20.8, 18.7, 18.6, 23.8],
            "Statistical Neighbours": [19.0, 18.9, 21.6, 22.0, "TBC"],
            "England": [17.9, 18.7, 20.2, 20.8, "TBC"],
        },
        pct=True,
        snapshot=False,
    )
    row = quarterly_repeat_table(ws, case, row, la)
    row = activity_table(ws, case, row, la, years, year_labels)
    district_table(ws, case, row, la)
    return case, wb


def quarterly_repeat_table(ws: Worksheet, case: Case, row: int, la: str) -> int:
    heading(ws, row, "Table 5: Repeat child protection plans by quarter")
    put_row(
        ws,
        row + 1,
        [
            "Quarter",
            "No. within 2 years",
            "% within 2 years",
            "Total No. repeat plans",
            "% regardless of time",
            "Total No. CP Starts",
            "Average no. of months between prev and current CP",
        ],
    )
    data = [
        ("Q4 17/18", 17, 10.1, 26, 15.4, 169, 30),
        ("Q1 18/19", 13, 8.3, 19, 12.1, 157, 24),
        ("Q2 18/19", 4, 2.9, 30, 21.6, 139, 54),
        ("Q3 18/19", 8, 8.2, 15, 15.5, 97, 55),
        ("Q4 18/19", 18, 14.6, 32, 26.0, 123, 23),
        ("Q1 19/20", 11, 8.5, 22, 17.1, 129, 34),
        ("Q2 19/20", 22, 20.8, 33, 31.1, 106, 23),
        ("Q3 19/20", 11, 12.6, 23, 26.4, 87, 45),
        ("Q4 19/20", 12, 11.4, 25, 23.8, 105, 42),
        ("Q1 20/21", 12, 10.0, 38, 31.7, 120, 42),
    ]
    indicators = [
        "cpp_repeat_2y_count",
        "cpp_repeat_2y_pct",
        "cpp_repeat_count",
        "cpp_repeat_pct",
        "cpp_starts",
        "cpp_repeat_gap_months",
    ]
    for i, (label, *values) in enumerate(data, start=row + 2):
        put_row(
            ws,
            i,
            [label] + [v / 100 if j in (1, 3) else v for j, v in enumerate(values)],
            fmt={2: "0.0%", 4: "0.0%"},
        )
        period = quarter_period(label)
        for indicator, value in zip(indicators, values, strict=True):
            case.add(la, indicator, period, value)
    return row + len(data) + 3


def quarter_period(label: str) -> tuple[str, str]:
    quarter, years = label.split()
    start_year = 2000 + int(years[:2])
    first_month = {"Q1": 4, "Q2": 7, "Q3": 10, "Q4": 1}[quarter]
    year = start_year + 1 if quarter == "Q4" else start_year
    return month(year, first_month)[0], month(year, first_month + 2)[1]


def activity_table(ws: Worksheet, case: Case, row: int, la: str, years: list[int], labels: list[str]) -> int:
    heading(ws, row, "Table 6: Child protection activity 2015-2020")
    put_row(ws, row + 1, [None] + labels)
    data = [
        (
            ("Number of S47 Child Protection", "Investigations initiated"),
            "s47_enquiries",
            False,
            [1084, 1290, 1426, 1205, 1306],
        ),
        (
            ("Number of Children subject to an", "Initial Child Protection Conference during the year"),
            "icpc_count",
            False,
            [618, 544, 727, 623, 482],
        ),
        (
            ("Number of Child Protection Plans", "initiated during the year"),
            "cpp_starts",
            False,
            [579, 496, 674, 516, 425],
        ),
        (
            ("Number of Child Protection Plans", "closed during the year"),
            "cpp_ended",
            False,
            [639, 532, 544, 734, 473],
        ),
        (
            ("Number of Children subject to", "Plans at 31 March"),
            "cpp_count",
            True,
            [473, 439, 563, 345, 295],
        ),
    ]
    r = row + 2
    for (first, second), indicator, snapshot, values in data:
        ws.cell(row=r, column=1, value=first)
        put_row(ws, r + 1, [second] + values)
        for y, value in zip(years, values, strict=True):
            case.add(la, indicator, snap(y) if snapshot else fy(y), value)
        r += 2
    return r + 1


def district_table(ws: Worksheet, case: Case, row: int, la: str) -> None:
    heading(ws, row, "Table 7: Child protection rates per 10,000 by district")
    dates = [snap(y) for y in range(2015, 2021)] + [snap(2020, 7)]
    put_row(ws, row + 1, ["Child Protection Rate per 10,000"] + ["31 March"] * 6 + ["31 July"])
    put_row(ws, row + 2, ["at Year End"] + [2015, 2016, 2017, 2018, 2019, 2020, 2020])
    data = [
        ("N. Warwickshire", "E07000218", [51, 35, 39, 47, 22, 17, 22]),
        ("Nuneaton & Bedworth", "E07000219", [77, 60, 54, 67, 36, 36, 32]),
        ("Rugby", "E07000220", [42, 39, 37, 36, 23, 24, 33]),
        ("Stratford", "E07000221", [22, 23, 24, 43, 26, 19, 24]),
        ("Warwick", "E07000222", [45, 45, 39, 51, 23, 20, 16]),
        ("Warwickshire CP rate per 10,000", la, [47.7, 42, 38.8, 49, 29.8, 25.1, 28]),
    ]
    for i, (name, code, values) in enumerate(data, start=row + 3):
        put_row(ws, i, [name] + values)
        for period, value in zip(dates, values, strict=True):
            if not (code == la and period in {snap(y) for y in range(2016, 2021)}):
                case.add(code, "cpp_rate", period, value)
    ws.cell(
        row=row + 10,
        column=1,
        value="Source: District level data is taken from historical performance reporting.",
    )


def lscp_oxfordshire(ref: Reference) -> tuple[Case, Workbook]:
    la = "E10000025"
    years = [2021, 2022, 2023, 2024, 2025]
    case = Case(
        "lscp_appendix_oxfordshire_2024-25",
        "xlsx",
        "",
        "lscp_appendix",
        "two tables side by side on one sheet plus two below; years as '2019-20'; plan length "
        "bands other than '2 years or more' are not indicators; real 'c' cells in 2022-23; "
        "percent columns are fractions formatted 0.0%",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Data appendix"
    heading(ws, 1, "Oxfordshire Safeguarding Children Partnership")
    ws.cell(row=2, column=1, value="Annual Report 2024-25 - Appendix B: multi-agency data")
    labels = [fy_label(y, "-") for y in years]

    def block(top: int, left: int, title: str, rows: list[tuple[str, str, bool, str, Callable]]) -> None:
        heading(ws, top, title, col=left)
        put_row(ws, top + 1, [None] + labels, col=left)
        for i, (label, indicator, snapshot, fmt, measure) in enumerate(rows, start=top + 2):
            ws.cell(row=i, column=left, value=label)
            for j, y in enumerate(years):
                value = measure(y)
                raw = value if value is not None else "c"
                cell = ws.cell(
                    row=i,
                    column=left + 1 + j,
                    value=pct_cell(value) if fmt == "0.0%" and value is not None else raw,
                )
                cell.number_format = fmt
                if indicator:
                    case.add(la, indicator, snap(y) if snapshot else fy(y), value)

    def d5(column: str) -> Callable[[int], float | None]:
        return lambda y: ref.num("d5", y, la, column)

    block(
        4,
        1,
        "B1. Children subject to a child protection plan at 31 March",
        [
            ("Number of children", "cpp_count", True, "0", d5("CPP_At31")),
            ("Rate per 10,000 children", "cpp_rate", True, "0.0", lambda y: ref.cpp_rate(y, la)),
        ],
    )
    block(
        4,
        8,
        "B2. Length of plans open at 31 March (% of plans)",
        [
            ("3 months or less", "", True, "0.0%", d5("3_months_or_less_percent")),
            ("1 year to less than 2 years", "", True, "0.0%", d5("1_year_less_than_2_years_percent")),
            ("2 years or more", "cpp_current_2y_pct", True, "0.0%", d5("2_years_or_more_percent")),
        ],
    )
    block(
        11,
        1,
        "B3. Section 47 enquiries and initial child protection conferences",
        [
            (
                "Section 47 enquiries started",
                "s47_enquiries",
                False,
                "#,##0",
                lambda y: ref.num("c4", y, la, "Section47"),
            ),
            ("S47 rate per 10,000 children", "s47_rate", False, "0.0", lambda y: ref.s47_rate(y, la)),
            (
                "ICPCs held within 15 working days (%)",
                "icpc_15wd_pct",
                False,
                "0.0%",
                lambda y: ref.icpc_15wd_pct(y, la),
            ),
        ],
    )
    block(
        17,
        1,
        "B4. Children looked after at 31 March",
        [
            (
                "Children looked after",
                "cla_count",
                True,
                "0",
                lambda y: ref.num("cla", y, la, "children_count"),
            ),
            ("Rate per 10,000", "cla_rate", True, "0", lambda y: ref.cla_rate(y, la)),
        ],
    )
    ws.cell(
        row=22, column=1, value="c = suppressed to protect confidentiality. Source: DfE published statistics."
    )
    return case, wb


# --------------------------------------------------------------------------- 5-6: front-door dashboards


def front_door_warwickshire(ref: Reference) -> tuple[Case, Workbook]:
    la, year = "E10000031", 2024
    case = Case(
        "front_door_monthly_2023-24",
        "xlsx",
        la,
        "front_door_transposed",
        "months down the rows as date cells (mmm-yy), measures across; Total row = year 2023/24; "
        "file does not name the council; re-referral % as 0.0% fractions; monthly figures are "
        "real annual totals spread over months",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Front door"
    heading(ws, 1, "MASH and Front Door - monthly dashboard export")
    ws.cell(row=2, column=1, value="Run date: 04/04/2024  Source: Mosaic")
    put_row(
        ws,
        4,
        [
            "Month",
            "Contacts received",
            "Referrals",
            "Re-referrals within 12 months (%)",
            "S47 enquiries started",
            "ICPCs held",
        ],
    )
    referrals = spread(int(ref.num("c1", year, la, "referral_count")), SEASON)
    rerefs = spread(int(ref.num("c1", year, la, "rereferral_count")), SEASON[::-1])
    s47 = spread(int(ref.num("c4", year, la, "Section47")), SEASON)
    icpc = spread(int(ref.num("c4", year, la, "ICPC")), SEASON[3:] + SEASON[:3])
    contacts = spread(21870, SEASON)
    for i, (y, m) in enumerate(fy_months(year)):
        pct = half_up(rerefs[i] / referrals[i] * 100)
        r = 5 + i
        ws.cell(row=r, column=1, value=dt.date(y, m, 1)).number_format = "mmm-yy"
        put_row(ws, r, [contacts[i], referrals[i], pct / 100, s47[i], icpc[i]], col=2, fmt={2: "0.0%"})
        for indicator, value in (
            ("contacts", contacts[i]),
            ("referrals", referrals[i]),
            ("rereferrals_12m_pct", pct),
            ("s47_enquiries", s47[i]),
            ("icpc_count", icpc[i]),
        ):
            case.add(la, indicator, month(y, m), value)
    total_pct = half_up(sum(rerefs) / sum(referrals) * 100)
    put_row(
        ws,
        17,
        ["Total", sum(contacts), sum(referrals), total_pct / 100, sum(s47), sum(icpc)],
        fmt={3: "0.0%"},
    )
    ws.cell(row=17, column=1).font = BOLD
    for indicator, value in (
        ("contacts", sum(contacts)),
        ("referrals", sum(referrals)),
        ("rereferrals_12m_pct", total_pct),
        ("s47_enquiries", sum(s47)),
        ("icpc_count", sum(icpc)),
    ):
        case.add(la, indicator, fy(year), value)
    return case, wb


def front_door_leeds(ref: Reference) -> tuple[Case, Workbook]:
    la, year = "E08000035", 2023
    case = Case(
        "front_door_kpi_leeds_2022-23",
        "xlsx",
        "",
        "front_door_transposed",
        "KPI codes in column headers; month labels as text 'Apr 22'; blank spacer row after each "
        "quarter; 'Referrals YTD' cumulative column is not a figure; Target column/row not figures; "
        "Total row = year 2022/23",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "KPI export"
    heading(ws, 1, "Leeds City Council - Children and Families")
    ws.cell(row=2, column=1, value="Front door performance: KPI monthly export 2022/23 (provisional)")
    put_row(
        ws,
        4,
        [
            "Month",
            "KPI 01 Contacts received",
            "KPI 07 Referrals received in the month",
            "KPI 07a Referrals YTD",
            "KPI 09 S47 enquiries started",
            "KPI 11 CP plans started",
        ],
    )
    put_row(ws, 5, ["Target", None, None, None, None, None])
    referrals = spread(int(ref.num("c1", year, la, "referral_count")), SEASON)
    s47 = spread(int(ref.num("c4", year, la, "Section47")), SEASON[::-1])
    starts = spread(int(ref.num("d3", year, la, "CPP_start")), SEASON[6:] + SEASON[:6])
    contacts = spread(52418, SEASON)
    r, ytd = 6, 0
    for i, (y, m) in enumerate(fy_months(year)):
        ytd += referrals[i]
        label = dt.date(y, m, 1).strftime("%b %y")
        put_row(ws, r, [label, contacts[i], referrals[i], ytd, s47[i], starts[i]])
        for indicator, value in (
            ("contacts", contacts[i]),
            ("referrals", referrals[i]),
            ("s47_enquiries", s47[i]),
            ("cpp_starts", starts[i]),
        ):
            case.add(la, indicator, month(y, m), value)
        r += 2 if m in (6, 9, 12) else 1
    put_row(ws, r, ["Total 2022/23", sum(contacts), sum(referrals), None, sum(s47), sum(starts)])
    for indicator, value in (
        ("contacts", sum(contacts)),
        ("referrals", sum(referrals)),
        ("s47_enquiries", sum(s47)),
        ("cpp_starts", sum(starts)),
    ):
        case.add(la, indicator, fy(year), value)
    ws.cell(
        row=r + 2, column=1, value="Figures for March are provisional until the CIN census is signed off."
    )
    return case, wb


# --------------------------------------------------------------------------- 7-8: ChAT sheets

CHAT_SPECS: list[tuple[str, str, bool, str, str]] = [
    ("Referrals per 10,000 children", "referrals_rate", False, "0.0", "referrals_rate"),
    ("Re-referrals within 12 months (%)", "rereferrals_12m_pct", False, "0.0", "rereferral_pct"),
    ("Section 47 enquiries per 10,000 children", "s47_rate", False, "0.0", "s47_rate"),
    ("ICPCs within 15 working days (%)", "icpc_15wd_pct", False, "0.0", "icpc_15wd_pct"),
    ("Children subject to a CP plan per 10,000 (at 31 March)", "cpp_rate", True, "0.0", "cpp_rate"),
    ("CP plans - second or subsequent (%)", "cpp_repeat_pct", False, "0.0", "cpp_repeat_pct"),
    ("CLA per 10,000 children (at 31 March)", "cla_rate", True, "0", "cla_rate"),
]


def chat_norfolk(ref: Reference) -> tuple[Case, Workbook]:
    la, years = "E10000020", [2021, 2022, 2023]
    case = Case(
        "chat_norfolk_2022-23",
        "xlsx",
        "",
        "chat",
        "ChAT layout: 3 years for the LA then SN avg / England / Quartile for the latest year only; "
        "quartile letters are not figures; LA named in title only",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Safeguarding"
    heading(ws, 1, "Children's services analysis tool (ChAT) - Norfolk")
    ws.cell(row=2, column=1, value="Section 3: Safeguarding")
    put_row(ws, 4, ["Indicator"] + [fy_label(y, "-") for y in years] + ["SN avg", "England", "Quartile"])
    for row, (label, indicator, snapshot, fmt, method) in enumerate(CHAT_SPECS, start=5):
        measure = getattr(ref, method)
        values = [measure(y, la) for y in years]
        latest = years[-1]
        sn = ref.sn_mean(la, lambda c, m=measure, y=latest: m(y, c))
        eng = measure(latest, ENGLAND)
        quartile = "ABCD"[(row * 3) % 4]
        put_row(
            ws,
            row,
            [label] + [v if v is not None else "c" for v in values] + [sn, eng, quartile],
            fmt={i: fmt for i in range(1, 6)},
        )
        for y, value in zip(years, values, strict=True):
            case.add(la, indicator, snap(y) if snapshot else fy(y), value)
        period = snap(latest) if snapshot else fy(latest)
        case.add(f"SN-{la}", indicator, period, sn)
        case.add(ENGLAND, indicator, period, eng)
    return case, wb


def chat_derby(ref: Reference) -> tuple[Case, Workbook]:
    la, years = "E06000015", [2022, 2023, 2024]
    case = Case(
        "chat_derby_2024",
        "xlsx",
        "",
        "chat",
        "merged 'Derby' header over three year columns labelled 2022/2023/2024 (DfE reporting years, "
        "i.e. years ending 31 March, stated in a note); merged 'Latest (2024)' over SN avg / "
        "East Midlands / England; DoT arrows and Quartile are not figures",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "ChAT"
    heading(ws, 1, "Derby City Council - ChAT extract")
    ws.cell(row=2, column=1, value="Years are reporting years ending 31 March (2024 = 2023-24).")
    put_row(ws, 4, ["Indicator", "Derby", None, None, "Latest (2024)", None, None, "DoT", "Quartile"])
    ws.merge_cells("B4:D4")
    ws.merge_cells("E4:G4")
    put_row(ws, 5, [None, 2022, 2023, 2024, "SN avg", "East Midlands", "England", None, None])
    region = "E12000004"
    for row, (label, indicator, snapshot, fmt, method) in enumerate(CHAT_SPECS, start=6):
        measure = getattr(ref, method)
        values = [measure(y, la) for y in years]
        latest = years[-1]
        comparators = [
            ref.sn_mean(la, lambda c, m=measure, y=latest: m(y, c)),
            measure(latest, region),
            measure(latest, ENGLAND),
        ]
        dot = "\u2191" if (values[-1] or 0) >= (values[-2] or 0) else "\u2193"
        put_row(
            ws,
            row,
            [label] + [v if v is not None else "x" for v in values] + comparators + [dot, "ABCD"[row % 4]],
            fmt={i: fmt for i in range(1, 7)},
        )
        for y, value in zip(years, values, strict=True):
            case.add(la, indicator, snap(y) if snapshot else fy(y), value)
        period = snap(latest) if snapshot else fy(latest)
        for area, value in zip((f"SN-{la}", region, ENGLAND), comparators, strict=True):
            case.add(area, indicator, period, value)
    return case, wb


# --------------------------------------------------------------------------- 9-10: long CSV extracts


def long_period_value_measure(ref: Reference) -> tuple[Case, list[list]]:
    la, year = "E10000025", 2024
    case = Case(
        "extract_period_value_measure_area",
        "csv",
        "",
        "long_csv",
        "columns Period,Value,Measure,Area (value before measure); Period as 2023-04; Area by name; "
        "'Referrals (YTD)' rows are cumulative and not figures; month-end CP/CLA counts are "
        "snapshots on the last day of the month; one blank value",
    )
    referrals = spread(int(ref.num("c1", year, la, "referral_count")), SEASON)
    s47 = spread(int(ref.num("c4", year, la, "Section47")), SEASON[::-1])
    cpp_end = int(ref.num("d5", year, la, "CPP_At31"))
    cla_end = int(ref.num("cla", year, la, "children_count"))
    rows: list[list] = [["Period", "Value", "Measure", "Area"]]
    ytd = 0
    for i, (y, m) in enumerate(fy_months(year)):
        period = f"{y}-{m:02d}"
        ytd += referrals[i]
        cpp = cpp_end + (11 - i) * 3 - (i % 3) * 4
        cla = cla_end + (11 - i) * 9
        s47_value: int | str = "" if i == 8 else s47[i]
        for measure, value in (
            ("Referrals", referrals[i]),
            ("Referrals (YTD)", ytd),
            ("S47 enquiries started", s47_value),
            ("Children on a CP plan at month end", cpp),
            ("CLA at month end", cla),
        ):
            rows.append([period, value, measure, "Oxfordshire"])
        case.add(la, "referrals", month(y, m), referrals[i])
        case.add(la, "s47_enquiries", month(y, m), None if s47_value == "" else s47_value)
        case.add(la, "cpp_count", snap(y, m), cpp)
        case.add(la, "cla_count", snap(y, m), cla)
    return case, rows


def long_unit_column(ref: Reference) -> tuple[Case, list[list]]:
    year = 2024
    olds = ["937", "330", "331", "332", "333", "860", "861"]
    case = Case(
        "benchmark_extract_unit_column_wm",
        "csv",
        "",
        "long_csv",
        "LAs by old 3-digit DfE code plus name; separate Unit column ('%', 'per 10,000', 'Number'); "
        "time period '2023-24'; real 'c'/'x' marks are not figures",
    )
    rows: list[list] = [["LA code", "LA name", "Indicator", "Time period", "Unit", "Value"]]
    for old in olds:
        code = ref.old_to_new[old]
        name = ref.names[code]
        for label, indicator, unit, snapshot, raw in (
            ("Referrals", "referrals", "Number", False, ref.raw("c1", year, code, "referral_count")),
            (
                "Re-referrals within 12 months",
                "rereferrals_12m_pct",
                "%",
                False,
                ref.raw("c1", year, code, "rereferral_percent"),
            ),
            (
                "Children on CP plans at 31 March",
                "cpp_count",
                "Number",
                True,
                ref.raw("d5", year, code, "CPP_At31"),
            ),
            (
                "Children on CP plans at 31 March",
                "cpp_rate",
                "per 10,000",
                True,
                str(ref.cpp_rate(year, code) or "c"),
            ),
            (
                "CP plans lasting 2 years or more at 31 March",
                "cpp_current_2y_pct",
                "%",
                True,
                ref.raw("d5", year, code, "2_years_or_more_percent"),
            ),
            (
                "CPP second or subsequent",
                "cpp_repeat_pct",
                "%",
                False,
                ref.raw("d3", year, code, "CPP_subsequent_percent"),
            ),
        ):
            rows.append([old, name, label, fy_label(year, "-"), unit, raw])
            if not is_missing(raw):
                case.add(code, indicator, snap(year) if snapshot else fy(year), float(raw))
    return case, rows


# --------------------------------------------------------------------------- 11-12: operational areas


def operational_oxfordshire() -> tuple[Case, Workbook]:
    la = "E10000025"
    case = Case(
        "operational_caseloads_oxfordshire_2015",
        "xlsx",
        "",
        "operational_areas",
        "council title line then areas across (South/Central/North) and measures down; snapshot "
        "at 30 September 2015 in subtitle; 'Looked after cases in family support teams' is only "
        "part of the LA's CLA and is not stored; from Oxfordshire report card Nov 2015",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Caseloads"
    heading(ws, 1, "Oxfordshire County Council")
    ws.cell(row=2, column=1, value="Children, Education & Families - family support teams")
    ws.cell(row=3, column=1, value="Caseloads by area as at 30 September 2015")
    put_row(ws, 5, [None, "South", "Central", "North"])
    data = [
        ("Total family support caseload (open cases)", "open_cases", [417, 578, 498]),
        ("Child Protection cases by area", "cpp_count", [163, 223, 208]),
        ("Looked after cases in family support teams by area", "", [51, 58, 36]),
        ("Children in Need cases by area", "cin_plans_count", [203, 297, 254]),
        ("Average caseload by worker", "caseload_avg", [22, 18, 20]),
        ("Unallocated Child Protection cases", "unallocated_cp_cases", [0, 0, 0]),
        ("Unallocated Children in need cases", "unallocated_cin_cases", [37, 17, 7]),
    ]
    period = snap(2015, 9, 30)
    for row, (label, indicator, values) in enumerate(data, start=6):
        put_row(ws, row, [label] + values)
        if indicator:
            for slug, value in zip(("south", "central", "north"), values, strict=True):
                case.add(f"{la}-{slug}", indicator, period, value)
    ws.cell(row=14, column=1, value="Caseload target: 14 per FTE social worker (not shown).")
    return case, wb


def operational_monthly() -> tuple[Case, Workbook]:
    la = "E10000025"
    case = Case(
        "operational_unallocated_monthly",
        "xlsx",
        la,
        "operational_areas",
        "no council named; areas down (North/Central/South/County total), month-end date cells "
        "across (merged title over them); two tables stacked; figures are snapshots at month end; "
        "Target column is not a figure; illustrative figures shaped like the 2015 report card",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Unallocated"
    heading(ws, 1, "Children's Social Care - locality dashboard")
    months = [(2015, m) for m in range(4, 10)]
    tables = [
        (
            "Unallocated cases at month end",
            "unallocated_cases",
            "0",
            {
                "North": [4, 6, 5, 7, 6, 7],
                "Central": [12, 15, 14, 18, 16, 17],
                "South": [21, 26, 30, 33, 35, 37],
            },
        ),
        (
            "Average caseload per FTE social worker (month end)",
            "caseload_avg",
            "0.0",
            {
                "North": [18.2, 18.9, 19.4, 19.6, 19.8, 20.1],
                "Central": [16.4, 16.9, 17.2, 17.5, 17.8, 18.0],
                "South": [19.5, 20.2, 20.8, 21.3, 21.7, 22.0],
            },
        ),
    ]
    row = 3
    for title, indicator, fmt, data in tables:
        put_row(ws, row, ["Area", title] + [None] * 5 + ["Target"])
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
        for j, (y, m) in enumerate(months):
            cell = ws.cell(row=row + 1, column=2 + j, value=dt.date(y, m, calendar.monthrange(y, m)[1]))
            cell.number_format = "dd/mm/yyyy"
        for i, (area, values) in enumerate(data.items(), start=row + 2):
            put_row(
                ws,
                i,
                [area] + values + [0 if indicator == "unallocated_cases" else 14],
                fmt={k: fmt for k in range(1, 7)},
            )
            for (y, m), value in zip(months, values, strict=True):
                case.add(f"{la}-{area.lower()}", indicator, snap(y, m), value)
        if indicator == "unallocated_cases":
            totals = [sum(col) for col in zip(*data.values(), strict=True)]
            put_row(ws, row + 5, ["County total"] + totals)
            for (y, m), value in zip(months, totals, strict=True):
                case.add(la, indicator, snap(y, m), value)
            row += 8
    return case, wb


# --------------------------------------------------------------------------- 13: fractions report


def fractions_hampshire() -> tuple[Case, Workbook]:
    la = "E10000014"
    case = Case(
        "select_committee_hampshire_2015",
        "xlsx",
        "",
        "fraction_percent_report",
        "percentages stored as fractions with Excel format '0%' (0.112 shows as 11%, true value 11.2); "
        "rates with '0.0'; three stacked tables each with a title line; 'Apr 14 - Feb 15 (YTD)' column "
        "is year to date and not a figure, but its snapshot rows (open cases, CP, CLA, current 2y %) are the "
        "position at end of Feb 2015; N/A cells; from Hampshire select committee Jun 2015",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Performance"
    heading(ws, 1, "Hampshire County Council - Children's Services Department")
    ws.cell(row=2, column=1, value="Children and Young People Select Committee: safeguarding update")
    cols = ["2012-13", "2013-14", "Apr 14 - Feb 15 (YTD)"]
    periods = {"flow": [fy(2013), fy(2014)], "snap": [snap(2013), snap(2014)]}
    tables = [
        (
            "Contacts and Referrals",
            [
                ("No. of open social work cases", "open_cases", "", "snap", "0", [6502, 8020, 8537]),
                ("Number of initial contacts", "contacts", "", "flow", "#,##0", [61174, 68789, 71434]),
                ("Number of referrals", "referrals", "", "flow", "#,##0", [10297, 16217, 16898]),
            ]
            + [
                (label, "referrals_by_source_pct", bd, "flow", "0%", ["N/A", a, b])
                for label, bd, a, b in (
                    ("Referral Source : Individual", "individual", 11.2, 11.1),
                    ("Education", "education", 18.7, 21.9),
                    ("Health Services", "health", 13.7, 14.2),
                    ("Housing", "housing", 0.0, 1.7),
                    ("Local Authority Services", "la_services", 11.2, 8.4),
                    ("Police", "police", 29.1, 28.2),
                    ("Other legal agency", "other_legal_agency", 3.3, 3.0),
                    ("Other", "other", 7.4, 7.9),
                    ("Anonymous", "anonymous", 2.2, 2.6),
                    ("Unknown", "unknown", 1.8, 1.1),
                    ("Not Recorded", "not_recorded", 1.4, 0.0),
                )
            ],
        ),
        (
            "Section 47 and Assessments",
            [
                ("% of S47 going to ICPC", "s47_to_icpc_pct", "", "flow", "0%", [53.3, 53.5, 44.5]),
                (
                    "Initial Assessments Timeliness",
                    "initial_assessments_timely_pct",
                    "",
                    "flow",
                    "0%",
                    [64.9, 68.1, "N/A"],
                ),
                (
                    "Core Assessments Timeliness",
                    "core_assessments_timely_pct",
                    "",
                    "flow",
                    "0%",
                    [66.8, 66.6, "N/A"],
                ),
                (
                    "CFA Timeliness (45 working days)",
                    "assessments_45wd_pct",
                    "",
                    "flow",
                    "0%",
                    ["N/A", 91.4, 74.6],
                ),
                ("Assessments Total", "assessments_timely_pct", "", "flow", "0%", [65.7, 74.8, 74.6]),
            ],
        ),
        (
            "Child Protection Plans (CPP) and visits",
            [
                ("No of children on CPP (at 31 March)", "cpp_count", "", "snap", "0", [909, 1111, 1357]),
            ]
            + [
                (label, "cpp_by_category_pct", bd, "flow", "0%", vals)
                for label, bd, vals in (
                    ("New CPP in the Year %: Neglect", "neglect", [46.6, 49.0, 58.5]),
                    ("Physical", "physical", [26.9, 21.6, 15.4]),
                    ("Sexual", "sexual", [7.6, 4.9, 5.0]),
                    ("Emotional", "emotional", [18.9, 24.6, 21.1]),
                )
            ]
            + [
                (label, "cpp_by_category_rate", bd, "flow", "0.0", vals)
                for label, bd, vals in (
                    ("New CPP in Year Rate Per 10,000 : Neglect", "neglect", [19, 20.7, 37.4]),
                    ("Physical", "physical", [10.9, 8.2, 9.9]),
                    ("Sexual", "sexual", [3.1, 1.9, 3.2]),
                    ("Emotional", "emotional", [7.7, 8.7, 13.6]),
                )
            ]
            + [
                ("CPP's ending after 2 or more years", "cpp_ended_2y_pct", "", "flow", "0%", [5.2, 3.2, 2.8]),
                (
                    "Current CPs lasting 2 or more years",
                    "cpp_current_2y_pct",
                    "",
                    "snap",
                    "0%",
                    [2.1, 1.8, 2.5],
                ),
                (
                    "Children requiring a repeat CPP within 2 yrs",
                    "cpp_repeat_2y_pct",
                    "",
                    "flow",
                    "0%",
                    ["N/A", 10.0, 8.1],
                ),
                (
                    "Visits made in accordance with CPP - 14 day",
                    "cpp_visits_timely_pct",
                    "",
                    "flow",
                    "0%",
                    ["N/A", 84.4, 72.5],
                ),
                ("No of full time CLA (at 31 March)", "cla_count", "", "snap", "0", [1131, 1267, 1354]),
                (
                    "% of CLA with 3+ moves during the year",
                    "cla_3plus_moves_pct",
                    "",
                    "flow",
                    "0%",
                    [16.2, 13.7, 13.6],
                ),
            ],
        ),
    ]
    row = 4
    for title, lines in tables:
        heading(ws, row, title)
        put_row(ws, row, cols, col=2)
        for label, indicator, breakdown, kind, fmt, values in lines:
            row += 1
            ws.cell(row=row, column=1, value=label)
            for j, value in enumerate(values):
                stored = value / 100 if fmt == "0%" and isinstance(value, float) else value
                cell = ws.cell(row=row, column=2 + j, value=stored)
                cell.number_format = fmt
                if isinstance(value, str) or (j == 2 and kind == "flow"):
                    continue
                case.add(la, indicator, periods[kind][j] if j < 2 else snap(2015, 2), value, breakdown)
        row += 2
    return case, wb


# --------------------------------------------------------------------------- 14: cover + data sheet


def cover_and_data() -> tuple[Case, Workbook]:
    la = "E10000025"
    case = Case(
        "cla_legal_status_cover_sheet",
        "xlsx",
        "",
        "cover_plus_data",
        "Cover sheet names the council and says figures are at 31 March; Data sheet does not name "
        "it; bold Total row is cla_count; 'Change 10/11 to 14/15' column is not a figure; UASC row "
        "below a spacer; from Oxfordshire report card Nov 2015",
    )
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    heading(cover, 1, "Oxfordshire County Council")
    for i, text in enumerate(
        [
            "Children looked after: legal status trend",
            "",
            "Notes",
            "All figures are children looked after at 31 March of each year.",
            "Source: SSDA903 return. Years shown as financial years (2014/15 = at 31 March 2015).",
            "Contact: Performance and Information Team",
        ],
        start=2,
    ):
        cover.cell(row=i, column=1, value=text)
    ws = wb.create_sheet("Data")
    years = [2011, 2012, 2013, 2014, 2015]
    put_row(ws, 1, ["Legal status @ 31 March"] + [fy_label(y) for y in years] + ["Change 10/11 to 14/15"])
    data = [
        ("Full Care Order", "full_care_order", [127, 145, 142, 170, 189], 0.488),
        ("Interim Care Order", "interim_care_order", [96, 103, 63, 78, 61], -0.365),
        ("All Care Orders", "all_care_orders", [223, 248, 205, 248, 250], 0.121),
        ("Placement Order", "placement_order", [26, 48, 57, 58, 65], 1.5),
        ("Voluntary - Section 20", "section_20", [177, 154, 153, 155, 197], 0.113),
        ("Remand", "remand", [0, 0, 1, 1, 0], 0.0),
        ("Police Protection or Emergency Protection", "police_protection_epo", [1, 0, 0, 1, 2], 1.0),
    ]
    for row, (label, breakdown, values, change) in enumerate(data, start=2):
        put_row(ws, row, [label] + values + [change], fmt={6: "0.0%"})
        for y, value in zip(years, values, strict=True):
            case.add(la, "cla_by_legal_status_count", snap(y), value, breakdown)
    totals = [427, 450, 416, 463, 514]
    put_row(ws, 9, ["Total"] + totals + [0.204], fmt={6: "0.0%"})
    for cell in ws[9]:
        cell.font = BOLD
    for y, value in zip(years, totals, strict=True):
        case.add(la, "cla_count", snap(y), value)
    put_row(ws, 11, ["No. LAC who are UASC", 34, 30, 26, 24, 49, 1.04], fmt={6: "0%"})
    for y, value in zip(years, [34, 30, 26, 24, 49], strict=True):
        case.add(la, "cla_uasc_count", snap(y), value)
    ws.column_dimensions["A"].width = 44
    ws["A1"].alignment = Alignment(wrap_text=True)
    return case, wb


# --------------------------------------------------------------------------- output


def write_expected(case: Case) -> None:
    seen: dict[tuple, float] = {}
    for area, indicator, breakdown, start, end, value in case.rows:
        key = (area, indicator, breakdown, start, end)
        if key in seen and seen[key] != value:
            raise ValueError(f"{case.name}: two different values for {key}")
        seen[key] = value
    with (OUT / f"{case.name}.expected.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["area_code", "indicator", "breakdown", "period_start", "period_end", "value"])
        for key in sorted(seen):
            value = seen[key]
            writer.writerow([*key, int(value) if float(value).is_integer() else value])


def write_csv(path: Path, rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def build_all() -> list[Case]:
    ref = Reference()
    built: list[Case] = []
    workbook_builders = [
        lambda: ilacs_warwickshire(ref),
        lambda: ilacs_hampshire(ref),
        lscp_warwickshire,
        lambda: lscp_oxfordshire(ref),
        lambda: front_door_warwickshire(ref),
        lambda: front_door_leeds(ref),
        lambda: chat_norfolk(ref),
        lambda: chat_derby(ref),
        operational_oxfordshire,
        operational_monthly,
        fractions_hampshire,
        cover_and_data,
    ]
    for builder in workbook_builders:
        case, wb = builder()
        wb.save(OUT / f"{case.name}.xlsx")
        built.append(case)
    for builder in (lambda: long_period_value_measure(ref), lambda: long_unit_column(ref)):
        case, rows = builder()
        write_csv(OUT / f"{case.name}.csv", rows)
        built.append(case)
    for case in built:
        write_expected(case)
    write_csv(
        OUT / "manifest.csv",
        [["file", "council", "shape", "notes"]]
        + [[f"{c.name}.{c.ext}", c.council, c.shape, c.notes] for c in built],
    )
    return built


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    for built_case in build_all():
        log.info("%s: %d expected figures", built_case.name, len(built_case.rows))
