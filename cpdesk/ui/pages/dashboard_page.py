"""The Dashboard (the report card), the page the app opens on, and the index of stored figures it
shares with the Charts page, kept in step with the app's data."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from cpdesk.chart.requests import ChartSource
from cpdesk.query.as_at import held_dates
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


LATEST = "Latest"
NO_HOME_COUNCIL = ("No home council is chosen, so there is no report card to show. Choose your council "
                   "in File > Settings. England and every other area are on the Charts and Data pages.")


class AsAtChooser(QWidget):
    """"As at": Latest (each indicator's latest figure held), or a day on which a held figure's
    period ended, newest first. ``chosen()`` is None for Latest."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setToolTip("Show each indicator's latest figure on or before this day; "
                              "Latest shows the latest figure held")
        label = QLabel("As &at:")
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.set_dates([])

    def set_dates(self, days: list[dt.date]) -> None:
        """Offer Latest and ``days`` (newest first), keeping the day chosen if it is still offered."""
        kept = self.combo.currentText()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(LATEST, None)
        for day in days:
            self.combo.addItem(f"{day.day} {day:%b %Y}", day)
        self.combo.setCurrentIndex(max(self.combo.findText(kept), 0))
        self.combo.blockSignals(False)

    def chosen(self) -> dt.date | None:
        return self.combo.currentData() if self.combo.count() else None


class DashboardPage(QWidget):
    """Every indicator with data for the home council, as at the day chosen; clicking a tile opens
    its trend."""

    def __init__(self, ctx, sources: ChartSourceCache, open_trend, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.sources = sources
        self.as_at = AsAtChooser()
        self.card = ReportCard()
        self.card.indicator_clicked.connect(open_trend)
        self.no_home = QLabel(NO_HOME_COUNCIL)
        self.no_home.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.card)
        layout = QVBoxLayout(self)
        layout.addWidget(self.as_at)
        layout.addWidget(self.no_home)
        layout.addWidget(scroll)
        ctx.data_changed.connect(self.refresh)
        self.as_at.combo.currentIndexChanged.connect(lambda _index: self.show_card())
        self.refresh()

    def refresh(self) -> None:
        """The data changed: offer the days now held, then recompute the card."""
        home = self.ctx.areas.find(self.ctx.home_council)
        if home is not None:
            self.as_at.set_dates(held_dates(self.sources.get().index, home.code))
        self.show_card()

    def show_card(self) -> None:
        home = self.ctx.areas.find(self.ctx.home_council)
        self.no_home.setVisible(home is None)
        if home is None:
            return
        as_at = self.as_at.chosen()
        rows = self.sources.get().report_card(home.code, as_at=as_at)
        self.card.show_rows(rows, home.name, as_at)
