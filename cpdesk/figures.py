"""Figures held column by column: what a large import carries instead of one object per figure.

A national file or a data-warehouse export holds hundreds of thousands of figures that share a handful
of indicators, areas, periods and sheets. :class:`Figures` keeps each field in a column of its own: a
list of references to those few shared strings and ``Period`` objects, and the values in one
``array('d')``, and the cells they were read from as numbers (:class:`CellNames`). A million figures
take about 100 MB this way against about 320 MB as ``Observation`` objects with their keys and
``CellRef``s.

It is also a ``Sequence[Observation]``: indexing or iterating builds the ``Observation`` of a figure
when asked (and does not keep it), so code that wants objects still gets them, while the readers'
column-wise paths, the vectorised rules and the store's bulk insert read the columns and build an
object only for a figure they must name. ``append`` and ``extend`` take ``Observation`` objects, so a
reader that works figure by figure can fill the same container.

A value of NaN in ``value`` stands for "no value" (a status such as suppressed, or a blank): cpdesk
never stores NaN as a figure.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, overload

from cpdesk.indicators.model import Period
from cpdesk.observation import CellRef, Observation

if TYPE_CHECKING:  # NumPy is loaded when figures are first ordered by key, not with the first window
    import numpy as np

NO_VALUE = math.nan
# A cell's name as Excel writes it, which CellNames holds as numbers: its name is exactly letters + row.
_PLAIN_CELL = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})").fullmatch
_NO_NAME, _AS_WRITTEN = 0, -1  # CellNames' rows for "" and for a name kept as written


class _ComparedAsAList:
    """Equal to any sequence holding equal items in the same order, and unhashable, as a list is."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(  # type: ignore[arg-type]
            a == b for a, b in zip(self, other, strict=True))  # type: ignore[call-overload]

    __hash__ = None  # type: ignore[assignment]


class CellNames(_ComparedAsAList, Sequence[str]):
    """A column of cell names ("F12") held as numbers: each figure's row in an ``array('i')`` and its
    column's letters as a code into a short table, where a million names as strings take 56 MB.

    A name not written as Excel writes one (lowercase, a range, anything else a file's ``source_cell``
    holds) is kept as written, by index; "" stands for no cell. Each name reads back exactly as given.
    """

    __slots__ = ("_code", "_columns", "_letters", "_rows", "_written")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._rows = array("i")
        self._columns = array("H")
        self._letters: list[str] = []
        self._code: dict[str, int] = {}
        self._written: dict[int, str] = {}
        self.extend(names)

    @classmethod
    def in_column(cls, letters: str, rows: Iterable[int]) -> CellNames:
        """The cells of column ``letters`` (as Excel names it) in ``rows`` (1-based)."""
        if not _PLAIN_CELL(f"{letters}1"):
            raise ValueError(f"'{letters}' does not name a column")
        names = cls()
        names._rows.extend(rows)
        if min(names._rows, default=1) < 1:
            raise ValueError("a row number below 1")
        names._columns = array("H", [names._code_of(letters)]) * len(names._rows)
        return names

    def _code_of(self, letters: str) -> int:
        code = self._code.get(letters)
        if code is None:
            code = self._code[letters] = len(self._letters)
            self._letters.append(letters)
        return code

    def append(self, name: str) -> None:
        plain = _PLAIN_CELL(name) if type(name) is str else None
        if plain is None:
            if name != "":
                self._written[len(self._rows)] = name
            self._rows.append(_NO_NAME if name == "" else _AS_WRITTEN)
            self._columns.append(0)
            return
        letters, row = plain.groups()
        self._rows.append(int(row))
        self._columns.append(self._code_of(letters))

    def extend(self, names: Iterable[str]) -> None:
        if not isinstance(names, CellNames):
            for name in names:
                self.append(name)
            return
        offset = len(self._rows)
        recode = [self._code_of(letters) for letters in names._letters]
        self._rows.extend(names._rows)
        self._columns.extend([recode[code] for code in names._columns] if recode != list(range(len(recode)))
                             else names._columns)
        self._written.update({offset + index: name for index, name in names._written.items()})

    def take(self, indices: Sequence[int]) -> CellNames:
        """The names at ``indices``, in that order."""
        taken = CellNames()
        taken._letters, taken._code = list(self._letters), dict(self._code)
        taken._rows.extend([self._rows[i] for i in indices])
        taken._columns.extend([self._columns[i] for i in indices])
        written = self._written
        if written:
            taken._written = {new: written[old] for new, old in enumerate(indices) if old in written}
        return taken

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        if index < 0:
            index += len(self._rows)
        row = self._rows[index]
        if row > 0:
            return f"{self._letters[self._columns[index]]}{row}"
        return "" if row == _NO_NAME else self._written[index]

    def __iter__(self) -> Iterator[str]:
        letters, written = self._letters, self._written
        for index, (row, column) in enumerate(zip(self._rows, self._columns, strict=True)):
            if row > 0:
                yield f"{letters[column]}{row}"
            else:
                yield "" if row == _NO_NAME else written[index]

    def __repr__(self) -> str:
        return f"CellNames({len(self)} names)"

COLUMNS = ("area_code", "indicator_id", "breakdown", "period", "publisher", "value", "status", "raw",
           "source_file", "source_sheet", "source_cell")


class Figures(_ComparedAsAList, Sequence[Observation]):
    """Figures column by column; see the module's docstring."""

    __slots__ = ("area_code", "breakdown", "indicator_id", "period", "publisher", "raw", "read_at",
                 "source_cell", "source_file", "source_sheet", "status", "value")

    def __init__(self, observations: Iterable[Observation] = ()) -> None:
        self.area_code: list[str] = []
        self.indicator_id: list[str] = []
        self.breakdown: list[str] = []
        self.period: list[Period] = []
        self.publisher: list[str] = []
        self.value: array[float] = array("d")
        self.status: list[str | None] = []
        self.raw: list[str] = []
        # The cell a figure came from; a None file: no source (a figure typed in, or worked out).
        self.source_file: list[str | None] = []
        self.source_sheet: list[str] = []
        self.source_cell = CellNames()
        # Where this file holds a figure, by index, for the figures whose source names another file
        # (cpdesk's own format carries each figure's original cell).
        self.read_at: dict[int, CellRef] = {}
        self.extend(observations)

    @classmethod
    def of(cls, observations: Iterable[Observation]) -> Figures:
        """``observations`` as Figures: the same object if it is one already."""
        return observations if isinstance(observations, Figures) else cls(observations)

    # -- filling ----------------------------------------------------------------------------------

    def append(self, observation: Observation) -> None:
        o = observation
        self.area_code.append(o.area_code)
        self.indicator_id.append(o.indicator_id)
        self.breakdown.append(o.breakdown)
        self.period.append(o.period)
        self.publisher.append(o.publisher)
        self.value.append(NO_VALUE if o.value is None else o.value)
        self.status.append(o.status)
        self.raw.append(o.raw)
        source = o.source
        self.source_file.append(None if source is None else source.file)
        self.source_sheet.append("" if source is None else source.sheet)
        self.source_cell.append("" if source is None else source.cell)

    def add_fields(self, area_code: str, indicator_id: str, breakdown: str, period: Period, publisher: str,
                   value: float | None, status: str | None, raw: str, source_file: str | None,
                   source_sheet: str, source_cell: str) -> None:
        """One figure given by its fields, after these, with no Observation built for it: what a
        column-wise reader writes for a figure it works out on its own (``source_file`` None: no cell)."""
        self.area_code.append(area_code)
        self.indicator_id.append(indicator_id)
        self.breakdown.append(breakdown)
        self.period.append(period)
        self.publisher.append(publisher)
        self.value.append(NO_VALUE if value is None else value)
        self.status.append(status)
        self.raw.append(raw)
        self.source_file.append(source_file)
        self.source_sheet.append(source_sheet)
        self.source_cell.append(source_cell)

    def extend(self, observations: Iterable[Observation]) -> None:
        if isinstance(observations, Figures):
            self.extend_figures(observations)
            return
        for observation in observations:
            self.append(observation)

    def extend_figures(self, other: Figures) -> None:
        """Every figure of ``other``, after these (its ``read_at`` moved along)."""
        offset = len(self)
        for name in COLUMNS:
            getattr(self, name).extend(getattr(other, name))
        self.read_at.update({offset + index: where for index, where in other.read_at.items()})

    def take_over(self, other: Figures) -> None:
        """Move every figure of ``other`` after these, leaving ``other`` empty: where these are none
        yet, ``other``'s columns become these without a copy (a large sheet's figures are not held
        twice while they move into a file's result)."""
        if len(self) or self.read_at:
            self.extend_figures(other)
        else:
            for name in (*COLUMNS, "read_at"):
                setattr(self, name, getattr(other, name))
        Figures.__init__(other)

    def add_column_wise(self, *, area_code: Sequence[str], indicator_id: Sequence[str],
                        breakdown: Sequence[str], period: Sequence[Period], publisher: Sequence[str],
                        value: Iterable[float], status: Sequence[str | None], raw: Sequence[str],
                        source_file: Sequence[str | None], source_sheet: Sequence[str],
                        source_cell: Sequence[str]) -> None:
        """Figures given as columns of equal length (``value``: NaN where there is none)."""
        columns = dict(area_code=area_code, indicator_id=indicator_id, breakdown=breakdown, period=period,
                       publisher=publisher, status=status, raw=raw, source_file=source_file,
                       source_sheet=source_sheet, source_cell=source_cell)
        lengths = {len(column) for column in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")
        before = len(self.value)
        self.value.extend(value)
        if len(self.value) - before != (lengths.pop() if lengths else 0):
            del self.value[before:]
            raise ValueError("the values are not as many as the other columns")
        for name, column in columns.items():
            getattr(self, name).extend(column)

    # -- reading ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.area_code)

    @overload
    def __getitem__(self, index: int) -> Observation: ...

    @overload
    def __getitem__(self, index: slice) -> Figures: ...

    def __getitem__(self, index: int | slice) -> Observation | Figures:
        if isinstance(index, slice):
            return self.take(range(len(self))[index])
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("figure index out of range")
        return self.observation(index)

    def __iter__(self) -> Iterator[Observation]:
        for index in range(len(self)):
            yield self.observation(index)

    def __repr__(self) -> str:
        return f"Figures({len(self)} figures)"

    def observation(self, index: int) -> Observation:
        """The ``Observation`` of figure ``index`` (built now, not kept)."""
        value = self.value[index]
        return Observation(
            area_code=self.area_code[index], indicator_id=self.indicator_id[index],
            period=self.period[index], value=None if value != value else value,
            status=self.status[index], raw=self.raw[index], breakdown=self.breakdown[index],
            source=self.source(index), publisher=self.publisher[index],
        )

    def source(self, index: int) -> CellRef | None:
        """The cell figure ``index`` came from, as its ``Observation`` names it."""
        file = self.source_file[index]
        if file is None:
            return None
        return CellRef(file, self.source_sheet[index], self.source_cell[index])

    def location(self, index: int) -> CellRef | None:
        """The cell this file holds figure ``index`` in."""
        return self.read_at.get(index) or self.source(index)

    def cells(self) -> Iterator[tuple[str, str] | None]:
        """(sheet, cell) of each figure's ``location``, in order, with no CellRef built; None for a figure
        with no cell."""
        read_at = self.read_at
        for index, (file, sheet, cell) in enumerate(zip(self.source_file, self.source_sheet, self.source_cell,
                                                         strict=True)):
            where = read_at.get(index)
            if where is not None:
                yield where.sheet, where.cell
            else:
                yield None if file is None else (sheet, cell)

    def key(self, index: int) -> tuple:
        """Figure ``index``'s ``Observation.key``, without building the observation."""
        return (self.area_code[index], self.indicator_id[index], self.breakdown[index],
                *self.period[index].key, self.publisher[index])

    def keys(self) -> list[tuple]:
        """Every figure's key, in order."""
        return [(area, indicator, breakdown, *period.key, publisher)
                for area, indicator, breakdown, period, publisher
                in zip(self.area_code, self.indicator_id, self.breakdown, self.period, self.publisher,
                       strict=True)]

    def take(self, indices: Iterable[int]) -> Figures:
        """The figures at ``indices``, in that order, as new Figures."""
        chosen = list(indices)
        taken = Figures()
        for name in COLUMNS:
            column = getattr(self, name)
            getattr(taken, name).extend(column.take(chosen) if isinstance(column, CellNames)
                                        else [column[i] for i in chosen])
        if self.read_at:
            new_index = {old: new for new, old in enumerate(chosen)}
            taken.read_at = {new_index[old]: where for old, where in self.read_at.items() if old in new_index}
        return taken


# Figures by key ------------------------------------------------------------------------------------------

class KeyOrder(NamedTuple):
    """Figures' indices ordered by key (see :func:`key_order`), and which of them is the first of its key."""

    order: np.ndarray  # int64 indices into the figures, by key; equal keys in the order given
    first: np.ndarray  # bool, along ``order``: the first figure holding its key

    @property
    def repeats(self) -> bool:
        """Whether any key is held by more than one figure."""
        return not bool(self.first.all())

    def firsts(self) -> list[int]:
        """The index of the first figure of each key, in the order given."""
        return sorted(self.order[self.first].tolist())


def key_order(figures: Figures) -> KeyOrder | None:
    """The figures ordered by ``Observation.key``'s parts (area, indicator, breakdown, period, publisher),
    text by code point as SQLite's BINARY order has it, worked out over the columns with one 64-bit code
    per figure rather than a tuple; None where the parts' combinations overflow that code."""
    import numpy as np

    size = len(figures)
    code = np.zeros(size, dtype=np.int64)
    combinations = 1
    columns: tuple[Sequence, ...] = (figures.area_code, figures.indicator_id, figures.breakdown,
                                     figures.period, figures.publisher)
    for column in columns:  # one part's ranks held at a time
        ranks, distinct = _period_ranks(column) if column is figures.period else _ranks(column)
        combinations *= max(distinct, 1)
        if combinations >= 2**62:
            return None
        code *= distinct
        code += ranks
        del ranks
    order = np.argsort(code, kind="stable")
    by_key = code[order]
    del code
    first = np.ones(size, dtype=bool)
    first[1:] = by_key[1:] != by_key[:-1]
    return KeyOrder(order, first)


def _ranks(column: Sequence) -> tuple[np.ndarray, int]:
    """Each value's place among the column's distinct values in ascending order, and how many there are."""
    rank = {value: place for place, value in enumerate(sorted(set(column)))}
    return _coded(column, rank, len(column)), len(rank)


def _period_ranks(periods: Sequence[Period]) -> tuple[np.ndarray, int]:
    """``_ranks`` of the periods' keys, each distinct Period object's key worked out once."""
    key_of = {id(period): period.key for period in periods}
    rank = {key: place for place, key in enumerate(sorted(set(key_of.values())))}
    rank_of = {identity: rank[key] for identity, key in key_of.items()}
    return _coded(map(id, periods), rank_of, len(periods)), len(rank)


def _coded(values: Iterable, code: dict, count: int) -> np.ndarray:
    import numpy as np

    return np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=count)
