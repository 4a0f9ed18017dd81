"""Tables laid out with merged cells: titles across the table, band headings, area labels down a column.

Figures are Warwickshire's, from the seed report ("Update on Child Protection", September 2020); the
layouts are those councils use (see ``merged_fixtures``). Every figure must keep its indicator, area,
period and cell, and a label cpdesk cannot read must be reported, never guessed.
"""

import openpyxl
import pytest

from cpdesk.read.tables import MappingProfile, find_tables, read_tables
from cpdesk.read.workbook import open_workbook
from tests.core.format_fixtures import figures_with_cells, issue_places, xlsx_as_xls
from tests.core.merged_fixtures import (
    GROUPS_TITLE,
    NOTE_6,
    SOURCE_1,
    TITLE_1,
    TITLE_6,
    TITLE_7,
    merged_council_workbook,
    plans_workbook,
)
from tests.core.ods_fixtures import xlsx_as_ods

WARKS, SN, ENGLAND = "E10000031", "SN-E10000031", "E92000001"
DISTRICTS = ("E07000218", "E07000219", "E07000220", "E07000221", "E07000222")
MARCH_ENDS = ["31 Mar 2016", "31 Mar 2017", "31 Mar 2018", "31 Mar 2019", "31 Mar 2020"]
DISTRICT_PERIODS = ["31 Mar 2015", "31 Mar 2016", "31 Mar 2017", "31 Mar 2018", "31 Mar 2019",
                    "31 Mar 2020", "31 Jul 2020"]

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def council_book(tmp_path):
    return merged_council_workbook(tmp_path / "merged.xlsx")


def _facts(result, sheet="CP tables", rows=None):
    """(area, indicator, period, value, status, cell) of the figures read from ``sheet`` (and ``rows``)."""
    return [(o.area_code, o.indicator_id, o.period.label, o.value, o.status, o.source.cell)
            for o in result.observations if o.source.sheet == sheet
            and (rows is None or int(o.source.cell.lstrip("ABCDEFGHIJ")) in rows)]


def _read(path, schema, areas, **kwargs):
    return read_tables(open_workbook(path), schema, areas, council="Warwickshire", **kwargs)


def test_tables_are_found_under_merged_titles_with_their_footnotes(council_book):
    tables = find_tables(open_workbook(council_book).sheets[0])
    assert [t.title for t in tables] == [TITLE_1, TITLE_6, TITLE_7]
    assert [t.title_cell for t in tables] == [(0, 0), (9, 0), (20, 1)]
    assert [t.header_rows for t in tables] == [[2], [10, 11], [22]]
    assert [t.body_rows for t in tables] == [[3, 4, 5], [12, 13, 14, 15], [23, 24, 25, 26, 27, 28]]
    assert [t.label_cols for t in tables] == [[0], [0, 1], [1, 2]]
    assert [t.value_cols for t in tables] == [[1, 2, 3, 4, 5], [2, 3, 4, 5, 6], [3, 4, 5, 6, 7, 8, 9]]
    assert [t.footnotes for t in tables] == [[SOURCE_1], [NOTE_6], []]


def test_title_merged_across_the_table_names_its_indicator(council_book, schema, areas):
    result = _read(council_book, schema, areas)
    assert _facts(result, rows=range(1, 8)) == [
        (WARKS, "cpp_rate", "31 Mar 2016", 42.0, None, "B4"),
        (WARKS, "cpp_rate", "31 Mar 2017", 38.8, None, "C4"),
        (WARKS, "cpp_rate", "31 Mar 2018", 49.0, None, "D4"),
        (WARKS, "cpp_rate", "31 Mar 2019", 29.8, None, "E4"),
        (WARKS, "cpp_rate", "31 Mar 2020", 25.1, None, "F4"),
        (SN, "cpp_rate", "31 Mar 2016", 39.4, None, "B5"),
        (SN, "cpp_rate", "31 Mar 2017", 35.7, None, "C5"),
        (SN, "cpp_rate", "31 Mar 2018", 34.4, None, "D5"),
        (SN, "cpp_rate", "31 Mar 2019", 34.7, None, "E5"),
        (SN, "cpp_rate", "31 Mar 2020", None, "tbc", "F5"),
        (ENGLAND, "cpp_rate", "31 Mar 2016", 43.1, None, "B6"),
        (ENGLAND, "cpp_rate", "31 Mar 2017", 43.3, None, "C6"),
        (ENGLAND, "cpp_rate", "31 Mar 2018", 45.3, None, "D6"),
        (ENGLAND, "cpp_rate", "31 Mar 2019", 43.7, None, "E6"),
        (ENGLAND, "cpp_rate", "31 Mar 2020", None, "tbc", "F6"),
    ]


def test_year_band_over_years_and_area_merged_down_over_its_measures(council_book, schema, areas):
    result = _read(council_book, schema, areas)
    facts = _facts(result, rows=range(10, 19))
    s47 = [1084.0, 1290.0, 1426.0, 1205.0, 1306.0]
    plans = [473.0, 439.0, 563.0, 345.0, 295.0]
    years = ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]
    assert facts[:5] == [(WARKS, "s47_enquiries", p, v, None, f"{c}13")
                         for p, v, c in zip(years, s47, "CDEFG", strict=True)]
    assert facts[5:10] == [(WARKS, "cpp_count", p, v, None, f"{c}14")
                           for p, v, c in zip(MARCH_ENDS, plans, "CDEFG", strict=True)]
    assert facts[10:] == [
        (WARKS, "cpp_rate", "31 Mar 2016", 42.0, None, "C15"),
        (WARKS, "cpp_rate", "31 Mar 2017", 38.8, None, "D15"),
        (WARKS, "cpp_rate", "31 Mar 2018", 49.0, None, "E15"),
        (WARKS, "cpp_rate", "31 Mar 2019", 29.8, None, "F15"),
        (WARKS, "cpp_rate", "31 Mar 2020", 25.1, None, "G15"),
        (ENGLAND, "cpp_rate", "31 Mar 2016", 43.1, None, "C16"),
        (ENGLAND, "cpp_rate", "31 Mar 2017", 43.3, None, "D16"),
        (ENGLAND, "cpp_rate", "31 Mar 2018", 45.3, None, "E16"),
        (ENGLAND, "cpp_rate", "31 Mar 2019", 43.7, None, "F16"),
        (ENGLAND, "cpp_rate", "31 Mar 2020", None, "tbc", "G16"),
    ]


def test_county_merged_down_over_its_districts(council_book, schema, areas):
    result = _read(council_book, schema, areas)
    facts = _facts(result, rows=range(21, 30))
    assert facts[:3] == [("E07000218", "cpp_rate", "31 Mar 2015", 51.0, None, "D24"),
                         ("E07000218", "cpp_rate", "31 Mar 2016", 35.0, None, "E24"),
                         ("E07000218", "cpp_rate", "31 Mar 2017", 39.0, None, "F24")]
    assert facts[14:16] == [("E07000220", "cpp_rate", "31 Mar 2015", 42.0, None, "D26"),
                            ("E07000220", "cpp_rate", "31 Mar 2016", 39.0, None, "E26")]
    assert facts[-2:] == [(WARKS, "cpp_rate", "31 Mar 2020", 25.1, None, "I29"),
                          (WARKS, "cpp_rate", "31 Jul 2020", 28.0, None, "J29")]
    rugby_july = [f for f in facts if f[5] == "J26"]
    assert rugby_july == [("E07000220", "cpp_rate", "31 Jul 2020", 33.0, None, "J26")]
    assert [f[0] for f in facts[::7]] == [*DISTRICTS, WARKS]
    assert [f[2] for f in facts[:7]] == DISTRICT_PERIODS
    assert len(facts) == 42


def test_indicator_band_over_number_and_rate_columns(council_book, schema, areas):
    result = _read(council_book, schema, areas)
    assert _facts(result, sheet="Plans") == [
        (WARKS, "cpp_count", "31 Mar 2016", 473.0, None, "B5"),
        (WARKS, "cpp_rate", "31 Mar 2016", 42.0, None, "C5"),
        (WARKS, "cpp_count", "31 Mar 2017", 439.0, None, "B6"),
        (WARKS, "cpp_rate", "31 Mar 2017", 38.8, None, "C6"),
        (WARKS, "cpp_count", "31 Mar 2018", 563.0, None, "B7"),
        (WARKS, "cpp_rate", "31 Mar 2018", 49.0, None, "C7"),
        (WARKS, "cpp_count", "31 Mar 2019", 345.0, None, "B8"),
        (WARKS, "cpp_rate", "31 Mar 2019", 29.8, None, "C8"),
        (WARKS, "cpp_count", "31 Mar 2020", 295.0, None, "B9"),
        (WARKS, "cpp_rate", "31 Mar 2020", 25.1, None, "C9"),
    ]


def test_indicator_per_column_group_over_the_periods(council_book, schema, areas):
    result = _read(council_book, schema, areas)
    facts = _facts(result, sheet="Groups")
    assert facts[:10] == [
        (WARKS, "cpp_count", "31 Mar 2016", 473.0, None, "B5"),
        (WARKS, "cpp_count", "31 Mar 2017", 439.0, None, "C5"),
        (WARKS, "cpp_count", "31 Mar 2018", 563.0, None, "D5"),
        (WARKS, "cpp_count", "31 Mar 2019", 345.0, None, "E5"),
        (WARKS, "cpp_count", "31 Mar 2020", 295.0, None, "F5"),
        (WARKS, "cpp_rate", "31 Mar 2016", 42.0, None, "G5"),
        (WARKS, "cpp_rate", "31 Mar 2017", 38.8, None, "H5"),
        (WARKS, "cpp_rate", "31 Mar 2018", 49.0, None, "I5"),
        (WARKS, "cpp_rate", "31 Mar 2019", 29.8, None, "J5"),
        (WARKS, "cpp_rate", "31 Mar 2020", 25.1, None, "K5"),
    ]
    assert facts[10:12] == [(SN, "cpp_rate", "31 Mar 2016", 39.4, None, "G6"),
                            (SN, "cpp_rate", "31 Mar 2017", 35.7, None, "H6")]
    assert facts[-2:] == [(ENGLAND, "cpp_rate", "31 Mar 2019", 43.7, None, "J7"),
                          (ENGLAND, "cpp_rate", "31 Mar 2020", None, "tbc", "K7")]
    assert len(facts) == 20
    table = find_tables(open_workbook(council_book).sheets[2])[0]
    assert (table.title, table.header_rows, table.footnotes) == (GROUPS_TITLE, [2, 3], [SOURCE_1])


def test_the_whole_workbook_reads_without_issues(council_book, schema, areas):
    result = _read(council_book, schema, areas)
    assert result.tables_found == 5
    assert len(result.observations) == 15 + 20 + 42 + 10 + 20
    assert result.issues == []


def test_band_cpdesk_cannot_read_is_reported_at_each_heading_and_not_guessed(tmp_path, schema, areas):
    path = plans_workbook(tmp_path / "plans.xlsx", "Kids on plans")
    result = _read(path, schema, areas)
    assert result.observations == []
    assert [(i.code, i.cell) for i in result.issues] == [("unknown-label", "B4"), ("unknown-label", "C4")]
    assert "'Kids on plans Number' in cell B4" in result.issues[0].message
    assert "'Kids on plans Rate per 10,000' in cell C4" in result.issues[1].message


def test_band_over_number_and_rate_reads_both_columns(tmp_path, schema, areas):
    """"Children on a CP plan" over "Number" and "Rate per 10,000": the band names the concept, each
    sub-heading its measure, so the count and the rate are read with no mapping."""
    path = plans_workbook(tmp_path / "plans.xlsx", "Children on a CP plan")
    first = _read(path, schema, areas)
    assert first.issues == []
    facts = _facts(first, sheet="Plans")
    assert [f for f in facts if f[1] == "cpp_count"] == [
        (WARKS, "cpp_count", p, v, None, f"B{row}")
        for p, v, row in zip(MARCH_ENDS, [473.0, 439.0, 563.0, 345.0, 295.0], range(5, 10), strict=True)]
    assert (WARKS, "cpp_rate", "31 Mar 2020", 25.1, None, "C9") in facts


def test_band_that_is_not_an_indicator_is_reported_once_at_its_own_cell(tmp_path, schema, areas):
    path = plans_workbook(tmp_path / "plans.xlsx", "Kids on plans")
    profile = MappingProfile("plans")
    profile.set("Number", "indicator", "cpp_count")
    profile.set("Rate per 10,000", "indicator", "cpp_rate")
    result = _read(path, schema, areas, mapping=profile)
    assert result.observations == []
    assert [(i.code, i.cell) for i in result.issues] == [("unknown-label", "B3")]
    assert "'Kids on plans' in cell B3" in result.issues[0].message


def test_area_merged_over_an_area_outside_it_is_reported(tmp_path, schema, areas):
    path = merged_council_workbook(tmp_path / "merged.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["CP tables"]["B24"] = "Hampshire"
    wb.save(path)
    result = _read(path, schema, areas)
    assert _facts(result, rows=range(24, 29)) == []
    conflicts = [("conflicting-labels", f"B{row}") for row in range(24, 29)]
    assert [(i.code, i.cell) for i in result.issues] == conflicts
    assert ("Row label 'Hampshire N. Warwickshire' in cell B24 names areas that do not lie one inside the "
            "other ('Hampshire', 'N. Warwickshire')") in result.issues[0].message
    assert [f[5] for f in _facts(result, rows=(29,))] == [f"{c}29" for c in "DEFGHIJ"]


@pytest.mark.parametrize("convert", [xlsx_as_xls, xlsx_as_ods], ids=["xls", "ods"])
def test_same_workbook_as_xls_and_ods_reads_the_same(convert, council_book, schema, areas, tmp_path):
    other = convert(council_book, tmp_path / ("merged." + convert.__name__[-3:]))
    from_xlsx = _read(council_book, schema, areas)
    from_other = _read(other, schema, areas)
    assert figures_with_cells(from_other.observations) == figures_with_cells(from_xlsx.observations)
    assert issue_places(from_other) == issue_places(from_xlsx) == []
    assert len(from_other.observations) == 107


def test_year_band_over_financial_years_of_a_flow_indicator(tmp_path, schema, areas):
    """Warwickshire's Table 4, with "Year ending 31 March" merged B2:D2 over "2017/18" ... "2019/20"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Repeat plans"
    ws["A1"] = "Table 4 - Of all children who had a child protection plan initiated during the year, the " \
               "proportion who became the subject of a child protection plan for a second or subsequent time."
    ws.append(["Area", "Year ending 31 March"])
    ws.append([None, "2017/18", "2018/19", "2019/20"])
    ws.append(["Warwickshire", "18.7%", "18.6%", "23.8%"])
    ws.append(["Statistical Neighbours", "21.6%", "22.0%", "TBC"])
    for ref in ("A1:D1", "A2:A3", "B2:D2"):
        ws.merge_cells(ref)
    wb.save(tmp_path / "repeat.xlsx")
    result = _read(tmp_path / "repeat.xlsx", schema, areas)
    assert _facts(result, sheet="Repeat plans") == [
        (WARKS, "cpp_repeat_pct", "2017/18", 18.7, None, "B4"),
        (WARKS, "cpp_repeat_pct", "2018/19", 18.6, None, "C4"),
        (WARKS, "cpp_repeat_pct", "2019/20", 23.8, None, "D4"),
        (SN, "cpp_repeat_pct", "2017/18", 21.6, None, "B5"),
        (SN, "cpp_repeat_pct", "2018/19", 22.0, None, "C5"),
        (SN, "cpp_repeat_pct", "2019/20", None, "tbc", "D5"),
    ]
    assert result.issues == []
