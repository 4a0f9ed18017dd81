"""The Dashboard's "As at" control: picking a day recomputes every card from the figures held then."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("PySide6")

from cpdesk.store import ImportBatch  # noqa: E402
from cpdesk.ui.charts.report_card import IndicatorTile  # noqa: E402
from cpdesk.ui.context import AppContext  # noqa: E402
from cpdesk.ui.pages.dashboard_page import LATEST, ChartSourceCache, DashboardPage  # noqa: E402
from tests.core.test_query_as_at import JULY_2020, table_3  # noqa: E402
from tests.core.test_query_support import WARWICKSHIRE, table_1_observations  # noqa: E402
from tests.ui.windows import settings_in  # noqa: E402


@pytest.fixture
def page(qtbot, tmp_path):
    db = tmp_path / "db.sqlite"
    ctx = AppContext(db, settings_in(tmp_path, WARWICKSHIRE))
    ctx.store.import_observations(ImportBatch("warwickshire_cp_update_2020.xlsx", "", "h", "officer",
                                              [*table_1_observations(), JULY_2020, *table_3()]))
    page = DashboardPage(ctx, ChartSourceCache(ctx), lambda indicator: None)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    yield page
    ctx.close()


def shown(page, indicator_id):
    tile = page.card.tiles[indicator_id]
    return tile.figure_label.full_text(), tile.period_label.full_text()


def choose(qtbot, page, label):
    combo = page.as_at.combo
    index = combo.findText(label)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    # None of the day before's tiles lingers on screen under the new ones until it is deleted.
    current = {id(tile) for tile in page.card.tiles.values()}
    assert all(id(t) in current for t in page.card.findChildren(IndicatorTile) if t.isVisible())
    qtbot.wait(10)
    assert all(tile.isVisible() for tile in page.card.tiles.values())


def test_picking_an_as_at_day_changes_the_cards(qtbot, page):
    combo = page.as_at.combo
    assert combo.currentText() == LATEST and page.as_at.chosen() is None
    latest_cp = shown(page, "cpp_rate")
    assert "31 Jul 2020" in [combo.itemText(i) for i in range(combo.count())]

    choose(qtbot, page, "31 Mar 2020")
    assert page.as_at.chosen() == dt.date(2020, 3, 31)
    assert shown(page, "cpp_rate") == ("25.1", "at 31 Mar 2020")
    assert shown(page, "icpc_15wd_pct") == ("67.8%", "in 2019/20")
    assert "As at 31 Mar 2020" in page.card.heading.text()

    choose(qtbot, page, "31 Jul 2020")
    assert shown(page, "cpp_rate") == ("28.0", "at 31 Jul 2020")
    assert page.card.tiles["cpp_rate"].change_label.full_text() == "Up 2.9 since 31 Mar 2020"
    icpc = page.card.tiles["icpc_15wd_pct"]
    assert icpc.badge.text().strip().startswith("No RAG: set a target")  # no 2019/20 comparator in the report
    assert icpc.rag_basis_label.text().endswith("set a target to rate it")

    choose(qtbot, page, "31 Mar 2019")
    assert shown(page, "cpp_rate") == ("29.8", "at 31 Mar 2019")
    assert shown(page, "icpc_15wd_pct") == ("83.1%", "in 2018/19")
    assert "England 43.7" in page.card.tiles["cpp_rate"].areas_label.text()  # the same day's figure

    choose(qtbot, page, LATEST)
    assert shown(page, "cpp_rate") == latest_cp
    assert "Latest figure held" in page.card.heading.text()


def test_the_day_chosen_stays_when_the_data_change(qtbot, page):
    choose(qtbot, page, "31 Mar 2019")
    page.ctx.notify_data_changed()
    assert page.as_at.chosen() == dt.date(2019, 3, 31)
    assert shown(page, "cpp_rate") == ("29.8", "at 31 Mar 2019")
