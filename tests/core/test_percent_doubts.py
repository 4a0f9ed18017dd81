"""A percentage is only ever a percentage indicator's figure, and a plain 0.215 for a percentage may be
21.5% or 0.215%: both are reported at their cells, never stored as a guess."""

from __future__ import annotations

import openpyxl
import pytest

from cpdesk.read.dispatch import read_file
from cpdesk.reference import load_reference

HEADINGS = ["Indicator", "2021/22", "2022/23", "2023/24"]


def _table(tmp_path, *rows, formats=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    sheet.append(["Warwickshire - children's social care"])
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(list(row))
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    path = tmp_path / "scorecard.xlsx"
    book.save(path)
    return read_file(path, load_reference())


def _read(result, indicator):
    return [(o.period.label, o.value) for o in result.observations if o.indicator_id == indicator]


def _errors(result, code):
    return {i.cell: i.message for i in result.issues if i.code == code and i.severity == "error"}


def test_a_row_of_plain_fractions_for_a_percentage_is_reported_not_stored(tmp_path):
    result = _table(tmp_path, ["Re-referral rate", 0.215, 0.229, 0.251])
    assert _read(result, "rereferrals_12m_pct") == []
    doubts = _errors(result, "percent-as-fraction")
    assert sorted(doubts) == ["B3", "C3", "D3"]
    assert doubts["B3"].startswith("Cell B3 holds 0.215 for 'Re-referrals within 12 months of a previous "
                                   "referral', a percentage")
    assert "it may be 0.215% or a fraction (0.215 = 21.5%)" in doubts["B3"]
    assert "all its figures here are 1 or less" in doubts["B3"] and "rereferrals_12m_pct" not in doubts["B3"]


def test_the_same_row_formatted_as_percentages_is_read(tmp_path):
    result = _table(tmp_path, ["Re-referral rate", 0.215, 0.229, 0.251],
                    formats={"B3": "0.0%", "C3": "0.0%", "D3": "0.0%"})
    assert _read(result, "rereferrals_12m_pct") == [("2021/22", 21.5), ("2022/23", 22.9), ("2023/24", 25.1)]
    assert _errors(result, "percent-as-fraction") == {}


def test_small_figures_among_whole_percentages_name_an_example_from_the_table(tmp_path):
    result = _table(tmp_path, ["CPP's ending after 2 or more years", 0.9, 0.5, 1.2])
    assert _read(result, "cpp_ended_2y_pct") == [("2023/24", 1.2)]
    doubts = _errors(result, "percent-as-fraction")
    assert sorted(doubts) == ["B3", "C3"]
    assert "(such as 1.2)" in doubts["B3"] and "23.8" not in doubts["B3"]
    assert "Type it with its % sign" in doubts["B3"]


def test_typed_percent_signs_say_which_was_meant(tmp_path):
    result = _table(tmp_path, ["CPP's ending after 2 or more years", "0.9%", "0.5%", "1.2%"])
    assert _read(result, "cpp_ended_2y_pct") == [("2021/22", 0.9), ("2022/23", 0.5), ("2023/24", 1.2)]


@pytest.mark.parametrize(("row", "formats", "cell", "words"), [
    (["No of children on CPP", 301, "12%", 352], {}, "C3",
     "'12%' is a percentage, but this figure is a count"),
    (["Number of referrals", 4980, 5210, 0.12], {"D3": "0%"}, "D3", "'12%' is a percentage"),
    (["Child Protection Rate per 10,000", 25.9, "28.4%", 30.2], {}, "C3",
     "but this figure is a rate per 10,000 children"),
])
def test_a_percentage_given_for_a_count_or_rate_is_refused_at_its_cell(tmp_path, row, formats, cell, words):
    result = _table(tmp_path, row, formats=formats)
    refused = _errors(result, "not-a-number")
    assert list(refused) == [cell] and words in refused[cell]
    assert len(result.observations) == 2 and all(o.source.cell != cell for o in result.observations)


def test_a_tidy_return_of_fractions_for_a_percentage_is_reported(tmp_path):
    path = tmp_path / "return.csv"
    path.write_text("area_code,indicator,period,value\n"
                    "E10000031,cpp_repeat_pct,2018/19,0.238\n"
                    "E10000031,cpp_repeat_pct,2019/20,0.251\n"
                    "E10000031,cpp_count,31 Mar 2019,563\n", encoding="utf-8")
    result = read_file(path, load_reference())
    assert [o.indicator_id for o in result.observations] == ["cpp_count"]
    doubts = _errors(result, "percent-as-fraction")
    assert sorted(doubts) == ["D2", "D3"] and "0.238 = 23.8%" in doubts["D2"]
