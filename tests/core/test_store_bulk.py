"""Bulk writes: a fresh import stores every figure and its first revision exactly, on either insert path.

The figures are Warwickshire's own (563 children on a plan at 31 March 2018, 345 at 31 March 2019, 674
plans starting in 2017/18) and the DfE's 561 for the same cell.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cpdesk.store import bulk, open_store
from cpdesk.store import tables as t
from tests.core.test_store import (
    AREAS,
    INDICATORS,
    MAR_2018,
    MAR_2019,
    REPORT,
    batch,
    council_report,
    dfe_release,
    figure,
)


@pytest.fixture(params=["driver", "portable"])
def store(request, database, monkeypatch):
    if request.param == "portable":  # the Core insert any other database takes, run on these two
        monkeypatch.setattr(bulk, "uses_driver_executemany", lambda _conn: False)
        monkeypatch.setattr(bulk, "uses_copy", lambda _conn: False)
    with open_store(database) as opened:
        opened.sync_areas(AREAS)
        opened.sync_indicators(INDICATORS)
        yield opened


def _revisions(store) -> list[dict]:
    with store._read() as conn:
        query = sa.select(t.revisions, t.observations.c.indicator_id, t.observations.c.publisher).join(
            t.observations, t.observations.c.id == t.revisions.c.observation_id).order_by(t.revisions.c.id)
        return [dict(row._mapping) for row in conn.execute(query)]


def test_every_new_figure_gets_one_first_revision_with_its_source(store):
    outcome = store.import_observations(batch(council_report() + dfe_release()))
    revisions = _revisions(store)
    assert outcome.added == 5
    assert [(r["indicator_id"], r["publisher"], r["new_value"], r["new_raw"], r["source_cell"])
            for r in revisions] == [
        ("cpp_count", "local", 563, "563", "D10"), ("cpp_count", "local", 345, "345", "E10"),
        ("cpp_starts", "local", 674, "674", "D8"), ("cpp_count", "dfe", 561, "561", "row 12"),
        ("cpp_repeat_count", "dfe", 126, "126", "row 9"),
    ]
    for revision in revisions:
        assert (revision["old_value"], revision["old_status"], revision["old_raw"]) == (None, None, None)
        assert revision["import_id"] == outcome.import_id
        assert revision["changed_by"] == "alice"
        assert revision["reason"] == f"import of {REPORT}"
        assert revision["source_sheet"] == "Table 6"


def test_stored_cells_carry_the_import_user_and_time_of_their_revision(store):
    outcome = store.import_observations(batch(council_report()))
    with store._read() as conn:
        cells = conn.execute(sa.select(t.observations).order_by(t.observations.c.id)).mappings().all()
    revisions = _revisions(store)
    assert [c["value"] for c in cells] == [563, 345, 674]
    assert {c["import_id"] for c in cells} == {outcome.import_id}
    assert [c["updated_at"] for c in cells] == [r["changed_at"] for r in revisions]
    assert [c["id"] for c in cells] == [r["observation_id"] for r in revisions]


def test_a_later_import_adds_revisions_only_for_what_it_adds_or_changes(store):
    store.import_observations(batch(council_report()))
    corrected = [figure("cpp_count", MAR_2018, 563), figure("cpp_count", MAR_2019, 346, cell="E10"),
                 figure("cpp_count", MAR_2018, 2, area="E07000220", cell="D20")]
    second = store.import_observations(batch(corrected, file_hash="hash-report-2", user="bob"))
    later = [r for r in _revisions(store) if r["import_id"] == second.import_id]
    assert (second.added, second.changed, second.unchanged) == (1, 1, 1)
    assert sorted(((r["old_value"], r["new_value"], r["changed_by"]) for r in later), key=str) == [
        (345, 346, "bob"), (None, 2, "bob")]
    history = store.history("E10000031", "cpp_count", MAR_2019)
    assert [(h.old_value, h.new_value) for h in history] == [(None, 345), (345, 346)]


def test_insert_rows_refuses_a_column_the_table_does_not_have(store):
    with store._write() as conn, pytest.raises(ValueError, match="no column"):
        bulk.insert_rows(conn, t.meta, ("key", "colour"), [("a", "b")])


def test_insert_rows_of_nothing_writes_nothing(store):
    with store._write() as conn:
        assert bulk.insert_rows(conn, t.meta, ("key", "value"), []) == 0
