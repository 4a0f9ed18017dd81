"""The Charts page: the chart of the indicator and area selected, kept in step with the selection."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cpdesk.ui.charts.chart_view import ChartView
from cpdesk.ui.pages.dashboard_page import ChartSourceCache

logger = logging.getLogger(__name__)


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
        """The chart of the selection. "Statistical neighbours" in the navigator charts the council beside
        each of its neighbours; another area after it goes back to its trend."""
        self.view.source = self.sources.get()
        area, kind = self.ctx.area_code, None
        if area.startswith("SN-"):
            area, kind = area.removeprefix("SN-"), "neighbours"
        elif self.view.request is not None and self.view.request.kind == "neighbours":
            kind = "trend"
        if self.ctx.areas.find(area) is None:
            area = self.ctx.home_council
        self.view.show_chart(self.ctx.indicator_id, area, kind)
