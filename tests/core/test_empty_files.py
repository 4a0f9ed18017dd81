"""A file with no figures says so, and leaves no import behind; counts in summaries read as English."""

from __future__ import annotations

import openpyxl
import pytest

from cpdesk.cli import main
from cpdesk.issues import ERROR, INFO, WARNING, Issue, ValidationReport, counted
from cpdesk.pipeline import commit_import, prepare_import
from cpdesk.store import open_store
from tests.conftest import SAMPLES


@pytest.fixture
def empty_xlsx(tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    return path


@pytest.fixture
def headings_only_csv(tmp_path):
    path = tmp_path / "headings.csv"
    path.write_text("area_code,area_name,indicator,breakdown,period,value\n", encoding="utf-8")
    return path


@pytest.fixture
def report_card_without_figures(tmp_path):
    """A Warwickshire-style report card whose measures are blank: headings and labels, no figures."""
    book = openpyxl.Workbook()
    for row in (["Measure", "2018/19", "2019/20"], ["Number of Children subject to Plans at 31 March"]):
        book.active.append(row)
    book.save(tmp_path / "blank_card.xlsx")
    return tmp_path / "blank_card.xlsx"


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("fixture", ["empty_xlsx", "headings_only_csv", "report_card_without_figures"])
def test_a_file_with_no_figures_gives_a_warning(reference, request, fixture):
    path = request.getfixturevalue(fixture)
    plan = prepare_import(path, reference)
    assert plan.observations == []
    found = [i for i in plan.report.issues if i.code == "no-figures"]
    assert [i.severity for i in found] == [WARNING]
    assert f"No figures were found in '{path.name}'" in found[0].message
    assert "long" in found[0].message and "DfE" in found[0].message


def test_the_warning_says_why_an_empty_workbook_has_none(reference, empty_xlsx):
    message = next(i.message for i in prepare_import(empty_xlsx, reference).report.issues)
    assert "empty" in message


def test_a_file_with_figures_gives_no_such_warning(reference):
    plan = prepare_import(SAMPLES / "hampshire_safeguarding_2015.xlsx", reference)
    assert "no-figures" not in {i.code for i in plan.report.issues}


def test_a_file_whose_figures_were_all_refused_is_not_said_to_have_none(reference):
    plan = prepare_import(SAMPLES / "hampshire_safeguarding_2015.xlsx", reference, council="937")
    assert plan.observations == [] and plan.has_errors
    assert "no-figures" not in {i.code for i in plan.report.issues}


@pytest.mark.parametrize("fixture", ["empty_xlsx", "headings_only_csv"])
def test_importing_it_stores_no_import(capsys, database, request, fixture):
    path, db = request.getfixturevalue(fixture), database
    code, out = run(capsys, "import", str(path), "--db", str(db), "--yes")
    assert code == 1
    assert "WARNING [no-figures]" in out
    assert f"{path.name}: no figures, so nothing was imported." in out
    assert "import 1" not in out
    with open_store(db, create=False) as store:
        assert store.imports() == []


def test_validate_reports_the_warning(capsys, empty_xlsx):
    code, out = run(capsys, "validate", str(empty_xlsx))
    assert code == 0
    assert "WARNING [no-figures]" in out
    assert out.rstrip().endswith("empty.xlsx: 0 errors, 1 warning, 0 notes")


def test_committing_a_plan_without_figures_records_no_import(reference, database, empty_xlsx):
    with open_store(database) as store:
        store.sync_areas(reference.areas.all())
        outcome = commit_import(prepare_import(empty_xlsx, reference, store), store, user="officer")
        assert (outcome.added, outcome.changed, outcome.unchanged) == (0, 0, 0)
        assert store.imports() == []


def test_skipping_the_invalid_figures_of_a_refused_file_records_no_import(capsys, database):
    db = database
    code, out = run(capsys, "import", str(SAMPLES / "hampshire_safeguarding_2015.xlsx"), "--db", str(db),
                    "--council", "937", "--skip-invalid", "--yes")
    assert code == 1 and "nothing was imported" in out
    with open_store(db, create=False) as store:
        assert store.imports() == [] and store.observations() == []


# Counts ---------------------------------------------------------------------------------------------

def test_counted_agrees_with_its_number():
    assert [counted(n, "error") for n in (0, 1, 2, 1204)] == [
        "0 errors", "1 error", "2 errors", "1,204 errors"]
    assert counted(1, "category", "categories") == "1 category"
    assert counted(3, "category", "categories") == "3 categories"


def test_the_report_summary_counts_each_severity():
    report = ValidationReport(file="x.xlsx", issues=[Issue("a", ERROR, "one"), Issue("b", WARNING, "two"),
                                                     Issue("c", WARNING, "three"), Issue("d", INFO, "4")])
    assert report.summary() == "1 error, 2 warnings, 1 note"
    assert ValidationReport().summary() == "0 errors, 0 warnings, 0 notes"


def test_the_command_line_summary_reads_properly(capsys):
    code, out = run(capsys, "validate", str(SAMPLES / "hampshire_safeguarding_2015.xlsx"), "--council", "937")
    assert code == 1
    assert out.rstrip().endswith("hampshire_safeguarding_2015.xlsx: 1 error, 0 warnings, 0 notes")
