"""A report-card tile whose council has a newer year suppressed says so under the older headline."""

import datetime as dt

from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.model import Period
from cpdesk.indicators.schema import load_schema
from cpdesk.observation import Observation
from cpdesk.query.observations import ObservationIndex
from cpdesk.query.report_card import report_card
from cpdesk.ui.charts.report_card import IndicatorTile

WARWICKSHIRE = "E10000031"


def at_31_march(year: int) -> Period:
    day = dt.date(year, 3, 31)
    return Period("snapshot", day, day, f"31 Mar {year}")


def test_the_tile_names_the_suppressed_later_years(qtbot):
    figures = [Observation(WARWICKSHIRE, "cpp_rate", at_31_march(2023), 2.0, None, "2.0", publisher="dfe"),
               Observation(WARWICKSHIRE, "cpp_rate", at_31_march(2024), None, "c", "c", publisher="dfe")]
    row = report_card(ObservationIndex(figures), WARWICKSHIRE, load_schema(), load_areas())[0]
    tile = IndicatorTile(row)
    qtbot.addWidget(tile)
    tile.show()
    assert tile.figure_label.full_text() == "2.0"
    assert tile.withheld_label.isVisible()
    assert tile.withheld_label.text() == "Later, no figure: 31 Mar 2024 suppressed (1 to 5 children)"


def test_a_tile_with_its_latest_year_shown_has_no_such_line(qtbot):
    figures = [Observation(WARWICKSHIRE, "cpp_rate", at_31_march(2023), 2.0, None, "2.0", publisher="dfe")]
    row = report_card(ObservationIndex(figures), WARWICKSHIRE, load_schema(), load_areas())[0]
    tile = IndicatorTile(row)
    qtbot.addWidget(tile)
    tile.show()
    assert not tile.withheld_label.isVisible()
