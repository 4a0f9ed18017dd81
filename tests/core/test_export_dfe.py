"""DfE format: the DfE's own layout, and the D3 figures come back out as the DfE published them."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from cpdesk.export.dfe_format import GEOGRAPHY_COLUMNS, indicator_columns, reporting_year, write_dfe_format
from cpdesk.export.safe_write import ExportError
from cpdesk.export.service import ExportFormat, ExportRequest, export
from cpdesk.indicators.periods import parse_period
from cpdesk.observation import Observation
from cpdesk.pipeline import import_workbook
from cpdesk.reference import load_reference
from cpdesk.store import open_store

REFERENCE = load_reference()
D3 = Path("/work/shared/reference/d3_cpps_subsequent_plan_2013_to_2025.csv")
D3_COLUMNS = ("CPP_start", "CPP_subsequent", "CPP_subsequent_percent")


def _d3_rows() -> list[dict[str, str]]:
    with open(D3, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_header_starts_with_the_d3_file_geography_columns():
    with open(D3, encoding="utf-8-sig", newline="") as handle:
        d3_header = next(csv.reader(handle))
    assert tuple(d3_header[:len(GEOGRAPHY_COLUMNS)]) == GEOGRAPHY_COLUMNS


def test_warwickshire_d3_figures_are_reproduced(database, tmp_path):
    with open_store(database) as store:
        store.sync_areas(REFERENCE.areas.all())
        store.sync_indicators(REFERENCE.schema.indicators.values())
        _plan, outcome = import_workbook(D3, REFERENCE, store, user="tester")
        assert outcome is not None
        figures = store.observations(area="E10000031")
    result = write_dfe_format(figures, tmp_path / "out.csv", REFERENCE.schema, REFERENCE.areas)
    with open(result.path, encoding="utf-8", newline="") as handle:
        exported = {row["time_period"]: row for row in csv.DictReader(handle)}
    expected = [r for r in _d3_rows() if r["new_la_code"] == "E10000031"]
    assert len(expected) == 13 and set(exported) == {r["time_period"] for r in expected}
    for row in expected:
        out = exported[row["time_period"]]
        assert [out[c] for c in GEOGRAPHY_COLUMNS] == [row[c] for c in GEOGRAPHY_COLUMNS]
        assert [out[c] for c in D3_COLUMNS] == [row[c] for c in D3_COLUMNS]
    assert exported["2020"]["CPP_subsequent_percent"] == "23.8"


def test_statuses_become_dfe_symbols_and_unplaceable_indicators_are_listed(tmp_path):
    year = parse_period("2019/20")
    figures = [Observation("E10000031", "cpp_repeat_count", year, None, "c", "c"),
               Observation("E10000031", "cpp_repeat_pct", year, None, "tbc", "TBC"),
               Observation("E10000031", "contacts", year, 5046.0),
               Observation("E10000031", "cpp_count", parse_period("31 Mar 2020"), 478.0),
               Observation("E10000031", "cpp_count", parse_period("31 Jul 2020"), 500.0)]
    result = write_dfe_format(figures, tmp_path / "out.xlsx", REFERENCE.schema, REFERENCE.areas)
    assert result.left_out == [REFERENCE.schema.get("contacts").title]
    sheet = openpyxl.load_workbook(result.path)["data"]
    rows = [dict(zip([c.value for c in sheet[1]], [c.value for c in row], strict=True))
            for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 1  # the 31 July snapshot is not a reporting year
    row = rows[0]
    assert (row["time_period"], row["old_la_code"], row["region_name"]) == (2020, "937", "West Midlands")
    assert (row["CPP_subsequent"], row["CPP_subsequent_percent"], row["CPP_At31"]) == ("c", "x", 478)


def test_reporting_years():
    assert reporting_year(parse_period("2019/20")) == 2020
    assert reporting_year(parse_period("31 Mar 2019")) == 2019
    assert reporting_year(parse_period("Q1 20/21")) is None
    assert reporting_year(parse_period("30 Sep 2024")) == 2024  # the workforce census
    assert reporting_year(parse_period("mid-2018")) == 2019  # the population beside 2018/19's rates


class _OneFigureStore:
    """Just what an export asks of a store: the figures of an area."""

    display_name = "test"

    def observations(self, *, indicator=None, area=None):
        return [Observation("E10000031", "contacts", parse_period("2019/20"), 5046.0)]


def test_an_export_request_names_what_the_dfe_layout_left_out(tmp_path):
    request = ExportRequest(ExportFormat.DFE, tmp_path / "out.csv", "E10000031")
    done = export(request, REFERENCE, _OneFigureStore())
    assert done.left_out == (REFERENCE.schema.get("contacts").title,)
    assert done.message.startswith("Wrote ") and done.message.endswith("out.csv.")


def test_a_pdf_request_is_not_written_without_a_drawer(tmp_path):
    with pytest.raises(ExportError, match="PDF"):
        export(ExportRequest(ExportFormat.PDF, tmp_path / "pack.pdf", "E10000031"), REFERENCE,
               _OneFigureStore())


REFERENCE_DIR = D3.parent
C1 = REFERENCE_DIR / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
C4 = REFERENCE_DIR / "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv"
D5 = REFERENCE_DIR / "d5_cpps_at31march_by_duration_2013_to_2025.csv"
ONS = REFERENCE_DIR / "ons_mid-year_population_estimates_2012_to_2024.csv"


def _rows_of(path: Path, code: str) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["new_la_code"] == code]
    totals = ("section", "child", "ref")
    return {r["time_period"]: r for r in rows if r["category"].lower().startswith(totals)}


@pytest.fixture(scope="module")
def national_export(module_database, tmp_path_factory):
    """C1, C4, D5 and the ONS population imported as the DfE publishes them, exported for Warwickshire."""
    folder = tmp_path_factory.mktemp("dfe-rates")
    with open_store(module_database) as store:
        store.sync_areas(REFERENCE.areas.all())
        store.sync_indicators(REFERENCE.schema.indicators.values())
        for path in (ONS, C1, C4, D5):
            _plan, outcome = import_workbook(path, REFERENCE, store, user="tester")
            assert outcome is not None, path
        done = export(ExportRequest(ExportFormat.DFE, folder / "out.csv", "E10000031"), REFERENCE, store)
    with open(folder / "out.csv", encoding="utf-8", newline="") as handle:
        return done, {row["time_period"]: row for row in csv.DictReader(handle)}


def test_rates_and_timeliness_go_out_in_their_dfe_columns(national_export):
    done, exported = national_export
    c4 = _rows_of(C4, "E10000031")
    for year in ("2019", "2024"):
        within_15 = sum(float(c4[year][f"Duration_{b}_days"]) for b in ("0-10", "11-15"))
        within = round(100 * within_15 / float(c4[year]["ICPC"]), 1)  # over the ICPCs, as the DfE has it
        assert float(exported[year]["ICPC_within_15_days_percent"]) == pytest.approx(within), year
    assert exported["2019"]["CPP_At31_rate_per_10000"] == "29.8"  # 345 children / 115,696 at mid-2018
    c1 = _rows_of(C1, "E10000031")
    assert exported["2025"]["referral_count"] == c1["2025"]["referral_count"]
    assert exported["2025"]["referral_rate_per_10000"] == "398.2"  # 5,152 / 129,392 x 10,000
    assert exported["2025"]["Section47_rate_per_10000"] != ""
    assert done.left_out == () and done.note == ""


def test_assessments_in_45_days_have_their_column_and_local_measures_one_note(tmp_path):
    year = parse_period("2019/20")
    figures = [Observation("E10000031", "assessments_45wd_pct", year, 81.2),
               Observation("E10000031", "contacts", year, 5046.0),
               Observation("E10000031", "open_cases", parse_period("31 Mar 2020"), 2100.0),
               Observation("E10000031", "cpp_by_category_pct", year, 40.0, breakdown="neglect")]
    result = write_dfe_format(figures, tmp_path / "out.xlsx", REFERENCE.schema, REFERENCE.areas)
    assert result.columns == ["Assessments_within_45_days_percent"]
    book = openpyxl.load_workbook(result.path)
    assert [c.value for c in book["data"][2]][-1] == 81.2
    notes = " ".join(str(c.value) for c in book["notes"]["A"] if c.value)
    assert "Assessments_within_45_days_percent: assessments completed within 45 working days" in notes
    titles = [REFERENCE.schema.get(i).title for i in ("contacts", "open_cases", "cpp_by_category_pct")]
    assert all(notes.count(t) == 1 for t in titles)
    assert "broken down by category" in notes and "error" not in notes.lower()


def test_every_indicator_the_dfe_publishes_has_a_column_of_its_own():
    columns, left_out = indicator_columns([i.id for i in REFERENCE.schema], REFERENCE.schema)
    published = ("cpp_rate", "icpc_15wd_pct", "assessments_45wd_pct", "referrals_rate", "s47_rate",
                 "s47_to_icpc_pct", "cin_rate", "cpp_starts_rate", "cla_starts", "cla_3plus_moves_pct",
                 "cpp_ended_2y_pct", "cpp_current_2y_pct")
    assert all(i in columns for i in published)
    assert len(set(columns.values())) == len(columns)
    assert columns["cpp_current_2y_pct"] == "2_years_or_more_percent_D5"
    assert REFERENCE.schema.get("contacts").title in left_out


def test_the_command_line_says_what_was_left_out_once(tmp_path, capsys, shared_demo_database):
    from cpdesk.cli import main

    out = tmp_path / "d.csv"
    code = main(["export", "--db", shared_demo_database, "--format", "dfe", "--out", str(out)])
    said = capsys.readouterr()
    notes = [line for line in said.out.splitlines() if line.startswith("Note: ")]
    assert code == 0 and said.err == "" and len(notes) == 1
    assert notes[0].startswith("Note: Not exported, as the DfE publishes no current figure for them: ")
    assert said.out.count(REFERENCE.schema.get("contacts").title) == 1 and "no DfE column" not in said.out
