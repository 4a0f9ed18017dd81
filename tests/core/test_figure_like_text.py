"""Text meant as a figure that cannot be read as one is refused at its cell, never guessed: an amount of
money ("£345" in a count column is a cost in the wrong cell, not 345 children), a decimal comma
("25,9") and a mark councils use that cpdesk does not know ("<5", "*"), in tidy returns and in
laid-out tables alike, even when no cell of the table is a number."""

from __future__ import annotations

import openpyxl

from cpdesk.read.dispatch import read_file
from cpdesk.reference import load_reference

HEADINGS = ["Measure", "2021/22", "2022/23", "2023/24"]
TIDY = ("area_code,area_name,indicator,breakdown,period,value\n"
        "E10000031,Warwickshire,cpp_count,,31 Mar 2018,563\n"
        "E10000031,Warwickshire,cpp_count,,31 Mar 2019,£345\n")


def _read_table(tmp_path, *rows, council=None):
    """A one-sheet workbook of these rows (title, headings, figures), read as an officer imports it."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(tmp_path / "table.xlsx")
    return read_file(tmp_path / "table.xlsx", load_reference(), council=council)


def _errors(result):
    return [(i.code, i.cell, i.message) for i in result.issues if i.severity == "error"]


def test_a_money_cell_in_a_tidy_return_is_refused_at_its_cell(tmp_path):
    path = tmp_path / "return.csv"
    path.write_text(TIDY, encoding="utf-8")
    result = read_file(path, load_reference())
    assert [(o.period.label, o.value) for o in result.observations] == [("31 Mar 2018", 563)]
    [(code, cell, message)] = _errors(result)
    assert (code, cell) == ("not-a-number", "F3")
    assert "'£345' is an amount of money" in message and "return.csv" in message


def test_a_money_cell_in_a_table_is_refused_at_its_cell(tmp_path):
    result = _read_table(tmp_path, ["Number of children subject to a child protection plan at 31 March"],
                         ["Area", 2018, 2019], ["Warwickshire", 563, "£345"], council="E10000031")
    assert [(o.period.label, o.value) for o in result.observations] == [("31 Mar 2018", 563)]
    [(code, cell, message)] = _errors(result)
    assert (code, cell) == ("not-a-number", "C3")
    assert "an amount of money" in message


def test_a_table_whose_figures_all_have_decimal_commas_is_found_and_each_cell_reported(tmp_path):
    result = _read_table(tmp_path, ["Warwickshire - data quality"], HEADINGS,
                         ["Child Protection Rate per 10,000", "25,9", "28,4", "30,2"])
    assert result.observations == []
    refused = {cell: message for code, cell, message in _errors(result)}
    assert sorted(refused) == ["B3", "C3", "D3"]
    assert "'28,4' has a decimal comma" in refused["C3"] and "type 28.4 with a decimal point" in refused["C3"]
    assert "no-figures" not in {i.code for i in result.issues}


def test_marks_cpdesk_does_not_know_are_reported_at_their_own_cells(tmp_path):
    row = ["Number of UASC looked after", "<5", "*", 12]
    result = _read_table(tmp_path, ["Warwickshire - UASC"], HEADINGS, row)
    read = [(o.period.label, o.value, o.source.cell) for o in result.observations]
    assert read == [("31 Mar 2024", 12, "D3")]
    refused = {cell: message for code, cell, message in _errors(result)}
    assert sorted(refused) == ["B3", "C3"]
    assert "'<5' stands in for a figure but is not a symbol cpdesk knows; write c" in refused["B3"]
