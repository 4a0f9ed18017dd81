"""A validation report as an Excel workbook officers can filter, sort and attach to an email.

Two sheets: Summary (the file, how many errors/warnings/notes, how many of each rule) and Detail
(one row per issue, with the sheet and cell to go to). The workbook is written to a temporary file
beside the target and then renamed over it, so a crash never leaves half a workbook; messages are
always written as text, so one that starts with '=' or '-' can never become a formula.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from pathlib import Path

import xlsxwriter

from cpdesk.export.safe_write import ExportError, write_safely
from cpdesk.issues import ERROR, INFO, SEVERITIES, WARNING, Severity, ValidationReport
from cpdesk.validate.engine import rule_titles

__all__ = ["ExportError", "write_validation_report"]

logger = logging.getLogger(__name__)

DETAIL_COLUMNS = (("Severity", 10), ("Code", 22), ("Rule", 30), ("File", 30), ("Sheet", 20), ("Cell", 8),
                  ("Message", 110))
SEVERITY_COLOURS = {ERROR: "#F8CBAD", WARNING: "#FFE699", INFO: "#DDEBF7"}
SEVERITY_NAMES = {ERROR: "Errors", WARNING: "Warnings", INFO: "Notes"}
SEVERITY_WORDS = {ERROR: "Error", WARNING: "Warning", INFO: "Note"}


def write_validation_report(report: ValidationReport, path: str | os.PathLike) -> Path:
    """Write ``report`` to ``path`` (.xlsx) and return the path. Raises ExportError if it cannot."""
    target = write_safely(path, lambda filename: _write_workbook(report, filename))
    logger.info("wrote validation report %s (%d issues)", target, len(report.issues))
    return target


def _write_workbook(report: ValidationReport, filename: str) -> None:
    workbook = xlsxwriter.Workbook(filename, {"strings_to_formulas": False, "strings_to_urls": False,
                                              "strings_to_numbers": False})
    try:
        formats = _formats(workbook)
        _write_summary(workbook.add_worksheet("Summary"), report, formats)
        _write_detail(workbook.add_worksheet("Detail"), report, formats)
    finally:
        workbook.close()


def _formats(workbook) -> dict:
    formats = {"bold": workbook.add_format({"bold": True}),
               "header": workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1}),
               "title": workbook.add_format({"bold": True, "font_size": 14}),
               "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
               "top": workbook.add_format({"valign": "top"})}
    for severity, colour in SEVERITY_COLOURS.items():
        formats[severity] = workbook.add_format({"bg_color": colour, "valign": "top"})
    return formats


def _write_summary(sheet, report: ValidationReport, formats: dict) -> None:
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 10)
    sheet.write_string(0, 0, "Validation report", formats["title"])
    sheet.write_string(1, 0, "File", formats["bold"])
    sheet.write_string(1, 1, report.file)
    row = 3
    sheet.write_row(row, 0, ("Severity", "", "Issues"), formats["header"])
    for severity, count in report.counts().items():
        row += 1
        sheet.write_string(row, 0, SEVERITY_NAMES[severity], formats[severity])
        sheet.write_number(row, 2, count)
    row += 2
    sheet.write_row(row, 0, ("Rule code", "Rule", "Issues"), formats["header"])
    for code, severity, count in _counts_by_code(report):
        row += 1
        sheet.write_string(row, 0, code, formats[severity])
        sheet.write_string(row, 1, rule_titles().get(code, code))  # every code has a title (tested)
        sheet.write_number(row, 2, count)


def _counts_by_code(report: ValidationReport) -> list[tuple[str, Severity, int]]:
    """(code, severity, count), most serious first, then by code."""
    tally = Counter((i.code, i.severity) for i in report.issues)
    order = {s: n for n, s in enumerate(SEVERITIES)}
    return sorted(((c, s, n) for (c, s), n in tally.items()), key=lambda t: (order.get(t[1], 9), t[0]))


def _most_serious_first(report: ValidationReport) -> list:
    """Errors, then warnings, then notes; in the order found within each."""
    order = {s: n for n, s in enumerate(SEVERITIES)}
    return sorted(report.issues, key=lambda issue: order.get(issue.severity, 9))


def _write_detail(sheet, report: ValidationReport, formats: dict) -> None:
    for col, (title, width) in enumerate(DETAIL_COLUMNS):
        sheet.set_column(col, col, width, formats["wrap"] if title == "Message" else formats["top"])
        sheet.write_string(0, col, title, formats["header"])
    titles = rule_titles()
    for row, issue in enumerate(_most_serious_first(report), start=1):
        severity = SEVERITY_WORDS.get(issue.severity, issue.severity)
        sheet.write_string(row, 0, severity, formats.get(issue.severity, formats["top"]))
        texts = (issue.code, titles.get(issue.code, ""), issue.file, issue.sheet, issue.cell, issue.message)
        for col, text in enumerate(texts, 1):
            if text:  # an empty cell, not an empty string, so Excel's filter shows "(Blanks)"
                sheet.write_string(row, col, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(report.issues), 1), len(DETAIL_COLUMNS) - 1)
