"""The validation rules over one long workbook's figures: figure by figure (the reference) against column
by column, in one process on the same figures, and the history keys both ways.

The workbook is ``bench_import.py``'s (written there once and reused); it is read as the pipeline reads
it, and each measurement is the fastest of ``--repeats`` runs, the two ways interleaved. ``as a list``
is what the pipeline passes while it builds the observations of the figures read (the column-wise rules
read their fields as columns); ``as Figures`` is the figures as read. The reports are compared, so
a run that is fast because it found less fails instead.

Run: ``python benchmarks/bench_rules.py [--rows N] [--periods yearly|monthly] [--repeats R]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

from benchmarks.bench_import import N_LAS, workbook  # noqa: E402


def fastest(run: Callable[[], object], repeats: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=N_LAS * 60 * 10)
    parser.add_argument("--periods", choices=("yearly", "monthly"), default="yearly")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from cpdesk.figures import Figures
    from cpdesk.indicators.population import child_population
    from cpdesk.read.dispatch import read_workbook
    from cpdesk.read.workbook import open_workbook
    from cpdesk.reference import load_reference
    from cpdesk.validate.engine import ValidationContext, validate
    from cpdesk.validate.rules_history import history_keys

    reference = load_reference()
    path = workbook(args.rows, args.periods)
    figures = Figures.of(read_workbook(open_workbook(path), reference).observations)
    listed = list(figures)
    read_at = {id(listed[index]): where for index, where in figures.read_at.items()}
    print(f"{len(listed):,} figures from {path.name}")

    def context(by_id: bool) -> ValidationContext:
        return ValidationContext(file=path.name, schema=reference.schema, areas=reference.areas,
                                 read_at=read_at if by_id else {}, today=dt.date.today(),
                                 population=child_population)

    runs = {
        "rules, figure by figure": lambda: validate(listed, context(True), reference=True),
        "rules, column by column, as a list": lambda: validate(listed, context(True)),
        "rules, column by column, as Figures": lambda: validate(figures, context(False)),
        "history keys, figure by figure": lambda: history_keys(listed),
        "history keys, column by column": lambda: history_keys(figures),
    }
    results = {}
    for name, run in runs.items():
        seconds, results[name] = fastest(run, args.repeats)
        print(f"{name:40} {seconds:6.3f} s")
    reports = [results[name].issues for name in runs if name.startswith("rules")]  # type: ignore[attr-defined]
    assert all(report == reports[0] for report in reports), "the reports differ"
    assert results["history keys, figure by figure"] == results["history keys, column by column"]
    print(f"{len(reports[0])} issues, the same each way")


if __name__ == "__main__":
    main()
