"""The store alone at national scale: 91,200 figures imported, re-imported, changed, read back and undone.

The figures are built in memory (152 LAs x 60 indicator/breakdown columns x 10 years, as in
``bench_import``), so only the database work is timed: planning against what is stored, writing the
cells and their revisions in one transaction, reading every figure back, and undoing an import.
Run: ``python benchmarks/bench_store.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))


def national_figures(reference) -> list:
    from bench_import import N_YEARS, _columns

    from cpdesk.indicators.periods import parse_period
    from cpdesk.observation import CellRef, Observation

    las = [a for a in reference.areas.all() if a.kind == "la"][:152]
    columns = _columns(reference)
    periods = {year: parse_period(f"31 Mar {year}") for year in range(2014, 2014 + N_YEARS)}
    figures = []
    for year, period in periods.items():
        for n, la in enumerate(las):
            for k, (indicator, breakdown) in enumerate(columns):
                value = float((n * 7 + k * 3 + year) % 500)
                figures.append(Observation(la.code, indicator, period, value, raw=f"{value:g}",
                                           breakdown=breakdown, source=CellRef("national.xlsx", "Return",
                                                                               f"F{len(figures) + 2}")))
    return figures


def _timed(label: str, action) -> object:
    start = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    from cpdesk.reference import load_reference
    from cpdesk.store import ImportBatch, open_store

    reference = load_reference()
    figures = national_figures(reference)
    changed = [replace(o, value=o.value + 1, raw=f"{o.value + 1:g}") for o in figures]
    print(f"{len(figures):,} figures")
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.sqlite") as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())

        def batch(observations, file_hash):
            return ImportBatch(file_name="national.xlsx", file_path="national.xlsx", file_hash=file_hash,
                               user="bench", observations=observations)

        _timed("first import (every figure new)", lambda: store.import_observations(batch(figures, "a")))
        _timed("the same file again (nothing written)",
               lambda: store.import_observations(batch(figures, "a")))
        outcome = _timed("every value changed",
                         lambda: store.import_observations(batch(changed, "b")))
        _timed("observations() of every figure", lambda: store.observations())
        _timed("undo of the import that changed every value", lambda: store.undo_import(outcome.import_id,
                                                                                          "bench"))


if __name__ == "__main__":
    main()
