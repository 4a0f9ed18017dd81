"""The readers over damaged copies of real workbooks and CSVs: figures read, or a message naming the file.

A CI-sized run of ``tools/fuzz.py``: hypothesis chooses the seed file, one to three mutations (bytes
flipped, truncation, XML elements deleted or duplicated, attributes such as s=, r= and t= altered,
numbers made text or huge, unicode and byte-order marks; CSV delimiters, quotes, NULs, encodings and
huge fields) and their random seed, derandomised so each run tries the same cases. Each case runs in
the script's worker process, capped at 2 GB of address space, as the long run does.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpdesk.pipeline import prepare_import

REPO = Path(__file__).resolve().parents[2]


def _load_fuzz():
    spec = importlib.util.spec_from_file_location("cpdesk_tools_fuzz", REPO / "tools" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()


@pytest.fixture(scope="module")
def worker():
    running = fuzz.Worker(timeout=20)
    running.run(fuzz.Case("tidy_seed_figures.csv", [], 0))  # starts it and learns the seed files
    yield running
    running.close()


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_damaged_file_is_read_or_refused_with_its_name(worker, data):
    seed = data.draw(st.sampled_from(worker.seeds), label="seed")
    names = fuzz.mutation_names(Path(seed).suffix)
    mutations = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3), label="mutations")
    rng = data.draw(st.integers(min_value=0, max_value=2**31 - 1), label="rng")
    outcome = worker.run(fuzz.Case(seed, mutations, rng))
    assert outcome.kind in ("read", "refused"), f"{outcome.kind}: {outcome.message}\n{outcome.detail}"


# Cases the long run found, each a crash or a hang before its fix (replay: tools/fuzz.py --replay SPEC).
FOUND = [
    # numFmtId="-1e308" in styles.xml: int() raised ValueError from the formats pass
    ("warwickshire_cp_update_2020.xlsx", ["alter-attribute"], 6658068),
    # t="inlineStr" put in place of a style number (s=)
    ("oxfordshire_pressures_2014.xlsx", ["alter-attribute"], 970695624),
    # a flipped byte gave a zip "version 14.8": NotImplementedError on opening
    ("broken_text_in_number.xlsx", ["byte-flips", "random-unicode", "alter-attribute"], 1434423943),
    # deflate data that no longer inflates: zlib.error
    ("oxfordshire_paqa_2019.xlsx", ["byte-flips", "remove-part", "remove-part"], 130001642),
    # a stray quote made the whole DfE file one cell of 70,000 characters: 17 s to classify it
    ("head_d3_cpps_subsequent_plan_2013_to_2025.csv", ["quote-damage", "cells"], 343647057),
    ("head_ons_mid-year_population_estimates_2012_to_2024.csv", ["huge-field", "quote-damage", "bom"],
     2047819587),
    # a date cell holding -1e308: calamine's Rust code panicked (pyo3's PanicException)
    ("oxfordshire_pressures_2014.xlsx", ["hostile-number"], 429384514),
    # a count of -1e308 beside a rate: decimal's quantize raised InvalidOperation in the rate check
    ("warwickshire_cp_update_2020.xlsx", ["hostile-number", "duplicate-element"], 2145132414),
    # a zip part flagged as encrypted: zipfile raised RuntimeError
    ("broken_count_negative.xlsx", ["xml-bom", "duplicate-element", "byte-flips"], 1312003700),
    # a count of 1e308 in a DfE file: working out its percentage raised decimal.InvalidOperation
    ("head_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", ["cells", "cells"], 883658301),
    # a zip entry whose header lies before the file's start: OSError EINVAL
    ("broken_unknown_indicator.xlsx", ["byte-flips", "number-to-text"], 224071347),
    # a cell of 1,000 digits read as a year: float() of it raised OverflowError
    ("broken_count_not_whole.csv", ["byte-flips", "huge-field"], 607843607),
]


@pytest.mark.parametrize(("seed", "mutations", "rng"), FOUND)
def test_a_case_fuzzing_found_is_answered_within_10_seconds(worker, seed, mutations, rng):
    outcome = worker.run(fuzz.Case(seed, mutations, rng))
    assert outcome.kind in ("read", "refused"), f"{outcome.kind}: {outcome.message}\n{outcome.detail}"
    assert outcome.seconds < 10


def test_digits_that_are_no_year_leave_a_table_unread_not_failed(tmp_path, reference):
    """A heading of 1,000 digits, or of superscript digits (digits to str.isdigit, not to int)."""
    path = tmp_path / "years.csv"
    path.write_text(f"Indicator,2019,2020,{'9' * 1000},²⁰²¹\nChildren on CP plans,411,425,430,440\n",
                    encoding="utf-8")
    plan = prepare_import(path, reference, None, council="E10000031")
    assert {o.period.label for o in plan.observations} <= {"31 Mar 2019", "31 Mar 2020"}


def test_a_case_is_the_same_file_every_time_it_is_replayed():
    seed = (REPO / "sample_workbooks" / "warwickshire_cp_update_2020.xlsx").read_bytes()
    once = fuzz.mutate(seed, ".xlsx", ["alter-attribute", "duplicate-element", "byte-flips"], 42)
    again = fuzz.mutate(seed, ".xlsx", ["alter-attribute", "duplicate-element", "byte-flips"], 42)
    assert once == again != seed
