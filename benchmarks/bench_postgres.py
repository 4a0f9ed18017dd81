"""A team database on PostgreSQL against a SQLite file: a national import and the chart's query.

Each step runs in a process of its own, on each backend, best of the repeats:

- *national import*: the DfE's releases in ``../shared/reference`` (the eight files the national data
  pack is built from: CIN, CP, CLA and workforce figures for every council, region and England) imported
  one after another with ``pipeline.import_workbook`` into a new database, as ``cpdesk import`` does;
- *national-scale workbook*: ``bench_import.py``'s tidy workbook of 91,200 figures, imported the same
  way into a new database;
- *chart query*: what the Charts page does on opening over the imported releases:
  ``ChartSource.from_store`` (every stored figure, indexed) and the trend chart of Warwickshire's
  CP-plan rate.

The PostgreSQL server is ``--server URL`` (a role that may create databases; each step gets a new
database, dropped afterwards), or else the test suite's private server (``tests/pg_server.py``: on
127.0.0.1, with fsync off, which flatters PostgreSQL's commits: say so when quoting it).

Run: ``python benchmarks/bench_postgres.py [--server URL] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout, not installed
sys.path.insert(0, str(REPO / "benchmarks"))

RELEASES = REPO.parent / "shared" / "reference"
PACK_FILES = ("ons_mid-year_population_estimates_2012_to_2024.csv",
              "b1_children_in_need_2013_to_2025.csv",
              "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
              "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
              "d3_cpps_subsequent_plan_2013_to_2025.csv",
              "d5_cpps_at31march_by_duration_2013_to_2025.csv",
              "cla_number_and_rate_per_10k_children.csv",
              "csww_indicators_2017_to_2025.csv")
STEPS = ("releases", "workbook", "chart")
BACKENDS = ("sqlite", "postgresql")


# The steps, each run in a child process ----------------------------------------------------------------

def _new_store(database: str):
    from cpdesk.reference import load_reference
    from cpdesk.store import open_store

    reference = load_reference()
    store = open_store(database)
    store.sync_areas(reference.areas.all())
    store.sync_indicators(reference.schema.indicators.values())
    return store, reference


def import_files(database: str, files: list[Path]) -> dict:
    from cpdesk.pipeline import import_workbook

    store, reference = _new_store(database)
    start = time.perf_counter()
    added = 0
    with store:
        for path in files:
            plan, outcome = import_workbook(path, reference, store, user="bench")
            if outcome is None:
                raise SystemExit(f"{path.name} was refused: {[str(i) for i in plan.report.errors][:3]}")
            added += outcome.added
    return {"seconds": time.perf_counter() - start, "figures": added}


def chart_query(database: str) -> dict:
    """The Charts page opening (``ChartSource.from_store``: every figure read, then indexed), then one
    trend chart."""
    from cpdesk.chart.requests import ChartRequest, ChartSource, build_spec
    from cpdesk.query.observations import ObservationIndex
    from cpdesk.reference import load_reference
    from cpdesk.store import open_store

    reference = load_reference()
    with open_store(database, create=False) as store:
        start = time.perf_counter()
        figures = store.observations()
        read = time.perf_counter()
        source = ChartSource(ObservationIndex(figures), reference, store)
        spec = build_spec(source, ChartRequest("cpp_rate", "E10000031", "trend"))
        done = time.perf_counter()
    return {"seconds": done - start, "read_seconds": read - start, "index_and_spec_seconds": done - read,
            "figures": len(figures), "points": sum(len(s.points) for s in spec.series)}


def run_child(step: str, database: str, workbook: str) -> dict:
    if step == "releases":
        return import_files(database, [RELEASES / name for name in PACK_FILES])
    if step == "workbook":
        return import_files(database, [Path(workbook)])
    return chart_query(database)


# The parent: databases, repeats, results ---------------------------------------------------------------

class Databases:
    """A new database for each run: a SQLite file in a temporary folder, or one on the server."""

    def __init__(self, folder: Path, server_url: str | None) -> None:
        self.folder = folder
        self.server_url = server_url
        self.server = None
        self.count = 0

    def start(self) -> None:
        import sqlalchemy as sa

        from tests.pg_server import Server, start_server

        self.server = Server(sa.make_url(self.server_url)) if self.server_url else start_server()

    @contextlib.contextmanager
    def new(self, backend: str) -> Iterator[str]:
        self.count += 1
        if backend == "sqlite":
            yield str(self.folder / f"bench{self.count}.sqlite")
            return
        with self.server.fresh_database("bench") as url:
            yield url.render_as_string(hide_password=False)

    def stop(self) -> None:
        if self.server is not None and callable(self.server.stop):
            self.server.stop()


def _child(step: str, database: str, workbook: str, *, imported: bool = False) -> dict:
    """Run one step in a process of its own (the chart's on a database the releases were imported into)."""
    command = [sys.executable, __file__, "--child", step, "--database", database, "--workbook", workbook]
    if step == "chart" and not imported:
        _child("releases", database, workbook)
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO), "CPDESK_NATIONAL_PACK": "off"})
    if done.returncode != 0:
        raise SystemExit(f"{step} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(databases: Databases, workbook: str, repeats: int) -> dict[str, dict[str, dict]]:
    best: dict[str, dict[str, dict]] = {step: {} for step in STEPS}
    for _ in range(repeats):
        for step in STEPS:
            for backend in BACKENDS:  # interleaved, so a busy moment falls on both
                with databases.new(backend) as database:
                    result = _child(step, database, workbook)
                kept = best[step].get(backend)
                if kept is None or result["seconds"] < kept["seconds"]:
                    best[step][backend] = result
    return best


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load}")


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    return done.stdout.strip() or "unknown"


def report(best: dict, repeats: int) -> None:
    names = {"releases": "national import: the 8 DfE releases", "workbook": "national-scale workbook",
             "chart": "chart query: Charts page opening"}
    print(f"{time.strftime('%Y-%m-%d %H:%M')} commit {commit()}; {machine()}; best of {repeats}")
    print("| step | figures | SQLite | PostgreSQL | PostgreSQL / SQLite |")
    print("|---|---|---|---|---|")
    for step in STEPS:
        lite, pg = best[step]["sqlite"], best[step]["postgresql"]
        figures = lite["figures"]
        print(f"| {names[step]} | {figures:,} | {lite['seconds']:.2f} s | {pg['seconds']:.2f} s | "
              f"{pg['seconds'] / lite['seconds']:.2f}x |")
    chart_lite, chart_pg = best["chart"]["sqlite"], best["chart"]["postgresql"]
    print(f"chart query in parts (SQLite / PostgreSQL): reading every figure "
          f"{chart_lite['read_seconds']:.2f} s"
          f" / {chart_pg['read_seconds']:.2f} s; indexing them and the trend chart's spec "
          f"{chart_lite['index_and_spec_seconds']:.2f} s / {chart_pg['index_and_spec_seconds']:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", help="a PostgreSQL URL whose role may create databases")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--workbook", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.database, args.workbook)))
        return
    from bench_import import write_workbook

    with tempfile.TemporaryDirectory(prefix="bench-postgres-") as folder:
        workbook = Path(folder) / "national.xlsx"
        write_workbook(workbook)
        databases = Databases(Path(folder), args.server)
        databases.start()
        try:
            best = measure(databases, str(workbook), args.repeats)
        finally:
            databases.stop()
    report(best, args.repeats)


if __name__ == "__main__":
    main()
