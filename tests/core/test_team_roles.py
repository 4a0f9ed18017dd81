"""A team's database on the test PostgreSQL server: ``cpdesk db init``, the editor and viewer roles, and
what each login may do, run as the officers' own logins would run cpdesk."""

from __future__ import annotations

import csv
import io
import secrets
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from cpdesk.cli import main
from cpdesk.store import credentials as cr
from cpdesk.store import open_store, team

from ..conftest import REPO, SAMPLES

SAMPLE = SAMPLES / "warwickshire_cp_update_2020.xlsx"  # 182 figures of Warwickshire's 2020 update


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def dump_rows(capsys, db) -> list[dict]:
    code, out, err = run(capsys, "dump", "--db", db)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


class Logins:
    """Login roles made for one test (with passwords, as the server asks for them), dropped afterwards."""

    def __init__(self, pg_server, database_url: str) -> None:
        self.server = pg_server
        self.url = sa.make_url(database_url)
        self.made: list[str] = []

    def new(self, name: str) -> str:
        login = f"{name}_{secrets.token_hex(3)}"
        password = secrets.token_hex(8)
        with self.server.admin_engine().connect() as conn:
            conn.exec_driver_sql(f"CREATE ROLE {login} LOGIN PASSWORD '{password}'")
        self.made.append(login)
        return self.url.set(username=login, password=password).render_as_string(hide_password=False)

    def drop(self) -> None:
        self.server.drop_logins(self.url, self.made)


@pytest.fixture
def logins(pg_server):
    made: list[Logins] = []

    def for_database(url: str) -> Logins:
        made.append(Logins(pg_server, url))
        return made[-1]

    yield for_database
    for each in made:  # after the test's database is dropped: nothing of theirs is left in it
        each.drop()


@pytest.fixture
def team_db(pg_url, capsys):
    """A database set up with ``cpdesk db init`` by the server's administrator."""
    code, out, err = run(capsys, "db", "init", "--db", pg_url)
    assert code == 0, err
    return pg_url


def login_name(url: str) -> str:
    return str(sa.make_url(url).username)


def test_init_creates_the_schema_and_roles_and_a_second_init_changes_nothing(pg_url, capsys):
    code, out, err = run(capsys, "db", "init", "--db", pg_url)
    assert code == 0, err
    assert "created cpdesk's tables" in out and "granted cpdesk_editor and cpdesk_viewer" in out
    hint = out.splitlines()[-1]  # the next command, as printed, goes to this database
    url = sa.make_url(pg_url)
    pasted = cr.without_password(cr.as_typed(url)).render_as_string(hide_password=False)
    assert hint.endswith(f"--db {pasted}")
    assert ":***@" not in hint and url.password not in hint

    code, out, err = run(capsys, "db", "init", "--db", pg_url)

    assert code == 0, err
    assert "already set up for a team" in out and "nothing changed" in out
    assert team.init(pg_url) == []


def test_an_editor_login_imports_and_edits(team_db, logins, capsys, tmp_path):
    editor = logins(team_db).new("editor")
    assert run(capsys, "db", "grant", login_name(editor), "--role", "editor", "--db", team_db)[0] == 0

    code, out, err = run(capsys, "import", SAMPLE, "--db", editor, "--yes")
    assert code == 0, err
    corrected = tmp_path / "warwickshire_corrected.xlsx"
    shutil.copy(SAMPLE, corrected)
    book = load_workbook(corrected)
    cells = [(ws, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
             if c.value == 29.8]
    for sheet, cell in cells:  # the county's 2019 rate, in Table 1 and again in Table 7
        sheet[cell] = 29.9
    book.save(corrected)
    code, out, err = run(capsys, "import", corrected, "--db", editor, "--yes")

    assert code == 0 and "1 changed" in out, err
    assert len(dump_rows(capsys, editor)) == 182
    with open_store(editor, create=False) as store:  # a target replaced: cpdesk deletes the old one
        store.set_target("E10000031", "cpp_rate", 40.0, user="editor")
        store.set_target("E10000031", "cpp_rate", 38.0, user="editor")
        assert [t.target for t in store.targets("E10000031", "cpp_rate")] == [38.0]


def test_a_viewer_login_reads_and_is_refused_writes_plainly(team_db, logins, capsys):
    people = logins(team_db)
    editor, viewer = people.new("editor"), people.new("viewer")
    run(capsys, "db", "grant", login_name(editor), "--role", "editor", "--db", team_db)
    run(capsys, "db", "grant", login_name(viewer), "--role", "viewer", "--db", team_db)
    assert run(capsys, "import", SAMPLE, "--db", editor, "--yes")[0] == 0

    assert len(dump_rows(capsys, viewer)) == 182
    code, out, err = run(capsys, "import", SAMPLES / "oxfordshire_cp_report_card_2015.xlsx", "--db", viewer,
                         "--yes")

    assert code != 0
    assert f"The login {login_name(viewer)} may read the team database" in err
    assert "but not change it" in err and "cpdesk_editor" in err
    assert "Traceback" not in err and "INSERT" not in err and "permission denied" not in err
    assert len(dump_rows(capsys, editor)) == 182


def test_a_login_with_neither_role_is_told_plainly(team_db, logins, capsys):
    stranger = logins(team_db).new("stranger")

    code, out, err = run(capsys, "dump", "--db", stranger)

    assert code != 0
    assert f"The login {login_name(stranger)} may not use the team database" in err
    assert "cpdesk_viewer to read only" in err and "Traceback" not in err and "permission denied" not in err
    code, out, err = run(capsys, "db", "status", "--db", stranger)
    assert code == 0, err
    assert "Role:           none" in out and "May:            nothing" in out


def test_status_says_each_login_s_role_and_rights(team_db, logins, capsys):
    people = logins(team_db)
    editor, viewer = people.new("editor"), people.new("viewer")
    run(capsys, "db", "grant", login_name(editor), "--role", "editor", "--db", team_db)
    run(capsys, "db", "grant", login_name(viewer), "--role", "viewer", "--db", team_db)

    editor_status, viewer_status, admin_status = (team.status(url) for url in (editor, viewer, team_db))

    assert (editor_status.roles, editor_status.may_read, editor_status.may_write,
            editor_status.may_upgrade) == (["cpdesk_editor"], True, True, False)
    assert (viewer_status.roles, viewer_status.may_read, viewer_status.may_write) == (
        ["cpdesk_viewer"], True, False)
    assert admin_status.roles == ["superuser"] and admin_status.may_upgrade and admin_status.may_grant
    assert editor_status.schema_version == editor_status.cpdesk_version


def test_grant_switches_the_role_and_revoke_takes_it_away(team_db, logins, capsys):
    officer = login_name(logins(team_db).new("officer"))

    out = run(capsys, "db", "grant", officer, "--role", "viewer", "--db", team_db)[1]
    assert "now has the viewer role" in out
    out = run(capsys, "db", "grant", officer, "--role", "editor", "--db", team_db)[1]
    assert "now has the editor role" in out and "in place of the viewer role" in out
    assert "already has the editor role" in run(capsys, "db", "grant", officer, "--role", "editor",
                                                "--db", team_db)[1]
    assert "no longer has the editor role" in run(capsys, "db", "revoke", officer, "--db", team_db)[1]
    code, out, err = run(capsys, "db", "grant", "nobody_at_all", "--role", "viewer", "--db", team_db)
    assert code != 0 and "no login 'nobody_at_all'" in err


def test_tables_a_later_schema_version_creates_are_covered(team_db, logins, pg_server):
    people = logins(team_db)
    editor, viewer = people.new("editor"), people.new("viewer")
    team.grant(team_db, login_name(editor), team.Role.EDITOR)
    team.grant(team_db, login_name(viewer), team.Role.VIEWER)
    engine = sa.create_engine(team_db, poolclass=sa.pool.NullPool)  # the owner makes a version-2 table
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE board_notes (id SERIAL PRIMARY KEY, text TEXT NOT NULL)")
    engine.dispose()

    for url, statement in ((editor, "INSERT INTO board_notes (text) VALUES ('agreed')"),
                           (viewer, "SELECT count(*) FROM board_notes")):
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            conn.exec_driver_sql(statement)
        engine.dispose()


def test_the_printed_sql_does_what_init_does(pg_url, pg_server, capsys):
    owner = str(pg_server.url.username)
    code, script, err = run(capsys, "db", "init", "--print-sql", "--owner", owner)
    assert code == 0, err
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:  # as a DBA would run it, by hand
        conn.connection.dbapi_connection.autocommit = True
        conn.exec_driver_sql(script)
    engine.dispose()

    assert team.init(pg_url) == []  # init finds the schema, the roles and every right already there


def test_the_guide_holds_the_roles_and_grants_sql():
    guide = (REPO / "docs" / "TEAM_DATABASE.md").read_text(encoding="utf-8")
    for statement in [*team.role_sql(), *team.grant_sql("cpdesk_owner")]:
        assert f"{statement};" in guide


def test_db_commands_use_the_database_cpdesk_db_names(team_db, capsys, monkeypatch):
    monkeypatch.setenv("CPDESK_DB", team_db)

    code, out, err = run(capsys, "db", "status")

    assert code == 0, err
    assert f"Database:       {cr.shown(sa.make_url(team_db))}" in out


def test_roles_are_refused_for_a_sqlite_file(tmp_path, capsys):
    code, out, err = run(capsys, "db", "status", "--db", Path(tmp_path / "cp.sqlite"))
    assert code != 0 and "PostgreSQL server" in err


def test_the_guide_s_owner_login_sets_up_grants_and_upgrades_without_being_superuser(pg_url, logins, capsys,
                                                                                      pg_server):
    people = logins(pg_url)
    owner = people.new("owner")
    name = sa.make_url(pg_url).database
    with pg_server.admin_engine().connect() as conn:  # as the guide's step 1: CREATEROLE, owns the database
        conn.exec_driver_sql(f"ALTER ROLE {login_name(owner)} CREATEROLE")
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" OWNER TO {login_name(owner)}')
    editor = people.new("editor")

    assert run(capsys, "db", "init", "--db", owner)[0] == 0
    code, out, err = run(capsys, "db", "grant", login_name(editor), "--role", "editor", "--db", owner)
    assert code == 0, err
    assert run(capsys, "import", SAMPLE, "--db", editor, "--yes")[0] == 0

    status = team.status(owner)
    assert status.roles == ["owner"] and status.may_upgrade and status.may_grant
    assert not team.status(editor).may_upgrade
    assert len(dump_rows(capsys, owner)) == 182


def test_tables_an_officer_s_first_use_made_before_init_are_explained(pg_url, logins, capsys, pg_server):
    people = logins(pg_url)
    owner, sarah, tom, board = (people.new(name) for name in ("owner", "sarah", "tom", "board"))
    with pg_server.fresh_database() as other:  # the roles exist on the server already, from another team
        other_url = other.render_as_string(hide_password=False)
        team.init(other_url)
        for login, role in ((sarah, team.Role.EDITOR), (tom, team.Role.EDITOR), (board, team.Role.VIEWER)):
            team.grant(other_url, login_name(login), role)
    with pg_server.admin_engine().connect() as conn:
        conn.exec_driver_sql(f"ALTER ROLE {login_name(owner)} CREATEROLE")
    superuser = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with superuser.begin() as conn:  # a schema anyone may create tables in, as on the tester's server
        conn.exec_driver_sql(f"GRANT CREATE ON SCHEMA public TO {login_name(sarah)}")
    superuser.dispose()
    open_store(sarah).close()  # Sarah's first use creates the tables: hers

    out = run(capsys, "db", "status", "--db", tom)[1]
    assert "Role:           cpdesk_editor" in out
    assert (f"May:            nothing yet: the cpdesk roles have no rights on these tables; "
            f"'{login_name(sarah)}', who owns them, runs `cpdesk db init`") in out
    for login in (owner, board):
        code, out, err = run(capsys, "db", "init", "--db", login)
        assert code != 0
        assert f"are owned by '{login_name(sarah)}' (an officer's login, with cpdesk_editor" in err
        assert f"Run `cpdesk db init --db ...` as '{login_name(sarah)}'" in err and "may not use" not in err
    code, out, err = run(capsys, "db", "grant", login_name(board), "--role", "editor", "--db", sarah)
    assert code != 0 and "admin option" not in err
    assert f"Your login '{login_name(sarah)}' may not grant cpdesk roles" in err

    assert run(capsys, "db", "init", "--db", sarah)[0] == 0
    assert "read the figures, import and edit" in run(capsys, "db", "status", "--db", tom)[1]


def test_status_on_a_newer_schema_says_this_cpdesk_may_do_nothing_with_it(team_db, logins, capsys):
    editor = logins(team_db).new("editor")
    team.grant(team_db, login_name(editor), team.Role.EDITOR)
    engine = sa.create_engine(team_db, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:  # a newer cpdesk's upgrade
        conn.exec_driver_sql("UPDATE meta SET value = (value::int + 1)::text WHERE key = 'schema_version'")
    engine.dispose()

    out = run(capsys, "db", "status", "--db", editor)[1]

    assert "read the figures" not in out and "import and edit" not in out
    assert "May:            not read nor write with this cpdesk, which reads schema version" in out
    assert run(capsys, "dump", "--db", editor)[0] != 0  # as every command is refused
