"""Both paths, one answer: the wide readers' column-wise paths against their figure-by-figure ones.

The DfE release reader and the tables reader each read a large table column by column (plain numbers
parsed a column at once, figures written straight into ``Figures`` columns) unless asked not to
(``column_wise=False``), when they build an ``Observation`` per figure as they always did. Every file
here is read both ways, through the dispatch as an import reads it, and the answers must be the same:
every figure with every field (its source cell included) in the same order, every issue (code, severity,
message, file, sheet, cell) in the same order, the targets, the count of cells not read and the layout.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import openpyxl
import pytest

from cpdesk.read import dispatch
from cpdesk.read.dispatch import read_file
from cpdesk.read.grid import ReadError
from tests.conftest import REPO, SAMPLES, SHARED
from tests.core.merged_fixtures import merged_council_workbook
from tests.core.table_fixtures import warwickshire_report

REFERENCE = SHARED / "reference"
ACCEPTANCE = REPO / "tests" / "acceptance" / "cases"
WIDE_FILES = (".csv", ".xlsx", ".xls", ".ods")


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir()
                  if path.suffix in WIDE_FILES and not path.name.endswith(".expected.csv"))


def _answer(result) -> dict:
    """Everything a ReadResult says, in plain values that compare field by field."""
    return {
        "figures": [(o.area_code, o.indicator_id, o.breakdown, o.period.key, o.period.label, o.value,
                     o.status, o.raw, o.publisher, o.source) for o in result.observations],
        "issues": [(i.code, i.severity, i.message, i.file, i.sheet, i.cell) for i in result.issues],
        "targets": list(result.targets),
        "not_read": result.not_read,
        "layout": result.layout,
        "tables_found": result.tables_found,
        "read_at": sorted((result.observations[n].source, where) for n, where in _read_at(result)),
    }


def _read_at(result):
    """(index, cell) of the figures whose cell in this file is not their source."""
    found = getattr(result.observations, "read_at", None)
    if found:
        return sorted(found.items())
    by_id = {id(o): n for n, o in enumerate(result.observations)}
    return sorted((by_id[key], where) for key, where in result.read_at.items() if key in by_id)


def read_both_ways(path: Path, reference, monkeypatch, **options) -> tuple[dict, dict]:
    """(column-wise, figure by figure) answers for the file at ``path``."""
    column_wise = _answer(read_file(path, reference, **options))
    with monkeypatch.context() as patched:
        for reader in ("read_dfe_rows", "read_tables"):
            patched.setattr(dispatch, reader, functools.partial(getattr(dispatch, reader), column_wise=False))
        by_figure = _answer(read_file(path, reference, **options))
    return column_wise, by_figure


def assert_same(column_wise: dict, by_figure: dict) -> None:
    for part in by_figure:
        assert column_wise[part] == by_figure[part], f"the two paths differ in {part}"


RELEASES = _files(REFERENCE) + _files(SAMPLES / "dfe")


@pytest.mark.skipif(not RELEASES, reason="no DfE releases found")
@pytest.mark.parametrize("path", RELEASES, ids=lambda path: path.name)
def test_dfe_releases_read_the_same_both_ways(path, reference, monkeypatch):
    column_wise, by_figure = read_both_ways(path, reference, monkeypatch)
    assert_same(column_wise, by_figure)


GEOGRAPHY = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
             "old_la_code,new_la_code,la_name")
WARWICKSHIRE = ("Reporting year,Local authority,E92000001,England,E12000005,West Midlands,"
                "937,E10000031,Warwickshire")
AWKWARD_ROWS = [  # area columns, then Section47, ICPC, CPP_At31, CPP_At31_rate_per_10000, referral_count
    "2024,Reporting year,National,E92000001,England,,,,,,230590,72100,50010,41.2,632830",
    "2024,Reporting year,Regional,E92000001,England,E12000005,West Midlands,,,,24720,7740,6120,c,62720",
    f"2024,{WARWICKSHIRE},"
    "1100,380,420,33.1,5600",
    # the same LA and year again: equal figures, then different ones (an error naming the first cell)
    f"2024,{WARWICKSHIRE},"
    "1100,380,420,33.1,5600",
    f"2024,{WARWICKSHIRE},"
    "1200,x,421,33.1,5601",
    # symbols, thousands commas, percent signs, spaces, footnote marks, words, blanks, exponents
    f"2023,{WARWICKSHIRE},"
    "\"1,100\",c,12%, 7 ,5*",
    "2023,Reporting year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden,"
    "abc,,1e3,-3,0.5",
    "2022,Reporting year,Local authority,E92000001,England,E12000007,London,202,E09000007,Camden,"
    "low,z,u,k,..",
    # ICPCs beyond the enquiries (no percentage is worked out over 100%)
    f"2022,{WARWICKSHIRE},"
    "300,380,420,33.1,5600",
    "2024,Reporting year,School,E92000001,England,,,,,,1,2,3,4,5",
    "2024,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,999,E10999999,Nowhere,"
    "1,2,3,4,5",
    "20x4,Reporting year,National,E92000001,England,,,,,,1,2,3,4,5",
    "",
    "2021,Reporting year,National,E92000001,England,,,,,,230590,72100,50010,41.2,632830",
]


@pytest.mark.parametrize("percent", [True, False], ids=["published-percent", "worked-out-percent"])
def test_an_awkward_release_reads_the_same_both_ways(percent, tmp_path, reference, monkeypatch):
    columns = "Section47,ICPC,CPP_At31,CPP_At31_rate_per_10000,referral_count"
    rows = AWKWARD_ROWS
    if percent:  # the release's own ICPC percentage, checked against its counts
        columns += ",Section47_to_ICPC_percent"
        rows = [row + (",31.3" if n % 3 else ",99.9") if row else row for n, row in enumerate(rows)]
    path = tmp_path / "awkward_release.csv"
    path.write_text("\n".join([f"{GEOGRAPHY},{columns}", *rows]) + "\n", encoding="utf-8")
    column_wise, by_figure = read_both_ways(path, reference, monkeypatch)
    assert_same(column_wise, by_figure)
    codes = {issue[0] for issue in by_figure["issues"]}
    assert {"dfe-duplicate", "dfe-not-a-number", "dfe-unknown-area", "dfe-bad-period"} <= codes
    assert by_figure["figures"], "the release's readable rows were read"


TABLE_FILES = (_files(SAMPLES) + [path for case in sorted(ACCEPTANCE.glob("*")) for path in _files(case)])


@pytest.mark.parametrize("path", TABLE_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_sample_and_acceptance_workbooks_read_the_same_both_ways(path, reference, monkeypatch):
    try:
        column_wise, by_figure = read_both_ways(path, reference, monkeypatch)
    except ReadError as refused:  # the broken samples: refused the same way, whichever path
        with pytest.raises(ReadError, match=re.escape(str(refused))):
            read_both_ways(path, reference, monkeypatch)
        return
    assert_same(column_wise, by_figure)


@pytest.mark.parametrize("council", [None, "937"])
def test_the_seed_report_tables_read_the_same_both_ways(council, tmp_path, reference, monkeypatch):
    """Warwickshire's and the merged council report's tables, as the seed reports lay them out."""
    for path in (warwickshire_report(tmp_path / "warwickshire.xlsx"),
                 merged_council_workbook(tmp_path / "merged.xlsx")):
        column_wise, by_figure = read_both_ways(path, reference, monkeypatch, council=council)
        assert_same(column_wise, by_figure)
        assert by_figure["figures"]


MONTHS = ["Jan 2023", "Feb 2023", "Mar 2023", "Apr 2023", "May 2023", "Jun 2023"]


def _awkward_grid(path: Path) -> Path:
    """LAIT-like grids of LAs by months and years, with every kind of awkward cell among plain numbers."""
    book = openpyxl.Workbook()
    counts = book.active
    counts.title = "Counts"
    counts["A1"] = "Children subject to a child protection plan"
    counts.append([])
    counts.append(["LA code", "Local authority", *MONTHS, "Comments"])
    awkward = [None, "c", "TBC", "  ", "42", "1,234", "25*", "12%", True, dt.datetime(2023, 1, 1), "x",
               -3, 7.25, float("nan"), "£5", "<5", "#DIV/0!", "N/A", 0, "abc"]
    las = [(937, "Warwickshire"), (850, "Hampshire"), (931, "Oxfordshire"), (825, "Buckinghamshire"),
           (942, "Cumberland"), (937, "Warwickshire"), (999, "Nowhere")]
    for n, (code, name) in enumerate(las):
        row = [code, name, *[100 + n * 6 + m for m in range(len(MONTHS))], "note"]
        if n % 2:
            row[2 + n % len(MONTHS)] = awkward[n % len(awkward)]
        counts.append(row)
    for n, value in enumerate(awkward):
        counts.append([850 if n % 2 else 931, "Hampshire" if n % 2 else "Oxfordshire",
                       *[value if m == n % len(MONTHS) else 50 + m for m in range(len(MONTHS))]])
    percents = book.create_sheet("Percentages")
    percents["A1"] = "Re-referrals within 12 months (%)"
    percents.append(["Local authority", "2019-20", "2020-21", "2021-22", "2022-23", "England"])
    for n, name in enumerate(["Warwickshire", "Hampshire", "Oxfordshire", "Buckinghamshire"]):
        percents.append([name, 0.238 if n < 3 else 24.0, 23.8, "21.5%", 0.5 + n, 22.1])
    percents.cell(3, 3).number_format = "0.0%"
    categories = book.create_sheet("Categories")
    categories["A1"] = "Children subject to a child protection plan by category of abuse"
    categories.append(["Category", "31 Mar 2022", "31 Mar 2023", "Year to date"])
    for n, name in enumerate(["Neglect", "Physical abuse", "Sexual abuse", "Emotional abuse", "Total"]):
        categories.append([name, 100 + n, 90 + n, 10 + n])
    _sections(book.create_sheet("Sections"))
    book.save(path)
    return path


def _sections(sheet) -> None:
    """Two councils' sections, each with age bands and legal statuses under it and a Total under each:
    a Total takes the indicator of the categories just above it."""
    sheet["A1"] = "Children by age band and by legal status"
    sheet.append(["", "31 Mar 2022", "31 Mar 2023"])
    for council in ("Warwickshire", "Hampshire"):
        sheet.append([council])
        for n, name in enumerate(["Under 1", "1-4", "5-9", "10-15", "16+", "Total"]):
            sheet.append([name, 10 + n, 12 + n])
        if council == "Warwickshire":
            for n, name in enumerate(["Full Care Orders", "Section 20", "Total"]):
                sheet.append([name, 40 + n, 41 + n])


@pytest.mark.parametrize("council", [None, "937"])
def test_awkward_grids_read_the_same_both_ways(council, tmp_path, reference, monkeypatch):
    path = _awkward_grid(tmp_path / "awkward_grid.xlsx")
    column_wise, by_figure = read_both_ways(path, reference, monkeypatch, council=council)
    assert_same(column_wise, by_figure)
    codes = {issue[0] for issue in by_figure["issues"]}
    assert len(by_figure["figures"]) > 100
    assert {"area-not-in-period", "area-code-in-force", "not-a-number", "excel-error"} <= codes, codes


def test_a_grid_of_plain_numbers_reads_the_same_both_ways(tmp_path, reference, monkeypatch):
    """Thousands of plain figures, where the column-wise path takes almost every cell from its plan."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Children looked after per 10,000 children"
    months = [f"{month} {year}" for year in range(2015, 2025) for month in ("Mar", "Jun", "Sep", "Dec")]
    sheet.append([])
    sheet.append(["LA", *months])
    for n, la in enumerate(a for a in reference.areas.all("la") if a.old_code):
        sheet.append([la.name, *[round(40 + (n * 7 + m) % 60 + m / 10, 1) for m in range(len(months))]])
    book.save(tmp_path / "grid.xlsx")
    column_wise, by_figure = read_both_ways(tmp_path / "grid.xlsx", reference, monkeypatch)
    assert_same(column_wise, by_figure)
    assert len(by_figure["figures"]) > 4000
