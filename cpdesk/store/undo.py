"""Undoing an import: put back, from the revisions, what each figure it touched held before.

An undo is itself an import (kind "undo") whose revisions say "undo of import N", so it shows in every
cell's history and can be undone in turn. A figure the import created is emptied (no value, no status,
raw ""), not deleted, so that its history survives. Figures changed since by a later import or edit are
never overwritten silently: the undo is refused unless forced.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cpdesk.issues import agreeing
from cpdesk.store import reads
from cpdesk.store import tables as t
from cpdesk.store.cells import NO_SOURCE, Source, Writer, update_cells
from cpdesk.store.engine import write_stamp
from cpdesk.store.records import (
    CellValue,
    Change,
    ImportBatch,
    ImportOutcome,
    ImportRecord,
    StoreError,
)
from cpdesk.store.writes import insert_import

logger = logging.getLogger(__name__)

EMPTIED = CellValue(None, None, "")
NEVER_STORED = CellValue(None, None, None)  # before a cell's first figure


class Touched(NamedTuple):
    """One cell an import changed: its first revision in that import, what it held before and after."""

    first_revision: int
    before: CellValue
    after: CellValue


@dataclass(frozen=True)
class Current:
    key: tuple
    label: str
    cell: CellValue


def undo_import(conn: Connection, import_id: int, user: str, *, force: bool = False) -> ImportOutcome:
    record = _undoable(conn, import_id)
    touched = _touched_cells(conn, import_id)
    current = _current_cells(conn, import_id)
    conflicts = [row_id for row_id, item in touched.items() if current[row_id].cell != item.after]
    if conflicts and not force:
        raise StoreError(_conflict_message(conn, record, conflicts, current))
    targets = {row_id: (EMPTIED if item.before.is_blank else item.before) for row_id, item in touched.items()}
    earlier = _earlier_sources(conn, import_id, touched)
    updates = [(row_id, current[row_id].cell, target, earlier[row_id]) for row_id, target in targets.items()
               if current[row_id].cell != target]
    when = write_stamp(conn)
    batch = ImportBatch(file_name=f"(undo of import {import_id})", file_path="", file_hash="", user=user,
                        observations=(), kind="undo")
    unchanged = len(touched) - len(updates)
    reason = f"undo of import {import_id}"
    undo_id = insert_import(conn, batch, when, reason, added=0, changed=len(updates), unchanged=unchanged)
    update_cells(conn, updates, Writer(undo_id, batch.file_name, reason))
    conn.execute(sa.update(t.imports).where(t.imports.c.id == import_id).values(status="undone"))
    logger.info("Import %d undone by import %d: %d figures restored", import_id, undo_id, len(updates))
    changes = [Change(current[row_id].key, old, new) for row_id, old, new, _ in updates]
    return ImportOutcome(undo_id, 0, len(updates), unchanged, changes=changes)


def _undoable(conn: Connection, import_id: int) -> ImportRecord:
    record = reads.get_import(conn, import_id)
    if record is None:
        raise StoreError(f"There is no import number {import_id} to undo.")
    if record.status == "undone":
        raise StoreError(f"Import {import_id} ({record.file_name}) has already been undone.")
    return record


def _touched_cells(conn: Connection, import_id: int) -> dict[int, Touched]:
    """Each cell the import stored or changed: from its revisions, and the cells it stored that never
    changed since (no revision rows: from nothing to what they hold)."""
    r, o = t.revisions, t.observations
    query = (sa.select(r.c.id, r.c.observation_id, r.c.old_value, r.c.old_status, r.c.old_raw, r.c.new_value,
                       r.c.new_status, r.c.new_raw)
             .where(r.c.import_id == import_id).order_by(r.c.id))
    stored = (sa.select(o.c.id, o.c.value, o.c.status, o.c.raw)
              .where(o.c.id.in_(reads.never_changed(import_id))))
    touched: dict[int, Touched] = {row_id: Touched(0, NEVER_STORED, CellValue(value, status, raw))
                                   for row_id, value, status, raw in conn.execute(stored).all()}
    for revision_id, row_id, old_value, old_status, old_raw, new_value, new_status, new_raw in \
            conn.execute(query).all():
        after = CellValue(new_value, new_status, new_raw)
        earlier = touched.get(row_id)
        if earlier is None:
            touched[row_id] = Touched(revision_id, CellValue(old_value, old_status, old_raw), after)
        else:
            touched[row_id] = Touched(earlier.first_revision, earlier.before, after)
    return touched


def _touched_ids(import_id: int) -> sa.CompoundSelect:
    """The ids of the cells an import touched, as a subquery (one query, not one per chunk of ids)."""
    r = t.revisions
    return sa.union(sa.select(r.c.observation_id).where(r.c.import_id == import_id),
                    reads.never_changed(import_id))


def _current_cells(conn: Connection, import_id: int) -> dict[int, Current]:
    o = t.observations
    periods = reads.periods_by_id(conn)
    query = (sa.select(o.c.id, o.c.area_code, o.c.indicator_id, o.c.breakdown, o.c.period_id, o.c.publisher,
                       o.c.value, o.c.status, o.c.raw)
             .where(o.c.id.in_(_touched_ids(import_id))))
    current: dict[int, Current] = {}
    for row_id, area, indicator, breakdown, period_id, publisher, value, status, raw in \
            conn.execute(query).all():
        period = periods[period_id]
        key = (area, indicator, breakdown, *period.key, publisher)
        current[row_id] = Current(key, period.label, CellValue(value, status, raw))
    return current


def _earlier_sources(conn: Connection, import_id: int, touched: dict[int, Touched]) -> dict[int, Source]:
    """Where each restored figure came from: the source of the revision before the undone import."""
    r = t.revisions
    query = (sa.select(r.c.id, r.c.observation_id, reads.source_file_of(r), r.c.source_sheet, r.c.source_cell)
             .select_from(reads.with_import(r))
             .where(r.c.observation_id.in_(_touched_ids(import_id))).order_by(r.c.id))
    sources: dict[int, Source] = {}
    for revision_id, row_id, source_file, source_sheet, source_cell in conn.execute(query).all():
        if revision_id < touched[row_id].first_revision:
            sources[row_id] = Source(source_file, source_sheet, source_cell)
    return {row_id: sources.get(row_id, NO_SOURCE) for row_id in touched}


def _conflict_message(conn: Connection, record: ImportRecord, conflicts: list[int],
                      current: dict[int, Current]) -> str:
    examples = []
    for row_id in conflicts[:3]:
        latest = reads.cell_history(conn, row_id)[-1]
        item = current[row_id]
        area, indicator = item.key[0], item.key[1]
        shown = item.cell.value if item.cell.value is not None else (item.cell.status or "empty")
        examples.append(f"{indicator} for {area} at {item.label} (now {shown}, {latest.reason} by "
                        f"{latest.changed_by} on {latest.changed_at[:10]})")
    changed = f"{len(conflicts)} of its figures {agreeing(len(conflicts), 'has', 'have')} been changed since"
    return (f"Import {record.id} ({record.file_name}) cannot be undone: {changed}, e.g. "
            f"{'; '.join(examples)}. Undo the later changes first, or undo anyway to overwrite them.")
