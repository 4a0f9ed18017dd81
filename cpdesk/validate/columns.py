"""A file's figures as NumPy arrays, for the rules that check them column by column.

The rules in ``rules_values``, ``rules_consistency`` and ``rules_history`` look at one ``Observation``
at a time; that is the reference. Their column-wise twins (``columns_*``) ask each distinct indicator,
area, breakdown and period once, decide every figure at once over arrays (the values, and integer codes
standing for each figure's indicator, area, period ...), and build an ``Observation`` only for a figure
an issue must name, whose message they word with the very functions the reference uses.

:class:`FigureColumns` holds those arrays for one file, each worked out the first time a rule asks. A
figure's key (area, indicator, breakdown, period, publisher) is one 64-bit integer: each part's code in
a mixed-radix number, so finding repeats, the previous period's figure or a rate's count is sorting and
searching integers. Periods are coded in a space holding the file's periods and the period before each,
so a previous period's key is a key too, and so is every stored figure's that could matter.
"""

from __future__ import annotations

import logging
import math
from array import array
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from functools import cached_property
from operator import attrgetter
from typing import Any, Generic, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from cpdesk.indicators.model import Area, Indicator, Period
from cpdesk.issues import Issue, Severity
from cpdesk.observation import CellRef, Observation
from cpdesk.validate.rules import ValidationContext, area_of, indicator_table, located_issue
from cpdesk.validate.rules_history import previous_period_key

logger = logging.getLogger(__name__)

Codes = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
T = TypeVar("T")
NOWHERE = -1  # the code of a part that is not in the file (a rate's count indicator the file lacks ...)
# Keys are mixed-radix numbers; past this many combinations they would not fit in 64 bits.
MAX_KEYS = 2 ** 62


class Coded(Generic[T]):
    """One column as codes: ``distinct[codes[i]]`` is figure i's value; ``code`` finds a value's code."""

    __slots__ = ("code", "codes", "distinct")

    def __init__(self, distinct: list[T], codes: Codes, code: Mapping[Any, int]) -> None:
        self.distinct = distinct
        self.codes = codes
        self.code = code

    def __len__(self) -> int:
        return len(self.distinct)

    def each(self, decide: Callable[[T], Any], dtype: type = bool) -> np.ndarray:
        """``decide`` of each distinct value, as an array by code (index it with ``codes``)."""
        return np.fromiter(map(decide, self.distinct), dtype=dtype, count=len(self.distinct))

    def per_figure(self, decide: Callable[[T], Any], dtype: type = bool) -> np.ndarray:
        """``decide`` of each figure's value, asked once per distinct value."""
        return self.each(decide, dtype)[self.codes]


def coded(column: Sequence[Hashable]) -> Coded:
    """The column's distinct values in the order first met, and each figure's code."""
    code = {value: number for number, value in enumerate(dict.fromkeys(column))}
    codes = np.fromiter(map(code.__getitem__, column), dtype=np.int64, count=len(column))
    return Coded(list(code), codes, code)


def coded_by_identity(column: Sequence[T]) -> Coded[T]:
    """``coded`` for values told apart by identity (the few ``Period`` objects a file's figures share:
    hashing a Period hashes its dates)."""
    first = dict(zip(map(id, column), column, strict=True))
    code = {identity: number for number, identity in enumerate(first)}
    codes = np.fromiter(map(code.__getitem__, map(id, column)), dtype=np.int64, count=len(column))
    return Coded(list(first.values()), codes, code)


def distinct(codes: Codes) -> Codes:
    """The distinct codes, ascending."""
    ordered = np.sort(codes)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def found_at(sorted_keys: Codes, wanted: Codes) -> Codes:
    """Where each of ``wanted`` is in ``sorted_keys`` (distinct, ascending), or NOWHERE."""
    if not len(sorted_keys):
        return np.full(len(wanted), NOWHERE, dtype=np.int64)
    at = np.searchsorted(sorted_keys, wanted)
    at[at == len(sorted_keys)] = 0
    return np.where(sorted_keys[at] == wanted, at, NOWHERE)


def first_of_each(keys: Codes, among: Codes) -> tuple[Codes, Codes]:
    """(distinct keys ascending, the first figure of ``among`` (indices, ascending) holding each)."""
    distinct, first = np.unique(keys[among], return_index=True)  # a stable sort: the first is first
    return distinct, among[first]


def _coded_column(name: str) -> cached_property[Coded[str]]:
    """A property: the Figures' column ``name`` coded (``coded``), worked out when first asked."""

    def codes(self: FigureColumns) -> Coded[str]:
        return coded(getattr(self.figures, name))

    codes.__doc__ = f"The figures' {name} column, coded."
    return cached_property(codes)


class FigureTable(Protocol):
    """What the column-wise rules read of a file's figures: Figures, or a list seen as columns."""

    @property
    def area_code(self) -> Sequence[str]: ...

    @property
    def indicator_id(self) -> Sequence[str]: ...

    @property
    def breakdown(self) -> Sequence[str]: ...

    @property
    def period(self) -> Sequence[Period]: ...

    @property
    def publisher(self) -> Sequence[str]: ...

    @property
    def status(self) -> Sequence[str | None]: ...

    @property
    def raw(self) -> Sequence[str]: ...

    @property
    def value(self) -> array[float]: ...

    def __len__(self) -> int: ...

    def observation(self, index: int) -> Observation: ...

    def location(self, index: int) -> CellRef | None: ...


def _observation_column(name: str) -> cached_property[list]:
    """A property: every observation's ``name``, as a list, made when first asked."""

    def column(self: ObservationList) -> list:
        return list(map(attrgetter(name), self.observations))

    column.__doc__ = f"Every observation's {name}."
    return cached_property(column)


class ObservationList:
    """A list of observations read as Figures' columns, each column made the first time a rule asks for
    it; the observations an issue names are the list's own, placed by ``read_at`` (by ``id()``) as the
    reference rules place them. What the pipeline passes while its reader gives a list."""

    def __init__(self, observations: list[Observation], read_at: Mapping[int, CellRef]) -> None:
        self.observations = observations
        self.read_at = read_at

    def __len__(self) -> int:
        return len(self.observations)

    @cached_property
    def value(self) -> array[float]:
        return array("d", [math.nan if v is None else v for v in map(attrgetter("value"), self.observations)])

    def holds_nan(self) -> bool:
        """Whether an observation's value is NaN (not None): as columns NaN stands for "no value", so such
        a list is checked figure by figure, where NaN is a value as any other."""
        nan = int(np.isnan(np.array(self.value)).sum())
        return nan != list(map(attrgetter("value"), self.observations)).count(None)

    area_code = _observation_column("area_code")
    indicator_id = _observation_column("indicator_id")
    breakdown = _observation_column("breakdown")
    period = _observation_column("period")
    publisher = _observation_column("publisher")
    status = _observation_column("status")
    raw = _observation_column("raw")

    def observation(self, index: int) -> Observation:
        return self.observations[index]

    def location(self, index: int) -> CellRef | None:
        obs = self.observations[index]
        return self.read_at.get(id(obs), obs.source) if self.read_at else obs.source


class KeySpaceTooLarge(Exception):
    """The file's keys take more combinations than 64-bit codes can tell apart."""


class FigureColumns:
    """One file's figures as arrays, for the column-wise rules (see the module's docstring)."""

    def __init__(self, figures: FigureTable, context: ValidationContext) -> None:
        self.figures = figures
        self.context = context
        self.size = len(figures)
        if self.key_combinations() >= MAX_KEYS:
            raise KeySpaceTooLarge(f"{self.key_combinations():,} combinations of key parts")

    # -- the columns ------------------------------------------------------------------------------

    @cached_property
    def value(self) -> Floats:
        return np.array(self.figures.value, dtype=np.float64)  # a copy: the array('d') stays growable

    @cached_property
    def has_value(self) -> Mask:
        return ~np.isnan(self.value)

    indicator = _coded_column("indicator_id")
    area = _coded_column("area_code")
    breakdown = _coded_column("breakdown")
    publisher = _coded_column("publisher")

    @cached_property
    def period(self) -> Coded[Period]:
        return coded_by_identity(self.figures.period)

    @cached_property
    def indicators(self) -> list[Indicator | None]:
        """The schema's indicator of each distinct indicator id (None for one it does not know)."""
        table = indicator_table(self.context)
        return [table[indicator_id] for indicator_id in self.indicator.distinct]

    @cached_property
    def areas(self) -> list[Area | None]:
        return [area_of(self.context, code) for code in self.area.distinct]

    def per_indicator(self, decide: Callable[[Indicator | None], Any], dtype: type = bool) -> np.ndarray:
        """``decide`` of each figure's indicator (None where unknown), asked once per indicator."""
        return np.fromiter(map(decide, self.indicators), dtype=dtype, count=len(self.indicators))[
            self.indicator.codes]

    def per_period(self, decide: Callable[[Period], Any], dtype: type = bool) -> np.ndarray:
        return self.period.per_figure(decide, dtype)

    def per_area(self, decide: Callable[[Area | None], Any], dtype: type = bool) -> np.ndarray:
        return np.fromiter(map(decide, self.areas), dtype=dtype, count=len(self.areas))[self.area.codes]

    # -- keys -------------------------------------------------------------------------------------

    @cached_property
    def period_keys(self) -> Coded[tuple]:
        """Every ``Period.key`` of the file, then those of the periods before them (not already there)."""
        keys: dict[tuple, None] = dict.fromkeys(p.key for p in self.period.distinct)
        keys.update(dict.fromkeys(k for k in map(previous_period_key, self.period.distinct) if k is not None))
        code = {key: number for number, key in enumerate(keys)}
        by_period = np.fromiter((code[p.key] for p in self.period.distinct), dtype=np.int64,
                                count=len(self.period))
        return Coded(list(code), by_period[self.period.codes], code)

    @cached_property
    def previous_period_key(self) -> Codes:
        """By period-key code: the code of the period before, or NOWHERE (a kind with no period before)."""
        previous = {p.key: previous_period_key(p) for p in self.period.distinct}
        code = self.period_keys.code
        return np.fromiter((NOWHERE if (k := previous.get(key)) is None else code[k]
                            for key in self.period_keys.distinct), dtype=np.int64,
                           count=len(self.period_keys))

    def key_combinations(self) -> int:
        return math.prod(len(part) for part in self.key_parts())

    def key_parts(self) -> tuple[Coded, ...]:
        return (self.area, self.indicator, self.breakdown, self.period_keys, self.publisher)

    def key_of(self, area: Codes, indicator: Codes, breakdown: Codes, period_key: Codes,
               publisher: Codes) -> Codes:
        """The key codes of figures with these parts' codes (a part NOWHERE: a key no figure has)."""
        key = np.zeros(len(area), dtype=np.int64)
        nowhere = np.zeros(len(area), dtype=bool)
        for part, radix in zip((area, indicator, breakdown, period_key, publisher), self.key_parts(),
                               strict=True):
            key = key * len(radix) + part
            nowhere |= part == NOWHERE
        key[nowhere] = NOWHERE
        return key

    def key_tuples(self, keys: Codes) -> Iterable[tuple]:
        """The ``Observation.key`` tuple of each of ``keys`` (codes), each part looked up as a column."""
        parts: list[Codes] = []
        for radix in reversed(self.key_parts()):
            keys, part = np.divmod(keys, len(radix))
            parts.append(part)
        publisher, period_key, breakdown, indicator, area = parts
        kinds, starts, ends = (np.array([key[n] for key in self.period_keys.distinct], dtype=object)
                               for n in range(3))
        columns = [np.array(radix.distinct, dtype=object)[codes].tolist() for radix, codes in
                   ((self.area, area), (self.indicator, indicator), (self.breakdown, breakdown))]
        periods = [column[period_key].tolist() for column in (kinds, starts, ends)]
        publishers = np.array(self.publisher.distinct, dtype=object)[publisher].tolist()
        return zip(*columns, *periods, publishers, strict=True)

    @cached_property
    def key(self) -> Codes:
        """Each figure's key (``Observation.key``) as one integer."""
        return self.key_of(self.area.codes, self.indicator.codes, self.breakdown.codes,
                           self.period_keys.codes, self.publisher.codes)

    def key_code(self, key: tuple) -> int:
        """The code of an ``Observation.key`` (area, indicator, breakdown, kind, start, end, publisher), or
        NOWHERE if one of its parts is none of the file's (nor a period before one of the file's)."""
        area, indicator, breakdown, kind, start, end, publisher = key
        parts = (self.area.code.get(area), self.indicator.code.get(indicator),
                 self.breakdown.code.get(breakdown), self.period_keys.code.get((kind, start, end)),
                 self.publisher.code.get(publisher))
        if None in parts:
            return NOWHERE
        code = 0
        for part, radix in zip(parts, self.key_parts(), strict=True):
            code = code * len(radix) + part  # type: ignore[operator]  # None is ruled out above
        return code

    def slot_codes(self) -> tuple[Codes, ...]:
        """The codes of each figure's key parts (``rules_consistency._slot``): area, indicator, breakdown,
        period key, publisher."""
        return (self.area.codes, self.indicator.codes, self.breakdown.codes, self.period_keys.codes,
                self.publisher.codes)

    def first_figure_of(self, area: int, indicator: int, breakdown: int, period_key: int,
                        publisher: int) -> int:
        """The first figure with a value of the key with these parts' codes, or NOWHERE."""
        wanted = self.key_of(*(np.array([part], dtype=np.int64)
                               for part in (area, indicator, breakdown, period_key, publisher)))
        return int(self.figure_with_value(wanted)[0])

    @cached_property
    def first_with_value(self) -> tuple[Codes, Codes]:
        """(keys ascending, the first figure with a value holding each): ``figures_by_key``."""
        return first_of_each(self.key, np.flatnonzero(self.has_value))

    def figure_with_value(self, keys: Codes) -> Codes:
        """The first figure with a value of each of ``keys``, or NOWHERE."""
        distinct, first = self.first_with_value
        at = found_at(distinct, keys)
        return np.where(at == NOWHERE, NOWHERE, first[np.maximum(at, 0)] if len(first) else NOWHERE)

    @cached_property
    def repeats(self) -> list[tuple[int, int]]:
        """(first, later) for every figure whose key an earlier figure of the file has: ``_repeat_pairs``."""
        if not self.size:
            return []
        _, first, inverse = np.unique(self.key, return_index=True, return_inverse=True)
        first_of_key = first[inverse.reshape(-1)]
        later = np.flatnonzero(first_of_key != np.arange(self.size))
        return list(zip(first_of_key[later].tolist(), later.tolist(), strict=True))

    def stored_by_code(self, keep: Callable[[Any], bool] = bool) -> tuple[Codes, list[Any]]:
        """The stored figures (``context.stored``) that ``keep`` keeps and whose key could be one of the
        file's or a previous period's: (their key codes ascending, the stored figures in that order)."""
        found = [(code, stored) for key, stored in self.context.stored.items()
                 if keep(stored) and (code := self.key_code(key)) != NOWHERE]
        found.sort(key=lambda pair: pair[0])
        codes = np.fromiter((code for code, _ in found), dtype=np.int64, count=len(found))
        return codes, [stored for _, stored in found]

    # -- naming figures -----------------------------------------------------------------------------

    def observation(self, index: int) -> Observation:
        return self.figures.observation(index)

    def issue(self, code: str, severity: Severity, index: int, text: str,
              observation: Observation | None = None) -> Issue:
        """The issue about figure ``index``, worded as ``cell_issue`` words it."""
        obs = observation if observation is not None else self.observation(index)
        return located_issue(code, severity, obs, self.figures.location(index), self.context, text)

    def issues(self, code: str, severity: Severity, indices: Iterable[int],
               text: Callable[[int], str | None]) -> Iterable[Issue]:
        """An issue for each of ``indices`` whose ``text`` is not None, in order."""
        for index in map(int, indices):
            words = text(index)
            if words is not None:
                yield self.issue(code, severity, index, words)

    @staticmethod
    def rows(chosen: Codes, *columns: np.ndarray) -> Iterable[tuple]:
        """(index, then each column's entry) for each figure of ``chosen``, as Python values."""
        return zip(chosen.tolist(), *(column[chosen].tolist() for column in columns), strict=True)

    def value_at(self, index: int) -> float | None:
        value = self.figures.value[index]
        return None if value != value else value
