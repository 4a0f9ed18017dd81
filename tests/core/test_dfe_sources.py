"""resources/dfe_sources.toml: the DfE releases cpdesk knows, what their filter values select.

The declarations are checked against the indicator schema (every indicator and category they name
exists) and against the real releases in ../shared/reference (each is recognised as its source).
"""

from __future__ import annotations

import csv

import pytest

from cpdesk.read.dfe_sources import DfeSourcesError, MidYear, load_dfe_sources, read_dfe_sources
from tests.conftest import SHARED

REFERENCE = SHARED / "reference"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference files not available")

# Each DfE release in ../shared/reference and the source it must be read as.
RELEASES = {
    "b1_children_in_need_2013_to_2025.csv": "cin_b1",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv": "cin_c1",
    "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv": "cin_c4",
    "d3_cpps_subsequent_plan_2013_to_2025.csv": "cin_d3",
    "d5_cpps_at31march_by_duration_2013_to_2025.csv": "cin_d5",
    "cla_number_and_rate_per_10k_children.csv": "cla_numbers",
    "csww_indicators_2017_to_2025.csv": "csww",
    "ons_mid-year_population_estimates_2012_to_2024.csv": "ons_population",
}


def header_of(name: str) -> list[str]:
    with (REFERENCE / name).open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def test_every_declared_indicator_and_category_is_in_the_schema(schema):
    for source in load_dfe_sources():
        for measure in (*source.measures, None):
            figures = source.figures_of(measure)
            for indicator_id in figures.values():
                indicator = schema.get(indicator_id)
                assert indicator is not None, (source.id, indicator_id)
                category = measure.category if measure is not None else ""
                if category:
                    categories = {c.id for c in schema.breakdowns[indicator.breakdown].categories}
                    assert category in categories, (source.id, indicator_id, category)


def test_the_cla_file_says_which_population_type_is_which_indicator():
    cla = load_dfe_sources().get("cla_numbers")
    assert cla.filters == ("population_type",)
    assert cla.mid_year == MidYear.YEAR_BEFORE
    at_31_march = cla.measure_for({"population_type": "Children looked after on 31 March each year"})
    assert cla.figures_of(at_31_march) == {"population_estimate": "child_population",
                                           "children_count": "cla_count", "rate_per_10000": "cla_rate"}
    starting = cla.measure_for({"population_type": " children STARTING to be looked after each year "})
    assert cla.figures_of(starting)["children_count"] == "cla_starts"
    ceasing = cla.measure_for({"population_type": "Children ceasing to be looked after each year"})
    assert ceasing is not None and not ceasing.figures
    # A value that only resembles a declared one is not taken for it.
    assert cla.measure_for({"population_type": "Children looked after on 31 March"}) is None
    assert cla.measure_for({"population_type": "Children looked after during the year"}) is None


@needs_reference
@pytest.mark.parametrize("name, source_id", sorted(RELEASES.items()))
def test_each_reference_release_is_recognised_by_its_columns(name, source_id):
    assert load_dfe_sources().recognise(header_of(name)).id == source_id


def test_recognition_needs_every_column_and_prefers_the_most_specific(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nid = "broad"\ncolumns = ["children_count"]\nfigures = { children_count = "cla_count" }\n'
        '[[source]]\nid = "narrow"\ncolumns = ["children_count", "population_type"]\n'
        '  [[source.measure]]\n  where = { population_type = "A" }\n'
        '  figures = { children_count = "cla_count" }\n',
        encoding="utf-8")
    sources = read_dfe_sources(path)
    assert sources.recognise(["time_period", "Children_Count", "population_type"]).id == "narrow"
    assert sources.recognise(["children_count"]).id == "broad"
    assert sources.recognise(["rate_per_10000"]) is None


@pytest.mark.parametrize("text, complaint", [
    ('[[source]]\nid = "a"\ncolumns = ["x"]\nfilters = ["y"]\n', "unknown keys filters"),
    ('[[source]]\nid = "a"\ncolumns = ["x"]\nmid_year = "june"\n', "mid_year must be one of"),
    ('[[source]]\nid = "a"\ncolumns = ["x", "f", "g"]\n'
     '  [[source.measure]]\n  where = { f = "1", g = "2" }\n  figures = { x = "cla_count" }\n'
     '  [[source.measure]]\n  where = { f = "3" }\n', "does not name g"),
    ('[[source]]\nid = "a"\ncolumns = ["x"]\n[[source]]\nid = "a"\ncolumns = ["y"]\n', "given twice: a"),
    ('[[source]]\nid = "a"\ncolumns = []\n', "expected a text"),
])
def test_a_bad_declaration_is_refused_naming_the_source(tmp_path, text, complaint):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DfeSourcesError, match=complaint):
        read_dfe_sources(path)
