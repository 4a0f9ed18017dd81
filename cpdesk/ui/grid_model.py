"""The data grid's model: one indicator's areas by period, or one area's indicators by period.

Display strings, tooltips and fonts are worked out once when a selection loads, so scrolling and
repainting never touch the database. A cell shows the council's own figure, or the DfE's where the
council has none; typing always stores the council's own figure, through an undoable command.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from cpdesk.indicators.model import Period
from cpdesk.indicators.periods import period_sort_key
from cpdesk.observation import STATUSES, TOTAL
from cpdesk.ui.grid_commands import CellTarget, EditCellsCommand, check_edits, status_observation

logger = logging.getLogger(__name__)

AREAS_MODE = "areas"
INDICATORS_MODE = "indicators"
ENGLAND = "E92000001"
STATUS_SHOWN = {"tbc": "TBC", "na": "N/A", "blank": "(blank)", "low": "low"}
PUBLISHER_NAMES = {"local": "the council", "dfe": "the DfE"}
STATUS_GREY = "#777777"


@dataclass(frozen=True)
class GridCell:
    """A cell's strings; the tooltip is made from ``figure`` only when asked (few cells ever are)."""

    display: str
    edit_text: str
    is_status: bool
    figure: object = None


EMPTY = GridCell("", "", False)


@dataclass(frozen=True)
class GridRow:
    code: str  # area code (areas mode) or indicator id (indicators mode)
    label: str


def format_value(value: float, decimals: int, thousands: bool = True) -> str:
    """'29.8', '1,084': the indicator's decimals, or every digit typed if there are more."""
    comma = "," if thousands else ""
    if math.isclose(round(value, decimals), value, abs_tol=1e-9):
        return f"{value:{comma}.{decimals}f}"
    return f"{value:{comma}.10g}"


def _shown_figure(figures: dict[str, object]):
    """The council's figure if it has one (value or status), else the DfE's."""
    for publisher in ("local", "dfe"):
        figure = figures.get(publisher)
        if figure is not None and (figure.value is not None or figure.status is not None):
            return figure
    return None


class GridModel(QAbstractTableModel):
    """Emits ``edit_refused(reason)`` when a typed or pasted figure fails the schema's checks."""

    edit_refused = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.mode = AREAS_MODE
        self.indicator_id = ctx.indicator_id
        self.area_code = ctx.area_code
        self.rows: list[GridRow] = []
        self.periods: list[Period] = []
        self._cells: dict[tuple[int, int], GridCell] = {}
        self._status_font = QFont()
        self._status_font.setItalic(True)
        self._status_brush = QBrush(QColor(STATUS_GREY))
        ctx.data_changed.connect(self.reload)

    # Loading -------------------------------------------------------------------------------------------

    def load(self, mode: str, indicator_id: str | None = None, area_code: str | None = None) -> None:
        self.mode = mode
        self.indicator_id = indicator_id or self.indicator_id
        self.area_code = area_code or self.area_code
        self.reload()

    def reload(self) -> None:
        """Read the selection's figures and precompute every cell; keeps the view's place if it can."""
        figures = self._read_figures()
        rows = self._area_rows(figures) if self.mode == AREAS_MODE else self._indicator_rows(figures)
        periods = sorted({period for _, period in figures}, key=period_sort_key)
        cells = self._build_cells(rows, periods, figures)
        if rows == self.rows and periods == self.periods:
            self._cells = cells
            if rows and periods:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(periods) - 1))
            return
        self.beginResetModel()
        self.rows, self.periods, self._cells = rows, periods, cells
        self.endResetModel()

    def _read_figures(self) -> dict[tuple[str, Period], dict[str, object]]:
        """(row code, period) -> publisher -> stored figure, for the total breakdown only."""
        if self.mode == AREAS_MODE:
            stored = self.ctx.store.observations(indicator=self.indicator_id, breakdown=TOTAL)
            code_of = _area_code
        else:
            stored = self.ctx.store.observations(area=self.area_code, breakdown=TOTAL)
            code_of = _indicator_id
        figures: dict[tuple[str, Period], dict[str, object]] = {}
        for figure in stored:
            figures.setdefault((code_of(figure), figure.period), {})[figure.publisher] = figure
        return figures

    def _area_rows(self, figures) -> list[GridRow]:
        """The home council, its districts, its comparators, England, then any other area with data."""
        areas = self.ctx.areas
        home = areas.find(self.ctx.home_council)
        fixed: list[str] = []
        if home is not None:
            fixed = [home.code, *(a.code for a in areas.districts_of(home.code)),
                     *(a.code for a in areas.operational_areas_of(home.code))]
            if home.kind == "la":
                fixed.append(areas.sn_comparator(home.code).code)
            region = areas.region_of(home.code)
            if region is not None:
                fixed.append(region.code)
        fixed.append(ENGLAND)
        fixed = [code for code in dict.fromkeys(fixed) if code in areas]
        others = {code for code, _ in figures} - set(fixed)
        names = {code: (areas.find(code).name if areas.find(code) else code) for code in [*fixed, *others]}
        ordered = fixed + sorted(others, key=lambda code: names[code].lower())
        return [GridRow(code, names[code]) for code in ordered]

    def _indicator_rows(self, figures) -> list[GridRow]:
        """Every indicator with a figure for the area, in the schema's (theme) order."""
        with_data = {code for code, _ in figures}
        return [GridRow(ind.id, ind.title) for ind in self.ctx.schema if ind.id in with_data]

    def _build_cells(self, rows: Sequence[GridRow], periods: Sequence[Period], figures) -> dict:
        column_of = {period: column for column, period in enumerate(periods)}
        row_of = {row.code: number for number, row in enumerate(rows)}
        thousands = self.ctx.settings.thousands_separator
        cells: dict[tuple[int, int], GridCell] = {}
        for (code, period), by_publisher in figures.items():
            figure = _shown_figure(by_publisher)
            if figure is not None and code in row_of:
                cells[(row_of[code], column_of[period])] = self._cell(figure, thousands)
        return cells

    def _cell(self, figure, thousands: bool) -> GridCell:
        indicator = self.ctx.schema.get(figure.indicator_id)
        if figure.value is None:
            shown = STATUS_SHOWN.get(figure.status, figure.status)
            return GridCell(shown, figure.raw or shown, True, figure)
        decimals = indicator.decimals if indicator is not None else 1
        return GridCell(format_value(figure.value, decimals, thousands),
                        format_value(figure.value, decimals, False), False, figure)

    # Qt model API ------------------------------------------------------------------------------------

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.periods)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        cell = self._cells.get((index.row(), index.column()), EMPTY)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.display
        if role == Qt.ItemDataRole.EditRole:
            return cell.edit_text
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(cell.figure) if cell.figure is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and cell.is_status:
            return self._status_font
        if role == Qt.ItemDataRole.ForegroundRole and cell.is_status:
            return self._status_brush
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.periods):
            return self.periods[section].label
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return self.rows[section].label
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt API
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        return self.edit_block(index.row(), index.column(), [[str(value)]])

    # Edits ---------------------------------------------------------------------------------------------

    def target(self, row: int, column: int) -> CellTarget:
        code, period = self.rows[row].code, self.periods[column]
        if self.mode == AREAS_MODE:
            return CellTarget(code, self.indicator_id, period)
        return CellTarget(self.area_code, code, period)

    def edit_block(self, top: int, left: int, block: Sequence[Sequence[str]]) -> bool:
        """Store a block of typed texts from (top, left) as one undo step, or refuse it whole."""
        height, width = len(block), max((len(line) for line in block), default=0)
        if top < 0 or left < 0 or top + height > len(self.rows) or left + width > len(self.periods):
            self.edit_refused.emit(f"The pasted block ({height} x {width}) does not fit in the grid here.")
            return False
        pairs = [(self.target(top + r, left + c), text)
                 for r, line in enumerate(block) for c, text in enumerate(line)]
        check = check_edits(pairs, self.ctx.schema, self.ctx.areas)
        if not check.ok:
            self.edit_refused.emit("\n".join(check.problems))
            return False
        return self._push(check.observations)

    def set_status(self, cells: Iterable[tuple[int, int]], status: str) -> bool:
        """Mark cells as TBC, suppressed, not available... (``status`` is a key of STATUSES)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        return self._push([status_observation(self.target(r, c), status) for r, c in cells])

    def _push(self, observations) -> bool:
        if not observations:
            return False
        command = EditCellsCommand(self.ctx, observations)
        if command.changes_anything:
            self.ctx.undo_stack.push(command)
        return True


def _area_code(figure) -> str:
    return figure.area_code


def _indicator_id(figure) -> str:
    return figure.indicator_id


def _tooltip(figure) -> str:
    sheet = figure.source_sheet and f"sheet '{figure.source_sheet}'"
    cell = figure.source_cell and f"cell {figure.source_cell}"
    source = ", ".join(part for part in (figure.source_file, sheet, cell) if part)
    lines = [f"Typed or read as: '{figure.raw or ''}'",
             f"Published by {PUBLISHER_NAMES.get(figure.publisher, figure.publisher)}",
             f"Source: {source or 'typed into cpdesk'}",
             f"Last changed {figure.updated_at[:16].replace('T', ' ')} by {figure.updated_by}"]
    if figure.status:
        lines.insert(1, f"Status: {STATUSES.get(figure.status, figure.status)}")
    return "\n".join(lines)
