"""Matching the names councils write in workbooks ("N. Warwickshire", "Hants", "Rugby BC") to areas.

Names are compared after normalisation (case, "&", punctuation, abbreviations, "County Council"), in
tiers: a phrase with a meaning of its own ("SN average", "Out of county", see area_phrases), exact
names and aliases, names without a style prefix such as "City of", the name without words written
around it ("Rugby Borough", "Warwickshire total"), then a unique word prefix ("Stratford" for
Stratford-on-Avon). A tier that finds several areas never guesses: the match carries every candidate
and a reason. The wording rules live in ``resources/areas/aliases.csv`` (and the phrases in
phrases.csv and decorations.csv) so that a new spelling is a data change, not a code change.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cpdesk.indicators.area_match import AreaMatch, MatchOutcome, no_area_called
from cpdesk.indicators.area_phrases import Decoration, Phrases, resolve_phrase
from cpdesk.indicators.model import Area

__all__ = ["AreaMatch", "MatchOutcome", "NameIndex", "Wording", "load_wording", "no_area_called"]

_REVERSED_STYLE = re.compile(r"^(?P<name>.*),\s*(?P<style>city|county) of$")
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Wording:
    """The normalisation rules read from aliases.csv."""

    words: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # normalised alias -> area code
    drop_start: tuple[tuple[str, ...], ...] = ()
    drop_end: tuple[tuple[str, ...], ...] = ()
    variant_start: tuple[tuple[str, ...], ...] = ()
    generic: frozenset[str] = frozenset()  # words that cannot be abbreviations on their own

    def normalise(self, text: str) -> str:
        """Lower case, "&" as "and", no punctuation, abbreviations expanded, council suffixes dropped."""
        tokens = _tokens(text)
        tokens = [word for token in tokens for word in self.words.get(token, token).split()]
        tokens = _strip_start(tokens, self.drop_start)
        tokens = _strip_end(tokens, self.drop_end)
        return " ".join(tokens)

    def aliases_of(self, code: str) -> tuple[str, ...]:
        """The normalised name aliases that point at one area ("hull" for Kingston upon Hull)."""
        return tuple(sorted(alias for alias, target in self.names.items() if target == code))

    def variants(self, key: str) -> set[str]:
        """The key without a style prefix ("city of bristol" -> "bristol")."""
        tokens = key.split()
        stripped = _strip_start(tokens, self.variant_start)
        return {" ".join(stripped)} if stripped != tokens else set()


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = text.replace("'", "").replace("\u2019", "").replace("&", " and ")
    reversed_style = _REVERSED_STYLE.match(text)
    if reversed_style:  # DfE writes "Bristol, City of"; councils write "City of Bristol"
        text = f"{reversed_style['style']} of {reversed_style['name']}"
    return _NOT_ALPHANUMERIC.sub(" ", text).split()


def _strip_start(tokens: list[str], prefixes: Iterable[tuple[str, ...]]) -> list[str]:
    for prefix in sorted(prefixes, key=len, reverse=True):
        if len(tokens) > len(prefix) and tuple(tokens[: len(prefix)]) == prefix:
            return tokens[len(prefix) :]
    return tokens


def _strip_end(tokens: list[str], suffixes: Iterable[tuple[str, ...]]) -> list[str]:
    for suffix in sorted(suffixes, key=len, reverse=True):
        if len(tokens) > len(suffix) and tuple(tokens[-len(suffix) :]) == suffix:
            return tokens[: -len(suffix)]
    return tokens


def load_wording(path: Path) -> Wording:
    """Read aliases.csv: ``kind,alias,target`` rows.

    ``word``: a word written for another ("hants" -> "hampshire"); ``name``: a whole name for an area
    code ("hull", "wm"); ``drop_start`` / ``drop_end``: words
    ignored at the start or end ("the", "county council"); ``variant_start``: a style tried without
    ("city of"); ``generic``: words too general to be an abbreviation on their own ("north").
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [(row["kind"], row["alias"], row["target"]) for row in csv.DictReader(handle)]
    base = Wording(
        words={alias.lower(): target.lower() for kind, alias, target in rows if kind == "word"},
        generic=frozenset(alias.lower() for kind, alias, _ in rows if kind == "generic"),
        drop_start=_word_runs(rows, "drop_start"),
        drop_end=_word_runs(rows, "drop_end"),
        variant_start=_word_runs(rows, "variant_start"),
    )
    names = {base.normalise(alias): target for kind, alias, target in rows if kind == "name"}
    return dataclasses.replace(base, names=names)


def _word_runs(rows: list[tuple[str, str, str]], kind: str) -> tuple[tuple[str, ...], ...]:
    """The aliases of one kind as runs of words ("county council" -> ("county", "council"))."""
    return tuple(tuple(_tokens(alias)) for k, alias, _ in rows if k == kind)


class NameIndex:
    """Every area's normalised names, for the tiers described in the module docstring."""

    def __init__(self, areas: Iterable[Area], wording: Wording, phrases: Phrases) -> None:
        self.wording = wording
        self.phrases = phrases
        self._by_code: dict[str, Area] = {}
        self._exact: dict[str, list[Area]] = {}
        self._variant: dict[str, list[Area]] = {}
        for area in areas:
            self._by_code[area.code] = area
            key = wording.normalise(area.name)
            self._exact.setdefault(key, []).append(area)
            for variant in wording.variants(key):
                self._variant.setdefault(variant, []).append(area)

    def match(self, name: str, context: Area | None, scope: frozenset[str]) -> AreaMatch:
        """Match ``name``; ``context`` is the LA the workbook is about, ``scope`` the codes inside it."""
        key = self.wording.normalise(name)
        if not key:
            return AreaMatch(None, (), "the name is empty")
        return self._match_key(name, key, context, scope)

    def _match_key(self, name: str, key: str, context: Area | None, scope: frozenset[str]) -> AreaMatch:
        phrase = self.phrases.whole.get(key)
        if phrase is not None:
            return resolve_phrase(name, phrase, context, self._by_code.get)
        whole_names = (
            ("exact name", self._exact.get(key, []) + self._alias_areas(self.wording.names.get(key))),
            ("name without its style", self._variant_matches(key)),
        )
        for label, found in whole_names:
            candidates = _candidates(found, context)
            if candidates:
                return _decide(name, label, candidates, context, scope)
        undecorated = self._undecorated_match(name, key, context, scope)
        if undecorated is not None:
            return undecorated
        candidates = _candidates(self._prefix_matches(key), context)
        if candidates:
            return self._decide_abbreviation(name, key, candidates, context, scope)
        return AreaMatch(None, (), no_area_called(name))

    def _undecorated_match(
        self, name: str, key: str, context: Area | None, scope: frozenset[str]
    ) -> AreaMatch | None:
        """The match of the name without words written around it ("Rugby Borough", "Total Warwickshire",
        "SN avg"); None if no such words are there, or the rest is no area either."""
        found = []
        for decoration, rest in self.phrases.undecorated(key):
            match = self._match_key(name, self.wording.normalise(rest), context, scope)
            if match.outcome is not MatchOutcome.NO_AREA:
                found.append(_decorated(name, decoration, match))
        areas = {match.area.code: match.area for match in found if match.area is not None}
        if len(areas) > 1:
            candidates = tuple(sorted(areas.values(), key=lambda area: area.code))
            return AreaMatch(None, candidates, f"{name!r} is ambiguous: {len(areas)} areas match")
        return next((match for match in found if match.area is not None), found[0] if found else None)

    def _alias_areas(self, target: str | None) -> list[Area]:
        return [self._by_code[target]] if target in self._by_code else []

    def _variant_matches(self, key: str) -> list[Area]:
        found = []
        for form in {key} | self.wording.variants(key):
            found += self._exact.get(form, []) + self._variant.get(form, [])
        return found

    def _prefix_matches(self, key: str) -> list[Area]:
        """Areas whose name starts with all the words of ``key`` (whole words only)."""
        words = key.split()
        found = []
        for indexed, areas in (*self._exact.items(), *self._variant.items()):
            indexed_words = indexed.split()
            if len(indexed_words) > len(words) and indexed_words[: len(words)] == words:
                found += [area for area in areas if area.kind != "sn"]
        return found

    def _decide_abbreviation(
        self, name: str, key: str, candidates: list[Area], context: Area | None, scope: frozenset[str]
    ) -> AreaMatch:
        """A shortened name stands for an area only if it is the one area whose name starts that way.

        "North" or "Central" alone is too general to stand for "North Somerset" or "Central
        Bedfordshire", and an abbreviation never reaches outside the context LA.
        """
        if set(key.split()) <= self.wording.generic:
            return AreaMatch(None, tuple(candidates), f"{name!r} is too general to stand for one area")
        if len(candidates) > 1:
            reason = f"{name!r} is ambiguous: the names of {len(candidates)} areas start with it"
            return AreaMatch(None, tuple(candidates), reason)
        only = candidates[0]
        if context is not None and only.code not in scope:
            reason = f"{name!r} could abbreviate {only.name}, which is not in {context.name}"
            return AreaMatch(None, (only,), reason)
        return AreaMatch(only, (only,), f"{name!r} is an abbreviation of {only.name}")


def _decorated(name: str, decoration: Decoration, match: AreaMatch) -> AreaMatch:
    """The match of a name without its decoration, if the decoration goes with the area found."""
    if match.area is None:
        return match
    if not decoration.fits(match.area):
        return AreaMatch(None, (match.area,), decoration.misfit_reason(name, match.area))
    return match.with_reason(f"{match.reason}, written with {decoration.text!r}")


def _candidates(found: list[Area], context: Area | None) -> list[Area]:
    """Distinct areas sorted by code, without operational areas of other LAs, current LAs first.

    Operational areas ("North", "Central") are only names inside their own LA, and a name shared
    with an abolished LA (Barnsley E08000016) means the current one.
    """
    visible = {
        area.code: area
        for area in found
        if area.kind != "operational" or (context is not None and area.parent_code == context.code)
    }
    candidates = sorted(visible.values(), key=lambda area: area.code)
    live = [area for area in candidates if area.closed is None]
    return live or candidates


def _decide(
    name: str, label: str, candidates: list[Area], context: Area | None, scope: frozenset[str]
) -> AreaMatch:
    """A whole name: one candidate wins; among several, the only one inside the context LA wins."""
    if len(candidates) == 1:
        return AreaMatch(candidates[0], tuple(candidates), f"{label}: {candidates[0].name}")
    inside = [area for area in candidates if area.code in scope]
    if context is not None and len(inside) == 1:
        return AreaMatch(inside[0], tuple(candidates), f"{label}: {inside[0].name}, in {context.name}")
    reason = f"{name!r} is ambiguous: {len(candidates)} areas match ({label})"
    return AreaMatch(None, tuple(candidates), reason)
