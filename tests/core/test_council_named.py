"""The council a workbook names, in a label, a table title or a title line, is whose figures it holds.

The home council is only the fallback for a workbook that names no council at all; a council given
outright that contradicts the one the workbook names is an error, and a workbook naming several
councils has its unlabelled figures reported, never guessed. Figures are Hampshire's (seed 004) and
Warwickshire's Table 6 (seed 003).
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from cpdesk.cli import main
from cpdesk.pipeline import prepare_import
from cpdesk.read.dispatch import read_file
from cpdesk.store import open_store
from sample_workbooks import seed_hampshire
from sample_workbooks.seed_figures import expected_observations
from tests.conftest import SAMPLES

HAMPSHIRE, WARWICKSHIRE, OXFORDSHIRE, SURREY = "E10000014", "E10000031", "E10000025", "E10000030"
# North Yorkshire's figures for 2012-13 to 2015 are filed under the county's code then (E06000065 since
# April 2023).
NORTH_YORKSHIRE, YORK = "E10000023", "E06000014"
HAMPSHIRE_SAMPLE = SAMPLES / "hampshire_safeguarding_2015.xlsx"
# Hampshire's "Contacts and Referrals" and "Child Protection Plans" rows, as printed (seed 004).
CONTACTS = (["Contacts and Referrals", "2012-13", "2013-14", "Feb 2015"],
            ["No. of open social work cases", 6502, 8020, 8537],
            ["Number of initial contacts", 61174, 68789, 71434])
PLANS = (["Child Protection Plans (CPP) and visits", "2012-13", "2013-14", "Feb 2015"],
         ["No of children on CPP", 909, 1111, 1357])
# Contacts under "Feb 2015" beside whole years are the year so far (71,434), not February's: not read.
HAMPSHIRE_FIGURES = [909, 1111, 1357, 6502, 8020, 8537, 61174, 68789]


def workbook(path, *sheets):
    """Sheets given as (name, [title lines (str) and tables (tuples of rows)]); a blank row after each."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, parts in sheets:
        sheet = book.create_sheet(name)
        for part in parts:
            for row in ([part] if isinstance(part, str) else part):
                sheet.append(row if isinstance(row, list) else [row])
            sheet.append([])
    book.save(path)
    return path


def report_card(path, *lines_and_tables):
    """A one-sheet workbook, sheet "Report": title lines and tables, a blank row after each."""
    return workbook(path, ("Report", lines_and_tables))


def with_cover(path, cover_lines, table):
    """A cover sheet of text lines, then the table on a sheet of its own."""
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    for line in cover_lines:
        book.active.append([line])
    sheet = book.create_sheet("Figures")
    for row in table:
        sheet.append(row)
    book.save(path)
    return path


def areas_of(result) -> set[str]:
    return {o.area_code for o in result.observations}


def values_of(result) -> list[float]:
    return sorted(o.value for o in result.observations)


def codes_of(result) -> set[str]:
    return {i.code for i in result.issues}


# A title line names the council -------------------------------------------------------------------

def test_the_title_line_of_the_hampshire_sample_names_its_council(reference):
    result = read_file(HAMPSHIRE_SAMPLE, reference, home_council=WARWICKSHIRE)
    assert areas_of(result) == {HAMPSHIRE}
    read = sorted((o.indicator_id, o.breakdown, o.period.label, o.value, o.status)
                  for o in result.observations)
    seed = sorted((e["indicator"], e["breakdown"], e["period_label"], e["value"], e["status"])
                  for e in expected_observations(seed_hampshire.TABLES))
    assert read == seed
    note = next(i for i in result.issues if i.code == "council-assumed")
    assert "Hampshire's" in note.message and "Warwickshire" in note.message
    assert "A1" in note.message
    assert note.cell == "A1" and note.sheet  # a report (or --json) points at the cell as the message does


def test_without_a_home_council_the_title_line_is_enough(reference):
    result = read_file(HAMPSHIRE_SAMPLE, reference)
    assert areas_of(result) == {HAMPSHIRE}
    assert "no-area" not in codes_of(result)


def test_a_title_over_a_report_card_that_names_no_area_in_its_tables(reference, tmp_path):
    path = report_card(tmp_path / "card.xlsx", "Hampshire County Council: Safeguarding Update (June 2015)",
                       CONTACTS, PLANS)
    result = read_file(path, reference, home_council=WARWICKSHIRE)
    assert areas_of(result) == {HAMPSHIRE}
    assert values_of(result) == HAMPSHIRE_FIGURES


def test_a_title_on_a_cover_sheet_names_the_council(reference, tmp_path):
    table_6 = (["Measure", "2018/19", "2019/20"],
               ["Number of S47 Child Protection Investigations initiated", 1205, 1306],
               ["Number of Children subject to Plans at 31 March", 345, 295])
    path = with_cover(tmp_path / "update.xlsx", ["Warwickshire County Council Children's Services",
                                                 "Child Protection update, September 2020"], table_6)
    result = read_file(path, reference, home_council=OXFORDSHIRE)
    assert areas_of(result) == {WARWICKSHIRE}
    assert values_of(result) == [295, 345, 1205, 1306]


def test_a_council_named_alone_in_a_heading(reference, tmp_path):
    path = report_card(tmp_path / "card.xlsx", "Oxfordshire", "Child protection report card", PLANS)
    result = read_file(path, reference, home_council=WARWICKSHIRE)
    assert areas_of(result) == {OXFORDSHIRE}


# An explicit council that contradicts the workbook ------------------------------------------------

@pytest.mark.parametrize("given", ["937", WARWICKSHIRE, "E10000030"])
def test_a_council_given_outright_that_the_workbook_contradicts_is_an_error(reference, given):
    plan = prepare_import(HAMPSHIRE_SAMPLE, reference, council=given)
    assert plan.observations == []
    errors = [i for i in plan.report.errors if i.code == "council-conflict"]
    assert len(errors) == 1
    chosen = "Surrey" if given == SURREY else "Warwickshire"
    assert "Hampshire" in errors[0].message and chosen in errors[0].message


def test_a_warwickshire_title_over_hampshire_figures_is_refused_for_hampshire(reference, tmp_path):
    path = report_card(tmp_path / "card.xlsx", "Warwickshire County Council Children's Services", CONTACTS)
    plan = prepare_import(path, reference, council="850")
    assert plan.observations == [] and plan.has_errors
    assert "council-conflict" in {i.code for i in plan.report.errors}


def test_an_unknown_council_given_outright_is_reported_and_nothing_is_read(reference):
    result = read_file(HAMPSHIRE_SAMPLE, reference, council="Nowhere")
    assert result.observations == []
    assert "unknown-council" in {i.code for i in result.issues if i.severity == "error"}


def test_the_council_given_outright_that_agrees_with_the_workbook(reference):
    result = read_file(HAMPSHIRE_SAMPLE, reference, council="850")
    assert areas_of(result) == {HAMPSHIRE}
    assert not [i for i in result.issues if i.severity == "error"]


# Several councils named ---------------------------------------------------------------------------

def test_two_councils_in_titles_leave_unlabelled_figures_reported(reference, tmp_path):
    path = with_cover(tmp_path / "joint.xlsx", ["Hampshire County Council and Surrey County Council: joint "
                                                "review"], CONTACTS)
    for home in (None, WARWICKSHIRE):
        result = read_file(path, reference, home_council=home)
        assert result.observations == []
        missing = [i for i in result.issues if i.code == "no-area"]
        assert missing and all(i.severity == "error" for i in missing)
        assert "Hampshire" in missing[0].message and "Surrey" in missing[0].message


def test_tables_whose_titles_name_their_council_keep_to_it(reference, tmp_path):
    path = report_card(tmp_path / "two.xlsx", "Hampshire County Council: contacts", CONTACTS,
                       "Surrey County Council: child protection plans", PLANS)
    result = read_file(path, reference, home_council=WARWICKSHIRE)
    by_area = {o.area_code for o in result.observations if o.indicator_id == "cpp_count"}
    assert by_area == {SURREY}
    assert {o.area_code for o in result.observations if o.indicator_id == "contacts"} == {HAMPSHIRE}


# Whole names of councils only ---------------------------------------------------------------------

@pytest.mark.parametrize(("title", "council"), [
    ("North Yorkshire County Council: child protection", NORTH_YORKSHIRE),
    ("City of York Council: child protection", YORK),
    ("York: child protection", YORK),
])
def test_york_is_not_north_yorkshire(reference, tmp_path, title, council):
    result = read_file(report_card(tmp_path / "card.xlsx", title, PLANS), reference, home_council=HAMPSHIRE)
    assert areas_of(result) == {council}


@pytest.mark.parametrize(("title", "council"), [
    ("Hants CC: child protection plans", HAMPSHIRE),
    ("Brighton & Hove City Council - plans", "E06000043"),
    ("Hampshire's children on plans", HAMPSHIRE),
    ("Kingston upon Hull City Council", "E06000010"),
])
def test_names_as_councils_write_them(reference, tmp_path, title, council):
    path = with_cover(tmp_path / "card.xlsx", [title], PLANS)
    result = read_file(path, reference, home_council=OXFORDSHIRE)
    assert areas_of(result) == {council}


@pytest.mark.parametrize("line", [
    "Warwick District Council",  # a district, not an LA
    "Notes on reading this report",  # "reading", not Reading
    "Kentish Town Family Centre",  # not Kent
])
def test_names_that_are_no_council_leave_the_home_council(reference, tmp_path, line):
    result = read_file(with_cover(tmp_path / "card.xlsx", [line], PLANS), reference, home_council=OXFORDSHIRE)
    assert areas_of(result) == {OXFORDSHIRE}
    note = next(i for i in result.issues if i.code == "council-assumed")
    assert "names no council" in note.message


def test_figures_without_any_council_say_how_to_choose_one(reference, tmp_path):
    result = read_file(report_card(tmp_path / "card.xlsx", PLANS), reference)
    missing = [i for i in result.issues if i.code == "no-area"]
    assert missing and "--council" in missing[0].message and "import wizard" in missing[0].message


def test_the_command_line_stores_nothing_for_the_wrong_council(database, capsys):
    db = database
    code = main(["import", str(HAMPSHIRE_SAMPLE), "--db", str(db), "--council", "937", "--yes"])
    out = capsys.readouterr().out
    assert code == 1
    assert "[council-conflict]" in out and "Hampshire" in out and "Warwickshire" in out
    with open_store(db, create=False) as store:
        assert store.observations() == [] and store.imports() == []


@pytest.fixture
def home_council_saved(tmp_path, monkeypatch):
    """Warwickshire saved as the home council in the app's settings file, as Settings writes it."""
    home = tmp_path / "cpdesk-home"
    home.mkdir(exist_ok=True)
    (home / "cpdesk.ini").write_text(f"[council]\nhome={WARWICKSHIRE}\n", encoding="utf-8")
    monkeypatch.setenv("CPDESK_HOME", str(home))


def test_the_command_line_files_unnamed_figures_under_the_saved_home_council(home_council_saved, tmp_path,
                                                                             capsys):
    db, card = tmp_path / "cp.sqlite", report_card(tmp_path / "card.xlsx", PLANS)
    code = main(["import", str(card), "--db", str(db), "--yes"])
    out = capsys.readouterr().out
    assert code == 0
    assert ("Figures that name no council are filed under Warwickshire (937), your home council; "
            "--council overrides.") in out
    with open_store(db, create=False) as store:
        assert {o.area_code for o in store.observations()} == {WARWICKSHIRE}


def test_council_overrides_the_saved_home_council_and_a_named_council_keeps_its_figures(
        home_council_saved, tmp_path, capsys):
    db, card = tmp_path / "cp.sqlite", report_card(tmp_path / "card.xlsx", PLANS)
    assert main(["import", str(card), "--db", str(db), "--council", "931", "--yes"]) == 0
    assert "your home council" not in capsys.readouterr().out
    assert main(["import", str(HAMPSHIRE_SAMPLE), "--db", str(db), "--yes"]) == 0
    with open_store(db, create=False) as store:
        assert {o.area_code for o in store.observations()} == {OXFORDSHIRE, HAMPSHIRE}


def test_validate_says_it_used_the_home_council_but_keeps_json_clean(home_council_saved, tmp_path, capsys):
    card = report_card(tmp_path / "card.xlsx", PLANS)
    assert main(["validate", str(card), "--json"]) == 0
    said = capsys.readouterr()
    assert json.loads(said.out)["issues"] is not None and "your home council" in said.err
    assert "no-area" not in said.out
