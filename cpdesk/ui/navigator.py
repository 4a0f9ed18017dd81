"""The navigator: the home council with its districts and comparators, and the indicators by theme."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from cpdesk.indicators.areas import ENGLAND

CODE_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1  # an indicator's whole title, searched as well as the short one


class Navigator(QWidget):
    """Emits ``area_chosen(code)`` and ``indicator_chosen(id)`` as the officer clicks."""

    area_chosen = Signal(str)
    indicator_chosen = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search indicators (Ctrl+F)")
        self.areas_tree = QTreeWidget()
        self.areas_tree.setHeaderLabel("Areas")
        self.indicators_tree = QTreeWidget()
        self.indicators_tree.setHeaderLabel("Indicators")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.areas_tree, 2)
        layout.addWidget(self.search)
        layout.addWidget(self.indicators_tree, 5)
        self.search.textChanged.connect(self.filter_indicators)
        self.search.textChanged.connect(self._offer_clearing)
        self.search.returnPressed.connect(self.open_only_match)
        # Clicks and the keyboard (arrow keys) both choose.
        self.areas_tree.currentItemChanged.connect(lambda item, _old: item and self._area_clicked(item))
        self.indicators_tree.currentItemChanged.connect(
            lambda item, _old: item and self._indicator_clicked(item))
        self.populate()
        ctx.selection_changed.connect(self.follow_selection)

    def _offer_clearing(self, text: str) -> None:
        """The clear button, from the first text typed on: its icon is looked up in the desktop's icon
        theme, which on a Linux desktop cost the first window 20-90 ms, for a button shown only with text."""
        if text and not self.search.isClearButtonEnabled():
            self.search.setClearButtonEnabled(True)

    def follow_selection(self, indicator_id: str, area_code: str) -> None:
        """Highlight what is chosen elsewhere (a Dashboard tile, the grid) without choosing it again."""
        for tree, code in ((self.indicators_tree, indicator_id), (self.areas_tree, area_code)):
            item = self._find_item(tree, code)
            if item is not None and tree.currentItem() is not item:
                tree.blockSignals(True)
                tree.setCurrentItem(item)
                tree.blockSignals(False)

    @staticmethod
    def _find_item(tree: QTreeWidget, code: str) -> QTreeWidgetItem | None:
        if not code:
            return None
        found = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while found:
            item = found.pop(0)
            if item.data(0, CODE_ROLE) == code:
                return item
            found.extend(item.child(j) for j in range(item.childCount()))
        return None

    def populate(self) -> None:
        """Fill both trees for the home council, keeping the search typed so far applied."""
        self._populate_areas()
        self._populate_indicators()
        self.filter_indicators(self.search.text())

    def _populate_areas(self) -> None:
        self.areas_tree.clear()
        areas = self.ctx.areas
        home = areas.find(self.ctx.home_council)
        if home is None:
            self._populate_without_home_council()
            return
        top = self._item(self.areas_tree, home.name, home.code)
        for sub in [*areas.districts_of(home.code), *areas.operational_areas_of(home.code)]:
            self._item(top, sub.name, sub.code)
        comparators = self._item(self.areas_tree, "Comparators", "")
        comparators.setFlags(comparators.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        sn = areas.sn_comparator(home.code)
        self._item(comparators, "Statistical neighbours", sn.code)
        region = areas.region_of(home.code)
        if region is not None:
            self._item(comparators, region.name, region.code)
        self._item(comparators, "England", ENGLAND)
        self.areas_tree.expandAll()

    def _populate_without_home_council(self) -> None:
        """No home council chosen yet: England and its regions (a council is chosen in Settings)."""
        england = self._item(self.areas_tree, "England", ENGLAND)
        for region in sorted(self.ctx.areas.all(kind="region"), key=lambda area: area.name):
            self._item(england, region.name, region.code)
        self.areas_tree.expandAll()

    def _populate_indicators(self) -> None:
        self.indicators_tree.clear()
        for theme, indicators in self.ctx.schema.themes().items():
            group = self._item(self.indicators_tree, theme or "Other", "")
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for ind in indicators:
                # The short title fits the dock: long titles cut to width read the same ("Re-referrals
                # within 12 months ..." twice). The whole title, and the definition, are the tooltip.
                item = self._item(group, ind.short_title or ind.title, ind.id)
                item.setData(0, TITLE_ROLE, ind.title)
                definition = f"\n{ind.definition}" if ind.definition and ind.definition != ind.title else ""
                item.setToolTip(0, f"{ind.title}{definition}")
        self.indicators_tree.expandAll()

    @staticmethod
    def _item(parent, text: str, code: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, CODE_ROLE, code)
        return item

    def filter_indicators(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.indicators_tree.topLevelItemCount()):
            group = self.indicators_tree.topLevelItem(i)
            visible = 0
            for j in range(group.childCount()):
                child = group.child(j)
                hay = f"{child.text(0)} {child.data(0, TITLE_ROLE)} {child.data(0, CODE_ROLE)}".lower()
                child.setHidden(bool(needle) and needle not in hay)
                visible += not child.isHidden()
            group.setHidden(visible == 0)

    def matching_items(self) -> list[QTreeWidgetItem]:
        """The indicators the search leaves shown."""
        return [group.child(j)
                for i in range(self.indicators_tree.topLevelItemCount())
                if not (group := self.indicators_tree.topLevelItem(i)).isHidden()
                for j in range(group.childCount()) if not group.child(j).isHidden()]

    def open_only_match(self) -> None:
        """Enter in the search box chooses the indicator when exactly one matches, as a click would."""
        matches = self.matching_items()
        if not self.search.text().strip() or len(matches) != 1:
            return
        if self.indicators_tree.currentItem() is matches[0]:
            self._indicator_clicked(matches[0])  # already current: no change signal would come
        else:
            self.indicators_tree.setCurrentItem(matches[0])
        self.indicators_tree.scrollToItem(matches[0])

    def _area_clicked(self, item: QTreeWidgetItem) -> None:
        code = item.data(0, CODE_ROLE)
        if code:
            self.area_chosen.emit(code)

    def _indicator_clicked(self, item: QTreeWidgetItem) -> None:
        code = item.data(0, CODE_ROLE)
        if code:
            self.indicator_chosen.emit(code)

    def select_indicator(self, indicator_id: str) -> None:
        item = self._find_item(self.indicators_tree, indicator_id)
        if item is not None:
            self.indicators_tree.setCurrentItem(item)
