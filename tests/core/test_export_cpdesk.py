"""cpdesk format: what is exported and imported into an empty database comes back unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpdesk.export.cpdesk_format import COLUMNS, exact_in_excel, write_cpdesk_format
from cpdesk.indicators.periods import parse_period
from cpdesk.observation import CellRef, Observation
from cpdesk.pipeline import import_workbook
from cpdesk.read.long import CPDESK_COLUMNS
from cpdesk.reference import load_reference
from cpdesk.store import open_store
from cpdesk.store.records import ImportBatch

REFERENCE = load_reference()
LA_CODES = ["E10000031", "E10000014", "E10000025", "E06000060", "E09000001"]
PERIODS = {kind: [parse_period(label) for label in labels] for kind, labels in {
    "year": ["2019/20", "2012/13"], "snapshot": ["31 Mar 2019", "31 Jul 2020"],
    "quarter": ["Q1 20/21"], "month": ["Mar 2020"], "mid_year": ["mid-2018"]}.items()}
AWKWARD_TEXT = ["=SUM(A1:A3)", "+44 1926", "-", "@risk", "Bédford – ½", "", "TBC", "23.8%"]


def _fields(stored) -> tuple:
    return (stored.key, stored.area_name, stored.period.label, stored.value, stored.status, stored.raw or "",
            stored.source_file, stored.source_sheet, stored.source_cell)


def _empty_store(database: str | Path):
    store = open_store(database)
    store.sync_areas(REFERENCE.areas.all())
    store.sync_indicators(REFERENCE.schema.indicators.values())
    return store


@st.composite
def observations(draw) -> list[Observation]:
    # Fractional values are only valid for percentages, durations and ratios (counts must be whole,
    # and rates are checked against their counts), so those are the indicators drawn.
    indicators = [i for i in REFERENCE.schema if i.breakdown is None and i.period_kind in PERIODS
                  and i.unit not in ("count", "rate_per_10k")]
    chosen: dict[tuple, Observation] = {}
    for _ in range(draw(st.integers(1, 12))):
        indicator = draw(st.sampled_from(indicators))
        period = draw(st.sampled_from(PERIODS[indicator.period_kind]))
        has_value = draw(st.booleans())
        high = min(indicator.valid_max, 1000.0)
        value = draw(st.one_of(st.sampled_from([23.799999999999997, 1e-7, 0.1 + 0.2, 0.0]),
                               st.floats(indicator.valid_min, high))) if has_value else None
        obs = Observation(
            area_code=draw(st.sampled_from(LA_CODES)), indicator_id=indicator.id, period=period,
            value=value, status=None if has_value else draw(st.sampled_from(["c", "x", "tbc", "na", "low"])),
            raw=draw(st.sampled_from(AWKWARD_TEXT)), publisher=draw(st.sampled_from(["local", "dfe"])),
            source=CellRef(draw(st.sampled_from(["Board report.xlsx", "=cmd.xlsx"])), "Table 1", "C7"))
        chosen[obs.key] = obs
    return list(chosen.values())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(observations())
def test_export_then_import_gives_back_the_same_figures(figures):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with _empty_store(folder / "a.sqlite") as first, _empty_store(folder / "b.sqlite") as second:
            first.import_observations(ImportBatch("gen.xlsx", "gen.xlsx", "h", "tester", figures))
            exported = first.observations()
            write_cpdesk_format(exported, folder / "out.xlsx", db_label="a.sqlite")
            plan, outcome = import_workbook(folder / "out.xlsx", REFERENCE, second, user="tester")
            assert outcome is not None, [str(i) for i in plan.report.issues]
            assert sorted(map(_fields, second.observations())) == sorted(map(_fields, exported))


def test_header_is_what_the_reader_calls_cpdesk_format(tmp_path):
    import openpyxl

    write_cpdesk_format([], tmp_path / "empty.xlsx", db_label="x")
    book = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    header = [c.value for c in book["observations"][1]]
    assert tuple(header) == COLUMNS and set(CPDESK_COLUMNS) <= set(header)
    metadata = {row[0]: row[1] for row in book["metadata"].iter_rows(values_only=True)}
    assert metadata["format"] == "cpdesk" and metadata["count"] == 0 and metadata["database"] == "x"
    assert book["metadata"].sheet_state == "hidden"


@pytest.mark.parametrize("value, exact", [(23.8, True), (23.799999999999997, False), (1e-7, True),
                                          (0.1 + 0.2, False), (11071.0, True)])
def test_which_numbers_need_their_exact_text(value, exact):
    assert exact_in_excel(value) is exact


def test_csv_round_trip_of_warwickshire_seed_figures(database, tmp_path):
    seed = CellRef("warwickshire_cp_update_2020.xlsx", "Table 1", "D9")
    figures = [Observation("E10000031", "cpp_repeat_pct", parse_period("2019/20"), 23.8, raw="23.8%",
                           source=seed),
               Observation("E10000031", "cpp_repeat_count", parse_period("2019/20"), 101.0, raw="101",
                           source=seed),
               Observation("E10000031", "cpp_rate", parse_period("31 Jul 2020"), None, "tbc", "TBC",
                           source=seed)]
    with _empty_store(database) as first, _empty_store(tmp_path / "b.sqlite") as second:
        first.import_observations(ImportBatch("w.xlsx", "w.xlsx", "h", "tester", figures))
        write_cpdesk_format(first.observations(), tmp_path / "out.csv")
        plan, outcome = import_workbook(tmp_path / "out.csv", REFERENCE, second, user="tester")
        assert outcome is not None and outcome.added == 3
        assert sorted(map(_fields, second.observations())) == sorted(map(_fields, first.observations()))


