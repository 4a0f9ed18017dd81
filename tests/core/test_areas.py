"""Areas, statistical neighbours and name matching, checked against the published DfE/ONS files."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from cpdesk.paths import resources_dir

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "reference"
WARWICKSHIRE = "E10000031"
OXFORDSHIRE = "E10000025"
HAMPSHIRE = "E10000014"


def test_warwickshire_old_and_new_codes(areas):
    for code in (937, "937", " 937 ", WARWICKSHIRE, "e10000031"):
        assert areas.find(code).code == WARWICKSHIRE
    warwickshire = areas.get(WARWICKSHIRE)
    assert (warwickshire.name, warwickshire.kind, warwickshire.old_code) == ("Warwickshire", "la", "937")
    assert warwickshire.parent_code == "E12000005"
    assert areas.region_of(937).name == "West Midlands"
    assert WARWICKSHIRE in areas and "E99999999" not in areas
    assert areas.find(999) is None
    with pytest.raises(KeyError):
        areas.get("E99999999")


def test_an_old_code_finds_todays_la_and_keeps_the_abolished_one(areas):
    assert areas.find(370).code == "E08000038"  # Barnsley, re-coded May 2025
    assert areas.find(929).code == "E06000057"  # Northumberland, re-coded 2013
    old_barnsley = areas.get("E08000016")
    assert old_barnsley.old_code == "370" and old_barnsley.closed.isoformat() == "2025-04-30"
    assert areas.get("E06000028").name == "Bournemouth" and areas.get("E06000028").closed is not None


def test_regions_and_england(areas):
    england = areas.get("E92000001")
    assert england.kind == "country" and england.parent_code is None
    regions = areas.all("region")
    assert {r.code for r in regions} >= {f"E1200000{i}" for i in range(1, 10)} | {"E13000001", "E13000002"}
    assert areas.get("E12000005").parent_code == "E92000001"
    assert areas.get("E13000001").parent_code == "E12000007"  # Inner London lies in London
    assert areas.region_of("E09000001").code == "E12000007"  # City of London


def test_warwickshire_districts(areas):
    names = [d.name for d in areas.districts_of(WARWICKSHIRE)]
    assert names == ["North Warwickshire", "Nuneaton and Bedworth", "Rugby", "Stratford-on-Avon", "Warwick"]
    rugby = areas.get("E07000220")
    assert (rugby.name, rugby.kind, rugby.parent_code) == ("Rugby", "district", WARWICKSHIRE)
    assert areas.region_of("E07000220").code == "E12000005"
    assert areas.districts_of(937) == areas.districts_of(WARWICKSHIRE)


def test_oxfordshire_operational_areas(areas):
    operational = {a.code: a for a in areas.operational_areas_of(OXFORDSHIRE)}
    assert set(operational) == {f"{OXFORDSHIRE}-north", f"{OXFORDSHIRE}-south", f"{OXFORDSHIRE}-central"}
    assert all(a.kind == "operational" and a.parent_code == OXFORDSHIRE for a in operational.values())
    members = {code: {d.name for d in areas.districts_in(code)} for code in operational}
    assert members == {
        f"{OXFORDSHIRE}-north": {"Cherwell", "West Oxfordshire"},
        f"{OXFORDSHIRE}-south": {"South Oxfordshire", "Vale of White Horse"},
        f"{OXFORDSHIRE}-central": {"Oxford"},
    }
    assert areas.operational_areas_of(WARWICKSHIRE) == []


def test_statistical_neighbours_2025_hard_coded(areas):
    neighbours = areas.statistical_neighbours(WARWICKSHIRE)
    assert len(neighbours) == 10
    assert neighbours[0].name == "Gloucestershire"  # rank 1, "Extremely close"
    assert {"Oxfordshire", "Hampshire", "West Sussex", "Essex"} <= {a.name for a in neighbours}
    assert [a.code for a in neighbours][:3] == ["E10000013", "E06000049", OXFORDSHIRE]


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference files are not available")
def test_statistical_neighbours_2025_match_the_published_file(areas):
    with (REFERENCE / "sn_model_2025_wide.csv").open(encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["old_la_code"] == "937")
    expected = [row[f"SN_{rank}"] for rank in range(1, 11)]
    assert [a.old_code for a in areas.statistical_neighbours(937)] == expected


def test_statistical_neighbours_2021_model(areas):
    neighbours = areas.statistical_neighbours(WARWICKSHIRE, model="2021")
    assert [a.old_code for a in neighbours][:3] == ["896", "885", "860"]
    assert len(neighbours) == 10
    with pytest.raises(ValueError):
        areas.statistical_neighbours(WARWICKSHIRE, model="2019")


def test_sn_comparator(areas):
    comparator = areas.sn_comparator(937)
    assert comparator.code == "SN-E10000031"
    assert comparator.name == "Warwickshire statistical neighbours"
    assert (comparator.kind, comparator.parent_code) == ("sn", WARWICKSHIRE)
    assert comparator in areas.children(WARWICKSHIRE, "sn")
    assert len(areas.all("sn")) == len([la for la in areas.all("la") if la.old_code])


def test_loading_needs_only_the_packaged_files(areas):
    folder = resources_dir() / "areas"
    assert (folder / "las.csv").is_file()
    assert len(areas.all("la")) > 150 and len(areas.all("district")) == 164


def _load_build_tool():
    spec = importlib.util.spec_from_file_location("build_areas", REPO / "tools" / "build_areas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference files are not available")
def test_committed_area_files_are_what_the_build_tool_produces():
    built = _load_build_tool().build_all(REFERENCE)
    folder = REPO / "resources" / "areas"
    for name, text in built.items():
        assert (folder / name).read_text(encoding="utf-8") == text, f"{name} is out of date"
    assert built == _load_build_tool().build_all(REFERENCE)  # deterministic


@pytest.mark.parametrize(
    ("written", "context", "code"),
    [
        ("Warwickshire", None, WARWICKSHIRE),
        ("WARWICKSHIRE COUNTY COUNCIL", None, WARWICKSHIRE),
        ("Warwickshire CC", None, WARWICKSHIRE),
        ("Warks", None, WARWICKSHIRE),
        ("The Oxfordshire County Council", None, OXFORDSHIRE),
        ("Oxon", None, OXFORDSHIRE),
        ("Hants", None, HAMPSHIRE),
        ("Hampshire Council", None, HAMPSHIRE),
        ("East Hants", None, "E07000085"),
        ("Nuneaton & Bedworth", None, "E07000219"),
        ("nuneaton and bedworth borough council", None, "E07000219"),
        ("N. Warwickshire", None, "E07000218"),
        ("N Warwickshire", None, "E07000218"),
        ("S. Oxfordshire", None, "E07000179"),
        ("W. Sussex", None, "E10000032"),
        ("E. Sussex", None, "E10000011"),
        ("Vale of White horse", None, "E07000180"),
        ("Stratford-on-Avon", None, "E07000221"),
        ("Stratford", None, "E07000221"),
        ("Stratford", WARWICKSHIRE, "E07000221"),
        ("Warwick", WARWICKSHIRE, "E07000222"),
        ("Rugby", WARWICKSHIRE, "E07000220"),
        ("St Helens", None, "E08000013"),
        ("St. Helens Council", None, "E08000013"),
        ("City of Bristol", None, "E06000023"),
        ("Bristol City Council", None, "E06000023"),
        ("City of London", None, "E09000001"),
        ("London", None, "E12000007"),
        ("West Midlands", None, "E12000005"),
        ("England", None, "E92000001"),
        ("National", None, "E92000001"),
        ("England average", WARWICKSHIRE, "E92000001"),
        ("Statistical Neighbours", WARWICKSHIRE, "SN-E10000031"),
        ("Stat neighbours", WARWICKSHIRE, "SN-E10000031"),
        ("SN average", "937", "SN-E10000031"),
        ("Statistical neighbour average", HAMPSHIRE, "SN-E10000014"),
        ("North", OXFORDSHIRE, f"{OXFORDSHIRE}-north"),
        ("south", OXFORDSHIRE, f"{OXFORDSHIRE}-south"),
        ("Central", OXFORDSHIRE, f"{OXFORDSHIRE}-central"),
        ("Barnsley", None, "E08000038"),
    ],
)
def test_names_as_councils_write_them(areas, written, context, code):
    found = areas.match(written, context=context)
    assert found.area is not None, found.reason
    assert found.area.code == code


def test_statistical_neighbours_without_context_is_unresolved(areas):
    found = areas.match("Statistical Neighbours")
    assert found.area is None and found.candidates == ()
    assert "which LA" in found.reason


def test_an_ambiguous_name_returns_all_candidates_and_no_area(areas):
    found = areas.match("Newcastle")
    assert found.area is None
    assert {a.code for a in found.candidates} == {"E08000021", "E07000195"}
    assert "ambiguous" in found.reason


def test_operational_area_names_only_count_inside_their_la(areas):
    outside = areas.match("North", context=WARWICKSHIRE)
    assert outside.area is None  # never "North Warwickshire" by guesswork
    assert f"{OXFORDSHIRE}-north" not in {a.code for a in outside.candidates}
    assert areas.match("North").area is None
    assert areas.match("Central").area is None  # not Central Bedfordshire


def test_an_abbreviation_stays_inside_the_context_la(areas):
    found = areas.match("Stratford", context=OXFORDSHIRE)
    assert found.area is None
    assert [a.code for a in found.candidates] == ["E07000221"]


def test_a_name_that_is_not_an_area(areas):
    found = areas.match("Rugby CP rate per 10,000")
    assert found.area is None and found.candidates == ()
    assert areas.match("   ").area is None


def test_match_rejects_a_context_that_is_not_an_la(areas):
    with pytest.raises(KeyError):
        areas.match("North", context="E07000220")
