"""Board workbook: the tables' values and formats, every figure with its period, columns as wide as
what they hold, sheets named by short titles, and native charts on a date axis over the table cells."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from openpyxl.utils.datetime import from_excel

from cpdesk.export.board import write_board_workbook
from cpdesk.indicators.periods import parse_period
from cpdesk.observation import CellRef, Observation
from cpdesk.reference import load_reference

REFERENCE = load_reference()
WARKS = "E10000031"
SOURCE = CellRef("warwickshire_cp_update_2020.xlsx", "Table 1", "B5")
RUGBY, WARWICK = "E07000220", "E07000222"


def _figures() -> list[Observation]:
    """Warwickshire's repeat plans (D3) and CP plans per 10,000 (its 2020 update), with comparators."""
    year = {label: parse_period(label) for label in ("2018/19", "2019/20")}
    figures = [
        Observation(WARKS, "cpp_repeat_pct", year["2018/19"], 18.6, raw="18.6", publisher="dfe"),
        Observation(WARKS, "cpp_repeat_pct", year["2019/20"], 23.8, raw="23.8", publisher="dfe"),
        Observation("E12000005", "cpp_repeat_pct", year["2018/19"], 20.6, publisher="dfe"),
        Observation("E12000005", "cpp_repeat_pct", year["2019/20"], 22.7, publisher="dfe"),
        Observation("E92000001", "cpp_repeat_pct", year["2018/19"], 20.8, publisher="dfe"),
        Observation("E92000001", "cpp_repeat_pct", year["2019/20"], 21.9, publisher="dfe"),
        Observation(WARKS, "cpp_count", parse_period("31 Mar 2019"), 1214.0, raw="1,214", source=SOURCE),
        Observation(WARKS, "cpp_count", parse_period("31 Mar 2020"), None, "tbc", "TBC", source=SOURCE),
        Observation("E92000001", "cpp_count", parse_period("31 Mar 2019"), 52260.0, publisher="dfe"),
    ]
    return figures


def _cp_rate_with_a_gap() -> list[Observation]:
    """The CP-plan rate at 31 March 2015, 2016 and 2019 (none for 2017 and 2018), England's for
    2016 and 2019, no region's, and two districts' for 2019 only (Warwickshire's Table 7 figures)."""
    at = {y: parse_period(f"31 Mar {y}") for y in (2015, 2016, 2019)}
    return [
        Observation(WARKS, "cpp_rate", at[2015], 47.7), Observation(WARKS, "cpp_rate", at[2016], 42.0),
        Observation(WARKS, "cpp_rate", at[2019], 29.8),
        Observation("E92000001", "cpp_rate", at[2016], 43.1, publisher="dfe"),
        Observation("E92000001", "cpp_rate", at[2019], 43.7, publisher="dfe"),
        Observation(RUGBY, "cpp_rate", at[2019], 23.0), Observation(WARWICK, "cpp_rate", at[2019], 23.0),
    ]


@pytest.fixture()
def board(tmp_path):
    path = write_board_workbook(_figures(), tmp_path / "board.xlsx", ["cpp_repeat_pct", "cpp_count"], WARKS,
                                REFERENCE.schema, REFERENCE.areas)
    return path


@pytest.fixture()
def gap_book(tmp_path):
    path = write_board_workbook(_cp_rate_with_a_gap(), tmp_path / "gap.xlsx", ["cpp_rate"], WARKS,
                                REFERENCE.schema, REFERENCE.areas)
    return openpyxl.load_workbook(path)


def _header_days(row) -> list:
    return [from_excel(c.value).date() if isinstance(c.value, (int, float)) else c.value for c in row]


def test_tables_hold_the_figures_formatted_by_unit(board):
    book = openpyxl.load_workbook(board)
    assert book.sheetnames == ["Report card", "Repeat plans %", "CP plans", "Chart figures"]
    assert book["Chart figures"].sheet_state == "hidden"
    sheet = book["Repeat plans %"]
    assert sheet["A1"].value == REFERENCE.schema.get("cpp_repeat_pct").title
    header = sheet[5]
    assert _header_days(header)[:3] == ["Area", dt.date(2019, 3, 31), dt.date(2020, 3, 31)]
    assert [c.number_format for c in header[1:3]] == ['"2018/19"', '"2019/20"']  # shown as the labels
    rows = {sheet.cell(r, 1).value: r for r in range(6, 10)}
    assert {"Warwickshire", "West Midlands", "England"} <= set(rows)
    home = sheet.cell(rows["Warwickshire"], 3)
    assert home.value == pytest.approx(0.238) and home.number_format == "0.0%"
    assert sheet.cell(rows["England"], 2).value == pytest.approx(0.208)
    counts = book["CP plans"]
    assert counts["B6"].value == 1214 and counts["B6"].number_format == "#,##0"
    assert counts["C6"].value == "TBC"
    notes = [c.value for c in counts["A"] if c.value and str(c.value).startswith("1.")]
    assert notes == ["1. Warwickshire, 31 Mar 2020: to be confirmed."]
    # A count is the council's alone, as on its chart: England's 52,260 children is no comparison.
    assert [counts.cell(r, 1).value for r in range(6, 9)] == ["Warwickshire", None, None]
    assert "not shown for a count" in counts["A2"].value


def test_report_card_names_the_period_of_every_figure(tmp_path):
    figures = [*_figures(), Observation("SN-E10000031", "cpp_repeat_pct", parse_period("2018/19"), 22.0)]
    path = write_board_workbook(figures, tmp_path / "card.xlsx", ["cpp_repeat_pct", "cpp_count"], WARKS,
                                REFERENCE.schema, REFERENCE.areas)
    sheet = openpyxl.load_workbook(path)["Report card"]
    assert [c.value for c in sheet[4]] == [
        "Indicator", "Period", "Latest", "Previous period", "Previous", "Change",
        "Neighbours (as reported)", "Period", "Neighbours' mean", "Period", "Neighbours' median", "Period",
        "Region", "Period", "England", "Period", "National rank", "RAG", "RAG based on"]
    row = [c.value for c in sheet[5]]
    assert row[0] == REFERENCE.schema.get("cpp_repeat_pct").title
    assert row[1:5] == ["2019/20", pytest.approx(0.238), "2018/19", pytest.approx(0.186)]
    assert row[5] == pytest.approx(5.2)
    # The council's own neighbours' figure is for an earlier year, and says so.
    assert row[6:8] == [pytest.approx(0.22), "2018/19"]
    assert row[12:16] == [pytest.approx(0.227), "2019/20", pytest.approx(0.219), "2019/20"]
    assert row[17].startswith(("Green", "Amber", "Red", "No RAG")) and row[18]
    count = [c.value for c in sheet[6]]
    assert count[0] == REFERENCE.schema.get("cpp_count").title and count[6:16] == [None] * 10
    # The count's latest figure is TBC: the card heads it with the latest held, 1,214 at 31 March 2019.
    assert count[1:3] == ["31 Mar 2019", 1214]
    assert any(str(c.value).startswith("Counts: neighbours, region and England are left blank")
               for c in sheet["A"] if c.value)


def test_an_in_year_headline_is_named_on_its_sheet(tmp_path):
    figures = [*_cp_rate_with_a_gap(), Observation(WARKS, "cpp_rate", parse_period("31 Jul 2019"), 28.0)]
    path = write_board_workbook(figures, tmp_path / "in-year.xlsx", ["cpp_rate"], WARKS, REFERENCE.schema,
                                REFERENCE.areas)
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["Report card"][5]][1:3] == ["31 Jul 2019", 28.0]
    assert book["CP-plan rate"]["A4"].value == ("Latest figure held: 28.0 at 31 Jul 2019, which this table "
                                                "of 31 Mar snapshot figures does not show.")


def test_every_column_is_as_wide_as_what_it_holds(board):
    book = openpyxl.load_workbook(board)
    for sheet in book.worksheets:
        first_table_row = 4 if sheet.title == "Report card" else 5
        for row in sheet.iter_rows(min_row=first_table_row):
            for cell in row:
                if isinstance(cell.value, str) and cell.value and not cell.font.italic \
                        and not cell.alignment.wrap_text:  # sentences wrap, in a column of their own
                    width = sheet.column_dimensions[cell.column_letter].width
                    assert width >= len(cell.value), (sheet.title, cell.coordinate, cell.value, width)


def test_native_line_chart_references_the_table_on_a_date_axis_with_titles(board):
    with zipfile.ZipFile(board) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:lineChart>" in chart and "<c:dateAx>" in chart and "<c:catAx>" not in chart
    assert "<c:f>'Repeat plans %'!$B$5:$C$5</c:f>" in chart
    assert "<c:f>'Chart figures'!$B$1:$C$1</c:f>" in chart  # the council's figures, row 6 of the table
    assert "<c:f>'Repeat plans %'!$A$6</c:f>" in chart
    sheet = openpyxl.load_workbook(board)["Repeat plans %"]
    (line,) = sheet._charts
    titles = [axis.title.tx.rich.p[0].r[0].t for axis in (line.x_axis, line.y_axis)]
    assert titles == ["Financial year ending 31 March", "Percentage"]
    assert line.display_blanks == "gap"


def test_years_without_figures_are_empty_columns_so_the_chart_shows_the_gap(gap_book):
    sheet = gap_book["CP-plan rate"]
    days = _header_days(sheet[5])[1:]
    assert days == [dt.date(year, 3, 31) for year in range(2015, 2020)]
    home = [c.value for c in sheet[6]]
    assert home == ["Warwickshire", 47.7, 42.0, None, None, 29.8]
    (trend, districts) = sheet._charts
    assert type(trend.x_axis).__name__ == "DateAxis" and trend.display_blanks == "gap"
    assert trend.x_axis.title.tx.rich.p[0].r[0].t == "At 31 March of each year"
    assert trend.y_axis.title.tx.rich.p[0].r[0].t == "Rate per 10,000 children"


def test_only_the_rows_and_categories_the_sheet_has(gap_book):
    sheet = gap_book["CP-plan rate"]
    # No region figures: the subtitle does not promise a region row.
    assert sheet["A2"].value == "Warwickshire compared with England"
    assert [sheet.cell(r, 1).value for r in (6, 7, 8)] == ["Warwickshire", "England", None]
    # The districts have figures for 31 March 2019 only: their table and chart have that one period.
    by_district = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "By district")
    assert [c.value for c in sheet[by_district + 1] if c.value] == ["Area", "31 Mar 2019"]
    (_trend, bars) = sheet._charts
    categories = bars.series[0].cat.strRef.f if bars.series[0].cat.strRef else bars.series[0].cat.numRef.f
    assert categories.endswith(f"$B${by_district + 1}:$B${by_district + 1}")


def test_a_status_in_the_table_is_a_gap_in_the_chart_never_a_zero(board):
    book = openpyxl.load_workbook(board)
    counts = book["CP plans"]
    assert [c.value for c in counts[6]][1:3] == [1214, "TBC"]
    (line,) = counts._charts
    values = line.series[0].val.numRef.f
    assert values.startswith("'Chart figures'!")
    first, last = (openpyxl.utils.cell.coordinate_from_string(c.strip("$").replace("$", ""))
                   for c in values.split("!")[1].split(":"))
    plotted = [book["Chart figures"].cell(first[1], col).value
               for col in range(openpyxl.utils.column_index_from_string(first[0]),
                                openpyxl.utils.column_index_from_string(last[0]) + 1)]
    assert plotted == [1214, None]


def test_a_table_never_starts_with_years_nobody_has_figures_for(tmp_path):
    at = {y: parse_period(f"31 Mar {y}") for y in (2014, 2021, 2022)}
    figures = [Observation(WARKS, "cla_rate", at[2014], 59.0), Observation(WARKS, "cla_rate", at[2021], 73.0),
               Observation(WARKS, "cla_rate", at[2022], 69.0)]
    path = write_board_workbook(figures, tmp_path / "cla.xlsx", ["cla_rate"], WARKS, REFERENCE.schema,
                                REFERENCE.areas)
    sheet = openpyxl.load_workbook(path)["Looked-after rate"]
    assert _header_days(sheet[5])[1:] == [dt.date(2021, 3, 31), dt.date(2022, 3, 31)]


def test_the_report_card_gives_the_national_rank_from_the_national_pack(shared_demo_database, tmp_path):
    import re

    from cpdesk.store import open_store

    with open_store(shared_demo_database, create=False) as store:
        path = write_board_workbook(store, tmp_path / "rank.xlsx", ["cpp_rate", "cpp_count"], WARKS,
                                    REFERENCE.schema, REFERENCE.areas)
    sheet = openpyxl.load_workbook(path)["Report card"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    rate = rows[REFERENCE.schema.get("cpp_rate").title]
    assert re.fullmatch(r"\d+(st|nd|rd|th) lowest of \d+ councils \(band [A-D]\)", rate[16])
    assert rows[REFERENCE.schema.get("cpp_count").title][16] is None  # a count is not ranked


def test_each_sheet_carries_its_charts_summary_line(gap_book):
    from cpdesk.chart.summary import summary_for
    from cpdesk.query.observations import ObservationIndex

    expected = summary_for(ObservationIndex(_cp_rate_with_a_gap()), REFERENCE.schema.get("cpp_rate"), WARKS,
                           REFERENCE.areas)
    assert expected.startswith("CP-plan rate 29.8 at 31 Mar 2019")
    assert gap_book["CP-plan rate"]["A3"].value == expected


def test_the_report_card_prints_readably_across_pages(board):
    """Headers wrap in columns sized to their figures, and the card prints one page wide, as many
    pages down as it needs, landscape, each page repeating the header row."""
    sheet = openpyxl.load_workbook(board)["Report card"]
    headers = [c for c in sheet[4] if c.value]
    assert headers and all(c.alignment.wrap_text for c in headers)
    # A long heading no longer sets its column's width: "Neighbours (as reported)" wraps.
    reported = next(c for c in headers if c.value == "Neighbours (as reported)")
    assert sheet.column_dimensions[reported.column_letter].width < len(reported.value)
    assert sheet.row_dimensions[4].height >= 30  # two lines of heading
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)  # an absent fitToWidth is 1 in OOXML
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows.replace("$", "") == "4:4"


def test_the_subtitle_names_the_neighbours_once_when_both_their_rows_are_shown(tmp_path):
    """The council's reported neighbour average and the one worked out from the neighbours' own
    figures are two rows; the subtitle still names each kind of comparator once."""
    at = parse_period("31 Mar 2019")
    neighbours = [a.code for a in REFERENCE.areas.statistical_neighbours(WARKS)]
    figures = [Observation(WARKS, "cpp_rate", at, 29.8), Observation(f"SN-{WARKS}", "cpp_rate", at, 34.7),
               Observation("E12000005", "cpp_rate", at, 40.2, publisher="dfe"),
               Observation("E92000001", "cpp_rate", at, 43.7, publisher="dfe")]
    figures += [Observation(code, "cpp_rate", at, 30.0 + i, publisher="dfe")
                for i, code in enumerate(neighbours)]
    path = write_board_workbook(figures, tmp_path / "board.xlsx", ["cpp_rate"], WARKS,
                                REFERENCE.schema, REFERENCE.areas)
    sheet = openpyxl.load_workbook(path)["CP-plan rate"]
    areas = [sheet.cell(row, 1).value for row in range(6, 11)]
    assert sum(1 for name in areas if name and "neighbours" in name) == 2  # reported and worked out
    subtitle = "Warwickshire compared with its statistical neighbours, its region and England"
    assert sheet["A2"].value == subtitle
