"""The headless commands, run as an officer would run them, on the sample workbooks."""

import csv
import io
import json
import shutil

import pytest
from openpyxl import load_workbook

from cpdesk.cli import main

from ..conftest import SAMPLES


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def dump_rows(capsys, db, *extra) -> list[dict]:
    code, out, _ = run(capsys, "dump", "--db", str(db), *extra)
    assert code == 0
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture
def demo_db(database, capsys):
    code, out, _ = run(capsys, "demo", "--db", database)
    assert code == 0
    assert "Demo database ready" in out
    return database


def test_demo_then_dump_shows_seed_figures_with_codes_and_periods(demo_db, capsys):
    rows = dump_rows(capsys, demo_db, "--indicator", "cpp_rate", "--publisher", "local")  # the reports'
    at_2019 = {r["area_code"]: r for r in rows if r["period_label"] == "31 Mar 2019"}
    assert at_2019["E10000031"]["value"] == "29.8"
    assert at_2019["E10000031"]["area_name"] == "Warwickshire"
    assert at_2019["E92000001"]["value"] == "43.7"
    assert at_2019["SN-E10000031"]["value"] == "34.7"
    assert at_2019["E10000031"]["period_start"] == at_2019["E10000031"]["period_end"] == "2019-03-31"
    assert at_2019["E07000220"]["value"] == "23"  # Rugby, Table 7
    assert at_2019["E07000220"]["source_sheet"] not in ("", None)  # two sheets' B4s can be told apart
    tbc = [r for r in rows if r["area_code"] == "E92000001" and r["period_label"] == "31 Mar 2020"]
    assert tbc[0]["status"] == "tbc" and tbc[0]["value"] == ""


def test_dump_has_the_documented_columns(demo_db, capsys):
    _, out, _ = run(capsys, "dump", "--db", str(demo_db), "--area", "E10000031")
    assert out.splitlines()[0] == ("area_code,area_name,indicator,breakdown,period_label,period_start,"
                                   "period_end,value,status,raw,source_file,source_sheet,source_cell")


def test_importing_a_file_twice_leaves_the_data_unchanged(database, capsys):
    db = database
    sample = SAMPLES / "warwickshire_cp_update_2020.xlsx"
    assert run(capsys, "import", str(sample), "--db", str(db), "--yes")[0] == 0
    first = dump_rows(capsys, db)
    code, out, _ = run(capsys, "import", str(sample), "--db", str(db), "--yes")
    assert code == 0 and "already imported" in out
    assert dump_rows(capsys, db) == first
    assert len(first) == 182


def test_changed_figure_reimported_shows_both_values_in_history(database, tmp_path, capsys):
    db = database
    original = SAMPLES / "warwickshire_cp_update_2020.xlsx"
    assert run(capsys, "import", str(original), "--db", str(db), "--yes")[0] == 0
    changed = tmp_path / "warwickshire_corrected.xlsx"
    shutil.copy(original, changed)
    book = load_workbook(changed)
    # The county's 2019 rate stands in Table 1 and again in Table 7: correct both, or they conflict.
    cells = _cells_holding(book, 29.8)
    assert len(cells) == 2
    for sheet, cell in cells:
        sheet[cell] = 29.9
    book.save(changed)
    code, out, _ = run(capsys, "import", str(changed), "--db", str(db), "--yes")
    assert code == 0 and "1 changed" in out
    code, out, _ = run(capsys, "history", "--db", str(db), "--indicator", "cpp_rate", "--area", "937",
                       "--period", "2018/19")
    assert code == 0
    assert "29.8" in out and "29.9" in out
    assert "warwickshire_cp_update_2020.xlsx" in out and "warwickshire_corrected.xlsx" in out
    assert "test-user" in out


def test_history_without_a_publisher_shows_the_council_figure_and_the_dfe_figure(demo_db, capsys):
    asked = ("history", "--db", str(demo_db), "--indicator", "cpp_rate", "--area", "E10000031", "--period",
             "31 March 2019")
    code, out, _ = run(capsys, *asked)
    assert code == 0
    lines = out.splitlines()
    council, dfe = lines.index("  The council's own figure:"), lines.index("  The DfE's published figure:")
    assert council < dfe
    assert "warwickshire_cp_update_2020.xlsx" in "\n".join(lines[council:dfe])
    assert "d5_cpps_at31march_by_duration" in "\n".join(lines[dfe:])
    code, out, _ = run(capsys, *asked, "--publisher", "dfe")
    assert code == 0 and "council's own" not in out and "d5_cpps_at31march_by_duration" in out
    assert "warwickshire_cp_update_2020.xlsx" not in out


def _cells_holding(book, value):
    return [(ws, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
            if c.value == value]


def test_validate_json_lists_issues_with_cells(capsys):
    code, out, _ = run(capsys, "validate", str(SAMPLES / "broken_text_in_number.xlsx"), "--json")
    assert code == 1
    report = json.loads(out)
    assert any(i["code"] == "not-a-number" and i["cell"] for i in report["issues"])
    assert {"code", "severity", "message", "file", "sheet", "cell"} <= set(report["issues"][0])


def test_validate_clean_file_exits_zero(capsys):
    code, _, _ = run(capsys, "validate", str(SAMPLES / "tidy_seed_figures.csv"))
    assert code == 0


def test_validate_unreadable_file_exits_two(tmp_path, capsys):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this zip is cut short")
    code, _, err = run(capsys, "validate", str(broken))
    assert code == 2
    assert "broken.xlsx" in err and "Traceback" not in err


def test_bad_arguments_give_one_clear_line(database, tmp_path, capsys):
    code, _, err = run(capsys, "import", str(tmp_path / "missing.xlsx"), "--db", database)
    assert code == 2 and err.strip().count("\n") == 0 and "no such file" in err
    code, _, err = run(capsys, "import", str(SAMPLES / "tidy_seed_figures.csv"), "--council", "Narnia",
                       "--db", database)
    assert code == 2 and "Narnia" in err
    code, _, err = run(capsys, "history", "--indicator", "nope", "--area", "937", "--period", "2019",
                       "--db", database)
    assert code == 2 and "nope" in err


def test_council_option_takes_old_and_new_codes(tmp_path, capsys):
    for code_given in ("937", "E10000031"):
        db = tmp_path / f"{code_given}.sqlite"
        code, _, _ = run(capsys, "import", str(SAMPLES / "warwickshire_cp_update_2020.xlsx"), "--db", str(db),
                         "--council", code_given, "--yes")
        assert code == 0


def test_errors_stop_the_import_and_nothing_is_written(database, capsys):
    db = database
    code, out, _ = run(capsys, "import", str(SAMPLES / "broken_text_in_number.xlsx"), "--db", str(db))
    assert code == 1 and "not imported" in out
    assert dump_rows(capsys, db)[1:] == []


def test_skip_invalid_imports_the_rest_and_records_what_was_skipped(database, capsys):
    db = database
    code, out, _ = run(capsys, "import", str(SAMPLES / "broken_text_in_number.xlsx"), "--db", str(db),
                       "--skip-invalid", "--yes")
    assert code == 0
    from cpdesk.store import open_store

    with open_store(db) as store:
        record = store.imports()[0]
        assert record.n_skipped >= 1
        assert json.loads(record.report_json)["skipped_cells"]
        assert store.observations()


def test_history_can_be_saved_as_a_workbook(database, tmp_path, capsys):
    db = database
    assert run(capsys, "import", str(SAMPLES / "warwickshire_cp_update_2020.xlsx"), "--db", str(db),
               "--yes")[0] == 0
    out = tmp_path / "history.xlsx"
    code, text, _ = run(capsys, "history", "--db", str(db), "--indicator", "cpp_count", "--area",
                        "E10000031", "--period", "31 March 2018", "--out", str(out))
    assert code == 0 and "History saved" in text
    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert 563 in values or "563" in values


def test_demo_without_db_builds_the_apps_demo_database_and_leaves_the_officers_own_alone(
        tmp_path, monkeypatch, capsys):
    from cpdesk.app import database_to_open

    own = tmp_path / "own.sqlite"
    monkeypatch.setenv("CPDESK_DB", str(own))
    code, out, _ = run(capsys, "demo")
    opened_by_the_app = database_to_open(None, demo=True, saved="")
    assert code == 0
    assert f"Demo database ready: {opened_by_the_app}" in out
    assert "'cpdesk --demo' opens it" in out
    assert not own.exists()
    rows = dump_rows(capsys, opened_by_the_app, "--indicator", "cpp_rate", "--area", "E10000031")
    assert any(r["period_label"] == "31 Mar 2019" and r["value"] == "29.8" for r in rows)


def test_history_of_a_month_end_count_names_its_own_day(tmp_path, capsys):
    from openpyxl import Workbook

    book, monthly, db = Workbook(), tmp_path / "monthly.xlsx", str(tmp_path / "cp.sqlite")
    for row in (["Child protection"], ["Measure", "Mar-24", "Apr-24"],
                ["Number of children on a CP plan", 398, 400]):
        book.active.append(row)
    book.save(monthly)
    assert run(capsys, "import", str(monthly), "--db", db, "--council", "937", "--yes")[0] == 0
    for period, title in (("30 April 2024", "Children subject to a child protection plan at 30 April"),
                          ("31 March 2024", "Children subject to a child protection plan at 31 March")):
        code, out, _ = run(capsys, "history", "--db", db, "--indicator", "cpp_count", "--area", "937",
                           "--period", period)
        assert code == 0 and out.splitlines()[0].startswith(f"{title}, Warwickshire, "), out
