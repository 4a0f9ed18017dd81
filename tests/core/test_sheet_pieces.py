"""A big sheet read in pieces while the size check reads on gives exactly what reading it whole gives,
and calamine never sees a byte the check has not passed.

Pieces are made small here (a few hundred bytes of XML, the scan's chunks smaller still) so that the
sample workbooks and the sheets built below are cut many times; each test compares ``open_workbook``
with pieces against ``in_pieces=False``, which reads every sheet whole after the check, as before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from cpdesk.read import limits, sheet_pieces
from cpdesk.read.grid import ReadError, Workbook
from cpdesk.read.workbook import open_workbook
from tests.conftest import SAMPLES
from tools.hostile_builders import (
    HEADINGS,
    SHEET_HEAD,
    SHEET_PART,
    deflated,
    small_sheet,
    tidy_cells,
    xlsx_with_sheet,
)


@pytest.fixture
def small_pieces(monkeypatch) -> list[str]:
    """Pieces of about 900 bytes, chunks of 500; the names of the sheets read in pieces are listed."""
    monkeypatch.setattr(sheet_pieces, "PIECE_BYTES", 900)
    monkeypatch.setattr(sheet_pieces, "_MAX_PARTS_BYTES", 10_000_000)
    monkeypatch.setattr(limits, "CHUNK", 500)
    read: list[str] = []
    finish = sheet_pieces.SheetPieces.finish

    def noted(self):
        values = finish(self)
        if values is not None:
            read.append(self.name)
        return values

    monkeypatch.setattr(sheet_pieces.SheetPieces, "finish", noted)
    return read


@pytest.fixture
def sent(monkeypatch) -> list[bytes]:
    """Every piece of XML handed to calamine."""
    pieces: list[bytes] = []
    workbook_with = sheet_pieces.PieceWorkbooks.workbook_with

    def noted(self, part, *xml):
        pieces.append(b"".join(xml))
        return workbook_with(self, part, *xml)

    monkeypatch.setattr(sheet_pieces.PieceWorkbooks, "workbook_with", noted)
    return pieces


def described(book: Workbook) -> list[tuple]:
    sheets = [(s.name, s.rows, s.formats, s.hidden, s.hidden_rows, s.hidden_cols, s.merged)
              for s in book.sheets]
    return [*sheets, tuple(book.notes)]


def assert_same_both_ways(path: Path) -> Workbook | None:
    """The workbook read in pieces, the same as read whole; or None, refused alike both ways."""
    try:
        whole = open_workbook(path, in_pieces=False)
    except ReadError as exc:
        with pytest.raises(ReadError) as refused:
            open_workbook(path)
        assert str(refused.value) == str(exc)
        return None
    pieces = open_workbook(path)
    assert described(pieces) == described(whole), path.name
    return pieces


def test_every_sample_workbook_reads_the_same_in_pieces(small_pieces):
    files = sorted(SAMPLES.glob("*.xlsx"))
    assert len(files) >= 8
    for file in files:
        assert_same_both_ways(file)
    assert len(small_pieces) >= 5


def test_values_dates_percentages_merges_and_hidden_rows_read_the_same_in_pieces(tmp_path, small_pieces):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Return"
    ws.append(HEADINGS)
    for n in range(300):
        ws.append(["E10000031", "Warwickshire", "cpp_rate", "" if n % 3 else "male",
                   f"31 Mar {1990 + n % 30}", n / 7])
    for row in range(5, 300, 40):
        ws.cell(row, 7, dt.datetime(2019, 3, 31)).number_format = "d mmmm yyyy"
        ws.cell(row, 8, 0.049).number_format = "0.0%"
        ws.cell(row, 9, True)
        ws.row_dimensions[row + 1].hidden = True
    ws.merge_cells("J2:K3")
    ws["C320"] = "after a gap of empty rows"
    ws["AB400"] = 7
    wb.create_sheet("Small")["C3"] = "a sheet too small to cut"
    wb.save(tmp_path / "mixed.xlsx")
    book = assert_same_both_ways(tmp_path / "mixed.xlsx")
    assert book is not None
    assert small_pieces == ["Return"]
    assert book.sheets[0].rows[399][27] == 7 and book.sheets[0].merged == [(1, 9, 2, 10)]


def test_rows_and_cells_without_references_place_each_cell_as_whole(tmp_path, small_pieces, sent):
    """Only a row naming its number begins a piece; cells without references follow the one before."""
    rows = "".join(f'<row r="{n}"><c r="B{n}"><v>{n}</v></c><c><v>{n + 0.5}</v></c></row>'
                   for n in range(1, 60))
    rows += "".join(f"<row><c><v>{n}</v></c><c><v>{n}</v></c></row>" for n in range(60, 120))
    text = '<c r="C{n}" t="inlineStr"><is><t>area {area}</t></is></c>'
    rows += "".join(f'<row r="{n}" spans="3:4">' + text.format(n=n, area=n % 4) + "</row>"
                    for n in range(200, 260))
    book = assert_same_both_ways(xlsx_with_sheet(tmp_path / "mixed.xlsx", small_sheet(rows)))
    assert book is not None
    assert small_pieces == ["Return"] and len(sent) > 3
    assert all(piece.split(b"<sheetData>")[1].startswith(b'<row r="') for piece in sent)
    assert book.sheets[0].rows[0] == [None, 1.0, 1.5] and book.sheets[0].rows[199] == [None, None, "area 0"]


def test_a_piece_whose_rows_come_before_the_last_ones_sends_the_sheet_whole(tmp_path, small_pieces, sent):
    rows = [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>{-n}</v></c></row>'
            for n in [*range(100, 140), *range(1, 40)]]
    book = assert_same_both_ways(xlsx_with_sheet(tmp_path / "backwards.xlsx", small_sheet("".join(rows))))
    assert book is not None
    assert small_pieces == [] and sent
    assert book.sheets[0].rows[0] == [1.0, -1.0] and book.sheets[0].rows[99] == [100.0, -100.0]


@pytest.mark.parametrize("among_rows", ["<!-- a comment -->", "<![CDATA[<row r=\"9\">]]>", "<?pi x?>"])
def test_a_comment_or_cdata_among_the_rows_sends_the_sheet_whole(tmp_path, small_pieces, among_rows):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 80))
    at = len(rows) // 2
    cells = rows[: rows.index("<row", at)] + among_rows + rows[rows.index("<row", at):]
    assert_same_both_ways(xlsx_with_sheet(tmp_path / "marked.xlsx", small_sheet(cells)))
    assert small_pieces == []


def test_a_sheet_with_a_namespace_prefix_is_read_whole(tmp_path, small_pieces):
    rows = "".join(f'<x:row r="{n}"><x:c r="A{n}"><x:v>{n}</x:v></x:c></x:row>' for n in range(1, 80))
    xml = SHEET_HEAD.replace(b"<worksheet", b"<x:worksheet xmlns:x='x'") + (
        f"<x:sheetData>{rows}</x:sheetData></x:worksheet>".encode())
    assert_same_both_ways(xlsx_with_sheet(tmp_path / "prefix.xlsx", deflated(SHEET_PART, xml)))
    assert small_pieces == []


def test_a_piece_calamine_refuses_is_refused_as_the_whole_sheet_is(tmp_path, small_pieces, sent):
    rows = [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 90)]
    rows[70] = '<row r="71"><c r="A71" t="b"><v>x</v></c></row>'
    assert_same_both_ways(xlsx_with_sheet(tmp_path / "bad_value.xlsx", small_sheet("".join(rows))))
    assert small_pieces == [] and sent


# --- the size check still guards calamine ------------------------------------------------------------

def far_rows(far: str, at: int = 60) -> str:
    """Rows A1..A90 of small figures, row ``at`` also holding a cell at ``far``."""
    rows = [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 91)]
    rows[at - 1] = f'<row r="{at}"><c r="A{at}"><v>{at}</v></c><c r="{far}"><v>1</v></c></row>'
    return "".join(rows)


def test_a_far_cell_after_pieces_were_read_is_refused_and_never_reaches_calamine(tmp_path, small_pieces,
                                                                                 sent):
    """The sheet's dimension says A1:A90; a cell in row 60 reaches XFD1048576."""
    file = xlsx_with_sheet(tmp_path / "far.xlsx", small_sheet(far_rows("XFD1048576"),
                                                              before_data='<dimension ref="A1:A90"/>'))
    with pytest.raises(ReadError, match="reaches cell XFD1048576, 17,179,869,184 cells from A1"):
        open_workbook(file)
    assert sent and not any(b"XFD" in piece.split(b"<sheetData>")[1] for piece in sent)
    with pytest.raises(ReadError, match="reaches cell XFD1048576, 17,179,869,184 cells from A1"):
        open_workbook(file, in_pieces=False)


@pytest.mark.parametrize(("limit", "refused"), [(90 * 40, False), (90 * 40 - 1, True)])
def test_a_sheet_just_within_the_limit_reads_and_one_cell_past_it_is_refused(
        tmp_path, monkeypatch, small_pieces, sent, limit, refused):
    """The cells reach AN90: 3,600 cells from A1. Past the limit, the rows up to the one that takes the
    cells past it may have gone to calamine (they were within it), that row never."""
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", limit)
    file = xlsx_with_sheet(tmp_path / "edge.xlsx", small_sheet(far_rows("AN60")))
    if refused:
        with pytest.raises(ReadError, match="reaches cell AN90, 3,600 cells from A1"):
            open_workbook(file)
        assert sent and not any(b'<row r="90">' in piece for piece in sent)
    else:
        assert open_workbook(file).sheets[0].rows[59] == [60.0, *[None] * 38, 1.0]
        assert small_pieces == ["Return"]


def test_more_cells_than_the_limit_are_refused_while_the_pieces_stream(tmp_path, monkeypatch, small_pieces,
                                                                       sent):
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 2_000)
    rows = "".join(f'<row r="{n}">' + "".join(f'<c r="{c}{n}"><v>1</v></c>' for c in "ABCDEFGHIJ") + "</row>"
                   for n in range(1, 400))
    with pytest.raises(ReadError, match="sheet 'Return' holds more than 2,000 cells"):
        open_workbook(xlsx_with_sheet(tmp_path / "many.xlsx", small_sheet(rows)))
    assert sum(piece.count(b"<c ") for piece in sent) <= 2_000


def test_shared_strings_past_the_limit_are_refused_before_any_piece_is_read(tmp_path, monkeypatch,
                                                                             small_pieces, sent):
    import zipfile

    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 50)
    file = xlsx_with_sheet(tmp_path / "strings.xlsx", small_sheet(tidy_cells([HEADINGS] * 8)))
    with zipfile.ZipFile(file, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>a</t></si>" * 60 + b"</sst>")
    with pytest.raises(ReadError, match="more than 50 different texts"):
        open_workbook(file)
    assert sent == []


def test_a_sheet_refused_is_named_before_shared_strings_refused(tmp_path, monkeypatch, small_pieces):
    import zipfile

    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 50)
    file = xlsx_with_sheet(tmp_path / "both.xlsx", small_sheet(far_rows("Z60")))
    with zipfile.ZipFile(file, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>a</t></si>" * 60 + b"</sst>")
    with pytest.raises(ReadError, match="sheet 'Return' holds more than 50 cells"):
        open_workbook(file)


def test_a_lying_zip_member_is_refused_as_damaged_with_pieces(tmp_path, small_pieces, sent):
    from tools.hostile_builders import Member

    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 200))
    sheet = small_sheet(rows)
    lying = Member(sheet.name, sheet.deflated, sheet.size, sheet.crc, declared_size=sheet.size - 2_000)
    with pytest.raises(ReadError, match="'lying.xlsx' is damaged"):
        open_workbook(xlsx_with_sheet(tmp_path / "lying.xlsx", lying))
    assert sum(len(piece) for piece in sent) < sheet.size
