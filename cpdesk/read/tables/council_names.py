"""The councils a workbook names: in its table labels, its table titles and the text lines around them.

A council's own report card often names it only in a title line ("Hampshire County Council:
Safeguarding Update (June 2015)"), so that is read too. Labels are matched as whole cells, the way
the table reader matches them. Titles and other text lines are searched for whole names of areas
from the areas registry, word by word and longest first: "York" is not in "North Yorkshire", "Kent"
not in "Kentish", a district ("Warwick", "North Warwickshire") names no council, and a name must be
written as one (capitalised), so "reading this report" does not name Reading. Footnotes are not
read: they say where figures come from, not whose they are.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from cpdesk import paths
from cpdesk.indicators.area_names import Wording, load_wording
from cpdesk.indicators.model import Area, AreaKind
from cpdesk.read.grid import Sheet, cell_name
from cpdesk.read.tables.detect import TableBlock, is_blank

logger = logging.getLogger(__name__)

# Kinds of area whose names are looked for in text. Only LAs count as councils, but a district's or a
# region's name is matched too, so that its words are not read as a council's ("North Warwickshire").
_NAMED_KINDS = frozenset({AreaKind.LA, AreaKind.DISTRICT, AreaKind.REGION, AreaKind.COUNTRY})
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|&")
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
# Words written in lower case inside a name ("Kingston upon Thames", "Southend-on-Sea").
_JOINING_WORDS = frozenset({"and", "&", "of", "on", "upon", "the", "in", "le", "under"})


@dataclass(frozen=True)
class NamedCouncil:
    """An LA the workbook names, and where it first names it."""

    area: Area
    sheet: str
    cell: str
    text: str

    def place(self) -> str:
        return f"cell {self.cell} of sheet '{self.sheet}'"


def councils_named(sheets: list[Sheet], blocks: list[TableBlock], areas) -> dict[str, NamedCouncil]:
    """Every LA named in the tables' labels, their titles or the sheets' other text, by code."""
    found: dict[str, NamedCouncil] = {}
    area_called: dict[str, Area | None] = {}  # each label looked up once, however often it is written
    for sheet, r, c, text in _label_cells(blocks):
        if text not in area_called:
            area_called[text] = areas.match(text).area
        area = area_called[text]
        if area is not None and area.kind == AreaKind.LA:
            found.setdefault(area.code, NamedCouncil(area, sheet.name, cell_name(r, c), text))
    names = _AreaNames.of(areas)
    for sheet, r, c, text in _text_cells(sheets, blocks):
        for area in names.councils_in(text):
            found.setdefault(area.code, NamedCouncil(area, sheet.name, cell_name(r, c), text))
    logger.debug("councils named: %s", ", ".join(f"{n.area.name} ({n.place()})" for n in found.values()))
    return found


def _label_cells(blocks: list[TableBlock]) -> Iterator[tuple[Sheet, int, int, str]]:
    """Row labels and column headings: (sheet, row, col, text)."""
    for block in blocks:
        cells = [(r, c) for r in block.body_rows for c in block.label_cols]
        cells += [(r, c) for r in block.header_rows for c in block.value_cols]
        for r, c in cells:
            value = block.sheet.value(r, c)
            if isinstance(value, str) and not is_blank(value):
                yield block.sheet, r, c, value


def _text_cells(sheets: list[Sheet], blocks: list[TableBlock]) -> Iterator[tuple[Sheet, int, int, str]]:
    """Text outside the tables (titles, headings, cover sheets), footnotes left out."""
    for sheet in sheets:
        own = [block for block in blocks if block.sheet is sheet]
        table_rows = {r for block in own for r in (*block.header_rows, *block.body_rows)}
        footnotes = {text.strip() for block in own for text in block.footnotes}
        for r, row in enumerate(sheet.rows):
            if r in table_rows:
                continue
            for c, value in enumerate(row):
                if isinstance(value, str) and not is_blank(value) and value.strip() not in footnotes:
                    yield sheet, r, c, value


class _AreaNames:
    """The normalised whole names of the registry's areas, to find them inside longer text."""

    def __init__(self, areas, wording: Wording) -> None:
        self.wording = wording
        self.keys: set[str] = set()
        for area in areas.all():
            if area.kind in _NAMED_KINDS:
                key = wording.normalise(area.name)
                self.keys |= {key, *wording.variants(key), *area.aliases}
        self.longest = max(len(key.split()) for key in self.keys)
        # The words a name can start with, so that most words of a text are passed over at once.
        self.first_words = {key.split()[0] for key in self.keys}
        self.councils_in = functools.lru_cache(maxsize=4096)(self._councils_in)
        self._area_called = functools.lru_cache(maxsize=1024)(lambda name: areas.match(name).area)

    @classmethod
    def of(cls, areas) -> _AreaNames:
        return _names_of(areas)

    def _councils_in(self, text: str) -> list[Area]:
        """The LAs ``text`` names by their whole names, in order."""
        words = [_POSSESSIVE.sub("", word) for word in _WORD.findall(unicodedata.normalize("NFKC", text))]
        tokens = [self._token(word) for word in words]
        found: list[Area] = []
        start = 0
        while start < len(words):
            area, length = self._name_at(words, tokens, start)
            if area is not None and area.kind == AreaKind.LA and area not in found:
                found.append(area)
            start += length or 1
        return found

    def _token(self, word: str) -> str:
        """A word as the registry's names are normalised: lower case, no apostrophes, "Hants" as
        "hampshire"."""
        key = "and" if word == "&" else word.lower().replace("'", "").replace("\u2019", "")
        return self.wording.words.get(key, key)

    def _name_at(self, words: list[str], tokens: list[str], start: int) -> tuple[Area | None, int]:
        """The area whose whole name starts at ``words[start]`` (the longest), and its length in words.

        A name several areas share (and no area) gives (None, its length): its words are used up."""
        if tokens[start].split()[0] not in self.first_words:
            return None, 0
        for length in range(min(self.longest, len(words) - start), 0, -1):
            span = words[start:start + length]
            if " ".join(tokens[start:start + length]) in self.keys and _written_as_name(span):
                return self._area_called(" ".join(span)), length
        return None, 0


def _written_as_name(words: list[str]) -> bool:
    """Every word capitalised (or a joining word such as "upon"), and the name not starting with one."""
    if words[0].lower() in _JOINING_WORDS - {"the"}:
        return False
    return all(word[0].isupper() or word[0].isdigit() or word.lower() in _JOINING_WORDS for word in words)


@functools.lru_cache(maxsize=4)
def _names_of(areas) -> _AreaNames:
    return _AreaNames(areas, _registry_wording())


@functools.lru_cache(maxsize=1)
def _registry_wording() -> Wording:
    """The wording rules the areas registry matches names with (``resources/areas/aliases.csv``)."""
    return load_wording(paths.resources_dir() / "areas" / "aliases.csv")


def councils_in_text(text: str, areas) -> list[Area]:
    """The LAs a line of text names by their whole names, in order ("Warwickshire County Council and
    Hampshire County Council" -> Warwickshire, Hampshire)."""
    return _AreaNames.of(areas).councils_in(text) if text else []


def same_council(one: Area, other: Area) -> bool:
    """The same LA, also across a re-coding (the old DfE code stays: Northumberland 929)."""
    return one.code == other.code or (one.old_code is not None and one.old_code == other.old_code)
