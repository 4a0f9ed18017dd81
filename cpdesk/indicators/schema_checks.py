"""Self-checks run on every indicator schema as it loads.

A mistake in ``indicators.toml`` or in a council's ``local_indicators.toml`` (a typo in a unit, two
indicators answering to the same title) would otherwise surface much later as figures filed under
the wrong indicator. Each check raises :class:`SchemaError` naming the offending id, so the person
editing the file can find the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from cpdesk.errors import CpdeskError
from cpdesk.indicators.model import PERIOD_KINDS, POLARITIES, UNITS, Breakdown, Indicator, Unit
from cpdesk.indicators.text import normalise_label

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")

# The widest range a value of each unit can take. An indicator's valid range must sit inside it.
UNIT_LIMITS: dict[str, tuple[float, float]] = {
    Unit.COUNT: (0, 1e9),
    Unit.RATE_PER_10K: (0, 10_000),
    Unit.PERCENT: (0, 100),
    Unit.DAYS: (0, 36_600),
    Unit.MONTHS: (0, 1_200),
    Unit.RATIO: (0, 1e6),
}
MAX_DECIMALS = 6


class SchemaError(CpdeskError, ValueError):
    """The indicator schema (core or local) is not valid. The message names the offending id."""


def indicator_labels(indicator: Indicator) -> list[str]:
    """Every label an indicator answers to: its id, title and aliases."""
    return [indicator.id, indicator.title, *indicator.aliases]


def check_ids(ids: Iterable[str], what: str) -> None:
    """Ids are lower-case snake case and unique (``what`` names the kind of thing for the message)."""
    seen: set[str] = set()
    for item_id in ids:
        if not isinstance(item_id, str) or not ID_PATTERN.match(item_id):
            raise SchemaError(f"{what} id {item_id!r} is not valid: use lower case letters, digits and _")
        if item_id in seen:
            raise SchemaError(f"Duplicate {what} id '{item_id}'")
        seen.add(item_id)


def check_indicator(indicator: Indicator, breakdowns: Mapping[str, Breakdown]) -> None:
    """Unit, polarity, period kind, decimals, valid range and breakdown of one indicator."""
    where = f"Indicator '{indicator.id}'"
    if not indicator.title.strip():
        raise SchemaError(f"{where} has no title")
    if indicator.unit not in UNITS:
        raise SchemaError(f"{where} has unknown unit {indicator.unit!r} (expected one of {', '.join(UNITS)})")
    if indicator.polarity not in POLARITIES:
        raise SchemaError(
            f"{where} has unknown polarity {indicator.polarity!r} (expected one of {', '.join(POLARITIES)})"
        )
    if indicator.period_kind not in PERIOD_KINDS:
        raise SchemaError(
            f"{where} has unknown period kind {indicator.period_kind!r} "
            f"(expected one of {', '.join(PERIOD_KINDS)})"
        )
    if not 0 <= indicator.decimals <= MAX_DECIMALS:
        raise SchemaError(f"{where} has decimals {indicator.decimals}: expected 0 to {MAX_DECIMALS}")
    check_valid_range(indicator)
    if indicator.breakdown is not None and indicator.breakdown not in breakdowns:
        raise SchemaError(f"{where} has breakdown '{indicator.breakdown}', which is not a defined dimension")


def check_valid_range(indicator: Indicator) -> None:
    """valid_min < valid_max, and both inside what the unit allows (a percent cannot exceed 100)."""
    where = f"Indicator '{indicator.id}'"
    low, high = indicator.valid_min, indicator.valid_max
    if not low < high:
        raise SchemaError(f"{where} has valid_min {low} not below valid_max {high}")
    unit_low, unit_high = UNIT_LIMITS[indicator.unit]
    if low < unit_low or high > unit_high:
        raise SchemaError(
            f"{where} has valid range {low}..{high} outside what unit '{indicator.unit}' allows "
            f"({unit_low:g}..{unit_high:g})"
        )


def check_rate_sources(indicators: Mapping[str, Indicator]) -> None:
    """``rate_of`` is only set on rates, and names a count indicator."""
    for indicator in indicators.values():
        if indicator.rate_of is None:
            continue
        where = f"Indicator '{indicator.id}'"
        if indicator.unit != Unit.RATE_PER_10K:
            raise SchemaError(f"{where} has rate_of but its unit is '{indicator.unit}', not rate_per_10k")
        source = indicators.get(indicator.rate_of)
        if source is None:
            raise SchemaError(f"{where} has rate_of '{indicator.rate_of}', which is not a defined indicator")
        if source.unit != Unit.COUNT:
            raise SchemaError(
                f"{where} has rate_of '{source.id}', whose unit is '{source.unit}': "
                "a rate is computed from a count"
            )


def check_unambiguous_labels(indicators: Iterable[Indicator]) -> None:
    """No normalised label (id, title or alias) may belong to two indicators."""
    owner: dict[str, tuple[str, str]] = {}
    for indicator in indicators:
        for label in indicator_labels(indicator):
            key = normalise_label(label)
            if not key:
                continue
            previous = owner.setdefault(key, (indicator.id, label))
            if previous[0] != indicator.id:
                raise SchemaError(
                    f"Ambiguous label: '{label}' of indicator '{indicator.id}' reads the same as "
                    f"'{previous[1]}' of indicator '{previous[0]}'"
                )


SHORT_TITLE_LIMIT = 28  # an Excel sheet name holds 31 characters; a suffix such as " (2)" may follow


def check_short_titles(indicators: Iterable[Indicator]) -> None:
    """Short titles name sheets and grid columns: each fits and no two read the same."""
    owner: dict[str, str] = {}
    for indicator in indicators:
        short = indicator.short_title
        if len(short) > SHORT_TITLE_LIMIT:
            raise SchemaError(f"Indicator '{indicator.id}' has a short_title of {len(short)} characters "
                              f"(at most {SHORT_TITLE_LIMIT}): '{short}'")
        previous = owner.setdefault(short.casefold(), indicator.id)
        if previous != indicator.id:
            raise SchemaError(f"Indicators '{previous}' and '{indicator.id}' share the short title '{short}'")


def check_breakdown(breakdown: Breakdown) -> None:
    """Category ids are unique in a dimension, and no label names two of its categories."""
    check_ids((category.id for category in breakdown.categories), f"category (of '{breakdown.id}')")
    owner: dict[str, str] = {}
    for category in breakdown.categories:
        for label in (category.id, category.title, *category.aliases):
            key = normalise_label(label)
            if key and owner.setdefault(key, category.id) != category.id:
                raise SchemaError(
                    f"Ambiguous category label in breakdown '{breakdown.id}': '{label}' names both "
                    f"'{owner[key]}' and '{category.id}'"
                )


def check_schema(indicators: Mapping[str, Indicator], breakdowns: Mapping[str, Breakdown]) -> None:
    """Every check that needs the whole schema. Ids must already be unique (they are dict keys)."""
    for breakdown in breakdowns.values():
        check_breakdown(breakdown)
    for indicator in indicators.values():
        check_indicator(indicator, breakdowns)
    check_rate_sources(indicators)
    check_unambiguous_labels(indicators.values())
    check_short_titles(indicators.values())
