"""What a header cell or a row label names: a period, an area, an indicator, a category, or nothing to read.

Every label is matched exactly (after normalisation) against the indicator schema, the area
registry and the period reader, and against the user's mapping profile first. Nothing is guessed:
a label that matches nothing, or more than one thing, is reported and its figures are not read.
Columns that sit beside the figures but are not figures (Target, Polarity, DoT, RAG, Comments,
"% change") are recognised so that they are neither read as data nor reported as unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from cpdesk.indicators.area_match import MatchOutcome
from cpdesk.indicators.areas import AreaRegistry
from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.periods import parse_period
from cpdesk.indicators.schema import Schema
from cpdesk.indicators.text import normalise_label
from cpdesk.read.tables.decorations import without_decorations
from cpdesk.read.values import raw_text
from cpdesk.recognise import Reading, Scope, resolver_for

# Normalised headings of columns that are not figures. A heading starting with one of these words
# ("Target 2019/20", "Comments from service") is such a column too.
SIDE_COLUMNS = frozenset({
    "polarity", "dot", "direction of travel", "direction", "rag", "rag rating", "rag status", "comments",
    "comment", "commentary", "notes", "note", "percent change", "change", "trend", "good is", "better is",
    "rank", "ranking", "quartile", "benchmark", "status", "narrative", "tolerance", "difference",
    "variance", "unit", "units", "definition", "source", "frequency", "owner", "lead",
    "ytd", "year to date", "ytd total", "cumulative", "good performance is", "good performance",
    "higher is better", "lower is better", "ref", "reference", "code", "measure code", "kpi ref",
})
_SIDE_PREFIXES = ("comment", "direction of travel", "rag ", "percent change", "change ", "difference ",
                  "notes ", "note ", "ranking ", "rank ")
TARGET = "target"
# "Warwickshire rank (of 152)", "Quartile position": where the council stands, not a figure of its own.
_RANK_WORDS = re.compile(r"\b(?:rank|ranked|ranking|quartile|percentile)\b")
_TARGET_WORD = re.compile(r"\btargets?\b", re.IGNORECASE)
# Headings that only say "the figures are here" (a one-column table's "Figure", "Value").
VALUE_HEADINGS = frozenset({"figure", "figures", "value", "values", "data", "result", "actual", "actuals"})
TOTAL_LABELS = frozenset({"total", "all", "all categories", "overall", "grand total"})
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")  # " - ", " – ", " — " between two parts of a title
# "Table 1 shows ...", "Table 3 – ...", "Table 2 - Long Plans: ..." lead-ins before an indicator's wording.
_TABLE_LEAD = re.compile(r"^\s*table\s*\d+[a-z]?\s*(?:[:.\-–—]|\s)\s*(?:below\s+)?(?:shows\s+)?",
                         re.IGNORECASE)


class LabelKind(StrEnum):
    """What a label is: it names a period, an area, an indicator, a category, several of these
    ("mixed"), a total, a target, a column beside the figures ("side"), nothing ("blank"), or
    something cpdesk cannot read ("unknown")."""

    PERIOD = "period"
    AREA = "area"
    INDICATOR = "indicator"
    CATEGORY = "category"
    MIXED = "mixed"
    TOTAL = "total"
    TARGET = "target"
    SIDE = "side"
    UNKNOWN = "unknown"
    BLANK = "blank"
    SCOPE = "scope"  # only says when: "In month", "Year to date" over the periods
    NOT_AREA = "not_area"


@dataclass(frozen=True)
class Label:
    """What one label names. Fields left None are not named by this label."""

    kind: str  # a LabelKind
    text: str = ""
    period: Period | None = None
    area_code: str | None = None
    indicator: Indicator | None = None
    categories: tuple[tuple[str, str], ...] = ()  # (breakdown id, category id) candidates
    total: bool = False
    problem: str = ""  # for "unknown": why, in words an officer understands
    problem_code: str = ""
    # A date or number cell the period was read from: re-read once the indicator is known, since a
    # date on the 1st of a month is that month for a flow indicator but that very day for a snapshot.
    period_cell: object = None
    # The time scope the label's words give its figures (year to date, at a date, over a period).
    scope: Scope | None = None
    # A count and its percentage the words fit equally ("Re-referrals within 12 months"): each figure
    # is read as the percentage only where its cell is written as one ("23.8%", or formatted 0.0%).
    number_or_percent: tuple[Indicator, Indicator] | None = None


@dataclass
class LabelContext:
    """Everything label matching needs: the schema, the areas, the council and the user's mapping."""

    schema: Schema
    areas: AreaRegistry
    council: str | None = None
    mapping: object | None = None
    # What to tell the officer about figures whose table names no area (set by the reader, which
    # knows whether the workbook names several councils or none).
    area_hint: str = "Choose the council this workbook belongs to when importing."
    _cache: dict = field(default_factory=dict)


def classify(value: object, ctx: LabelContext) -> Label:
    """What ``value`` (a header cell or row label) names."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Label("blank")
    key = (value if isinstance(value, (dt.date, int, float)) else raw_text(value), ctx.council)
    if key not in ctx._cache:
        ctx._cache[key] = _classify(value, ctx)
    return ctx._cache[key]


def _classify(value: object, ctx: LabelContext) -> Label:
    text = raw_text(value)
    mapped = _from_mapping(text, ctx)
    if mapped is not None:
        return mapped
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        period = parse_period(value)
        if period is not None:
            return Label("period", text, period=period, period_cell=value)
        if _whole_number(value):  # a DfE LA number (937) as a row label, as LAIT and DfE extracts have
            area = _area(value, ctx)
            if area.kind == "area":
                return area
        return Label("unknown", text, problem="is a number, not a label", problem_code="unknown-label")
    if normalise_label(text) in VALUE_HEADINGS:
        return Label("blank", text)
    side = _side_column(text)
    if side is not None:
        return side
    period = parse_period(text)
    if period is not None:
        return Label("period", text, period=period)
    scope = _scope_only(text, ctx)
    if scope is not None:
        return Label("scope", text, scope=scope)
    named = _named(text, ctx)
    if named.problem_code == "unknown-label":
        return _second_reading(text, ctx) or named
    return named


def _second_reading(text: str, ctx: LabelContext) -> Label | None:
    """The label read again without footnote marks, "(provisional)", "FY", "at 31 March", "District"
    and the like (see ``decorations``), if that reading names something; None otherwise."""
    plain = without_decorations(text)
    if plain == text.strip():
        return None
    again = _classify(plain, ctx)
    if again.kind in ("unknown", "blank"):
        return None
    return replace(again, text=text)


def _named(text: str, ctx: LabelContext) -> Label:
    """Indicator, area, category, total, or an area followed by an indicator wording."""
    reading = resolver_for(ctx.schema).indicator(text)
    if reading.resolved:
        return indicator_label(text, reading)
    if normalise_label(text) in TOTAL_LABELS:
        return Label("total", text, total=True)
    area = _area(text, ctx)
    if area.kind == "area" or area.problem_code in ("ambiguous-area", "combined-area"):
        return area
    categories = tuple((b.id, c.id) for b, c in ctx.schema.find_category(text))
    if categories:  # "Unknown" and "Not recorded" are categories of gender and referral source first
        return Label("category", text, categories=categories)
    if area.kind == "not_area":
        return area
    split = (_area_then_indicator(text, ctx) or _indicator_then_category(text, ctx)
             or _area_then_period(text, ctx))
    if split is not None:
        return split
    pair = _number_or_percent(reading, ctx)
    if pair is not None:
        return Label("unknown", text, problem=reading.reason.removeprefix("is not read: it "),
                     problem_code="unknown-label", number_or_percent=pair, scope=reading.scope)
    if reading.when_unsaid:  # "Children in need count": at 31 March, or during the year?
        return Label("unknown", text, problem=reading.reason.removeprefix("is not read: it "),
                     problem_code="when-unsaid")
    if reading.names_something or reading.understood:  # "Rate per 10,000": a measure, but of what?
        explained = f" ({reading.explain()})" if reading.understood else ""
        return Label("unknown", text, problem=f"{reading.reason.removeprefix('is not read: it ')}{explained}",
                     problem_code="unknown-label")
    return Label("unknown", text, problem="matches no indicator, area, period or category cpdesk knows",
                 problem_code="unknown-label")


def _number_or_percent(reading: Reading, ctx: LabelContext) -> tuple[Indicator, Indicator] | None:
    """(count, percentage) when the reading fits exactly those two and names no measure."""
    found = sorted((ctx.schema[i] for i in reading.candidates if i in ctx.schema), key=lambda i: i.unit)
    if [i.unit for i in found] != ["count", "percent"]:
        return None
    count, percent = found
    return count, percent


def _scope_only(text: str, ctx: LabelContext) -> Scope | None:
    """The time scope of a heading that says nothing else ("In month" over the months)."""
    parts = resolver_for(ctx.schema).parts(text)
    if parts.concepts or parts.measures or parts.qualifiers or parts.residue or parts.categories:
        return None
    return parts.scope()


def indicator_label(text: str, reading: Reading) -> Label:
    """The label of a text the resolver read as one indicator (with its category, if it names one)."""
    indicator = reading.indicator
    assert indicator is not None
    categories = tuple(c for c in reading.categories if c[0] == indicator.breakdown)
    kind = "mixed" if categories or reading.period is not None else "indicator"
    return Label(kind, text, indicator=indicator, categories=categories, scope=reading.scope,
                 period=reading.period)


def _whole_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer()


def _area(name: str | int | float, ctx: LabelContext) -> Label:
    text = raw_text(name)
    try:
        match = ctx.areas.match(name, context=ctx.council)
    except KeyError:
        match = ctx.areas.match(name)
    if match.area is not None:
        return Label("area", text, area_code=match.area.code)
    if match.not_area:
        return Label("not_area", text, problem=match.reason)
    if match.outcome is MatchOutcome.COMBINED:
        together = match.reason.partition(" is a combined area: ")[2]
        return Label("unknown", text, problem=f"is a combined area: {together}, which cpdesk does not store "
                     "from a table", problem_code="combined-area")
    if match.candidates:
        return Label("unknown", text, problem=_candidates_problem(match), problem_code="ambiguous-area")
    return Label("unknown", text, problem=match.reason, problem_code="unknown-area")


def _candidates_problem(match) -> str:
    """Why an area name fits no one area, naming the candidates unless the reason already does."""
    candidates = match.candidates
    if len(candidates) == 1 or candidates[0].name in match.reason:
        return match.reason
    more = f" and {len(candidates) - 4} more" if len(candidates) > 4 else ""
    return f"{match.reason}: {', '.join(a.name for a in candidates[:4])}{more}"


# The most words an area's name takes at the start of a label (the longest cpdesk knows, "Bath and North
# East Somerset statistical neighbours", is 7, before "Council" or "average"), or a period at its end
# ("year ending 31st March 2024 (full year)"): trying every split of a long text took 17 s on a
# damaged CSV whose content had become one cell.
MAX_PART_WORDS = 12


def _area_then_indicator(text: str, ctx: LabelContext) -> Label | None:
    """"Warwickshire CP rate per 10,000" -> Warwickshire + cpp_rate, when exactly one split fits."""
    words = text.split()
    found: list[Label] = []
    resolver = resolver_for(ctx.schema)
    for cut in range(1, min(len(words), MAX_PART_WORDS + 1)):
        reading = resolver.indicator(" ".join(words[cut:]))
        if not reading.resolved:
            continue
        area = _area(" ".join(words[:cut]), ctx)
        if area.kind == "area":
            found.append(replace(indicator_label(text, reading), kind="mixed", area_code=area.area_code))
    meanings = {(label.area_code, label.indicator, label.categories) for label in found}
    return found[0] if len(meanings) == 1 else None


def _area_then_period(text: str, ctx: LabelContext) -> Label | None:
    """"England 2023/24", "SN average 2023/24": a heading ending in a period, everything before it one
    area (a comparator column beside the council's own)."""
    words = text.replace("(", " ").replace(")", " ").split()
    for cut in range(len(words) - 1, max(0, len(words) - MAX_PART_WORDS - 1), -1):
        period = parse_period(" ".join(words[cut:]))
        if period is None:
            continue
        head = _LINKING_WORDS.sub("", " ".join(words[:cut])).strip()
        if normalise_label(head) in BAND_WORDS:  # "Comparators 2022/23" over SN, region and England
            return Label("period", text, period=period)
        named = _classify(head, ctx) if head else Label("blank")
        if named.kind != "area":
            return None
        return Label("mixed", text, area_code=named.area_code, period=period)
    return None


# Words over a band of columns that only group them: the period beside them is the band's own.
BAND_WORDS = frozenset({"comparator", "comparators", "comparison", "comparisons", "benchmark",
                        "benchmarks", "benchmarking", "latest", "latest year", "latest data", "data",
                        "figures", "outturn", "performance"})


_LINKING_WORDS = re.compile(r"[\s,:;–—-]*\b(?:as at|at|in|for|during|to)?\s*$", re.IGNORECASE)


def _indicator_then_category(text: str, ctx: LabelContext) -> Label | None:
    """"Referral Source : Individual", "New CPP in the Year %: Neglect": an indicator, then one of its
    categories after a colon."""
    head, sep, tail = text.rpartition(":")
    if not sep:
        return None
    reading = resolver_for(ctx.schema).indicator(head.strip())
    categories = tuple((b.id, c.id) for b, c in ctx.schema.find_category(tail.strip()))
    if not reading.resolved or not categories:
        return None
    return replace(indicator_label(text, reading), kind="mixed", categories=categories)


def _side_column(text: str) -> Label | None:
    key = normalise_label(text)
    if key == TARGET or key.startswith(TARGET + " ") or key.endswith(" " + TARGET):
        rest = _TARGET_WORD.sub(" ", text).strip(" :-–—")  # "Target 2019/20", "2023/24 Target"
        return Label("target", text, period=parse_period(rest) if rest else None)
    if key in SIDE_COLUMNS or key.startswith(_SIDE_PREFIXES) or _RANK_WORDS.search(key):
        return Label("side", text)
    return None


def _from_mapping(text: str, ctx: LabelContext) -> Label | None:
    """The user's own answer for this label, from the mapping profile, if there is one."""
    if ctx.mapping is None:
        return None
    target = ctx.mapping.lookup(text)
    if target is None:
        return None
    kind, value = target
    if kind == "ignore":
        return Label("side", text)
    if kind == "indicator" and ctx.schema.get(value) is not None:
        return Label("indicator", text, indicator=ctx.schema.get(value))
    if kind == "area":
        area = ctx.areas.find(value)
        if area is not None:
            return Label("area", text, area_code=area.code)
    if kind == "period":
        period = parse_period(value)
        if period is not None:
            return Label("period", text, period=period)
    return Label("unknown", text, problem=f"is mapped to {kind} '{value}', which cpdesk does not know",
                 problem_code="bad-mapping")


def title_candidates(title: str) -> list[str]:
    """Texts in a table title that may name its indicator, most specific first.

    "Table 2 shows Long Plans: The percentage of ... two years or more." gives the whole title, the
    title without "Table 2 shows", the parts either side of ":" (or of a spaced dash, as in
    "Warwickshire - Children subject to a child protection plan by district") and the first sentence.
    """
    base = title.strip()
    stripped = _TABLE_LEAD.sub("", base).strip()
    found = [base, stripped]
    for text in (base, stripped):
        found.append(text.rstrip(". "))
        head, sep, tail = text.partition(":")
        if sep:
            found += [head.strip(), tail.strip(), tail.strip().rstrip(". "), *_dash_parts(tail)]
        found += _dash_parts(text)
        found.append(text.split(". ")[0].rstrip(". "))
    return list(dict.fromkeys(t for t in found if t))


def _dash_parts(text: str) -> list[str]:
    """"<council> - <what>": what first, then the council. With more parts ("Warwickshire County Council
    - Child Protection - monthly performance 2024/25") each is a candidate too, so a council named in
    front never hides what the title says is counted."""
    parts = [part.strip().rstrip(". ") for part in _SPACED_DASH.split(text.strip())]
    if len(parts) < 2:
        return []
    return [" - ".join(parts[1:]), *parts[1:], parts[0]]


def merge_labels(labels: list[Label]) -> Label:
    """Several header cells over one column (e.g. "CP rate" above "2019/20") read together."""
    merged = Label("blank")
    scope = next((label.scope for label in labels if label.scope is not None), None)
    for label in labels:
        if label.kind in ("blank", "scope"):
            continue
        if merged.kind == "blank":
            merged = label
            continue
        merged = replace(
            merged,
            kind="mixed",
            text=f"{merged.text} {label.text}",
            period=merged.period or label.period,
            period_cell=merged.period_cell if merged.period else label.period_cell,
            area_code=merged.area_code or label.area_code,
            indicator=merged.indicator or label.indicator,
            categories=merged.categories or label.categories,
            total=merged.total or label.total,
            scope=merged.scope or label.scope,
            number_or_percent=merged.number_or_percent or label.number_or_percent,
        )
    if scope is not None and merged.kind != "blank":
        merged = replace(merged, scope=merged.scope or scope)
    return merged
