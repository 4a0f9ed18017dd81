"""A team database's URL works wherever a database file's path does: every command, ``--db`` at either
level, ``CPDESK_DB`` and the saved setting. Each test runs on a SQLite file and on a PostgreSQL
database (the ``database`` fixture); none leaves a file named after a URL, or prints a password."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from cpdesk.cli import main
from cpdesk.preferences import chosen_database, saved_database, settings_path

from ..conftest import SAMPLES

WARWICKSHIRE = SAMPLES / "warwickshire_cp_update_2020.xlsx"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def secret_of(database: str) -> str | None:
    return sa.make_url(database).password if "://" in database else None


def no_file_named_after_a_url(folder) -> bool:
    return not [p for p in folder.rglob("*") if "postgresql" in p.name or "@" in p.name]


def test_the_demo_is_built_there_and_every_command_reads_it(database, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    secret = secret_of(database)
    seen = []

    def command(*argv) -> tuple[int, str, str]:
        result = run(capsys, *argv)
        seen.append(result[1] + result[2])
        return result

    code, out, _ = command("demo", "--db", database)
    assert code == 0 and out.splitlines()[-1].startswith("Demo database ready: ")
    code, out, _ = command("--db", database, "dump", "--indicator", "cpp_rate", "--publisher", "local")
    rows = csv.DictReader(io.StringIO(out))
    at_2019 = {r["area_code"]: r for r in rows if r["period_label"] == "31 Mar 2019"}
    assert code == 0 and at_2019["E10000031"]["value"] == "29.8" and at_2019["E92000001"]["value"] == "43.7"
    code, out, _ = command("history", "--db", database, "--indicator", "cpp_rate", "--area", "937",
                           "--period", "2018/19")
    assert code == 0 and "29.8" in out and "warwickshire_cp_update_2020.xlsx" in out
    code, out, _ = command("pack", "--db", database)
    assert code == 0 and "National data pack" in out
    code, out, err = command("reconcile", "--db", database, "--area", "E10000031")
    assert code == 0 and out.startswith("area_code,indicator") and "differ between the DfE" in err
    exported = tmp_path / "warwickshire.csv"
    code, _, _ = command("export", "--db", database, "--area", "E10000031", "--out", str(exported))
    assert code == 0 and "E10000031" in exported.read_text()
    chart = tmp_path / "trend.png"
    code, _, _ = command("chart", "--db", database, "--indicator", "cpp_rate", "--area", "E10000031",
                         "--out", str(chart))
    assert code == 0 and chart.stat().st_size > 10_000
    assert no_file_named_after_a_url(tmp_path)
    assert secret is None or not any(secret in text for text in seen)


def test_import_and_validate_check_against_the_database_named(database, tmp_path, capsys):
    assert run(capsys, "import", str(WARWICKSHIRE), "--db", database, "--yes")[0] == 0
    changed = tmp_path / "warwickshire_corrected.xlsx"
    shutil.copy(WARWICKSHIRE, changed)
    book = load_workbook(changed)
    for sheet in book.worksheets:  # the county's 2019 rate, in Table 1 and again in Table 7
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == 29.8:
                    cell.value = 29.9
    book.save(changed)
    for argv in (("validate", str(changed), "--json", "--db", database),
                 ("--db", database, "validate", str(changed), "--json")):
        code, out, _ = run(capsys, *argv)
        differs = [i for i in json.loads(out)["issues"] if i["code"] == "differs-from-stored"]
        assert code == 0 and differs and "29.8" in differs[0]["message"]
    code, out, _ = run(capsys, "validate", str(changed), "--json")  # no database given, none by default
    assert not [i for i in json.loads(out)["issues"] if i["code"] == "differs-from-stored"]


def test_cpdesk_db_sits_below_db_and_above_the_saved_setting(database, tmp_path, monkeypatch, capsys):
    saved_file = tmp_path / "saved.sqlite"
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(f"[storage]\ndatabase={saved_file}\n", encoding="utf-8")
    assert saved_database() == str(saved_file) == chosen_database()
    monkeypatch.setenv("CPDESK_DB", database)
    assert chosen_database() == database and chosen_database("given.sqlite") == "given.sqlite"
    assert run(capsys, "import", str(WARWICKSHIRE), "--yes")[0] == 0  # into CPDESK_DB
    code, out, _ = run(capsys, "dump", "--area", "937", "--indicator", "cpp_rate")
    assert code == 0 and len(out.splitlines()) > 1
    assert not saved_file.exists()
    other = tmp_path / "other.sqlite"
    code, _, err = run(capsys, "dump", "--db", str(other))
    assert code == 2 and "no database there yet" in err  # --db wins over CPDESK_DB
    monkeypatch.delenv("CPDESK_DB")
    code, _, err = run(capsys, "dump")
    assert code == 2 and str(saved_file) in err  # then the saved setting


def test_a_postgresql_url_is_taken_as_psycopgs(pg_url, capsys):
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    assert run(capsys, "import", str(WARWICKSHIRE), "--db", plain, "--yes")[0] == 0
    code, out, _ = run(capsys, "dump", "--db", plain, "--area", "937", "--indicator", "cpp_rate")
    assert code == 0 and "29.8" in out


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_backup_and_restore_say_what_to_do_for_a_server(pg_url, command, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, command, "--db", pg_url)
    assert code == 2 and out == ""
    assert "team database on a PostgreSQL server" in err and "pg_dump" in err and "cpdesk db upgrade" in err
    assert sa.make_url(pg_url).password not in err and no_file_named_after_a_url(tmp_path)


def nothing_made_in(database: str) -> bool:
    """No file made, or no table created in the server's database."""
    if "://" not in database:
        return not Path(database).exists()
    engine = sa.create_engine(database, poolclass=sa.pool.NullPool)
    try:
        return sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_pack_and_validate_leave_a_database_with_nothing_in_it_as_it_is(database, capsys):
    code, out, err = run(capsys, "pack", "--db", database)
    assert code == 2 and out == "" and "no database there yet" in err and "cpdesk pack --load" in err
    code, out, _ = run(capsys, "validate", str(WARWICKSHIRE), "--json", "--db", database)
    issues = json.loads(out)["issues"]
    assert code == 0 and issues and not [i for i in issues if i["code"] == "differs-from-stored"]
    assert nothing_made_in(database)


def test_messages_show_a_server_url_as_typed(pg_url, capsys):
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    shown = sa.make_url(pg_url).render_as_string(hide_password=True).replace("+psycopg", "")
    for argv in (("pack", "--db", plain), ("dump", "--db", plain), ("db", "status", "--db", plain)):
        said = "".join(run(capsys, *argv)[1:])
        assert shown in said and "psycopg" not in said
