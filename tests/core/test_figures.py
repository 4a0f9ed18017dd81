"""Figures column by column behave as the list of Observations they hold."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from cpdesk.figures import CellNames, Figures, key_order
from cpdesk.indicators.model import Period, PeriodKind
from cpdesk.observation import CellRef, Observation

YEAR = Period(PeriodKind.YEAR, dt.date(2023, 4, 1), dt.date(2024, 3, 31), "2023/24")
MARCH = Period(PeriodKind.SNAPSHOT, dt.date(2024, 3, 31), dt.date(2024, 3, 31), "31 Mar 2024")

OBSERVATIONS = [
    Observation("E10000031", "cp_rate", MARCH, 42.0, raw="42.0", source=CellRef("w.xlsx", "Table 1", "C7")),
    Observation("E10000031", "referrals", YEAR, None, status="c", raw="c", breakdown="",
                source=CellRef("w.xlsx", "Table 2", "D9")),
    Observation("E92000001", "cin_category_pct", MARCH, 57.3, raw="57.3%", breakdown="neglect",
                publisher="dfe"),
]


def test_holds_the_observations_it_was_given_in_order():
    figures = Figures(OBSERVATIONS)
    assert len(figures) == 3
    assert list(figures) == OBSERVATIONS
    assert figures == OBSERVATIONS
    assert figures[-1] == OBSERVATIONS[-1]
    assert figures[1].value is None and math.isnan(figures.value[1])
    assert figures.source(2) is None


def test_keys_are_the_observations_keys():
    figures = Figures(OBSERVATIONS)
    assert figures.keys() == [o.key for o in OBSERVATIONS]
    assert [figures.key(i) for i in range(3)] == [o.key for o in OBSERVATIONS]


def test_keys_of_equal_periods_that_are_distinct_objects():
    """Two readers (or two sheets) build the same period apart: each object still gives its key."""
    again = Period(PeriodKind.SNAPSHOT, dt.date(2024, 3, 31), dt.date(2024, 3, 31), "31 Mar 2024")
    observations = [*OBSERVATIONS, Observation("E10000031", "referrals", again, 7.0, raw="7")]
    assert again == MARCH and again is not MARCH
    assert Figures(observations).keys() == [o.key for o in observations]


def test_take_and_slices_keep_where_each_figure_was_read():
    figures = Figures(OBSERVATIONS)
    figures.read_at[2] = CellRef("export.xlsx", "Figures", "F4")
    taken = figures.take([2, 0])
    assert list(taken) == [OBSERVATIONS[2], OBSERVATIONS[0]]
    assert taken.location(0) == CellRef("export.xlsx", "Figures", "F4")
    assert taken.location(1) == OBSERVATIONS[0].source
    assert list(figures[1:]) == OBSERVATIONS[1:]
    assert list(figures.cells()) == [("Table 1", "C7"), ("Table 2", "D9"), ("Figures", "F4")]
    assert list(Figures(OBSERVATIONS).cells())[2] is None  # no source, and not read elsewhere


def test_extend_with_figures_moves_read_at_along():
    first, second = Figures(OBSERVATIONS[:1]), Figures(OBSERVATIONS[1:])
    second.read_at[0] = CellRef("a.xlsx", "S", "B2")
    first.extend(second)
    assert list(first) == OBSERVATIONS
    assert first.location(1) == CellRef("a.xlsx", "S", "B2")


def test_columns_of_different_lengths_are_refused():
    figures = Figures()
    with pytest.raises(ValueError, match="different lengths"):
        figures.add_column_wise(area_code=["E1"], indicator_id=["cp_rate"], breakdown=[""], period=[MARCH],
                                publisher=["local"], value=[1.0], status=[None, None], raw=["1"],
                                source_file=["f"], source_sheet=["s"], source_cell=["A1"])
    with pytest.raises(ValueError, match="values"):
        figures.add_column_wise(area_code=["E1"], indicator_id=["cp_rate"], breakdown=[""], period=[MARCH],
                                publisher=["local"], value=[1.0, 2.0], status=[None], raw=["1"],
                                source_file=["f"], source_sheet=["s"], source_cell=["A1"])
    assert len(figures) == 0 and len(figures.value) == 0


def test_a_figure_added_by_its_fields_is_the_observation_of_those_fields():
    figures = Figures()
    for o in OBSERVATIONS:
        source = o.source
        figures.add_fields(o.area_code, o.indicator_id, o.breakdown, o.period, o.publisher, o.value, o.status,
                           o.raw, source.file if source else None, source.sheet if source else "",
                           source.cell if source else "")
    assert list(figures) == OBSERVATIONS
    assert [figures.source(i) for i in range(3)] == [o.source for o in OBSERVATIONS]
    assert math.isnan(figures.value[1])


def test_take_over_moves_the_figures_and_leaves_the_other_empty():
    into, other = Figures(), Figures(OBSERVATIONS)
    other.read_at[1] = CellRef("a.xlsx", "S", "B2")
    into.take_over(other)
    assert list(into) == OBSERVATIONS and into.location(1) == CellRef("a.xlsx", "S", "B2")
    assert len(other) == 0 and not other.read_at and len(other.value) == 0
    other.append(OBSERVATIONS[0])  # the emptied Figures shares no column with the one it moved into
    assert len(into) == 3

    more = Figures(OBSERVATIONS[:1])
    more.read_at[0] = CellRef("b.xlsx", "T", "C3")
    into.take_over(more)  # after figures already there: appended, its read_at moved along
    assert list(into) == [*OBSERVATIONS, OBSERVATIONS[0]]
    assert into.location(3) == CellRef("b.xlsx", "T", "C3") and len(more) == 0


# Cell names held as numbers ------------------------------------------------------------------------------

AS_GIVEN = ["C7", "", "AB1048576", "XFD12", "d9", "B6:B9", "A01", "Table 1!C7", "C7", " C7", "AAAA1"]


def test_cell_names_read_back_exactly_as_given_whatever_they_are():
    names = CellNames(AS_GIVEN)
    assert list(names) == AS_GIVEN and names == AS_GIVEN and len(names) == len(AS_GIVEN)
    assert [names[i] for i in range(len(AS_GIVEN))] == AS_GIVEN
    assert [names[i] for i in range(-len(AS_GIVEN), 0)] == AS_GIVEN
    assert names[2:5] == AS_GIVEN[2:5] and names[::-1] == AS_GIVEN[::-1]
    with pytest.raises(IndexError):
        names[len(AS_GIVEN)]


def test_plain_names_are_held_as_numbers_and_the_rest_as_written():
    names = CellNames(AS_GIVEN)
    kept_as_written = {AS_GIVEN[i] for i in names._written}
    assert kept_as_written == {"d9", "B6:B9", "A01", "Table 1!C7", " C7", "AAAA1"}
    assert names._letters == ["C", "AB", "XFD"]


def test_a_column_of_rows_merges_with_names_and_is_taken_from_in_any_order():
    names = CellNames(["e5", "F2"])
    names.extend(CellNames.in_column("F", range(3, 6)))
    names.extend(CellNames.in_column("AA", [7]))
    names.extend(["", "B6:B9"])
    expected = ["e5", "F2", "F3", "F4", "F5", "AA7", "", "B6:B9"]
    assert list(names) == expected
    order = [7, 0, 5, 2, 2, 6]
    taken = names.take(order)
    assert list(taken) == [expected[i] for i in order]
    taken.append("Z9")
    assert taken[-1] == "Z9" and list(names) == expected  # taken is a copy
    with pytest.raises(ValueError, match="does not name a column"):
        CellNames.in_column("f", [1])
    with pytest.raises(ValueError, match="below 1"):
        CellNames.in_column("F", [0])


def test_figures_keep_their_cells_through_take_extend_and_take_over():
    figures = Figures(OBSERVATIONS)
    figures.add_column_wise(area_code=["E10000031"] * 2, indicator_id=["cp_rate"] * 2, breakdown=[""] * 2,
                            period=[MARCH] * 2, publisher=["local"] * 2, value=[1.0, 2.0], status=[None] * 2,
                            raw=["1", "2"], source_file=["w.xlsx"] * 2, source_sheet=["Long"] * 2,
                            source_cell=CellNames.in_column("F", [12, 13]))
    assert [figures.location(i).cell if figures.location(i) else None for i in range(5)] == [
        "C7", "D9", None, "F12", "F13"]
    assert [o.source.cell for o in figures.take([4, 0]) if o.source] == ["F13", "C7"]
    moved = Figures()
    moved.take_over(figures)
    assert list(moved.cells())[3:] == [("Long", "F12"), ("Long", "F13")] and len(figures) == 0


# Figures by key ------------------------------------------------------------------------------------------

def _with_repeats() -> Figures:
    """The three figures, then the first again under an equal period that is another object (with another
    value), then the second again."""
    same_march = Period(PeriodKind.SNAPSHOT, dt.date(2024, 3, 31), dt.date(2024, 3, 31), "31 Mar 2024")
    first_again = Observation("E10000031", "cp_rate", same_march, 43.0, raw="43")
    return Figures([*OBSERVATIONS, first_again, OBSERVATIONS[1]])


def test_key_order_orders_figures_by_their_keys_and_finds_the_first_of_each():
    figures = _with_repeats()
    order = key_order(figures)
    keys = figures.keys()
    assert [keys[i] for i in order.order] == sorted(keys)
    assert order.repeats
    assert order.firsts() == [0, 1, 2]
    assert sorted(order.order[~order.first].tolist()) == [3, 4]
    distinct = key_order(Figures(OBSERVATIONS))
    assert not distinct.repeats and distinct.firsts() == [0, 1, 2]
    assert not key_order(Figures()).repeats


def test_key_order_gives_up_where_the_keys_parts_overflow_a_64_bit_code():
    many = 6_000  # 6,000 distinct values in each of five parts: more combinations than 2**62
    periods = [Period(PeriodKind.YEAR, dt.date(1000 + n, 4, 1), dt.date(1001 + n, 3, 31), str(n))
               for n in range(many)]
    figures = Figures()
    parts = ("area_code", "indicator_id", "breakdown", "publisher")
    distinct = {part: [f"{part}{n}" for n in range(many)] for part in parts}
    figures.add_column_wise(**distinct, period=periods, value=[1.0] * many, status=[None] * many,
                            raw=["1"] * many, source_file=[None] * many, source_sheet=[""] * many,
                            source_cell=[""] * many)
    assert key_order(figures) is None
    assert key_order(figures[: many // 2]) is not None


@pytest.mark.parametrize("by_codes", [True, False])
def test_without_repeats_keeps_the_first_figure_of_each_cell_in_the_order_read(by_codes, monkeypatch):
    """Warwickshire's rate read twice (Table 1's "42.0", then "43" for the same cell): the first is kept,
    by the 64-bit codes or, where they would overflow, by the keys themselves."""
    from cpdesk import pipeline

    if not by_codes:
        monkeypatch.setattr(pipeline, "key_order", lambda _figures: None)
    kept = pipeline.without_repeats(_with_repeats())
    assert list(kept) == OBSERVATIONS
    plain = Figures(OBSERVATIONS)
    assert pipeline.without_repeats(plain) is plain
