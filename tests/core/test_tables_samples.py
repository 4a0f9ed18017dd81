"""Acceptance: the sample workbooks built from the seed reports read back figure by figure.

The expected figures are typed from the printed reports (``sample_workbooks/seed_*.py``); nothing
here knows how the reader works. Each figure must be read with its value, status, period and area,
from the cell under the right heading.
"""

from collections import Counter

import pytest

from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.periods import parse_period
from cpdesk.indicators.schema import load_schema
from cpdesk.read.tables import read_tables
from cpdesk.read.values import parse_cell, raw_text
from cpdesk.read.workbook import open_workbook
from sample_workbooks.seed_figures import TABLES, expected_observations
from tests.conftest import SAMPLES


def _tables(prefix):
    return tuple(t for t in TABLES if t.id.startswith(prefix))


def _read(name, council=None):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{name} has not been built")
    return open_workbook(path), read_tables(open_workbook(path), load_schema(), load_areas(), council=council)


def _observed(result):
    return Counter((o.area_code, o.indicator_id, o.breakdown, o.period.label, o.value, o.status)
                   for o in result.observations)


def _expected(tables):
    return Counter((e["area_code"], e["indicator"], e["breakdown"], e["period_label"], e["value"],
                    e["status"]) for e in expected_observations(tables))


def _same_heading(heading, printed: str) -> bool:
    if raw_text(heading) == printed:
        return True
    cell_period, printed_period = parse_period(heading, prefer="snapshot"), parse_period(printed)
    return cell_period is not None and printed_period is not None and cell_period.key == printed_period.key


def _heading_above(sheet, row, col, printed):
    return any(_same_heading(sheet.value(r, col), printed) for r in range(row - 1, -1, -1))


def test_every_warwickshire_figure_is_read_exactly_from_its_cell():
    tables = _tables("warwickshire")
    book, result = _read("warwickshire_cp_update_2020.xlsx")  # the council is found in the tables
    assert _observed(result) == _expected(tables)
    assert [i.code for i in result.issues] == ["council-assumed"]
    places = {}  # Table 1 and Table 7 both give Warwickshire's rate at 31 March 2016
    for table in tables:
        for r, row in enumerate(table.meanings):
            for c, m in enumerate(row):
                places.setdefault((m.area_code, m.indicator, m.period_label), []).append((table, r, c))
    sheets = {s.name: s for s in book.sheets}
    for obs in result.observations:
        sheet = sheets[obs.source.sheet]
        row, col = _position(obs.source.cell)
        assert any(raw_text(sheet.value(row, 0)) == table.row_labels[r]
                   and _heading_above(sheet, row, col, table.column_labels[c])
                   for table, r, c in places[(obs.area_code, obs.indicator_id, obs.period.label)]), obs
        cell = parse_cell(sheet.value(row, col), sheet.number_format(row, col), "percent")
        assert (obs.value, obs.status) == (cell.value, cell.status)
        assert obs.source.file == "warwickshire_cp_update_2020.xlsx"


def test_every_hampshire_figure_is_read():
    _, result = _read("hampshire_safeguarding_2015.xlsx", council="Hampshire")
    assert _observed(result) == _expected(_tables("hampshire"))
    # Counts over time under "Feb 2015", beside whole years, are the year so far: said, not read
    assert {(i.code, i.severity) for i in result.issues} == {("totals-so-far", "warning")}


OXFORDSHIRE = {
    "oxfordshire_cp_report_card_2015.xlsx": ("july_snapshots", "legal_status", "uasc", "risk_factors",
                                             "caseloads"),
    "oxfordshire_pressures_2014.xlsx": ("2014_cla", "2014_entering_care", "2014_text"),
    "oxfordshire_paqa_2019.xlsx": ("2019_text",),
}


@pytest.mark.parametrize("name", sorted(OXFORDSHIRE))
def test_oxfordshire_figures_read_are_all_right_and_the_rest_reported(name):
    """Oxfordshire's reports quote figures whose labels need the officer's mapping: what is read
    must be exactly what the report says, and if anything is not read an error must say so."""
    _, result = _read(name, council="Oxfordshire")
    expected = _expected(tuple(t for t in TABLES if t.id.removeprefix("oxfordshire_") in OXFORDSHIRE[name]))
    observed = _observed(result)
    assert observed, "nothing was read"
    assert observed - expected == Counter()
    if observed != expected:
        assert any(i.severity == "error" for i in result.issues)


@pytest.mark.parametrize(
    ("name", "sheet", "cell", "code"),
    [("broken_text_in_number.xlsx", "CP tables", "E4", "not-a-number"),
     ("broken_excel_error.xlsx", "Safeguarding", "C5", "excel-error")],
)
def test_broken_samples_are_flagged_at_their_cell(name, sheet, cell, code):
    council = "Hampshire" if "excel" in name else None
    _, result = _read(name, council=council)
    assert (code, sheet, cell) in [(i.code, i.sheet, i.cell) for i in result.issues]
    assert all(o.source.cell != cell or o.source.sheet != sheet for o in result.observations)


def _position(cell: str) -> tuple[int, int]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(cell[len(letters):]) - 1, col - 1
