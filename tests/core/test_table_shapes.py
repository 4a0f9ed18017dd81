"""A table's shape is found from what its cells hold, not where they are: blank rows inside a table,
merged group headings over several heading rows, and the title among the lines above it.

The sheets are laid out the way LAIT downloads, DfE extracts and council benchmarking tables are, with
real figures (DfE "Children looked after" and "Characteristics of children in need" releases).
"""

from __future__ import annotations

import openpyxl

from cpdesk.read.dispatch import read_file
from cpdesk.read.tables import find_tables
from cpdesk.read.tables.headers import LabelContext
from cpdesk.read.workbook import open_workbook

ENGLAND, SOUTH_EAST, WEST_MIDLANDS = "E92000001", "E12000008", "E12000005"
WARWICKSHIRE, COVENTRY, OXFORDSHIRE, KENT = "E10000031", "E08000026", "E10000025", "E10000016"


def build(path, rows, merged=()):
    """One sheet: ``rows`` top to bottom (None or [] for a blank row), ``merged`` as "A1:C1" ranges."""
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row or [], start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def figures(result) -> dict[tuple[str, str, str], float]:
    return {(o.area_code, o.indicator_id, o.period.label): o.value for o in result.observations}


def errors(result) -> list[str]:
    return [f"{i.code}: {i.message}" for i in result.issues if i.severity == "error"]


def tables_of(path, reference):
    sheet = open_workbook(path).sheets[0]
    return find_tables(sheet, LabelContext(reference.schema, reference.areas))


LAIT_TITLE = [
    ["Local Authority Interactive Tool (LAIT)"],
    ["Children looked after rate, per 10,000 children aged under 18"],
    ["Source: DfE, Children looked after in England including adoptions (SSDA903)"],
    ["Good performance is: Low"],
    [],
]


def test_comparator_rows_under_a_blank_row_stay_in_the_table(tmp_path, reference):
    rows = [*LAIT_TITLE,
            ["LA number", "LA Name", "2023", "2024", "2025", None, "Latest change", "Rank 2025",
             "Quartile band"],
            [886, "Kent", 56, 56, 53, None, -3, 8, "B"],
            [931, "Oxfordshire", 59, 50, 51, None, 1, 7, "B"],
            [],
            [None, "South East", 57, 56, 55, None, -1],
            [None, "England", 70, 69, 67, None, -2],
            [],
            ["Rates are rounded to the nearest whole number. Rank 1 = lowest rate."]]
    result = read_file(build(tmp_path / "lait.xlsx", rows), reference)
    assert errors(result) == []
    found = figures(result)
    assert len(found) == 12
    assert found[(KENT, "cla_rate", "31 Mar 2025")] == 53
    assert found[(SOUTH_EAST, "cla_rate", "31 Mar 2024")] == 56
    assert found[(ENGLAND, "cla_rate", "31 Mar 2023")] == 70


def test_a_row_of_figures_after_a_blank_row_is_never_a_heading(tmp_path, reference):
    """Comparators first, then the LAs: the first LA row used to be taken for a heading row
    ("Column heading '762.9' is a number")."""
    rows = [["Rate of referrals to children's social care per 10,000 children"], [],
            ["LA Number", "LA Name", "2018-19", "2019-20"],
            [None, "South East", 545.5, 593.7],
            [None, "England", 553.7, 545.3],
            [],
            [886, "Kent", 551.7, 670.5],
            [931, "Oxfordshire", 472.7, 519.4]]
    result = read_file(build(tmp_path / "lait.xlsx", rows), reference)
    assert errors(result) == []
    assert figures(result) == {
        (SOUTH_EAST, "referrals_rate", "2018/19"): 545.5, (SOUTH_EAST, "referrals_rate", "2019/20"): 593.7,
        (ENGLAND, "referrals_rate", "2018/19"): 553.7, (ENGLAND, "referrals_rate", "2019/20"): 545.3,
        (KENT, "referrals_rate", "2018/19"): 551.7, (KENT, "referrals_rate", "2019/20"): 670.5,
        (OXFORDSHIRE, "referrals_rate", "2018/19"): 472.7, (OXFORDSHIRE, "referrals_rate", "2019/20"): 519.4,
    }


def test_rows_of_another_kind_after_a_blank_row_are_not_the_tables(tmp_path, reference):
    """Areas, a blank row, then indicator rows with no headings: not read as more areas, but reported."""
    rows = [["Children looked after rate, per 10,000 children aged under 18"],
            ["Area", "2024", "2025"],
            ["Kent", 56, 53],
            ["England", 69, 67],
            [],
            ["Number of referrals", 9000, 9100],
            ["Number of contacts", 24000, 25100]]
    result = read_file(build(tmp_path / "mixed.xlsx", rows), reference)
    assert len(figures(result)) == 4
    assert [i.code for i in result.issues if i.severity == "error"] == ["no-headings"]
    assert "Rows 6 to 7" in errors(result)[0]


def test_years_under_a_merged_band_and_an_arrows_column(tmp_path, reference):
    """"Year ending 31 March" merged over the years is one heading row of two; the Trend column of
    arrows beside the figures is not read."""
    rows = [["Children looked after at 31 March: rate per 10,000 children aged under 18"],
            ["Selected local authority: Warwickshire (937)"], [],
            [None, None, "Year ending 31 March"],
            ["LA number", "Local Authority", 2024, 2025, "Trend"],
            [937, "Warwickshire", 55, 56, "↑"],
            [331, "Coventry", 88, 84, "↓"],
            [],
            [None, "England", 69, 67, "↓"]]
    path = build(tmp_path / "band.xlsx", rows, merged=["C4:D4"])
    result = read_file(path, reference)
    assert errors(result) == []
    assert figures(result) == {
        (WARWICKSHIRE, "cla_rate", "31 Mar 2024"): 55, (WARWICKSHIRE, "cla_rate", "31 Mar 2025"): 56,
        (COVENTRY, "cla_rate", "31 Mar 2024"): 88, (COVENTRY, "cla_rate", "31 Mar 2025"): 84,
        (ENGLAND, "cla_rate", "31 Mar 2024"): 69, (ENGLAND, "cla_rate", "31 Mar 2025"): 67,
    }
    (table,) = tables_of(path, reference)
    assert table.header_rows == [3, 4] and table.side_cols == [4]


def test_a_merged_indicator_band_over_number_and_rate(tmp_path, reference):
    rows = [["Eastern region benchmarking"], ["Year ending 31 March 2023"], [],
            ["Local authority", "Child protection", None, "CP rate rank", "RAG"],
            [None, "Plans at 31 March", "Rate per 10,000", "(1 = lowest)", "vs England"],
            ["Essex", 680, 21.4, 3, "G"],
            ["Norfolk", 699, 41.4, 10, "R"],
            [],
            ["England", 50780, 42.7]]
    result = read_file(build(tmp_path / "bench.xlsx", rows, merged=["B4:C4", "A4:A5"]), reference)
    assert errors(result) == []
    assert figures(result) == {
        ("E10000012", "cpp_count", "31 Mar 2023"): 680, ("E10000012", "cpp_rate", "31 Mar 2023"): 21.4,
        ("E10000020", "cpp_count", "31 Mar 2023"): 699, ("E10000020", "cpp_rate", "31 Mar 2023"): 41.4,
        (ENGLAND, "cpp_count", "31 Mar 2023"): 50780, (ENGLAND, "cpp_rate", "31 Mar 2023"): 42.7,
    }


def test_in_month_and_year_to_date_blocks_are_two_heading_rows(tmp_path, reference):
    """Both heading rows are headings, and the "Year to date" block is beside the figures."""
    rows = [["Suffolk County Council"], [],
            [None, None, "In month", None, "Year to date", None],
            ["Ref", "Measure", "Apr 2024", "May 2024", "Apr 2024", "May 2024", "Target"],
            ["R1", "Referrals", 453, 442, 453, 895],
            ["S1", "Section 47 enquiries", 136, 114, 136, 250]]
    path = build(tmp_path / "blocks.xlsx", rows, merged=["C3:D3", "E3:F3"])
    (table,) = tables_of(path, reference)
    assert table.header_rows == [2, 3] and table.body_rows == [4, 5]
    assert table.label_cols == [1] and table.code_cols == [0]
    assert table.value_cols == [2, 3, 6] and table.side_cols == [4, 5]


def test_a_good_performance_row_under_the_headings(tmp_path, reference):
    rows = [["Regional key performance indicators 2023/24"], [],
            ["Local Authority", "Referrals received", "Re-referrals within 12 months (%)"],
            ["Good performance is", None, "Low"],
            ["Leeds", 9914, 24.2],
            ["York", 1614, 23.0]]
    result = read_file(build(tmp_path / "kpi.xlsx", rows), reference)
    assert errors(result) == []
    assert figures(result) == {
        ("E08000035", "referrals", "2023/24"): 9914, ("E08000035", "rereferrals_12m_pct", "2023/24"): 24.2,
        ("E06000014", "referrals", "2023/24"): 1614, ("E06000014", "rereferrals_12m_pct", "2023/24"): 23.0,
    }


def test_section_rows_between_the_headings_and_the_figures(tmp_path, reference):
    rows = [["Norfolk County Council"], [],
            ["Ref", "Indicator", "2023/24", None, "2024/25"],
            [None, None, "Q1", "Q2", "Q1"],
            ["Front door"],
            ["KPI 07", "Referrals received in the quarter", 1628, 1565, 1556],
            ["Child protection"],
            ["KPI 12", "Section 47 enquiries started", 682, 738, 709]]
    path = build(tmp_path / "qpr.xlsx", rows, merged=["C3:D3"])
    result = read_file(path, reference)
    assert errors(result) == []
    assert figures(result) == {
        ("E10000020", "referrals", "Q1 23/24"): 1628, ("E10000020", "referrals", "Q2 23/24"): 1565,
        ("E10000020", "referrals", "Q1 24/25"): 1556, ("E10000020", "s47_enquiries", "Q1 23/24"): 682,
        ("E10000020", "s47_enquiries", "Q2 23/24"): 738, ("E10000020", "s47_enquiries", "Q1 24/25"): 709,
    }
    (table,) = tables_of(path, reference)
    assert table.header_rows == [2, 3] and table.body_rows == [4, 5, 6, 7]


def test_the_title_is_the_line_that_names_what_the_table_holds(tmp_path, reference):
    """Not the nearest line ("Good performance is: Low", "Source: ..."): the one naming an indicator."""
    rows = [["Warwickshire County Council"],
            ["Children subject to a child protection plan per 10,000 children"],
            ["Source: DfE, Characteristics of children in need"],
            ["Good performance is: Low"], [],
            ["Area", "2019", "2020"],
            ["Warwickshire", 29.8, 25.2],
            ["England", 44.5, 43.7]]
    path = build(tmp_path / "titled.xlsx", rows)
    (table,) = tables_of(path, reference)
    assert table.title == "Children subject to a child protection plan per 10,000 children"
    assert table.lines_above == [rows[0][0], rows[2][0], rows[3][0]]
    result = read_file(path, reference)
    assert {key[:2] for key in figures(result)} == {(WARWICKSHIRE, "cpp_rate"), (ENGLAND, "cpp_rate")}


def test_a_title_that_names_a_period_beats_one_that_names_nothing(tmp_path, reference):
    rows = [["Children's Social Care - monthly performance 2023/24"],
            ["Social care performance and improvement board"], [],
            ["KPI", "Description", "April 2023", "May 2023"],
            ["CSC2", "Referrals", 519, 478]]
    (table,) = tables_of(build(tmp_path / "scorecard.xlsx", rows), reference)
    assert table.title == "Children's Social Care - monthly performance 2023/24"


def test_a_year_closing_a_title_before_a_bracketed_note_is_the_tables_period(tmp_path, reference):
    rows = [["Front door activity by council, 2023/24 (figures as returned to the DfE)"],
            ["Local authority", "Referrals", "Section 47 enquiries"],
            ["Kent", 19520, 4879],
            ["Essex", 5705, 1407]]
    result = read_file(build(tmp_path / "front_door.xlsx", rows), reference)
    assert errors(result) == []
    assert figures(result) == {
        (KENT, "referrals", "2023/24"): 19520, (KENT, "s47_enquiries", "2023/24"): 4879,
        ("E10000012", "referrals", "2023/24"): 5705, ("E10000012", "s47_enquiries", "2023/24"): 1407,
    }
