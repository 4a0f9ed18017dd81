"""The recognition lexicon: the phrases labels are made of, and the parts each phrase means.

The lexicon is data (``resources/lexicon.toml``, extended by a council's own ``lexicon.toml`` beside
its database). This module loads it into typed values and cuts a normalised label into the longest
phrases it knows; :mod:`cpdesk.recognise.resolver` decides what the parts add up to.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from cpdesk import paths
from cpdesk.errors import CpdeskError
from cpdesk.indicators.text import normalise_label

logger = logging.getLogger(__name__)

LEXICON_FILE = "lexicon.toml"
_LONGEST_PHRASE = 8  # words; no lexicon phrase is longer (checked on load)


class PartKind(StrEnum):
    """What a phrase contributes to a label's reading."""

    CONCEPT = "concept"
    MEASURE = "measure"
    SCOPE = "scope"
    QUALIFIER = "qualifier"
    CATEGORY = "category"
    FILLER = "filler"


class Scope(StrEnum):
    """The time scope a label gives its figures."""

    SNAPSHOT = "snapshot"  # at a date: at 31 March, at the period's end
    FLOW = "flow"  # over a period: in month, in the quarter
    IN_YEAR = "in_year"  # over a whole year: in the year, annual
    YTD = "ytd"  # year to date, cumulative


class LexiconError(CpdeskError, ValueError):
    """The lexicon file is not valid; the message names the phrase."""


@dataclass(frozen=True, slots=True)
class Part:
    kind: PartKind
    value: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}" if self.value else str(self.kind)


@dataclass(frozen=True, slots=True)
class Piece:
    """One phrase found in a label: its words and the parts they mean (none: not understood)."""

    words: str
    parts: tuple[Part, ...]


@dataclass
class Lexicon:
    """Phrases (normalised) and their parts; the words a rate's population may use; label marks."""

    phrases: dict[str, tuple[Part, ...]]
    denominator_words: frozenset[str]
    leading_marks: tuple[re.Pattern[str], ...]
    trailing_marks: tuple[re.Pattern[str], ...]
    number_words: dict[str, str]
    longest: int = field(default=_LONGEST_PHRASE)
    proportions: frozenset[str] = frozenset()

    def with_phrases(self, extra: dict[str, tuple[Part, ...]]) -> Lexicon:
        """A copy with ``extra`` phrases added; the lexicon's own phrases win over them."""
        merged = {**extra, **self.phrases}
        longest = max((len(p.split()) for p in merged), default=1)
        return Lexicon(merged, self.denominator_words, self.leading_marks, self.trailing_marks,
                       self.number_words, longest, self.proportions)

    def pieces(self, normalised: str) -> list[Piece]:
        """The label cut into the longest known phrases, left to right; unknown words stand alone."""
        words = self._numbers_as_digits(normalised.split())
        found: list[Piece] = []
        i = 0
        while i < len(words):
            piece, used = self._longest_phrase_at(words, i)
            if any(p.kind is PartKind.MEASURE and p.value.startswith("rate") for p in piece.parts):
                used += self._denominator_length(words, i + used)
                piece = Piece(" ".join(words[i:i + used]), piece.parts)
            found.append(piece)
            i += used
        return found

    def without_marks(self, text: str) -> str:
        """``text`` with reference codes in front and footnote marks after taken off."""
        plain = text.strip()
        changed = True
        while changed and plain:
            changed = False
            for pattern in (*self.leading_marks, *self.trailing_marks):
                if pattern in self.leading_marks and self._names_a_section(plain, pattern):
                    continue
                shorter = pattern.sub("", plain, count=1).strip()
                if shorter != plain and shorter:
                    plain, changed = shorter, True
        return plain

    def _names_a_section(self, text: str, pattern: re.Pattern[str]) -> bool:
        """"S47 enquiries": the leading "S47" is section 47 of the Children Act, not a reference code."""
        found = pattern.match(text)
        return found is not None and normalise_label(found.group(0)).startswith("section ")

    def _longest_phrase_at(self, words: list[str], start: int) -> tuple[Piece, int]:
        for length in range(min(self.longest, len(words) - start), 0, -1):
            phrase = " ".join(words[start:start + length])
            parts = self.phrases.get(phrase)
            if parts is not None:
                return Piece(phrase, parts), length
        return Piece(words[start], ()), 1

    def _denominator_length(self, words: list[str], start: int) -> int:
        end = start
        while end < len(words) and words[end] in self.denominator_words:
            end += 1
        return end - start

    def _numbers_as_digits(self, words: list[str]) -> list[str]:
        if not self.number_words:
            return words
        text = " " + " ".join(words) + " "
        for word, digits in self.number_words.items():
            text = text.replace(f" {word} ", f" {digits} ")
        return text.split()


def load_lexicon(local_path: Path | None = None) -> Lexicon:
    """The packaged lexicon, plus a council's own phrases from ``local_path`` when it exists."""
    lexicon = read_lexicon_file(paths.resources_dir() / LEXICON_FILE)
    if local_path is not None and Path(local_path).is_file():
        local = read_lexicon_file(Path(local_path))
        lexicon = Lexicon({**lexicon.phrases, **local.phrases},
                          lexicon.denominator_words | local.denominator_words, lexicon.leading_marks,
                          lexicon.trailing_marks, lexicon.number_words, max(lexicon.longest, local.longest),
                          lexicon.proportions | local.proportions)
        logger.info("Read %d local recognition phrases from %s", len(local.phrases), local_path)
    return lexicon


def read_lexicon_file(path: Path) -> Lexicon:
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path.name} is not valid TOML: {error}") from error
    phrases = {normalise_label(phrase): parse_parts(spec, phrase)
               for phrase, spec in raw.get("phrases", {}).items()}
    phrases.pop("", None)
    marks = raw.get("marks", {})
    return Lexicon(
        phrases=phrases,
        denominator_words=frozenset(raw.get("denominator", {}).get("words", [])),
        leading_marks=_patterns(marks.get("leading", [])),
        trailing_marks=_patterns(marks.get("trailing", [])),
        number_words={normalise_label(k): str(v) for k, v in raw.get("number_words", {}).items()},
        longest=max((len(p.split()) for p in phrases), default=1),
        proportions=frozenset(raw.get("proportions", {}).get("qualifiers", [])),
    )


def parse_parts(spec: str, phrase: str = "") -> tuple[Part, ...]:
    """"concept:cla qualifier:start" -> (Part(CONCEPT, "cla"), Part(QUALIFIER, "start"))."""
    parts = []
    for item in spec.split():
        kind, _, value = item.partition(":")
        try:
            part_kind = PartKind(kind)
        except ValueError as error:
            raise LexiconError(f"Phrase {phrase!r}: unknown part kind {kind!r} in {spec!r}") from error
        if part_kind is not PartKind.FILLER and not value:
            raise LexiconError(f"Phrase {phrase!r}: {kind} needs a value, as in {kind}:name")
        parts.append(Part(part_kind, value))
    if not parts:
        raise LexiconError(f"Phrase {phrase!r} has no parts")
    return tuple(parts)


def _patterns(texts: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(text, re.IGNORECASE) for text in texts)
