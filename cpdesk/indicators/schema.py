"""The indicator schema: which indicators and breakdowns exist, and how councils write their titles.

The core set lives in ``resources/indicators.toml``; a council may add its own indicators (and
dimensions) in a local file of the same shape, which are marked ``local=True``. Loading checks the
whole schema (see :mod:`cpdesk.indicators.schema_checks`) so that a bad edit fails at once with a
message naming the offending id, rather than later as a figure filed under the wrong indicator.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from cpdesk import paths
from cpdesk.indicators.model import Breakdown, Category, Indicator, PeriodKind, Unit
from cpdesk.indicators.schema_checks import SchemaError, check_ids, check_schema, indicator_labels
from cpdesk.indicators.text import normalise_label

__all__ = ["Schema", "SchemaError", "load_schema", "read_schema_file"]

logger = logging.getLogger(__name__)
_Kind = TypeVar("_Kind", bound=StrEnum)

SCHEMA_FILE = "indicators.toml"

_INDICATOR_KEYS = frozenset(
    {
        "id",
        "title",
        "short_title",
        "unit",
        "polarity",
        "decimals",
        "valid_min",
        "valid_max",
        "period_kind",
        "breakdown",
        "theme",
        "definition",
        "source",
        "aliases",
        "dfe_columns",
        "rate_of",
        "concepts",
        "qualifiers",
    }
)
_REQUIRED_INDICATOR_KEYS = ("id", "title", "unit", "polarity", "period_kind")
_BREAKDOWN_KEYS = frozenset({"id", "title", "category"})
_CATEGORY_KEYS = frozenset({"id", "title", "aliases"})
# Defaults for a local indicator that leaves out decimals or its valid range: (decimals, min, max).
_UNIT_DEFAULTS: dict[Unit, tuple[int, float, float]] = {
    Unit.COUNT: (0, 0, 10_000_000),
    Unit.RATE_PER_10K: (1, 0, 10_000),
    Unit.PERCENT: (1, 0, 100),
    Unit.DAYS: (0, 0, 3_650),
    Unit.MONTHS: (1, 0, 240),
    Unit.RATIO: (1, 0, 1_000),
}


class Schema:
    """Indicators and breakdown dimensions, with lookups by id, title, category and DfE column."""

    def __init__(self, indicators: Iterable[Indicator], breakdowns: Iterable[Breakdown]) -> None:
        indicator_list = list(indicators)
        breakdown_list = list(breakdowns)
        check_ids((b.id for b in breakdown_list), "breakdown")
        check_ids((i.id for i in indicator_list), "indicator")
        self.indicators: dict[str, Indicator] = {i.id: i for i in indicator_list}
        self.breakdowns: dict[str, Breakdown] = {b.id: b for b in breakdown_list}
        check_schema(self.indicators, self.breakdowns)
        self._by_label: dict[str, Indicator] = {
            normalise_label(label): indicator
            for indicator in indicator_list
            for label in indicator_labels(indicator)
        }

    def get(self, indicator_id: str, default: Indicator | None = None) -> Indicator | None:
        return self.indicators.get(indicator_id, default)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.indicators[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self.indicators

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators.values())

    def __len__(self) -> int:
        return len(self.indicators)

    def match_phrase(self, text: str) -> Indicator | None:
        """The indicator whose id, title or one of its idioms reads exactly as ``text`` once normalised.

        Only whole phrases: what a label means word by word is the resolver's question
        (:func:`cpdesk.recognise.resolver.resolver_for`). The load checks forbid two indicators
        sharing a phrase, so there is at most one.
        """
        return self._by_label.get(normalise_label(text))

    def match_category(self, breakdown_id: str, text: str) -> Category | None:
        """The category of dimension ``breakdown_id`` that ``text`` names (by id, title or alias)."""
        key = normalise_label(text)
        if not key:
            return None
        for category in self.breakdowns[breakdown_id].categories:
            labels = (category.id, category.title, *category.aliases)
            if any(normalise_label(label) == key for label in labels):
                return category
        return None

    def find_category(self, text: str) -> list[tuple[Breakdown, Category]]:
        """Every dimension that has a category named ``text`` ("Neglect" -> category of abuse)."""
        found = []
        for breakdown in self.breakdowns.values():
            category = self.match_category(breakdown.id, text)
            if category is not None:
                found.append((breakdown, category))
        return found

    def by_dfe_column(self, column: str) -> list[Indicator]:
        """Indicators published in a DfE file column of this name (case is ignored).

        One column name can serve two indicators: ``2_years_or_more_percent`` is plans ending after
        two years in table D7 and plans open for two years in table D5.
        """
        wanted = column.strip().casefold()
        return [i for i in self if any(c.casefold() == wanted for c in i.dfe_columns)]

    def themes(self) -> dict[str, list[Indicator]]:
        """Indicators grouped by theme, in the order the schema lists them."""
        grouped: dict[str, list[Indicator]] = {}
        for indicator in self:
            grouped.setdefault(indicator.theme, []).append(indicator)
        return grouped


def load_schema(local_path: Path | None = None) -> Schema:
    """The packaged core schema, plus the council's local indicators from ``local_path`` if it exists.

    Pass :func:`cpdesk.paths.local_indicators_path` to include the council's own file; a missing
    local file simply means the council has no local indicators. A local id that is also a core id
    is an error: core ids mean the same thing in every council.
    """
    core_indicators, core_breakdowns = read_schema_file(paths.resources_dir() / SCHEMA_FILE, local=False)
    if local_path is None or not Path(local_path).is_file():
        if local_path is not None:
            logger.debug("No local indicators file at %s", local_path)
        return Schema(core_indicators, core_breakdowns)
    local_indicators, local_breakdowns = read_schema_file(Path(local_path), local=True)
    _check_no_clash([i.id for i in core_indicators], [i.id for i in local_indicators], "indicator")
    _check_no_clash([b.id for b in core_breakdowns], [b.id for b in local_breakdowns], "breakdown")
    return Schema(core_indicators + local_indicators, core_breakdowns + local_breakdowns)


def read_schema_file(path: Path, *, local: bool) -> tuple[list[Indicator], list[Breakdown]]:
    """Indicators and breakdowns of one TOML file, in file order (not yet checked as a whole)."""
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise SchemaError(f"{path.name} is not valid TOML: {error}") from error
    _reject_unknown_keys(raw, frozenset({"indicator", "breakdown"}), f"file {path.name}")
    breakdowns = [_breakdown_from(item) for item in _list_of_tables(raw, "breakdown", path)]
    indicators = [_indicator_from(item, local) for item in _list_of_tables(raw, "indicator", path)]
    return indicators, breakdowns


def _check_no_clash(core_ids: list[str], local_ids: list[str], what: str) -> None:
    clashes = sorted(set(core_ids) & set(local_ids))
    if clashes:
        raise SchemaError(
            f"Local {what} id '{clashes[0]}' clashes with a core {what}: choose another id for the local one"
        )


def _list_of_tables(raw: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise SchemaError(f"{path.name}: '{key}' must be written as [[{key}]] tables")
    return items


def _reject_unknown_keys(table: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise SchemaError(f"{where} has unknown key(s): {', '.join(unknown)}")


def _indicator_from(table: dict[str, Any], local: bool) -> Indicator:
    where = f"Indicator '{table.get('id', '?')}'"
    _reject_unknown_keys(table, _INDICATOR_KEYS, where)
    missing = [key for key in _REQUIRED_INDICATOR_KEYS if key not in table]
    if missing:
        raise SchemaError(f"{where} is missing {', '.join(missing)}")
    unit = _unit(table["unit"], where)
    decimals, low, high = _UNIT_DEFAULTS[unit]
    try:
        return Indicator(
            id=str(table["id"]),
            title=str(table["title"]),
            short_title=str(table.get("short_title") or _short_from(str(table["title"]))),
            unit=unit,
            polarity=str(table["polarity"]),
            decimals=_whole_number(table.get("decimals", decimals)),
            valid_min=float(table.get("valid_min", low)),
            valid_max=float(table.get("valid_max", high)),
            period_kind=_period_kind(table["period_kind"], where),
            breakdown=_optional_text(table.get("breakdown")),
            theme=str(table.get("theme", "")),
            definition=str(table.get("definition", "")),
            source=str(table.get("source", "")),
            aliases=_texts(table.get("aliases", [])),
            dfe_columns=_texts(table.get("dfe_columns", [])),
            rate_of=_optional_text(table.get("rate_of")),
            local=local,
            concepts=_texts(table.get("concepts", [])),
            qualifiers=_texts(table.get("qualifiers", [])),
        )
    except (TypeError, ValueError) as error:
        raise SchemaError(f"{where}: {error}") from error


SHORT_TITLE_LENGTH = 28


def _short_from(title: str) -> str:
    """A short title for an indicator that declares none (a council's own): its title, cut at a word."""
    if len(title) <= SHORT_TITLE_LENGTH:
        return title
    cut = title[:SHORT_TITLE_LENGTH + 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-(") or title[:SHORT_TITLE_LENGTH]


def _unit(value: Any, where: str) -> Unit:
    return _member(Unit, value, f"{where} has unknown unit")


def _period_kind(value: Any, where: str) -> PeriodKind:
    return _member(PeriodKind, value, f"{where} has unknown period kind")


def _member(kind: type[_Kind], value: Any, unknown: str) -> _Kind:
    """``value`` as a member of the StrEnum ``kind``, or a SchemaError naming the choices."""
    try:
        return kind(str(value))
    except ValueError:
        raise SchemaError(f"{unknown} {str(value)!r} (expected one of {', '.join(kind)})") from None


def _breakdown_from(table: dict[str, Any]) -> Breakdown:
    if "id" not in table:
        raise SchemaError("A breakdown has no id")
    breakdown_id = str(table["id"])
    where = f"Breakdown '{breakdown_id}'"
    _reject_unknown_keys(table, _BREAKDOWN_KEYS, where)
    categories = tuple(_category_from(item, where) for item in table.get("category", []))
    return Breakdown(id=breakdown_id, title=str(table.get("title", breakdown_id)), categories=categories)


def _category_from(item: dict[str, Any], where: str) -> Category:
    _reject_unknown_keys(item, _CATEGORY_KEYS, f"{where}, category '{item.get('id', '?')}'")
    try:
        return Category(
            id=str(item["id"]),
            title=str(item.get("title", item["id"])),
            aliases=_texts(item.get("aliases", [])),
        )
    except (KeyError, TypeError) as error:
        raise SchemaError(f"{where} has a category without an id or with bad aliases") from error


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("aliases and dfe_columns must be lists of text")
    return tuple(value)


def _optional_text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _whole_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"decimals must be a whole number, not {value!r}")
    return value
