"""The Store: the one object the UI, the CLI and the pipeline use to read and write figures.

Every method is one transaction; every expected failure (locked file, unknown area, undo refused) comes
back as a StoreError with a message for a performance officer. Thread use: one Store may be shared by
threads, each call takes its own connection from the pool.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from cpdesk.indicators.model import Area, Indicator, Period
from cpdesk.observation import TOTAL, Observation
from cpdesk.store import notes, reads, undo, writes
from cpdesk.store.engine import (
    DEFAULT_TIMEOUT_S,
    Location,
    locate,
    make_engine,
    read_connection,
    translate_errors,
    write_transaction,
)
from cpdesk.store.migrations import prepare_database, read_meta, write_meta
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


def open_store(path_or_url: str | Path, *, create: bool = True,
               timeout_s: float = DEFAULT_TIMEOUT_S) -> Store:
    """Open (and create or upgrade) a database: a SQLite file path, or a SQLAlchemy URL with ``://``.

    ``timeout_s`` is how long to wait for another program's write to finish before reporting a lock.
    """
    location = locate(path_or_url)
    if location.path is not None:
        _prepare_folder(location, create=create)
    engine = make_engine(location, timeout_s)
    try:
        with translate_errors(location):
            prepare_database(engine, location, create=create)
    except BaseException:
        engine.dispose()
        raise
    logger.info("Opened database %s", location.display)
    return Store(engine, location)


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
    def __init__(self, engine, location: Location) -> None:
        self._engine = engine
        self.location = location

    @property
    def display_name(self) -> str:
        """The file path (or the server URL without its password), for titles and messages."""
        return self.location.display

    def _read(self):
        return read_connection(self._engine, self.location)

    def _write(self):
        return write_transaction(self._engine, self.location)

    # Reference data ------------------------------------------------------------------------------------

    def sync_areas(self, areas: Iterable[Area]) -> None:
        with self._write() as conn:
            writes.sync_areas(conn, areas)

    def sync_indicators(self, indicators: Iterable[Indicator]) -> None:
        with self._write() as conn:
            writes.sync_indicators(conn, indicators)

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
        with self._write() as conn:
            outcome = writes.import_observations(conn, batch, reason)
            for key, value in (meta or {}).items():
                write_meta(conn, key, value)
            return outcome

    def record_edits(self, edits: Sequence[Observation], user: str, reason: str = "edit") -> ImportOutcome:
        """Corrections typed into the grid, stored as one import of kind "edit"."""
        batch = ImportBatch(file_name="(edit)", file_path="", file_hash="", user=user, observations=edits,
                            kind="edit")
        with self._write() as conn:
            return writes.import_observations(conn, batch, reason)

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

    def area_codes_with_data(self) -> list[str]:
        with self._read() as conn:
            return reads.area_codes_with_data(conn)

    def periods_with_figures(self, publisher: str) -> list[Period]:
        with self._read() as conn:
            return reads.periods_with_figures(conn, publisher)

    # Targets and annotations ---------------------------------------------------------------------------

    def set_target(self, area_code: str, indicator_id: str, target: float, *, user: str,
                   tolerance: float | None = None, breakdown: str = "", period: Period | None = None) -> None:
        with self._write() as conn:
            notes.set_target(conn, area_code, indicator_id, target, user=user, tolerance=tolerance,
                             breakdown=breakdown, period=period)

    def targets(self, area_code: str, indicator_id: str) -> list[Target]:
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
