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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, CursorResult

from cpdesk.indicators.model import Area, Indicator, Period
from cpdesk.observation import Observation
from cpdesk.store import bulk, reads
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


def same_figure(stored: CellValue, new: CellValue | Observation) -> bool:
    """Same value and status. The raw text alone ("42" for "42.0", "5%" for "5.0%") is not a change:
    the figure keeps the text and source it was first stored with. ``new`` may be the observation
    itself (it has a value and a status too), so an import need not build a cell for each figure."""
    return stored.value == new.value and stored.status == new.status


@dataclass
class ImportPlan:
    """What an import would do, worked out before anything is written."""

    inserts: list[Observation] = field(default_factory=list)
    updates: list[tuple[reads.ExistingCell, Observation]] = field(default_factory=list)
    refilled: int = 0  # emptied cells (by an undo) filled again: counted as added
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def writes_nothing(self) -> bool:
        return not self.inserts and not self.updates


def plan_import(conn: Connection, observations: Sequence[Observation]) -> ImportPlan:
    existing = reads.existing_cells(conn, {o.area_code for o in observations},
                                    {o.indicator_id for o in observations})
    plan = ImportPlan()
    for observation in observations:
        stored = existing.get(observation.key)
        if stored is None:
            plan.inserts.append(observation)
        elif same_figure(stored.cell, observation):
            plan.unchanged += 1
        else:
            plan.updates.append((stored, observation))
            if stored.cell.is_blank:
                plan.refilled += 1
            else:
                plan.changes.append(Change(observation.key, stored.cell, cell_of(observation)))
    return plan


def import_observations(conn: Connection, batch: ImportBatch, reason: str) -> ImportOutcome:
    """Store a batch of figures as one import; the caller's transaction makes it all or nothing."""
    observations = list(batch.observations)
    _check_no_duplicates(observations, batch.file_name)
    _check_references(conn, observations, batch.file_name)
    plan = plan_import(conn, observations)
    if batch.kind == "file" and plan.writes_nothing:
        previous = reads.find_import_by_hash(conn, batch.file_hash)
        if previous is not None:
            return ImportOutcome(previous.id, 0, 0, plan.unchanged, already_imported=True)
    when = write_stamp(conn)
    added = len(plan.inserts) + plan.refilled
    import_id = insert_import(conn, batch, when, added=added, changed=len(plan.changes),
                              unchanged=plan.unchanged)
    period_ids = ensure_periods(conn, (o.period for o in plan.inserts))
    stamp = dict(import_id=import_id, now=when.at, login=when.login, user=batch.user, reason=reason)
    _insert_cells(conn, plan.inserts, period_ids, stamp)
    update_cells(conn, [(stored.id, stored.cell, cell_of(o), o) for stored, o in plan.updates], stamp)
    logger.info("Import %d of %s: %d added, %d changed, %d unchanged", import_id, batch.file_name, added,
                len(plan.changes), plan.unchanged)
    return ImportOutcome(import_id, added, len(plan.changes), plan.unchanged, changes=plan.changes)


def insert_import(conn: Connection, batch: ImportBatch, when: WriteStamp, *, added: int, changed: int,
                  unchanged: int) -> int:
    result = conn.execute(sa.insert(t.imports).values(
        file_name=batch.file_name, file_path=batch.file_path or None, file_hash=batch.file_hash or None,
        imported_at=when.at, user_login=when.login,
        user_name=batch.user, n_added=added, n_changed=changed, n_unchanged=unchanged,
        n_skipped=batch.n_skipped, report_json=batch.report_json, status="committed", kind=batch.kind,
    ))
    return inserted_id(result)


def inserted_id(result: CursorResult) -> int:
    """The id a one-row INSERT gave its row."""
    key = result.inserted_primary_key
    if key is None:
        raise StoreError("The database did not say which id it gave the new row.")
    return int(key[0])


SOURCE_COLUMNS = ("source_file", "source_sheet", "source_cell")
UPDATED_COLUMNS = ("value", "status", "raw", *SOURCE_COLUMNS, "import_id", "updated_at", "updated_by",
                   "updated_by_login")
REVISION_COLUMNS = ("observation_id", "old_value", "old_status", "old_raw", "new_value", "new_status",
                    "new_raw", "changed_at", "changed_by", "changed_by_login", "import_id", "reason",
                    *SOURCE_COLUMNS)


def _source_cells(observation: Observation | None) -> tuple[str | None, str | None, str | None]:
    """(file, sheet, cell) a figure came from, as stored: empty parts are NULL."""
    source = observation.source if observation is not None else None
    if source is None:
        return None, None, None
    return source.file, source.sheet or None, source.cell or None


def _source(observation: Observation | None) -> dict:
    return dict(zip(SOURCE_COLUMNS, _source_cells(observation), strict=True))


CELL_COLUMNS = ("area_code", "indicator_id", "breakdown", "period_id", "publisher", "value", "status", "raw",
                *SOURCE_COLUMNS, "import_id", "updated_at", "updated_by", "updated_by_login")


def _cell_rows(new: list[Observation], period_ids: dict, stamp: dict) -> list[tuple]:
    """The rows of new cells, in ``CELL_COLUMNS`` order, built in one loop (a national file has 90,000)."""
    import_id, now, user, login = stamp["import_id"], stamp["now"], stamp["user"], stamp["login"]
    rows: list[tuple] = []
    append = rows.append
    for o in new:
        file, sheet, cell = _source_cells(o)
        append((o.area_code, o.indicator_id, o.breakdown, period_ids[o.period.key], o.publisher, o.value,
                o.status, o.raw, file, sheet, cell, import_id, now, user, login))
    return rows


def _insert_cells(conn: Connection, new: list[Observation], period_ids: dict, stamp: dict) -> None:
    """Insert new cells, then their first revisions (from nothing to the figure) in one INSERT ... SELECT.

    Must run before any update of this import: the revisions are those of the rows carrying its id.
    """
    if not new:
        return
    bulk.insert_rows(conn, t.observations, CELL_COLUMNS, _cell_rows(new, period_ids, stamp))
    insert_first_revisions(conn, stamp["import_id"], stamp["reason"])


def insert_first_revisions(conn: Connection, import_id: int, reason: str) -> None:
    """Every cell this import has just inserted gets its first revision (from nothing to the figure),
    copied inside the database in one ``INSERT ... SELECT``."""
    o = t.observations
    first_revisions = {  # revision column <- the new cell's column (the old value, status and raw are NULL)
        "observation_id": o.c.id, "new_value": o.c.value, "new_status": o.c.status, "new_raw": o.c.raw,
        "changed_at": o.c.updated_at, "changed_by": o.c.updated_by, "changed_by_login": o.c.updated_by_login,
        "import_id": o.c.import_id,
        "reason": sa.literal(reason), "source_file": o.c.source_file,
        "source_sheet": o.c.source_sheet, "source_cell": o.c.source_cell,
    }
    select = sa.select(*first_revisions.values()).where(o.c.import_id == import_id).order_by(o.c.id)
    conn.execute(sa.insert(t.revisions).from_select(list(first_revisions), select))


def update_cells(conn: Connection, updates: Sequence[tuple[int, CellValue, CellValue, Observation | None]],
                 stamp: dict, sources: dict[int, dict] | None = None) -> None:
    """Overwrite cells (id, old, new, observation), add one to their revisions and record a revision each.

    ``sources`` gives the provenance for rows that have no observation (an undo restoring an older figure).
    """
    if not updates:
        return
    source_of = {row_id: (sources or {}).get(row_id) or _source(obs) for row_id, _, _, obs in updates}
    import_id, now, user, login = stamp["import_id"], stamp["now"], stamp["user"], stamp["login"]
    bulk.update_rows(conn, t.observations, "id", UPDATED_COLUMNS, [
        (new.value, new.status, new.raw, *_source_values(source_of[row_id]), import_id, now, user, login,
         row_id)
        for row_id, _, new, _ in updates
    ], increment="revision")
    bulk.insert_rows(conn, t.revisions, REVISION_COLUMNS, [
        (row_id, *old, *new, now, user, login, import_id, stamp["reason"],
         *_source_values(source_of[row_id]))
        for row_id, old, new, _ in updates
    ])


def _source_values(source: dict) -> tuple:
    return tuple(source.get(name) for name in SOURCE_COLUMNS)


def _describe(observation: Observation) -> str:
    where = f" ({observation.source.describe()})" if observation.source else ""
    breakdown = f", {observation.breakdown}" if observation.breakdown else ""
    return (f"{observation.indicator_id}{breakdown} for {observation.area_code} at {observation.period.label}"
            f" from {observation.publisher}{where}")


def _check_no_duplicates(observations: Sequence[Observation], file_name: str) -> None:
    seen: dict[tuple, Observation] = {}
    for observation in observations:
        first = seen.setdefault(observation.key, observation)
        if first is not observation:
            raise StoreError(f"{file_name} gives two figures for the same cell: {_describe(first)} and "
                             f"{_describe(observation)}. Nothing was imported.")


def _check_references(conn: Connection, observations: Sequence[Observation], file_name: str) -> None:
    """Name the first unknown area or indicator before the database refuses it less helpfully."""
    checks = ((t.areas.c.code, "area_code", "area code"), (t.indicators.c.id, "indicator_id", "indicator"))
    for column, attribute, noun in checks:
        wanted = {getattr(o, attribute) for o in observations}
        known: set[str] = set()
        for chunk in reads.chunked(sorted(wanted)):
            known.update(conn.execute(sa.select(column).where(column.in_(chunk))).scalars())
        unknown = sorted(wanted - known)
        if unknown:
            first = next(o for o in observations if getattr(o, attribute) == unknown[0])
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
    o = t.observations
    ids = [stored.id for _, stored in moved]
    query = sa.select(o.c.id, o.c.updated_by, o.c.updated_by_login, o.c.updated_at).where(o.c.id.in_(ids))
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
