"""Normalising the labels councils write, so that equal meanings compare equal.

Row and column titles in council workbooks say the same thing in many ways: "No of children on CPP",
"Number of children on CP plans", "CP rate per 10,000", "Child Protection Rate per 10000". Matching
them to indicator ids must be exact (a wrong guess puts a figure under the wrong indicator), so
instead of fuzzy matching we rewrite both sides into one canonical spelling and compare strings.
Each rewrite below is a spelling variant with one meaning in this domain, never a guess.
"""

from __future__ import annotations

import re
import unicodedata

# Whole-word abbreviations, applied after punctuation has become spaces.
_WORD_EXPANSIONS: dict[str, str] = {
    "cpp": "child protection plan",
    "cpps": "child protection plans",
    "cp": "child protection",
    "cps": "child protection plans",
    "nos": "number",
    "percentage": "percent",
    "pct": "percent",
    "yrs": "years",
    "yr": "year",
    "10k": "10000",
}
# Words that carry no meaning in a title and are often left out.
_DROPPED_WORDS = frozenset({"a", "an", "the"})
# Multi-word rewrites, applied to the space-separated result (order matters).
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bno of\b", "number of"),
    (r"\bs ?(\d{1,3})\b", r"section \1"),
    (r"\brates? per 10000\b", "per 10000"),
)

_RE_HYPHEN = re.compile(r"\bre-(?=[a-z])")  # "re-referrals" and "rereferrals" are one word
_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4]")
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NO_DOT = re.compile(r"\bno\.")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_label(text: str) -> str:
    """A canonical spelling of a label, for exact comparison.

    Case, punctuation and spacing are ignored; "&" is "and"; "%"/"percentage" are "percent";
    "no."/"no of" are "number"/"number of"; "cp"/"cpp" are "child protection"/"child protection plan";
    "per 10,000", "per 10000", "rate per 10k" are all "per 10000";
    "s.47"/"s47"/"S20" are "section 47"/"section 20";
    "a"/"an"/"the" are dropped. Ids normalise too: ``cpp_rate`` is "child protection plan rate".
    """
    if not text:
        return ""
    value = unicodedata.normalize("NFKC", str(text)).lower()
    value = value.replace("&", " and ").replace("%", " percent ").replace("+", " plus ")
    value = _APOSTROPHES.sub("", value)
    value = _RE_HYPHEN.sub("re", value)
    value = _THOUSANDS_COMMA.sub("", value)
    value = _NO_DOT.sub(" number ", value)
    words: list[str] = []
    for word in _NON_WORD.sub(" ", value).split():
        if word in _DROPPED_WORDS:
            continue
        words.append(_WORD_EXPANSIONS.get(word, word))
    value = " ".join(words)
    for pattern, replacement in _PHRASES:
        value = re.sub(pattern, replacement, value)
    return value
