"""The national data pack: DfE figures for every council, region and England, in every new database.

Rates and percentages are checked against the DfE's own files in ../shared/reference, read here with
the csv module alone (not cpdesk's reader), and against the rates the DfE publishes itself.
"""

import csv
import gzip
import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from cpdesk import national_pack
from cpdesk.cli import main
from cpdesk.national_pack import (
    META_KEY,
    ensure_national_pack,
    load_national_pack,
    pack_folder,
    pack_status,
    read_pack,
    shipped_manifest,
)
from cpdesk.reference import load_reference
from cpdesk.store import open_store
from tests.conftest import SHARED

REFERENCE = SHARED / "reference"
AREAS = load_reference().areas
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="the DfE reference files are not here")
ENGLAND, WARWICKSHIRE, HAMPSHIRE, OXFORDSHIRE, BARNSLEY = (
    "E92000001", "E10000031", "E10000014", "E10000025", "E08000038")


@pytest.fixture(scope="module")
def pack() -> dict[tuple, float | None]:
    """(indicator, area, period end year) -> value, for the figures that are not broken down."""
    return {(o.indicator_id, o.area_code, o.period.end.year): o.value
            for o in read_pack() if not o.breakdown}


def published_rows(pattern: str) -> list[dict[str, str]]:
    path = next(REFERENCE.glob(pattern))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def area_of(row: dict[str, str]) -> str:
    """The area's code as cpdesk files it: an LA recoded since (Barnsley E08000016) under its current code."""
    if row["old_la_code"]:
        return AREAS.find(row["old_la_code"]).code
    return row["region_code"] or row["country_code"]


def half_up(numerator: str, denominator: str, per: int, places: str = "0.1") -> float:
    exact = Decimal(numerator) * per / Decimal(denominator)
    return float(exact.quantize(Decimal(places), rounding=ROUND_HALF_UP))


def ons_children() -> dict[tuple[str, int], str]:
    return {(area_of(r), int(r["time_period"])): r["population_estimate"]
            for r in published_rows("ons_mid-year_population_estimates_*.csv")
            if r["age_group"] == "Children aged 0 to 17 years"}


def test_the_pack_ships_small_with_a_manifest_naming_version_and_dfe_year():
    manifest = shipped_manifest()
    packed = (pack_folder() / national_pack.PACK_FILE).read_bytes()
    assert manifest is not None and manifest.version == "2025.1" and manifest.dfe_year == 2025
    assert manifest.latest == "31 Mar 2025"
    assert len(packed) < 700_000
    assert hashlib.sha256(packed).hexdigest() == manifest.sha256
    assert len(read_pack()) == manifest.figures
    header = gzip.decompress(packed).decode().splitlines()[0]
    assert header.split(",") == list(national_pack.COLUMNS)


@needs_reference
def test_cp_rates_are_the_d5_counts_per_10000_children_of_the_ons_mid_year_before(pack):
    children = ons_children()
    checked = 0
    for row in published_rows("d5_cpps_at31march_by_duration_*.csv"):
        year, area, count = int(row["time_period"]), area_of(row), row["CPP_At31"]
        if area in (ENGLAND, WARWICKSHIRE, HAMPSHIRE, OXFORDSHIRE) and count.isdigit():
            worked_out = half_up(count, children[(area, year - 1)], 10_000)
            assert pack[("cpp_rate", area, year)] == worked_out, (area, year)
            checked += 1
    assert checked == 4 * 13 - 1  # every year 2013-2025 for each, but Hampshire's 2024 count is 'u'
    assert pack[("cpp_rate", HAMPSHIRE, 2024)] is None  # low reliability: no rate is made up from it
    assert pack[("cpp_rate", WARWICKSHIRE, 2025)] == 25.9  # 335 / 129,392 children at mid-2024
    assert pack[("cpp_rate", ENGLAND, 2025)] == 40.6  # 49,420 / 12,183,016


@needs_reference
def test_the_same_working_gives_the_rates_the_dfe_publishes_for_children_looked_after(pack):
    """The CLA release publishes its rates; the pack's working of them from its own counts and child
    population agrees for every council, region and England, 2021-2025."""
    rows = [r for r in published_rows("cla_number_and_rate_per_10k_children*.csv")
            if r["population_type"] == "Children looked after on 31 March each year"
            and r["children_count"].isdigit()]
    assert len(rows) > 700
    for row in rows:
        key = (area_of(row), int(row["time_period"]))
        count, children = pack[("cla_count", *key)], str(pack[("child_population", key[0], key[1] - 1)])
        published = float(row["rate_per_10000"])
        assert pack[("cla_rate", *key)] == published, key
        if row["geographic_level"] == "Local authority":
            assert half_up(str(count), children, 10_000, "1") == published, key
        else:
            low, high = (half_up(str(count + step), children, 10_000, "1") for step in (-5, 5))
            assert low <= published <= high, key


@needs_reference
def test_published_percentages_are_kept_and_timeliness_is_worked_out_from_c4s_bands(pack):
    for row in published_rows("d3_cpps_subsequent_plan_*.csv"):
        if row["CPP_subsequent_percent"].replace(".", "").isdigit():
            assert pack[("cpp_repeat_pct", area_of(row), int(row["time_period"]))] == float(
                row["CPP_subsequent_percent"])
    for row in published_rows("c4_children_in_need_section_47s_*.csv"):
        area, year = area_of(row), int(row["time_period"])
        if area in (ENGLAND, WARWICKSHIRE, BARNSLEY) and row["ICPC"].isdigit():
            within = int(row["Duration_0-10_days"]) + int(row["Duration_11-15_days"])
            assert pack[("icpc_15wd_pct", area, year)] == half_up(str(within), row["ICPC"], 100), (area, year)
    # As the DfE published them (quoted in Warwickshire's 2020 report): over the ICPCs, not the bands' sum.
    assert (pack[("icpc_15wd_pct", ENGLAND, 2017)], pack[("icpc_15wd_pct", ENGLAND, 2018)]) == (77.2, 76.9)


def test_every_council_has_the_core_indicators_to_2025_with_its_region_and_england(pack):
    councils = [la.code for la in AREAS.all("la") if (("cpp_count", la.code, 2025) in pack)]
    assert len(councils) >= 150
    for indicator in ("cpp_rate", "cpp_repeat_pct", "icpc_15wd_pct", "referrals_rate", "rereferrals_12m_pct",
                      "s47_rate", "cin_rate", "cla_rate"):
        assert all((indicator, code, 2025) in pack for code in councils), indicator  # a figure or a status
        held = [code for code in councils if pack[(indicator, code, 2025)] is not None]
        assert len(held) >= 140, indicator  # the rest suppressed by the DfE (c, x), never guessed
        regions = {AREAS.find(code).region_code for code in councils}
        assert all((indicator, region, 2025) in pack for region in regions), indicator
        assert pack[(indicator, ENGLAND, 2025)] is not None


def new_store(database):
    reference = load_reference()
    store = open_store(database)
    store.sync_areas(reference.areas.all())
    store.sync_indicators(reference.schema.indicators.values())
    return store


def test_a_new_database_gets_the_pack_once_recorded_in_its_meta(database, monkeypatch):
    monkeypatch.setenv("CPDESK_NATIONAL_PACK", "on")
    with new_store(database) as store:
        outcome = ensure_national_pack(store, user="officer")
        assert outcome is not None and outcome.added == shipped_manifest().figures
        assert ensure_national_pack(store, user="officer") is None
        assert [r.file_name for r in store.imports()] == ["National data pack 2025.1 (DfE 2025)"]
        recorded = json.loads(store.meta(META_KEY))
        assert (recorded["version"], recorded["dfe_year"]) == ("2025.1", 2025)
        rate = store.observations(indicator="cpp_rate", area=WARWICKSHIRE, publisher="dfe")[-1]
        assert (rate.period.label, rate.value) == ("31 Mar 2025", 25.9)
        assert rate.source_file == "d5_cpps_at31march_by_duration_2013_to_2025.csv"
        history = store.history(WARWICKSHIRE, "cpp_rate", rate.period, publisher="dfe")
        assert history[0].reason == "import of National data pack 2025.1 (DfE 2025)"


def test_switched_off_a_new_database_stays_empty(database):
    with new_store(database) as store:
        assert ensure_national_pack(store) is None
        assert store.imports() == [] and store.meta(META_KEY) is None
        assert "No national data pack loaded" in pack_status(store).describe()


def test_loading_unasked_never_changes_a_dfe_figure_the_database_holds(database):
    """An officer's own import of a newer DfE file wins over the pack: only missing cells are filled."""
    figures = read_pack()
    england_2025 = next(o for o in figures if o.indicator_id == "cpp_rate" and o.area_code == ENGLAND
                        and o.period.end.year == 2025)
    from dataclasses import replace

    from cpdesk.store import ImportBatch
    with new_store(database) as store:
        revised = replace(england_2025, value=40.7, raw="40.7")
        store.import_observations(ImportBatch("newer_d5.csv", "", "h", "officer", [revised]))
        outcome = ensure_national_pack(store, enabled=True)
        assert outcome.added == len(figures) - 1 and outcome.changed == 0
        held = store.observations(indicator="cpp_rate", area=ENGLAND, publisher="dfe")
        assert {o.period.label: o.value for o in held}["31 Mar 2025"] == 40.7
        # Loaded on purpose it is an ordinary import: the change keeps the earlier figure in history.
        again = load_national_pack(store, user="officer")
        assert again.changed == 1


def test_cpdesk_pack_reports_version_and_year_and_loads(database, capsys):
    db = database  # a server's empty database is left as a missing file is: not set up only to look
    assert main(["pack", "--db", db]) == 2
    assert "no database there yet" in capsys.readouterr().err
    assert main(["pack", "--db", str(db), "--load"]) == 0
    out = capsys.readouterr().out
    assert "National data pack 2025.1 (DfE 2025) loaded on" in out
    assert "to 31 Mar 2025" in out
    assert main(["pack", "--db", str(db)]) == 0
    assert "National data pack 2025.1 (DfE 2025) loaded" in capsys.readouterr().out


def test_cpdesk_import_into_a_new_database_loads_the_pack_first(database, capsys, monkeypatch, samples_dir):
    monkeypatch.setenv("CPDESK_NATIONAL_PACK", "on")
    db = database
    workbook = samples_dir / "warwickshire_cp_update_2020.xlsx"
    assert main(["import", str(workbook), "--db", str(db), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "National data pack 2025.1 (DfE 2025) loaded first" in out
    with open_store(db) as store:
        assert [r.file_name for r in store.imports()][-1] == "National data pack 2025.1 (DfE 2025)"


@needs_reference
def test_a_newer_dfe_file_imported_as_usual_updates_the_figures_and_the_line_says_so(database, tmp_path):
    """The officer updates the pack by importing the DfE's next release like any other file."""
    from cpdesk.pipeline import import_workbook

    d5 = next(REFERENCE.glob("d5_cpps_at31march_by_duration_*.csv"))
    header, *rows = d5.read_text(encoding="utf-8-sig").splitlines()
    warwickshire_2025 = next(r for r in rows if r.startswith("2025,") and ",Warwickshire," in r)
    newer = tmp_path / "d5_cpps_at31march_by_duration_2013_to_2026.csv"
    newer.write_text(f"{header}\n{warwickshire_2025.replace('2025,', '2026,', 1)}\n", encoding="utf-8")
    reference = load_reference()
    with new_store(database) as store:
        ensure_national_pack(store, enabled=True)
        assert "imported since" not in pack_status(store).describe()
        _, outcome = import_workbook(newer, reference, store, user="officer")
        assert outcome is not None and outcome.added >= 1
        line = pack_status(store).describe()
        assert line.startswith("National data pack 2025.1 (DfE 2025) loaded on ")
        assert line.endswith("to 31 Mar 2025. DfE files imported since hold figures to 31 Mar 2026.")
        counts = store.observations(indicator="cpp_count", area=WARWICKSHIRE, publisher="dfe")
        assert (counts[-1].period.label, counts[-1].value) == ("31 Mar 2026", 335)
