"""Reading the DfE's published files (EES CIN / CLA releases, ONS population) by their headers.

The real files are in ../shared/reference; synthetic files built here use real figures from those
files or from the Warwickshire and Hampshire reports in ../shared/seeds.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from cpdesk.indicators.periods import financial_year
from cpdesk.indicators.rates import rate_per_10k
from cpdesk.indicators.schema import load_schema
from cpdesk.issues import ERROR, INFO
from cpdesk.observation import Observation
from cpdesk.read.dfe import looks_like_dfe, read_dfe_rows
from cpdesk.read.dfe_derive import RowRecipe, check_row_figure, population_from
from cpdesk.read.dfe_notes import disagreement_issue
from tests.conftest import SHARED

REFERENCE = SHARED / "reference"
D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
ONS = "ons_mid-year_population_estimates_2012_to_2024.csv"
GEOGRAPHY = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
             "old_la_code,new_la_code,la_name")
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference files not available")


def read_csv_text(text: str, schema, areas, name: str = "synthetic.csv", **options):
    rows = list(csv.reader(io.StringIO(text)))
    return read_dfe_rows(rows[0], rows[1:], file_name=name, schema=schema, areas=areas, **options)


def read_reference(name: str, schema, areas, **options):
    with (REFERENCE / name).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows, read_dfe_rows(rows[0], rows[1:], file_name=name, schema=schema, areas=areas, **options)


def find(result, indicator_id: str, area_code: str, year: int):
    matches = [o for o in result.observations
               if o.indicator_id == indicator_id and o.area_code == area_code and o.period.end.year == year]
    assert len(matches) == 1, matches
    return matches[0]


# -- recognising the files -----------------------------------------------------------------------

def test_ees_headers_are_recognised_including_older_variants():
    assert looks_like_dfe(GEOGRAPHY.split(",") + ["category", "CPP_start"])
    assert looks_like_dfe(["\ufefftime_period", "time_identifier", "geographic_level", "country_code"])
    older = ["Time_period", "Time_identifier", "Geographic_level", "Country_code", "LA_code", "LA_name"]
    assert looks_like_dfe(older)


@pytest.mark.parametrize("header", [
    ["area_code", "indicator", "period", "value"],  # cpdesk's tidy return
    ["Indicator", "2015/16", "2016/17", "2017/18"],  # a council's laid-out table
    ["time_period", "value"],  # a period but no geography
    ["geographic_level", "la_name", "CPP_start"],  # geography but no time period
    [],
])
def test_other_headers_are_not_taken_for_dfe_files(header):
    assert not looks_like_dfe(header)


# -- the real D3, C1 and ONS files ---------------------------------------------------------------

@needs_reference
def test_every_d3_row_gives_one_figure_per_known_column(schema, areas):
    rows, result = read_reference(D3, schema, areas)
    published = [o for o in result.observations if not o.raw.startswith("derived")]
    assert len(published) == (len(rows) - 1) * 3
    assert Counter(o.indicator_id for o in published) == {"cpp_starts": 2132, "cpp_repeat_count": 2132,
                                                          "cpp_repeat_pct": 2132}
    assert {o.publisher for o in result.observations} == {"dfe"}
    assert not [i for i in result.issues if i.severity == ERROR]
    # Inner and Outer London stay regions of their own beside London, never summed into it.
    assert {o.area_code for o in published if o.area_code.startswith("E13")} == {"E13000001", "E13000002"}


@needs_reference
def test_d3_england_and_warwickshire_figures_equal_the_file(schema, areas):
    _, result = read_reference(D3, schema, areas)
    assert find(result, "cpp_starts", "E92000001", 2025).value == 61840
    assert find(result, "cpp_repeat_pct", "E92000001", 2025).value == 24.5
    expected = {2020: (425, 101, 23.8), 2019: (516, 96, 18.6), 2025: (496, 114, 23.0)}
    for year, (starts, repeats, percent) in expected.items():
        assert find(result, "cpp_starts", "E10000031", year).value == starts
        assert find(result, "cpp_repeat_count", "E10000031", year).value == repeats
        assert find(result, "cpp_repeat_pct", "E10000031", year).value == percent
    assert find(result, "cpp_starts", "E10000031", 2020).period.label == "2019/20"


@needs_reference
def test_cell_references_point_at_the_figure_in_the_csv(schema, areas):
    rows, result = read_reference(D3, schema, areas)
    figure = find(result, "cpp_starts", "E10000031", 2020)
    assert figure.source.file == D3
    assert figure.source.cell == "L905"
    line_905 = rows[905 - 1]  # the header is line 1
    assert line_905[9] == "Warwickshire" and line_905[11] == figure.raw == "425"
    assert find(result, "cpp_repeat_pct", "E92000001", 2025).source.cell == "N2"


@needs_reference
def test_suppressed_cells_keep_their_status_and_raw_text(schema, areas):
    _, result = read_reference(D3, schema, areas)
    scilly = find(result, "cpp_starts", "E06000053", 2025)  # line 126: c,0,0
    assert (scilly.value, scilly.status, scilly.raw, scilly.source.cell) == (None, "c", "c", "L126")
    assert find(result, "cpp_repeat_count", "E06000053", 2025).value == 0
    not_applicable = find(result, "cpp_repeat_pct", "E06000053", 2024)  # line 291: 0,0,z
    assert (not_applicable.status, not_applicable.source.cell) == ("z", "N291")
    hackney = find(result, "cpp_repeat_count", "E09000012", 2022)  # line 629: x,x,x
    assert (hackney.value, hackney.status) == (None, "x")
    hampshire = find(result, "cpp_repeat_pct", "E10000014", 2024)  # line 269: u,u,u
    assert hampshire.status == "u"
    _, c1 = read_reference(C1, schema, areas)
    assert find(c1, "referrals", "E09000012", 2022).status == "x"
    assert find(c1, "referrals", "E10000014", 2023).value == 30502


@needs_reference
def test_derived_rates_use_mid_year_before_and_round_half_up(schema, areas):
    _, result = read_reference(D3, schema, areas)
    oxfordshire = find(result, "cpp_starts_rate", "E10000025", 2025)
    assert oxfordshire.value == rate_per_10k(563, 156_647) == 35.9
    assert oxfordshire.raw == "derived: 563 / 156647 x 10,000"
    assert oxfordshire.source.cell == find(result, "cpp_starts", "E10000025", 2025).source.cell
    assert find(result, "cpp_starts_rate", "E10000031", 2019).raw == "derived: 516 / 115696 x 10,000"
    suppressed = find(result, "cpp_starts_rate", "E06000053", 2025)
    assert (suppressed.value, suppressed.status, suppressed.raw) == (None, "x", "derived: count suppressed")


@needs_reference
def test_ons_file_is_mid_year_and_serves_as_the_denominator(schema, areas):
    _, ons = read_reference(ONS, schema, areas)
    assert len(ons.observations) == 2132
    warwickshire = find(ons, "child_population", "E10000031", 2018)
    assert (warwickshire.period.label, warwickshire.value) == ("mid-2018", 115_696)
    population = population_from(ons.observations)
    assert population[("E10000025", 2024)] == 156_647
    _, d3 = read_reference(D3, schema, areas, population=population)
    rates = [o for o in d3.observations if o.indicator_id == "cpp_starts_rate"]
    assert len(rates) == 2132  # every row has a population alongside, even when it is suppressed
    bournemouth = find(d3, "cpp_starts_rate", "E06000028", 2019)  # the ONS file has x for mid-2018
    assert (bournemouth.status, bournemouth.raw) == ("x", "derived: child population suppressed")
    assert not [i for i in d3.issues if i.code == "dfe-no-population"]


@needs_reference
def test_c1_unknown_columns_are_listed_once(schema, areas):
    rows, result = read_reference(C1, schema, areas)
    layout_notes = [i for i in result.issues if i.code == "dfe-layout"]
    assert len(layout_notes) == 1 and layout_notes[0].severity == INFO
    assert "no_further_action_count" in layout_notes[0].message
    assert "referral_count" not in layout_notes[0].message
    assert sum(o.indicator_id == "referrals" for o in result.observations) == len(rows) - 1
    assert find(result, "referrals_rate", "E10000025", 2025).raw == "derived: 5047 / 156647 x 10,000"


# -- other releases and layouts ------------------------------------------------------------------

D5_HEADER = GEOGRAPHY + ",category,CPP_At31,2_years_or_more,2_years_or_more_percent\n"
D5_ROWS = (
    '2025,Reporting year,National,E92000001,England,"","",,"","",Child Protection Plans by length of time,'
    "49420,1130,2.3\n"
    "2025,Reporting year,Local authority,E92000001,England,E12000008,South East,931,E10000025,Oxfordshire,"
    "Child Protection Plans by length of time,527,c,c\n"
    "2019,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,937,E10000031,"
    "Warwickshire,Child Protection Plans by length of time,345,7,2\n"
)


def test_snapshot_figures_take_31_march_and_shared_column_is_settled_by_the_file(schema, areas):
    result = read_csv_text(D5_HEADER + D5_ROWS, schema, areas)
    plans = find(result, "cpp_count", "E10000025", 2025)
    assert (plans.value, plans.period.kind, plans.period.label) == (527, "snapshot", "31 Mar 2025")
    # 2_years_or_more_percent is D5's snapshot measure here, beside CPP_At31, not D7's plans ended.
    assert find(result, "cpp_current_2y_pct", "E92000001", 2025).value == 2.3
    assert not [o for o in result.observations if o.indicator_id == "cpp_ended_2y_pct"]
    # The published checks: Oxfordshire 2025 527 / 156,647 -> 33.6; Warwickshire 2019 345 / 115,696 -> 29.8.
    assert find(result, "cpp_rate", "E10000025", 2025).value == 33.6
    assert find(result, "cpp_rate", "E10000031", 2019).value == 29.8


def test_an_older_release_with_renamed_columns_still_imports(schema, areas):
    # 2020-release style: capitalised names, one LA_code holding the old code, no new_la_code,
    # and 2_years+_percent. Warwickshire's 2019/20 figures from its Sep 2020 report (Tables 2 and 6).
    text = ("\ufeffTime_period,Time_identifier,Geographic_level,Country_code,Region_code,LA_code,LA_name,"
            "Category,CPP_end,2_years+_percent\n"
            "201920,Reporting year,Local authority,E92000001,E12000005,937,Warwickshire,All plans,473,2.3\n")
    result = read_csv_text(text, schema, areas)
    ended = find(result, "cpp_ended", "E10000031", 2020)
    assert (ended.value, ended.period.label, ended.source.cell) == (473, "2019/20", "I2")
    assert find(result, "cpp_ended_2y_pct", "E10000031", 2020).value == 2.3


C4_HEADER = (GEOGRAPHY + ",category,Section47,ICPC,Duration_0-10_days,Duration_11-15_days,"
             "Duration_16-20_days,Duration_21+_days,Duration_median\n")


def test_percentages_derived_from_c4_columns_of_the_same_row(schema, areas):
    text = C4_HEADER + (
        '2025,Reporting year,National,E92000001,England,"","",,"","",'
        "Section 47s and Initial Child Protection Conferences,230590,72100,6240,52430,6430,6990,14\n"
        "2025,Reporting year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,"
        "Section 47s and Initial Child Protection Conferences,948,304,c,287,7,c,14\n")
    result = read_csv_text(text, schema, areas)
    timely = find(result, "icpc_15wd_pct", "E92000001", 2025)
    assert timely.value == 81.4  # 58,670 of the 72,100 ICPCs, as the DfE works it out
    assert timely.raw == "derived: (6240 + 52430) / 72100 x 100"
    assert timely.source.cell == "N2"
    assert find(result, "s47_to_icpc_pct", "E92000001", 2025).value == 31.3  # 72,100 / 230,590
    assert find(result, "s47_to_icpc_pct", "E06000001", 2025).value == 32.1  # 304 / 948
    hartlepool = find(result, "icpc_15wd_pct", "E06000001", 2025)
    assert (hartlepool.value, hartlepool.status, hartlepool.raw) == (None, "x", "derived: count suppressed")
    assert find(result, "s47_rate", "E92000001", 2025).raw.startswith("derived: 230590 / ")


def test_levels_filters_and_duplicates_are_reported_once(schema, areas):
    row = ("2020,Reporting year,{level},E92000001,England,E12000005,West Midlands,937,E10000031,Warwickshire,"
           "{cat},{n}\n")
    text = GEOGRAPHY + ",category,CPP_start\n" + "".join([
        row.format(level="Local authority", cat="Total", n=425),
        row.format(level="Local authority", cat="Total", n=425),  # the same figure again: harmless
        row.format(level="Local authority district", cat="Total", n=90),
        row.format(level="Local authority district", cat="Total", n=80),
        row.format(level="Local authority", cat="Neglect", n=200),
        row.format(level="Local authority", cat="Neglect", n=200),
        row.format(level="Local authority", cat="Placeholder group", n=5),
    ])
    result = read_csv_text(text, schema, areas)
    assert [o.value for o in result.observations if o.indicator_id == "cpp_starts"] == [425]
    levels = [i for i in result.issues if i.code == "dfe-skipped-level"]
    assert len(levels) == 1
    assert levels[0].message.startswith("2 rows at geographic level 'Local authority district' were not "
                                        "imported")
    skipped = sorted(i.message.split("'")[1] for i in result.issues if i.code == "dfe-skipped-filter")
    assert skipped == ["Neglect", "Placeholder group"]
    assert not [i for i in result.issues if i.severity == ERROR]

    clash = read_csv_text(text + row.format(level="Local authority", cat="Total", n=426), schema, areas)
    errors = [i for i in clash.issues if i.severity == ERROR]
    assert len(errors) == 1 and errors[0].code == "dfe-duplicate" and errors[0].cell == "L9"


def test_one_row_left_out_at_a_level_was_not_imported(schema, areas):
    row = ("2020,Reporting year,{level},E92000001,England,E12000005,West Midlands,937,E10000031,Warwickshire,"
           "Total,{n}\n")
    text = GEOGRAPHY + ",category,CPP_start\n" + row.format(level="Local authority", n=425) + row.format(
        level="Local authority district", n=90)
    [level] = [i.message for i in read_csv_text(text, schema, areas).issues if i.code == "dfe-skipped-level"]
    assert level.startswith("1 row at geographic level 'Local authority district' was not imported: ")


def test_a_breakdown_category_in_a_filter_fills_that_breakdown(tmp_path, areas):
    local = tmp_path / "local_indicators.toml"
    local.write_text('[[indicator]]\nid = "local_cpp_starts_category_pct"\n'
                     'title = "Plans starting by category (DfE D2 share)"\nunit = "percent"\n'
                     'polarity = "none"\n'
                     'period_kind = "year"\nbreakdown = "category"\ndfe_columns = ["CPP_start_percent"]\n',
                     encoding="utf-8")
    schema = load_schema(local)
    # Hampshire's report: "New CPP in the Year %: Neglect" 46.6%, 49.0%, 58.5% for 2012-13 to 2014-15.
    row = ("{year},Reporting year,Local authority,E92000001,England,E12000008,South East,850,E10000014,"
           "Hampshire,{cat},{n}\n")
    text = GEOGRAPHY + ",category,CPP_start_percent\n" + "".join([
        row.format(year=2013, cat="Neglect", n=46.6), row.format(year=2014, cat="Neglect", n=49.0),
        row.format(year=2015, cat="Neglect", n=58.5), row.format(year=2015, cat="Total", n=100)])
    result = read_csv_text(text, schema, areas)
    shares = {(o.period.label, o.breakdown): o.value for o in result.observations}
    assert shares == {("2012/13", "neglect"): 46.6, ("2013/14", "neglect"): 49.0,
                      ("2014/15", "neglect"): 58.5, ("2014/15", ""): 100.0}


def test_a_published_figure_is_checked_even_when_its_parts_give_more_than_the_indicator_can_be(schema):
    """ICPC / Section47 can pass 100%: the disagreement is still reported, with the figure the parts give."""
    recipe = RowRecipe(schema["s47_to_icpc_pct"], (0,), (1,))
    published = Observation("E10000031", "s47_to_icpc_pct", financial_year(2020), 95.0, None, "95.0")
    checked = check_row_figure(recipe, ["110", "100"], published, to_nearest_ten=False)
    assert checked is not None and checked.disagreement is not None
    assert checked.disagreement.derived == 110.0
    assert "give 110.0 (110 / 100 x 100)" in disagreement_issue(checked.disagreement, schema, str).message
