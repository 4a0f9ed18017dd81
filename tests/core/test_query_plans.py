"""The store's hot queries find their rows through an index, never by reading the whole table.

Each case runs one of the Store's own calls on a small SQLite database, records the SQL it sends
(SQLAlchemy's ``before_cursor_execute``), then asks SQLite for the plan of each statement that reads
observations or revisions (``EXPLAIN QUERY PLAN``, with the statement's own parameters). A plan that
scans either table, or that does not use the index the case names, fails it; so does dropping an index
(the last tests drop each one and expect the plans to say so).

SQLite names the index of the ``uq_observations_cell`` constraint ``sqlite_autoindex_observations_1``.
Who and when come from ``imports`` (schema version 3), joined by its primary key; a cell with no
revision row (it never changed) is looked for through ``ix_revisions_observation``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
import sqlalchemy as sa

from cpdesk.indicators.model import Period
from cpdesk.store import Store, open_store
from tests.core.test_store import (
    AREAS,
    INDICATORS,
    MAR_2018,
    YEAR_2017_18,
    batch,
    council_report,
    dfe_release,
    figure,
)

CELL_KEY = "sqlite_autoindex_observations_1"  # the unique index of uq_observations_cell
BY_INDICATOR = "ix_observations_indicator_area"
BY_IMPORT = "ix_observations_import"
REVISIONS_BY_CELL = "ix_revisions_observation"
REVISIONS_BY_IMPORT = "ix_revisions_import"
WATCHED = ("observations", "revisions")
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")


class Planned(NamedTuple):
    sql: str
    plan: list[str]


def _second_import(store: Store) -> None:
    """A file that changes one stored figure and adds one: the look-ups of stored cells, the update, and
    the first revision of the changed cell written before its change."""
    store.import_observations(batch([figure("cpp_count", MAR_2018, 600),
                                     figure("cpp_count", MAR_2019, 345, cell="E10"),
                                     figure("cpp_repeat_count", YEAR_2017_18, 120, cell="D12")],
                                    file_name="second.xlsx", file_hash="hash-second"))


def _latest_for_areas(store: Store) -> None:
    """What the report card and the comparators ask for: some indicators for some areas."""
    store.observations(indicator=["cpp_count", "cpp_starts"], area=["E10000031", "E12000005"])


def _rules_stored_values(store: Store) -> None:
    store.stored_values([o.key for o in council_report()])


def _undo_a_change(store: Store) -> None:
    _second_import(store)
    store.undo_import(3, "bob")


# case id -> (the Store's call, the indexes its plans must use)
HOT_QUERIES: dict[str, tuple[Callable[[Store], object], set[str]]] = {
    "an indicator's series": (lambda s: s.observations(indicator="cpp_count"), {BY_INDICATOR}),
    "an indicator in the data grid": (lambda s: s.grid_figures(indicator="cpp_count"), {BY_INDICATOR}),
    "an area's figures": (lambda s: s.observations(area="E10000031"), {CELL_KEY}),
    "an area in the data grid": (lambda s: s.grid_figures(area="E10000031"), {CELL_KEY}),
    "latest figures of indicators for areas": (_latest_for_areas, set()),
    "history of a cell": (lambda s: s.history("E10000031", "cpp_count", MAR_2018),
                          {CELL_KEY, REVISIONS_BY_CELL}),
    "stored values for the rules": (_rules_stored_values, {BY_INDICATOR}),
    "an import's upsert look-ups and first revisions": (_second_import, {BY_INDICATOR, REVISIONS_BY_CELL}),
    "undo of an import": (lambda s: s.undo_import(2, "bob"), {BY_IMPORT, REVISIONS_BY_IMPORT,
                                                              REVISIONS_BY_CELL}),
    "undo of a later import": (_undo_a_change, {BY_IMPORT, REVISIONS_BY_IMPORT, REVISIONS_BY_CELL}),
    "first figure of each import": (lambda s: s.first_cells([1, 2]), {BY_IMPORT, REVISIONS_BY_IMPORT}),
    "areas holding figures": (lambda s: s.area_codes_with_data(), {CELL_KEY}),
    "areas holding the DfE's figures": (lambda s: s.area_codes_with_data("dfe"), {CELL_KEY}),
}


@pytest.fixture
def db(tmp_path) -> Iterator[tuple[Store, Path]]:
    path = tmp_path / "plans.sqlite"
    with open_store(path) as store:
        store.sync_areas(AREAS)
        store.sync_indicators(INDICATORS)
        store.import_observations(batch(council_report()))
        store.import_observations(batch(dfe_release(), file_name="dfe.csv", file_hash="hash-dfe"))
        yield store, path


@contextmanager
def recorded_sql() -> Iterator[list[tuple[str, object]]]:
    """Every statement (and its parameters: the first set of an executemany) any engine sends."""
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append((statement, parameters[0] if executemany else parameters))

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)


def statements_of(store: Store, call: Callable[[Store], object]) -> list[tuple[str, object]]:
    """The statements ``call`` sends that read or write the watched tables (PRAGMAs and the like left out)."""
    with recorded_sql() as sent:
        call(store)
    return [(sql, params) for sql, params in sent
            if sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE"))
            and any(table in sql for table in WATCHED)]


def plans(path: Path, statements: list[tuple[str, object]]) -> list[Planned]:
    conn = sqlite3.connect(path)
    try:
        return [Planned(" ".join(sql.split()), [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                                               params or ())])
                for sql, params in statements]
    finally:
        conn.close()


def problems(planned: list[Planned], indexes: set[str]) -> list[str]:
    """What is wrong with these plans: a watched table read whole, or a named index never used."""
    found = []
    for one in planned:
        found += [f"{line!r} in {one.sql[:160]}" for line in one.plan
                  if line.startswith(tuple(f"SCAN {table}" for table in WATCHED))]
    used = " ".join(line for one in planned for line in one.plan)
    found += [f"{index} not used by any of: {[one.sql[:80] for one in planned]}" for index in sorted(indexes)
              if f"INDEX {index} " not in used]
    return found


@pytest.mark.parametrize("case", list(HOT_QUERIES))
def test_a_hot_query_searches_an_index(db, case):
    store, path = db
    call, indexes = HOT_QUERIES[case]
    planned = plans(path, statements_of(store, call))
    assert any(one.plan for one in planned), f"{case}: no statement with a plan was sent"
    assert problems(planned, indexes) == []


@pytest.mark.parametrize(("dropped", "case", "scans"), [
    (BY_INDICATOR, "an indicator's series", True),
    # The look-ups by indicator and area fall back to the cells' unique index (by area): no scan, but
    # not the index the case names.
    (BY_INDICATOR, "an import's upsert look-ups and first revisions", False),
    (REVISIONS_BY_CELL, "history of a cell", True),
    (BY_IMPORT, "undo of an import", True),
    (REVISIONS_BY_IMPORT, "undo of a later import", True),
    (BY_IMPORT, "first figure of each import", True),
    (REVISIONS_BY_IMPORT, "first figure of each import", True),
])
def test_without_its_index_a_hot_query_is_caught(db, dropped, case, scans):
    store, path = db
    call, indexes = HOT_QUERIES[case]
    statements = statements_of(store, call)
    conn = sqlite3.connect(path)
    conn.execute(f"DROP INDEX {dropped}")
    conn.close()
    found = problems(plans(path, statements), indexes)
    assert any(dropped in problem for problem in found)
    assert any("SCAN" in problem for problem in found) == scans


def test_every_index_the_cases_name_exists(db):
    """The cases name real indexes: a renamed index fails here, not silently in every case."""
    _, path = db
    conn = sqlite3.connect(path)
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    named = set().union(*(indexes for _, indexes in HOT_QUERIES.values()))
    assert named <= names, named - names
