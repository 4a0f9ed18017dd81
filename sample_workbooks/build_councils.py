"""The councils' own workbooks, laid out as their reports lay the tables out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sample_workbooks import seed_hampshire as hants
from sample_workbooks import seed_oxfordshire as oxon
from sample_workbooks import seed_warwickshire as warks
from sample_workbooks.layout import (
    fraction_percent,
    new_workbook,
    put,
    save_workbook,
    set_widths,
    text_percent,
    write_table,
)

GAP = 2  # blank rows between tables stacked on one sheet
HAMPSHIRE_TITLE = "Hampshire County Council: Safeguarding Update (June 2015), Performance and Activity levels"


def warwickshire(folder: Path) -> Path:
    """Tables 1-4, 6 and 7 stacked on one sheet under their titles; Table 5 on a sheet of its own.

    Percentages in Tables 2-4 are fractions formatted ``0.0%`` ("TBC" stays text); Table 7's
    "31 / March / 2015" header is one row of real date cells formatted ``mmm-yy``.
    """
    wb = new_workbook()
    ws = wb.create_sheet("CP tables")
    row = 1
    for table, style in ((warks.TABLE_1, text_percent), (warks.TABLE_2, fraction_percent),
                         (warks.TABLE_3, fraction_percent), (warks.TABLE_4, fraction_percent),
                         (warks.TABLE_6, text_percent)):
        row = write_table(ws, row, table, style, title=table.title) + GAP
    dates = [dt.datetime.strptime(label, "%d %B %Y") for label in warks.DISTRICT_COLUMNS]
    write_table(ws, row, warks.TABLE_7, text_percent, title=warks.TABLE_7.title, corner=warks.ROW_HEADER_T7,
                headers=dates, header_format="mmm-yy")
    set_widths(ws, 60)
    quarterly = wb.create_sheet("Table 5")
    write_table(quarterly, 1, warks.TABLE_5, fraction_percent, title=warks.TABLE_5.title, corner="Quarter")
    set_widths(quarterly, 12, 16)
    return save_workbook(wb, folder / "warwickshire_cp_update_2020.xlsx")


def hampshire(folder: Path) -> Path:
    """The four tables of section 3 on one sheet, each named in its corner cell.

    Most percentages are the text "23.8%" as typed; the CP plans table holds fractions formatted
    ``0.0%``, as a sheet pasted from another system would.
    """
    wb = new_workbook()
    ws = wb.create_sheet("Safeguarding")
    put(ws, 1, 1, HAMPSHIRE_TITLE, bold=True)
    row = 3
    for table, style in ((hants.ACTIVITY, text_percent), (hants.ASSESSMENTS, text_percent),
                         (hants.PLANS, fraction_percent), (hants.LOOKED_AFTER, text_percent)):
        row = write_table(ws, row, table, style, corner=table.title) + 1
    set_widths(ws, 55)
    return save_workbook(wb, folder / "hampshire_safeguarding_2015.xlsx")


def oxfordshire_2015(folder: Path) -> Path:
    """The 2015 report card: July snapshots, care system, risk factors and caseloads by area."""
    wb = new_workbook()
    ws = wb.create_sheet("Snapshots")
    july = [dt.datetime(year, 7, 31) for year in (2013, 2014, 2015)]
    write_table(ws, 1, oxon.JULY_SNAPSHOTS, fraction_percent, title=oxon.JULY_SNAPSHOTS.title,
                headers=[*july, "% change"], header_format="mmmm yyyy")
    set_widths(ws, 24, 14)
    care = wb.create_sheet("Care system")
    put(care, 1, 1, "Oxfordshire County Council: the care system", bold=True)
    row = write_table(care, 3, oxon.LEGAL_STATUS, fraction_percent, corner=oxon.LEGAL_STATUS.title) + GAP
    write_table(care, row, oxon.UASC, fraction_percent, corner=oxon.UASC.title)
    set_widths(care, 42)
    _risk_factors(wb.create_sheet("Risk factors"))
    areas = wb.create_sheet("Caseloads")
    write_table(areas, 1, oxon.CASELOADS, text_percent,
                title="Family support caseloads by area at 30 September 2015")
    set_widths(areas, 50)
    return save_workbook(wb, folder / "oxfordshire_cp_report_card_2015.xlsx")


def _risk_factors(ws) -> None:
    """Two header rows: the first spans 'No' and '%' with one merged label."""
    table = oxon.RISK_FACTORS
    put(ws, 1, 1, table.title + " (2014/15)", bold=True)
    put(ws, 3, 1, "Risk Factor", bold=True)
    put(ws, 3, 2, "How often a child went on a plan where this risk factor was recorded", bold=True)
    ws.merge_cells(start_row=3, start_column=2, end_row=3, end_column=3)
    put(ws, 3, 4, table.column_labels[2], bold=True)
    put(ws, 3, 5, table.column_labels[3], bold=True)
    write_table(ws, 4, table, fraction_percent, headers=("No", "%", None, None))
    for col in (1, 4, 5):
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    set_widths(ws, 30, 20)


def oxfordshire_2014(folder: Path) -> Path:
    """The 2014 scrutiny paper: looked after by date, entering care, and the figures its text quotes."""
    wb = new_workbook()
    ws = wb.create_sheet("Looked after")
    dates = (dt.datetime(2013, 3, 31), dt.datetime(2014, 3, 31), dt.datetime(2014, 9, 1))
    put(ws, 1, 1, "Oxfordshire County Council: children looked after", bold=True)
    write_table(ws, 3, oxon.LOOKED_AFTER_2014, text_percent, row_labels=dates, row_label_format="d mmmm yyyy")
    set_widths(ws, 18, 24)
    care = wb.create_sheet("Entering care")
    put(care, 1, 1, "Oxfordshire County Council: children entering care", bold=True)
    write_table(care, 3, oxon.ENTERING_CARE_2014, text_percent, corner=oxon.ENTERING_CARE_2014.title)
    set_widths(care, 60)
    key = wb.create_sheet("Key figures")
    title = f"Oxfordshire: {oxon.KEY_FIGURES_2014.title}"
    write_table(key, 1, oxon.KEY_FIGURES_2014, text_percent, title=title,
                headers=(dt.datetime(2013, 3, 31), dt.datetime(2014, 9, 1)), header_format="d mmmm yyyy")
    set_widths(key, 45, 18)
    return save_workbook(wb, folder / "oxfordshire_pressures_2014.xlsx")


def oxfordshire_2019(folder: Path) -> Path:
    """The 2018/19 PAQA report's figures, quoted in its text, as measures by year end."""
    wb = new_workbook()
    ws = wb.create_sheet("Key figures")
    table = oxon.KEY_FIGURES_2019
    write_table(ws, 1, table, text_percent, title=f"Oxfordshire Safeguarding Children Board: {table.title}")
    set_widths(ws, 45, 14)
    return save_workbook(wb, folder / "oxfordshire_paqa_2019.xlsx")


BUILDERS = (warwickshire, hampshire, oxfordshire_2015, oxfordshire_2014, oxfordshire_2019)
