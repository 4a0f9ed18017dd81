"""Files that are not what their name says, or are broken: one plain message naming the file, exit 2."""

from __future__ import annotations

import zipfile

import pytest

from cpdesk.cli import main
from cpdesk.read.dispatch import read_file
from cpdesk.read.grid import ReadError
from cpdesk.read.workbook import open_workbook
from cpdesk.reference import load_reference
from tests.conftest import SAMPLES
from tests.core.format_fixtures import figures_with_cells, issue_places, warwickshire_return, xlsx_as_xls
from tests.core.ods_fixtures import xlsx_as_ods

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIDY_LINES = ("area_code,area_name,indicator,breakdown,period,value\n"
              "E10000031,Warwickshire,cpp_count,,31 Mar 2020,295\n")
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_DEFAULT = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _first_half(path):
    return path.read_bytes()[: len(path.read_bytes()) // 2]


def _styles_cut_short(tmp_path) -> bytes:
    """The Warwickshire return with its styles part (read while calamine reads the values) cut in half."""
    xlsx = warwickshire_return(tmp_path / "source.xlsx")
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, data[: len(data) // 2] if info.filename == "xl/styles.xml" else data)
    return damaged.read_bytes()


def _built(tmp_path, kind):
    xlsx = warwickshire_return(tmp_path / "source.xlsx")
    if kind == "xls":
        return xlsx_as_xls(xlsx, tmp_path / "source.xls")
    return xlsx_as_ods(xlsx, tmp_path / "source.ods") if kind == "ods" else xlsx


CASES = {
    "csv renamed .xlsx": ("return.xlsx", lambda tmp: TIDY_LINES.encode(), "it holds plain text"),
    "csv renamed .ods": ("return.ods", lambda tmp: TIDY_LINES.encode(), "it holds plain text"),
    "zero-byte .xlsx": ("return.xlsx", lambda tmp: b"", "is empty"),
    "zero-byte .csv": ("return.csv", lambda tmp: b"", "is empty"),
    "truncated .xlsx": ("return.xlsx", lambda tmp: (SAMPLES / "broken_truncated.xlsx").read_bytes(),
                        "is damaged"),
    "styles part cut short .xlsx": ("return.xlsx", _styles_cut_short, "is damaged"),
    "truncated .xls": ("return.xls", lambda tmp: _first_half(_built(tmp, "xls")), "is damaged"),
    "truncated .ods": ("return.ods", lambda tmp: _first_half(_built(tmp, "ods")), "is damaged"),
    "OLE2 header only .xls": ("return.xls", lambda tmp: OLE2 + b"\x00" * 600, "is damaged"),
    "password-protected .xlsx": ("return.xlsx", lambda tmp: OLE2 + b"\x00" * 100
                                 + "EncryptedPackage".encode("utf-16-le"), "protected with a password"),
    "PDF renamed .xls": ("return.xls", lambda tmp: b"%PDF-1.7\n1 0 obj", "is a PDF"),
}


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_unreadable_file_gives_one_plain_message_and_validate_exits_2(case, tmp_path, capsys):
    name, content, words = CASES[case]
    path = tmp_path / name
    path.write_bytes(content(tmp_path))
    with pytest.raises(ReadError) as caught:
        open_workbook(path)
    message = str(caught.value)
    assert message.startswith(f"'{name}' ") and words in message
    assert "\n" not in message and "error:" not in message.lower() and "Cfb" not in message
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert name in err and words in err and "Traceback" not in err


def test_xlsm_reads_as_the_same_xlsx_and_its_macros_are_left_alone(tmp_path):
    xlsx = warwickshire_return(tmp_path / "warwickshire_return.xlsx")
    xlsm = tmp_path / "warwickshire_return.xlsm"
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(WORKBOOK_TYPE.encode(), MACRO_TYPE.encode())
                data = data.replace(b"</Types>", VBA_DEFAULT + b"</Types>")
                assert MACRO_TYPE.encode() in data
            target.writestr(info, data)
        target.writestr("xl/vbaProject.bin", OLE2 + b"Attribute VB_Name = \"Workbook_Open\"" + b"\x00" * 512)
    reference = load_reference()
    from_xlsm, from_xlsx = read_file(xlsm, reference), read_file(xlsx, reference)
    assert figures_with_cells(from_xlsm.observations) == figures_with_cells(from_xlsx.observations)
    assert len(from_xlsm.observations) == 56
    assert issue_places(from_xlsm) == issue_places(from_xlsx)
    assert ("excel-error", "error", "CP tables", "F4") in issue_places(from_xlsm)
