"""The sample workbooks: rebuilt identically, true to the seed reports, and the tidy return complete."""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cpdesk.indicators.periods import parse_period
from sample_workbooks.build import build_all
from sample_workbooks.seed_figures import (
    AREA_NAMES,
    BROKEN_EXPECTATIONS,
    TABLES,
    expected_observations,
    table_by_id,
)

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_workbooks"
SEEDS = REPO.parent / "shared" / "seeds"
UNREADABLE = {e.file for e in BROKEN_EXPECTATIONS if e.rule == "unreadable"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    build_all(folder)
    return folder


def _sheet_contents(path: Path) -> dict[str, dict[str, tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: {c.coordinate: (c.value, c.number_format) for row in ws.iter_rows() for c in row
                       if c.value is not None}
            for ws in wb.worksheets}


def _lookup(obs: list[dict], area: str, indicator: str, period: str, breakdown: str = "") -> list[dict]:
    return [o for o in obs if (o["area_code"], o["indicator"], o["period_label"], o["breakdown"])
            == (area, indicator, period, breakdown)]


# (a) rebuilding gives the committed files -------------------------------------------------------

def test_rebuild_writes_exactly_the_committed_samples(rebuilt):
    built = {p.name for p in rebuilt.iterdir() if p.is_file()}
    committed = {p.name for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv")}
    assert built == committed
    assert "warwickshire_cp_update_2020.xlsx" in built and "tidy_seed_figures.csv" in built


def test_rebuilt_workbooks_hold_the_same_cells_and_formats(rebuilt):
    for path in sorted(rebuilt.glob("*.xlsx")):
        if path.name in UNREADABLE:
            continue
        assert _sheet_contents(path) == _sheet_contents(SAMPLES / path.name), path.name


def test_rebuilt_text_files_are_byte_equal(rebuilt):
    for path in sorted(rebuilt.glob("*.csv")):
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), path.name
    for name in UNREADABLE:
        assert (rebuilt / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_workbook_properties_are_fixed():
    wb = openpyxl.load_workbook(SAMPLES / "hampshire_safeguarding_2015.xlsx")
    assert wb.properties.creator == "cpdesk"
    assert wb.properties.modified == wb.properties.created == dt.datetime(2020, 9, 29, 9, 0)


# (b) the typed figures agree with the seed reports ----------------------------------------------

def _seed_text(name: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("the seed reports (../shared/seeds) are not available")
    return re.sub(r"</?[ibu]>", "", (SEEDS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.id)
def test_every_typed_cell_is_printed_in_its_seed(table):
    text = _seed_text(table.seed_file)
    assert table.title in text
    quoted_in_text = table.layout.startswith("figures quoted in the text")
    for row in table.cells:
        printed = [raw for raw in row if raw]
        if quoted_in_text:
            for raw in printed:
                assert re.search(rf"(?<![\d.,]){re.escape(raw)}(?![\d,]|\.\d)", text), raw
        else:
            assert "\t".join(printed) in text, row


def test_the_seed_tables_were_typed_in_full():
    text = _seed_text("003_13c247d34daabed0.txt")
    assert "Q1 20/21\t" + "\t".join(table_by_id("warwickshire_t5").cells[-1]) in text
    assert len(TABLES) == 20
    assert sum(len(t.row_labels) * len(t.column_labels) for t in TABLES) == 467


# (c) known figures --------------------------------------------------------------------------------

def test_known_warwickshire_figures():
    obs = expected_observations()
    assert [o["value"] for o in _lookup(obs, "E10000031", "cpp_rate", "31 Mar 2019")] == [29.8, 29.8]
    assert _lookup(obs, "SN-E10000031", "cpp_rate", "31 Mar 2019")[0]["value"] == 34.7
    assert _lookup(obs, "E92000001", "cpp_rate", "31 Mar 2019")[0]["value"] == 43.7
    assert _lookup(obs, "E10000031", "cpp_count", "31 Mar 2018")[0]["value"] == 563
    repeat = _lookup(obs, "E10000031", "cpp_repeat_pct", "Q1 20/21")
    assert [(o["value"], o["raw"]) for o in repeat] == [(31.7, "31.7%")]
    assert _lookup(obs, "E07000220", "cpp_rate", "31 Jul 2020")[0]["value"] == 33


def test_statuses_and_breakdowns():
    obs = expected_observations()
    tbc = _lookup(obs, "SN-E10000031", "cpp_ended_2y_pct", "2019/20")[0]
    assert (tbc["value"], tbc["status"], tbc["raw"]) == (None, "tbc", "TBC")
    na = _lookup(obs, "E10000014", "referrals_by_source_pct", "2012/13", "police")[0]
    assert (na["value"], na["status"], na["raw"]) == (None, "na", "N/A")
    assert _lookup(obs, "E10000014", "cpp_by_category_pct", "2013/14", "emotional")[0]["value"] == 24.6
    # "Feb 2015" beside whole years is the year so far for plans starting: not February's own figure
    assert _lookup(obs, "E10000014", "cpp_by_category_pct", "Feb 2015", "emotional") == []
    assert _lookup(obs, "E10000014", "cpp_count", "28 Feb 2015")[0]["value"] == 1357
    section_20 = _lookup(obs, "E10000025", "cla_by_legal_status_count", "31 Mar 2015", "section_20")
    assert section_20[0]["value"] == 197
    assert _lookup(obs, "E10000025", "cla_count", "31 Mar 2015")[0]["value"] == 514
    assert _lookup(obs, "E10000025-south", "unallocated_cin_cases", "30 Sep 2015")[0]["value"] == 37
    assert _lookup(obs, "E10000025", "cla_starts", "2012/13")[0]["raw"] == "247 \u2074"
    assert _lookup(obs, "E10000025", "child_population", "mid-2017")[0]["value"] == 143400


def test_derived_columns_are_not_observations():
    snapshots = table_by_id("oxfordshire_july_snapshots")
    assert snapshots.meaning(0, 3) is None and snapshots.cells[0][3] == "48.3%"
    assert snapshots.meaning(0, 2).period_label == "31 Jul 2015"


def test_ids_areas_and_periods_are_known():
    schema = tomllib.loads((REPO / "resources" / "indicators.toml").read_text(encoding="utf-8"))
    indicators = {i["id"]: i.get("breakdown") for i in schema["indicator"]}
    categories = {b["id"]: {c["id"] for c in b.get("category", [])} for b in schema["breakdown"]}
    for o in expected_observations():
        assert o["indicator"] in indicators, o
        dimension = indicators[o["indicator"]]
        assert (o["breakdown"] == "") if dimension is None else (o["breakdown"] in categories[dimension]), o
        assert o["area_code"] in AREA_NAMES
        assert parse_period(o["period_label"]).label == o["period_label"], o


# (d) the tidy return holds exactly the expected observations --------------------------------------

def test_tidy_csv_holds_every_expected_observation():
    with (SAMPLES / "tidy_seed_figures.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["area_code", "area_name", "indicator", "breakdown", "period", "value"]
    expected = [{"area_code": o["area_code"], "area_name": AREA_NAMES[o["area_code"]],
                 "indicator": o["indicator"], "breakdown": o["breakdown"], "period": o["period_label"],
                 "value": o["raw"]} for o in expected_observations()]
    assert rows == expected
    assert len(rows) == 382


def test_tidy_xlsx_matches_the_csv():
    with (SAMPLES / "tidy_seed_figures.csv").open(encoding="utf-8", newline="") as f:
        csv_rows = [tuple(r) for r in csv.reader(f)]
    ws = openpyxl.load_workbook(SAMPLES / "tidy_seed_figures.xlsx")["Return"]
    xlsx_rows = [tuple("" if v is None else v for v in row) for row in ws.iter_rows(values_only=True)]
    assert xlsx_rows == csv_rows


# the council layouts hold what a reader must interpret ---------------------------------------------

def _find(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(text)


def test_warwickshire_percentages_are_formatted_fractions_and_dates_real():
    ws = openpyxl.load_workbook(SAMPLES / "warwickshire_cp_update_2020.xlsx")["CP tables"]
    top, _ = _find(ws, table_by_id("warwickshire_t2").title)
    first = ws.cell(top + 3, 2)
    assert (first.value, first.number_format) == (0.049, "0.0%")
    assert ws.cell(top + 4, 6).value == "TBC"
    corner, _ = _find(ws, "Child Protection Rate per 10,000 at Year End")
    header = [ws.cell(corner, c) for c in range(2, 9)]
    assert [h.value for h in header][0] == dt.datetime(2015, 3, 31)
    assert header[-1].value == dt.datetime(2020, 7, 31) and header[-1].number_format == "mmm-yy"


def test_hampshire_keeps_text_percentages_and_na():
    ws = openpyxl.load_workbook(SAMPLES / "hampshire_safeguarding_2015.xlsx")["Safeguarding"]
    row, col = _find(ws, "Referral Source : Individual")
    assert [ws.cell(row, col + k).value for k in (1, 2, 3)] == ["N/A", "11.2%", "11.1%"]


# broken samples: each fault sits where the record says ---------------------------------------------

def _csv_cell(path: Path, cell: str) -> str:
    col, row = ord(cell[0]) - ord("A"), int(cell[1:]) - 1
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[row][col]


FAULTS = {"out-of-range": "123.4%", "not-whole": "12.5", "negative": -1267, "not-a-number": "abc",
          "unknown-area": "Narnia", "unknown-indicator": "Number of unicorns seen", "excel-error": "#DIV/0!",
          "duplicate-conflict": "31.2", "future-period": "120"}


@pytest.mark.parametrize("expectation", BROKEN_EXPECTATIONS, ids=lambda e: e.file)
def test_each_broken_sample_holds_its_fault(expectation):
    path = SAMPLES / expectation.file
    if expectation.rule == "unreadable":
        with pytest.raises((zipfile.BadZipFile, OSError, KeyError, ValueError)):
            openpyxl.load_workbook(path)
        return
    if path.suffix == ".csv":
        assert expectation.sheet == path.stem
        assert _csv_cell(path, expectation.cell) == FAULTS[expectation.rule]
    else:
        ws = openpyxl.load_workbook(path)[expectation.sheet]
        assert ws[expectation.cell].value == FAULTS[expectation.rule]


def test_future_and_duplicate_faults_are_in_the_right_rows():
    future = SAMPLES / "broken_future_period.csv"
    assert _csv_cell(future, "E4") == "2030/31"
    duplicate = SAMPLES / "broken_duplicate_conflict.csv"
    assert _csv_cell(duplicate, "E5") == _csv_cell(duplicate, "E3") == "31 Mar 2019"
    assert _csv_cell(duplicate, "F3") == "29.8"
