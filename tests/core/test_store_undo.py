"""Undoing an import puts back what each figure held before, and never clobbers later figures silently."""

from __future__ import annotations

import pytest

from cpdesk.observation import Observation
from cpdesk.store import StoreError
from tests.core.test_store import (
    MAR_2018,
    MAR_2019,
    REPORT,
    batch,
    council_report,
    dfe_release,
    figure,
    store,
)

__all__ = ["store"]  # the fixture, shared with test_store


def corrected_report() -> list[Observation]:
    return [figure("cpp_count", MAR_2018, 561, file="corrected.xlsx"), *council_report()[1:]]


def test_undo_restores_the_previous_figure(store):
    store.import_observations(batch(council_report()))
    correction = store.import_observations(batch(corrected_report(), file_name="corrected.xlsx",
                                                 file_hash="hash-2"))

    undone = store.undo_import(correction.import_id, "bob")

    [stored] = [o for o in store.observations(indicator="cpp_count") if o.period == MAR_2018]
    assert (stored.value, stored.raw, stored.source_file, stored.updated_by) == (563.0, "563", REPORT, "bob")
    assert (undone.changed, undone.unchanged) == (1, 0)
    [(key, old, new)] = undone.changes
    assert (key, old.value, new.value) == (corrected_report()[0].key, 561.0, 563.0)
    last = store.history("E10000031", "cpp_count", MAR_2018)[-1]
    assert (last.old_value, last.new_value, last.changed_by) == (561.0, 563.0, "bob")
    assert last.reason == f"undo of import {correction.import_id}"
    assert store.get_import(correction.import_id).status == "undone"
    assert (store.get_import(undone.import_id).kind, store.get_import(undone.import_id).status) == (
        "undo", "committed")


def test_undo_empties_the_figures_an_import_created(store):
    store.import_observations(batch(council_report()))
    dfe = store.import_observations(batch(dfe_release(), file_name="dfe.csv", file_hash="hash-dfe"))

    store.undo_import(dfe.import_id, "alice")

    assert {o.publisher for o in store.observations()} == {"local"}
    history = store.history("E10000031", "cpp_count", MAR_2018, publisher="dfe")
    assert [(h.old_value, h.new_value, h.new_status, h.new_raw) for h in history] == [
        (None, 561.0, None, "561"), (561.0, None, None, "")]
    assert store.stored_values([dfe_release()[0].key]) == {}
    assert store.find_import_by_hash("hash-dfe") is None

    again = store.import_observations(batch(dfe_release(), file_name="dfe.csv", file_hash="hash-dfe"))
    assert (again.added, again.changed, again.already_imported) == (2, 0, False)
    assert [o.value for o in store.observations(publisher="dfe")] == [561.0, 126.0]


def test_undo_is_refused_when_a_figure_has_changed_since(store):
    first = store.import_observations(batch(council_report()))
    store.record_edits([Observation("E10000031", "cpp_count", MAR_2019, 346.0, raw="346")], user="carol")

    with pytest.raises(StoreError, match="changed since") as caught:
        store.undo_import(first.import_id, "alice")

    assert "cpp_count for E10000031 at 31 Mar 2019" in str(caught.value)
    assert "carol" in str(caught.value)
    assert "cannot be undone: 1 of its figures has been changed since, e.g. " in str(caught.value)
    assert len(store.observations()) == 3
    assert store.get_import(first.import_id).status == "committed"


def test_a_forced_undo_overwrites_later_changes(store):
    first = store.import_observations(batch(council_report()))
    store.record_edits([Observation("E10000031", "cpp_count", MAR_2019, 346.0, raw="346")], user="carol")

    outcome = store.undo_import(first.import_id, "alice", force=True)

    assert outcome.changed == 3
    assert store.observations() == []
    assert store.area_codes_with_data() == []


def test_an_import_cannot_be_undone_twice(store):
    first = store.import_observations(batch(council_report()))
    store.undo_import(first.import_id, "alice")

    with pytest.raises(StoreError, match="already been undone"):
        store.undo_import(first.import_id, "alice")
    with pytest.raises(StoreError, match="no import number 99"):
        store.undo_import(99, "alice")


def test_an_undo_can_itself_be_undone(store):
    store.import_observations(batch(council_report()))
    correction = store.import_observations(batch(corrected_report(), file_name="corrected.xlsx",
                                                 file_hash="hash-2"))
    undone = store.undo_import(correction.import_id, "bob")

    store.undo_import(undone.import_id, "bob")

    [stored] = [o for o in store.observations(indicator="cpp_count") if o.period == MAR_2018]
    assert stored.value == 561.0
    assert stored.source_file == "corrected.xlsx"
