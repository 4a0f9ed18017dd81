"""Opening workbooks of every kind as grids: values, formats, errors, hidden parts, broken files."""

import datetime as dt
import zipfile

import openpyxl
import pandas as pd
import pytest

from cpdesk.read.grid import ReadError
from cpdesk.read.workbook import detect_kind, open_workbook

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of an Office 97-2003 / encrypted container


@pytest.fixture
def report_xlsx(tmp_path):
    """Warwickshire's Table 2 row, a date heading, an error, a formula never calculated, hidden parts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Long plans"
    ws["A1"] = "Table 2 shows Long Plans"
    ws["B3"] = "2018/19"
    ws["C3"] = dt.datetime(2019, 3, 31)
    ws["C3"].number_format = "d mmmm yyyy"
    ws["A4"] = "Warwickshire"
    ws["B4"] = 0.030
    ws["B4"].number_format = "0.0%"
    ws["C4"] = 29.8
    ws["D4"] = "#DIV/0!"
    ws["E4"] = "=B4*2"
    ws.merge_cells("B2:C2")
    ws["B2"] = "Child protection"
    ws.row_dimensions[5].hidden = True
    ws["A5"] = "England"
    hidden = wb.create_sheet("Workings")
    hidden["A1"] = 563
    hidden.sheet_state = "hidden"
    path = tmp_path / "long_plans.xlsx"
    wb.save(path)
    return path


def test_xlsx_values_formats_and_positions(report_xlsx):
    book = open_workbook(report_xlsx)
    sheet = book.sheets[0]
    assert book.file_name == "long_plans.xlsx"
    assert sheet.name == "Long plans"
    assert sheet.value(0, 0) == "Table 2 shows Long Plans"
    assert sheet.value(3, 0) == "Warwickshire"
    assert sheet.value(3, 1) == pytest.approx(0.030)
    assert sheet.number_format(3, 1) == "0.0%"
    assert sheet.value(3, 2) == 29.8
    assert sheet.number_format(3, 2) is None  # plain numbers keep no format
    assert sheet.value(2, 2) in (dt.date(2019, 3, 31), dt.datetime(2019, 3, 31))
    assert sheet.number_format(2, 2) == "d mmmm yyyy"


def test_xlsx_error_values_come_through_as_text(report_xlsx):
    assert open_workbook(report_xlsx).sheets[0].value(3, 3) == "#DIV/0!"


def test_formula_without_saved_result_is_noted(report_xlsx):
    book = open_workbook(report_xlsx)
    assert book.sheets[0].value(3, 4) is None
    assert len(book.notes) == 1
    assert "Long plans" in book.notes[0] and "E4" in book.notes[0]


def test_merged_hidden_rows_and_hidden_sheets_are_recorded(report_xlsx):
    book = open_workbook(report_xlsx)
    sheet, workings = book.sheets
    assert sheet.merged == [(1, 1, 1, 2)]
    assert sheet.hidden_rows == {4}
    assert not sheet.hidden
    assert workings.hidden and workings.value(0, 0) == 563


def test_xlsm_and_misnamed_files_are_read_by_content(report_xlsx, tmp_path):
    as_xlsm = tmp_path / "macro.xlsm"
    as_xlsm.write_bytes(report_xlsx.read_bytes())
    as_csv_name = tmp_path / "really_xlsx.csv"
    as_csv_name.write_bytes(report_xlsx.read_bytes())
    assert detect_kind(as_xlsm) == "xlsx"
    assert open_workbook(as_csv_name).sheets[0].value(3, 2) == 29.8


def test_ods(tmp_path):
    path = tmp_path / "cla.ods"
    frame = pd.DataFrame({"Legal status": ["Full Care Order", "Section 20"], "2014/15": [254, 118]})
    frame.to_excel(path, engine="odf", index=False, sheet_name="CLA")
    sheet = open_workbook(path).sheets[0]
    assert detect_kind(path) == "ods"
    assert sheet.name == "CLA"
    assert sheet.rows[0] == ["Legal status", "2014/15"]
    assert sheet.rows[2][0] == "Section 20" and sheet.rows[2][1] == 118


def test_csv_windows_1252_with_semicolons(tmp_path):
    path = tmp_path / "districts.csv"
    path.write_bytes("District;31 March 2019;Note\nNuneaton & Bedworth;36;£ cost – none\n".encode("cp1252"))
    sheet = open_workbook(path).sheets[0]
    assert sheet.rows[0] == ["District", "31 March 2019", "Note"]
    assert sheet.rows[1] == ["Nuneaton & Bedworth", "36", "£ cost – none"]


def test_csv_utf8_with_bom_and_tabs(tmp_path):
    path = tmp_path / "rates.txt"
    path.write_bytes("\ufeffArea\t2018/19\t2019/20\nWarwickshire\t29.8\t25.1\nEngland\t43.7\tTBC\n".encode())
    sheet = open_workbook(path).sheets[0]
    assert sheet.rows[0] == ["Area", "2018/19", "2019/20"]  # no BOM left on the first heading
    assert sheet.rows[2] == ["England", "43.7", "TBC"]


def test_csv_saved_with_xls_name_is_read_as_csv(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text("Area,2019/20\nWarwickshire,25.1\n", encoding="utf-8")
    assert open_workbook(path).sheets[0].rows[1] == ["Warwickshire", "25.1"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"%PDF-1.7 report", "is a PDF"),
        (b"\x00\x01\x02binary\x00", "not a workbook"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "web page"),
        (OLE2 + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le"), "password"),
    ],
)
def test_unreadable_files_raise_plain_messages(tmp_path, content, words):
    path = tmp_path / "return.xlsx"
    path.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        open_workbook(path)
    assert "'return.xlsx'" in str(caught.value)
    assert words in str(caught.value)


def test_truncated_xlsx_is_reported_as_damaged(report_xlsx, tmp_path):
    path = tmp_path / "cut.xlsx"
    path.write_bytes(report_xlsx.read_bytes()[:400])
    with pytest.raises(ReadError, match="'cut.xlsx' is damaged"):
        open_workbook(path)


def test_word_document_is_not_a_workbook(tmp_path):
    path = tmp_path / "minutes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(ReadError, match="not a spreadsheet"):
        open_workbook(path)


def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="'gone.xlsx' was not found"):
        open_workbook(tmp_path / "gone.xlsx")
