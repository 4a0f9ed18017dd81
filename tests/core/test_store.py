"""The store: imports, revisions, reads, targets and annotations, on real Warwickshire figures.

Figures: Warwickshire's report to committee (seed 003) gives 563 children on a plan at 31 March 2018,
674 plans started in 2017/18, 345 on a plan at 31 March 2019; the DfE's release gives 561 at 31 March
2018, and D3 gives 126 second or subsequent plans in 2017/18.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cpdesk.indicators.model import Area, Indicator, Period
from cpdesk.observation import CellRef, Observation
from cpdesk.store import ImportBatch, StoreError, open_store

WARWICKSHIRE = Area("E10000031", "Warwickshire", "la", parent_code="E12000005", old_code="937",
                    region_code="E12000005")
RUGBY = Area("E07000220", "Rugby", "district", parent_code="E10000031")
WEST_MIDLANDS = Area("E12000005", "West Midlands", "region", parent_code="E92000001")
AREAS = [WARWICKSHIRE, RUGBY, WEST_MIDLANDS]

CPP_COUNT = Indicator("cpp_count", "Children subject to a child protection plan at 31 March", "count", "none",
                      0, 0, 100_000, "snapshot", source="DfE CIN census")
CPP_STARTS = Indicator("cpp_starts", "Child protection plans starting in the year", "count", "none",
                       0, 0, 100_000, "year")
CPP_REPEAT = Indicator("cpp_repeat_count", "Plans starting that were a second or subsequent plan", "count",
                       "low", 0, 0, 100_000, "year")
INDICATORS = [CPP_COUNT, CPP_STARTS, CPP_REPEAT]

MAR_2018 = Period("snapshot", dt.date(2018, 3, 31), dt.date(2018, 3, 31), "31 Mar 2018")
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")
YEAR_2017_18 = Period("year", dt.date(2017, 4, 1), dt.date(2018, 3, 31), "2017/18")

REPORT = "CP performance report.xlsx"


def figure(indicator: str, period: Period, value: float | None, *, area: str = "E10000031",
           publisher: str = "local", status: str | None = None, raw: str | None = None,
           file: str = REPORT, cell: str = "D10") -> Observation:
    return Observation(area, indicator, period, value, status=status,
                       raw=raw if raw is not None else ("" if value is None else f"{value:g}"),
                       source=CellRef(file, "Table 6", cell), publisher=publisher)


def council_report() -> list[Observation]:
    return [
        figure("cpp_count", MAR_2018, 563, cell="D10"),
        figure("cpp_count", MAR_2019, 345, cell="E10"),
        figure("cpp_starts", YEAR_2017_18, 674, cell="D8"),
    ]


def dfe_release() -> list[Observation]:
    return [
        figure("cpp_count", MAR_2018, 561, publisher="dfe", file="d1_2018.csv", cell="row 12"),
        figure("cpp_repeat_count", YEAR_2017_18, 126, publisher="dfe", file="d3.csv", cell="row 9"),
    ]


def batch(observations, *, file_name: str = REPORT, file_hash: str = "hash-report-1", user: str = "alice"):
    return ImportBatch(file_name=file_name, file_path=f"C:/returns/{file_name}", file_hash=file_hash,
                       user=user, observations=observations)


@pytest.fixture
def store(database):
    with open_store(database) as opened:
        opened.sync_areas(AREAS)
        opened.sync_indicators(INDICATORS)
        yield opened


def test_local_and_dfe_figures_for_the_same_cell_are_both_kept(store):
    store.import_observations(batch(council_report()))
    store.import_observations(batch(dfe_release(), file_name="d1_2018.csv", file_hash="hash-dfe"))

    mar_2018 = [o for o in store.observations(indicator="cpp_count") if o.period == MAR_2018]

    assert [(o.publisher, o.value) for o in mar_2018] == [("dfe", 561.0), ("local", 563.0)]
    assert mar_2018[1].area_name == "Warwickshire"
    assert (mar_2018[1].source_file, mar_2018[1].source_sheet, mar_2018[1].source_cell) == (
        REPORT, "Table 6", "D10")
    assert mar_2018[1].updated_by == "alice"


def test_importing_the_same_file_twice_changes_nothing(store):
    first = store.import_observations(batch(council_report()))
    stored_before = store.observations()
    history_before = store.history("E10000031", "cpp_count", MAR_2018)

    again = store.import_observations(batch(council_report()))

    assert (first.added, first.changed, first.already_imported) == (3, 0, False)
    assert (again.import_id, again.added, again.changed, again.unchanged) == (first.import_id, 0, 0, 3)
    assert again.already_imported
    assert store.observations() == stored_before
    assert store.history("E10000031", "cpp_count", MAR_2018) == history_before
    assert len(store.imports()) == 1
    assert store.find_import_by_hash("hash-report-1").id == first.import_id


def test_same_figures_in_another_file_are_recorded_as_unchanged(store):
    store.import_observations(batch(council_report()))

    copy = store.import_observations(batch(council_report(), file_name="copy.xlsx", file_hash="hash-copy"))

    assert (copy.added, copy.changed, copy.unchanged, copy.already_imported) == (0, 0, 3, False)
    assert [r.file_name for r in store.imports()] == ["copy.xlsx", REPORT]
    assert len(store.history("E10000031", "cpp_count", MAR_2018)) == 1


def test_a_changed_figure_keeps_its_whole_history(store):
    store.import_observations(batch(council_report()))
    corrected = [figure("cpp_count", MAR_2018, 561, file="corrected.xlsx", cell="D11"), *council_report()[1:]]

    outcome = store.import_observations(batch(corrected, file_name="corrected.xlsx", file_hash="hash-2",
                                              user="bob"))

    assert (outcome.added, outcome.changed, outcome.unchanged) == (0, 1, 2)
    [(key, old, new)] = outcome.changes
    assert key == corrected[0].key
    assert (old.value, new.value) == (563.0, 561.0)
    first, second = store.history("E10000031", "cpp_count", MAR_2018)
    assert (first.old_value, first.new_value, first.changed_by, first.reason) == (
        None, 563.0, "alice", f"import of {REPORT}")
    assert (second.old_value, second.new_value, second.changed_by, second.reason) == (
        563.0, 561.0, "bob", "import of corrected.xlsx")
    assert (second.source_file, second.source_cell) == ("corrected.xlsx", "D11")
    assert first.changed_at <= second.changed_at
    assert second.changed_at.endswith("+00:00")
    assert store.stored_values([corrected[0].key])[corrected[0].key].value == 561.0


def test_a_status_is_stored_without_a_value_and_compared_exactly(store):
    suppressed = figure("cpp_repeat_count", YEAR_2017_18, None, area="E07000220", status="c", raw="c")
    store.import_observations(batch([suppressed]))

    [stored] = store.observations(area="E07000220")
    assert (stored.value, stored.status, stored.raw) == (None, "c", "c")
    again = store.import_observations(batch([suppressed], file_hash="other"))
    assert (again.unchanged, again.changed) == (1, 0)
    filled = store.import_observations(batch([figure("cpp_repeat_count", YEAR_2017_18, 4, area="E07000220")],
                                             file_hash="third"))
    assert filled.changed == 1


def test_an_unknown_area_writes_nothing_and_names_the_code(store):
    store.import_observations(batch(council_report()))
    before = (store.observations(), store.imports(), store.periods())
    bad = [figure("cpp_count", MAR_2018, 600, file="new.xlsx"),
           figure("cpp_count", Period("snapshot", dt.date(2021, 3, 31), dt.date(2021, 3, 31), "31 Mar 2021"),
                  300, area="E99999999", file="new.xlsx", cell="F10")]

    with pytest.raises(StoreError, match="E99999999") as caught:
        store.import_observations(batch(bad, file_name="new.xlsx", file_hash="hash-new"))

    assert "cell F10" in str(caught.value)
    assert (store.observations(), store.imports(), store.periods()) == before


@pytest.mark.parametrize("by_codes", [False, True], ids=["by keys", "by 64-bit codes"])
def test_two_figures_for_one_cell_in_one_file_are_refused(store, monkeypatch, by_codes):
    """Found by the keys themselves in a small import, by ``key_order``'s codes in a big one; named by
    both cells either way."""
    from cpdesk.store import cells

    if by_codes:
        monkeypatch.setattr(cells, "SORTED_FROM", 1)
    twice = [figure("cpp_count", MAR_2018, 563, cell="D10"), figure("cpp_count", MAR_2019, 345, cell="D11"),
             figure("cpp_count", MAR_2018, 592, cell="D20")]

    with pytest.raises(StoreError, match="two figures for the same cell.*D10.*D20"):
        store.import_observations(batch(twice))

    assert store.observations() == [] and store.imports() == []


def test_observations_filter_and_sort(store):
    store.import_observations(batch(council_report()))
    store.import_observations(batch(dfe_release(), file_name="dfe.csv", file_hash="hash-dfe"))

    everything = store.observations()
    assert [(o.indicator_id, o.period.label, o.publisher) for o in everything] == [
        ("cpp_count", "31 Mar 2018", "dfe"), ("cpp_count", "31 Mar 2018", "local"),
        ("cpp_count", "31 Mar 2019", "local"), ("cpp_repeat_count", "2017/18", "dfe"),
        ("cpp_starts", "2017/18", "local"),
    ]
    assert [o.value for o in store.observations(indicator=["cpp_starts", "cpp_repeat_count"])] == [126, 674]
    assert [o.value for o in store.observations(publisher="dfe", indicator="cpp_count")] == [561]
    assert store.observations(area="E07000220") == []
    assert store.observations(breakdown="neglect") == []
    assert store.area_codes_with_data() == ["E10000031"]
    assert store.periods() == [YEAR_2017_18, MAR_2018, MAR_2019]


def test_stored_values_answer_by_observation_key(store):
    store.import_observations(batch(council_report()))
    asked = [figure("cpp_count", MAR_2018, 0).key, figure("cpp_count", MAR_2018, 0, publisher="dfe").key]

    found = store.stored_values(o for o in asked)

    assert list(found) == [asked[0]]
    assert found[asked[0]].value == 563.0


def test_edits_are_an_import_of_their_own(store):
    store.import_observations(batch(council_report()))
    edit = Observation("E10000031", "cpp_count", MAR_2019, 346.0, raw="346")

    outcome = store.record_edits([edit], user="carol", reason="typo in the board paper")

    record = store.get_import(outcome.import_id)
    assert (record.kind, record.file_name, record.user, record.n_changed) == ("edit", "(edit)", "carol", 1)
    last = store.history("E10000031", "cpp_count", MAR_2019)[-1]
    assert (last.old_value, last.new_value, last.reason, last.import_id) == (
        345.0, 346.0, "typo in the board paper", outcome.import_id)


def test_many_areas_are_fetched_in_chunks(store):
    """More areas than one IN (...) list holds: every figure must still be found on re-import."""
    districts = [Area(f"E10000031-d{n:03d}", f"District {n}", "operational", "E10000031") for n in range(700)]
    store.sync_areas(districts)
    figures = [figure("cpp_count", MAR_2018, n, area=a.code) for n, a in enumerate(districts)]

    store.import_observations(batch(figures))
    again = store.import_observations(batch(figures, file_hash="other"))

    assert (again.unchanged, again.added) == (700, 0)
    assert len(store.stored_values(o.key for o in figures)) == 700


def test_syncing_reference_rows_is_idempotent_and_updates(store):
    store.sync_areas(AREAS)
    store.sync_areas([Area("E10000031", "Warwickshire County Council", "la", old_code="937")])
    store.import_observations(batch(council_report()))

    assert store.observations()[0].area_name == "Warwickshire County Council"


def test_targets_replace_and_cover_all_periods_or_one(store):
    store.set_target("E10000031", "cpp_count", 500, user="alice", tolerance=5)
    store.set_target("E10000031", "cpp_count", 480, user="bob", tolerance=5)
    store.set_target("E10000031", "cpp_count", 450, user="bob", period=MAR_2019)

    general, specific = store.targets("E10000031", "cpp_count")
    assert (general.period, general.target, general.set_by) == (None, 480, "bob")
    assert (specific.period, specific.target, specific.tolerance) == (MAR_2019, 450, None)
    assert store.targets("E10000031", "cpp_starts") == []


def test_annotations_apply_to_their_area_and_indicator(store):
    store.add_annotation("Counting method changed 2015/16", author="alice", indicator_id="cpp_count")
    store.add_annotation("Audit of CP threshold began", author="bob", area_code="E10000031",
                         indicator_id="cpp_count", period=MAR_2018)
    store.add_annotation("Rugby restructure", author="bob", area_code="E07000220")

    notes = store.annotations(area_code="E10000031", indicator_id="cpp_count")

    assert [n.text for n in notes] == ["Counting method changed 2015/16", "Audit of CP threshold began"]
    assert notes[1].period == MAR_2018
    assert [n.text for n in store.annotations(area_code="E07000220", indicator_id="cpp_starts")] == [
        "Rugby restructure"]
