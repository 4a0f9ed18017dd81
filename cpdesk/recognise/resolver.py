"""What indicator a piece of text names: one rule, in one place.

Every label, heading, title and long-file measure name is cut into parts by the lexicon (concept,
measure, time scope, qualifiers, breakdown category, filler, and whatever is left unexplained).
Each indicator declares the parts it is made of. The one rule: **accept a reading only when exactly
one indicator survives every part the text names, nothing contradicts it, and nothing is left
unexplained**; otherwise say why not, with the candidates and the words not understood.

A part eliminates an indicator when:
- the text names a concept the indicator does not count, or leaves out one it needs
  ("Referrals: children looked after" names two things no indicator counts together);
- its measure contradicts the indicator's unit ("per 1,000" for a rate per 10,000; "%" for a count);
- its time scope contradicts the indicator's ("in the year" for a count at 31 March);
- it names a qualifier the indicator does not have ("within 2 years" for repeat plans at any time),
  or leaves out one the indicator needs (plans *starting*; *within 15 working days*);
- it names a breakdown category of another dimension.
A text that names no measure means the number of what it names ("Referrals", "Repeat plans"),
unless no count fits ("ICPCs within 15 working days" can only be the percentage). A rate per 10,000
is never implied: it must be said ("rate", "per 10,000").

Whole phrases (an indicator's id, title and its few idioms in ``indicators.toml``, such as "Long
plans") are read first, exactly; they are idioms because their words alone do not say what they mean.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cpdesk import paths
from cpdesk.indicators.model import AT_31_MARCH, Indicator, Period
from cpdesk.indicators.periods import parse_period
from cpdesk.indicators.text import normalise_label
from cpdesk.recognise.lexicon import Lexicon, Part, PartKind, Piece, Scope, load_lexicon

logger = logging.getLogger(__name__)

# Which units each measure word allows. "rate" alone is a rate per 10,000 or a percentage ("CP
# rate", "re-referral rate", "vacancy rate"); "per 1,000" is a unit cpdesk does not hold.
MEASURE_UNITS: dict[str, frozenset[str]] = {
    "count": frozenset({"count"}),
    "rate": frozenset({"rate_per_10k"}),
    "rate_or_percent": frozenset({"rate_per_10k", "percent"}),
    "percent": frozenset({"percent"}),
    "average": frozenset({"ratio", "months", "days"}),
    "months": frozenset({"months"}),
    "days": frozenset({"days"}),
    "ratio": frozenset({"ratio"}),
    "rate_per_1000": frozenset(),
    "rate_per_100000": frozenset(),
}
_MEASURE_WORDS = {"count": "number", "rate": "rate per 10,000", "rate_or_percent": "rate",
                  "percent": "percentage", "average": "average", "months": "months", "days": "days",
                  "ratio": "ratio", "rate_per_1000": "per 1,000", "rate_per_100000": "per 100,000"}
_SAYS_HOW_MANY = frozenset({"rate", "months", "days", "average", "ratio"})
_UNSTATED = frozenset({"count", "percent"})
# "Referrals / re-referrals", "CLA/CP rate": a slash between words lists two things.
_LISTING_SLASH = re.compile(r"(?<=[A-Za-z])\s*/\s*(?=[A-Za-z])")
_SNAPSHOT_KINDS = frozenset({"snapshot", "mid_year"})
_TIME_SCOPES = frozenset(str(scope) for scope in Scope)  # a qualifier that only says when a figure is counted


@dataclass(frozen=True, slots=True)
class LabelParts:
    """What the lexicon found in one text."""

    concepts: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    scopes: frozenset[Scope] = frozenset()
    qualifiers: frozenset[str] = frozenset()
    categories: tuple[tuple[str, str], ...] = ()  # (breakdown id, category id) candidates
    residue: tuple[str, ...] = ()
    understood: tuple[str, ...] = ()
    said: tuple[tuple[str, str], ...] = ()  # ("concept:cla", "looked after"): each part and its words

    def words(self, kind: PartKind, quoted: bool = True) -> str:
        """The label's own words for its parts of ``kind``: "'referrals' and 'children looked after'"."""
        found = [words for key, words in self.said if key.startswith(f"{kind}:")]
        return " and ".join(f"'{w}'" if quoted else w for w in dict.fromkeys(found))

    @classmethod
    def of(cls, pieces: Iterable[Piece]) -> LabelParts:
        by_kind: dict[PartKind, list[str]] = {kind: [] for kind in PartKind}
        residue: list[str] = []
        understood: list[str] = []
        said: list[tuple[str, str]] = []
        for piece in pieces:
            if not piece.parts:
                residue.append(piece.words)
                continue
            if any(part.kind is not PartKind.FILLER for part in piece.parts):
                understood.append(piece.words)
            for part in piece.parts:
                by_kind[part.kind].append(part.value)
                said.append((str(part), piece.words))
        categories = tuple(tuple(value.split(":", 1)) for value in by_kind[PartKind.CATEGORY])
        return cls(
            concepts=frozenset(by_kind[PartKind.CONCEPT]),
            measures=frozenset(by_kind[PartKind.MEASURE]),
            scopes=frozenset(Scope(value) for value in by_kind[PartKind.SCOPE]),
            qualifiers=frozenset(by_kind[PartKind.QUALIFIER]),
            categories=tuple(dict.fromkeys(categories)),  # type: ignore[arg-type]
            residue=tuple(residue),
            understood=tuple(understood),
            said=tuple(said),
        )

    def scope(self) -> Scope | None:
        for telling in (Scope.YTD, Scope.IN_YEAR):
            if telling in self.scopes:
                return telling
        if len(self.scopes) == 1:
            return next(iter(self.scopes))
        return None

    def units(self) -> frozenset[str] | None:
        """The units the measure words allow together; None when no measure is named."""
        measures = set(self.measures)
        if not measures:
            return None
        if measures & _SAYS_HOW_MANY:
            measures.discard("count")  # "number per 10,000", "number of months": the other word says how
        allowed = frozenset().union(*MEASURE_UNITS.values())
        for measure in measures:
            allowed &= MEASURE_UNITS[measure]
        return allowed


@dataclass(frozen=True, slots=True)
class IndicatorParts:
    """The parts an indicator is made of, from its ``concepts`` and ``qualifiers`` in the schema."""

    indicator: Indicator
    concepts: frozenset[str]
    optional_concepts: frozenset[str]
    required: tuple[frozenset[str], ...]  # each: one of these qualifiers (or scope) must be named
    allowed: frozenset[str]

    @classmethod
    def of(cls, indicator: Indicator) -> IndicatorParts:
        concepts = {c for c in indicator.concepts if not c.endswith("?")}
        optional = {c.rstrip("?") for c in indicator.concepts if c.endswith("?")}
        required = tuple(frozenset(q.split("|")) for q in indicator.qualifiers if not q.endswith("?"))
        allowed = {q.rstrip("?") for q in indicator.qualifiers if q.endswith("?")}
        allowed.update(*required)
        if indicator.breakdown:
            allowed.add(f"by_{indicator.breakdown}")
        return cls(indicator, frozenset(concepts), frozenset(optional), required, frozenset(allowed))

    @property
    def scope(self) -> Scope:
        return Scope.SNAPSHOT if self.indicator.period_kind in _SNAPSHOT_KINDS else Scope.FLOW

    def why_not(self, parts: LabelParts, units: frozenset[str] | None) -> str:
        """Why the text cannot name this indicator ("" when nothing contradicts it)."""
        if not (self.concepts <= parts.concepts <= self.concepts | self.optional_concepts):
            return "concept"
        if units is not None and self.indicator.unit not in units:
            return "measure"
        if not self._scope_fits(parts.scopes):
            return "scope"
        named = set(parts.qualifiers) | self._category_qualifiers(parts.categories)
        if parts.categories and not self._category_qualifiers(parts.categories):
            return "category"
        if not named <= self.allowed:
            return "qualifier"
        if self.unsaid(parts):
            return "missing"
        return ""

    def unsaid(self, parts: LabelParts) -> list[frozenset[str]]:
        """The required qualifiers (or scopes) the text names none of."""
        named = set(parts.qualifiers) | self._category_qualifiers(parts.categories)
        stated = named | {str(scope) for scope in parts.scopes}
        return [group for group in self.required if not group & stated]

    def only_time_unsaid(self, parts: LabelParts) -> bool:
        """True when all the text leaves out is when the figure is counted (at 31 March, in the year)."""
        unsaid = self.unsaid(parts)
        return bool(unsaid) and all(group <= _TIME_SCOPES for group in unsaid)

    def _scope_fits(self, scopes: frozenset[Scope]) -> bool:
        if not scopes:
            return True
        if self.scope is Scope.SNAPSHOT:
            return scopes == {Scope.SNAPSHOT}
        return Scope.SNAPSHOT not in scopes

    def _category_qualifiers(self, categories: tuple[tuple[str, str], ...]) -> set[str]:
        breakdown = self.indicator.breakdown
        return {f"by_{breakdown}"} if breakdown and any(b == breakdown for b, _ in categories) else set()


@dataclass(frozen=True, slots=True)
class Reading:
    """What a text names, or why it cannot be read as one indicator."""

    text: str
    indicator: Indicator | None = None
    categories: tuple[tuple[str, str], ...] = ()
    scope: Scope | None = None
    via: str = ""  # "phrase": a whole title, id or idiom; "parts": the lexicon's parts
    understood: tuple[str, ...] = ()
    residue: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    reason: str = ""
    concepts: frozenset[str] = field(default_factory=frozenset)
    period: Period | None = None  # a period the text states ("... at 31 March 2025", "... 2024-25")
    counted_on: tuple[int, int] | None = None  # (month, day) of "at 30 September" with no year
    # It names what an indicator counts but not when ("Children in need count": at 31 March, or during
    # the year?); ``reason`` names what it could be.
    when_unsaid: bool = False

    @property
    def resolved(self) -> bool:
        return self.indicator is not None

    @property
    def names_something(self) -> bool:
        """True when the text named a concept, even if it did not come to one indicator."""
        return bool(self.concepts)

    def explain(self) -> str:
        """"understood: referrals, number; not understood: 'KPI 07'" for the import wizard."""
        said = []
        if self.understood:
            said.append("understood: " + ", ".join(self.understood))
        if self.residue:
            said.append("not understood: " + ", ".join(f"'{word}'" for word in self.residue))
        return "; ".join(said)


class Resolver:
    """Reads texts against one schema and one lexicon. Build once per schema; readings are cached."""

    def __init__(self, schema, lexicon: Lexicon) -> None:
        self.schema = schema
        self.lexicon = lexicon.with_phrases(_category_phrases(schema, lexicon))
        self._specs = [IndicatorParts.of(i) for i in schema if i.concepts]
        self._cache: dict[str, Reading] = {}

    def indicator(self, text: str) -> Reading:
        """What indicator ``text`` names (see the module's one rule)."""
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = self._read(str(text))
        return found

    def concepts_of(self, indicator: Indicator) -> frozenset[str]:
        """Every concept an indicator may be named by (required and optional)."""
        return frozenset(c.rstrip("?") for c in indicator.concepts)

    def parts(self, text: str) -> LabelParts:
        return LabelParts.of(self.lexicon.pieces(normalise_label(_LISTING_SLASH.sub(" and ", text))))

    def _read(self, text: str) -> Reading:
        reading = self._meaning(text)
        day = _counted_on(text)
        return dataclasses.replace(reading, counted_on=day) if day and reading.resolved else reading

    def _meaning(self, text: str) -> Reading:
        if not text.strip():
            return Reading(text, reason="is blank")
        exact = self.schema.match_phrase(text)
        if exact is not None:
            return Reading(text, indicator=exact, via="phrase", understood=(exact.title,),
                           scope=self.parts(text).scope(), concepts=self.concepts_of(exact))
        reading = self._by_parts(text, self.parts(text))
        if reading.resolved:
            return reading
        plain = self.lexicon.without_marks(text)
        if plain != text.strip():
            again = self._read(plain)
            if again.resolved:
                return dataclasses.replace(again, text=text)
            if again.names_something:  # the reference code is understood; say what is not
                mark = text.strip().removesuffix(plain).strip()
                understood = (f"reference code '{mark}'", *again.understood) if mark else again.understood
                reason = _residue_reason(again) if again.residue else again.reason
                reading = dataclasses.replace(again, text=text, understood=understood, reason=reason)
        stated = _stated_period(text)
        if stated is not None:
            rest, period = stated
            again = self._read(rest)
            if again.resolved and again.period is None:
                return dataclasses.replace(again, text=text, period=period)
        return reading

    def _by_parts(self, text: str, parts: LabelParts) -> Reading:
        def reading(**found) -> Reading:
            return Reading(text=text, understood=parts.understood, residue=parts.residue, scope=parts.scope(),
                           categories=parts.categories, concepts=parts.concepts, **found)
        if parts.residue:
            return reading(reason=_residue_reason(parts))
        if not parts.concepts:
            return reading(reason=_no_concept_reason(parts))
        if Scope.SNAPSHOT in parts.scopes and len(parts.scopes) > 1:
            return reading(reason="is not read: it says both 'at a date' and 'over a period'")
        units = parts.units()
        if units is not None and not units:
            return reading(reason=_unit_reason(parts))
        survivors, why = self._survivors(parts, units)
        if len(survivors) == 1:
            indicator = survivors[0].indicator
            return reading(indicator=indicator, via="parts",
                           candidates=(indicator.id,))
        if survivors:
            ids = tuple(s.indicator.id for s in survivors)
            return reading(candidates=ids, reason=_ambiguous_reason(survivors))
        undated = _undated(parts, why.get("missing", []))
        if undated:
            return reading(reason=_when_unsaid_reason(parts, undated), when_unsaid=True)
        return reading(reason=_eliminated_reason(parts, why))

    def _survivors(self, parts: LabelParts, units: frozenset[str] | None):
        """The indicators nothing in ``parts`` contradicts, and why the others fell.

        With no measure named, only a count or a percentage can be meant (a rate, an average, days
        and months are always said). A label that names no qualifier is the number of what it names
        ("Referrals"); one that does is read only when a single indicator fits, and a percentage only
        when a qualifier makes it the natural reading ("ICPCs within 15 working days")."""
        why: dict[str, list[IndicatorParts]] = {}
        survivors = []
        for spec in self._specs:
            reason = spec.why_not(parts, units if units is not None else _UNSTATED)
            if reason:
                why.setdefault(reason, []).append(spec)
            else:
                survivors.append(spec)
        if units is not None or len(survivors) < 1:
            return survivors, why
        counts = [s for s in survivors if s.indicator.unit == "count"]
        if not parts.qualifiers and len(counts) == 1:
            return counts, why
        if len(survivors) == 1 and (survivors[0].indicator.unit == "count"
                                    or parts.qualifiers & self.lexicon.proportions):
            return survivors, why
        if len(survivors) == 1:
            why.setdefault("unstated", []).append(survivors[0])
            return [], why
        return survivors, why


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A period written inside a label: a date ("31 March 2025": the year is taken out, "at 31 March" stays
# as the time scope), a month ("March 2025"), a financial year ("2024-25", "2024/25") or a quarter.
_PERIOD_SPANS = (
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<drop>(?:19|20)\d{{2}})\b", re.IGNORECASE),
    re.compile(rf"(?P<drop>\b{_MONTH}\s+(?:19|20)\d{{2}})\b", re.IGNORECASE),
    re.compile(r"(?P<drop>\bq(?:tr)?\s*[1-4]\s+(?:19|20)?\d{2}\s*[/-]\s*\d{2})\b", re.IGNORECASE),
    re.compile(r"(?P<drop>\b(?:fy\s*)?(?:19|20)\d{2}\s*[/-]\s*(?:19|20)?\d{2})\b", re.IGNORECASE),
)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_AT_DAY = re.compile(rf"\bat\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})(?!\s*,?\s*\d)", re.IGNORECASE)


def counted_on_days(text: str) -> set[tuple[int, int]]:
    """Each (month, day) of "... at 30 September" with no year: a day of each year it is counted on."""
    return {(_MONTHS.index(found[2].lower()[:3]) + 1, int(found[1])) for found in _AT_DAY.finditer(text)}


def _counted_on(text: str) -> tuple[int, int] | None:
    days = counted_on_days(text)
    return days.pop() if len(days) == 1 else None


def _stated_period(text: str) -> tuple[str, Period] | None:
    """The label without the one period it states, and that period; None unless exactly one."""
    found: list[re.Match[str]] = []
    for pattern in _PERIOD_SPANS:  # most specific first; a span inside one already found is the same
        found += [m for m in pattern.finditer(text)
                  if not any(m.start() < f.end() and f.start() < m.end() for f in found)]
    if len(found) != 1:
        return None
    match = found[0]
    period = parse_period(match.group(0).strip())
    if period is None:
        return None
    rest = (text[:match.start("drop")] + " " + text[match.end("drop"):]).strip(" ,:;-–")
    return (rest, period) if rest else None


def _category_phrases(schema, lexicon: Lexicon) -> dict[str, tuple[Part, ...]]:
    """Each breakdown category's names as phrases ("neglect" -> category:category:neglect). Names of
    two letters or fewer ("M", "C2") are left out: inside a longer label they are too easily a code."""
    phrases: dict[str, list[Part]] = {}
    for breakdown in schema.breakdowns.values():
        for category in breakdown.categories:
            for name in (category.title, *category.aliases):
                key = normalise_label(name)
                if len(key) <= 2 or key in lexicon.phrases:
                    continue
                part = Part(PartKind.CATEGORY, f"{breakdown.id}:{category.id}")
                if part not in phrases.setdefault(key, []):
                    phrases[key].append(part)
    return {key: tuple(parts) for key, parts in phrases.items()}


def _residue_reason(parts: LabelParts | Reading) -> str:
    words = ", ".join(f"'{word}'" for word in parts.residue)
    return f"is not read: it has words cpdesk does not understand here: {words}"


def _unit_reason(parts: LabelParts) -> str:
    said = " and ".join(sorted(_MEASURE_WORDS[m] for m in parts.measures))
    if parts.measures & {"rate_per_1000", "rate_per_100000"}:
        return f"is not read: it is a rate {said}; cpdesk holds rates per 10,000 children"
    return f"is not read: it names more than one measure ({said})"


def _no_concept_reason(parts: LabelParts) -> str:
    """"Rate per 10,000" alone: the measure is understood, what is counted is not said."""
    if not parts.measures:
        return "is not read: it names nothing cpdesk counts"
    said = " and ".join(sorted(_MEASURE_WORDS[m] for m in parts.measures))
    return f"is not read: it gives the measure ({said}) but not what is counted"


def _ambiguous_reason(survivors: list[IndicatorParts]) -> str:
    titles = " or ".join(f"'{s.indicator.title}'" for s in survivors[:4])
    return f"is not read: it could be {titles}; say which (the unit, or 'at 31 March' / 'in the year')"


def _undated(parts: LabelParts, missing: list[IndicatorParts]) -> list[IndicatorParts]:
    """The indicators ``parts`` would be but for not saying when they are counted, if that is all it
    leaves out: one of them is "at 31 March", and no other indicator of what it names wants more
    ("Child protection plan" may be plans starting or ending, not only those at 31 March)."""
    undated = [spec for spec in missing if spec.only_time_unsaid(parts)]
    if len(undated) < len(missing):
        return []
    dated = any(spec.scope is Scope.SNAPSHOT and AT_31_MARCH in spec.indicator.title for spec in undated)
    return undated if dated else []


def _when_unsaid_reason(parts: LabelParts, undated: list[IndicatorParts]) -> str:
    """"Children in need count": at 31 March or during the year? Each side is an indicator's title, or
    the words for a figure cpdesk does not keep; cpdesk never picks one for the officer."""
    what = parts.words(PartKind.CONCEPT, quoted=False)
    snapshot = " or ".join(f"'{s.indicator.title}'" for s in undated if s.scope is Scope.SNAPSHOT)
    flow = " or ".join(f"'{s.indicator.title}'" for s in undated if s.scope is not Scope.SNAPSHOT)
    at = snapshot or f"{what} at 31 March (which cpdesk does not keep)"
    during = flow or f"{what} during the year (which cpdesk does not keep)"
    return (f"is not read: it does not say whether it counts {what} at 31 March or during the year, so it "
            f"could be {at} or {during}. Say which in the label, such as '{what} at 31 March'")


_WHY_WORDS = {
    "concept": "names {concepts}, which no one indicator cpdesk knows counts",
    "measure": "gives {concepts} as {measures}, which cpdesk holds no indicator of",
    "scope": "gives {concepts} {scopes}, which fits no indicator cpdesk knows",
    "qualifier": "names {concepts} {qualifiers}, which no indicator cpdesk knows counts",
    "missing": "names {concepts} but not which figure (at 31 March, starting, ending, within a time ...)",
    "category": "names a category that fits no indicator of {concepts}",
    "unstated": "names {concepts} but not its measure (a number, a percentage, an average ...)",
}


def _eliminated_reason(parts: LabelParts, why: dict[str, list[IndicatorParts]]) -> str:
    """The most telling reason: the check that the indicators sharing its concepts failed."""
    sharing = [reason for reason, specs in why.items() for s in specs
               if s.concepts <= parts.concepts <= s.concepts | s.optional_concepts]
    telling = ("measure", "scope", "category", "qualifier", "missing", "unstated") if parts.measures else (
        "unstated", "measure", "scope", "category", "qualifier", "missing")
    reason = next((r for r in telling if r in sharing), "concept")
    if reason == "measure" and not parts.measures:
        reason = "unstated"  # "Caseload": an average or a total? it does not say
    words = {
        "concepts": parts.words(PartKind.CONCEPT),
        "measures": parts.words(PartKind.MEASURE),
        "scopes": parts.words(PartKind.SCOPE),
        "qualifiers": parts.words(PartKind.QUALIFIER) or "in that category",
    }
    return "is not read: it " + _WHY_WORDS[reason].format(**words)


def resolver_for(schema) -> Resolver:
    """The schema's resolver, built on first use with the packaged lexicon and the council's own
    phrases (``lexicon.toml`` in the data folder, if there is one)."""
    found = getattr(schema, "_resolver", None)
    if found is None:
        found = Resolver(schema, load_lexicon(paths.local_lexicon_path()))
        schema._resolver = found
    return found
