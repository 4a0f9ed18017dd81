"""The size check's scan finds the same last row, last column, cells and references as reading every
cell reference of the sheet would, however the sheet is written and wherever its chunks are cut.

The scan searches past a guessed last row instead of reading each cell's row number, and skips
searches for what calamine drops where a byte they need is absent; each test here would fail if such
a shortcut missed a reference or a marker.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pytest

from cpdesk.read import limits
from cpdesk.read.grid import ReadError
from cpdesk.read.workbook import open_workbook
from tools.hostile_builders import SHEET_HEAD, SHEET_PART, deflated, small_sheet, xlsx_with_sheet

SPACE = rb"[ \t\r\n]"
MARKERS = (b't="e"', b"<f", b":f>", b":f ", b'hidden="1"', b'hidden="true"', b"mergeCell")


def expected(xml: bytes, prefix: bytes = b"") -> tuple[int, int, int, int, bool]:
    """(rows, columns, cells, references, worth scanning), read from every reference of the sheet."""
    columns = re.findall(SPACE + rb'r="([A-Z]+)\d', xml)
    rows = re.findall(SPACE + rb'r="[A-Z]+(\d+)"', xml)
    cells = sum(xml.count(b"<" + prefix + tag) for tag in (b"c ", b"c>", b"c/>"))
    return (max(map(int, rows), default=0), max(map(limits._column_number, columns), default=0), cells,
            len(columns), any(marker in xml for marker in MARKERS))


def scanned(path: Path) -> tuple[int, int, int, int, bool]:
    with zipfile.ZipFile(path) as archive:
        scan = limits.scan_sheet(path, archive.getinfo(SHEET_PART), "Return", set())
    return scan.rows, scan.columns, scan.cells, scan.referenced, scan.worth_scanning


def random_rows(rng: random.Random, rows: int, prefix: str, breaks: bool) -> str:
    """Rows mostly in order, some cells without references, a few naming a far row or column, with
    leading zeros, after another attribute, or separated by a tab or line break."""
    out = []
    for number in range(1, rows + 1):
        cells = []
        for column in "ABCDEF"[: rng.randint(1, 6)]:
            row = number if rng.random() > 0.02 else rng.randint(1, 3_000)
            letters = column if rng.random() > 0.02 else rng.choice(["AB", "ZZ", "XFD", "G"])
            reference = f"{letters}{'0' * rng.choice([0, 0, 0, 1, 3])}{row}"
            space = rng.choice([" "] * 30 + ["\t", "\n", "\r\n"]) if breaks else " "
            attributes = rng.choice([f'{space}r="{reference}"', f' s="0"{space}r="{reference}"', ""])
            marker = rng.choice([""] * 200 + ['<f>1</f>', ' t="e"'])
            cells.append(f"<{prefix.strip()}c{attributes}>{marker}<{prefix.strip()}v>1</{prefix.strip()}v>"
                         f"</{prefix.strip()}c>")
        hidden = ' hidden="1"' if rng.random() < 0.002 else ""
        out.append(f'<{prefix.strip()}row r="{number}"{hidden}>{"".join(cells)}</{prefix.strip()}row>')
    return "".join(out)


@pytest.mark.parametrize("seed", range(12))
def test_the_scan_agrees_with_reading_every_reference(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    monkeypatch.setattr(limits, "CHUNK", rng.choice([1_500, 3_000, 9_000]))
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 10**12)
    prefix = rng.choice(["", "x:"])
    head = SHEET_HEAD.replace(b"<worksheet", b"<x:worksheet xmlns:x='x'") if prefix else SHEET_HEAD
    cells = random_rows(rng, rng.randint(50, 400), prefix, seed % 2 == 1).encode()
    xml = head + b"<" + prefix.encode() + b"sheetData>" + cells + b"</" + prefix.encode() + b"sheetData>"
    file = xlsx_with_sheet(tmp_path / "random.xlsx", deflated(SHEET_PART, xml))
    assert scanned(file) == expected(xml, prefix.encode())


def test_a_far_row_named_early_in_a_chunk_is_found_past_the_rows_after_it(tmp_path):
    far = '<row r="1"><c r="A1048576"><v>1</v></c><c r="XFD1"><v>1</v></c></row>'
    rest = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, 400))
    with pytest.raises(ReadError, match="reaches cell XFD1048576, 17,179,869,184 cells from A1"):
        open_workbook(xlsx_with_sheet(tmp_path / "far.xlsx", small_sheet(far + rest)))


def test_rows_rising_past_each_guess_are_all_read(tmp_path):
    """The chunk's last references name row 1, so each search finds a row just past the last one."""
    rising = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 300))
    low = '<row r="1">' + '<c r="B1"><v>1</v></c>' * 200 + "</row>"
    file = xlsx_with_sheet(tmp_path / "rising.xlsx", small_sheet(rising + low))
    assert scanned(file)[:2] == (299, 2)


@pytest.mark.parametrize(("reference", "rows"), [("A0000999", 999), ("A0", 0), ("A10", 10), ("A9", 9)])
def test_leading_zeros_name_the_row_their_number_does(tmp_path, reference, rows):
    cells = f'<row r="1"><c r="{reference}"><v>1</v></c></row>' + '<row r="2"><c r="A2"/></row>' * 100
    file = xlsx_with_sheet(tmp_path / "zeros.xlsx", small_sheet(cells))
    assert scanned(file)[0] == max(rows, 2)


def test_a_line_break_after_the_declaration_does_not_hide_one_between_attributes(tmp_path):
    cells = b'<sheetData><row r="1"><c s="0"\nr="C70000"/></row></sheetData>'
    xml = SHEET_HEAD.replace(b"?>", b"?>\r\n") + cells
    file = xlsx_with_sheet(tmp_path / "breaks.xlsx", deflated(SHEET_PART, xml))
    assert scanned(file)[:4] == (70000, 3, 1, 1)


def test_a_reference_hidden_in_the_declaration_is_still_read(tmp_path):
    xml = SHEET_HEAD.replace(b"?>", b'\nr="B5000"?>') + b'<sheetData><row r="1"><c r="A1"/></row></sheetData>'
    file = xlsx_with_sheet(tmp_path / "declared.xlsx", deflated(SHEET_PART, xml))
    assert scanned(file)[:2] == (5000, 2)


@pytest.mark.parametrize("marker", ['<c r="A1" t="e"><v>#N/A</v></c>', '<c r="A1"><f>1+1</f></c>',
                                    '<c r="A1"><x:f>1</x:f></c>', '<c r="A1"><x:f t="shared"/></c>'])
def test_what_calamine_drops_makes_a_sheet_worth_scanning(tmp_path, marker):
    cells = '<row r="1"><c r="B1"><v>1</v></c></row>' * 50 + f'<row r="2">{marker}</row>'
    file = xlsx_with_sheet(tmp_path / "marked.xlsx", small_sheet(cells))
    assert scanned(file)[4]


@pytest.mark.parametrize("row", ['<row r="2" hidden="1">', '<row r="2" hidden="true">'])
def test_a_hidden_row_makes_a_sheet_worth_scanning_and_a_row_height_does_not(tmp_path, row):
    plain = '<row r="1"><c r="B1"><v>1</v></c></row>'
    assert scanned(xlsx_with_sheet(tmp_path / "hidden.xlsx", small_sheet(plain + row + "</row>")))[4]
    height = small_sheet(plain + '<row r="2" ht="15" customHeight="1"></row>')
    assert not scanned(xlsx_with_sheet(tmp_path / "plain.xlsx", height))[4]


def test_a_merge_makes_a_sheet_worth_scanning(tmp_path):
    xml = SHEET_HEAD + b'<sheetData><row r="1"><c r="B1"><v>1</v></c></row></sheetData><mergeCells>' \
        b'<mergeCell ref="A1:B1"/></mergeCells></worksheet>'
    assert scanned(xlsx_with_sheet(tmp_path / "merged.xlsx", deflated(SHEET_PART, xml)))[4]


def rows_found(early: list[int], guess: int, zeros: int = 0) -> int:
    """The last row a scan finds in one chunk: cells naming ``early`` rows, then 120 naming ``guess``
    (more than the end of the chunk searched for a guess)."""
    written = b"".join(b'<c r="A%s%d"/>' % (b"0" * zeros, row) for row in early)
    scanner = limits._Scanner(set())
    scanner.feed(b'<worksheet><sheetData><row r="1">' + written + b'<c r="B%d"/>' % guess * 120 + b"</row>")
    return scanner.found.rows


def raised(guess: int) -> list[int]:
    """Rows after ``guess`` by one digit: each digit raised by one and to nine, and one digit more."""
    digits = str(guess)
    larger = [int(digits[:at] + str(up) + digits[at + 1:]) for at, digit in enumerate(digits)
              for up in {int(digit) + 1, 9} if up > int(digit)]
    return [*larger, guess * 10, 10 ** len(digits)]


@pytest.mark.parametrize("guess", [0, 1, 8, 9, 10, 99, 100, 1_048_576, 87_553, 999_999, 123_456_789])
def test_each_row_past_the_guess_is_found_whatever_its_digits(guess):
    for row in raised(guess):
        assert rows_found([row], guess) == row, row
        assert rows_found([row], guess, zeros=2) == row, row
    assert rows_found([guess - 1, guess, 0], guess) == guess


def test_rows_past_the_guess_one_after_another_are_all_found():
    rng = random.Random(16)
    for _ in range(300):
        guess = rng.randint(0, 10**6)
        early = [rng.randint(0, 2 * guess + 10) for _ in range(rng.randint(1, 4))]
        assert rows_found(early, guess) == max(guess, *early), (guess, early)
