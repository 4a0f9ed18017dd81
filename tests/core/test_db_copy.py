"""``cpdesk db copy``: the demo database moved to the test PostgreSQL server with its history, ids kept,
compared table by table, and a target that already holds figures refused."""

from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from cpdesk.cli import main
from cpdesk.store import StoreError, copy, open_store, tables

from ..conftest import SAMPLES

HISTORY = ("history", "--indicator", "cpp_rate", "--area", "937", "--period", "2018/19",
           "--publisher", "local")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def local_db(demo_db_template, tmp_path, capsys):
    """The demo database, with Warwickshire's 2019 rate corrected from 29.8 to 29.9 by a second file: a
    figure whose history has two revisions."""
    path = tmp_path / "local" / "cpdesk.sqlite"
    path.parent.mkdir()
    shutil.copyfile(demo_db_template, path)
    code, out, err = run(capsys, "import", warwickshire_rate(tmp_path, 29.9), "--db", path, "--yes")
    assert code == 0 and "1 changed" in out, err
    return path


@pytest.fixture
def small_db(tmp_path, capsys):
    """Warwickshire's 2020 update and its correction alone: 182 figures, one with two revisions."""
    path = tmp_path / "small" / "cpdesk.sqlite"
    for rate in (29.8, 29.9):
        code, out, err = run(capsys, "import", warwickshire_rate(tmp_path, rate), "--db", path, "--yes")
        assert code == 0, err
    return path


def warwickshire_rate(folder, rate: float):
    """Warwickshire's 2020 update with its 2019 rate (29.8, in Table 1 and again in Table 7) changed."""
    changed = folder / f"warwickshire_rate_{rate}.xlsx"
    book = load_workbook(SAMPLES / "warwickshire_cp_update_2020.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == 29.8:
                    cell.value = rate
    book.save(changed)
    return changed


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return {name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                    for name, table in tables.metadata.tables.items()}
    finally:
        engine.dispose()


def test_the_demo_moves_to_the_server_with_its_history(local_db, pg_url, capsys):
    code, out, err = run(capsys, "db", "copy", "--from", local_db, "--to", pg_url)

    assert code == 0, err
    for name in tables.metadata.tables:
        assert f"  {name:<12}" in out
    assert out.count("identical") == len(tables.metadata.tables) and "DIFFERENT" not in out
    local_dump, server_dump = (run(capsys, "dump", "--db", db)[1] for db in (local_db, pg_url))
    assert local_dump == server_dump and len(local_dump.splitlines()) > 40_000
    local_history, server_history = (run(capsys, *HISTORY, "--db", db)[1] for db in (local_db, pg_url))
    assert local_history == server_history
    assert "29.8 -> 29.9" in server_history and len(server_history.splitlines()) == 3
    with open_store(local_db) as local, open_store(pg_url) as server:
        assert [i.id for i in server.imports()] == [i.id for i in local.imports()]


def test_after_the_copy_new_rows_get_ids_past_the_copied_ones(local_db, pg_url, capsys, tmp_path):
    copy.copy_database(local_db, pg_url)
    before = counts(pg_url)

    code, out, err = run(capsys, "import", warwickshire_rate(tmp_path, 30.1), "--db", pg_url, "--yes")

    assert code == 0 and "1 changed" in out, err
    with open_store(pg_url) as server:
        ids = [record.id for record in server.imports()]
    assert sorted(ids)[-1] == before["imports"] + 1 and len(set(ids)) == len(ids)
    assert counts(pg_url)["revisions"] == before["revisions"] + 1
    history = run(capsys, *HISTORY, "--db", pg_url)[1]
    assert "29.8 -> 29.9" in history and "29.9 -> 30.1" in history


def test_a_target_that_holds_figures_is_refused(small_db, pg_url, capsys):
    assert run(capsys, "import", SAMPLES / "oxfordshire_paqa_2019.xlsx", "--db", pg_url, "--yes")[0] == 0
    before = counts(pg_url)

    code, out, err = run(capsys, "db", "copy", "--from", small_db, "--to", pg_url)

    assert code != 0 and "already holds figures" in err and "nothing was copied" in err
    assert counts(pg_url) == before


def test_a_target_with_reference_rows_only_takes_the_source_s(small_db, pg_url):
    open_store(pg_url).close()  # an officer opened it once and cpdesk noted an area, but no figures
    engine = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.insert(tables.areas).values(code="E10000031", name="Warwickshire (old)", kind="la"))
    engine.dispose()

    report = copy.copy_database(small_db, pg_url)

    assert all(check.same for check in report.checks)
    assert counts(pg_url) == counts(f"sqlite:///{small_db}")


def test_a_copy_that_does_not_match_is_not_kept(small_db, pg_url, monkeypatch):
    real_batches = copy._batches

    def losing_a_revision(conn, table):  # a fault on the way: one history row never arrives
        for rows in real_batches(conn, table):
            yield rows[1:] if table.name == "revisions" else rows

    monkeypatch.setattr(copy, "_batches", losing_a_revision)

    with pytest.raises(StoreError, match="did not match") as refused:
        copy.copy_database(small_db, pg_url)

    assert "revisions" in str(refused.value) and "nothing was kept there" in str(refused.value)
    assert counts(pg_url)["observations"] == 0 and counts(pg_url)["revisions"] == 0
