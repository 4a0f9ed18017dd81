"""The validation report workbook: reopened with openpyxl and checked sheet by sheet."""

from __future__ import annotations

import os

import openpyxl
import pytest

from cpdesk.export import validation_report
from cpdesk.export.validation_report import ExportError, write_validation_report
from cpdesk.issues import ERROR, Issue, ValidationReport
from cpdesk.validate.engine import validate
from tests.core.validate_fixtures import FILE, WARWICKSHIRE, context, obs

FORMULA_LIKE = "=SUM(A1:A9) was typed where the count of S47 enquiries (1,084) should be"


def _report() -> ValidationReport:
    figures = [
        obs("cpp_ended_2y_pct", WARWICKSHIRE, "2017/18", 123.4, "C5", raw="123.4%"),
        obs("cpp_count", WARWICKSHIRE, "31 March 2018", 563, "D12", sheet="Table 6"),
        obs("cpp_count", WARWICKSHIRE, "31 March 2018", 561, "D20", sheet="Table 6"),
        obs("cpp_rate", "SN-E10000031", "31 March 2020", None, "F6", status="tbc", raw="TBC"),
    ]
    report = validate(figures, context())
    report.add(Issue(code="unreadable-cell", severity=ERROR, message=FORMULA_LIKE, file=FILE,
                     sheet="Table 6", cell="B4"))
    return report


def test_report_workbook_has_summary_and_detail(tmp_path):
    report = _report()
    target = write_validation_report(report, tmp_path / "check.xlsx")
    assert target == tmp_path / "check.xlsx"
    assert os.listdir(tmp_path) == ["check.xlsx"]  # no temporary file left behind
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Summary", "Detail"]

    summary = {row[0]: row for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["File"][1] == FILE
    assert summary["Errors"][2] == len(report.errors) == 3
    assert summary["Warnings"][2] == 0
    assert summary["Notes"][2] == 1
    assert summary["out-of-range"][1:] == ("Figure out of range", 1)
    assert summary["unreadable-cell"][1:] == ("unreadable-cell", 1)

    detail = book["Detail"]
    rows = list(detail.iter_rows(values_only=True))
    assert rows[0] == ("Severity", "Code", "Rule", "File", "Sheet", "Cell", "Message")
    assert len(rows) == len(report.issues) + 1
    assert rows[1][:6] == ("Error", "out-of-range", "Figure out of range", FILE, "CP tables", "C5")
    severities = [r[0] for r in rows[1:]]
    assert severities == sorted(severities, key=["Error", "Warning", "Note"].index)  # most serious first
    errors_in_order = [i.cell or None for i in report.issues if i.severity == ERROR]
    assert [r[5] for r in rows[1:] if r[0] == "Error"] == errors_in_order
    assert detail.freeze_panes == "A2"
    assert detail.auto_filter.ref == f"A1:G{len(rows)}"


def test_formula_like_message_stays_text(tmp_path):
    target = write_validation_report(_report(), tmp_path / "check.xlsx")
    cell = next(row[6] for row in openpyxl.load_workbook(target)["Detail"].iter_rows()
                if row[1].value == "unreadable-cell")
    assert cell.value == FORMULA_LIKE
    assert cell.data_type == "s"


def test_file_open_in_excel_raises_a_clear_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "check.xlsx"
    target.write_bytes(b"the report from last week")

    def locked(_source, _destination):
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(validation_report.os, "replace", locked)
    with pytest.raises(ExportError, match=r"check\.xlsx is open in another program \(Excel\?\)\. Close it"):
        write_validation_report(_report(), target)
    assert target.read_bytes() == b"the report from last week"
    assert os.listdir(tmp_path) == ["check.xlsx"]


def test_missing_folder_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_validation_report(ValidationReport(file=FILE), tmp_path / "nowhere" / "check.xlsx")


def test_every_code_cpdesk_raises_has_a_title():
    """Codes raised while reading (not-a-number, council-assumed ...) are named in reports as rules are."""
    import re
    from pathlib import Path

    from cpdesk.validate.engine import rule_titles

    package = Path(__file__).resolve().parents[2] / "cpdesk"
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    call = r'(?:Issue(?:\.at)?\(|\.add\(|_issue\(|problem_code=)'
    raised = set(re.findall(call + r'"([a-z]+(?:-[a-z]+)+)"', source))
    raised |= {"no-area", "no-indicator", "no-period", "unknown-category"}  # built as "no-" + what is missing
    titles = rule_titles()
    assert raised - set(titles) == set()
    assert all(titles[code] != code for code in raised)
