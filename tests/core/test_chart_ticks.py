"""The tick planner: labels thinned to fit, never overlapping, never past the axis' ends; notes wrapped
at words. Widths here are 7 pixels a character, as a 9-point sans-serif font roughly measures."""

from __future__ import annotations

import itertools

from cpdesk.chart.ticks import AxisLabel, AxisSpan, plan_labels, wrap_words


def width(text: str) -> float:
    return 7.0 * len(text)


YEARS = [AxisLabel(2013.0 + i, f"{2012 + i}/{13 + i}") for i in range(13)]  # 2012/13 .. 2024/25


def assert_readable(placed, span):
    for a, b in itertools.combinations(placed, 2):
        assert a.right <= b.left or b.right <= a.left, (a.label.text, b.label.text)
    assert all(p.left >= 0 and p.right <= span.pixels for p in placed)


def test_every_label_is_printed_where_all_fit():
    span = AxisSpan(2012.5, 2025.5, 1000)
    placed = plan_labels(YEARS, width, span)
    assert [p.label.text for p in placed] == [label.text for label in YEARS]
    assert_readable(placed, span)


def test_labels_that_do_not_fit_are_thinned_evenly_keeping_the_latest():
    span = AxisSpan(2012.5, 2025.5, 400)
    placed = plan_labels(YEARS, width, span)
    texts = [p.label.text for p in placed]
    assert texts[-1] == "2024/25" and 1 < len(texts) < len(YEARS)
    gaps = {b.label.position - a.label.position for a, b in itertools.pairwise(placed)}
    assert len(gaps) == 1  # equal steps
    assert_readable(placed, span)


def test_a_label_at_the_end_slides_inward_instead_of_being_cut():
    span = AxisSpan(2012.9, 2025.1, 600)  # the last tick 0.1 year from the end: 5 pixels
    placed = plan_labels(YEARS, width, span)
    last = placed[-1]
    assert last.label.text == "2024/25" and last.right == span.pixels
    assert_readable(placed, span)


def test_the_council_is_named_first_and_neighbours_only_where_they_fit():
    names = [AxisLabel(float(x), f"Council {x}") for x in range(153)]
    wanted = [AxisLabel(65.0, "Warwickshire", 2), AxisLabel(66.0, "Essex", 1),
              AxisLabel(120.0, "Hampshire", 1)]
    span = AxisSpan(-0.6, 152.6, 1000)
    placed = plan_labels(wanted, width, span)
    assert [p.label.text for p in placed] == ["Warwickshire", "Hampshire"]  # Essex, next door, would overlap
    assert_readable(placed, span)
    assert len(plan_labels(names, width, span)) < 30


def test_a_label_off_the_axis_is_not_printed():
    span = AxisSpan(2016.5, 2020.5, 800)
    shown = [p.label.text for p in plan_labels(YEARS, width, span)]
    assert shown == ["2016/17", "2017/18", "2018/19", "2019/20"]


def test_a_note_wraps_at_spaces_and_never_cuts_a_word():
    file_name = "(c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv)."
    note = (f"Source: DfE published statistics {file_name} "
            "Warwickshire statistical neighbours: computed: mean of those of the 10 statistical neighbours.")
    lines = wrap_words(note, width, 350)
    assert " ".join(lines) == note
    assert all(width(line) <= 350 or " " not in line for line in lines)
    assert file_name in lines  # too long for a line: a line to itself, whole


def test_names_that_do_not_fit_side_by_side_take_a_second_line_not_thinned():
    names = ["Warrington", "Warwickshire", "Essex", "Cheshire East", "Leicestershire", "Wiltshire",
             "Hampshire", "North Somerset", "West Sussex", "Oxfordshire", "Gloucestershire"]
    labels = [AxisLabel(float(x), name, 1 if name == "Warwickshire" else 0) for x, name in enumerate(names)]
    span = AxisSpan(-0.6, 10.6, 1000)  # about 90 pixels a council: "Gloucestershire" is 105
    placed = plan_labels(labels, width, span, lanes=2)
    assert sorted(p.label.text for p in placed) == sorted(names)  # every council named
    assert {p.lane for p in placed} == {0, 1}
    assert next(p for p in placed if p.label.text == "Warwickshire").lane == 0
    for lane in (0, 1):
        assert_readable([p for p in placed if p.lane == lane], span)
