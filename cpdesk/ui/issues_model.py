"""Read-only table models for the import wizard and the import history: validation issues, the
figures a file holds, and figures that differ from the stored ones.

Each model computes its display strings once when given its rows, so painting a long report costs
nothing, and keeps the underlying objects so a view can map a row back to its issue or figure.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush

from cpdesk.issues import ERROR, INFO, WARNING, Issue
from cpdesk.ui.grid_cells import STATUS_SHOWN
from cpdesk.ui.theme import row_colours

logger = logging.getLogger(__name__)

SEVERITY_COLOURS = {ERROR: "#F8CBAD", WARNING: "#FFE699", INFO: "#DDEBF7"}
SEVERITY_LABELS = {ERROR: "Error", WARNING: "Warning", INFO: "Note"}
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


def format_value(value: float | None, status: str | None = None, decimals: int = 1) -> str:
    """A figure as the tables show it: '1,084', '29.8', or its status where there is no value,
    written as officers write it and as the Data grid shows it (TBC, N/A, c, x)."""
    if value is None:
        return STATUS_SHOWN.get(status, status) if status else ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.{decimals}f}"


def issues_from_report_json(text: str | None) -> list[Issue]:
    """The issues kept with an import (``report_json``); an unreadable report gives none."""
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError:
        logger.warning("an import's stored report is not valid JSON")
        return []
    fields = ("code", "severity", "message", "file", "sheet", "cell")
    return [Issue(**{k: str(item.get(k, "")) for k in fields}) for item in data.get("issues", [])]


class RowsModel(QAbstractTableModel):
    """A flat table of precomputed strings, with an optional background and tooltip per row.

    Row colours are worked out from the app's palette when the rows are given: a pastel on light,
    toned down on dark, with black or white text, whichever reads on it."""

    columns: tuple[str, ...] = ()
    right_aligned: frozenset[int] = frozenset()
    column_tips: dict[int, str] = {}  # a column's heading tooltip: what it counts  # noqa: RUF012

    def __init__(self, parent=None):
        super().__init__(parent)
        self._cells: list[tuple[str, ...]] = []
        self._backgrounds: list[QBrush | None] = []
        self._foregrounds: list[QBrush | None] = []
        self._tooltips: list[str] = []

    def _reset(self, cells: list[tuple[str, ...]], backgrounds: list[str | None],
               tooltips: list[str]) -> None:
        self.beginResetModel()
        self._cells = cells
        colours = [row_colours(tint) if tint else None for tint in backgrounds]
        self._backgrounds = [QBrush(c.background) if c else None for c in colours]
        self._foregrounds = [QBrush(c.text) if c else None for c in colours]
        self._tooltips = tooltips
        self.endResetModel()

    def has_coloured_rows(self) -> bool:
        """True when some row is coloured (by its worst issue)."""
        return any(brush is not None for brush in self._backgrounds)

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._cells)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[row][column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._backgrounds[row]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foregrounds[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips[row] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.column_tips.get(section)
        return None


class IssuesModel(RowsModel):
    """Validation issues, filtered by severity; the most serious are listed first."""

    columns = ("Severity", "Code", "File", "Sheet", "Cell", "Message")

    def __init__(self, issues: Sequence[Issue] = (), parent=None):
        super().__init__(parent)
        self._all: list[Issue] = []
        self._shown: list[Issue] = []
        self._severity: str | None = None
        self.set_issues(issues)

    def set_issues(self, issues: Sequence[Issue]) -> None:
        self._all = sorted(issues, key=lambda i: SEVERITY_RANK.get(i.severity, 9))
        self._refill()

    def set_severity_filter(self, severity: str | None) -> None:
        """Show only issues of ``severity`` (ERROR, WARNING, INFO), or every issue for None."""
        self._severity = severity
        self._refill()

    def issue_at(self, row: int) -> Issue:
        return self._shown[row]

    def _refill(self) -> None:
        self._shown = [i for i in self._all if self._severity in (None, i.severity)]
        cells = [(SEVERITY_LABELS.get(i.severity, i.severity), i.code, i.file, i.sheet, i.cell, i.message)
                 for i in self._shown]
        self._reset(cells, [SEVERITY_COLOURS.get(i.severity) for i in self._shown],
                    [i.message for i in self._shown])


def _issues_by_cell(issues: Sequence[Issue]) -> dict[tuple[str, str, str], list[Issue]]:
    by_cell: dict[tuple[str, str, str], list[Issue]] = {}
    for issue in issues:
        if issue.cell:
            by_cell.setdefault((issue.file, issue.sheet, issue.cell), []).append(issue)
    return by_cell


def _where(obs) -> tuple[str, str, str]:
    source = obs.source
    return (source.file, source.sheet, source.cell) if source else ("", "", "")


class FiguresModel(RowsModel):
    """The figures read from the files; a row whose cell has an issue is coloured by its worst one."""

    columns = ("Area", "Indicator", "Breakdown", "Period", "Value", "Sheet", "Cell", "Issue")
    right_aligned = frozenset({4})

    def __init__(self, areas=None, schema=None, parent=None):
        super().__init__(parent)
        self._areas = areas
        self._schema = schema
        self.figures: list = []

    def set_figures(self, observations: Sequence, issues: Sequence[Issue]) -> None:
        self.figures = list(observations)
        by_cell = _issues_by_cell(issues)
        cells, backgrounds, tooltips = [], [], []
        for obs in self.figures:
            found = sorted(by_cell.get(_where(obs), []), key=lambda i: SEVERITY_RANK.get(i.severity, 9))
            cells.append((self._area_name(obs.area_code), self._indicator_title(obs),
                          self._category_title(obs), obs.period.label, format_value(obs.value, obs.status),
                          *_where(obs)[1:],
                          found[0].message if found else ""))
            backgrounds.append(SEVERITY_COLOURS.get(found[0].severity) if found else None)
            tooltips.append("\n\n".join(i.message for i in found))
        self._reset(cells, backgrounds, tooltips)

    def row_of_cell(self, file: str, sheet: str, cell: str) -> int | None:
        for row, obs in enumerate(self.figures):
            if _where(obs) == (file, sheet, cell) or (not file and _where(obs)[1:] == (sheet, cell)):
                return row
        return None

    def _area_name(self, code: str) -> str:
        area = self._areas.find(code) if self._areas is not None else None
        return area.name if area is not None else code

    def _indicator_title(self, obs) -> str:
        """The title as it reads beside the figure's period (never "at 31 March" beside 30 Apr 2024)."""
        indicator = self._schema.get(obs.indicator_id) if self._schema is not None else None
        return indicator.title_for(obs.period) if indicator is not None else obs.indicator_id

    def _category_title(self, obs) -> str:
        """'Education', 'Total' for a broken-down indicator's total, '' for one with no breakdown."""
        indicator = self._schema.get(obs.indicator_id) if self._schema is not None else None
        if indicator is None or indicator.breakdown is None:
            return obs.breakdown
        if not obs.breakdown:
            return "Total"
        category = self._schema.match_category(indicator.breakdown, obs.breakdown)
        return category.title if category is not None else obs.breakdown


class DifferencesModel(FiguresModel):
    """Figures in the files beside the different ones already stored, with where each came from."""

    columns = ("Area", "Indicator", "Breakdown", "Period", "Stored value", "Stored source", "New value",
               "New source")
    right_aligned = frozenset({4, 6})

    def set_differences(self, differences: Sequence) -> None:
        self.figures = [d.new for d in differences]
        cells = []
        for difference in differences:
            new, old = difference.new, difference.stored
            old_source = " ".join(x for x in (old.source_file, old.source_sheet, old.source_cell) if x)
            cells.append((self._area_name(new.area_code), self._indicator_title(new),
                          self._category_title(new), new.period.label, format_value(old.value, old.status),
                          old_source or "an edit in cpdesk", format_value(new.value, new.status),
                          " ".join(x for x in _where(new) if x)))
        self._reset(cells, [None] * len(cells), [""] * len(cells))
