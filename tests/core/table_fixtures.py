"""Workbooks laid out as council reports are, built with openpyxl from the Warwickshire seed report.

The figures are those of Warwickshire's "Update on Child Protection" (scrutiny committee, 29
September 2020), tables 1, 2, 5 and 7.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

YEARS = ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]
TABLE1 = {
    "Warwickshire": [42.0, 38.8, 49.0, 29.8, 25.1],
    "Statistical Neighbours": [39.4, 35.7, 34.4, 34.7, "TBC"],
    "England": [43.1, 43.3, 45.3, 43.7, "TBC"],
}
TABLE2 = {
    "Warwickshire": [0.049, 0.049, 0.059, 0.030, 0.023],
    "Statistical Neighbours": [0.026, 0.033, 0.038, 0.037, "TBC"],
    "England": [0.038, 0.034, 0.034, 0.033, "TBC"],
}
TABLE5_HEAD = ["Quarter", "No. within 2 years", "% within 2 years", "Total No. repeat plans",
               "% regardless of time", "Total No. CP Starts",
               "Average no. of months between prev and current CP"]
TABLE5 = [
    ["Q4 17/18", 17, 0.101, 26, 0.154, 169, 30],
    ["Q1 18/19", 13, 0.083, 19, 0.121, 157, 24],
    ["Q2 18/19", 4, 0.029, 30, 0.216, 139, 54],
]
DISTRICT_DATES = [dt.datetime(2015, 3, 31), dt.datetime(2016, 3, 31), dt.datetime(2020, 7, 31)]
TABLE7 = {
    "N. Warwickshire": [51, 35, 22],
    "Rugby": [42, 39, 33],
    "Warwickshire CP rate per 10,000": [47.7, 42, 28],
}
TITLE1 = ("Table 1 shows the rate of children who are subject to a Child Protection Plan at 31 March per "
          "10,000 of the 0-17 child population.")
TITLE2 = ("Table 2 shows Long Plans: The percentage of children who ceased to be the subject of a child "
          "protection plan during the year ending 31 March, who had been the subject of a child protection "
          "plan, continuously for two years or more.")


def _area_table(ws, top: int, title: str, rows: dict, number_format: str | None = None) -> int:
    ws.cell(top, 1, title)
    for i, year in enumerate(YEARS):
        ws.cell(top + 2, 2 + i, year)
    for j, (name, values) in enumerate(rows.items()):
        ws.cell(top + 3 + j, 1, name)
        for i, value in enumerate(values):
            cell = ws.cell(top + 3 + j, 2 + i, value)
            if number_format and not isinstance(value, str):
                cell.number_format = number_format
    return top + 3 + len(rows)


def warwickshire_report(path: Path) -> Path:
    """One sheet, four tables one below another, as the report lays them out."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CP update"
    ws.cell(1, 1, "Update on Child Protection")
    end = _area_table(ws, 3, TITLE1, TABLE1)  # title A3, blank row 4, header row 5, data 6-8
    end = _area_table(ws, end + 2, TITLE2, TABLE2, "0.0%")  # title A10, header 12, data 13-15
    top = end + 2  # 17
    ws.cell(top, 1, "Table 5 – The average number of months between previous and current child protection "
                    "plan being initiated.")
    for i, head in enumerate(TABLE5_HEAD):
        ws.cell(top + 1, 1 + i, head)
    for j, row in enumerate(TABLE5):
        for i, value in enumerate(row):
            cell = ws.cell(top + 2 + j, 1 + i, value)
            if i in (2, 4):
                cell.number_format = "0.0%"
    top = top + 2 + len(TABLE5) + 1  # 23
    ws.cell(top, 1, "Table 7 – Child Protection Rates per 10,000 by District.")
    ws.cell(top + 1, 1, "Child Protection Rate per 10,000 at Year End")
    for i, day in enumerate(DISTRICT_DATES):
        ws.cell(top + 1, 2 + i, day).number_format = "d mmmm yyyy"
    for j, (name, values) in enumerate(TABLE7.items()):
        ws.cell(top + 2 + j, 1, name)
        for i, value in enumerate(values):
            ws.cell(top + 2 + j, 2 + i, value)
    source = "Source: District level data is taken from historical performance reporting."
    ws.cell(top + 3 + len(TABLE7), 1, source)
    wb.save(path)
    return path
