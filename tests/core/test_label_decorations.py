"""Labels as councils decorate them read as what they name: footnote marks, "(provisional)", "FY",
"Actual", "at 31 March", "by district", "District"/"Borough", "Re-", targets and comparator columns
headed with their period. The second reading never changes a label that names something as written."""

from __future__ import annotations

import openpyxl
import pytest

from cpdesk.read.dispatch import read_file
from cpdesk.read.tables.decorations import without_decorations
from cpdesk.read.tables.headers import LabelContext, classify
from cpdesk.reference import load_reference


@pytest.fixture(scope="module")
def context():
    reference = load_reference()
    found = LabelContext(reference.schema, reference.areas)
    found.council = "E10000031"  # Warwickshire
    return found


@pytest.mark.parametrize(("text", "indicator"), [
    ("Number of referrals¹", "referrals"),
    ("Referrals (a)", "referrals"),
    ("Re-referrals within 12 months (%)", "rereferrals_12m_pct"),
    ("Child Protection Rate per 10,000 by district", "cpp_rate"),
    ("Children subject to a child protection plan per 10,000 children at 31 March", "cpp_rate"),
    ("New CPP in the Year % by category of abuse", "cpp_by_category_pct"),
])
def test_indicator_labels(context, text, indicator):
    label = classify(text, context)
    assert label.indicator is not None and label.indicator.id == indicator and label.text == text


@pytest.mark.parametrize(("text", "period"), [
    ("FY22/23", "2022/23"), ("2023/24 (provisional)", "2023/24"), ("2022/23 Actual", "2022/23"),
    ("2023/24 (p)", "2023/24"),
])
def test_period_headings(context, text, period):
    label = classify(text, context)
    assert label.kind == "period" and label.period.label == period


@pytest.mark.parametrize(("text", "code"), [
    ("Warwick District", "E07000222"), ("Rugby Borough Council", "E07000220"),
    ("North Warwickshire Borough", "E07000218"),
])
def test_district_names(context, text, code):
    assert classify(text, context).area_code == code


@pytest.mark.parametrize("text", ["2023/24 Target", "Target 2023/24", "Target: 2023/24"])
def test_target_headings_carry_their_period(context, text):
    label = classify(text, context)
    assert label.kind == "target" and label.period.label == "2023/24"


def test_a_label_known_as_written_is_never_read_again(context):
    assert without_decorations("Rugby") == "Rugby"
    assert classify("Warwickshire", context).area_code == "E10000031"  # not "Warwick" + "shire"
    assert classify("Final warning", context).kind == "unknown"


def test_an_annual_summary_with_target_and_comparator_columns(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Warwickshire annual performance summary"])
    sheet.append(["Indicator", "2022/23 Actual", "2023/24 Target", "2023/24 Actual", "% change",
                  "SN average 2023/24", "England 2023/24"])
    sheet.append(["No of children on CPP", 331, 300, 352, 0.063, 310, 50780])
    sheet.append(["Re-referral rate", "22.9%", "20.0%", "25.1%", "2.2%", "21.0%", "22.4%"])
    book.save(tmp_path / "summary.xlsx")
    result = read_file(tmp_path / "summary.xlsx", load_reference())
    assert [i for i in result.issues if i.severity == "error"] == []
    read = sorted((o.area_code, o.indicator_id, o.period.label, o.value) for o in result.observations)
    assert read == [
        ("E10000031", "cpp_count", "31 Mar 2023", 331), ("E10000031", "cpp_count", "31 Mar 2024", 352),
        ("E10000031", "rereferrals_12m_pct", "2022/23", 22.9),
        ("E10000031", "rereferrals_12m_pct", "2023/24", 25.1),
        ("E92000001", "cpp_count", "31 Mar 2024", 50780),
        ("E92000001", "rereferrals_12m_pct", "2023/24", 22.4),
        ("SN-E10000031", "cpp_count", "31 Mar 2024", 310),
        ("SN-E10000031", "rereferrals_12m_pct", "2023/24", 21),
    ]
    assert sorted(result.targets) == [("cpp_count", "E10000031", "31 Mar 2024", 300),
                                      ("rereferrals_12m_pct", "E10000031", "2023/24", 20)]


def test_quarter_headings_take_their_year_from_the_title(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Warwickshire quarterly performance 2023/24"])
    sheet.append(["Measure", "Q1", "Q2", "Q3", "Q4"])
    sheet.append(["No of children on CPP", 340, 345, 350, 352])
    sheet.append(["Number of referrals", 1300, 1350, 1400, 1434])
    book.save(tmp_path / "quarterly.xlsx")
    result = read_file(tmp_path / "quarterly.xlsx", load_reference())
    assert [i for i in result.issues if i.severity == "error"] == []
    read = {(o.indicator_id, o.period.label): o.value for o in result.observations}
    assert read[("referrals", "Q1 23/24")] == 1300 and read[("referrals", "Q4 23/24")] == 1434
    assert read[("cpp_count", "30 Sep 2023")] == 345  # a count at the quarter's end
    assert len(read) == 8


def test_a_target_row_under_its_indicator_gives_that_indicators_targets(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Warwickshire scorecard"])
    for row in (["Measure", "2022/23", "2023/24"], ["Re-referral rate", "22.9%", "25.1%"],
                ["Target", "20.0%", "19.0%"], ["Number of referrals", 5210, 5484], ["Target", 5000, 5100],
                ["Variance", 210, 384]):
        sheet.append(row)
    book.save(tmp_path / "scorecard.xlsx")
    result = read_file(tmp_path / "scorecard.xlsx", load_reference())
    assert [i for i in result.issues if i.severity == "error"] == []
    assert sorted((o.indicator_id, o.period.label, o.value) for o in result.observations) == [
        ("referrals", "2022/23", 5210), ("referrals", "2023/24", 5484),
        ("rereferrals_12m_pct", "2022/23", 22.9), ("rereferrals_12m_pct", "2023/24", 25.1)]
    assert sorted(result.targets) == [
        ("referrals", "E10000031", "2022/23", 5000), ("referrals", "E10000031", "2023/24", 5100),
        ("rereferrals_12m_pct", "E10000031", "2022/23", 20),
        ("rereferrals_12m_pct", "E10000031", "2023/24", 19)]


def test_quarters_said_to_be_cumulative_are_not_read_as_quarters(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Warwickshire quarterly performance 2023/24"], ["Measure", "Q1", "Q2", "Q3", "Q4"],
                ["Number of referrals", 1300, 2650, 4050, 5484],
                ["No of children on CPP", 340, 345, 350, 352], [],
                ["Note: all figures are cumulative (year to date)"]):
        sheet.append(row)
    book.save(tmp_path / "ytd.xlsx")
    result = read_file(tmp_path / "ytd.xlsx", load_reference())
    [refused] = [i for i in result.issues if i.code == "cumulative-figures"]
    assert refused.severity == "error" and refused.cell == "B3" and "totals so far" in refused.message
    # Referrals are not read as quarters; children on plans, counted on a day, are what they say.
    assert {o.indicator_id for o in result.observations} == {"cpp_count"}


def _years_table(tmp_path, title):
    book = openpyxl.Workbook()
    for row in ([title], ["Measure", 2022, 2023], ["Number of contacts", 14000, 14500]):
        book.active.append(row)
    book.save(tmp_path / "years.xlsx")
    return read_file(tmp_path / "years.xlsx", load_reference())


def test_years_alone_are_read_as_years_to_march_and_said_so(tmp_path):
    result = _years_table(tmp_path, "Warwickshire - front door")
    assert sorted(o.period.label for o in result.observations) == ["2021/22", "2022/23"]
    [note] = [i for i in result.issues if i.code == "bare-year"]
    assert note.severity == "info" and "'2022'" in note.message and "2021/22" in note.message


def test_years_the_title_calls_calendar_years_are_refused(tmp_path):
    result = _years_table(tmp_path, "Warwickshire - contacts by calendar year (January to December)")
    assert result.observations == []
    [refused] = [i for i in result.issues if i.code == "calendar-years"]
    assert refused.severity == "error" and refused.cell == "B3"


def test_no_note_where_the_table_says_its_years_end_in_march(tmp_path):
    result = _years_table(tmp_path, "Warwickshire - contacts, years ending 31 March")
    assert len(result.observations) == 2 and "bare-year" not in {i.code for i in result.issues}


def test_provisional_headings_are_read_under_their_period_and_noted(tmp_path):
    book = openpyxl.Workbook()
    for row in (["Warwickshire - key measures"], ["Indicator", "2022/23", "2023/24 (provisional)"],
                ["Number of referrals", 5210, 5484]):
        book.active.append(row)
    book.save(tmp_path / "provisional.xlsx")
    result = read_file(tmp_path / "provisional.xlsx", load_reference())
    assert sorted(o.period.label for o in result.observations) == ["2022/23", "2023/24"]
    [note] = [i for i in result.issues if i.code == "marked-heading"]
    assert (note.severity, note.cell) == ("info", "C2") and "'2023/24 (provisional)'" in note.message


@pytest.mark.parametrize("text", ["Warwickshire rank (of 152)", "Quartile", "Ranking among neighbours"])
def test_rank_and_quartile_rows_are_side_rows(context, text):
    assert classify(text, context).kind == "side"  # where the council stands; cpdesk works ranks out itself
