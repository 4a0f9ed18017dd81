"""What the one resolver's readings do in tables: context as evidence, figures never misfiled."""

from __future__ import annotations

import openpyxl
import pytest

from cpdesk.read.dispatch import read_file
from cpdesk.recognise import Scope, resolver_for

WARKS = "E10000031"


def _read(tmp_path, rows, reference, council=WARKS, percent_cells=()):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell in percent_cells:
        sheet[cell].number_format = "0.0%"
    path = tmp_path / "t.xlsx"
    book.save(path)
    return read_file(path, reference, council=council)


def _facts(result):
    return sorted((o.indicator_id, o.period.label, o.value, o.source.cell) for o in result.observations)


def test_a_count_or_percentage_title_is_read_as_the_percentage_only_where_cells_say_so(tmp_path, reference):
    rows = [["Re-referrals to children's social care within 12 months"], [],
            ["", "2022/23", "2023/24"], ["Warwickshire", 0.238, 21], ["Hampshire", "19.5%", "20.1%"]]
    result = _read(tmp_path, rows, reference, percent_cells=("B4",))
    assert _facts(result) == [("rereferrals_12m_pct", "2022/23", 19.5, "B5"),
                              ("rereferrals_12m_pct", "2022/23", 23.8, "B4"),
                              ("rereferrals_12m_pct", "2023/24", 20.1, "C5")]
    assert any(i.cell == "A4" and i.severity == "warning" for i in result.issues)  # 21: number or %?


def test_a_title_naming_two_things_files_nothing_under_either(tmp_path, reference):
    rows = [["Referrals: Children looked after"], [], ["", "2022/23", "2023/24"], ["Warwickshire", 120, 130]]
    result = _read(tmp_path, rows, reference)
    assert result.observations == []
    [issue] = [i for i in result.issues if i.code == "conflicting-title"]
    assert "'Referrals' and 'Children looked after'" in issue.message


@pytest.mark.parametrize("label", ["Referrals YTD", "Referrals (cumulative)", "Referrals year to date"])
def test_year_to_date_rows_under_months_are_not_a_months_own(tmp_path, reference, label):
    rows = [["Warwickshire monthly report"], [], ["", "April 2024", "May 2024"], [label, 120, 260],
            ["Contacts", 900, 950]]
    result = _read(tmp_path, rows, reference)
    assert {o.indicator_id for o in result.observations} == {"contacts"}
    assert [i.code for i in result.issues if i.cell == "B4"] == ["totals-so-far"]


def test_in_the_year_is_a_running_total_only_when_the_months_never_fall(tmp_path, reference):
    rows = [["Warwickshire monthly report"], [], ["", "April 2024", "May 2024", "June 2024"],
            ["Referrals in the year", 120, 260, 390],
            ["Child protection plans starting in the year", 45, 39, 52]]
    result = _read(tmp_path, rows, reference)
    assert _facts(result) == [("cpp_starts", "Apr 2024", 45, "B5"), ("cpp_starts", "Jun 2024", 52, "D5"),
                              ("cpp_starts", "May 2024", 39, "C5")]


def test_one_month_beside_whole_years_is_the_year_so_far_for_flows(tmp_path, reference):
    rows = [["Warwickshire"], [], ["", "2012-13", "2013-14", "Feb 2015"],
            ["Number of referrals", 10297, 16217, 16898], ["No of children on CPP", 909, 1111, 1357]]
    result = _read(tmp_path, rows, reference)
    stored = {(o.indicator_id, o.period.label): o.value for o in result.observations}
    assert ("referrals", "Feb 2015") not in stored and stored[("referrals", "2013/14")] == 16217
    assert stored[("cpp_count", "28 Feb 2015")] == 1357


def test_a_band_that_only_says_when_gives_its_scope_to_the_months_under_it(tmp_path, reference):
    rows = [["Suffolk monthly KPIs 2024/25"], [],
            ["", "In month", None, "Year to date", None], ["", "Apr", "May", "Apr", "May"],
            ["Referrals", 400, 420, 400, 820]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.active.merge_cells("B3:C3")
    book.active.merge_cells("D3:E3")
    book.save(tmp_path / "blocks.xlsx")
    result = read_file(tmp_path / "blocks.xlsx", reference, council="E10000029")
    assert _facts(result) == [("referrals", "Apr 2024", 400, "B5"), ("referrals", "May 2024", 420, "C5")]


def test_a_period_inside_a_heading_is_the_figures_period(tmp_path, reference):
    rows = [["Local authority", "CP plans per 10,000 at 31 March 2025",
             "Re-referrals within 12 months 2024-25 (%)"], ["Warwickshire", 25.1, "21.0%"]]
    result = _read(tmp_path, rows, reference)
    assert _facts(result) == [("cpp_rate", "31 Mar 2025", 25.1, "B2"),
                              ("rereferrals_12m_pct", "2024/25", 21.0, "C2")]


def test_readings_say_what_was_understood_and_what_not(schema):
    reading = resolver_for(schema).indicator("KPI 07 Referrals received in the month")
    assert reading.indicator.id == "referrals" and reading.scope is Scope.FLOW
    unknown = resolver_for(schema).indicator("Referrals per widget")
    assert not unknown.resolved
    assert "understood: referrals" in unknown.explain() and "'widget'" in unknown.explain()


def test_a_council_adds_a_phrasing_in_its_own_lexicon(tmp_path, monkeypatch):
    from cpdesk.indicators.schema import load_schema

    monkeypatch.setenv("CPDESK_HOME", str(tmp_path))
    assert not resolver_for(load_schema()).indicator("Front door requests").resolved
    (tmp_path / "lexicon.toml").write_text('[phrases]\n"front door requests" = "concept:contact"\n')
    assert resolver_for(load_schema()).indicator("Front door requests").indicator.id == "contacts"


def test_comparator_columns_after_the_years_are_the_latest_years(tmp_path, reference):
    rows = [["Warwickshire: children looked after"], ["", "2022/23", "2023/24", "SN avg", "England"],
            ["Children looked after per 10,000", 55, 56, 61.2, 70]]
    result = _read(tmp_path, rows, reference)
    stored = {(o.area_code, o.period.label): o.value for o in result.observations}
    assert stored[(f"SN-{WARKS}", "31 Mar 2024")] == 61.2 and stored[("E92000001", "31 Mar 2024")] == 70
    assert [i.cell for i in result.issues if i.code == "comparators-latest-year"] == ["D2"]


def test_a_unit_column_in_a_long_list_picks_the_count_rate_or_percentage(tmp_path, reference):
    path = tmp_path / "extract.csv"
    path.write_text("Measure,Unit,Period,Area,Value\n"
                    "Children on CP plans at 31 March,Number,2023-24,Warwickshire,331\n"
                    'Children on CP plans at 31 March,"per 10,000",2023-24,Warwickshire,27.9\n'
                    "Re-referrals within 12 months,%,2023-24,Warwickshire,21.5\n", encoding="utf-8")
    result = read_file(path, reference)
    assert sorted((o.indicator_id, o.value) for o in result.observations) == [
        ("cpp_count", 331), ("cpp_rate", 27.9), ("rereferrals_12m_pct", 21.5)]


@pytest.mark.parametrize(("total", "stored"), [(sum(range(100, 112)), True), (999, False)])
def test_a_total_row_under_a_years_months_is_the_years_when_it_adds_up(tmp_path, reference, total, stored):
    months = ["Apr 2023", "May 2023", "Jun 2023", "Jul 2023", "Aug 2023", "Sep 2023", "Oct 2023", "Nov 2023",
              "Dec 2023", "Jan 2024", "Feb 2024", "Mar 2024"]
    rows = [["Warwickshire front door"], ["Month", "Referrals"]]
    rows += [[month, 100 + n] for n, month in enumerate(months)] + [["Total", total]]
    result = _read(tmp_path, rows, reference)
    years = [(o.period.label, o.value) for o in result.observations if o.period.kind == "year"]
    assert years == ([("2023/24", total)] if stored else [])
