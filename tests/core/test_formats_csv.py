"""CSV returns in the encodings councils' tools write: UTF-8, UTF-8 with a byte-order mark, Windows-1252."""

from __future__ import annotations

import csv
import io

import pytest

from cpdesk.read.dispatch import read_file
from cpdesk.read.workbook import open_workbook
from sample_workbooks import seed_warwickshire as warks
from tests.conftest import SAMPLES
from tests.core.format_fixtures import figures_with_cells

ENCODINGS = {"utf-8": "utf-8", "utf-8 with BOM": "utf-8-sig", "Windows-1252": "cp1252"}


def _table_3_text() -> str:
    """Warwickshire's Table 3 as a council exports it: its title (with an en dash) on the first line,
    a blank line, the years, then one line per area; a note with a pound sign and a quoted comma."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([warks.TABLE_3.title])
    writer.writerow([])
    writer.writerow(["", *warks.TABLE_3.column_labels])
    for label, cells in zip(warks.TABLE_3.row_labels, warks.TABLE_3.cells, strict=True):
        writer.writerow([label, *cells])
    writer.writerow([])
    writer.writerow(["Note: figures for Bristol, City of are not shown; cost per conference £1,200"])
    return out.getvalue()


@pytest.mark.parametrize("encoding", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_table_3_reads_the_same_in_every_encoding(encoding, reference, tmp_path):
    path = tmp_path / "icpc_timeliness.csv"
    path.write_bytes(_table_3_text().encode(encoding))
    sheet = open_workbook(path).sheets[0]
    assert sheet.name == "icpc_timeliness"
    assert sheet.value(0, 0) == warks.TABLE_3.title and "\u2013" in sheet.value(0, 0)
    assert sheet.value(2, 0) is None and sheet.value(2, 1) == "2015/16"  # no BOM left in a cell
    assert sheet.value(7, 0).endswith("Bristol, City of are not shown; cost per conference £1,200")
    result = read_file(path, reference)
    figures = {f[8]: (f[0], f[1], f[3], f[4], f[5], f[6]) for f in figures_with_cells(result.observations)}
    assert len(figures) == 15
    assert figures["B4"] == ("E10000031", "icpc_15wd_pct", "2015/16", 100.0, None, "100.0%")
    assert figures["F4"] == ("E10000031", "icpc_15wd_pct", "2019/20", 67.8, None, "67.8%")
    assert figures["E5"] == ("SN-E10000031", "icpc_15wd_pct", "2018/19", 84.7, None, "84.7%")
    assert figures["F6"] == ("E92000001", "icpc_15wd_pct", "2019/20", None, "tbc", "TBC")
    assert not [i for i in result.issues if i.severity == "error"]


def test_quoted_names_with_commas_stay_one_cell(tmp_path):
    path = tmp_path / "neighbours.csv"
    text = ('Area,31 Mar 2019\r\n"Bristol, City of",c\r\n"Kingston upon Hull, City of",x\r\n'
            "Warwickshire,29.8\r\n")
    path.write_bytes(text.encode("cp1252"))
    assert open_workbook(path).sheets[0].rows == [
        ["Area", "31 Mar 2019"], ["Bristol, City of", "c"], ["Kingston upon Hull, City of", "x"],
        ["Warwickshire", "29.8"]]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
def test_tidy_return_with_and_without_bom_gives_every_seed_figure(encoding, reference, tmp_path):
    text = (SAMPLES / "tidy_seed_figures.csv").read_text(encoding="utf-8")
    path = tmp_path / "tidy.csv"
    path.write_bytes(text.encode(encoding))
    original = read_file(SAMPLES / "tidy_seed_figures.csv", reference)
    result = read_file(path, reference)
    assert len(result.observations) == len(original.observations) > 370
    assert [f[:8] + (f[8],) for f in figures_with_cells(result.observations)] == \
        [f[:7] + ("tidy",) + (f[8],) for f in figures_with_cells(original.observations)]
    cla_starts = [f for f in figures_with_cells(result.observations)
                  if f[1] == "cla_starts" and f[3] == "2012/13"]
    assert [(f[4], f[6]) for f in cla_starts] == [(247.0, "247 \u2074")]  # a superscript only UTF-8 holds


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused(tmp_path):
    from cpdesk.read.grid import ReadError

    path = tmp_path / "odd.csv"
    path.write_bytes(b"Area,2019/20\r\nWarwickshire,25.1\x81\r\n")  # 0x81 is unassigned in Windows-1252
    with pytest.raises(ReadError, match="'odd.csv' is not a text file cpdesk can read"):
        open_workbook(path)
