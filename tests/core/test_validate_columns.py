"""The rules decided column by column give the reference's report: the same issues, in the same order.

``validate`` checks a file over its figures' columns; ``validate(..., reference=True)`` runs each rule's
figure-by-figure function. Both run here over the figures read from every sample workbook (built from
the seed reports), the seed figures themselves, the DfE releases in ../shared/reference (with the stored
figures of a store that holds some of them, for the rules that compare with history), and figures made
to trigger every rule at its edges. Every issue is compared whole: code, severity, message, file, sheet
and cell.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pytest

from cpdesk.figures import Figures
from cpdesk.indicators.periods import parse_period
from cpdesk.indicators.population import child_population
from cpdesk.issues import Issue
from cpdesk.observation import CellRef, Observation
from cpdesk.pipeline import import_workbook
from cpdesk.read.dispatch import read_workbook
from cpdesk.read.grid import ReadError
from cpdesk.read.workbook import open_workbook
from cpdesk.store import open_store
from cpdesk.store.records import StoredObservation
from cpdesk.validate.engine import RULES, ValidationContext, validate
from cpdesk.validate.rules_history import history_keys
from sample_workbooks.seed_figures import expected_observations
from tests.conftest import SAMPLES, SHARED
from tests.core.validate_fixtures import HAMPSHIRE, TODAY, WARWICKSHIRE, WARWICKSHIRE_DISTRICTS, context, obs

REFERENCE = SHARED / "reference"
SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".xlsx", ".csv"))
DFE_FILES = sorted(REFERENCE.glob("*.csv")) if REFERENCE.is_dir() else []
# Files the store holds before the others are checked: their figures are what later files differ from.
STORED_FIRST = ("tidy_seed_figures.csv", "d3_cpps_subsequent_plan_2013_to_2025.csv")


def shown(issues: list[Issue]) -> list[tuple[str, str, str, str, str, str]]:
    return [(i.code, str(i.severity), i.message, i.file, i.sheet, i.cell) for i in issues]


def assert_same_report(observations, ctx: ValidationContext) -> list[Issue]:
    """Both paths over ``observations`` (a list, and the same as Figures) give one report; it is returned."""
    expected = validate(observations, ctx, reference=True).issues
    assert shown(validate(observations, ctx).issues) == shown(expected)
    figures = Figures.of(observations)
    if not isinstance(observations, Figures) and ctx.read_at:
        figures.read_at = {i: ctx.read_at[id(o)] for i, o in enumerate(observations) if id(o) in ctx.read_at}
    as_figures = dataclasses.replace(ctx, read_at={})
    assert shown(validate(figures, as_figures).issues) == shown(expected)
    assert shown(validate(figures, as_figures, reference=True).issues) == shown(expected)
    return expected


def read(path: Path, reference):
    return read_workbook(open_workbook(path), reference, home_council=WARWICKSHIRE)


def file_context(path: Path, reference, observations, read_at, store=None) -> ValidationContext:
    stored = store.stored_values(history_keys(observations)) if store is not None else {}
    return ValidationContext(file=path.name, schema=reference.schema, areas=reference.areas, read_at=read_at,
                             stored=stored, today=dt.date(2026, 12, 4), population=child_population)


@pytest.fixture(scope="module")
def store(tmp_path_factory, reference):
    """A store holding the seed figures and one DfE release."""
    store = open_store(tmp_path_factory.mktemp("store") / "held.sqlite")
    store.sync_areas(reference.areas.all())
    store.sync_indicators(reference.schema.indicators.values())
    for path in [*SAMPLE_FILES, *DFE_FILES]:
        if path.name in STORED_FIRST:
            import_workbook(path, reference, store, user="test", skip_invalid=True, council=WARWICKSHIRE)
    return store


def readable(paths: list[Path], reference) -> list[tuple[Path, object]]:
    found = []
    for path in paths:
        try:
            result = read(path, reference)
        except ReadError:
            continue
        if result.observations:
            found.append((path, result))
    return found


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_workbook_gives_the_same_report(path, reference, store):
    try:
        result = read(path, reference)
    except ReadError:
        pytest.skip(f"{path.name} is one of the unreadable samples")
    ctx = file_context(path, reference, result.observations, result.read_at, store)
    assert_same_report(result.observations, ctx)
    assert_same_report(result.observations, dataclasses.replace(ctx, stored={}, population=None))


@pytest.mark.skipif(not DFE_FILES, reason="shared reference files not available")
def test_every_dfe_release_gives_the_same_report(reference, store):
    checked = readable(DFE_FILES, reference)
    assert len(checked) >= 8, [p.name for p, _ in checked]
    reports = {}
    for path, result in checked:
        ctx = file_context(path, reference, result.observations, result.read_at, store)
        reports[path.name] = assert_same_report(result.observations, ctx)
    assert any(reports.values())  # the comparison was of reports with issues in them, not only empty ones


def test_the_seed_figures_give_the_same_report():
    """Every figure of the five seed reports, as the seed tables type them, checked together."""
    figures = []
    for row, seed in enumerate(expected_observations(), start=2):
        period = parse_period(seed["period_label"])
        assert period is not None, seed
        value = seed["value"]
        figures.append(Observation(
            area_code=seed["area_code"], indicator_id=seed["indicator"], period=period, value=value,
            status=seed.get("status"), raw="" if value is None else f"{value}", breakdown=seed["breakdown"],
            source=CellRef("seeds.csv", "Seeds", f"F{row}")))
    issues = assert_same_report(figures, context(population=child_population))
    assert {i.code for i in issues} >= {"duplicate", "missing-expected"}


# --- figures made to trigger every rule ------------------------------------------------------------


def made_figures() -> list[Observation]:
    """Figures that trip every rule, and figures at the edges of each that must not."""
    w, h = WARWICKSHIRE, HAMPSHIRE
    made = [
        obs("no_such_indicator", w, "2019/20", 5, "A1"),
        obs("cpp_count", "E99999999", "2019/20", 5, "A2"),
        obs("cpp_count", w, "31 March 2019", 5, "A3", breakdown="neglect"),
        obs("cpp_by_category_pct", h, "31 March 2019", 5, "A4", breakdown="no_such_category"),
        obs("cpp_by_category_pct", h, "31 March 2020", 100.0, "A5", breakdown="neglect"),  # at the limit
        obs("cpp_by_category_pct", h, "31 March 2020", 100.000001, "A6", breakdown="emotional"),
        obs("cpp_rate", w, "31 March 2020", 10_000.0, "A7"),
        obs("cpp_rate", w, "31 March 2018", 10_000.5, "A8"),
        obs("cpp_count", w, "31 March 2017", -0.0, "A9"),  # negative zero is zero
        obs("cpp_count", w, "31 March 2016", -3, "A10"),
        obs("cpp_count", h, "31 March 2016", 2.5, "A11"),
        obs("cpp_count", h, "31 March 2015", 1e300, "A12"),
        obs("cpp_count", h, "31 March 2014", math.inf, "A13", raw="1e999"),
        obs("cpp_count", w, "31 March 2021", 7, "A14"),  # after today
        obs("referrals", w, "30 June 2019", 120, "A15"),  # a count over a year on one day
        obs("cpp_count", w, "31 March 2019", None, "A16", status="c", raw="c"),
        obs("cpp_count", w, "31 March 2019", None, "A17", status="x", raw="x"),  # repeats with another status
        obs("cpp_count", w, "31 March 2019", None, "A18", status="c", raw="c"),  # repeats the same status
        obs("cpp_count", h, "31 March 2019", 1_084, "A19"),
        obs("cpp_count", h, "31 March 2019", 1_084.0000000001, "A20", raw="1084"),  # the same, to rounding
        obs("cpp_count", h, "31 March 2019", 1_085, "A21"),  # contradicts
        obs("cpp_count", h, "31 March 2018", 400, "A22"),  # then 1,084: more than doubles
        obs("cpp_count", "E10000025", "31 March 2019", 451, "A23", raw="451*"),
        obs("cpp_count", "E10000025", "31 March 2018", 450, "A24", raw="450 (a)"),
        obs("cpp_count", "E10000025", "31 March 2017", 449, "A25", raw="449¹"),
        obs("cpp_count", "E10000025", "31 March 2016", 448, "A26", raw="448 r"),
        obs("cpp_count", "E10000025", "31 March 2015", 9, "A27", raw="9*"),
        obs("cpp_count", "E10000025", "31 March 2014", 30, "A28", raw="30*"),
        obs("cpp_count", "E10000025", "31 March 2013", 11, "A29", raw="11 (p)"),
        obs("cpp_count", w, "31 March 2019", 345, "C12", sheet="Table 6"),
        obs("cpp_rate", w, "31 March 2019", 31.0, "E5", raw="31.0"),
        obs("cpp_rate", w, "31 March 2019", 29.8, "E6", raw="29.8"),  # a repeat that matches
        obs("child_population", w, "mid-2018", 115_696, "B2", sheet="Population"),
        obs("cpp_rate", h, "31 March 2019", 40, "E7", raw="40"),  # population from the lookup
        obs("cpp_count", w, "31 March 2020", 300, "C13"),
        *[obs("cpp_count", code, "31 March 2020", 70, f"D{row}", sheet="Districts")
          for row, code in enumerate(WARWICKSHIRE_DISTRICTS.values(), start=2)],
        obs("cpp_count", "E10000025-north", "31 March 2020", 400, "D9"),
        obs("cpp_count", "E10000025", "31 March 2020", 399, "D10"),
        *[obs("cpp_by_category_pct", h, "2018/19", share, f"G{row}", breakdown=category)
          for row, (category, share) in enumerate((("neglect", 60.0), ("emotional", 40.0), ("physical", 9.0),
                                                   ("neglect", 3.0), ("multiple", 0.5)), start=2)],
        *[obs("cpp_by_category_pct", w, "2018/19", share, f"H{row}", breakdown=category)
          for row, (category, share) in enumerate((("neglect", 40.0), ("emotional", 30.0), ("physical", 5.0),
                                                   ("sexual", 3.0), ("multiple", 1.0)), start=2)],
        *[obs("cpp_by_category_pct", w, "2019/20", share, f"I{row}", breakdown=category)
          for row, (category, share) in enumerate((("neglect", 40.0), ("emotional", None), ("physical", 5.0),
                                                   ("sexual", 3.0), ("multiple", 1.0)), start=2)],
        obs("cpp_count", w, "Q1 20/21", 320, "J2"),
        obs("cpp_count", w, "Q2 20/21", 330, "J3"),
        obs("referrals", w, "Q1 20/21", 1200, "J4"),
        obs("cpp_count", w, "Apr 2020", 310, "J5"),
    ]
    dfe = dataclasses.replace(obs("cpp_count", h, "31 March 2019", 1_090, "K2"), publisher="dfe")
    unplaced = dataclasses.replace(obs("cpp_count", h, "31 March 2017", 900, "K3"), source=None)
    return [*made, dfe, unplaced]


def stored_figure(observation: Observation, value: float | None, status: str | None = None,
                  source_file: str | None = "earlier.xlsx") -> StoredObservation:
    return StoredObservation(
        area_code=observation.area_code, area_name="", indicator_id=observation.indicator_id,
        breakdown=observation.breakdown, period=observation.period, value=value, status=status,
        raw=None if value is None else f"{value:g}", publisher=observation.publisher, source_file=source_file,
        source_sheet="Old", source_cell="Z9", updated_at="", updated_by="")


def held_before(figures: list[Observation]) -> dict[tuple, StoredObservation]:
    """What a store might hold: some of the same cells with other figures, and earlier periods."""
    by_cell = {o.source.cell: o for o in figures if o.source is not None}
    year_before = obs("cpp_count", WARWICKSHIRE, "31 March 2019", 1, "Z1")
    earlier = dataclasses.replace(year_before, period=parse_period("31 March 2020"))
    stored = [stored_figure(by_cell["A19"], 1_084.0000000001),  # the same, to rounding
              stored_figure(by_cell["A22"], 401, source_file=None),  # differs, from an edit
              stored_figure(by_cell["A16"], None, status="x"),  # another status
              stored_figure(by_cell["A17"], None, status="x"),  # the same status
              stored_figure(by_cell["A10"], 5),
              stored_figure(by_cell["A13"], 5),  # infinitely far from the infinite figure
              stored_figure(by_cell["A11"], None, status="c"),  # a status where a figure was
              stored_figure(by_cell["C12"], None, status="c"),  # a figure where a status was
              stored_figure(dataclasses.replace(earlier, period=parse_period("31 March 2018")), 900),
              stored_figure(obs("cpp_count", HAMPSHIRE, "31 March 2015", 1, "Z2"), 5),
              stored_figure(obs("cpp_count", "E10000025", "31 March 2012", 1, "Z3"), 40),
              stored_figure(obs("cpp_count", "E10000025", "31 March 2014", 1, "Z4"), None, status="c"),
              stored_figure(obs("cpp_count", WARWICKSHIRE, "Mar 2020", 1, "Z5"), 900),
              stored_figure(obs("referrals", WARWICKSHIRE, "Q4 19/20", 1, "Z6"), 100),
              stored_figure(obs("unknown_elsewhere", "E00000000", "2001/02", 1, "Z7"), 3)]
    return {(s.area_code, s.indicator_id, s.breakdown, *s.period.key, s.publisher): s for s in stored}


def test_figures_made_to_trip_every_rule_give_the_same_report():
    figures = made_figures()
    read_at = {id(figures[0]): CellRef("made.xlsx", "Rows", "B2"),
               id(figures[-3]): CellRef("made.xlsx", "", "B3")}
    ctx = context(population=child_population, stored=held_before(figures), read_at=read_at)
    issues = assert_same_report(figures, ctx)
    assert {i.code for i in issues} == {rule.code for rule in RULES}, "a rule was not tripped"
    assert_same_report(figures, dataclasses.replace(ctx, expected={("cpp_count", "31 Mar 2019"),
                                                                   ("cpp_rate", "31 Mar 2021"),
                                                                   ("no_such", "2019/20")}))
    assert_same_report(figures, dataclasses.replace(ctx, schema=None, areas=None, stored={}))


def test_each_figure_alone_and_in_reverse_gives_the_same_report():
    """Order matters to repeats (which is first) and to the order of issues: reversed, and one by one."""
    figures = made_figures()
    ctx = context(population=child_population, stored=held_before(figures))
    assert_same_report(list(reversed(figures)), ctx)
    for figure in figures:
        assert_same_report([figure], ctx)
    assert assert_same_report([], ctx) == []


def test_today_is_the_limit_of_the_future():
    on_today = obs("cpp_count", WARWICKSHIRE, "2020/21", 5, "A1")
    starts = on_today.period.start
    for today in (starts - dt.timedelta(days=1), starts, TODAY):
        assert_same_report([on_today], context(today=today))


def test_history_keys_of_figures_are_the_reference_keys(reference):
    made = made_figures()
    assert history_keys(Figures(made)) == history_keys(made, reference=True)
    assert history_keys(Figures(made)) == history_keys(Figures(made), reference=True)
    assert history_keys(Figures()) == set()
    for path, result in readable([SAMPLES / "tidy_seed_figures.csv", *DFE_FILES[:3]], reference):
        keys = history_keys(result.observations, reference=True)
        assert history_keys(Figures(result.observations)) == keys, path.name
        assert len(keys) > len({o.key for o in result.observations})  # previous periods' keys are there too


def test_a_value_of_nan_is_checked_as_the_reference_checks_it():
    """Columns hold NaN for "no value"; a list holding a NaN value is checked figure by figure."""
    figures = [obs("cpp_count", WARWICKSHIRE, "31 March 2019", math.nan, "A1", raw="nan"),
               obs("cpp_count", WARWICKSHIRE, "31 March 2019", None, "A2", status="c", raw="c"),
               obs("cpp_by_category_pct", HAMPSHIRE, "2018/19", math.nan, "A3", breakdown="neglect")]
    ctx = context(population=child_population)
    expected = validate(figures, ctx, reference=True).issues
    assert shown(validate(figures, ctx).issues) == shown(expected)
    assert {i.code for i in expected} >= {"duplicate-conflict", "out-of-range"}
