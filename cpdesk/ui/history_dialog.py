"""Every value one figure has had: when, who, from what to what, why, and from which file and cell.

Both the council's own figure and the DfE's are listed, in time order, so an officer can see where a
number in a report came from and who corrected it. The dialog is modal to the main window (it is
about the figure selected when it opened), and is as wide as its columns need, up to the screen;
beyond that Reason and Source wrap onto more lines rather than being cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QRectF, QSize, Qt
from PySide6.QtGui import QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
)

from cpdesk.indicators.model import Period
from cpdesk.store import Revision

COLUMNS = ("When", "Who", "Published by", "Old", "New", "Reason", "Source")
WRAPPED = (COLUMNS.index("Reason"), COLUMNS.index("Source"))
MIN_WRAPPED = 80  # pixels: narrower than this, a wrapped column would be a column of single letters
PUBLISHERS = (("local", "Council"), ("dfe", "DfE"))


def _shown(value: float | None, status: str | None, raw: str | None) -> str:
    if value is None and status is None:
        return "(empty)"
    if raw:
        return raw
    return status or f"{value:g}"


def _row(revision: Revision, publisher: str) -> tuple[str, ...]:
    source = ", ".join(part for part in (revision.source_file,
                                         revision.source_sheet and f"sheet '{revision.source_sheet}'",
                                         revision.source_cell and f"cell {revision.source_cell}") if part)
    return (revision.changed_at[:19].replace("T", " "), revision.who, publisher,
            _shown(revision.old_value, revision.old_status, revision.old_raw),
            _shown(revision.new_value, revision.new_status, revision.new_raw),
            revision.reason, source)


class HistoryModel(QAbstractTableModel):
    """A read-only table of revisions, oldest first; strings are made once when it is built."""

    def __init__(self, rows: list[tuple[str, ...]], parent=None):
        super().__init__(parent)
        self._rows = rows

    @classmethod
    def for_cell(cls, store, area_code: str, indicator_id: str, period: Period) -> HistoryModel:
        rows = [(revision.changed_at, _row(revision, name))
                for publisher, name in PUBLISHERS
                for revision in store.history(area_code, indicator_id, period, "", publisher)]
        return cls([row for _, row in sorted(rows, key=lambda pair: pair[0])])

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._rows[index.row()][index.column()]

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None


def wrapping_option() -> QTextOption:
    """Wrap between words, and inside a word (a long file name) only when it is wider than the cell."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


def wrapped_height(text: str, font, width: int) -> int:
    """The height ``text`` takes wrapped to ``width`` pixels."""
    layout = QTextLayout(text, font)
    layout.setTextOption(wrapping_option())
    layout.beginLayout()
    height = 0.0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(max(width, 1))
        height += line.height()
    layout.endLayout()
    return int(height + 0.999)


class WrappingDelegate(QStyledItemDelegate):
    """Draws a cell's text wrapped (long words too) and asks for the height that takes. Qt's own
    word wrap never breaks a word, so a long file name would still be cut off."""

    def _text_rect(self, option):
        style = option.widget.style() if option.widget else None
        margin = (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
                  if style else 3)
        return option.rect.adjusted(margin, 1, -margin, -1), margin

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        text, option.text = option.text, ""
        style = option.widget.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.drawText(QRectF(self._text_rect(option)[0]), text, wrapping_option())
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        self.initStyleOption(option, index)
        rect, margin = self._text_rect(option)
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(),
                                       wrapped_height(option.text, option.font, rect.width()) + 2 * margin))


class HistoryTable(QTableView):
    """Short columns fit their texts; Reason and Source share the width left, and wrap within it."""

    def __init__(self, model: HistoryModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.verticalHeader().hide()
        self.setItemDelegate(WrappingDelegate(self))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.resizeColumnsToContents()
        self.wanted = [self.columnWidth(column) for column in range(model.columnCount())]

    def wanted_width(self) -> int:
        """The width that shows every column on one line."""
        return sum(self.wanted) + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def share_width(self) -> None:
        room = self.viewport().width() - sum(w for c, w in enumerate(self.wanted) if c not in WRAPPED)
        wrapped = sum(self.wanted[c] for c in WRAPPED)
        for column in WRAPPED:
            share = self.wanted[column] if wrapped <= room else room * self.wanted[column] // wrapped
            self.setColumnWidth(column, max(share, MIN_WRAPPED))
        if wrapped < room:  # the last column takes what is left over
            self.setColumnWidth(WRAPPED[-1], self.wanted[WRAPPED[-1]] + room - wrapped)
        self.resizeRowsToContents()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.share_width()


class HistoryDialog(QDialog):
    def __init__(self, ctx, area_code: str, indicator_id: str, period: Period, parent=None):
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        indicator = ctx.schema.get(indicator_id)
        area = ctx.areas.find(area_code)
        title = f"{indicator.title_for(period) if indicator else indicator_id}, " \
                f"{area.name if area else area_code}, {period.label}"
        self.setWindowTitle(f"History - {title}")
        self.model = HistoryModel.for_cell(ctx.store, area_code, indicator_id, period)
        self.table = HistoryTable(self.model)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        heading = QLabel(f"<b>{title}</b>: every value this figure has had, oldest first.")
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        screen = (parent or self).screen().availableGeometry()
        wanted = self.table.wanted_width() + 2 * layout.contentsMargins().left()
        self.resize(max(640, min(wanted, screen.width() - 80)), min(420, screen.height() - 80))
