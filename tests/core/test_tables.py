"""Finding and reading the tables councils lay out, checked figure by figure against the seed report."""

import datetime as dt

import openpyxl

from cpdesk.read.tables import find_tables, read_tables
from cpdesk.read.workbook import open_workbook
from tests.core.table_fixtures import warwickshire_report

WARKS, SN, ENGLAND = "E10000031", "SN-E10000031", "E92000001"
NORTH_WARKS, RUGBY = "E07000218", "E07000220"


def _facts(result):
    """(area, indicator, period label, value, status, cell) of every observation, in reading order."""
    return [(o.area_code, o.indicator_id, o.period.label, o.value, o.status, o.source.cell)
            for o in result.observations]


def _read(path, schema, areas, **kwargs):
    return read_tables(open_workbook(path), schema, areas, **kwargs)


def _sheet_workbook(tmp_path, rows, name="t.xlsx", formats=None, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    for ref in merges:
        ws.merge_cells(ref)
    path = tmp_path / name
    wb.save(path)
    return path


def test_finds_each_table_with_its_title_and_footnote(tmp_path):
    sheet = open_workbook(warwickshire_report(tmp_path / "w.xlsx")).sheets[0]
    tables = find_tables(sheet)
    assert [t.title[:9] for t in tables] == ["Table 1 s", "Table 2 s", "Table 5 –", "Table 7 –"]
    assert [t.header_rows for t in tables] == [[4], [12], [19], [25]]
    assert [t.body_rows for t in tables] == [[5, 6, 7], [13, 14, 15], [20, 21, 22], [26, 27, 28]]
    assert tables[2].value_cols == [1, 2, 3, 4, 5, 6]
    source = "Source: District level data is taken from historical performance reporting."
    assert tables[3].footnotes == [source]
    assert tables[0].footnotes == []  # Table 2's long title is not Table 1's footnote


def test_areas_by_periods_with_indicator_from_title(tmp_path, schema, areas):
    result = _read(warwickshire_report(tmp_path / "w.xlsx"), schema, areas)
    table1 = [f for f in _facts(result) if f[5][1:] in ("6", "7", "8")]
    assert table1 == [
        (WARKS, "cpp_rate", "31 Mar 2016", 42.0, None, "B6"),
        (WARKS, "cpp_rate", "31 Mar 2017", 38.8, None, "C6"),
        (WARKS, "cpp_rate", "31 Mar 2018", 49.0, None, "D6"),
        (WARKS, "cpp_rate", "31 Mar 2019", 29.8, None, "E6"),
        (WARKS, "cpp_rate", "31 Mar 2020", 25.1, None, "F6"),
        (SN, "cpp_rate", "31 Mar 2016", 39.4, None, "B7"),
        (SN, "cpp_rate", "31 Mar 2017", 35.7, None, "C7"),
        (SN, "cpp_rate", "31 Mar 2018", 34.4, None, "D7"),
        (SN, "cpp_rate", "31 Mar 2019", 34.7, None, "E7"),
        (SN, "cpp_rate", "31 Mar 2020", None, "tbc", "F7"),
        (ENGLAND, "cpp_rate", "31 Mar 2016", 43.1, None, "B8"),
        (ENGLAND, "cpp_rate", "31 Mar 2017", 43.3, None, "C8"),
        (ENGLAND, "cpp_rate", "31 Mar 2018", 45.3, None, "D8"),
        (ENGLAND, "cpp_rate", "31 Mar 2019", 43.7, None, "E8"),
        (ENGLAND, "cpp_rate", "31 Mar 2020", None, "tbc", "F8"),
    ]
    assert result.tables_found == 4
    assert [i.code for i in result.issues] == ["council-assumed"]


def test_percent_formatted_fractions_become_percentages(tmp_path, schema, areas):
    result = _read(warwickshire_report(tmp_path / "w.xlsx"), schema, areas)
    facts = {f[5]: f for f in _facts(result)}
    assert facts["B14"] == (WARKS, "cpp_ended_2y_pct", "2015/16", 4.9, None, "B14")
    assert facts["E14"] == (WARKS, "cpp_ended_2y_pct", "2018/19", 3.0, None, "E14")
    assert facts["F15"] == (SN, "cpp_ended_2y_pct", "2019/20", None, "tbc", "F15")
    assert result.observations[0].source.file == "w.xlsx"
    assert result.observations[0].source.sheet == "CP update"


def test_periods_by_measures(tmp_path, schema, areas):
    result = _read(warwickshire_report(tmp_path / "w.xlsx"), schema, areas, council="Warwickshire")
    quarter = [f for f in _facts(result) if f[5][1:] == "21"]
    assert quarter == [
        (WARKS, "cpp_repeat_2y_count", "Q4 17/18", 17.0, None, "B21"),
        (WARKS, "cpp_repeat_2y_pct", "Q4 17/18", 10.1, None, "C21"),
        (WARKS, "cpp_repeat_count", "Q4 17/18", 26.0, None, "D21"),
        (WARKS, "cpp_repeat_pct", "Q4 17/18", 15.4, None, "E21"),
        (WARKS, "cpp_starts", "Q4 17/18", 169.0, None, "F21"),
        (WARKS, "cpp_repeat_gap_months", "Q4 17/18", 30.0, None, "G21"),
    ]
    assert "council-assumed" not in [i.code for i in result.issues]


def test_districts_with_date_headings_and_area_plus_indicator_label(tmp_path, schema, areas):
    result = _read(warwickshire_report(tmp_path / "w.xlsx"), schema, areas)
    districts = [f for f in _facts(result) if f[5][1:] in ("27", "28", "29")]
    assert districts == [
        (NORTH_WARKS, "cpp_rate", "31 Mar 2015", 51.0, None, "B27"),
        (NORTH_WARKS, "cpp_rate", "31 Mar 2016", 35.0, None, "C27"),
        (NORTH_WARKS, "cpp_rate", "31 Jul 2020", 22.0, None, "D27"),
        (RUGBY, "cpp_rate", "31 Mar 2015", 42.0, None, "B28"),
        (RUGBY, "cpp_rate", "31 Mar 2016", 39.0, None, "C28"),
        (RUGBY, "cpp_rate", "31 Jul 2020", 33.0, None, "D28"),
        (WARKS, "cpp_rate", "31 Mar 2015", 47.7, None, "B29"),
        (WARKS, "cpp_rate", "31 Mar 2016", 42.0, None, "C29"),
        (WARKS, "cpp_rate", "31 Jul 2020", 28.0, None, "D29"),
    ]


def test_merged_two_row_header_gives_indicator_and_period(tmp_path, schema, areas):
    rows = [
        [None, "Children subject to a child protection plan at 31 March", None, "CP rate per 10,000",
         None],
        ["Area", "2018/19", "2019/20", "2018/19", "2019/20"],
        ["Warwickshire", 345, 295, 29.8, 25.1],
        ["England", 52260, 51510, 43.7, "TBC"],
    ]
    path = _sheet_workbook(tmp_path, rows, merges=("B1:C1", "D1:E1"))
    result = _read(path, schema, areas)
    assert _facts(result) == [
        (WARKS, "cpp_count", "31 Mar 2019", 345.0, None, "B3"),
        (WARKS, "cpp_count", "31 Mar 2020", 295.0, None, "C3"),
        (WARKS, "cpp_rate", "31 Mar 2019", 29.8, None, "D3"),
        (WARKS, "cpp_rate", "31 Mar 2020", 25.1, None, "E3"),
        (ENGLAND, "cpp_count", "31 Mar 2019", 52260.0, None, "B4"),
        (ENGLAND, "cpp_count", "31 Mar 2020", 51510.0, None, "C4"),
        (ENGLAND, "cpp_rate", "31 Mar 2019", 43.7, None, "D4"),
        (ENGLAND, "cpp_rate", "31 Mar 2020", None, "tbc", "E4"),
    ]


def test_transposed_periods_down_areas_across(tmp_path, schema, areas):
    rows = [
        ["Table 4 - Of all children who had a child protection plan initiated during the year, the "
         "proportion who became the subject of a child protection plan for a second or subsequent time."],
        [None],
        ["Year", "Warwickshire", "Statistical Neighbours", "England"],
        ["2018/19", "18.6%", "22.0%", "20.8%"],
        ["2019/20", "23.8%", "TBC", "TBC"],
    ]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas, council="937")
    assert _facts(result) == [
        (WARKS, "cpp_repeat_pct", "2018/19", 18.6, None, "B4"),
        (SN, "cpp_repeat_pct", "2018/19", 22.0, None, "C4"),
        (ENGLAND, "cpp_repeat_pct", "2018/19", 20.8, None, "D4"),
        (WARKS, "cpp_repeat_pct", "2019/20", 23.8, None, "B5"),
        (SN, "cpp_repeat_pct", "2019/20", None, "tbc", "C5"),
        (ENGLAND, "cpp_repeat_pct", "2019/20", None, "tbc", "D5"),
    ]


def test_indicators_by_periods_for_the_council_with_side_columns(tmp_path, schema, areas):
    rows = [
        ["Table 6 - Child Protection Activity between 2015-2020."],
        ["Measure", "2018/19", "2019/20", "Target", "DoT", "Comments"],
        ["Number of S47 Child Protection Investigations initiated", 1205, "1,306", None, "↑", "Stable"],
        ["Number of Children subject to Plans at 31 March", 345, 295, 320, "↓", "Fewer plans"],
    ]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas, council="E10000031")
    assert _facts(result) == [
        (WARKS, "s47_enquiries", "2018/19", 1205.0, None, "B3"),
        (WARKS, "s47_enquiries", "2019/20", 1306.0, None, "C3"),
        (WARKS, "cpp_count", "31 Mar 2019", 345.0, None, "B4"),
        (WARKS, "cpp_count", "31 Mar 2020", 295.0, None, "C4"),
    ]
    assert result.targets == [("cpp_count", WARKS, "31 Mar 2020", 320.0)]
    assert result.issues == []


def test_category_rows_under_a_section_label(tmp_path, schema, areas):
    rows = [
        ["New CPP in the Year %"],
        [None, "2012-13", "2013-14"],
        ["Category of abuse", None, None],
        ["Neglect", "46.6%", "49.0%"],
        ["Physical", "26.9%", "21.6%"],
        ["Total", "100%", "100%"],
    ]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas, council="Hampshire")
    facts = [(o.breakdown, o.period.label, o.value, o.source.cell) for o in result.observations]
    assert facts == [("neglect", "2012/13", 46.6, "B4"), ("neglect", "2013/14", 49.0, "C4"),
                     ("physical", "2012/13", 26.9, "B5"), ("physical", "2013/14", 21.6, "C5")]
    # The Total row's 100% is a check on the percentages, not a figure: said once, not stored.
    [total] = [i for i in result.issues if i.code == "total-of-percentages"]
    assert (total.severity, total.cell) == ("info", "B6")
    assert {o.indicator_id for o in result.observations} == {"cpp_by_category_pct"}
    assert {o.area_code for o in result.observations} == {"E10000014"}


def test_indicator_and_category_in_one_label_carry_to_the_rows_below(tmp_path, schema, areas):
    """Hampshire's safeguarding report, section 3.8."""
    rows = [
        ["Child Protection Plans (CPP) and visits", "2012-13", "2013-14", "Feb 2015"],
        ["No of children on CPP", 909, 1111, 1357],
        ["New CPP in the Year %: Neglect", "46.6%", "49.0%", "58.5%"],
        ["Emotions", "18.9%", "24.6%", "21.1%"],
        ["New CPP in Year Rate Per 10,000 : Neglect", 19, 20.7, 37.4],
        ["Sexual", 3.1, 1.9, 3.2],
        ["CPP's ending after 2 or more years", "5.2%", "3.2%", "2.8%"],
    ]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas, council="Hampshire")
    facts = [(o.indicator_id, o.breakdown, o.period.label, o.value) for o in result.observations
             if o.source.cell[0] == "C"]
    assert facts == [
        ("cpp_count", "", "31 Mar 2014", 1111.0),
        ("cpp_by_category_pct", "neglect", "2013/14", 49.0),
        ("cpp_by_category_pct", "emotional", "2013/14", 24.6),
        ("cpp_by_category_rate", "neglect", "2013/14", 20.7),
        ("cpp_by_category_rate", "sexual", "2013/14", 1.9),
        ("cpp_ended_2y_pct", "", "2013/14", 3.2),
    ]
    # the "Feb 2015" column beside whole years holds the year so far for counts over time: not read
    assert [(i.code, i.cell) for i in result.issues] == [("totals-so-far", "D3"), ("totals-so-far", "D4"),
                                                         ("totals-so-far", "D5")]


def test_unknown_area_is_reported_and_not_read(tmp_path, schema, areas):
    rows = [
        ["Table 1 shows the rate of children who are subject to a Child Protection Plan at 31 March per "
         "10,000 of the 0-17 child population."],
        [None, "2018/19", "2019/20"],
        ["Warwickshire", 29.8, 25.1],
        ["Narnia", 12.0, 13.0],
    ]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas)
    assert [f[5] for f in _facts(result)] == ["B3", "C3"]
    # not read, said at its cell; the rest of the table imports
    assert [i for i in result.issues if i.severity == "error"] == []
    warnings = [i for i in result.issues if i.severity == "warning"]
    assert [(i.code, i.cell, i.sheet) for i in warnings] == [("unknown-area", "A4", "Data")]
    assert "Row label 'Narnia' in cell A4 is not an area cpdesk knows" in warnings[0].message
    assert "Its figures were not read" in warnings[0].message and "mapping file" in warnings[0].message


def test_bad_cells_are_reported_with_their_cell(tmp_path, schema, areas):
    rows = [
        ["Indicator", "2017/18", "2018/19", "2019/20"],
        ["Plans ending that had lasted 2 years or more", 5.9, 0.03, "n.k."],
        ["Number of Children subject to Plans at 31 March", "#DIV/0!", 345, 295],
    ]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas, council="Warwickshire")
    assert [f[5] for f in _facts(result)] == ["B2", "C3", "D3"]
    assert [(i.code, i.cell) for i in result.issues] == [
        ("not-a-number", "D2"), ("excel-error", "B3"), ("percent-as-fraction", "C2")]
    assert "'#DIV/0!'" in result.issues[1].message


def test_figures_without_an_area_need_a_council(tmp_path, schema, areas):
    rows = [["Indicator", "2019/20"], ["Section 47 enquiries started", 1306]]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas)
    assert result.observations == []
    assert [(i.code, i.cell) for i in result.issues] == [("no-area", "A2")]


def test_hidden_sheets_are_left_to_the_caller(tmp_path, schema, areas):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Area", dt.datetime(2020, 3, 31)])
    ws.append(["Warwickshire", 25.1])
    wb.active.sheet_state = "visible"
    hidden = wb.create_sheet("Old")
    hidden.append(["Area", "2019/20"])
    hidden.append(["Warwickshire", 99])
    hidden.sheet_state = "hidden"
    path = tmp_path / "h.xlsx"
    wb.save(path)
    result = _read(path, schema, areas)
    assert result.tables_found == 1
    assert result.observations == []  # the visible table names no indicator
    assert [i.code for i in result.issues] == ["council-assumed", "no-indicator"]
