"""Files listing individual children are refused whole: nothing stored, logged or echoed from them;
and no aggregate file cpdesk knows (seeds, reference files, samples, the acceptance corpus) is refused."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import openpyxl
import pytest

from cpdesk import paths
from cpdesk.cli import main
from cpdesk.issues import ERROR, Issue
from cpdesk.read.dispatch import read_workbook
from cpdesk.read.grid import ReadError, Sheet
from cpdesk.read.personal import (
    UPN_LETTERS,
    PersonalDataRefused,
    as_day,
    child_level,
    is_upn,
    refusal_message,
    refuse_child_level,
)
from cpdesk.read.stored_text import NOT_KEPT, KnownTexts, stored_issue
from cpdesk.read.workbook import open_workbook
from cpdesk.reference import load_reference
from cpdesk.store import open_store
from tests.backends import is_postgresql, stored_text, table_names

from ..conftest import REPO, SAMPLES, SHARED

FORENAMES = ["Amelia", "Oliver", "Isla", "Noah", "Ava", "Leo", "Freya", "Arthur"]
SURNAMES = ["Hartwell", "Quinlan", "Brookfield", "Pricewood", "Stoneridge", "Ashdown"]
POSTCODES = ["CV34 4RL", "OX1 1ND", "SO23 8UJ", "B15 2TT", "CV21 2DN", "OX16 5QA", "SO50 9RS"]


def upn(serial: int) -> str:
    """A UPN with a right check letter: LA 937, school 2001, issued in 2012."""
    digits = f"93720011{2:02d}{serial:03d}"[:12]
    total = sum(weight * int(d) for weight, d in zip(range(2, 14), digits, strict=True))
    return UPN_LETTERS[total % 23] + digits


def children(count: int, seed: int = 7) -> list[dict]:
    """Made-up children, each with a name, UPN, date of birth, postcode, child ID and referral date."""
    rng = random.Random(seed)
    born = dt.date(2008, 1, 1)
    return [{"Forename": rng.choice(FORENAMES), "Surname": rng.choice(SURNAMES) + str(i),
             "UPN": upn(i), "DOB": born + dt.timedelta(days=rng.randrange(0, 6000)),
             "Postcode": rng.choice(POSTCODES), "Child ID": f"C{500100 + i * 7}",
             "Referral": dt.date(2024, 4, 1) + dt.timedelta(days=rng.randrange(0, 360))}
            for i in range(count)]


def planted(rows: list[dict]) -> list[str]:
    """The texts of a child list that must appear nowhere cpdesk writes."""
    texts = {r["Surname"] for r in rows} | {r["UPN"] for r in rows} | {r["Postcode"] for r in rows}
    texts |= {r["DOB"].strftime("%d/%m/%Y") for r in rows} | {r["DOB"].isoformat() for r in rows}
    return sorted(texts | {r["Child ID"] for r in rows})


def tidy_with_children(path: Path, rows: list[dict]) -> Path:
    """A tidy return whose rows also carry a child's name, date of birth and UPN (cpdesk used to import
    its figures and drop those columns without a word)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["area_code", "indicator", "period", "value", "child_name", "dob", "upn"])
        for row in rows:
            writer.writerow(["E10000031", "cpp_count", "2024-25", 1, f"{row['Forename']} {row['Surname']}",
                             row["DOB"].strftime("%d/%m/%Y"), row["UPN"]])
    return path


def odd_headings(path: Path, rows: list[dict]) -> Path:
    """A workbook whose headings say nothing ("Field 1" ...): only what its cells hold gives it away."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Extract"
    sheet.append([f"Field {i}" for i in range(1, 6)])
    for row in rows:
        sheet.append([row["Child ID"], row["DOB"], row["Postcode"], row["Referral"], 1])
    book.save(path)
    return path


def test_a_upn_is_known_by_its_check_letter():
    assert is_upn("B801200005001")  # the DfE's own example
    assert not is_upn("A801200005001")
    assert not is_upn("E10000031") and not is_upn("B8012000050")
    assert all(is_upn(upn(i)) for i in range(50))


def test_a_tidy_return_with_names_dates_of_birth_and_upns_is_refused_not_trimmed(database, tmp_path, capsys):
    rows = children(40)
    path = tidy_with_children(tmp_path / "cp_list.csv", rows)
    db = database
    code = main(["import", str(path), "--db", str(db), "--skip-invalid", "--yes"])
    out = capsys.readouterr()
    assert code == 2
    assert out.err.strip() == (
        "cpdesk: 'cp_list.csv' looks like a list of individual children (it has columns of names, dates of "
        "birth and UPNs on sheet 'cp_list', 40 rows). cpdesk holds aggregate figures only, so nothing was "
        "imported. Import the counts instead - e.g. the counts by month from your performance report, or the "
        "DfE's published tables.")
    if is_postgresql(db):  # a server's database exists before cpdesk's first use: nothing stored in it
        assert "imports" not in table_names(db) or _imports(db) == []
    else:
        assert list(tmp_path.glob("cpdesk.sqlite*")) == []  # no new database left behind
    _nowhere(planted(rows), out.out + out.err, paths.log_dir())
    with open_store(db):  # an existing database: the file is refused after the database is opened
        pass
    assert main(["import", str(path), "--db", str(db), "--skip-invalid", "--yes"]) == 2
    out = capsys.readouterr()
    assert out.err.startswith("cpdesk: 'cp_list.csv' looks like a list of individual children")
    _nowhere(planted(rows), out.out + out.err, stored_text(db), paths.log_dir())
    code = main(["dump", "--db", str(db)])
    assert code == 0 and capsys.readouterr().out.count("\n") == 1  # the heading line only


def test_a_child_list_with_meaningless_headings_is_known_by_its_cells(tmp_path, capsys):
    rows = children(60)
    path = odd_headings(tmp_path / "extract.xlsx", rows)
    with pytest.raises(PersonalDataRefused) as refused:
        read_workbook(open_workbook(path), load_reference())
    message = str(refused.value)
    assert message.startswith("'extract.xlsx' looks like a list of individual children (it has columns of ")
    assert "postcodes" in message and "sheet 'Extract', 60 rows" in message
    _nowhere(planted(rows), message)
    code = main(["validate", str(path), "--json"])
    out = capsys.readouterr()
    assert code == 2 and '"unreadable": true' in out.out
    _nowhere(planted(rows), out.out + out.err, paths.log_dir())


@pytest.mark.parametrize(("heading", "words", "cell"), [
    ("Date of Birth", "dates of birth", "DOB"), ("D.O.B.", "dates of birth", "DOB"),
    ("Surname", "names", "Surname"), ("UPN", "UPNs", "UPN"), ("LA Child ID", "child or case IDs", "Child ID"),
    ("Mosaic ID", "child or case IDs", "Child ID"), ("NHS Number", "NHS numbers", "Child ID")])
def test_one_strong_heading_with_cells_of_its_kind_is_enough(heading, words, cell):
    rows = children(8)
    sheet = Sheet("Data", [["Team", heading, "Visits"]] + [["North", r[cell], 3] for r in rows])
    found = child_level(sheet)
    assert found is not None and found.rows == 8 and words in found.words()


def test_a_heading_with_the_wrong_cells_under_it_is_not_a_sign():
    """"DOB" over age bands, "Surname" over figures, a "Name" of teams: aggregate tables, left alone."""
    assert child_level(Sheet("a", [["DOB", "Children"], ["0-4", 12], ["5-9", 30], ["10-15", 41]])) is None
    assert child_level(Sheet("b", [["Surname", "x"], [12, 3], [14, 5]])) is None
    teams = [["Name", "Open cases"]] + [[f"Team {t}", 20 + t] for t in range(12)]
    assert child_level(Sheet("c", teams)) is None


def test_months_weeks_and_days_of_counts_are_not_dates_of_birth():
    start = dt.date(2023, 4, 1)
    daily = [[start + dt.timedelta(days=d), 5 + d % 7] for d in range(300)]
    weekly = [[start + dt.timedelta(weeks=w), 40 + w] for w in range(60)]
    days = [start + dt.timedelta(days=d) for d in range(300)]
    weekdays = [[day, 3] for day in days if day.weekday() < 5]
    month_ends = [[dt.date(2020 + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1), m] for m in range(1, 60)]
    for rows in (daily, weekly, weekdays, month_ends):
        assert child_level(Sheet("s", [["Date", "Referrals"], *rows])) is None


def test_a_long_table_of_days_by_team_is_not_scattered_dates():
    start = dt.date(2024, 4, 1)
    rows = [[start + dt.timedelta(days=d), team, 3 + d % 5] for team in ("North", "South", "East")
            for d in range(200)]
    assert child_level(Sheet("s", [["Date", "Team", "Contacts"], *rows])) is None


def test_many_events_crowded_over_the_days_are_scattered_dates():
    """610 episode starts over two years fall on most days, unevenly: a list, not a diary."""
    rng = random.Random(3)
    rows = [[dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730)), rng.choice(POSTCODES)]
            for _ in range(610)]
    found = child_level(Sheet("s", [["Field 1", "Field 2"], *rows]))
    assert found is not None and found.words() == ["many different dates", "postcodes"]


@pytest.mark.parametrize(("text", "day"), [
    ("04/03/2012", dt.date(2012, 3, 4)), ("2012-03-04", dt.date(2012, 3, 4)),
    ("20120304", dt.date(2012, 3, 4)),
    ("3rd March 2014", dt.date(2014, 3, 3)), ("12 Mar 2025", dt.date(2025, 3, 12)),
    ("22nd June 2011", dt.date(2011, 6, 22)), ("1 Sept. 2020", dt.date(2020, 9, 1)),
    ("20121304", None), ("202425", None), ("12 Marx 2025", None), ("March 2014", None)])
def test_a_date_to_the_day_in_the_shapes_system_exports_write(text, day):
    assert as_day(text) == day


def test_ids_or_names_under_a_loose_heading_are_a_weak_sign():
    """"Ref" over IDs, "Client" over "SURNAME, Forename": a sign with another; area names are not names."""
    rng = random.Random(5)
    dates = [dt.date(2024, 4, 1) + dt.timedelta(days=rng.randrange(300)) for _ in range(30)]
    refs = [[f"U{rng.randrange(90000, 2999999)}", 15, day] for day in dates]
    found = child_level(Sheet("s", [["Ref", "Age", "Date of arrival"], *refs]))
    assert found is not None and found.words()[0] == "child or case IDs or names"
    assert child_level(Sheet("s", [["Ref", "Age"], *[row[:2] for row in refs]])) is None
    clients = [[f"{SURNAMES[i % 6].upper()}{'x' * i}, {FORENAMES[i % 8]}", 3, POSTCODES[i % 7]]
               for i in range(24)]
    assert child_level(Sheet("s", [["Client", "Visits", "Postcode"], *clients])) is not None
    areas = [["Bristol, City of", 3], ["Herefordshire, County of", 4], ["Kingston upon Hull, City of", 5],
             ["Bournemouth, Christchurch and Poole", 6], ["Durham", 7], ["Warwickshire", 8]]
    placed = [[a, n, pc] for (a, n), pc in zip(areas, POSTCODES[:6], strict=True)]
    assert child_level(Sheet("s", [["Client", "Placements", "Postcode"], *placed])) is None


def test_a_header_less_paste_counts_every_row_and_a_heading_row_is_not_counted():
    rows = [[f"{r['Forename']} {r['Surname']}", r["DOB"], r["Postcode"], r["Referral"]] for r in children(88)]
    assert child_level(Sheet("Sheet", rows)).rows == 88
    assert child_level(Sheet("Sheet", [["Who", "When born", "Where", "Referred"], *rows])).rows == 88


def test_every_child_level_sheet_is_named_and_the_refusal_logged_without_a_cell(tmp_path, caplog):
    rows = children(30)
    book = openpyxl.Workbook()
    book.active.title = "Summary"
    book.active.append(["Month", "Referrals"])
    for n in range(7):
        sheet = book.create_sheet(f"Month {n + 1}")
        sheet.append(["Surname", "DOB"])
        for row in rows:
            sheet.append([row["Surname"], row["DOB"]])
    book.save(tmp_path / "tracker.xlsx")
    logged = caplog.at_level("WARNING", logger="cpdesk.read.personal")
    with logged, pytest.raises(PersonalDataRefused) as refused:
        refuse_child_level(open_workbook(tmp_path / "tracker.xlsx"))
    assert "on sheet 'Month 1' and 6 other sheets, 210 rows)" in str(refused.value)
    assert len(refused.value.found) == 7
    months = ", ".join(f"'Month {n}'" for n in range(1, 8))
    assert caplog.messages == [f"Refused tracker.xlsx: a list of individual children on 7 sheet(s) "
                               f"[{months}] (names, dates of birth), 210 rows"]
    _nowhere(planted(rows), "\n".join(caplog.messages))
    two = (refused.value.found[0], refused.value.found[1])
    assert "on sheets 'Month 1' and 'Month 2', 60 rows)" in refusal_message("t.xlsx", two)


def test_the_councils_own_postcode_in_a_footer_is_not_a_column_of_postcodes():
    rows = [["Referrals", 120, 131], ["Re-referrals", 20, 22], ["Shire Hall, Warwick CV34 4RL", None, None]]
    assert child_level(Sheet("s", rows)) is None


def _corpus(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*")
                  if p.suffix.lower() in (".csv", ".xlsx", ".xls", ".ods") and p.is_file())


def _refusals(files: list[Path]) -> list[str]:
    """What child_level says of each sheet of ``files`` (the broken samples are refused for what they are)."""
    refused = []
    for path in files:
        try:
            workbook = open_workbook(path)
        except ReadError:
            continue
        refused += [f"{path.name}: {found.words()}" for sheet in workbook.sheets
                    if (found := child_level(sheet)) is not None]
    return refused


def _seed_sheets() -> list[Sheet]:
    """Each seed report as one sheet, its tab-separated tables as rows of cells."""
    return [Sheet(seed.stem, [[c if c.strip() else None for c in line.split("\t")]
                              for line in seed.read_text(encoding="utf-8").splitlines()])
            for seed in sorted((SHARED / "seeds").glob("*.txt"))]


def test_no_aggregate_file_in_the_checkout_is_refused():
    files = _corpus(SAMPLES, REPO / "tests" / "acceptance" / "cases")
    assert len(files) >= 120  # the samples and the acceptance corpus (inputs and expected figures)
    assert _refusals(files) == []


@pytest.mark.skipif(not (SHARED / "reference").is_dir(), reason="shared reference files are not available")
def test_no_published_file_or_seed_report_is_refused():
    files = _corpus(SHARED / "reference")
    assert len(files) >= 10  # the DfE's and ONS's files
    seeds = _seed_sheets()
    assert len(seeds) == 5 and sum(len(s.rows) for s in seeds) > 1000
    refused = _refusals(files) + [f"{sheet.name}: {found.words()}" for sheet in seeds
                                  if (found := child_level(sheet)) is not None]
    assert refused == []


def _imports(database: str) -> list:
    with open_store(database, create=False) as store:
        return store.imports()


def _nowhere(texts: list[str], *places) -> None:
    """None of ``texts`` in any of ``places``: text, or files (and the files of folders) read as bytes."""
    for place in places:
        if isinstance(place, Path):
            files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()]
            blobs = [(str(f), f.read_bytes().decode("utf-8", "replace")) for f in files]
        else:
            blobs = [("text", place)]
        for where, blob in blobs:
            found = [t for t in texts if t in blob]
            assert not found, f"{where} holds {found[:3]}"


# --- what a stored report may quote -------------------------------------------------------------------

def mixed_return(path: Path) -> Path:
    """A tidy return with good rows and rows whose cells hold free text (a name in a value cell, an
    unknown area, an indicator label with a name in it, a period that is not one)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["area_code", "indicator", "period", "value", "notes"])
        writer.writerows([["E10000031", "cpp_count", "2024-25", "563", "ok"],
                          ["E10000031", "cpp_count", "2023-24", "Amelia Hartwell", ""],
                          ["Narnia Smithfield", "cpp_count", "2023-24", "7", ""],
                          ["E10000031", "Referrals Oliver Quinlan", "2023-24", "7", ""],
                          ["E10000031", "cpp_count", "Q9 Brookfield", "5", ""]])
    return path


def test_the_report_kept_with_a_skip_invalid_import_quotes_no_free_text(database, tmp_path, capsys):
    path = mixed_return(tmp_path / "return.csv")
    assert main(["import", str(path), "--db", database, "--skip-invalid", "--yes"]) == 0
    shown = capsys.readouterr().out
    assert "'Amelia Hartwell' is not a number" in shown  # the officer sees the cell while importing
    with open_store(database, create=False) as store:
        [record] = store.imports()
    report = record.report_json
    messages = [issue["message"] for issue in json.loads(report)["issues"]]
    assert len(messages) == 5
    assert "return.csv, sheet 'return', cell D3: [text not kept] is not a number" in messages[0]
    assert any("the column(s) 'notes' are not ones cpdesk reads" in m for m in messages)
    _nowhere(["Amelia", "Hartwell", "Narnia", "Smithfield", "Oliver", "Quinlan", "Brookfield"],
             report, stored_text(database), paths.log_dir())


@pytest.mark.parametrize(("text", "kept"), [
    ("23.8%", True), ("1,084", True), ("TBC", True), ("2019/20", True), ("Q1 20/21", True),
    ("Warwickshire", True), ("E10000031", True),
    ("Rate of children subject to a child protection plan", True),
    ("Neglect", True), ("return.csv", True), ("Data", True),
    ("Amelia Hartwell", False), ("B801200005001", False), ("CV34 4RL", False), ("widget", False)])
def test_a_stored_issue_keeps_figures_periods_and_recognised_labels_only(text, kept):
    known = KnownTexts(load_reference(), ["return.csv", "Data"])
    issue = Issue("x", ERROR, f"return.csv, sheet 'Data', cell B2: the council's cell '{text}' is odd.")
    stored = stored_issue(issue, known).message
    assert stored == (issue.message if kept else issue.message.replace(f"'{text}'", NOT_KEPT))
    assert "council's" in stored and "sheet 'Data'" in stored
