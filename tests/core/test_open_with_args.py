"""``cpdesk FILE``: a workbook's path and no command opens the app on the import wizard for it ("Open with
cpdesk"), while a mistyped command still gets argparse's own error."""

from __future__ import annotations

import os

import pytest

from cpdesk import app, cli

COMMANDS = cli.command_names(cli.build_parser())


@pytest.fixture
def opened(monkeypatch) -> list[dict]:
    """What run_app was asked to open, instead of opening a window."""
    calls: list[dict] = []

    def fake_run_app(**kwargs) -> int:
        calls.append(kwargs)
        return 0

    monkeypatch.setattr(app, "run_app", fake_run_app)
    return calls


def test_the_commands_are_all_known():
    assert {"import", "validate", "dump", "demo", "db", "export", "chart", "backup", "restore"} <= COMMANDS


def test_a_workbook_alone_opens_the_app_on_it(opened, tmp_path):
    workbook = tmp_path / "returns.xlsx"
    workbook.write_bytes(b"PK")
    assert cli.main([str(workbook)]) == 0
    assert opened == [{"db": None, "demo": False, "open_file": str(workbook)}]


def test_a_relative_path_is_made_absolute(opened, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "figures.csv").write_text("a,b\n")
    assert cli.main(["figures.csv"]) == 0
    assert opened[0]["open_file"] == str(tmp_path / "figures.csv")


def test_the_database_option_goes_with_the_file(opened, tmp_path):
    workbook = tmp_path / "returns.xlsx"
    workbook.write_bytes(b"PK")
    db = tmp_path / "team.sqlite"
    assert cli.main(["--db", str(db), str(workbook)]) == 0
    assert opened == [{"db": str(db), "demo": False, "open_file": str(workbook)}]


def test_no_file_opens_the_app_as_before(opened):
    assert cli.main([]) == 0
    assert opened == [{"db": None, "demo": False, "open_file": None}]


def test_a_mistyped_command_still_gets_argparses_error(opened, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["improt"])
    assert stopped.value.code == 2
    assert "invalid choice: 'improt'" in capsys.readouterr().err
    assert opened == []


def test_a_missing_workbook_is_named_plainly(opened, capsys, tmp_path):
    missing = tmp_path / "returns 2024.xlsx"
    assert cli.main([str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"cpdesk: there is no file {missing}."
    assert opened == []


def test_a_folder_is_told_apart_from_a_file(opened, capsys, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    assert cli.main([f"{folder}{os.sep}"]) == 2
    said = capsys.readouterr().err.strip()
    assert said == f"cpdesk: {folder}{os.sep} is a folder: give a workbook or CSV file in it."
    assert opened == []


def test_a_file_named_like_a_command_does_not_hide_the_command(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dump").write_text("not a workbook")
    assert cli.split_file_to_open(["dump"], COMMANDS) == (["dump"], None)


def test_a_command_with_a_file_argument_is_left_to_the_command(tmp_path):
    workbook = tmp_path / "returns.xlsx"
    workbook.write_bytes(b"PK")
    argv = ["validate", str(workbook)]
    assert cli.split_file_to_open(argv, COMMANDS) == (argv, None)


def test_the_database_value_is_not_taken_for_the_file(tmp_path):
    db = tmp_path / "cpdesk.sqlite"
    db.write_bytes(b"")
    assert cli.split_file_to_open(["--db", str(db)], COMMANDS) == (["--db", str(db)], None)
