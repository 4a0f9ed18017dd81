"""Long files read by what their columns hold, whatever the headings: LAIT's long download and data
warehouse exports, built here from the DfE's published figures (``../shared/reference``), imported
into a store, and checked figure by figure and note by note.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics

import pytest
from openpyxl import Workbook

from cpdesk.pipeline import commit_import, prepare_import
from cpdesk.read.dispatch import read_file
from cpdesk.read.long_not_read import cell_ranges
from cpdesk.store import open_store
from tests.conftest import SHARED

REFERENCE = SHARED / "reference"
WARWICKSHIRE, HAMPSHIRE, ENGLAND, WEST_MIDLANDS = "E10000031", "E10000014", "E92000001", "E12000005"
ON_31_MARCH = "Children looked after on 31 March each year"
CEASING = "Children ceasing to be looked after each year"
LAIT_HEADINGS = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region"]
LAIT_MEASURES = {  # the DfE's population_type -> LAIT's Short Desc, Data item and the DfE column
    ON_31_MARCH: ("Looked after children per 10,000",
                  "Children looked after at 31 March (rate per 10,000 children aged under 18)",
                  "rate_per_10000"),
    CEASING: ("Children ceasing to be looked after",
              "Children who ceased to be looked after during the year", "children_count"),
}
YEARS = ("2023", "2024", "2025")
TODAY = dt.date(2025, 12, 1)


def _published(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} is not here: the published reference files sit beside the checkout")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def looked_after() -> list[dict[str, str]]:
    rows = _published("cla_number_and_rate_per_10k_children.csv")
    return [row for row in rows if row["time_period"] in YEARS]


@pytest.fixture(scope="module")
def neighbours_mean(looked_after) -> dict[str, float]:
    """Warwickshire's statistical neighbours' mean rate by year, as LAIT gives it (2025 model)."""
    model = {row["old_la_code"]: row for row in _published("sn_model_2025_wide.csv")}
    codes = [model["937"][f"SN_{n}"] for n in range(1, 11)]
    means = {}
    for year in YEARS:
        rates = {row["old_la_code"]: row["rate_per_10000"] for row in looked_after
                 if row["time_period"] == year and row["population_type"] == ON_31_MARCH}
        means[year] = round(statistics.mean(float(rates[c]) for c in codes if rates.get(c, "").isdigit()), 1)
    return means


def _number(text: str):
    return float(text) if text.replace(".", "", 1).isdigit() else text


def _lait_rows(looked_after, neighbours_mean, keep=lambda row: True) -> list[list]:
    rows = []
    for measure, (short, item, column) in LAIT_MEASURES.items():
        for year in YEARS:
            for row in looked_after:
                if row["population_type"] != measure or row["time_period"] != year or not keep(row):
                    continue
                figure = _number(row[column])
                rows.append([short, item, int(year), *_lait_area(row), figure, *_lait_codes(row)])
            if measure == ON_31_MARCH:
                neighbours = neighbours_mean[year]
                rows.append([short, item, int(year), "Statistical Neighbours", neighbours, None, None])
    return rows


def _lait_area(row: dict[str, str]) -> list[str]:
    """What LAIT's "LA and Regions" holds: England, a region's name or the council's."""
    level = row["geographic_level"]
    return [{"National": "England", "Regional": row["region_name"]}.get(level, row["la_name"])]


def _lait_codes(row: dict[str, str]) -> list:
    """LAIT's "LA Number" (the old DfE code) and "Region", given for councils only."""
    if row["geographic_level"] != "Local authority":
        return [None, None]
    return [int(row["old_la_code"]), row["region_name"]]


def _xlsx(path, title: str, headings: list[str], rows: list[list], formats: dict[int, str] | None = None):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    for column, number_format in (formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    book.save(path)
    return path


def _imported(path, reference, tmp_path, **councils):
    plan = prepare_import(path, reference, council=councils.get("council"),
                          home_council=councils.get("home_council"), today=TODAY)
    assert [str(i) for i in plan.report.errors] == []
    with open_store(tmp_path / "cpdesk.sqlite") as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        commit_import(plan, store, user="officer")
        stored = {(o.area_code, o.indicator_id, o.period.label): (o.value, o.status)
                  for o in store.observations()}
    return plan, stored


def _issues(plan_or_result, code: str) -> list[str]:
    issues = getattr(plan_or_result, "report", plan_or_result).issues
    return [issue.message for issue in issues if issue.code == code]


# LAIT's long download -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lait(tmp_path_factory, looked_after, neighbours_mean):
    rows = _lait_rows(looked_after, neighbours_mean)
    return _xlsx(tmp_path_factory.mktemp("lait") / "LAIT download.xlsx", "LAIT", LAIT_HEADINGS, rows)


def test_a_lait_download_is_read_whole_with_england_regions_and_neighbours(lait, looked_after,
                                                                             neighbours_mean, reference,
                                                                             tmp_path):
    plan, stored = _imported(lait, reference, tmp_path, council=WARWICKSHIRE)
    rates = [row for row in looked_after if row["population_type"] == ON_31_MARCH]
    assert len(stored) == len(rates) + len(YEARS)  # every council, region and England, and the neighbours
    assert {key[1] for key in stored} == {"cla_rate"}
    assert [stored[(WARWICKSHIRE, "cla_rate", f"31 Mar {y}")] for y in YEARS] == [(63, None), (64, None),
                                                                                  (56, None)]
    assert stored[(ENGLAND, "cla_rate", "31 Mar 2024")] == (69, None)
    assert stored[(WEST_MIDLANDS, "cla_rate", "31 Mar 2024")] == (89, None)
    assert stored[("E13000001", "cla_rate", "31 Mar 2024")] == (62, None)  # Inner London
    assert [stored[(f"SN-{WARWICKSHIRE}", "cla_rate", f"31 Mar {y}")][0] for y in YEARS] == [
        neighbours_mean[y] for y in YEARS]
    assert stored[("E10000006", "cla_rate", "31 Mar 2025")] == (None, "z")  # Cumbria, gone by 2025
    [how] = _issues(plan, "read-by-content")
    assert ("indicators from A 'Short Desc', periods from C 'Years', areas from D 'LA and Regions', "
            "figures from E 'Values'") in how
    [not_read] = _issues(plan, "ignored-columns")
    assert all(not_read.count(f"'{heading}'") == 1 for heading in ("Data item", "LA Number", "Region"))
    assert _issues(plan, "bare-year") and not _issues(plan, "areas-not-read")


def test_measures_cpdesk_does_not_know_are_one_warning_not_an_error(lait, looked_after, reference):
    result = read_file(lait, reference, council=WARWICKSHIRE)
    ceasing = sum(row["population_type"] == CEASING for row in looked_after)
    [warning] = [i for i in result.issues if i.code == "indicators-not-read"]
    assert warning.severity == "warning"
    assert f"'Children ceasing to be looked after' ({ceasing} rows, A" in warning.message
    assert "is not an indicator cpdesk knows" in warning.message
    assert not [i for i in result.issues if i.severity == "error"]


def test_without_a_council_the_neighbours_rows_are_passed_over_with_advice(lait, reference):
    result = read_file(lait, reference)
    [warning] = [i for i in result.issues if i.code == "areas-not-read"]
    assert warning.severity == "warning"
    assert f"'Statistical Neighbours' ({len(YEARS)} rows, " in warning.message
    assert "--council" in warning.message
    assert not [i for i in result.issues if i.severity == "error"]
    assert {o.area_code for o in result.observations} >= {WARWICKSHIRE, ENGLAND, WEST_MIDLANDS}
    assert not any(o.area_code.startswith("SN-") for o in result.observations)


def test_the_wizards_home_council_gives_the_neighbours_of_a_download_naming_every_council(lait, reference):
    result = read_file(lait, reference, home_council=WARWICKSHIRE)
    assert sum(o.area_code == f"SN-{WARWICKSHIRE}" for o in result.observations) == len(YEARS)
    [assumed] = [i.message for i in result.issues if i.code == "council-assumed"]
    assert "'Statistical Neighbours' in D 'LA and Regions' were read as Warwickshire's, your home" in assumed
    assert not [i for i in result.issues if i.code == "areas-not-read"]


def test_a_download_for_one_council_gives_its_neighbours(looked_after, neighbours_mean, reference, tmp_path):
    def ours(row):
        return row["new_la_code"] == WARWICKSHIRE or row["geographic_level"] != "Local authority"

    rows = _lait_rows(looked_after, neighbours_mean, keep=ours)
    path = _xlsx(tmp_path / "warwickshire.xlsx", "LAIT", LAIT_HEADINGS, rows)
    plan, stored = _imported(path, reference, tmp_path)
    assert stored[(f"SN-{WARWICKSHIRE}", "cla_rate", "31 Mar 2025")] == (neighbours_mean["2025"], None)
    [assumed] = _issues(plan, "council-assumed")
    assert "'Statistical Neighbours'" in assumed and "Warwickshire's, the only council" in assumed


# Data warehouse exports ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def children_on_plans() -> dict[int, int]:
    """Warwickshire's children on a child protection plan at 31 March (DfE D5), by year."""
    rows = _published("d5_cpps_at31march_by_duration_2013_to_2025.csv")
    return dict(sorted((int(row["time_period"]), int(row["CPP_At31"])) for row in rows
                       if row["new_la_code"] == WARWICKSHIRE and int(row["time_period"]) >= 2021))


def _monthly_export(path, children_on_plans):
    """A Power BI extract: a code and a name for each measure, the month as a date cell, RAG, polarity."""
    name = "Number of children subject to a child protection plan"
    rows = [["CSC-CP01", name, dt.datetime(year, 3, 1), count, 350, "G" if count <= 350 else "R", "Neither"]
            for year, count in children_on_plans.items()]
    for n in range(24):
        month = dt.datetime(2023 + (n + 3) // 12, (n + 3) % 12 + 1, 1)
        rows.append(["CSC-AD02", "Adoptions within 12 months", month, 3 + n % 4, 5, "A", "High"])
    headings = ["MeasureCode", "MeasureName", "ReportingMonth", "Actual", "Target", "RAG", "Polarity"]
    return _xlsx(path, "KPI extract", headings, rows, formats={3: "mmm-yy"})


def test_a_monthly_export_for_the_council_given(children_on_plans, reference, tmp_path):
    path = _monthly_export(tmp_path / "kpi_extract.xlsx", children_on_plans)
    plan, stored = _imported(path, reference, tmp_path, council=WARWICKSHIRE)
    assert stored == {(WARWICKSHIRE, "cpp_count", f"31 Mar {year}"): (count, None)
                      for year, count in children_on_plans.items()}
    assert stored[(WARWICKSHIRE, "cpp_count", "31 Mar 2024")] == (366, None)
    assert sorted(plan.read.targets) == [("cpp_count", WARWICKSHIRE, f"31 Mar {year}", 350.0)
                                         for year in children_on_plans]
    [warning] = _issues(plan, "indicators-not-read")
    assert "'Adoptions within 12 months' (24 rows, B7:B30) is not an indicator cpdesk knows" in warning
    [how] = _issues(plan, "read-by-content")
    assert "indicators from B 'MeasureName'" in how and "targets from E 'Target'" in how
    assert "Every figure is Warwickshire's, the council given" in how
    [not_read] = _issues(plan, "ignored-columns")
    assert all(not_read.count(f"'{heading}'") == 1 for heading in ("MeasureCode", "RAG", "Polarity"))


def test_an_export_naming_no_area_needs_a_council(children_on_plans, reference, tmp_path):
    result = read_file(_monthly_export(tmp_path / "kpi_extract.xlsx", children_on_plans), reference)
    [error] = [i for i in result.issues if i.severity == "error"]
    assert error.code == "no-area" and "names no area" in error.message and "--council" in error.message
    assert result.observations == []


@pytest.fixture(scope="module")
def hampshire_referrals() -> list[dict[str, str]]:
    rows = _published("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")
    return sorted((row for row in rows if row["new_la_code"] == HAMPSHIRE and row["time_period"] >= "2021"),
                  key=lambda row: row["time_period"])


def _as_stored(published: str) -> tuple[float | None, str | None]:
    """A published figure as stored: the number, or the DfE's mark (Hampshire's 2023 and 2024 are 'u')."""
    number = _number(published)
    return (number, None) if isinstance(number, float) else (None, published)


def _financial_year(time_period: str) -> str:
    return f"{int(time_period) - 1}/{time_period[2:]}"


def test_a_kpi_export_for_the_home_council(hampshire_referrals, reference, tmp_path):
    """A CSV under other headings; "Good is" holds High and Low, which must not be read as High Peak."""
    path = tmp_path / "kpis.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["KPI", "Description", "Period", "Value", "Target", "Good is"])
        for row in hampshire_referrals:
            year = _financial_year(row["time_period"])
            writer.writerow(["KPI 07", "Referrals in the year", year, row["referral_count"], "", "Low"])
            writer.writerow(["KPI 08", "Re-referral rate", year, row["rereferral_percent"], "22.0", "Low"])
            writer.writerow(["KPI 12", "Care leavers in suitable accommodation", year, "88.5", "90", "High"])
        writer.writerow(["KPI 07", "Referrals in the year", "2025/26", "TBC", "", "Low"])
    plan, stored = _imported(path, reference, tmp_path, home_council=HAMPSHIRE)
    for row in hampshire_referrals:
        year = _financial_year(row["time_period"])
        assert stored[(HAMPSHIRE, "referrals", year)] == _as_stored(row["referral_count"])
        assert stored[(HAMPSHIRE, "rereferrals_12m_pct", year)] == _as_stored(row["rereferral_percent"])
    assert stored[(HAMPSHIRE, "referrals", "2025/26")] == (None, "tbc")
    assert stored[(HAMPSHIRE, "referrals", "2023/24")] == (None, "u")
    assert {key[0] for key in stored} == {HAMPSHIRE}
    assert len(stored) == 2 * len(hampshire_referrals) + 1
    assert ("rereferrals_12m_pct", HAMPSHIRE, "2023/24", 22.0) in plan.read.targets
    [how] = _issues(plan, "read-by-content")
    assert "indicators from B 'Description'" in how and "Hampshire's, your home council" in how
    [not_read] = _issues(plan, "ignored-columns")
    assert "A 'KPI'" in not_read and "F 'Good is'" in not_read
    [warning] = _issues(plan, "indicators-not-read")
    assert f"'Care leavers in suitable accommodation' ({len(hampshire_referrals)} rows, " in warning


def test_of_two_measure_columns_the_one_naming_more_rows_is_read(children_on_plans, reference, tmp_path):
    """The reference column holds cpdesk's ids for every row; the names column only some known wordings."""
    names = {"cpp_count": "Children on a CP plan (snapshot)", "cpp_rate": "CP rate per 10,000"}
    rates = {2024: 28.5, 2025: 26.0}  # Warwickshire's published CP rates are not in the reference files
    path = tmp_path / "figures.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Indicator Ref", "Indicator", "Month", "Figure"])
        for year in (2024, 2025):
            writer.writerow(["cpp_count", names["cpp_count"], f"Mar-{year % 100}", children_on_plans[year]])
            writer.writerow(["cpp_rate", names["cpp_rate"], f"Mar-{year % 100}", rates[year]])
    result = read_file(path, reference, council=WARWICKSHIRE)
    read = {(o.indicator_id, o.period.label): o.value for o in result.observations}
    assert read == {("cpp_count", "31 Mar 2024"): 366, ("cpp_rate", "31 Mar 2024"): 28.5,
                    ("cpp_count", "31 Mar 2025"): children_on_plans[2025], ("cpp_rate", "31 Mar 2025"): 26.0}
    [how] = [i.message for i in result.issues if i.code == "read-by-content"]
    assert "indicators from A 'Indicator Ref'" in how and "figures from D 'Figure'" in how
    [not_read] = [i.message for i in result.issues if i.code == "ignored-columns"]
    assert "B 'Indicator' (name measures, as A 'Indicator Ref' does for more rows)" in not_read


def test_a_tidy_returns_target_column_gives_targets(reference, tmp_path):
    path = tmp_path / "return.csv"
    path.write_text("area_code,indicator,period,value,target\n"
                    "E10000031,cpp_repeat_pct,2023/24,23.8,20\n", encoding="utf-8")
    result = read_file(path, reference)
    assert result.targets == [("cpp_repeat_pct", WARWICKSHIRE, "2023/24", 20.0)]
    assert not [i for i in result.issues if i.code == "ignored-columns"]


def test_cells_are_named_in_ranges():
    assert cell_ranges("B", [6, 7, 8, 12]) == "B7:B9, B13"
    assert cell_ranges("D", [1, 3, 5, 7, 9]) == "D2, D4, D6, D8 ..."


def _kpis_with_unknown(path, hampshire_referrals, unknown: int):
    """Hampshire's referrals in a KPI list, and ``unknown`` rows of a measure cpdesk does not keep."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Description", "Period", "Value"])
        for n, row in enumerate(hampshire_referrals):
            year = _financial_year(row["time_period"])
            writer.writerow(["Referrals in the year", year, row["referral_count"]])
            if n < unknown:
                writer.writerow(["Care leavers in suitable accommodation", year, "88.5"])
    return path


@pytest.mark.parametrize(("unknown", "lead"), [
    (1, "1 row was not read because cpdesk does not know its measure: "),
    (2, "2 rows were not read because cpdesk does not know their measure: "),
])
def test_the_rows_not_read_are_counted_in_agreement(hampshire_referrals, reference, tmp_path, unknown, lead):
    path = _kpis_with_unknown(tmp_path / "kpis.csv", hampshire_referrals, unknown)
    result = read_file(path, reference, council=HAMPSHIRE)
    [warning] = _issues(result, "indicators-not-read")
    assert warning.startswith(f"Sheet 'kpis': {lead}'Care leavers in suitable accommodation' "
                              f"({'1 row' if unknown == 1 else f'{unknown} rows'}, A3")


def test_one_row_for_an_area_not_known_is_one_row_that_was_not_read(hampshire_referrals, reference, tmp_path):
    path = tmp_path / "areas.csv"
    first = hampshire_referrals[0]
    year = _financial_year(first["time_period"])
    path.write_text("Area,Description,Period,Value\n"
                    f"Hampshire,Referrals in the year,{year},{first['referral_count']}\n"
                    f"Hampshire North,Referrals in the year,{year},120\n", encoding="utf-8")
    result = read_file(path, reference)
    [warning] = _issues(result, "areas-not-read")
    assert warning.startswith("Sheet 'areas': 1 row was not read because cpdesk cannot tell which area it is "
                              "for: 'Hampshire North' (1 row, A3)")
