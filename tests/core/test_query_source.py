"""From the store to a chart: Table 1 of the Warwickshire report, imported and read back."""

from __future__ import annotations

import pytest

from cpdesk.chart.trend import build_trend_spec
from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.schema import load_schema
from cpdesk.query.comparators import comparator_set
from cpdesk.query.report_card import report_card
from cpdesk.query.source import load_annotations, load_index, load_targets
from cpdesk.store import ImportBatch, open_store
from tests.core.test_query_support import TABLE_1_SNAPSHOTS, WARWICKSHIRE, table_1_observations


@pytest.fixture
def store(database):
    areas, schema = load_areas(), load_schema()
    with open_store(database) as opened:
        opened.sync_areas(areas.all())
        opened.sync_indicators(list(schema))
        opened.import_observations(ImportBatch("003 report.xlsx", "", "hash-003", "officer",
                                               table_1_observations()))
        yield opened


def test_stored_table_1_charts_as_the_report_gives_it(store):
    store.set_target(WARWICKSHIRE, "cpp_rate", 35.0, user="officer", tolerance=3.0)
    store.add_annotation("Audit of long plans", author="officer", area_code=WARWICKSHIRE,
                         indicator_id="cpp_rate", period=TABLE_1_SNAPSHOTS[2])
    index = load_index(store, indicators="cpp_rate")
    targets = load_targets(store, WARWICKSHIRE, ["cpp_rate", "cpp_repeat_pct"])
    notes = load_annotations(store, WARWICKSHIRE, "cpp_rate")

    found = comparator_set(index, WARWICKSHIRE, "cpp_rate", load_areas())
    spec = build_trend_spec(found, load_schema()["cpp_rate"], target=targets["cpp_rate"][0],
                            annotations=notes)

    assert list(targets) == ["cpp_rate"]
    assert spec.series[0].ys == [42.0, 38.8, 49.0, 29.8, 25.1]
    assert spec.series[1].ys == [39.4, 35.7, 34.4, 34.7, None]
    assert "Warwickshire" in spec.title
    assert [(line.role, line.y) for line in spec.reference_lines] == [("target", 35.0)]
    assert [(a.text, a.x) for a in spec.annotations] == [("Audit of long plans", 2)]
    assert "sheet 'Table 1', cell R2" in spec.series[0].points[0].tooltip


def test_report_card_from_the_store(store):
    card = report_card(load_index(store), WARWICKSHIRE, load_schema(), load_areas())
    # The neighbours' and England's 2020 figures are TBC; the council's own 2020 figure still heads the row.
    assert [(row.indicator_id, row.latest.value) for row in card] == [("cpp_rate", 25.1)]


def test_targets_are_read_in_one_query_each_indicator_with_its_own(store):
    store.set_target(WARWICKSHIRE, "cpp_rate", 36.0, user="officer", period=TABLE_1_SNAPSHOTS[1])
    store.set_target(WARWICKSHIRE, "cpp_rate", 35.0, user="officer")
    store.set_target(WARWICKSHIRE, "cpp_repeat_pct", 20.0, user="officer")
    store.set_target(WARWICKSHIRE, "cpp_count", 400.0, user="officer")
    store.set_target("E10000014", "cpp_rate", 30.0, user="officer")  # another council's

    targets = load_targets(store, WARWICKSHIRE, ["cpp_rate", "cpp_repeat_pct"])

    assert sorted(targets) == ["cpp_rate", "cpp_repeat_pct"]
    assert [(t.target, t.period) for t in targets["cpp_rate"]] == [(35.0, None), (36.0, TABLE_1_SNAPSHOTS[1])]
    assert [t.target for t in targets["cpp_repeat_pct"]] == [20.0]
