"""Two officers writing at once, on SQLite and PostgreSQL (the ``database`` fixture runs each test on both).

Imports of different files by two threads and by two real processes: no error, every figure stored. The
same figure changed by both: the second is refused with an EditConflict, stores its figure knowingly
after that, and the cell's history has no gap (each revision's old value is the previous one's new value).
Reference rows created at once on a fresh database, even outside the write lock. Schema version 2: the
revision number, the database login beside the display name, and the server's times on PostgreSQL.

Figures: Warwickshire's report to committee (seed 003) and the DfE's release, as in test_store; round
``n`` of a test files them under the year ``2000 + n`` so that each round creates new periods.
"""

from __future__ import annotations

import datetime as dt
import getpass
import multiprocessing
import subprocess
import threading
import traceback
from collections.abc import Callable
from dataclasses import replace

import pytest
import sqlalchemy as sa

from cpdesk.indicators.model import Period
from cpdesk.observation import Observation
from cpdesk.store import StoreError, engine, migrations, open_store, upgrade, writes
from cpdesk.store.records import EditConflict
from tests.core.test_store import AREAS, INDICATORS, batch, council_report, dfe_release

ROUNDS = 30
WARWICKSHIRE = "E10000031"


def in_year(observations: list[Observation], year: int) -> list[Observation]:
    """The same figures, filed under the periods of ``year`` (31 March, and April to March)."""
    moved = []
    for o in observations:
        if o.period.kind == "snapshot":
            day = dt.date(year, 3, 31)
            period = Period("snapshot", day, day, f"31 Mar {year}")
        else:
            label = f"{year - 1}/{year % 100:02d}"
            period = Period("year", dt.date(year - 1, 4, 1), dt.date(year, 3, 31), label)
        moved.append(replace(o, period=period))
    return moved


def council_file(round_number: int) -> list[Observation]:
    return in_year(council_report()[:1] + council_report()[2:], 2000 + round_number)


def dfe_file(round_number: int) -> list[Observation]:
    return in_year(dfe_release(), 2000 + round_number)


def import_council(store, round_number: int) -> None:
    store.import_observations(batch(council_file(round_number), file_name=f"council {round_number}.xlsx",
                                    file_hash=f"council-{round_number}", user="alice"))


def import_report(store) -> None:
    """The council's report as it is: 563 and 345 children on a plan at 31 March 2018 and 2019."""
    store.import_observations(batch(council_report()))


def import_dfe(store, round_number: int) -> None:
    store.import_observations(batch(dfe_file(round_number), file_name=f"d1 {round_number}.csv",
                                    file_hash=f"dfe-{round_number}", user="bob"))


@pytest.fixture
def prepared(database) -> str:
    with open_store(database) as store:
        store.sync_areas(AREAS)
        store.sync_indicators(INDICATORS)
    return database


def stored_figures(database: str) -> dict[tuple, float | None]:
    with open_store(database, create=False) as store:
        return {o.key: o.value for o in store.observations()}


def expected_figures(rounds: int) -> dict[tuple, float | None]:
    return {o.key: o.value for n in range(rounds) for o in council_file(n) + dfe_file(n)}


def run_together(*actions: Callable[[threading.Barrier], None]) -> list[str]:
    """Run each action in a thread of its own, all started at once; the tracebacks of those that failed."""
    barrier = threading.Barrier(len(actions))
    failures: list[str] = []

    def run(action):
        try:
            action(barrier)
        except Exception:  # noqa: BLE001 - the test reports every failure, whatever it is
            failures.append(traceback.format_exc())

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


# Reference rows ---------------------------------------------------------------------------------------------

def test_two_officers_opening_a_new_database_at_once_both_get_it_with_every_reference_row(database):
    def first_use(barrier):
        barrier.wait()
        with open_store(database) as store:
            store.sync_areas(AREAS)
            store.sync_indicators(INDICATORS)

    assert run_together(first_use, first_use, first_use) == []

    with open_store(database, create=False) as store:
        assert store.meta("schema_version") == str(migrations.latest_version())
    with open_store(database) as store:
        import_council(store, 0)
    assert stored_figures(database) == {o.key: o.value for o in council_file(0)}


def test_the_same_periods_created_at_once_outside_the_write_lock_are_one_row_each(pg_url, monkeypatch):
    """Plain PostgreSQL transactions (no advisory lock), both finding the periods missing before either
    inserts them: ON CONFLICT DO NOTHING alone keeps the second from failing on the unique key the first
    has just filled. (SQLite has one writer at a time whatever.)"""
    open_store(pg_url).close()
    location = engine.locate(pg_url)
    periods = [o.period for n in range(5) for o in council_file(n)]
    found: list[dict] = []
    both_have_looked = threading.Barrier(2)
    insert_if_missing = writes.insert_if_missing

    def insert_after_both_have_looked(*arguments):
        both_have_looked.wait(timeout=30)
        insert_if_missing(*arguments)

    monkeypatch.setattr(writes, "insert_if_missing", insert_after_both_have_looked)

    def create_periods(barrier):
        db = engine.make_engine(location)
        try:
            with db.connect() as conn, conn.begin():
                found.append(writes.ensure_periods(conn, periods))
        finally:
            db.dispose()

    assert run_together(create_periods, create_periods) == []

    assert found[0] == found[1]
    assert sorted(found[0]) == sorted({p.key for p in periods})
    with open_store(pg_url, create=False) as store:
        assert sorted(p.key for p in store.periods()) == sorted({p.key for p in periods})


# Imports at once ------------------------------------------------------------------------------------------

def test_two_officers_importing_different_files_at_once_store_every_figure(prepared):
    stores = [open_store(prepared), open_store(prepared)]

    def importer(store, do_import):
        def run(barrier):
            for round_number in range(ROUNDS):
                barrier.wait()
                do_import(store, round_number)
        return run

    try:
        failures = run_together(importer(stores[0], import_council), importer(stores[1], import_dfe))
    finally:
        for store in stores:
            store.close()

    assert failures == []
    assert stored_figures(prepared) == expected_figures(ROUNDS)
    with open_store(prepared, create=False) as store:
        assert len(store.imports()) == 2 * ROUNDS


def import_in_a_process(database: str, which: str, rounds: int, barrier) -> None:
    """A second officer's cpdesk: its own process, its own connections."""
    do_import = import_council if which == "council" else import_dfe
    with open_store(database) as store:
        store.sync_areas(AREAS)
        store.sync_indicators(INDICATORS)
        for round_number in range(rounds):
            barrier.wait(timeout=60)
            do_import(store, round_number)


def run_processes(target, *argument_lists) -> list[int]:
    """Start one process per argument list (a fresh interpreter each, as two officers' PCs) and wait."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(argument_lists))
    processes = [context.Process(target=target, args=(*arguments, barrier)) for arguments in argument_lists]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
    return [process.exitcode for process in processes]


def test_two_processes_importing_into_a_new_database_at_once_store_every_figure(database):
    """The first use of a fresh database included: both processes create the schema and reference rows."""
    exit_codes = run_processes(import_in_a_process, (database, "council", ROUNDS), (database, "dfe", ROUNDS))

    assert exit_codes == [0, 0]
    assert stored_figures(database) == expected_figures(ROUNDS)


# The same figure changed by both -------------------------------------------------------------------------

MAR_2019_COUNT = council_report()[1]


def typed(value: float) -> Observation:
    return Observation(WARWICKSHIRE, "cpp_count", MAR_2019_COUNT.period, value, raw=f"{value:g}")


def edit_in_a_process(database: str, name: str, values: list[float], barrier) -> None:
    """Each round: read the cell, wait for the other officer, type a figure; on a conflict, store it anyway
    over the figure the conflict names (what "Save mine" does)."""
    key = MAR_2019_COUNT.key
    with open_store(database) as store:
        for value in values:
            seen = store.stored_values([key])[key].revision
            barrier.wait(timeout=60)
            try:
                store.record_edits([typed(value)], name, expected={key: seen})
            except EditConflict as conflict:
                [cell] = conflict.conflicts
                assert cell.theirs.value != value and cell.revision > seen
                store.record_edits([typed(value)], name, reason="edit (kept over a conflict)",
                                   expected={key: cell.revision})
            barrier.wait(timeout=60)


def assert_history_has_no_gap(database: str) -> None:
    with open_store(database, create=False) as store:
        history = store.history(WARWICKSHIRE, "cpp_count", MAR_2019_COUNT.period)
        [cell] = store.stored_values([MAR_2019_COUNT.key]).values()
    for before, after in zip(history, history[1:], strict=False):
        assert (after.old_value, after.old_status) == (before.new_value, before.new_status)
    assert cell.revision == len(history)
    assert cell.value == history[-1].new_value


def test_the_same_figure_changed_by_two_processes_keeps_every_value_in_its_history(prepared):
    with open_store(prepared) as store:
        import_report(store)  # 31 Mar 2019: 345
    carol = [346.0 + n for n in range(0, 2 * ROUNDS, 2)]
    dave = [347.0 + n for n in range(0, 2 * ROUNDS, 2)]

    exit_codes = run_processes(edit_in_a_process, (prepared, "carol", carol), (prepared, "dave", dave))

    assert exit_codes == [0, 0]
    assert_history_has_no_gap(prepared)
    with open_store(prepared, create=False) as store:
        history = store.history(WARWICKSHIRE, "cpp_count", MAR_2019_COUNT.period)
        reasons = [revision.reason for revision in history]
    assert sorted(r.new_value for r in history[1:]) == sorted(carol + dave)  # nothing lost
    assert reasons.count("edit (kept over a conflict)") == ROUNDS  # one of the two, every round


def test_an_edit_from_an_old_reading_is_refused_with_both_values_and_who_made_the_change(prepared):
    with open_store(prepared) as store:
        import_report(store)
        key = MAR_2019_COUNT.key
        seen = store.stored_values([key])[key]
        store.record_edits([typed(346)], "Carol Jones", expected={key: seen.revision})

        with pytest.raises(EditConflict) as caught:
            store.record_edits([typed(347)], "Dave Patel", expected={key: seen.revision})

        [cell] = caught.value.conflicts
        assert (cell.yours.value, cell.theirs.value, cell.revision) == (347.0, 346.0, seen.revision + 1)
        assert cell.changed_by.startswith("Carol Jones")
        assert "'346'" in str(caught.value) and "'347'" in str(caught.value) and "Nothing was stored" in str(
            caught.value)
        assert isinstance(caught.value, StoreError)
        assert store.stored_values([key])[key].value == 346.0
        history = store.history(WARWICKSHIRE, "cpp_count", MAR_2019_COUNT.period)
        assert [r.new_value for r in history] == [345.0, 346.0]


def test_a_figure_typed_where_there_was_none_conflicts_when_someone_stored_one_first(prepared):
    with open_store(prepared) as store:
        import_report(store)
        year = Period("year", dt.date(2018, 4, 1), dt.date(2019, 3, 31), "2018/19")
        new_cell = replace(typed(120), indicator_id="cpp_repeat_count", period=year)  # nothing stored yet
        store.record_edits([replace(new_cell, value=118.0, raw="118")], "Carol Jones",
                           expected={new_cell.key: None})

        with pytest.raises(EditConflict) as caught:
            store.record_edits([new_cell], "Dave Patel", expected={new_cell.key: None})

        assert caught.value.conflicts[0].theirs.value == 118.0


# Waiting for another officer ------------------------------------------------------------------------------

@pytest.fixture
def heard():
    messages: list[str] = []
    remove = engine.notify_long_waits(messages.append)
    yield messages
    remove()


def hold_the_write_lock(database: str):
    """Another officer's write transaction, left open: BEGIN IMMEDIATE on SQLite, the lock on PostgreSQL."""
    location = engine.locate(database)
    db = engine.make_engine(location)
    conn = db.connect().execution_options(**{engine.WRITE_OPTION: True})
    conn.begin()
    return db, conn


def test_a_write_waits_for_another_officer_says_so_and_gives_up_in_plain_words(prepared, heard, monkeypatch):
    monkeypatch.setattr(engine, "WAIT_NOTICE_AFTER_S", 0.2)
    db, conn = hold_the_write_lock(prepared)
    try:
        with open_store(prepared, timeout_s=1.5) as store, pytest.raises(StoreError) as caught:
            store.record_edits([typed(346)], "Carol Jones")
    finally:
        conn.rollback()
        conn.close()
        db.dispose()

    assert type(caught.value) is StoreError
    message = str(caught.value)
    assert "locked" in message or "Another officer" in message
    assert "duplicate" not in message and "SQL" not in message and "\n" not in message
    writer = "another program" if engine.locate(prepared).is_sqlite else "another officer"
    assert heard == [f"Waiting for the database {engine.locate(prepared).display}: {writer} is writing to "
                     "it..."]


def test_a_write_waits_for_another_officer_and_then_goes_ahead(prepared):
    db, conn = hold_the_write_lock(prepared)
    released = threading.Timer(0.5, lambda: (conn.rollback(), conn.close()))
    released.start()
    try:
        with open_store(prepared) as store:
            import_report(store)
    finally:
        released.join()
        db.dispose()
    assert stored_figures(prepared) == {o.key: o.value for o in council_report()}


# Schema version 2: revision, login, server time ----------------------------------------------------------

def test_revisions_count_the_changes_and_logins_stand_beside_the_names(prepared):
    with open_store(prepared) as store:
        import_report(store)
        key = MAR_2019_COUNT.key
        store.record_edits([typed(346)], "Carol Jones")
        store.record_edits([typed(346)], "Carol Jones")  # the same figure: no change, no new revision
        outcome = store.record_edits([typed(347)], "Carol Jones")
        cell = store.stored_values([key])[key]
        history = store.history(WARWICKSHIRE, "cpp_count", MAR_2019_COUNT.period)
        record = store.imports()[0]
    login = database_login(prepared)

    assert outcome.revisions == {key: 3} and cell.revision == 3 == len(history)
    assert (cell.updated_by, cell.updated_by_login) == ("Carol Jones", login)
    assert [(r.changed_by, r.changed_by_login) for r in history] == [("alice", login), ("Carol Jones", login),
                                                                      ("Carol Jones", login)]
    assert (record.user, record.login) == ("Carol Jones", login)


def database_login(database: str) -> str:
    location = engine.locate(database)
    return getpass.getuser() if location.is_sqlite else str(location.url.username)


def test_times_are_the_servers_in_utc_and_postgresql_stores_them_with_their_time_zone(prepared):
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    with open_store(prepared) as store:
        import_report(store)
        store.set_target(WARWICKSHIRE, "cpp_count", 500, user="alice")
        store.add_annotation("Agreed with the DfE return", author="bob", area_code=WARWICKSHIRE)
        times = [store.imports()[0].imported_at, store.observations()[0].updated_at,
                 store.history(WARWICKSHIRE, "cpp_count", MAR_2019_COUNT.period)[0].changed_at,
                 store.targets(WARWICKSHIRE, "cpp_count")[0].set_at, store.annotations()[0].created_at]
    for text in times:
        assert text.endswith("+00:00") and len(text) == len("2026-12-03T13:00:00.000+00:00")
        assert before <= dt.datetime.fromisoformat(text) <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    if engine.locate(prepared).is_sqlite:
        return
    with sa.create_engine(engine.locate(prepared).url, poolclass=sa.pool.NullPool).connect() as conn:
        types = dict(conn.execute(sa.text(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
            "WHERE column_name IN ('imported_at', 'updated_at', 'changed_at', 'set_at', 'created_at')"
        )).all())
    # Figures and revisions take their time from their import (schema version 3).
    assert types == dict.fromkeys(("imports.imported_at", "targets.set_at", "annotations.created_at"),
                                  "timestamp with time zone")


def test_a_version_1_database_on_postgresql_is_upgraded_keeping_its_times_and_counting_revisions(pg_url,
                                                                                                tmp_path):
    from tests.core.schemas.build_schemas import RELEASES, seed, tables_at

    try:
        version_1 = tables_at(RELEASES[1])
    except (subprocess.CalledProcessError, OSError) as exc:
        pytest.skip(f"cpdesk's history (git) is not available here: {exc}")
    db = sa.create_engine(pg_url, poolclass=sa.pool.NullPool)
    with db.begin() as conn:
        version_1.metadata.create_all(conn)
        seed(conn, version_1, 1)
        for table in ("periods", "imports", "observations", "revisions", "targets", "annotations"):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT max(id) FROM {table}))"))
    db.dispose()

    assert upgrade.upgrade(pg_url, tmp_path).upgraded
    with open_store(pg_url) as store:
        history = store.history(WARWICKSHIRE, "cpp_count", MAR_2019_COUNT.period)
        key = MAR_2019_COUNT.key
        cell = store.stored_values([key])[key]
        assert store.meta("schema_version") == str(migrations.latest_version())
        assert [(r.changed_at, r.changed_by, r.changed_by_login) for r in history] == [
            ("2026-11-23T15:00:00.000+00:00", "alice", None), ("2026-11-24T09:00:00.000+00:00", "bob", None)]
        assert (cell.value, cell.revision) == (345.0, 2)
        store.record_edits([typed(346)], "carol", expected={key: 2})
        assert store.stored_values([key])[key].revision == 3


def test_figures_for_a_period_another_officer_added_after_the_periods_were_read_are_read(prepared):
    """Reading the periods table and then the figures are two statements: between them another officer's
    import can commit a new period and figures for it (PostgreSQL shows each statement what was committed
    before it began). Its figures are read with their period, not refused with a KeyError."""
    from cpdesk.store import reads

    with open_store(prepared) as mine, open_store(prepared) as theirs:
        import_council(mine, 1)
        with mine._read() as conn:
            periods = reads.periods_by_id(conn)
            import_council(theirs, 2)
            o = reads.t.observations
            period_ids = {row[0] for row in conn.execute(sa.select(o.c.period_id))}
            years = {periods[period_id].end.year for period_id in period_ids}
        # SQLite reads one snapshot per transaction, so the new period and its figures are both unseen;
        # PostgreSQL sees both, and the period is read when first met.
        assert years == ({2001, 2002} if prepared.startswith("postgresql") else {2001})
        stored = mine.stored_values(o.key for o in council_file(2))
        assert {key[5].year for key in stored} == {2002}
