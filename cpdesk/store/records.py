"""Plain data going in and out of the store. No SQL here, so every layer may import these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from cpdesk.errors import CpdeskError
from cpdesk.indicators.model import Period
from cpdesk.observation import Observation


class StoreError(CpdeskError):
    """An expected failure of the database (locked, not a cpdesk file, unknown area...).

    The message is written for a performance officer and names the file or the figure concerned.
    """


def utc_now() -> str:
    """The current time as a UTC ISO-8601 string, the one timestamp format in the database."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class WriteStamp(NamedTuple):
    """When a write transaction happened and under which database login (fetched once per transaction):
    on PostgreSQL the server's clock and ``current_user``, on SQLite the client's clock and OS login."""

    at: str
    login: str


class CellValue(NamedTuple):
    """What a cell holds: a value, or a status where there is none, and the text it was read from."""

    value: float | None
    status: str | None
    raw: str | None

    @property
    def is_blank(self) -> bool:
        """True for a cell an undo has emptied: it is kept for its history but has no figure."""
        return self.value is None and self.status is None


class Change(NamedTuple):
    """One figure that an import, an edit or an undo changed; unpacks as ``key, old, new``."""

    key: tuple
    old: CellValue
    new: CellValue


@dataclass(frozen=True)
class ImportBatch:
    """Everything one import writes, in one transaction."""

    file_name: str
    file_path: str
    file_hash: str
    user: str
    observations: Sequence[Observation]
    report_json: str = "{}"
    n_skipped: int = 0
    kind: str = "file"  # "file", "edit" or "undo"


@dataclass(frozen=True)
class ImportOutcome:
    import_id: int
    added: int
    changed: int
    unchanged: int
    already_imported: bool = False
    changes: list[Change] = field(default_factory=list)
    # For edits: each edited cell's revision number once stored (what a later undo expects to find).
    revisions: dict[tuple, int] = field(default_factory=dict)

    def for_the_log(self) -> str:
        """The import's id and counts, never the figures (a national file changes thousands, and the
        log is no place for figures)."""
        if self.already_imported:
            return f"already imported as import {self.import_id}, nothing changed"
        return (f"import {self.import_id}: {self.added} added, {self.changed} changed, "
                f"{self.unchanged} unchanged")


@dataclass(frozen=True)
class CellConflict:
    """One figure an officer changed that someone else had changed since the officer saw it."""

    key: tuple  # ``Observation.key``
    period_label: str
    yours: CellValue  # what the officer tried to store
    theirs: CellValue  # what the cell holds now
    revision: int  # the cell's revision now: what a "store mine anyway" must expect
    changed_by: str  # who made the change the officer had not seen (display name, then login)
    changed_at: str


class EditConflict(StoreError):
    """An edit refused because a figure's revision moved since the officer saw it; nothing was stored."""

    def __init__(self, conflicts: Sequence[CellConflict]) -> None:
        self.conflicts = list(conflicts)
        first = self.conflicts[0]
        area, indicator = first.key[0], first.key[1]
        more = f" (and {len(self.conflicts) - 1} more)" if len(self.conflicts) > 1 else ""
        super().__init__(
            f"{indicator} for {area} at {first.period_label} was changed by {first.changed_by} at "
            f"{first.changed_at[:16].replace('T', ' ')} UTC after you read it{more}: it now holds "
            f"{describe_cell(first.theirs)}, you entered {describe_cell(first.yours)}. Nothing was stored.")


def name_and_login(name: str, login: str | None) -> str:
    """Who made a change as an officer reads it: "Sarah Jones (sarah)", the display name typed in
    Settings with the database login beside it; the name alone when the login is the same or unknown
    (rows written before schema version 2)."""
    return f"{name} ({login})" if login and login != name else name


def describe_cell(cell: CellValue) -> str:
    """A cell's figure for a message: its text as typed or read, else its value or status, else empty."""
    if cell.is_blank:
        return "nothing"
    if cell.raw:
        return f"'{cell.raw}'"
    return f"{cell.value:g}" if cell.value is not None else str(cell.status)


@dataclass(frozen=True)
class ImportRecord:
    id: int
    file_name: str
    file_path: str | None
    file_hash: str | None
    imported_at: str
    user: str
    n_added: int
    n_changed: int
    n_unchanged: int
    n_skipped: int
    report_json: str
    status: str  # "committed" or "undone"
    kind: str  # "file", "edit" or "undo"
    login: str | None = None  # the database login it was made under (None before schema version 2)

    @property
    def who(self) -> str:
        return name_and_login(self.user, self.login)


class StoredObservation(NamedTuple):
    """A stored figure as it is read. A named tuple rather than a frozen dataclass: the Dashboard reads
    every stored figure on opening (46,000 in the demo), and building these is five times faster."""

    area_code: str
    area_name: str
    indicator_id: str
    breakdown: str
    period: Period
    value: float | None
    status: str | None
    raw: str | None
    publisher: str
    source_file: str | None
    source_sheet: str | None
    source_cell: str | None
    updated_at: str
    updated_by: str
    revision: int = 1  # 1 when first stored, +1 at every change: what an edit expects to find
    updated_by_login: str | None = None  # the database login (None before schema version 2)

    @property
    def who(self) -> str:
        """Who last changed it: the display name, with the login beside it when that says more."""
        return name_and_login(self.updated_by, self.updated_by_login)

    @property
    def key(self) -> tuple:
        """The same identity as ``Observation.key``."""
        return (self.area_code, self.indicator_id, self.breakdown, *self.period.key, self.publisher)


@dataclass(frozen=True)
class Revision:
    old_value: float | None
    old_status: str | None
    old_raw: str | None
    new_value: float | None
    new_status: str | None
    new_raw: str | None
    changed_at: str
    changed_by: str
    reason: str
    import_id: int | None
    source_file: str | None
    source_sheet: str | None
    source_cell: str | None
    changed_by_login: str | None = None  # the database login (None before schema version 2)

    @property
    def who(self) -> str:
        return name_and_login(self.changed_by, self.changed_by_login)


@dataclass(frozen=True)
class Target:
    area_code: str
    indicator_id: str
    breakdown: str
    period: Period | None  # None: the target holds for every period
    target: float
    tolerance: float | None
    set_by: str
    set_at: str


@dataclass(frozen=True)
class Annotation:
    id: int
    area_code: str | None
    indicator_id: str | None
    period: Period | None
    breakdown: str
    text: str
    author: str
    created_at: str
