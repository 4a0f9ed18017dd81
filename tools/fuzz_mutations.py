"""The seed files and mutations of ``tools/fuzz.py``: damaged copies of real workbooks and CSV files.

Every mutation is a function of the bytes and a ``random.Random``, so a case (seed file, mutation
names, random seed) always gives the same file: a failure found in a long run replays exactly.
"""

from __future__ import annotations

import codecs
import io
import random
import re
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_workbooks"
DFE_HEAD_LINES = 400  # the head of each DfE file: every column and level, fast enough for thousands of cases

# --- seeds -------------------------------------------------------------------------------------------


def seed_files(folder: Path) -> list[Path]:
    """The seed corpus, written into ``folder``: the sample workbooks and CSVs as they are, the head of
    each DfE file, and two council workbooks saved again with shared strings as Excel writes them."""
    seeds = [p for p in sorted(SAMPLES.glob("*")) if p.suffix in (".xlsx", ".csv")]
    for dfe in sorted((SAMPLES / "dfe").glob("*.csv")):
        head = folder / f"head_{dfe.name}"
        if not head.exists():
            with dfe.open(encoding="utf-8") as source:
                head.write_text("".join(line for _, line in zip(range(DFE_HEAD_LINES), source, strict=False)),
                                encoding="utf-8")
        seeds.append(head)
    for name in ("warwickshire_cp_update_2020.xlsx", "oxfordshire_cp_report_card_2015.xlsx"):
        shared = folder / f"shared_strings_{name}"
        if not shared.exists():
            _with_shared_strings(SAMPLES / name, shared)
        seeds.append(shared)
    return seeds


def _with_shared_strings(source: Path, target: Path) -> None:
    import openpyxl
    import xlsxwriter

    book = openpyxl.load_workbook(source)
    out = xlsxwriter.Workbook(str(target))
    formats: dict[str, object] = {}
    for ws in book.worksheets:
        sheet = out.add_worksheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                code = cell.number_format
                style = formats.setdefault(code, out.add_format({"num_format": code}))
                sheet.write(cell.row - 1, cell.column - 1, cell.value, style)
    out.close()


# --- mutations ---------------------------------------------------------------------------------------

HOSTILE_VALUES = ("x", "", "-1", "0", "-2000000000", "99999999999", "XFD1048576", "A0", "A1:XFD1048576",
                  "1e308", "-1e308", "NaN", "inf", "s", "str", "inlineStr", "e", "b", "d", "n", "é\u202e",
                  "\ufeff", "0.5", "1048577", "ZZZ99")
ATTRIBUTES = ("s", "r", "t", "ref", "min", "max", "spans", "count", "sqref", "sheetId", "numFmtId", "xfId",
              "formatCode", "state", "hidden", "ht", "width", "uniqueCount", "activeTab", "fontId")
HOSTILE_NUMBERS = ("1e308", "-1e308", "NaN", "INF", "-0", "4.9e-324", "99999999999999999999999",
                   "-2000000000", "0x1F", "1,5", "", " 12 ", "12abc", "٣")
HOSTILE_TEXT = ("\ufeff", "\u202e", "\x00", "\U0001f600", "é", "\u200b", "Ω≈ç√", "=cmd|' /C calc'!A0",
                "𝟘𝟙", "\ud800", "<", "&amp;", "]]>", "\r\n", "\t", "…", "£", "%", "'")
_TAG = re.compile(rb"<([A-Za-z][\w:]*)\b[^<>]*?(/?)>")
_ATTRIBUTE = re.compile(rb'\b(' + b"|".join(a.encode() for a in ATTRIBUTES) + rb')="([^"]*)"')
_V = re.compile(rb"<v>([^<]*)</v>")
_T = re.compile(rb"(<t(?: [^>]*)?>)([^<]*)(</t>)")


def _byte_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def _element_span(xml: bytes, rng: random.Random) -> tuple[int, int] | None:
    """A random element's (start, end): a self-closing tag, or a tag up to its first matching close."""
    tags = [m for m in _TAG.finditer(xml) if not m.group(0).startswith(b"<?")]
    if not tags:
        return None
    tag = rng.choice(tags)
    if tag.group(2) == b"/":
        return tag.start(), tag.end()
    close = xml.find(b"</" + tag.group(1) + b">", tag.end())
    return (tag.start(), close + len(tag.group(1)) + 3) if close >= 0 else (tag.start(), tag.end())


def _delete_element(xml: bytes, rng: random.Random) -> bytes:
    span = _element_span(xml, rng)
    return xml if span is None else xml[: span[0]] + xml[span[1]:]


def _duplicate_element(xml: bytes, rng: random.Random) -> bytes:
    span = _element_span(xml, rng)
    if span is None:
        return xml
    piece = xml[span[0]: span[1]]
    return xml[: span[1]] + piece * rng.choice((1, 2, 50)) + xml[span[1]:]


def _alter_attribute(xml: bytes, rng: random.Random) -> bytes:
    found = list(_ATTRIBUTE.finditer(xml))
    if not found:
        return xml
    target = rng.choice(found)
    value = rng.choice(HOSTILE_VALUES).encode("utf-8")
    return xml[: target.start(2)] + value + xml[target.end(2):]


def _number_to_text(xml: bytes, rng: random.Random) -> bytes:
    found = list(_V.finditer(xml))
    if not found:
        return xml
    target = rng.choice(found)
    text = rng.choice((b"abc", b"TBC", b"25.1*", b"23.8%", b"c"))
    return xml[: target.start(1)] + text + xml[target.end(1):]


def _hostile_number(xml: bytes, rng: random.Random) -> bytes:
    found = list(_V.finditer(xml))
    if not found:
        return xml
    target = rng.choice(found)
    return xml[: target.start(1)] + rng.choice(HOSTILE_NUMBERS).encode("utf-8") + xml[target.end(1):]


def _random_unicode(xml: bytes, rng: random.Random) -> bytes:
    found = list(_T.finditer(xml))
    if not found:
        return xml
    target = rng.choice(found)
    text = "".join(rng.choice(HOSTILE_TEXT) for _ in range(rng.randint(1, 5)))
    extra = text.encode("utf-8", "surrogatepass")
    where = rng.randint(target.start(2), target.end(2))
    return xml[:where] + extra + xml[where:]


def _bom(data: bytes, rng: random.Random) -> bytes:
    return rng.choice((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF8 * 2)) + data


def _huge_dimension(xml: bytes, rng: random.Random) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml, count=1)


XML_MUTATIONS = {
    "delete-element": _delete_element, "duplicate-element": _duplicate_element,
    "alter-attribute": _alter_attribute, "number-to-text": _number_to_text,
    "hostile-number": _hostile_number, "random-unicode": _random_unicode, "xml-bom": _bom,
    "huge-dimension": _huge_dimension,
}


def _mutate_zip(data: bytes, name: str, rng: random.Random) -> bytes:
    """Apply an XML mutation to one XML part of the zip (or remove a part), and zip it again."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: source.read(info) for info in source.infolist()}
    except Exception:  # noqa: BLE001 - zipfile raises zlib.error, EOFError, ... on damage
        return _byte_flips(data, rng)  # already damaged past unzipping: damage it further
    xml_parts = sorted(p for p in parts if p.endswith((".xml", ".rels")))
    if name == "remove-part" and parts:
        del parts[rng.choice(sorted(parts))]
    elif xml_parts:
        part = _weighted_part(xml_parts, rng)
        parts[part] = XML_MUTATIONS[name](parts[part], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part_name, content in parts.items():
            target.writestr(part_name, content)
    return out.getvalue()


def _weighted_part(parts: list[str], rng: random.Random) -> str:
    """Sheets and shared strings most often, as most of what a reader does happens there."""
    sheets = [p for p in parts if "worksheets/sheet" in p or "sharedStrings" in p or "styles" in p]
    return rng.choice(sheets) if sheets and rng.random() < 0.75 else rng.choice(parts)


def _csv_delimiter(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b",", rng.choice((b";", b"\t", b"|", b", ", b",,")))


def _csv_quote_damage(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        out.insert(rng.randrange(len(out) + 1), ord('"'))
    return bytes(out)


def _csv_nuls(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


def _csv_encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace").replace("Warwickshire", "Warwickshire – ‘Ω’")
    encoding = rng.choice(("utf-16", "utf-16-le", "utf-8-sig", "cp1252", "latin-1", "utf-32", "mac_roman"))
    return text.encode(encoding, "replace")


def _csv_huge_field(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    row = rng.randrange(len(lines))
    lines[row] = lines[row] + b"," + b"9" * rng.choice((1000, 200_000, 1_100_000))
    return b"\n".join(lines)


def _csv_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    row = rng.randrange(len(lines))
    action = rng.choice(("delete", "duplicate", "cut", "cr", "swap-header"))
    if action == "delete":
        del lines[row]
    elif action == "duplicate":
        lines.insert(row, lines[row])
    elif action == "cut":
        lines[row] = lines[row][: rng.randrange(len(lines[row]) + 1)]
    elif action == "cr":
        return data.replace(b"\n", b"\r")
    elif len(lines) > 1:
        lines[0], lines[1] = lines[1], lines[0]
    return b"\n".join(lines)


def _csv_cells(data: bytes, rng: random.Random) -> bytes:
    """A few cells become hostile numbers or text."""
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 5)):
        row = rng.randrange(len(lines))
        cells = lines[row].split(b",")
        column = rng.randrange(len(cells))
        pool = HOSTILE_NUMBERS if rng.random() < 0.5 else HOSTILE_TEXT
        cells[column] = rng.choice(pool).encode("utf-8", "surrogatepass")
        lines[row] = b",".join(cells)
    return b"\n".join(lines)


CSV_MUTATIONS = {
    "delimiter": _csv_delimiter, "quote-damage": _csv_quote_damage, "nuls": _csv_nuls,
    "encoding": _csv_encoding, "huge-field": _csv_huge_field, "lines": _csv_lines, "cells": _csv_cells,
    "bom": _bom,
}
BYTE_MUTATIONS = {"byte-flips": _byte_flips, "truncate": _truncate}
ZIP_MUTATIONS = (*XML_MUTATIONS, "remove-part")


def mutation_names(suffix: str) -> tuple[str, ...]:
    """The mutations that fit a seed of this file type."""
    own = ZIP_MUTATIONS if suffix == ".xlsx" else tuple(CSV_MUTATIONS)
    return (*own, *BYTE_MUTATIONS)


def mutate(data: bytes, suffix: str, mutations: list[str], rng_seed: int) -> bytes:
    rng = random.Random(rng_seed)
    for name in mutations:
        if name in BYTE_MUTATIONS:
            data = BYTE_MUTATIONS[name](data, rng)
        elif suffix == ".xlsx":
            data = _mutate_zip(data, name, rng)
        else:
            data = CSV_MUTATIONS[name](data, rng)
    return data
