"""The question an officer is asked when a figure they typed was changed by someone else meanwhile.

Both values are shown: theirs, with who changed it (name and database login) and when, and the
officer's, each formatted as the grid formats that indicator's figures (its decimals, thousands
separators as Settings say), so "37" and "38.0" never stand side by side for one indicator.
"Keep theirs" stores nothing; "Save mine" stores the officer's figure over theirs, so both are in the
figure's history.
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.indicators.model import Period
from cpdesk.store.records import CellConflict, CellValue, EditConflict
from cpdesk.ui.grid_cells import format_value
from cpdesk.ui.issues_model import RowsModel

logger = logging.getLogger(__name__)

STATUS_WORDS = {"tbc": "TBC", "c": "c (suppressed)", "x": "x (not available)", "na": "N/A", "blank": "blank"}


class Choice(StrEnum):
    KEEP_THEIRS = "keep theirs"
    SAVE_MINE = "save mine"


def shown_value(cell: CellValue, decimals: int | None = None, thousands: bool = True) -> str:
    """A figure as the grid shows it: to the indicator's ``decimals`` (every digit typed if more);
    without them, as typed or read. A status in words; "(empty)" if none."""
    if cell.is_blank:
        return "(empty)"
    if cell.value is None:
        return STATUS_WORDS.get(cell.status or "", cell.status or "")
    if decimals is None:
        return cell.raw or f"{cell.value:g}"
    return format_value(cell.value, decimals, thousands)


def decimals_of(conflict: CellConflict, schema) -> int | None:
    """The decimals the grid shows the conflict's indicator to (None: an indicator cpdesk does not know)."""
    indicator = schema.get(conflict.key[1]) if schema is not None else None
    return indicator.decimals if indicator is not None else None


def local_time(utc_iso: str) -> str:
    """A stored UTC time in this computer's time zone, to the minute."""
    try:
        return dt.datetime.fromisoformat(utc_iso).astimezone().strftime("%d %b %Y %H:%M")
    except ValueError:
        return utc_iso


def figure_name(conflict: CellConflict, schema, areas) -> str:
    """"Children on a child protection plan at 31 March, Warwickshire, 31 Mar 2019"."""
    area_code, indicator_id, _breakdown, kind, start, end, _publisher = conflict.key
    indicator = schema.get(indicator_id) if schema is not None else None
    area = areas.find(area_code) if areas is not None else None
    period = Period(kind, start, end, conflict.period_label)
    title = indicator.title_for(period) if indicator else indicator_id
    return ", ".join([title, area.name if area else area_code, period.label])


class ConflictsModel(RowsModel):
    columns = ("Figure", "Theirs", "Changed by", "When", "Yours")
    right_aligned = frozenset({1, 4})

    def show(self, conflicts: list[CellConflict], schema, areas, thousands: bool = True) -> None:
        rows = [_row(c, schema, areas, thousands) for c in conflicts]
        self._reset(rows, [None] * len(rows), [""] * len(rows))


def _row(conflict: CellConflict, schema, areas, thousands: bool) -> tuple[str, ...]:
    decimals = decimals_of(conflict, schema)
    return (figure_name(conflict, schema, areas), shown_value(conflict.theirs, decimals, thousands),
            conflict.changed_by, local_time(conflict.changed_at),
            shown_value(conflict.yours, decimals, thousands))


class EditConflictDialog(QDialog):
    """Shows what someone else stored and what the officer typed; ``choice`` says which to keep."""

    def __init__(self, conflict: EditConflict, schema=None, areas=None, *, undoing: bool = False,
                 thousands: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed by someone else")
        self.choice = Choice.KEEP_THEIRS
        conflicts = conflict.conflicts
        layout = QVBoxLayout(self)
        self.heading = QLabel(_heading(conflicts, undoing))
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold")
        layout.addWidget(self.heading)
        self.model = ConflictsModel(self)
        self.model.show(conflicts, schema, areas, thousands)
        self.table = _table(self.model)
        layout.addWidget(self.table)
        explanation = QLabel("Keep theirs: nothing of yours is stored. Save mine: yours is stored over "
                             "theirs; both stay in the figure's history.")
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        buttons = QDialogButtonBox(self)
        self.keep_button = buttons.addButton("Keep theirs", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button = buttons.addButton("Save mine", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(lambda: self._choose(Choice.KEEP_THEIRS))
        self.save_button.clicked.connect(lambda: self._choose(Choice.SAVE_MINE))
        layout.addWidget(buttons)
        self.resize(760, 150 + 30 * min(len(conflicts), 8))

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        logger.info("Edit conflict: %s", choice)
        self.done(QDialog.DialogCode.Accepted if choice == Choice.SAVE_MINE else QDialog.DialogCode.Rejected)

    @property
    def buttons(self) -> dict[Choice, QPushButton]:
        return {Choice.KEEP_THEIRS: self.keep_button, Choice.SAVE_MINE: self.save_button}


def _heading(conflicts: list[CellConflict], undoing: bool) -> str:
    what = "undo" if undoing else "change"
    if len(conflicts) == 1:
        return (f"{conflicts[0].changed_by} changed this figure after you read it. Your {what} has not been "
                "stored yet: which figure should stand?")
    return (f"{len(conflicts)} figures were changed by someone else after you read them. Your {what} has "
            "not been stored yet: which figures should stand?")


def _table(model: ConflictsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to select: the buttons take the keyboard
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(model.columns)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def ask_about_conflict(conflict: EditConflict, schema=None, areas=None, *, undoing: bool = False,
                       thousands: bool = True, parent: QWidget | None = None) -> Choice:
    """Show the dialog (modal) and return the officer's choice; closing it keeps theirs."""
    dialog = EditConflictDialog(conflict, schema, areas, undoing=undoing, thousands=thousands, parent=parent)
    dialog.exec()
    return dialog.choice
