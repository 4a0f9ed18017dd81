"""The chart page: one chart and a small toolbar to change what it shows and to save it.

The toolbar switches between the trend, district, rank and neighbours charts, between a count and
its rate (the pair named in the indicator schema), between the mean and the median of the statistical
neighbours, between the chart and a table of its figures, and offers reset zoom, save (PNG or SVG) and
copy. Under the chart, one plain-English line says what it shows.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.chart.requests import (
    KINDS,
    RECENT_YEARS,
    ChartRequest,
    ChartRequestError,
    ChartSource,
    build_spec,
)
from cpdesk.paths import current_user
from cpdesk.query.rates import rate_counterpart
from cpdesk.ui.charts.chart_table import ChartTableModel
from cpdesk.ui.charts.export import copy_chart, save_chart
from cpdesk.ui.charts.notes import ask_for_note, periods_with_figures
from cpdesk.ui.charts.render import DrawnChart, draw_message, draw_spec

logger = logging.getLogger(__name__)

KIND_LABELS = {"trend": "Trend", "districts": "Districts", "rank": "All LAs ranked",
               "neighbours": "Neighbours"}


class ChartView(QWidget):
    """A chart of one indicator for one area; ``show_chart`` picks which."""

    chart_changed = Signal(str, str, str)  # indicator id, area code, kind
    saved = Signal(str)  # what was written, said in the status bar

    def __init__(self, source: ChartSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.request: ChartRequest | None = None
        self.drawn: DrawnChart | None = None
        self.plot = pg.PlotWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table_model = ChartTableModel()
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.table)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName("Chart summary")
        self._build_toolbar()
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.message)
        layout.addWidget(self.stack, stretch=1)
        layout.addWidget(self.summary)

    def _build_toolbar(self) -> None:
        self.kind_box = QComboBox()
        for kind in KINDS:
            self.kind_box.addItem(KIND_LABELS[kind], kind)
        self.kind_box.currentIndexChanged.connect(lambda _: self._redraw(kind=self.kind_box.currentData()))
        self.rate_button = QPushButton("Count / rate")
        self.rate_button.setToolTip("Switch between the count and the rate per 10,000 children")
        self.rate_button.clicked.connect(self.toggle_rate)
        self.sn_box = QComboBox()
        self.sn_box.addItem("SN mean", "mean")
        self.sn_box.addItem("SN median", "median")
        self.sn_box.currentIndexChanged.connect(lambda _: self._redraw(sn_how=self.sn_box.currentData()))
        self.years_box = QComboBox()
        self.years_box.addItem("Latest period", None)
        self.years_box.addItem("Last 3 periods", RECENT_YEARS)
        self.years_box.setToolTip("Districts: one period, or the last three side by side")
        self.years_box.currentIndexChanged.connect(
            lambda _: self._redraw(period_label=self.years_box.currentData()))
        self.table_button = QPushButton("Show table")
        self.table_button.setCheckable(True)
        self.table_button.setToolTip("The chart's figures as a table, with their sources")
        self.table_button.toggled.connect(self.show_table)
        buttons = [("Add note…", self.add_note), ("Reset zoom", self.reset_zoom),
                   ("Save as PNG/SVG…", self.save_dialog), ("Copy", self.copy)]
        self.toolbar = QHBoxLayout()
        for widget in (self.kind_box, self.rate_button, self.sn_box, self.years_box, self.table_button):
            self.toolbar.addWidget(widget)
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.toolbar.addWidget(button)
        self.toolbar.addStretch(1)

    def show_chart(self, indicator_id: str, area_code: str, kind: str | None = None,
                   period_label: str | None = None) -> bool:
        """Draw the chart; False (with the reason shown above the plot) when it cannot be drawn."""
        current = self.request
        request = ChartRequest(indicator_id, area_code, kind or (current.kind if current else "trend"),
                               period_label, current.sn_how if current else "mean")
        return self._draw(request)

    def _draw(self, request: ChartRequest) -> bool:
        self.request = request
        self._sync_toolbar(request)
        try:
            spec = build_spec(self.source, request)
        except ChartRequestError as exc:
            self.drawn = None
            self.table_model.set_spec(None)
            self.summary.clear()
            draw_message(self.plot, str(exc), self.palette())
            self.message.setText(str(exc))  # kept for screen readers; the chart itself says it
            self.message.hide()
            return False
        self.message.clear()  # the chart draws its own source line: never repeated above it
        self.message.hide()
        self.drawn = draw_spec(self.plot, spec, self.palette())
        self.table_model.set_spec(spec)
        self.table.resizeColumnsToContents()
        self.summary.setText(spec.summary)
        self.chart_changed.emit(request.indicator_id, request.area_code, request.kind)
        return True

    def _sync_toolbar(self, request: ChartRequest) -> None:
        for box, value in ((self.kind_box, request.kind), (self.sn_box, request.sn_how)):
            box.blockSignals(True)
            box.setCurrentIndex(box.findData(value))
            box.blockSignals(False)
        self.sn_box.setEnabled(request.kind in ("trend", "neighbours"))
        self.years_box.setEnabled(request.kind == "districts")
        self.years_box.blockSignals(True)
        self.years_box.setCurrentIndex(1 if request.period_label == RECENT_YEARS else 0)
        self.years_box.blockSignals(False)
        partner = rate_counterpart(request.indicator_id, self.source.reference.schema)
        self.rate_button.setEnabled(partner is not None)

    def _redraw(self, **changes: str) -> None:
        if self.request is None:
            return
        values = {**self.request.__dict__, **changes}
        self._draw(ChartRequest(**values))

    def show_table(self, shown: bool) -> None:
        """The table of the chart's figures in place of the chart, or the chart again."""
        self.stack.setCurrentWidget(self.table if shown else self.plot)
        self.table_button.setText("Show chart" if shown else "Show table")

    def toggle_rate(self) -> None:
        if self.request is None:
            return
        partner = rate_counterpart(self.request.indicator_id, self.source.reference.schema)
        if partner is not None:
            self._redraw(indicator_id=partner)

    def add_note(self, author: str = "") -> bool:
        """Attach a note to one of the area's figures; it is stored and drawn on the trend chart."""
        store = self.source.store
        if self.request is None or store is None:
            return False
        request = self.request
        periods = periods_with_figures(self.source, request.indicator_id, request.area_code)
        answer = ask_for_note(self, periods)
        if answer is None:
            return False
        period, text = answer
        store.add_annotation(text, author=author or current_user(), area_code=request.area_code,
                             indicator_id=request.indicator_id, period=period)
        self._draw(request)
        return True

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Redraw in the new colours when the app switches between light and dark."""
        if event.type() == QEvent.Type.PaletteChange and self.drawn is not None:
            self.drawn = draw_spec(self.plot, self.drawn.spec, self.palette())
        super().changeEvent(event)

    def reset_zoom(self) -> None:
        if self.drawn is not None:
            self.drawn.reset_view(self.plot)

    def save_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, "Save chart", self._suggested_name(),
                                                   f"{PNG_FILTER};;{SVG_FILTER}")
        if path:
            self.save_to(with_extension(Path(path), chosen))

    def save_to(self, target: Path) -> bool:
        """Save the chart; a plain message (and False) when it cannot be written."""
        if not target.parent.is_dir():
            QMessageBox.warning(self, "Chart not saved", f"The folder {target.parent} does not exist; "
                                "choose another place to save.")
            return False
        try:
            save_chart(self.plot, target, drawn=self.drawn)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Chart not saved", str(exc))
            return False
        self.saved.emit(f"Chart saved: {target}")
        return True

    def _suggested_name(self) -> str:
        request = self.request
        name = f"{request.indicator_id} {request.area_code} {request.kind}" if request else "chart"
        return str(Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
                   / f"{name}.png")

    def copy(self) -> None:
        copy_chart(self.plot, self.drawn)


PNG_FILTER, SVG_FILTER = "PNG image (*.png)", "SVG (*.svg)"


def with_extension(path: Path, chosen_filter: str) -> Path:
    """``path`` with the extension of the chosen file type when it has neither .png nor .svg."""
    if path.suffix.lower() in (".png", ".svg"):
        return path
    return path.with_name(path.name + (".svg" if chosen_filter == SVG_FILTER else ".png"))
