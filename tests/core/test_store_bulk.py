"""Bulk writes: a fresh import stores every figure once, exactly, on either insert path; a revision row is
written only when a figure changes.

The figures are Warwickshire's own (563 children on a plan at 31 March 2018, 345 at 31 March 2019, 674
plans starting in 2017/18) and the DfE's 561 for the same cell.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from cpdesk.observation import CellRef
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


def _cells(store) -> list[dict]:
    with store._read() as conn:
        return [dict(row) for row in conn.execute(
            sa.select(t.observations).order_by(t.observations.c.id)).mappings()]


def test_new_figures_are_stored_once_with_their_import_and_cell_and_no_revision_row(store):
    outcome = store.import_observations(batch(council_report() + dfe_release()))
    cells = _cells(store)
    assert outcome.added == 5
    assert _revisions(store) == []
    assert [(c["indicator_id"], c["publisher"], c["value"], c["raw"], c["source_sheet"], c["source_cell"],
             c["revision"]) for c in cells] == [
        ("cpp_count", "local", 563, "563", "Table 6", "D10", 1),
        ("cpp_count", "local", 345, "345", "Table 6", "E10", 1),
        ("cpp_starts", "local", 674, "674", "Table 6", "D8", 1),
        ("cpp_count", "dfe", 561, "561", "Table 6", "row 12", 1),
        ("cpp_repeat_count", "dfe", 126, "126", "Table 6", "row 9", 1),
    ]
    assert {c["import_id"] for c in cells} == {outcome.import_id}
    # The report's own file is the import's: stored as NULL. The DfE's figures name their own files.
    assert [c["source_file"] for c in cells] == [None, None, None, "d1_2018.csv", "d3.csv"]


def test_a_new_figures_history_is_its_first_value_with_who_when_and_where(store):
    outcome = store.import_observations(batch(council_report() + dfe_release()))
    [record] = store.imports()
    for observation in council_report() + dfe_release():
        [first] = store.history(observation.area_code, observation.indicator_id, observation.period,
                                publisher=observation.publisher)
        assert (first.old_value, first.old_status, first.old_raw) == (None, None, None)
        assert (first.new_value, first.new_status, first.new_raw) == (
            observation.value, None, observation.raw)
        assert (first.changed_at, first.changed_by, first.changed_by_login) == (
            record.imported_at, "alice", record.login)
        assert (first.import_id, first.reason) == (outcome.import_id, f"import of {REPORT}")
        assert (first.source_file, first.source_sheet, first.source_cell) == (
            observation.source.file, "Table 6", observation.source.cell)


def test_a_later_import_adds_revisions_only_for_what_it_changes(store):
    first = store.import_observations(batch(council_report()))
    corrected = [figure("cpp_count", MAR_2018, 563), figure("cpp_count", MAR_2019, 346, cell="E10"),
                 figure("cpp_count", MAR_2018, 2, area="E07000220", cell="D20")]
    second = store.import_observations(batch(corrected, file_hash="hash-report-2", user="bob"))
    revisions = _revisions(store)
    assert (second.added, second.changed, second.unchanged) == (1, 1, 1)
    # The changed cell's first revision is written with its change, as the import that stored it.
    assert [(r["import_id"], r["old_value"], r["new_value"], r["reason"]) for r in revisions] == [
        (first.import_id, None, 345, f"import of {REPORT}"),
        (second.import_id, 345, 346, f"import of {REPORT}")]
    history = store.history("E10000031", "cpp_count", MAR_2019)
    assert [(h.old_value, h.new_value, h.changed_by) for h in history] == [(None, 345, "alice"),
                                                                          (345, 346, "bob")]
    assert store.stored_values([corrected[1].key])[corrected[1].key].revision == 2


def test_insert_rows_refuses_a_column_the_table_does_not_have(store):
    with store._write() as conn, pytest.raises(ValueError, match="no column"):
        bulk.insert_rows(conn, t.meta, ("key", "colour"), [("a", "b")])


def test_insert_rows_of_nothing_writes_nothing(store):
    with store._write() as conn:
        assert bulk.insert_rows(conn, t.meta, ("key", "value"), []) == 0


def test_a_figure_with_no_source_and_one_naming_no_file_read_back_as_they_were_given(store):
    worked_out = replace(figure("cpp_count", MAR_2018, 563), source=None)
    edited_before = replace(figure("cpp_count", MAR_2019, 345), source=CellRef("", "", ""))
    store.import_observations(batch([worked_out, edited_before]))

    stored = {o.period: o for o in store.observations()}
    assert (stored[MAR_2018].source_file, stored[MAR_2018].source_sheet, stored[MAR_2018].source_cell) == (
        None, None, None)
    assert (stored[MAR_2019].source_file, stored[MAR_2019].source_sheet, stored[MAR_2019].source_cell) == (
        "", None, None)
    [first] = store.history("E10000031", "cpp_count", MAR_2018)
    assert (first.source_file, first.changed_by) == (None, "alice")


def _many_years_shuffled() -> list:
    """The report's and the DfE's figures filed under forty years, in a shuffled order, cells of their own."""
    import random

    from tests.core.test_store_concurrency import in_year

    one_year = council_report()[:1] + council_report()[2:] + dfe_release()  # 31 March 2019 moved is 2018
    given = [replace(o, source=CellRef("many.xlsx", "Long", f"{'F' if n % 7 else 'f'}{n + 2}"))
             for n, o in enumerate(o for year in range(2001, 2041) for o in in_year(one_year, year))]
    random.Random(16).shuffle(given)
    return given


@pytest.mark.parametrize("sorted_from", [1, 10**9])
def test_a_big_insert_goes_in_in_key_order_and_stores_the_same_cells(store, monkeypatch,
                                                                               sorted_from):
    from cpdesk.store import cells

    monkeypatch.setattr(cells, "SORTED_FROM", sorted_from)
    monkeypatch.setattr(cells, "ROWS_AT_ONCE", 7)  # the order taken a few rows at a time
    given = _many_years_shuffled()
    outcome = store.import_observations(batch(given, file_name="many.xlsx"))
    assert outcome.added == len(given) == 40 * 4
    stored = _cells(store)
    by_key = {(o.area_code, o.indicator_id, o.period.end, o.publisher): o for o in given}
    with store._read() as conn:
        p = t.periods
        periods = {row[0]: tuple(row[1:]) for row in conn.execute(sa.select(p.c.id, p.c.kind, p.c.start_date,
                                                                               p.c.end_date))}
        ends = {period_id: key[-1] for period_id, key in periods.items()}
    for cell in stored:
        o = by_key[(cell["area_code"], cell["indicator_id"], ends[cell["period_id"]], cell["publisher"])]
        assert (cell["value"], cell["raw"], cell["source_sheet"], cell["source_cell"]) == (
            o.value, o.raw, "Long", o.source.cell)
    keys = [(c["area_code"], c["indicator_id"], c["breakdown"], *periods[c["period_id"]], c["publisher"])
            for c in stored]
    assert (keys == sorted(keys)) == (sorted_from == 1)


def test_cells_are_looked_up_in_the_files_periods_only(store, monkeypatch):
    """An import looks up the stored cells of its own periods (and the rules those of the periods before),
    not every period the database holds for its areas and indicators; where its periods are too many to
    list, every period is searched and the same cells are found."""
    from cpdesk.store import reads
    from tests.core.test_store_concurrency import in_year

    one_year = council_report()[:1] + council_report()[2:] + dfe_release()
    store.import_observations(batch([o for year in range(2001, 2041) for o in in_year(one_year, year)],
                                    file_name="forty years.xlsx"))
    wanted = in_year(one_year, 2005) + in_year(one_year, 2045)  # 2045: no period stored
    areas, indicators = {o.area_code for o in wanted}, {o.indicator_id for o in wanted}
    periods = {o.period.key for o in wanted}
    with store._read() as conn:
        everything = reads.existing_cells(conn, areas, indicators)
        in_them = reads.existing_cells(conn, areas, indicators, periods)
    assert len(everything) == 40 * len(one_year)
    assert in_them == {key: cell for key, cell in everything.items() if key[3:6] in periods}
    assert len(in_them) == len(one_year)
    stored = store.stored_values([o.key for o in wanted])
    assert sorted(stored) == sorted(o.key for o in in_year(one_year, 2005))
    assert [stored[o.key].value for o in in_year(one_year, 2005)] == [o.value for o in one_year]

    monkeypatch.setattr(reads, "CHUNK", 1)  # two periods are then too many to list
    with store._read() as conn:
        assert reads.existing_cells(conn, areas, indicators, periods) == everything
    assert store.stored_values([o.key for o in wanted]) == stored


def test_figures_read_back_for_an_import_share_the_texts_they_repeat(store):
    """A national file's check reads back a million stored figures naming 150 areas: each text a column
    repeats is one string, not one per figure (1 GB against 300 MB at a million)."""
    from cpdesk.store import reads
    from tests.core.test_store_concurrency import in_year

    one_year = council_report()[:1] + council_report()[2:] + dfe_release()
    given = [o for year in range(2001, 2006) for o in in_year(one_year, year)]
    store.import_observations(batch(given, file_name="five years.xlsx"))
    stored = list(store.stored_values([o.key for o in given]).values())
    assert len(stored) == len(given)
    for column in ("area_code", "area_name", "indicator_id", "publisher", "source_file", "updated_by"):
        texts = [getattr(s, column) for s in stored]
        assert len({id(text) for text in texts}) == len(set(texts)), column
    with store._read() as conn:
        cells = reads.existing_cells(conn, {o.area_code for o in given}, {o.indicator_id for o in given})
    assert len({id(key[0]) for key in cells}) == len({key[0] for key in cells}) == 1
    assert len({id(key[1]) for key in cells}) == len({key[1] for key in cells})


def test_a_stored_figure_reads_its_import_stamp_once_per_import_and_none_without_one(store):
    """Who, when and the file come from each figure's import, read once per import; a row naming no
    import reads them as none (what the outer join of the imports gave)."""
    report = council_report()
    first = store.import_observations(batch(report, file_name=report[0].source.file))  # stored as NULL
    store.import_observations(batch(dfe_release(), file_name="d1.csv", file_hash="dfe"))
    stored = store.observations()
    assert {s.source_file for s in stored} == {o.source.file for o in report + dfe_release()}
    assert all(s.updated_at and s.updated_by for s in stored)
    with store._write() as conn:
        conn.execute(sa.update(t.observations).where(t.observations.c.import_id == first.import_id)
                     .values(import_id=None))
    orphans = [s for s in store.observations() if s.publisher == "local"]
    assert orphans and all((s.source_file, s.updated_at, s.updated_by, s.updated_by_login) == (None,) * 4
                           for s in orphans)
