"""Mapping profiles: an unknown label mapped once imports without asking next time."""

import json

import openpyxl
import pytest

from cpdesk import paths
from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.schema import load_schema
from cpdesk.read.tables import MappingProfile, read_tables, workbook_signature
from cpdesk.read.workbook import open_workbook

WARKS = "E10000031"


@pytest.fixture(scope="module")
def reference():
    return load_schema(), load_areas()


def _monthly_return(path, periods, figures):
    """A council's own layout: its wording for plans, and a column cpdesk does not know."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    ws.append(["Measure", *periods, "Members' view"])
    for label, values in figures.items():
        ws.append([label, *values, "on track"])
    wb.save(path)
    return open_workbook(path)


def _read(workbook, reference, mapping=None):
    schema, areas = reference
    return read_tables(workbook, schema, areas, council="Warwickshire", mapping=mapping)


def test_unknown_labels_are_reported_until_mapped(tmp_path, reference):
    march = _monthly_return(tmp_path / "march.xlsx", ["Q3 19/20", "Q4 19/20"],
                            {"Kids on plans (snapshot)": [300, 295], "Total No. CP Starts": [87, 105]})
    first = _read(march, reference)
    codes = [(i.code, i.cell) for i in first.issues]
    assert codes == [("unknown-period", "D1"), ("unknown-indicator", "A2")]
    assert "Row label 'Kids on plans (snapshot)' in cell A2 is not an indicator" in first.issues[1].message
    read = [(o.indicator_id, o.value) for o in first.observations]
    assert read == [("cpp_starts", 87.0), ("cpp_starts", 105.0)]

    profile = MappingProfile.load_for(march)
    profile.set("Kids on plans (snapshot)", "indicator", "cpp_count")
    profile.set("Members' view", "ignore")
    saved = profile.save()
    assert saved.parent == paths.mappings_dir()

    # Next quarter's return has one more period column: the same shape, so the profile is found.
    figures = {"Kids on plans (snapshot)": [300, 295, 318], "Total No. CP Starts": [87, 105, 120]}
    june = _monthly_return(tmp_path / "june.xlsx", ["Q3 19/20", "Q4 19/20", "Q1 20/21"], figures)
    assert workbook_signature(june) == workbook_signature(march)
    second = _read(june, reference)
    assert second.issues == []
    plans = [(o.indicator_id, o.period.label, o.value, o.source.cell) for o in second.observations
             if o.indicator_id == "cpp_count"]
    # children on plans at the end of each quarter
    assert plans == [("cpp_count", "31 Dec 2019", 300.0, "B2"), ("cpp_count", "31 Mar 2020", 295.0, "C2"),
                     ("cpp_count", "30 Jun 2020", 318.0, "D2")]


def test_hand_written_profile(tmp_path, reference):
    book = _monthly_return(tmp_path / "r.xlsx", ["Spring term 2020"], {"Kids on plans (snapshot)": [295]})
    folder = paths.mappings_dir()
    folder.mkdir(parents=True)
    text = {
        "signature": workbook_signature(book),
        "indicators": {"KIDS ON PLANS (SNAPSHOT)": "cpp_count"},
        "periods": {"Spring term 2020": "Q4 19/20"},
        "ignore": ["members view"],
    }
    (folder / f"{workbook_signature(book)}.json").write_text(json.dumps(text), encoding="utf-8")
    result = _read(book, reference)
    assert result.issues == []
    assert [(o.area_code, o.indicator_id, o.period.label, o.value) for o in result.observations] == [
        (WARKS, "cpp_count", "31 Mar 2020", 295.0)]


def test_a_mapping_to_something_unknown_is_reported(tmp_path, reference):
    book = _monthly_return(tmp_path / "r.xlsx", ["2019/20"], {"Kids on plans (snapshot)": [295]})
    profile = MappingProfile(workbook_signature(book))
    profile.set("Kids on plans (snapshot)", "indicator", "no_such_indicator")
    profile.set("Members' view", "ignore")
    result = _read(book, reference, mapping=profile)
    assert [(i.code, i.cell) for i in result.issues] == [("bad-mapping", "A2")]
    assert result.observations == []


def test_profile_round_trip_and_different_shapes(tmp_path):
    book = _monthly_return(tmp_path / "a.xlsx", ["2019/20"], {"Kids on plans": [295]})
    other = _monthly_return(tmp_path / "b.xlsx", ["2019/20"], {"Children on plans": [295]})
    assert workbook_signature(book) != workbook_signature(other)
    profile = MappingProfile.load_for(book)
    profile.set("Narnia", "area", "937")
    path = profile.save(tmp_path)
    loaded = MappingProfile.load(path)
    assert loaded.lookup("narnia") == ("area", "937")
    assert json.loads(path.read_text(encoding="utf-8"))["areas"] == {"Narnia": "937"}


def test_broken_profile_file_names_the_file(tmp_path):
    path = tmp_path / "abc.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="'abc.json'"):
        MappingProfile.load(path)
