"""Every DfE release in ../shared/reference imports whole: each row read or named in a note, the
published figures kept as published, and filter values never guessed.

Expected figures are the files' own cells (quoted with their line numbers) and the seed reports'.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from cpdesk.cli import main
from cpdesk.issues import ERROR, WARNING
from cpdesk.pipeline import prepare_import
from cpdesk.read.dfe import read_dfe_rows
from cpdesk.read.dfe_sources import read_dfe_sources
from cpdesk.read.dispatch import read_file
from tests.conftest import SHARED
from tests.core.test_dfe_sources import RELEASES

REFERENCE = SHARED / "reference"
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference files not available")
CLA = "cla_number_and_rate_per_10k_children.csv"
D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
CSWW = "csww_indicators_2017_to_2025.csv"
ENGLAND, WARWICKSHIRE = "E92000001", "E10000031"
CLA_HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
              "region_name,old_la_code,la_name,new_la_code,population_type,population_estimate,children_count,"
              "rate_per_10000\n")
WARWICKSHIRE_CLA = ("2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,937,"
                    "Warwickshire,E10000031,{type},129392,{count},{rate}\n")


@pytest.fixture(scope="module")
def read_release(reference):
    """The ReadResult of a reference release, read once per module."""
    cache = {}

    def read(name: str):
        if name not in cache:
            cache[name] = read_file(REFERENCE / name, reference)
        return cache[name]
    return read


def data_rows(name: str) -> int:
    with (REFERENCE / name).open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def find(result, indicator_id: str, area_code: str, year: int, kind: str | None = None):
    matches = [o for o in result.observations if o.indicator_id == indicator_id and o.area_code == area_code
               and o.period.end.year == year and (kind is None or o.period.kind == kind)]
    assert len(matches) == 1, matches
    return matches[0]


def notes(result, code: str) -> list[str]:
    return [issue.message for issue in result.issues if issue.code == code]


def read_text(text: str, reference, sources=None):
    rows = list(csv.reader(io.StringIO(text)))
    return read_dfe_rows(rows[0], rows[1:], file_name="synthetic.csv", schema=reference.schema,
                         areas=reference.areas, sources=sources)


# -- every release imports, every row accounted for ------------------------------------------------

@needs_reference
@pytest.mark.parametrize("name", sorted(RELEASES))
def test_every_release_imports_with_no_errors_and_accounts_for_every_row(name, reference):
    plan = prepare_import(REFERENCE / name, reference)
    assert plan.report.errors == []
    [summary] = notes(plan.read, "dfe-rows")
    counts = re.search(r": ([\d,]+) rows: ([\d,]+) read(?:; ([\d,]+) not read)?", summary)
    rows, read, not_read = (int((text or "0").replace(",", "")) for text in counts.groups())
    assert rows == data_rows(name)
    assert read + not_read == rows
    assert not notes(plan.read, "dfe-unknown-filter")


@needs_reference
def test_every_cla_row_is_imported_or_named_in_a_note(read_release):
    result = read_release(CLA)
    with (REFERENCE / CLA).open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    read_lines = {int(re.sub(r"[A-Z]+", "", o.source.cell)) for o in result.observations
                  if not o.raw.startswith("derived")}
    types_not_read = {lines[number - 1][10] for number in range(2, len(lines) + 1)
                      if number not in read_lines}
    assert types_not_read == {"Children ceasing to be looked after each year"}
    assert len(read_lines) == 2 * 835
    assert notes(result, "dfe-not-indicator") == [
        "population_type 'Children ceasing to be looked after each year' is not a cpdesk indicator: "
        "835 rows not read."]
    assert notes(result, "dfe-unread-column") == [
        "rate_per_10000 in rows where population_type is 'Children starting to be looked after each year' "
        "is not a cpdesk indicator: 835 figures not read."]
    counts = {i: sum(o.indicator_id == i for o in result.observations)
              for i in ("cla_count", "cla_rate", "cla_starts", "child_population")}
    assert counts == {"cla_count": 835, "cla_rate": 835, "cla_starts": 835, "child_population": 835}


# -- the files' own figures --------------------------------------------------------------------------

@needs_reference
def test_cla_figures_equal_the_file_under_the_right_indicator_and_period(read_release):
    result = read_release(CLA)
    at_31_march = find(result, "cla_count", WARWICKSHIRE, 2025)  # line 264: ...,129392,727,56
    assert (at_31_march.value, at_31_march.period.label, at_31_march.source.cell) == (727, "31 Mar 2025",
                                                                                      "M264")
    starting = find(result, "cla_starts", WARWICKSHIRE, 2025)  # line 265: ...,129392,269,21
    assert (starting.value, starting.period.label, starting.source.cell) == (269, "2024/25", "M265")
    assert find(result, "cla_count", ENGLAND, 2021).value == 80780
    assert find(result, "cla_starts", ENGLAND, 2025).value == 32270
    # The population beside the rates is the denominator of reporting year T: mid-year T-1.
    population = find(result, "child_population", ENGLAND, 2024)
    assert (population.period.label, population.value) == ("mid-2024", 12_183_016)
    cumbria = find(result, "cla_count", "E10000006", 2025)  # line: ...,Cumbria,...,x,z,z
    assert (cumbria.value, cumbria.status) == (None, "z")


@needs_reference
def test_published_rates_are_stored_as_published_not_as_worked_out(read_release):
    result = read_release(CLA)
    # 727 / 129,392 x 10,000 = 56.2 and 81,770 / 12,183,016 x 10,000 = 67.1: the DfE publishes 56 and 67.
    warwickshire = find(result, "cla_rate", WARWICKSHIRE, 2025)
    assert (warwickshire.value, warwickshire.raw, warwickshire.source.cell) == (56, "56", "N264")
    assert [find(result, "cla_rate", ENGLAND, year).value for year in (2025, 2024)] == [67, 69]
    assert not [o for o in result.observations
                if o.indicator_id == "cla_rate" and o.raw.startswith("derived")]
    assert notes(result, "dfe-checked") == [
        "Children looked after per 10,000 children at 31 March: 815 published figures checked against the "
        "release's own counts; all agree, allowing for rounding. The published figures are the ones kept."]


@needs_reference
def test_d5_plans_at_31_march_and_the_rate_worked_out_from_them(read_release):
    result = read_release(D5)
    expected = {2016: 473, 2017: 439, 2018: 561, 2019: 345, 2020: 295}  # INDICATORS.md, seed report
    assert {year: find(result, "cpp_count", WARWICKSHIRE, year).value for year in expected} == expected
    rate = find(result, "cpp_rate", WARWICKSHIRE, 2019)  # not published in D5: worked out, as before
    assert (rate.value, rate.raw) == (29.8, "derived: 345 / 115696 x 10,000")
    # Line 1068 suppresses plans of 2 years or more (c, c): the percentage is not worked out from the rest.
    suppressed = find(result, "cpp_current_2y_pct", WARWICKSHIRE, 2019)
    assert (suppressed.value, suppressed.status, suppressed.raw) == (None, "c", "c")
    assert find(result, "cpp_current_2y_pct", ENGLAND, 2025).value == 2.3


@needs_reference
def test_a_published_percentage_wins_and_a_real_difference_is_warned_of(read_release):
    result = read_release(D3)
    # Line 496: England 2022: 64390 starts, 14550 repeats, published 22.7%; 14550 / 64390 is 22.6%.
    england = find(result, "cpp_repeat_pct", ENGLAND, 2022)
    assert (england.value, england.raw, england.source.cell) == (22.7, "22.7", "N496")
    differs = [i for i in result.issues if i.code == "dfe-published-differs"]
    assert [(i.severity, i.cell) for i in differs] == [(WARNING, "N496"), (WARNING, "N499")]
    assert "publishes 22.7, but the release's own figures give 22.6 (14550 / 64390 x 100)" \
        in differs[0].message
    assert find(result, "cpp_repeat_pct", WARWICKSHIRE, 2020).value == 23.8  # 101 / 425 = 23.76


@needs_reference
def test_workforce_figures_are_the_published_ones(read_release):
    result = read_release(CSWW)
    caseload = find(result, "caseload_avg", WARWICKSHIRE, 2025)  # line 85: 2199 cases / 148.9 FTE
    assert (caseload.value, caseload.raw) == (14.8, "14.8")
    assert caseload.period.label == "30 Sep 2025"  # the census day, as councils' own files say it
    assert find(result, "sw_vacancy_pct", ENGLAND, 2025).value == 14.2
    assert len(notes(result, "dfe-checked")) == 2


@needs_reference
def test_the_command_line_imports_the_cla_release_with_no_mapping(database, capsys):
    code = main(["import", "--db", database, "--yes", str(REFERENCE / CLA)])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{CLA}: 0 errors" in out
    assert f"{CLA}: 3,340 added, 0 changed, 0 unchanged" in out


# -- filter values are never guessed --------------------------------------------------------------

def test_an_unknown_population_type_is_named_and_its_rows_not_read(reference):
    rows = (("Children looked after on 31 March each year", 727, 56),
            ("Children looked after during the year", 1074, 83),
            ("Children looked after during the year", 1074, 83),
            ("Children looked after at 31 March", 727, 56))  # near the real value, but not it
    text = CLA_HEADER + "".join(WARWICKSHIRE_CLA.format(type=kind, count=count, rate=rate)
                                for kind, count, rate in rows)
    result = read_text(text, reference)
    figures = [(o.indicator_id, o.source.cell) for o in result.observations]
    assert figures == [("child_population", "L2"), ("cla_count", "M2"), ("cla_rate", "N2")]
    unknown = sorted(notes(result, "dfe-unknown-filter"))
    assert unknown == [
        "population_type 'Children looked after at 31 March' is not a value cpdesk knows in Children looked "
        "after: numbers and rates per 10,000 (CLA): 1 row not read. cpdesk does not guess which indicator "
        "such rows hold.",
        "population_type 'Children looked after during the year' is not a value cpdesk knows in Children "
        "looked after: numbers and rates per 10,000 (CLA): 2 rows not read. cpdesk does not guess which "
        "indicator such rows hold."]
    assert {i.severity for i in result.issues if i.code == "dfe-unknown-filter"} == {WARNING}
    assert not [i for i in result.issues if i.severity == ERROR]


def test_without_its_declaration_the_cla_file_is_not_guessed_either(tmp_path, reference):
    empty = tmp_path / "sources.toml"
    empty.write_text("", encoding="utf-8")
    text = (CLA_HEADER
            + WARWICKSHIRE_CLA.format(type="Children looked after on 31 March each year", count=727, rate=56)
            + WARWICKSHIRE_CLA.format(type="Children starting to be looked after each year", count=269,
                                      rate=21))
    result = read_text(text, reference, sources=read_dfe_sources(empty))
    assert not [o for o in result.observations if o.indicator_id in ("cla_count", "cla_rate", "cla_starts")]
    assert len(notes(result, "dfe-skipped-filter")) == 2


def test_a_published_rate_that_its_count_does_not_give_is_warned_of_and_kept(reference):
    text = CLA_HEADER + WARWICKSHIRE_CLA.format(type="Children looked after on 31 March each year",
                                                count=727, rate=65)
    result = read_text(text, reference)
    assert find(result, "cla_rate", WARWICKSHIRE, 2025).value == 65
    [warning] = [i for i in result.issues if i.code == "dfe-published-differs"]
    assert (warning.severity, warning.cell) == (WARNING, "N2")
    assert "the DfE publishes 65, but the release's own figures give 56.2 (727 / 129392 x 10,000)" \
        in warning.message


# -- other filter columns: placement stability, categories ------------------------------------------

STABILITY_HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
                    "region_name,old_la_code,la_name,new_la_code,cla_group,placement_stability,children_count,"
                    "children_percent\n")
ENGLAND_2025 = "2025,Reporting year,National,E92000001,England,,,,,,"
HARTLEPOOL_2025 = ("2025,Reporting year,Local authority,E92000001,England,E12000001,North East,805,"
                   "Hartlepool,E06000001,")


def test_placement_stability_reads_the_3_or_more_placements_rows_by_both_filters(reference):
    # Rows of the DfE's la_cla_placement_stability.csv (2025 release).
    text = STABILITY_HEADER + "".join([
        ENGLAND_2025 + "CLA on 31 March,Total children,81770,100\n",
        ENGLAND_2025 + "CLA on 31 March,With 3 or more placements during the year,8500,10\n",
        ENGLAND_2025 + "CLA 2 years on 31 March,With 3 or more placements during the previous 2 years,"
                       "13410,23\n",
        HARTLEPOOL_2025 + "CLA on 31 March,With 3 or more placements during the year,31,9\n",
        HARTLEPOOL_2025 + "Children looked after continuously for at least 2.5 years on 31 March aged under "
                          "16 years,Living with the same carer for at least 2 years,75,60\n"])
    result = read_text(text, reference)
    figures = {(o.area_code, o.indicator_id, o.period.label): o.value for o in result.observations}
    assert figures == {(ENGLAND, "cla_3plus_moves_pct", "2024/25"): 10,
                       ("E06000001", "cla_3plus_moves_pct", "2024/25"): 9}
    not_read = notes(result, "dfe-not-indicator")
    assert len(not_read) == 3
    assert not_read[0].startswith("cla_group 'CLA on 31 March' and placement_stability 'Total children': "
                                  "1 row not read (they are the children the percentages are of")
    assert notes(result, "dfe-layout") == [
        "Columns not imported (no cpdesk indicator is published in them): children_count."]


def test_a_declared_filter_value_can_select_a_breakdown_category(tmp_path, reference):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nid = "d2"\ntitle = "Plans starting by category (D2)"\n'
        'columns = ["category", "CPP_start_percent"]\n'
        '  [[source.measure]]\n  where = { category = "Neglect" }\n  category = "neglect"\n'
        '  figures = { CPP_start_percent = "cpp_by_category_pct" }\n'
        '  [[source.measure]]\n  where = { category = "Total" }\n', encoding="utf-8")
    # Hampshire's report: "New CPP in the Year %: Neglect" 46.6% in 2012-13.
    row = ("{year},Reporting year,Local authority,E92000001,England,E12000008,South East,850,Hampshire,"
           "E10000014,{cat},{n}\n")
    text = (STABILITY_HEADER.split(",cla_group")[0] + ",category,CPP_start_percent\n"
            + row.format(year=2013, cat="Neglect", n=46.6) + row.format(year=2013, cat="Total", n=100)
            + row.format(year=2013, cat="Emotional abuse", n=30.1))
    result = read_text(text, reference, sources=read_dfe_sources(path))
    assert [(o.indicator_id, o.breakdown, o.value) for o in result.observations] == [
        ("cpp_by_category_pct", "neglect", 46.6)]
    [unknown] = notes(result, "dfe-unknown-filter")
    assert unknown.startswith("category 'Emotional abuse' is not a value cpdesk knows in Plans starting by "
                              "category (D2): 1 row not read.")
