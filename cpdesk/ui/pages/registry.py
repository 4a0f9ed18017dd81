"""The main window's pages, in the order of their tabs."""

from __future__ import annotations

from cpdesk.ui.pages.charts_pages import ChartSourceCache, ChartsPage, DashboardPage
from cpdesk.ui.pages.data_page import DataPage
from cpdesk.ui.pages.imports_page import ImportsPage


def build_pages(ctx, window) -> dict:
    sources = ChartSourceCache(ctx)
    charts = ChartsPage(ctx, sources)

    def open_trend(indicator_id: str) -> None:
        ctx.select(indicator_id=indicator_id, area_code=ctx.home_council)
        window.tabs.setCurrentWidget(charts)

    return {
        "Dashboard": DashboardPage(ctx, sources, open_trend),
        "Charts": charts,
        "Data": DataPage(ctx),
        "Imports & history": ImportsPage(ctx),
    }
