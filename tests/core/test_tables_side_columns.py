"""Columns beside the figures (Polarity, RAG, "% change", Target) are neither read as data nor reported.

The figures are Warwickshire's children on a plan per 10,000 (29.8 at 31 March 2019, 49.0 a year
before) against its statistical neighbours and England, laid out as a report card with the usual
side columns.
"""

from __future__ import annotations

import pytest

from tests.core.test_tables import SN, WARKS, _facts, _read, _sheet_workbook

ENGLAND = "E92000001"


@pytest.mark.parametrize("side", [
    ["Polarity", "RAG", "% change"],
    ["Good is", "RAG rating", "Direction of travel"],
    ["Rank", "Comments from service", "Notes"],
])
def test_side_columns_after_the_periods_are_left_alone(tmp_path, schema, areas, side):  # noqa: F811
    rows = [
        ["Children subject to a CP plan per 10,000 children"],
        ["Area", "2017/18", "2018/19", *side],
        ["Warwickshire", 49.0, 29.8, "Low", "Green", "-39.2%"],
        ["Statistical neighbours", 34.4, 34.7, "Low", "Amber", "0.9%"],
        ["England", 45.3, 43.7, "Low", "Red", "-3.5%"],
    ]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas, council="E10000031")
    assert _facts(result) == [
        (WARKS, "cpp_rate", "31 Mar 2018", 49.0, None, "B3"),
        (WARKS, "cpp_rate", "31 Mar 2019", 29.8, None, "C3"),
        (SN, "cpp_rate", "31 Mar 2018", 34.4, None, "B4"),
        (SN, "cpp_rate", "31 Mar 2019", 34.7, None, "C4"),
        (ENGLAND, "cpp_rate", "31 Mar 2018", 45.3, None, "B5"),
        (ENGLAND, "cpp_rate", "31 Mar 2019", 43.7, None, "C5"),
    ]
    assert result.issues == []


def test_a_target_column_is_a_target_not_a_figure(tmp_path, schema, areas):  # noqa: F811
    rows = [
        ["Children subject to a CP plan per 10,000 children"],
        ["Area", "2017/18", "2018/19", "Target", "RAG"],
        ["Warwickshire", 49.0, 29.8, 32, "Green"],
    ]
    result = _read(_sheet_workbook(tmp_path, rows), schema, areas, council="E10000031")
    assert [fact[3] for fact in _facts(result)] == [49.0, 29.8]
    assert [(t[0], t[1], t[3]) for t in result.targets] == [("cpp_rate", WARKS, 32.0)]
