"""Which council the imported council reports are about: the first-run dialog offers it as the home
council only when that is clear. A real SQLite store with the real areas; the figures are Hampshire's
and Kent's as a council report and the DfE's release would give them."""

from __future__ import annotations

import datetime as dt

import pytest

from cpdesk.indicators.model import Period
from cpdesk.observation import CellRef, Observation
from cpdesk.query.source import reported_council
from cpdesk.reference import load_reference
from cpdesk.store import ImportBatch, open_store

HAMPSHIRE, KENT, BASINGSTOKE = "E10000014", "E10000016", "E07000084"
SOUTH_EAST, ENGLAND, HAMPSHIRE_SN = "E12000008", "E92000001", "SN-E10000014"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")


def figures(*areas: str, publisher: str = "local") -> list[Observation]:
    return [Observation(area, "cpp_count", MAR_2019, 100.0 + n, raw=str(100 + n), publisher=publisher,
                        source=CellRef("report.xlsx", "Table 1", f"B{n + 2}"))
            for n, area in enumerate(areas)]


def imported(store, observations: list[Observation], name: str) -> int:
    batch = ImportBatch(file_name=name, file_path=f"C:/returns/{name}", file_hash=f"hash-{name}", user="jo",
                        observations=observations)
    return store.import_observations(batch).import_id


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture
def store(tmp_path, reference):
    with open_store(tmp_path / "cp.sqlite") as opened:
        opened.sync_areas(reference.areas.all())
        opened.sync_indicators(reference.schema.indicators.values())
        yield opened


def test_no_council_reports_make_no_council(store, reference):
    assert reported_council(store, reference.areas) is None
    imported(store, figures(HAMPSHIRE, KENT, SOUTH_EAST, ENGLAND, publisher="dfe"), "d1.csv")
    assert reported_council(store, reference.areas) is None  # the DfE's figures cover every council


def test_one_councils_report_with_its_districts_and_comparators_makes_that_council(store, reference):
    imported(store, figures(KENT, publisher="dfe"), "d1.csv")
    imported(store, figures(HAMPSHIRE, BASINGSTOKE, SOUTH_EAST, ENGLAND, HAMPSHIRE_SN), "hampshire.xlsx")
    council = reported_council(store, reference.areas)
    assert council is not None and (council.code, council.name) == (HAMPSHIRE, "Hampshire")


def test_a_district_alone_makes_its_council(store, reference):
    imported(store, figures(BASINGSTOKE), "basingstoke.xlsx")
    assert reported_council(store, reference.areas).code == HAMPSHIRE


def test_reports_about_two_councils_make_none(store, reference):
    imported(store, figures(HAMPSHIRE, ENGLAND), "hampshire.xlsx")
    imported(store, figures(KENT), "kent.xlsx")
    assert reported_council(store, reference.areas) is None


def test_an_undone_report_no_longer_counts(store, reference):
    imported(store, figures(HAMPSHIRE), "hampshire.xlsx")
    kent = imported(store, figures(KENT), "kent.xlsx")
    store.undo_import(kent, "jo")
    assert reported_council(store, reference.areas).code == HAMPSHIRE
