"""The data grid's model: one indicator's areas by period, or one area's indicators by period.

Display strings, tooltips and fonts are worked out once when a selection loads, so scrolling and
repainting never touch the database. A cell shows the council's own figure, or the DfE's where the
council has none; typing always stores the council's own figure, through an undoable command.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from cpdesk.gc_pauses import without_gc_pauses
from cpdesk.indicators.model import Period
from cpdesk.observation import STATUSES, TOTAL
from cpdesk.query.cycle import class_words, period_class
from cpdesk.store.reads import GridFigure, GridFigures
from cpdesk.ui.grid_cells import (
    EMPTY,
    CellMaker,
    GridCell,
    grouped_periods,
    is_in_year,
    shown_figures,
    texts_by_column,
)
from cpdesk.ui.grid_commands import (
    CellTarget,
    EditCellsCommand,
    check_edits,
    seen_revisions,
    status_observation,
)
from cpdesk.ui.theme import muted_text

logger = logging.getLogger(__name__)

AREAS_MODE = "areas"
INDICATORS_MODE = "indicators"
ENGLAND = "E92000001"
PUBLISHER_NAMES = {"local": "the council", "dfe": "the DfE"}
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
EDIT_ROLE = Qt.ItemDataRole.EditRole
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole
ALIGNMENT_ROLE = Qt.ItemDataRole.TextAlignmentRole
FONT_ROLE = Qt.ItemDataRole.FontRole
FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
AREA_CODE_AT = GridFigure._fields.index("area_code")
INDICATOR_ID_AT = GridFigure._fields.index("indicator_id")


@dataclass(frozen=True)
class GridRow:
    code: str  # area code (areas mode) or indicator id (indicators mode)
    label: str  # an indicator's short title, an area's name
    full: str = ""  # an indicator's whole title, for the tooltip


class GridModel(QAbstractTableModel):
    """Emits ``edit_refused(reason)`` when a typed or pasted figure fails the schema's checks."""

    edit_refused = Signal(str)
    edit_stored = Signal()  # an edit (typed, pasted or a status) was stored, with ``reason``

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.mode = AREAS_MODE
        self.indicator_id = ctx.indicator_id
        self.area_code = ctx.area_code
        self.reason = ""  # the officer's reason for the next edit, recorded in its history
        self.rows: list[GridRow] = []
        self.periods: list[Period] = []
        self._cells: dict[tuple[int, int], GridCell] = {}
        self._column_texts: list[dict[str, tuple[int, bool]]] = []
        self._seen: dict[tuple, int] = {}  # the council figures' revisions as read: what edits expect
        self._status_font = QFont()
        self._status_font.setItalic(True)
        self._status_brush = QBrush(muted_text())
        ctx.data_changed.connect(self.reload)

    def refresh_colours(self) -> None:
        """Statuses' grey follows the palette (light or dark), keeping it readable on either."""
        self._status_brush = QBrush(muted_text())
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last, [FOREGROUND_ROLE])

    # Loading -------------------------------------------------------------------------------------------

    def load(self, mode: str, indicator_id: str | None = None, area_code: str | None = None) -> None:
        self.mode = mode
        self.indicator_id = indicator_id or self.indicator_id
        self.area_code = area_code or self.area_code
        self.reload()

    def reload(self) -> None:
        """Read the selection's figures and precompute every cell; keeps the view's place if it can.

        The cyclic garbage collector is held off meanwhile: the thousands of small tuples built here
        hold no cycles, and a full collection set off by them would double a switch's time.
        """
        with without_gc_pauses():
            rows, periods, cells = self._prepare()
            column_texts = texts_by_column(cells, len(periods))
        if rows == self.rows and periods == self.periods:
            self._cells, self._column_texts = cells, column_texts
            if rows and periods:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(periods) - 1))
            return
        self.beginResetModel()
        self.rows, self.periods, self._cells, self._column_texts = rows, periods, cells, column_texts
        self.endResetModel()

    def _prepare(self) -> tuple[list[GridRow], list[Period], dict[tuple[int, int], GridCell]]:
        """The selection's rows, periods (in time order) and cells."""
        selection = self._read_figures()
        self._seen = seen_revisions(selection)
        code_at = AREA_CODE_AT if self.mode == AREAS_MODE else INDICATOR_ID_AT
        present, shown = shown_figures(selection.figures, code_at, self.ctx.home_council)
        codes = {code for code, _ in present}
        rows = self._area_rows(codes) if self.mode == AREAS_MODE else self._indicator_rows(codes)
        indicator = self.ctx.schema.get(self.indicator_id) if self.mode == AREAS_MODE else None
        periods = grouped_periods({selection.periods[period_id] for _, period_id in present}, indicator)
        id_of = {period: period_id for period_id, period in selection.periods.items()}
        period_ids = [id_of[period] for period in periods]
        return rows, periods, self._build_cells(rows, period_ids, shown)

    def column_texts(self, column: int) -> dict[str, tuple[int, bool]]:
        """Each distinct text a column shows, with a row showing it and whether it is a status.

        Enough to size the column without asking the model about every cell.
        """
        return self._column_texts[column] if 0 <= column < len(self._column_texts) else {}

    @property
    def status_font(self) -> QFont:
        return self._status_font

    def _read_figures(self) -> GridFigures:
        """The selection's figures, total breakdown only, every publisher."""
        if self.mode == AREAS_MODE:
            return self.ctx.store.grid_figures(indicator=self.indicator_id, breakdown=TOTAL)
        return self.ctx.store.grid_figures(area=self.area_code, breakdown=TOTAL)

    def _area_rows(self, codes: set[str]) -> list[GridRow]:
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
        others = codes - set(fixed)
        names = {code: (areas.find(code).name if areas.find(code) else code) for code in [*fixed, *others]}
        ordered = fixed + sorted(others, key=lambda code: names[code].lower())
        return [GridRow(code, names[code]) for code in ordered]

    def _indicator_rows(self, codes: set[str]) -> list[GridRow]:
        """Every indicator with a figure for the area, in the schema's (theme) order."""
        return [GridRow(ind.id, ind.short_title or ind.title, ind.title) for ind in self.ctx.schema
                if ind.id in codes]

    def _build_cells(self, rows: Sequence[GridRow], period_ids: Sequence[int],
                     shown: dict[tuple, GridFigure]) -> dict[tuple[int, int], GridCell]:
        row_of = {row.code: number for number, row in enumerate(rows)}
        column_of = {period_id: column for column, period_id in enumerate(period_ids)}
        maker = CellMaker(self.ctx.schema, self.ctx.settings.thousands_separator)
        cells: dict[tuple[int, int], GridCell] = {}
        for (code, period_id), figure in shown.items():
            row = row_of.get(code)
            if row is not None:
                cells[(row, column_of[period_id])] = maker.cell(figure)
        return cells

    # Qt model API ------------------------------------------------------------------------------------

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.periods)

    def data(self, index, role=DISPLAY_ROLE):
        """Answers from the precomputed cells, the roles a view asks for most first."""
        if not index.isValid():
            return None
        if role == DISPLAY_ROLE:
            return self._cells.get((index.row(), index.column()), EMPTY).display
        if role == ALIGNMENT_ROLE:
            return RIGHT_ALIGNED
        if role in (FONT_ROLE, FOREGROUND_ROLE):
            if not self._cells.get((index.row(), index.column()), EMPTY).is_status:
                return None
            return self._status_font if role == FONT_ROLE else self._status_brush
        if role == EDIT_ROLE:
            return self._cells.get((index.row(), index.column()), EMPTY).edit_text
        if role == TOOLTIP_ROLE:
            figure = self._cells.get((index.row(), index.column()), EMPTY).figure
            return _tooltip(figure) if figure is not None else None
        return None

    def headerData(self, section, orientation, role=DISPLAY_ROLE):  # noqa: N802
        if role not in (DISPLAY_ROLE, TOOLTIP_ROLE):
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.periods):
            return self.periods[section].label if role == DISPLAY_ROLE else self._period_tooltip(section)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            row = self.rows[section]
            return row.label if role == DISPLAY_ROLE else (row.full or None)
        return None

    def in_year(self, column: int) -> bool:
        """True when the column holds in-year figures (they follow the yearly ones)."""
        indicator = self.ctx.schema.get(self.indicator_id) if self.mode == AREAS_MODE else None
        return is_in_year(self.periods[column], indicator)

    def _period_tooltip(self, column: int) -> str | None:
        period = self.periods[column]
        if not self.in_year(column):
            return None
        return f"{period.label}: in-year ({class_words(period_class(period))}), after the yearly columns"

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        shown = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return shown if self.ctx.store.read_only else shown | Qt.ItemFlag.ItemIsEditable

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
        seen = {o.key: self._seen.get(o.key) for o in observations}
        command = EditCellsCommand(self.ctx, observations, why=self.reason, seen=seen)
        if command.changes_anything:
            self.ctx.undo_stack.push(command)
            self.edit_stored.emit()
        return True


def _tooltip(figure) -> str:
    sheet = figure.source_sheet and f"sheet '{figure.source_sheet}'"
    cell = figure.source_cell and f"cell {figure.source_cell}"
    source = ", ".join(part for part in (figure.source_file, sheet, cell) if part)
    lines = [f"Typed or read as: '{figure.raw or ''}'",
             f"Published by {PUBLISHER_NAMES.get(figure.publisher, figure.publisher)}",
             f"Source: {source or 'typed into cpdesk'}",
             f"Last changed {figure.updated_at[:16].replace('T', ' ')} by {figure.who}"]
    if figure.status:
        lines.insert(1, f"Status: {STATUSES.get(figure.status, figure.status)}")
    return "\n".join(lines)
