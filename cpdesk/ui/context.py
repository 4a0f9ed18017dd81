"""What every page shares: the open database, the reference data, settings, the undo stack and
the current selection, with signals so pages stay in step without knowing each other."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from cpdesk.national_pack import PackError, ensure_national_pack
from cpdesk.preferences import OPENING_AREA
from cpdesk.reference import Reference, load_reference
from cpdesk.store import open_store
from cpdesk.ui.settings import AppSettings

logger = logging.getLogger(__name__)


class AppContext(QObject):
    """The app's shared state. Pages read from it and emit through it; only it opens the store."""

    data_changed = Signal()  # figures were imported, edited or undone
    selection_changed = Signal(str, str)  # indicator id, area code
    status_message = Signal(str)
    home_council_changed = Signal(str)  # ONS code of the new home council

    def __init__(self, db_location: Path | str, settings: AppSettings | None = None,
                 reference: Reference | None = None, parent=None):
        super().__init__(parent)
        self.db_location = db_location
        self.settings = settings or AppSettings()
        self.reference = reference or load_reference()
        self.pack_problem = ""  # why the national data pack could not be loaded, if it could not
        self.store = self._open_store()
        self.undo_stack = QUndoStack(self)
        indicator, area = self.settings.selection()
        self.indicator_id = indicator if indicator in self.reference.schema else "cpp_rate"
        self.area_code = area or self.settings.home_council or OPENING_AREA

    def _open_store(self):
        """Open the database; one cpdesk can write to gets today's areas, indicators and data pack
        (a read-only or damaged one is read as it is)."""
        store = open_store(self.db_location)
        if not store.read_only:
            store.sync_areas(self.reference.areas.all())
            store.sync_indicators(self.reference.schema.indicators.values())
            self._ensure_national_pack(store)
        return store

    def reopen_store(self) -> None:
        """Read the database again (a restore replaced its file): edits of the old file cannot be undone."""
        self.undo_stack.clear()
        self.store = self._open_store()
        self.notify_data_changed()

    def _ensure_national_pack(self, store) -> None:
        """Every database starts with the national data pack; a damaged pack must not stop the app."""
        try:
            ensure_national_pack(store, user=self.settings.user_name)
        except PackError as exc:
            logger.warning("national data pack not loaded: %s", exc)
            self.pack_problem = str(exc)

    @property
    def schema(self):
        return self.reference.schema

    @property
    def areas(self):
        return self.reference.areas

    @property
    def home_council(self) -> str:
        """The council chosen in Settings; until one is, the council selected (if a council is), else ""."""
        if self.settings.home_council:
            return self.settings.home_council
        selected = self.areas.find(self.area_code)
        return self.area_code if selected is not None and selected.kind == "la" else ""

    @property
    def user(self) -> str:
        return self.settings.user_name

    def select(self, indicator_id: str | None = None, area_code: str | None = None) -> None:
        self.indicator_id = indicator_id or self.indicator_id
        self.area_code = area_code or self.area_code
        self.settings.save_selection(self.indicator_id, self.area_code)
        self.selection_changed.emit(self.indicator_id, self.area_code)

    def notify_home_council_changed(self) -> None:
        """The settings name a new home council: pages rebuild what depends on it, then it is selected
        (so the charts and the grid show it)."""
        self.home_council_changed.emit(self.home_council)
        self.select(area_code=self.home_council)

    def notify_data_changed(self) -> None:
        self.data_changed.emit()

    def close(self) -> None:
        # Pages outlive the context by a moment when the window closes: the stack must not tell them
        # of its clearing as it is deleted, or they would read a database that is already closed.
        self.undo_stack.blockSignals(True)
        self.store.close()
