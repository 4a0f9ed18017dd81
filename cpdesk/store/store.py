"""The Store: the one object the UI, the CLI and the pipeline use to read and write figures.

Every method is one transaction; every expected failure (locked file, unknown area, undo refused) comes
back as a StoreError with a message for a performance officer. Thread use: one Store may be shared by
threads, each call takes its own connection from the pool.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from cpdesk.indicators.model import Area, Indicator, Period
from cpdesk.observation import TOTAL, Observation
from cpdesk.preferences import saved_backups_kept
from cpdesk.store import backups, credentials, notes, reads, undo, writes
from cpdesk.store.checks import FileCheck, inspect_file
from cpdesk.store.engine import (
    DEFAULT_TIMEOUT_S,
    Location,
    damaged_message,
    locate,
    make_engine,
    read_connection,
    tell_once,
    translate_errors,
    write_transaction,
)
from cpdesk.store.migrations import needs_upgrade, prepare_database, read_meta, write_meta
from cpdesk.store.records import (
    Annotation,
    ImportBatch,
    ImportOutcome,
    ImportRecord,
    Revision,
    StoredObservation,
    StoreError,
    Target,
)

logger = logging.getLogger(__name__)


def open_store(path_or_url: str | Path, *, create: bool = True, timeout_s: float = DEFAULT_TIMEOUT_S,
               read_only: bool = False, backups_kept: int | None = None) -> Store:
    """Open (and create or upgrade) a database: a SQLite file path, or a SQLAlchemy URL with ``://``.

    ``timeout_s`` is how long to wait for another program's write to finish before reporting a lock.
    A SQLite file is looked at first without being changed (:func:`checks.inspect_file`): another
    program's file is refused; one cpdesk cannot write to, or a damaged one, is opened read-only and
    refuses imports and edits; a healthy one is backed up before its first write when its newest backup
    is a day old, keeping ``backups_kept`` (default: the Settings' choice).
    """
    location = locate(path_or_url)
    found = None
    if location.path is not None:
        _prepare_folder(location, create=create)
        found = inspect_file(location, read_only=read_only)
    reading_only = found is not None and bool(found.read_only or found.damaged)
    engine = make_engine(location, timeout_s, read_only=reading_only,
                         immutable=found is not None and found.immutable)
    upgraded = None
    try:
        with translate_errors(location):
            if found is None or not reading_only:
                upgraded = prepare_database(engine, location, create=create)
            else:
                _refuse_what_needs_writing(found, location, create=create)
    except BaseException:
        engine.dispose()
        raise
    logger.info("Opened database %s%s", location.display, " read-only" if reading_only else "")
    store = Store(engine, location, found, backups_kept=backups_kept or saved_backups_kept())
    if upgraded and not store.notice:
        store.notice = upgraded  # shown in the app's status bar; the command line has printed it
    if not location.is_sqlite:
        _refuse_writes_unless_permitted(store)
    return store


def _refuse_writes_unless_permitted(store: Store) -> None:
    """A server login that may only read (no INSERT on observations) opens with imports and edits off."""
    with store._read() as conn:
        login, editable = credentials.login_name(conn), credentials.may_edit(conn)
    if not editable:
        store.read_only = True
        store.notice = credentials.read_only_notice(store.display_name, login)
        store.write_refusal = credentials.read_only_message(store.display_name, login)
        logger.info("%s", store.notice)  # a viewer's usual state: said when a write is refused, not each time


def _refuse_what_needs_writing(found: FileCheck, location: Location, *, create: bool) -> None:
    """A read-only or damaged file can be read only as it is: not created, not upgraded."""
    if not needs_upgrade(found.version, location, create=create):
        return
    if found.damaged:
        raise StoreError(damaged_message(location, found.damaged))
    if found.version == 0:
        raise StoreError(f"The database {location.display} holds no cpdesk data yet, and cpdesk cannot "
                         f"write to it: {found.read_only}.")
    raise StoreError(f"The database {location.display} needs upgrading for this version of cpdesk, and "
                     f"cpdesk cannot write to it: {found.read_only}. Open it once where it can be written.")


def _prepare_folder(location: Location, *, create: bool) -> None:
    path = location.path
    assert path is not None
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a cpdesk database.")
    if not path.exists():
        if not create:
            raise StoreError(f"The database {path} does not exist.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"The folder {path.parent} cannot be created ({exc.strerror}).") from exc


class Store:
    def __init__(self, engine, location: Location, found: FileCheck | None = None, *,
                 backups_kept: int = backups.DEFAULT_KEPT) -> None:
        self._engine = engine
        self.location = location
        self._backups_kept = backups_kept
        self._before_first_write = found is not None and found.version >= 1  # a new file: nothing to keep
        self.read_only = found is not None and bool(found.read_only or found.damaged)
        self.notice = ""  # what the officer must know about this database (read-only, damaged)
        self.write_refusal = ""  # why imports and edits are refused; empty when they are not
        self.damaged = ""  # what SQLite's check found damaged; empty when nothing
        self._check_before_writing = found is not None and not found.checked
        if found is not None and found.damaged:
            self._found_damaged(found.damaged)
        elif found is not None and found.read_only:
            self.notice = (f"Opened read-only: {location.display} cannot be written to ({found.read_only}); "
                           "imports and edits are off.")
            self.write_refusal = (f"The database {location.display} is open read-only ({found.read_only}): "
                                  "imports and edits are off. Copy it to a folder you can write to, or ask "
                                  "IT for write access.")
            tell_once(self.notice)

    def _found_damaged(self, detail: str) -> None:
        path = self.location.path
        advice = backups.restore_advice(path) if path is not None else ""
        self.read_only = True
        self.damaged = detail
        self.notice = (f"The database {self.location.display} is damaged ({detail}): its figures can be "
                       f"read, but cpdesk will not change it. {advice}")
        self.write_refusal = (f"The database {self.location.display} is damaged ({detail}), so cpdesk will "
                              f"not write to it. {advice}")
        tell_once(self.notice)

    def back_up_if_due(self) -> Path | None:
        """The daily backup: taken when the newest is a day old. A damaged file is found here too (the
        backup's full check); a backup that cannot be written is said, and the write goes on."""
        path = self.location.path
        if path is None or not backups.backup_due(path):
            return None
        try:
            return backups.take_backup(path, why="daily", keep=self._backups_kept)
        except backups.DamagedDatabase as exc:
            self._engine.dispose()
            self._engine = make_engine(self.location, read_only=True)
            self._found_damaged(exc.detail)
        except StoreError as exc:
            tell_once(f"cpdesk could not take today's backup: {exc}")
        return None

    @property
    def display_name(self) -> str:
        """The file path (or the server URL without its password), for titles and messages."""
        return self.location.display

    def _read(self):
        return read_connection(self._engine, self.location)

    def _first_write_of_the_session(self) -> None:
        """Once: the day's backup when one is due (its full check finds damage before anything is
        written), else the full check a bigger file had only in part, or not at all, on opening."""
        self._before_first_write = False
        if self.location.path is None or self.read_only:
            return
        if self.back_up_if_due() is None and self._check_before_writing and not self.damaged:
            problem = backups.file_problem(self.location.path, full=True)
            if problem:
                self._found_damaged(problem)
        self._check_before_writing = False

    def _write(self, *, keys_checked: bool = False):
        if self._before_first_write:
            self._first_write_of_the_session()
        if self.write_refusal:
            raise StoreError(self.write_refusal)
        return write_transaction(self._engine, self.location, keys_checked=keys_checked)

    # Reference data ------------------------------------------------------------------------------------

    def sync_areas(self, areas: Iterable[Area]) -> None:
        self._sync_reference(writes.area_rows(areas))

    def sync_indicators(self, indicators: Iterable[Indicator]) -> None:
        self._sync_reference(writes.indicator_rows(indicators))

    def _sync_reference(self, wanted: writes.ReferenceRows) -> None:
        """Write the areas or indicators only where they differ from what is stored. Opening a database
        that holds them already (every opening but the first after a new cpdesk) then writes nothing:
        no write lock, no backup of the day and no check before writing until the officer changes
        something, as for any session that only reads."""
        if not self.write_refusal:  # one that may not write refuses the sync, as it refuses any write
            with self._read() as conn:
                if not any(writes.reference_differences(conn, wanted)):
                    return
        with self._write() as conn:
            writes.sync_reference(conn, wanted)

    def meta(self, key: str) -> str | None:
        """A value the database keeps about itself (``meta`` table), None if never written."""
        with self._read() as conn:
            return read_meta(conn, key)

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as conn:
            write_meta(conn, key, value)

    # Imports, edits and undo ---------------------------------------------------------------------------

    def find_import_by_hash(self, file_hash: str) -> ImportRecord | None:
        with self._read() as conn:
            return reads.find_import_by_hash(conn, file_hash)

    def import_observations(self, batch: ImportBatch, *,
                            meta: Mapping[str, str] | None = None) -> ImportOutcome:
        """Store a batch in one transaction; ``meta`` keys written in the same one say what it was."""
        reason = f"import of {batch.file_name}"
        with self._write(keys_checked=True) as conn:  # writes.import_observations checks every reference
            outcome = writes.import_observations(conn, batch, reason)
            for key, value in (meta or {}).items():
                write_meta(conn, key, value)
            return outcome

    def record_edits(self, edits: Sequence[Observation], user: str, reason: str = "edit", *,
                     expected: Mapping[tuple, int | None] | None = None) -> ImportOutcome:
        """Corrections typed into the grid, stored as one import of kind "edit".

        ``expected`` gives, by ``Observation.key``, the revision of each cell the officer saw (None: no
        figure there): if another officer has changed one since, nothing is stored and an EditConflict
        says what they changed. The outcome's ``revisions`` are the cells' revisions afterwards."""
        batch = ImportBatch(file_name="(edit)", file_path="", file_hash="", user=user, observations=edits,
                            kind="edit")
        with self._write() as conn:
            writes.check_expected(conn, edits, expected or {})
            outcome = writes.import_observations(conn, batch, reason)
            return replace(outcome, revisions=writes.revisions_of(conn, edits))

    def undo_import(self, import_id: int, user: str, *, force: bool = False) -> ImportOutcome:
        with self._write() as conn:
            return undo.undo_import(conn, import_id, user, force=force)

    def imports(self) -> list[ImportRecord]:
        """Every import, edit and undo, newest first."""
        with self._read() as conn:
            return reads.imports(conn)

    def get_import(self, import_id: int) -> ImportRecord | None:
        with self._read() as conn:
            return reads.get_import(conn, import_id)

    # Figures -------------------------------------------------------------------------------------------

    def observations(self, *, indicator: str | Sequence[str] | None = None,
                     area: str | Sequence[str] | None = None, publisher: str | None = None,
                     breakdown: str | None = None) -> list[StoredObservation]:
        with self._read() as conn:
            return reads.observations(conn, indicator=indicator, area=area, publisher=publisher,
                                      breakdown=breakdown)

    def grid_figures(self, *, indicator: str | Sequence[str] | None = None,
                     area: str | Sequence[str] | None = None, breakdown: str = TOTAL) -> reads.GridFigures:
        """The data grid's figures: those of ``observations()`` as plain tuples, periods by id."""
        with self._read() as conn:
            return reads.grid_figures(conn, indicator=indicator, area=area, breakdown=breakdown)

    def stored_values(self, keys: Iterable[tuple]) -> dict[tuple, StoredObservation]:
        with self._read() as conn:
            return reads.stored_values(conn, keys)

    def history(self, area_code: str, indicator_id: str, period: Period, breakdown: str = "",
                publisher: str = "local") -> list[Revision]:
        """Every change to one cell, oldest first."""
        key = (area_code, indicator_id, breakdown, *period.key, publisher)
        with self._read() as conn:
            return reads.history(conn, key)

    def first_cells(self, import_ids: Iterable[int]) -> dict[int, reads.FirstCell]:
        """The figure each of these imports (or edits, or undos) changed first, by import id."""
        with self._read() as conn:
            return reads.first_cells(conn, import_ids)

    def periods(self) -> list[Period]:
        with self._read() as conn:
            return reads.periods(conn)

    def area_codes_with_data(self, publisher: str | None = None) -> list[str]:
        with self._read() as conn:
            return reads.area_codes_with_data(conn, publisher)

    def periods_with_figures(self, publisher: str) -> list[Period]:
        with self._read() as conn:
            return reads.periods_with_figures(conn, publisher)

    # Targets and annotations ---------------------------------------------------------------------------

    def set_target(self, area_code: str, indicator_id: str, target: float, *, user: str,
                   tolerance: float | None = None, breakdown: str = "", period: Period | None = None) -> None:
        with self._write() as conn:
            notes.set_target(conn, area_code, indicator_id, target, user=user, tolerance=tolerance,
                             breakdown=breakdown, period=period)

    def targets(self, area_code: str, indicator_id: str | None = None) -> list[Target]:
        with self._read() as conn:
            return notes.targets(conn, area_code, indicator_id)

    def add_annotation(self, text: str, *, author: str, area_code: str | None = None,
                       indicator_id: str | None = None, period: Period | None = None,
                       breakdown: str = "") -> int:
        with self._write() as conn:
            return notes.add_annotation(conn, text, author=author, area_code=area_code,
                                        indicator_id=indicator_id, period=period, breakdown=breakdown)

    def annotations(self, *, area_code: str | None = None,
                    indicator_id: str | None = None) -> list[Annotation]:
        with self._read() as conn:
            return notes.annotations_for(conn, area_code=area_code, indicator_id=indicator_id)

    # Lifetime ------------------------------------------------------------------------------------------

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
