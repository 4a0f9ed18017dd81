"""Files about individual children are refused whole: cpdesk holds aggregate figures only.

A list of children (one row a child, with names, dates of birth, UPNs, case IDs, postcodes, referral
or plan start dates) must never be stored, logged or echoed, not even the columns cpdesk would pass
over. So every workbook is looked at here, straight after it is opened and before any reader sees it,
by two kinds of sign:

* **headings** naming a child's own details, from ``resources/personal_columns.toml``, counted only
  when the cells under them look the part (dates under "DOB", words under "Surname");
* **what the cells hold**, whatever the headings say: UPNs (a letter and 12 digits whose check letter
  is right), a column of full postcodes, a column of many different dates to the day in no regular
  sequence (dates of birth, referrals), a column of identifiers each different, row by row.

A strong sign (a column of UPNs, names, dates of birth, child IDs) refuses the file on its own; the
weaker ones (postcodes, addresses, a bare "Name", event dates, unique IDs, scattered dates) take two
different kinds. Aggregate reports have none of these: their dates are month ends or a regular run,
their unique columns are area codes or labels, and the council's own postcode appears once, not as a
column. The refusal names the file, the sheet, the kinds of column and the number of rows, and never
the text of any cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import logging
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from cpdesk import paths
from cpdesk.read.grid import ReadError, Sheet, Workbook

logger = logging.getLogger(__name__)

LEXICON_FILE = "personal_columns.toml"
MAX_SHEETS_NAMED = 4  # more child-level sheets than this are "sheet 'X' and 5 other sheets"
HEADER_ROWS = 30  # headings are looked for in a sheet's first rows
SAMPLE_ROWS = 5000  # the rows whose cells are looked at (a list of children shows itself early)
MIN_COLUMN = 5  # cells a column needs before what it holds counts as a sign
MIN_DATES = 10  # different dates to the day that make a column of scattered dates
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$")
_AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")
_IDENTIFIER = re.compile(r"^(?=.*\d)[A-Z0-9][A-Z0-9/\-]{3,15}$")
_SPACES = re.compile(r"[^a-z0-9]+")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DAY = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})$")  # 20120304, as system exports write it
_WORD_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})$", re.IGNORECASE)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_PERSON_NAME = re.compile(  # "Forename Surname", "SURNAME, Forename", either with "(dd/mm/yy)" after
    r"^[A-Z][A-Za-z'\-]+,? [A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)?(?: \(.*\))?$")
_ID_SHAPED = re.compile(r"^(?:[A-Z]{1,4}[-/]?\d{3,12}|\d{6,12})$")
_WORDS = re.compile(r"[A-Za-z]")
_FIGURE = re.compile(r"^[-+]?[\d,]*\.?\d+%?$")


class CellsLike(StrEnum):
    """What the cells under a heading must hold for the heading to count."""

    TEXT = "text"
    DATE = "date"
    CODE = "code"
    PERSON = "person"  # an identifier or a person's name, row after row, nearly every one different


@dataclass(frozen=True)
class ColumnKind:
    """One group of ``personal_columns.toml``: headings that name one kind of a child's details."""

    key: str
    words: str
    cells: CellsLike
    strong: bool
    phrases: frozenset[str]


@dataclass(frozen=True)
class Sign:
    """One sign of a list of children on a sheet: what it is in words, and whether it is enough alone."""

    words: str
    strong: bool


@dataclass(frozen=True)
class ChildLevel:
    """Why a sheet looks like a list of individual children (no cell's text in it)."""

    sheet: str
    rows: int
    signs: tuple[Sign, ...]

    def message(self, file_name: str) -> str:
        return refusal_message(file_name, (self,))

    def words(self) -> list[str]:
        return list(dict.fromkeys(sign.words for sign in self.signs))


def refusal_message(file_name: str, found: tuple[ChildLevel, ...]) -> str:
    """One line: the file, the kinds of column, every child-level sheet (or the first and how many
    more), the rows, and what to import instead. No cell's text."""
    words = list(dict.fromkeys(word for sheet in found for word in sheet.words()))
    rows = sum(sheet.rows for sheet in found)
    return (f"'{file_name}' looks like a list of individual children (it has columns of "
            f"{_listed(words)} on {_sheets_named(found)}, {rows:,} {'row' if rows == 1 else 'rows'}). "
            "cpdesk holds aggregate figures only, so nothing was imported. Import the counts instead - "
            "e.g. the counts by month from your performance report, or the DfE's published tables.")


def _sheets_named(found: tuple[ChildLevel, ...]) -> str:
    names = [f"'{sheet.sheet}'" for sheet in found]
    if len(names) == 1:
        return f"sheet {names[0]}"
    if len(names) <= MAX_SHEETS_NAMED:
        return f"sheets {_listed(names)}"
    return f"sheet {names[0]} and {len(names) - 1} other sheets"


class PersonalDataRefused(ReadError):
    """A file of individual children's details: refused whole, nothing read from it."""

    def __init__(self, file_name: str, found: tuple[ChildLevel, ...]):
        super().__init__(refusal_message(file_name, found))
        self.found = found


def refuse_child_level(workbook: Workbook) -> None:
    """Raise :class:`PersonalDataRefused` if any sheet (hidden ones too) lists individual children,
    naming every such sheet; the refusal is logged by file, sheets, kinds and rows, never a cell."""
    found = tuple(level for sheet in workbook.sheets if (level := child_level(sheet)) is not None)
    if found:
        logger.warning("Refused %s: a list of individual children on %d sheet(s) %s (%s), %d rows",
                       workbook.file_name, len(found), [level.sheet for level in found],
                       ", ".join(dict.fromkeys(w for level in found for w in level.words())),
                       sum(level.rows for level in found))
        raise PersonalDataRefused(workbook.file_name, found)


def child_level(sheet: Sheet) -> ChildLevel | None:
    """The signs that ``sheet`` is a list of individual children, or None if it is not one."""
    rows = sheet.rows[:SAMPLE_ROWS]
    if not rows:
        return None
    header = _header_signs(rows)
    named = {c for _, c, _ in header}
    signs = [sign for _, _, sign in header] + list(_content_signs(rows, named))
    if not _enough(signs):
        return None
    first = min((r for r, _, _ in header), default=0 if _looks_like_headings(rows[0]) else -1)
    return ChildLevel(sheet.name, _rows_below(sheet, first), tuple(signs))


def _looks_like_headings(row: list) -> bool:
    """Whether a sheet's first row (no heading of the lexicon in it) is headings rather than a child:
    words only, no date, postcode, UPN or figure (a header-less paste starts with a child's row)."""
    cells = [v for v in row if not _blank(v)]
    return bool(cells) and all(_is_words(v) and as_day(v) is None and not _is_postcode(v)
                               and not is_upn(str(v)) for v in cells)


def _enough(signs: list[Sign]) -> bool:
    return any(sign.strong for sign in signs) or len({sign.words for sign in signs}) >= 2


def _rows_below(sheet: Sheet, header_row: int) -> int:
    return sum(1 for row in sheet.rows[header_row + 1:] if any(not _blank(v) for v in row))


# --- headings ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def column_kinds() -> tuple[ColumnKind, ...]:
    """The kinds of column that name a child's details, from ``resources/personal_columns.toml``."""
    with open(paths.resources_dir() / LEXICON_FILE, "rb") as handle:
        data = tomllib.load(handle)
    return tuple(ColumnKind(key, group["words"], CellsLike(group["cells"]), bool(group["strong"]),
                            frozenset(heading_key(p) for p in group["phrases"]))
                 for key, group in data.items())


@functools.lru_cache(maxsize=1)
def _kind_of_heading() -> dict[str, ColumnKind]:
    return {phrase: kind for kind in column_kinds() for phrase in kind.phrases}


def heading_key(text: str) -> str:
    """A heading as the lexicon spells it: lower case, anything but letters and digits one space."""
    return _SPACES.sub(" ", text.lower()).strip()


def _header_signs(rows: list[list]) -> list[tuple[int, int, Sign]]:
    """(row, column, sign) for each heading in the first rows that names a child's details and has cells
    under it of the right kind."""
    kinds = _kind_of_heading()
    found = []
    for r, row in enumerate(rows[:HEADER_ROWS]):
        for c, cell in enumerate(row):
            kind = kinds.get(heading_key(cell)) if isinstance(cell, str) and len(cell) < 60 else None
            cells = _column(rows[r + 1:], c) if kind is not None else []
            if kind is not None and _cells_fit(kind, cells):
                found.append((r, c, Sign(kind.words, kind.strong or _one_event_a_row(kind, cells))))
    return found


def _one_event_a_row(kind: ColumnKind, cells: list) -> bool:
    """A referral, assessment or plan-start date on each row, scattered over many different days: each
    row is one child's event, whatever else the sheet leaves out (an "anonymised" list of ages, genders
    and plan starts is still one row a child, and the dates with the ages can single a child out)."""
    return kind.key == "event_date" and _scattered_days(cells)


def _cells_fit(kind: ColumnKind, cells: list) -> bool:
    """Whether most cells under a heading of ``kind`` hold what such a column holds."""
    if not cells:
        return False
    if kind.cells is CellsLike.DATE:
        fitting = sum(1 for v in cells if as_day(v) is not None)
    elif kind.cells is CellsLike.TEXT:
        fitting = sum(1 for v in cells if _is_words(v))
    elif kind.key == "child_id":
        return len(cells) >= 2 and len(set(map(str, cells))) == len(cells) and not _area_codes(cells)
    elif kind.cells is CellsLike.PERSON:
        return _people(cells)
    else:
        fitting = len(cells)
    return fitting * 2 > len(cells)


def _people(cells: list) -> bool:
    """Identifiers ("U2590558", "269635") or people's names ("LOMAX, Kai", "Jayden Lockwood (25/11/17)"),
    nearly every one different, that are not area names ("Bristol, City of")."""
    texts = [str(v).strip() for v in cells]
    if len(texts) < MIN_COLUMN or len(set(texts)) * 10 < len(texts) * 9:
        return False
    ids = sum(1 for t in texts if _ID_SHAPED.match(t.upper()) and as_day(t) is None)
    names = sum(1 for t in texts if _PERSON_NAME.match(t) and not is_area_name(t))
    return max(ids, names) * 5 >= len(texts) * 4


def _column(rows: list[list], c: int) -> list:
    """The non-blank cells of column ``c`` in ``rows``."""
    return [row[c] for row in rows if c < len(row) and not _blank(row[c])]


# --- what the cells hold ----------------------------------------------------------------------------

def _content_signs(rows: list[list], named: set[int]) -> Iterator[Sign]:
    """Signs in what the cells hold; columns in ``named`` have given their sign by their heading."""
    columns = _columns(rows)
    upns = {c for c, cells in columns.items() if any(isinstance(v, str) and is_upn(v) for v in cells)}
    if upns:
        yield Sign("UPNs", strong=True)
    for c, cells in columns.items():
        if c in named or c in upns or len(cells) < MIN_COLUMN:
            continue
        if _mostly(cells, _is_postcode):
            yield Sign("postcodes", strong=False)
        elif _scattered_days(cells):
            yield Sign("many different dates", strong=False)
        elif _unique_identifiers(cells):
            yield Sign("unique IDs", strong=False)


def _columns(rows: list[list]) -> dict[int, list]:
    """The non-blank cells of every column, in one pass over the rows."""
    columns: dict[int, list] = {}
    for row in rows:
        for c, value in enumerate(row):
            if not _blank(value):
                columns.setdefault(c, []).append(value)
    return columns


def is_upn(text: str) -> bool:
    """A Unique Pupil Number: a check letter, 11 digits, then a digit or a letter, whose check letter
    is the DfE's (weights 2 to 13 on the 12 characters after it, modulo 23)."""
    if not 13 <= len(text) <= 20:
        return False
    text = text.strip().upper()
    if not _UPN.match(text):
        return False
    values = [int(ch) if ch.isdigit() else UPN_LETTERS.find(ch) for ch in text[1:]]
    if values[-1] < 0:
        return False
    total = sum(weight * value for weight, value in zip(range(2, 14), values, strict=True))
    return UPN_LETTERS[total % 23] == text[0]


def _is_postcode(value) -> bool:
    return isinstance(value, str) and bool(_POSTCODE.match(" ".join(value.upper().split())))


def _mostly(cells: list, test) -> bool:
    fitting = sum(1 for v in cells if test(v))
    return fitting >= MIN_COLUMN and fitting * 2 > len(cells)


def _scattered_days(cells: list) -> bool:
    """Many different dates to the day, not month ends or starts, in no regular run (not a diary of
    daily or weekly counts): dates of birth, of referrals, of plan starts."""
    days = [day for day in map(as_day, cells) if day is not None]
    distinct = sorted(set(days))
    if len(distinct) < MIN_DATES or len(days) * 2 <= len(cells):
        return False
    boundaries = sum(1 for d in distinct if d.day == 1 or (d + dt.timedelta(days=1)).day == 1)
    if boundaries * 2 > len(distinct):
        return False
    gaps = Counter((b - a).days for a, b in zip(distinct, distinct[1:], strict=False))
    _, commonest = gaps.most_common(1)[0]
    return commonest * 2 < len(distinct) - 1 or not _evenly_repeated(days)


def _evenly_repeated(days: list[dt.date]) -> bool:
    """Whether every date comes up about as often as the others: once each in a diary of daily counts,
    once per team in a long table. Many events over a few hundred days crowd the days together too,
    but land on them unevenly (three on one day, none on the next, one on the day after)."""
    _, commonest = Counter(Counter(days).values()).most_common(1)[0]
    return commonest * 5 >= len(set(days)) * 4


def _unique_identifiers(cells: list) -> bool:
    """A column of codes (letters and digits, 4 to 16 long), every one different, that are not area
    codes or years: one row a child (or a case)."""
    texts = [str(v).strip().upper() for v in cells]
    if len(texts) < 20 or len(set(texts)) != len(texts):
        return False
    if sum(1 for t in texts if _IDENTIFIER.match(t)) < len(texts) - 1 or _area_codes(texts):
        return False
    _, same_length = Counter(map(len, texts)).most_common(1)[0]
    short_numbers = sum(1 for t in texts if t.isdigit() and len(t) <= 6)  # years, "201920", counts
    return same_length * 5 >= len(texts) * 4 and short_numbers * 2 < len(texts)


def _area_codes(cells: Iterable) -> bool:
    """Whether most cells are ONS area codes (a heading above them aside)."""
    texts = [str(v).strip().upper() for v in cells]
    return sum(1 for t in texts if _AREA_CODE.match(t)) * 5 >= len(texts) * 4


# --- cells ------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _area_names() -> frozenset[str]:
    with open(paths.resources_dir() / "areas" / "las.csv", encoding="utf-8", newline="") as handle:
        return frozenset(heading_key(row["name"]) for row in csv.DictReader(handle))


def is_area_name(text: str) -> bool:
    """Whether ``text`` is a local authority's name as the DfE writes it ("Bristol, City of")."""
    return heading_key(text) in _area_names()


def as_day(value) -> dt.date | None:
    """A date to the day, from a date cell or text such as "04/03/2012" or "2012-03-04"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DAY_FIRST.match(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO_DAY.match(text) or _COMPACT_DAY.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if (match := _WORD_DAY.match(text)) and (month := _month_named(match[2])):
            return dt.date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None
    return None


def _month_named(word: str) -> int | None:
    """1 to 12 for a month's name or its first letters ("Mar", "Sept"), else None."""
    word = word.lower()
    return next((n for n, name in enumerate(_MONTHS, start=1) if name.startswith(word)), None)


def _is_words(value) -> bool:
    return isinstance(value, str) and bool(_WORDS.search(value)) and not _FIGURE.match(value.strip())


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _listed(words: list[str]) -> str:
    """"names", "names and UPNs", "names, dates of birth and UPNs"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
