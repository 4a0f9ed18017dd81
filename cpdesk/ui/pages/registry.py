"""The main window's pages, in the order of their tabs, each built the first time it is shown or asked for.

The window opens on one page (the Dashboard, or the page open when it was last closed). Building the
others at start-up made every start wait for what they need: the chart view and pyqtgraph with numpy,
the grid, the import history and the national data pack's status (docs/PERFORMANCE.md, Start-up).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QTabWidget, QWidget

from cpdesk.ui.pages.dashboard_page import ChartSourceCache, DashboardPage

logger = logging.getLogger(__name__)

PageFactory = Callable[[], QWidget]


def page_factories(ctx, window) -> dict[str, PageFactory]:
    """How to build each page, by its title; a page's module is imported only when it is built."""
    sources = ChartSourceCache(ctx)

    def open_trend(indicator_id: str) -> None:
        ctx.select(indicator_id=indicator_id, area_code=ctx.home_council)
        window.tabs.setCurrentWidget(window.pages["Charts"])

    def charts() -> QWidget:
        from cpdesk.ui.pages.charts_page import ChartsPage

        return ChartsPage(ctx, sources)

    def data() -> QWidget:
        from cpdesk.ui.pages.data_page import DataPage

        return DataPage(ctx)

    def imports() -> QWidget:
        from cpdesk.ui.pages.imports_page import ImportsPage

        return ImportsPage(ctx)

    return {
        "Dashboard": lambda: DashboardPage(ctx, sources, open_trend),
        "Charts": charts,
        "Data": data,
        "Imports & history": imports,
    }


def tab_text(title: str) -> str:
    return title.replace("&", "&&")  # a tab shows "&" as typed, not as a keyboard accelerator


class LazyPages(Mapping[str, QWidget]):
    """The pages by title, in ``tabs``. Each tab holds an empty stand-in until its page is shown or
    asked for (``pages["Data"]``); the page then takes the stand-in's place in the tab."""

    def __init__(self, tabs: QTabWidget, factories: Mapping[str, PageFactory]):
        self._tabs = tabs
        self._factories = dict(factories)
        self._built: dict[str, QWidget] = {}
        for title in self._factories:
            tabs.addTab(QWidget(), tab_text(title))
        tabs.currentChanged.connect(self._build_shown)

    def __getitem__(self, title: str) -> QWidget:
        page = self._built.get(title)
        if page is None:
            page = self._factories[title]()
            self._built[title] = page
            self._put_in_tab(list(self._factories).index(title), title, page)
            logger.debug("built the %s page", title)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)

    def built(self, title: str) -> QWidget | None:
        """The page if it has been built, else None (without building it)."""
        return self._built.get(title)

    def current(self) -> QWidget:
        """The page of the tab shown, built now if it was not."""
        return self[list(self._factories)[self._tabs.currentIndex()]]

    def _build_shown(self, index: int) -> None:
        if 0 <= index < len(self._factories):
            self.current()

    def _put_in_tab(self, index: int, title: str, page: QWidget) -> None:
        """Swap the stand-in for the page, keeping the tab shown; the swap is not a change of page."""
        stand_in, shown = self._tabs.widget(index), self._tabs.currentIndex()
        was_blocked = self._tabs.blockSignals(True)
        try:
            self._tabs.removeTab(index)
            self._tabs.insertTab(index, page, tab_text(title))
            self._tabs.setCurrentIndex(shown)
        finally:
            self._tabs.blockSignals(was_blocked)
        stand_in.deleteLater()
