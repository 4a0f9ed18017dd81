"""Which columns of a table are its row labels, its figures, and neither: found from what they hold.

A leading "Ref" / "KPI" column of codes does not hide the indicator names beside it; an LA number
beside the LA's name is one area; Rank, Quartile, DoT, RAG, Comment, "Good performance is", "% change"
and "Latest change" columns are recognised by heading or by content and are not figures; figures of
a recoded council are filed under its code in force in their period.
"""

from __future__ import annotations

import pytest

from cpdesk.read.dispatch import read_file
from tests.core.test_table_shapes import build, errors, figures, tables_of

WARWICKSHIRE, ENGLAND = "E10000031", "E92000001"


def test_a_ref_column_of_codes_is_not_the_label(tmp_path, reference):
    rows = [["Warwickshire County Council"], ["Child protection: repeat plans"], [],
            ["Ref", "Indicator", "Q1 19/20", "Q2 19/20", "Target", "DoT", "RAG", "Comment"],
            ["Child Protection"],
            ["CP1", "No. of CP plans starting within 2 years of a previous plan", 11, 22, None, "↔", "A"],
            ["KPI 07", "Total no. of CP starts", 129, 106, None, "↓", "G", "Fewer starts"]]
    path = build(tmp_path / "qpr.xlsx", rows)
    result = read_file(path, reference)
    assert errors(result) == []
    assert figures(result) == {
        (WARWICKSHIRE, "cpp_repeat_2y_count", "Q1 19/20"): 11,
        (WARWICKSHIRE, "cpp_repeat_2y_count", "Q2 19/20"): 22,
        (WARWICKSHIRE, "cpp_starts", "Q1 19/20"): 129, (WARWICKSHIRE, "cpp_starts", "Q2 19/20"): 106,
    }
    (table,) = tables_of(path, reference)
    assert (table.code_cols, table.label_cols, table.side_cols) == ([0], [1], [5, 6, 7])


def test_an_la_number_beside_its_name_is_one_area(tmp_path, reference):
    rows = [["Children who were the subject of a child protection plan at 31 March: rate per 10,000"], [],
            ["LA number", "Local Authority", 2019, 2020],
            [937, "Warwickshire", 29.8, 25.2],
            [331, "Coventry", 46.4, 52.3]]
    path = build(tmp_path / "lait.xlsx", rows)
    result = read_file(path, reference)
    assert errors(result) == []
    assert figures(result) == {
        (WARWICKSHIRE, "cpp_rate", "31 Mar 2019"): 29.8, (WARWICKSHIRE, "cpp_rate", "31 Mar 2020"): 25.2,
        ("E08000026", "cpp_rate", "31 Mar 2019"): 46.4, ("E08000026", "cpp_rate", "31 Mar 2020"): 52.3,
    }
    (table,) = tables_of(path, reference)
    assert table.label_cols == [0, 1] and table.code_cols == []


@pytest.mark.parametrize("heading", ["Rank", "Quartile", "Quartile band", "DoT", "DoT (CP rate)", "RAG",
                                     "Comment", "Good performance is", "% change", "% change 2019-2020",
                                     "Latest change", "Latest national rank (2020)", "Change in number"])
def test_columns_beside_the_figures_are_not_read(tmp_path, reference, heading):
    rows = [["Children subject to a child protection plan per 10,000 children"],
            ["Area", "2019", "2020", heading],
            ["Warwickshire", 29.8, 25.2, "A"],
            ["England", 44.5, 43.7, 3]]
    path = build(tmp_path / "side.xlsx", rows)
    result = read_file(path, reference)
    assert errors(result) == []
    assert len(figures(result)) == 4
    (table,) = tables_of(path, reference)
    assert table.side_cols == [3]


@pytest.mark.parametrize("marks", [["↑", "↓"], ["R", "G"], ["A", "D"], ["1st", "12th"], ["Amber", "-"]])
def test_a_column_of_arrows_ratings_or_quartiles_is_beside_the_figures_whatever_its_heading(
        tmp_path, reference, marks):
    rows = [["Children subject to a child protection plan per 10,000 children"],
            ["Area", "2019", "2020", None],
            ["Warwickshire", 29.8, 25.2, marks[0]],
            ["England", 44.5, 43.7, marks[1]]]
    result = read_file(build(tmp_path / "marks.xlsx", rows), reference)
    assert errors(result) == []
    assert len(figures(result)) == 4


def test_a_target_column_gives_targets_not_figures(tmp_path, reference):
    rows = [["Warwickshire"],
            ["Measure", "2022/23", "2023/24", "Target", "RAG"],
            ["Re-referrals within 12 months (%)", 21.5, 19.2, 20, "G"]]
    result = read_file(build(tmp_path / "target.xlsx", rows), reference)
    assert errors(result) == []
    assert figures(result) == {(WARWICKSHIRE, "rereferrals_12m_pct", "2022/23"): 21.5,
                               (WARWICKSHIRE, "rereferrals_12m_pct", "2023/24"): 19.2}
    assert result.targets == [("rereferrals_12m_pct", WARWICKSHIRE, "2023/24", 20)]


def test_a_recoded_councils_earlier_figures_keep_its_code_then(tmp_path, reference):
    """Buckinghamshire (825) was E10000002 until March 2020 and is E06000060 since."""
    rows = [["Rate of referrals to children's social care per 10,000 children"], [],
            ["LA Number", "LA Name", "2019-20", "2020-21"],
            [825, "Buckinghamshire", 685.1, 512.3]]
    result = read_file(build(tmp_path / "bucks.xlsx", rows), reference)
    assert errors(result) == []
    assert figures(result) == {("E10000002", "referrals_rate", "2019/20"): 685.1,
                               ("E06000060", "referrals_rate", "2020/21"): 512.3}
    assert "area-code-in-force" in [i.code for i in result.issues]


def test_a_figure_for_a_period_before_its_council_existed_is_refused(tmp_path, reference):
    rows = [["Number of children looked after at 31 March"], [],
            ["LA number", "Local Authority", 2022, 2024],
            [942, "Cumberland", 410, 482]]
    result = read_file(build(tmp_path / "cumberland.xlsx", rows), reference)
    assert figures(result) == {("E06000063", "cla_count", "31 Mar 2024"): 482}
    assert [i.code for i in result.issues if i.severity == "error"] == ["area-not-in-period"]
    assert "not read" in errors(result)[0]


def test_a_column_of_suppressed_figures_is_still_a_column_of_figures(tmp_path, reference):
    rows = [["Children subject to a child protection plan per 10,000 children"],
            ["Area", "2019", "2020"],
            ["Rutland", "c", 25.2],
            ["Isles of Scilly", "c", "c"]]
    path = build(tmp_path / "suppressed.xlsx", rows)
    (table,) = tables_of(path, reference)
    assert table.value_cols == [1, 2] and table.side_cols == []
    result = read_file(path, reference)
    assert sorted(o.status or "" for o in result.observations) == ["", "c", "c", "c"]


def test_a_column_of_kpi_codes_between_the_labels_is_not_a_label(tmp_path, reference):
    rows = [["Local authority", "KPI", "Description", "2022/23", "2023/24"],
            ["Kent", "K01", "Referrals to children's social care", 18946, 19520],
            ["Kent", "K04", "Section 47 enquiries", 5120, 4879]]
    path = build(tmp_path / "kpi.xlsx", rows)
    result = read_file(path, reference)
    assert errors(result) == []
    assert figures(result) == {
        ("E10000016", "referrals", "2022/23"): 18946, ("E10000016", "referrals", "2023/24"): 19520,
        ("E10000016", "s47_enquiries", "2022/23"): 5120, ("E10000016", "s47_enquiries", "2023/24"): 4879,
    }
    (table,) = tables_of(path, reference)
    assert (table.label_cols, table.code_cols) == ([0, 2], [1])
