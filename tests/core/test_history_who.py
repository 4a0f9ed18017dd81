"""Who changed a figure, as an officer reads it: the name typed in Settings with the database login
beside it, on both backends, from the command line; and the command line credits that saved name."""

import getpass

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import make_url

from cpdesk.cli import main
from cpdesk.preferences import settings_path
from cpdesk.store import open_store
from cpdesk.store.records import name_and_login

from ..conftest import SAMPLES

SAMPLE = SAMPLES / "warwickshire_cp_update_2020.xlsx"
HISTORY = ("history", "--indicator", "cpp_count", "--area", "E10000031", "--period", "31 March 2018")


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def login_of(database: str) -> str:
    """The login a change is stored under: the server's user, or on SQLite the OS login."""
    return make_url(database).username if "://" in database else getpass.getuser()


def save_officer_name(name: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[officer]\nname={name}\n", encoding="utf-8")


@pytest.mark.parametrize(("name", "login", "shown"), [
    ("Sarah Jones", "sarah", "Sarah Jones (sarah)"), ("sarah", "sarah", "sarah"),
    ("Sarah Jones", None, "Sarah Jones"), ("Sarah Jones", "", "Sarah Jones")])
def test_the_login_is_shown_beside_the_name_only_when_it_says_more(name, login, shown):
    assert name_and_login(name, login) == shown


def test_the_command_line_credits_the_name_saved_in_settings_and_history_shows_the_login(
        database, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CPDESK_USER")
    save_officer_name("Sarah Jones")
    assert run(capsys, "import", str(SAMPLE), "--db", database, "--yes")[0] == 0
    login = login_of(database)
    with open_store(database) as store:
        assert (store.imports()[0].user, store.imports()[0].login) == ("Sarah Jones", login)
    out = tmp_path / "history.xlsx"
    code, text = run(capsys, *HISTORY, "--db", database, "--out", str(out))
    assert code == 0
    change = next(line for line in text.splitlines() if "563" in line)
    assert f"Sarah Jones ({login})" in change
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    column = {title: c for c, title in enumerate(rows[0])}
    assert (rows[1][column["Changed by"]], rows[1][column["Login"]]) == ("Sarah Jones", login)


def test_cpdesk_user_still_wins_over_the_saved_name(database, capsys, monkeypatch):
    save_officer_name("Sarah Jones")
    monkeypatch.setenv("CPDESK_USER", "Tom Reid")
    assert run(capsys, "import", str(SAMPLE), "--db", database, "--yes")[0] == 0
    _, text = run(capsys, *HISTORY, "--db", database)
    assert f"Tom Reid ({login_of(database)})" in text and "Sarah Jones" not in text
