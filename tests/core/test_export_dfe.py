"""DfE format: the DfE's own layout, and the D3 figures come back out as the DfE published them."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from cpdesk.export.dfe_format import GEOGRAPHY_COLUMNS, reporting_year, write_dfe_format
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


def test_warwickshire_d3_figures_are_reproduced(tmp_path):
    with open_store(tmp_path / "d3.sqlite") as store:
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
