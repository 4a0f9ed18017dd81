"""The Data page: the stored figures as a spreadsheet-like grid an officer can correct.

Typed and pasted figures are checked against the indicator's unit and range before anything is
stored; a refused edit says why in the banner above the grid. Every change is one undo step (Ctrl+Z)
and a revision in the cell's history (right-click, History...).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.indicators.model import UNIT_NAMES
from cpdesk.ui.grid_columns import fit_columns_to_contents
from cpdesk.ui.grid_model import AREAS_MODE, ENGLAND, INDICATORS_MODE, GridModel
from cpdesk.ui.history_dialog import HistoryDialog

logger = logging.getLogger(__name__)

STATUS_CHOICES = (("To be confirmed (TBC)", "tbc"), ("Suppressed (c)", "c"), ("Not available (x)", "x"),
                  ("Not applicable (N/A)", "na"))


def parse_block(text: str) -> list[list[str]]:
    """A tab-separated block as Excel puts it on the clipboard (one trailing newline dropped)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


class DataPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = GridModel(ctx, self)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem("Areas by period, for one indicator", AREAS_MODE)
        self.mode_combo.addItem("Indicators by period, for one area", INDICATORS_MODE)
        self.indicator_combo = QComboBox()
        self.area_combo = QComboBox()
        for combo, characters in ((self.indicator_combo, 32), (self.area_combo, 18)):
            # Sized for a laptop screen, not for the longest indicator title; the list opens wider.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(characters)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Optional: why you are changing a figure (e.g. \"corrected after the "
                                       "audit of plans\"). Kept in the figure's history with your edit.")
        self.reason.setClearButtonEnabled(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel { background: #fdecea; color: #8a1c1c; padding: 4px; }")
        policy = self.message.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the grid never jumps under the pointer when it shows
        self.message.setSizePolicy(policy)
        self.message.hide()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setAlternatingRowColors(True)
        self._fill_combos()
        self._lay_out()
        self._make_actions()
        self._connect()
        self.follow_database()
        self.set_selection(ctx.indicator_id, ctx.area_code)

    # Building ------------------------------------------------------------------------------------------

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.PaletteChange:
            self.model.refresh_colours()  # statuses' grey is worked out from the palette
        super().changeEvent(event)

    def _fill_combos(self) -> None:
        for position, indicator in enumerate(self.ctx.schema):
            # Short titles never cut to two identical strings; the whole title is the item's tooltip.
            self.indicator_combo.addItem(indicator.short_title or indicator.title, indicator.id)
            self.indicator_combo.setItemData(position, indicator.title, Qt.ItemDataRole.ToolTipRole)
        self.indicator_combo.setMaxVisibleItems(25)
        self._fill_area_combo()
        for combo in (self.indicator_combo, self.area_combo):  # the open list shows whole names
            metrics = combo.view().fontMetrics()
            texts = (combo.itemText(i) for i in range(combo.count()))
            widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
            combo.view().setMinimumWidth(widest + 40)

    def _fill_area_combo(self) -> None:
        """The home council, its districts and comparators first, then every other area by name."""
        areas = self.ctx.areas
        home = areas.find(self.ctx.home_council)
        first = []
        if home is not None:
            first = [home, *areas.districts_of(home.code), *areas.operational_areas_of(home.code)]
            if home.kind == "la":
                first.append(areas.sn_comparator(home.code))
            first.append(areas.region_of(home.code))
        first.append(areas.find(ENGLAND))
        first = [area for area in first if area is not None]
        seen = {area.code for area in first}
        rest = sorted((a for a in areas.all("la") + areas.all("region") if a.code not in seen),
                      key=lambda a: a.name)
        for area in first + rest:
            self.area_combo.addItem(area.name, area.code)
        self.area_combo.setMaxVisibleItems(25)

    def follow_home_council(self, _code: str) -> None:
        """List the new home council's areas first; the selection that follows shows its figures."""
        self.area_combo.blockSignals(True)
        self.area_combo.clear()
        self._fill_area_combo()
        self.area_combo.blockSignals(False)

    def _lay_out(self) -> None:
        selector = QHBoxLayout()
        for text, widget in (("Show", self.mode_combo), ("Indicator", self.indicator_combo),
                             ("Area", self.area_combo)):
            selector.addWidget(QLabel(text))
            selector.addWidget(widget, 1 if widget is not self.mode_combo else 0)
        reason_row = QHBoxLayout()
        reason_label = QLabel("Reason for change")
        reason_label.setBuddy(self.reason)
        reason_row.addWidget(reason_label)
        reason_row.addWidget(self.reason, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(selector)
        layout.addLayout(reason_row)
        layout.addWidget(self.caption)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def _make_actions(self) -> None:
        """Keys work while the grid has focus; an open cell editor keeps its own Delete and Ctrl+V.

        Ctrl+Z / Ctrl+Y belong to the main window (one shared undo stack): a second shortcut for the
        same keys here would make both ambiguous, and Qt would then run neither.
        """
        self.paste_action = QAction("Paste", self, shortcut=QKeySequence.StandardKey.Paste)
        self.copy_action = QAction("Copy", self, shortcut=QKeySequence.StandardKey.Copy)
        self.clear_action = QAction("Clear (set blank)", self, shortcut=QKeySequence.StandardKey.Delete)
        self.paste_action.triggered.connect(self.paste)
        self.copy_action.triggered.connect(self.copy)
        self.clear_action.triggered.connect(lambda: self.set_status("blank"))
        for action in (self.paste_action, self.copy_action, self.clear_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(action)

    def _connect(self) -> None:
        self.mode_combo.currentIndexChanged.connect(lambda _: self._combo_changed())
        self.indicator_combo.currentIndexChanged.connect(lambda _: self._combo_changed())
        self.area_combo.currentIndexChanged.connect(lambda _: self._combo_changed())
        self.model.edit_refused.connect(self.show_refusal)
        self.reason.textChanged.connect(lambda text: setattr(self.model, "reason", text))
        self.model.edit_stored.connect(self.reason.clear)  # a reason goes with one edit, not every later one
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.ctx.selection_changed.connect(self.set_selection)
        self.ctx.home_council_changed.connect(self.follow_home_council)
        self.ctx.data_changed.connect(self._data_changed)

    # Selection -----------------------------------------------------------------------------------------

    def set_selection(self, indicator_id: str, area_code: str) -> None:
        """Show ``indicator_id`` (areas mode) or ``area_code`` (indicators mode) without re-emitting."""
        for combo, value in ((self.indicator_combo, indicator_id), (self.area_combo, area_code)):
            position = combo.findData(value)
            if position >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(position)
                combo.blockSignals(False)
        self.indicator_combo.setToolTip(self.indicator_combo.currentData(Qt.ItemDataRole.ToolTipRole) or "")
        self.model.load(self.mode_combo.currentData(), indicator_id, area_code)
        self._after_load()

    def _combo_changed(self) -> None:
        self.indicator_combo.setToolTip(self.indicator_combo.currentData(Qt.ItemDataRole.ToolTipRole) or "")
        indicator_id, area_code = self.indicator_combo.currentData(), self.area_combo.currentData()
        if (indicator_id, area_code) != (self.ctx.indicator_id, self.ctx.area_code):
            self.ctx.select(indicator_id, area_code)  # selection_changed comes back to set_selection
        else:
            self.set_selection(indicator_id, area_code)

    def refresh(self) -> None:
        self.model.reload()
        self._after_load()

    def _data_changed(self) -> None:
        self._update_caption()
        self.follow_database()

    def follow_database(self) -> None:
        """A reason for a change that cannot be made is not asked for: off while the database is
        read-only (or damaged), with the reason why in its tooltip."""
        store = self.ctx.store
        self.reason.setEnabled(not store.read_only)
        self.reason.setToolTip(store.write_refusal if store.read_only else "")

    def _after_load(self) -> None:
        fit_columns_to_contents(self.table)
        self._update_caption()

    def _update_caption(self) -> None:
        model = self.model
        if model.mode == AREAS_MODE:
            indicator = self.ctx.schema.get(model.indicator_id)
            unit = UNIT_NAMES.get(indicator.unit, indicator.unit) if indicator else ""
            what = f"<b>{indicator.title if indicator else model.indicator_id}</b> ({unit})"
        else:
            area = self.ctx.areas.find(model.area_code)
            what = f"<b>{area.name if area else model.area_code}</b>"
        self.caption.setText(f"{what}: {model.rowCount()} rows x {model.columnCount()} periods. "
                             "Council figures, or the DfE's where the council has none; "
                             "<i>grey italics</i> are statuses (TBC, c, x, N/A)."
                             f"{self._in_year_note()}")

    def _in_year_note(self) -> str:
        in_year = [column for column in range(self.model.columnCount()) if self.model.in_year(column)]
        if not in_year:
            return ""
        if len(in_year) == 1:
            return " The last column holds in-year figures, after the yearly ones."
        return f" The last {len(in_year)} columns hold in-year figures, after the yearly ones."

    # Editing -------------------------------------------------------------------------------------------

    def show_refusal(self, reason: str) -> None:
        self.message.setText(f"Not saved: {reason}")
        self.message.show()
        self.ctx.status_message.emit(f"Not saved: {reason.splitlines()[0]}")

    def _top_left(self) -> QModelIndex:
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return self.table.currentIndex()
        row = min(index.row() for index in indexes)
        column = min(index.column() for index in indexes)
        return self.model.index(row, column)

    def paste(self) -> bool:
        """Paste a tab-separated block from the top-left selected cell; all of it is stored or none."""
        anchor = self._top_left()
        block = parse_block(QGuiApplication.clipboard().text())
        if not anchor.isValid() or not block:
            return False
        self.message.hide()
        return self.model.edit_block(anchor.row(), anchor.column(), block)

    def copy(self) -> None:
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = range(min(i.row() for i in indexes), max(i.row() for i in indexes) + 1)
        columns = range(min(i.column() for i in indexes), max(i.column() for i in indexes) + 1)
        text = "\n".join("\t".join(self.model.index(r, c).data(Qt.ItemDataRole.EditRole) or ""
                                   for c in columns) for r in rows)
        QGuiApplication.clipboard().setText(text + "\n")

    def set_status(self, status: str) -> bool:
        cells = sorted({(i.row(), i.column()) for i in self.table.selectionModel().selectedIndexes()})
        if not cells and self.table.currentIndex().isValid():
            cells = [(self.table.currentIndex().row(), self.table.currentIndex().column())]
        return self.model.set_status(cells, status) if cells else False

    # Context menu and history --------------------------------------------------------------------------

    def build_context_menu(self, index: QModelIndex) -> QMenu:
        menu = QMenu(self)
        statuses = menu.addMenu("Set status")
        for text, status in STATUS_CHOICES:
            action = statuses.addAction(text)
            action.triggered.connect(lambda _=False, s=status: self.set_status(s))
        menu.addAction(self.clear_action)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.addAction(self.paste_action)
        menu.addSeparator()
        history = menu.addAction("History...")
        history.setEnabled(index.isValid())
        history.triggered.connect(lambda: self.open_history(index))
        return menu

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        self.build_context_menu(index).exec(self.table.viewport().mapToGlobal(position))

    def open_history(self, index: QModelIndex) -> HistoryDialog | None:
        if not index.isValid():
            return None
        target = self.model.target(index.row(), index.column())
        dialog = HistoryDialog(self.ctx, target.area_code, target.indicator_id, target.period, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
