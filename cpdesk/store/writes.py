"""Writing figures: reference rows, imports and edits. Each function runs inside the caller's transaction.

An import is planned in memory first (one query fetches every stored cell it could touch), then written
with a handful of bulk statements, so tens of thousands of figures take seconds, not minutes.

Reference rows (areas, indicators, periods) are inserted with ``ON CONFLICT DO NOTHING``: two officers
creating the same period at once both succeed, even outside the write lock. Every change to a cell adds
one to its ``revision``; an edit made from what an officer saw names the revisions seen (``expected``)
and is refused with an :class:`EditConflict` when a cell has moved on since (:func:`check_expected`).
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, CursorResult

from cpdesk.figures import Figures, key_order
from cpdesk.indicators.model import Area, Indicator, Period
from cpdesk.observation import Observation
from cpdesk.store import cells, reads
from cpdesk.store import tables as t
from cpdesk.store.engine import write_stamp
from cpdesk.store.records import (
    CellConflict,
    CellValue,
    Change,
    EditConflict,
    ImportBatch,
    ImportOutcome,
    StoreError,
    WriteStamp,
    name_and_login,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReferenceRows:
    """The rows a reference table (areas, indicators) should hold, by key."""

    table: sa.Table
    key: sa.Column
    rows: dict[str, dict]


def area_rows(areas: Iterable[Area]) -> ReferenceRows:
    rows = {a.code: dict(code=a.code, name=a.name, kind=a.kind, parent_code=a.parent_code,
                         old_code=a.old_code, region_code=a.region_code) for a in areas}
    return ReferenceRows(t.areas, t.areas.c.code, rows)


def indicator_rows(indicators: Iterable[Indicator]) -> ReferenceRows:
    rows = {i.id: dict(id=i.id, title=i.title, unit=i.unit, polarity=i.polarity, decimals=i.decimals,
                       period_kind=i.period_kind, breakdown=i.breakdown, local=i.local) for i in indicators}
    return ReferenceRows(t.indicators, t.indicators.c.id, rows)


def reference_differences(conn: Connection, wanted: ReferenceRows) -> tuple[list[dict], list[dict]]:
    """The rows to add and the rows to change for the table to hold ``wanted`` (read only)."""
    key = wanted.key.name
    stored = {row._mapping[key]: dict(row._mapping) for row in conn.execute(sa.select(wanted.table))}
    new = [row for code, row in wanted.rows.items() if code not in stored]
    changed = [row for code, row in wanted.rows.items() if code in stored and stored[code] != row]
    return new, changed


def sync_reference(conn: Connection, wanted: ReferenceRows) -> None:
    """Insert new rows (idempotently) and update changed ones."""
    new, changed = reference_differences(conn, wanted)
    insert_if_missing(conn, wanted.table, new)
    if changed:
        params = [{f"b_{name}": value for name, value in row.items()} for row in changed]
        values: dict[str, sa.BindParameter[Any]] = {
            name: sa.bindparam(f"b_{name}") for name in changed[0] if name != wanted.key.name}
        conn.execute(sa.update(wanted.table).where(wanted.key == sa.bindparam(f"b_{wanted.key.name}"))
                     .values(values), params)
    logger.info("%s: %d added, %d updated", wanted.table.name, len(new), len(changed))


def insert_if_missing(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    """Insert rows, leaving alone any whose key another officer has just inserted (ON CONFLICT DO NOTHING)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql  # loaded already where a team database is open

        conn.execute(postgresql.insert(table).on_conflict_do_nothing(), rows)
    elif conn.dialect.name == "sqlite":
        conn.execute(sqlite.insert(table).on_conflict_do_nothing(), rows)
    else:
        raise StoreError(f"cpdesk cannot write to a {conn.dialect.name} database.")


def ensure_periods(conn: Connection, periods: Iterable[Period]) -> dict[reads.PeriodKey, int]:
    """Period ids by (kind, start, end), creating the rows that are missing."""
    ids = reads.period_ids(conn)
    missing = {p.key: p for p in periods if p.key not in ids}
    if missing:
        insert_if_missing(conn, t.periods, [
            dict(kind=p.kind, start_date=p.start, end_date=p.end, label=p.label) for p in missing.values()
        ])
        ids = reads.period_ids(conn)
    return ids


def cell_of(observation: Observation) -> CellValue:
    return CellValue(observation.value, observation.status, observation.raw)


@dataclass
class ImportPlan:
    """What an import would do, worked out before anything is written: figures by their index."""

    inserts: Sequence[int] = field(default_factory=lambda: array("q"))
    updates: list[tuple[reads.ExistingCell, int, CellValue]] = field(default_factory=list)  # (stored, i, new)
    refilled: int = 0  # emptied cells (by an undo) filled again: counted as added
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def writes_nothing(self) -> bool:
        return not self.inserts and not self.updates


def plan_import(conn: Connection, figures: Figures, keys: Sequence[tuple] | None) -> ImportPlan:
    """Each figure (``keys[i]`` is figure i's key; None: worked out if any is needed) against the cell
    stored for it, if any. The same value and status is the same figure: the raw text alone ("42" for
    "42.0", "5%" for "5.0%") is not a change, and the figure keeps the text and source it was first
    stored with."""
    existing = reads.existing_cells(conn, set(figures.area_code), set(figures.indicator_id),
                                    {period.key for period in cells.distinct_periods(figures.period)})
    if not existing:
        return ImportPlan(inserts=range(len(figures)))
    if keys is None:
        keys = figures.keys()
    plan = ImportPlan()
    inserts, values, statuses = plan.inserts, figures.value, figures.status
    for index, key in enumerate(keys):
        stored = existing.get(key)
        if stored is None:
            inserts.append(index)  # type: ignore[attr-defined]
            continue
        value: float | None = values[index]
        value = None if value != value else value
        if stored.cell.value == value and stored.cell.status == statuses[index]:
            plan.unchanged += 1
            continue
        new = CellValue(value, statuses[index], figures.raw[index])
        plan.updates.append((stored, index, new))
        if stored.cell.is_blank:
            plan.refilled += 1
        else:
            plan.changes.append(Change(key, stored.cell, new))
    return plan


def import_observations(conn: Connection, batch: ImportBatch, reason: str) -> ImportOutcome:
    """Store a batch of figures as one import; the caller's transaction makes it all or nothing.

    The figures are read column by column (``Figures``): an ``Observation`` is built only for one this
    must name (a duplicate, an unknown area or indicator) or change."""
    given = batch.observations
    figures = Figures.of(given)
    order = key_order(figures) if len(figures) >= cells.SORTED_FROM else None
    keys: Sequence[tuple] | None = None
    if order is None or order.repeats:  # a few figures' keys, or a repeat to name
        # Observations given carry their keys already: referred to, not built again (a million tuples).
        keys = figures.keys() if given is figures else [o.key for o in given]
        _check_no_duplicates(figures, keys, batch.file_name)
    _check_references(conn, figures, batch.file_name)
    plan = plan_import(conn, figures, keys)
    del keys
    if batch.kind == "file" and plan.writes_nothing:
        previous = reads.find_import_by_hash(conn, batch.file_hash)
        if previous is not None:
            return ImportOutcome(previous.id, 0, 0, plan.unchanged, already_imported=True)
    when = write_stamp(conn)
    added = len(plan.inserts) + plan.refilled
    import_id = insert_import(conn, batch, when, reason, added=added, changed=len(plan.changes),
                              unchanged=plan.unchanged)
    writer = cells.Writer(import_id, batch.file_name, reason)
    new = figures if len(plan.inserts) == len(figures) else figures.take(plan.inserts)
    cells.insert_cells(conn, new, ensure_periods(conn, cells.distinct_periods(new.period)), writer,
                       order if new is figures else None)
    cells.update_cells(conn, [(stored.id, stored.cell, new, cells.source_at(figures, index))
                              for stored, index, new in plan.updates], writer)
    logger.info("Import %d of %s: %d added, %d changed, %d unchanged", import_id, batch.file_name, added,
                len(plan.changes), plan.unchanged)
    return ImportOutcome(import_id, added, len(plan.changes), plan.unchanged, changes=plan.changes)


def insert_import(conn: Connection, batch: ImportBatch, when: WriteStamp, reason: str, *, added: int,
                  changed: int, unchanged: int) -> int:
    result = conn.execute(sa.insert(t.imports).values(
        file_name=batch.file_name, file_path=batch.file_path or None, file_hash=batch.file_hash or None,
        imported_at=when.at, user_login=when.login,
        user_name=batch.user, n_added=added, n_changed=changed, n_unchanged=unchanged,
        n_skipped=batch.n_skipped, report_json=batch.report_json, status="committed", kind=batch.kind,
        reason=reason,
    ))
    return inserted_id(result)


def inserted_id(result: CursorResult) -> int:
    """The id a one-row INSERT gave its row."""
    key = result.inserted_primary_key
    if key is None:
        raise StoreError("The database did not say which id it gave the new row.")
    return int(key[0])


def _describe(observation: Observation) -> str:
    where = f" ({observation.source.describe()})" if observation.source else ""
    breakdown = f", {observation.breakdown}" if observation.breakdown else ""
    return (f"{observation.indicator_id}{breakdown} for {observation.area_code} at {observation.period.label}"
            f" from {observation.publisher}{where}")


def _check_no_duplicates(figures: Figures, keys: Sequence[tuple], file_name: str) -> None:
    if len(set(keys)) == len(keys):
        return
    seen: dict[tuple, int] = {}
    for index, key in enumerate(keys):
        first = seen.setdefault(key, index)
        if first != index:
            raise StoreError(f"{file_name} gives two figures for the same cell: {_describe(figures[first])} "
                             f"and {_describe(figures[index])}. Nothing was imported.")


def _check_references(conn: Connection, figures: Figures, file_name: str) -> None:
    """Name the first unknown area or indicator before the database refuses it less helpfully."""
    checks = ((t.areas.c.code, figures.area_code, "area code"), (t.indicators.c.id, figures.indicator_id,
                                                                  "indicator"))
    for column, values, noun in checks:
        wanted = set(values)
        known: set[str] = set()
        for chunk in reads.chunked(sorted(wanted)):
            known.update(conn.execute(sa.select(column).where(column.in_(chunk))).scalars())
        unknown = sorted(wanted - known)
        if unknown:
            first = figures[values.index(unknown[0])]
            more = f" (and {len(unknown) - 1} more: {', '.join(unknown[1:6])})" if len(unknown) > 1 else ""
            raise StoreError(f"The {noun} '{unknown[0]}' in {file_name} is not known to cpdesk{more}; first "
                             f"seen in {_describe(first)}. Nothing was imported.")


# Optimistic concurrency ----------------------------------------------------------------------------------

def check_expected(conn: Connection, edits: Sequence[Observation],
                   expected: Mapping[tuple, int | None]) -> None:
    """Refuse (EditConflict, nothing stored) an edit of a cell whose revision is no longer the one the
    officer saw: ``expected[key]`` is that revision, None where the officer saw no figure. Keys not in
    ``expected`` are stored whatever the cell holds."""
    asked = [o for o in edits if o.key in expected]
    if not asked:
        return
    current = reads.existing_cells(conn, {o.area_code for o in asked}, {o.indicator_id for o in asked})
    moved = [(o, current[o.key]) for o in asked if not _as_seen(expected[o.key], current.get(o.key))]
    if moved:
        raise EditConflict(_conflicts(conn, moved))


def _as_seen(seen: int | None, now: reads.ExistingCell | None) -> bool:
    if seen is None:
        return now is None or now.cell.is_blank
    return now is not None and now.revision == seen


def _conflicts(conn: Connection, moved: list[tuple[Observation, reads.ExistingCell]]) -> list[CellConflict]:
    o, i = t.observations, t.imports
    ids = [stored.id for _, stored in moved]
    query = (sa.select(o.c.id, i.c.user_name, i.c.user_login, i.c.imported_at)
             .select_from(reads.with_import(o)).where(o.c.id.in_(ids)))
    who = {row_id: (name_and_login(by, login), at) for row_id, by, login, at in conn.execute(query)}
    return [CellConflict(key=edit.key, period_label=edit.period.label, yours=cell_of(edit),
                         theirs=stored.cell, revision=stored.revision, changed_by=who[stored.id][0],
                         changed_at=who[stored.id][1])
            for edit, stored in moved]


def revisions_of(conn: Connection, observations: Sequence[Observation]) -> dict[tuple, int]:
    """The revision each of these figures' cells is at now (what the next edit of it must expect)."""
    current = reads.existing_cells(conn, {o.area_code for o in observations},
                                   {o.indicator_id for o in observations})
    return {o.key: current[o.key].revision for o in observations if o.key in current}
