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


@dataclass(frozen=True)
class StoredObservation:
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
