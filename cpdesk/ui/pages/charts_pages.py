"""The Dashboard (report card) and Charts pages, kept in step with the app's selection and data."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from cpdesk.chart.requests import ChartSource
from cpdesk.ui.charts.chart_view import ChartView
from cpdesk.ui.charts.report_card import ReportCard

logger = logging.getLogger(__name__)


class ChartSourceCache:
    """One index of the stored figures, rebuilt only when the data change."""

    def __init__(self, ctx):
        self.ctx = ctx
        self._source: ChartSource | None = None
        ctx.data_changed.connect(self.invalidate)

    def invalidate(self) -> None:
        self._source = None

    def get(self) -> ChartSource:
        if self._source is None:
            self._source = ChartSource.from_store(self.ctx.store, self.ctx.reference)
        return self._source


class DashboardPage(QWidget):
    """Every indicator with data for the home council; clicking a tile opens its trend."""

    def __init__(self, ctx, sources: ChartSourceCache, open_trend, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.sources = sources
        self.card = ReportCard()
        self.card.indicator_clicked.connect(open_trend)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.card)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        home = self.ctx.areas.find(self.ctx.home_council)
        if home is None:
            return
        rows = self.sources.get().report_card(home.code)
        self.card.show_rows(rows, home.name)


class ChartsPage(QWidget):
    """The chart of the selected indicator and area."""

    def __init__(self, ctx, sources: ChartSourceCache, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.sources = sources
        self.view = ChartView(sources.get())
        self.view.saved.connect(ctx.status_message.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        ctx.selection_changed.connect(lambda ind, area: self.refresh())
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.view.source = self.sources.get()
        area = self.ctx.area_code
        if area.startswith("SN-") or self.ctx.areas.find(area) is None:
            area = self.ctx.home_council
        self.view.show_chart(self.ctx.indicator_id, area)
