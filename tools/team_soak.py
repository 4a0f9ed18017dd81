"""Two (or more) officers at once on one team database: imports, edits of the same figure, and charts.

Each officer is a process of its own (this script run with ``--officer K``), started together, each with
its own connection to one PostgreSQL database, for ``--rounds`` rounds. In every round an officer:

- imports a file: first its share of the sample workbooks (different ones for each officer), then a
  tidy return this script writes for its council, whose figures change every round and which also
  gives England's figure for one cell that every officer's files give;
- edits its own council's figure as the grid does (``Store.record_edits`` with the revision it read);
- edits the figure every officer edits, after reading it: when another officer changed it in between,
  the store refuses with an EditConflict and the officer does what the app's dialog offers: "Keep
  theirs" (the figure read again) or "Save mine" (stored over theirs, expecting their revision);
- charts its own figure through the chart's query layer and checks the chart draws what it stored.

Afterwards the database is checked: no officer met an error; every value an officer stored is in the
history under the import or edit that stored it; every cell's revisions form one chain (each old
value is the previous new value, the last is what the cell holds, and their number is the cell's
revision); the counts of imports and revisions are what the officers' outcomes add up to.

Usage:
    .venv/bin/python tools/team_soak.py --db postgresql://user@host/database [--officers 2] [--rounds 300]
                                        [--seed 1] [--json]
The URL may instead be given by ``CPDESK_DB``; it is passed to the officers' processes by environment,
never on their command lines. Exit status 0 when every check holds, 1 when one does not.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

import sqlalchemy as sa  # noqa: E402

from cpdesk.chart.requests import ChartRequest, ChartSource, build_spec  # noqa: E402
from cpdesk.demo import demo_files  # noqa: E402
from cpdesk.indicators.periods import parse_period  # noqa: E402
from cpdesk.observation import Observation  # noqa: E402
from cpdesk.pipeline import import_workbook  # noqa: E402
from cpdesk.query.source import load_index  # noqa: E402
from cpdesk.reference import load_reference  # noqa: E402
from cpdesk.store import open_store  # noqa: E402
from cpdesk.store import tables as t  # noqa: E402
from cpdesk.store.records import EditConflict  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
URL_VARIABLE = "CPDESK_SOAK_DB"
COUNCILS = ("E10000031", "E10000014", "E10000025", "E10000016")  # Warwickshire, Hampshire, Oxon, Kent
ENGLAND = "E92000001"
SHARED_CELL = (ENGLAND, "cpp_count", "31 Mar 2009")  # the figure every officer edits
SHARED_IMPORTED = (ENGLAND, "cpp_count", "31 Mar 2008")  # the figure every officer's files give
OWN_INDICATOR, OWN_PERIOD = "cpp_starts", "2009/10"  # each officer's own council's figure
IMPORTED_YEARS = range(2010, 2020)
MAX_SAVE_TRIES = 20
START_DELAY_S = 4.0  # time for every officer's process to load cpdesk before the first round


@dataclass
class Stored:
    """A value an officer stored in one cell, and the import (or edit) that stored it."""

    area: str
    indicator: str
    period: str  # kind, first and last day: "snapshot 2009-03-31 2009-03-31"
    value: float
    import_id: int


@dataclass
class OfficerLog:
    officer: int
    name: str
    rounds: int = 0
    imports: int = 0  # files stored as a new import
    already_imported: int = 0
    edits: int = 0  # edits stored
    conflicts: int = 0  # EditConflicts met
    kept_theirs: int = 0
    saved_mine: int = 0
    charts: int = 0
    revisions_written: int = 0  # the outcomes' added + changed, over every import and edit stored
    errors: list[str] = field(default_factory=list)
    stored: list[Stored] = field(default_factory=list)
    seconds: float = 0.0


# One officer -------------------------------------------------------------------------------------------

class Officer:
    def __init__(self, number: int, officers: int, url: str, folder: Path, seed: int) -> None:
        self.number = number
        self.council = COUNCILS[number % len(COUNCILS)]
        self.log = OfficerLog(number, f"Officer {number + 1}")
        self.reference = load_reference()
        self.store = open_store(url)
        self.folder = folder
        self.rng = random.Random(seed * 1000 + number)
        files = demo_files()
        self.samples = [f for n, f in enumerate(files) if n % officers == number]  # each a share

    def run(self, rounds: int) -> OfficerLog:
        started = time.monotonic()
        for round_number in range(rounds):
            for step in (self.import_a_file, self.edit_own_figure, self.edit_shared_figure, self.chart):
                try:
                    step(round_number)
                except Exception as exc:  # noqa: BLE001 - every error an officer would see is counted
                    self.log.errors.append(f"round {round_number} {step.__name__}: "
                                           f"{type(exc).__name__}: {exc}")
                    traceback.print_exc(file=sys.stderr)
            self.log.rounds += 1
        self.log.seconds = time.monotonic() - started
        self.store.close()
        return self.log

    # Imports

    def import_a_file(self, round_number: int) -> None:
        path = self.samples.pop(0) if self.samples else self.tidy_return(round_number)
        council = self.council if path.parent == self.folder else None
        plan, outcome = import_workbook(path, self.reference, self.store, user=self.log.name,
                                        council=council)
        if outcome is None:
            raise RuntimeError(f"{path.name} refused: {[str(i) for i in plan.report.errors][:3]}")
        if outcome.already_imported:
            self.log.already_imported += 1
            return
        self.log.imports += 1
        self.log.revisions_written += outcome.added + outcome.changed
        for key, _old, new in outcome.changes:
            period = period_text(*key[3:6])
            self.log.stored.append(Stored(key[0], key[1], period, new.value, outcome.import_id))

    def tidy_return(self, round_number: int) -> Path:
        """A tidy return for this officer's council whose figures change every round, and England's
        figure for the cell every officer's files give."""
        areas = self.reference.areas
        path = self.folder / f"officer{self.number + 1}_round{round_number:04d}.csv"
        rows = [(self.council, f"31 Mar {year}", 300 + 10 * self.number + (round_number + year) % 50)
                for year in IMPORTED_YEARS]
        rows.append((SHARED_IMPORTED[0], SHARED_IMPORTED[2], 50_000 + 10 * round_number + self.number))
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["area_code", "area_name", "indicator", "breakdown", "period", "value"])
            for code, period, value in rows:
                writer.writerow([code, areas.find(code).name, "cpp_count", "", period, value])
        return path

    # Edits, as the grid makes them

    def edit_own_figure(self, round_number: int) -> None:
        self.edit((self.council, OWN_INDICATOR, OWN_PERIOD), 1000 + 10 * round_number + self.number,
                  "own figure corrected")

    def edit_shared_figure(self, round_number: int) -> None:
        self.edit(SHARED_CELL, 40_000 + 10 * round_number + self.number, "England's figure corrected",
                  pause_s=self.rng.uniform(0, 0.03))

    def edit(self, cell: tuple[str, str, str], value: float, reason: str, pause_s: float = 0.0) -> None:
        figure = Observation(cell[0], cell[1], parse_period(cell[2]), float(value), raw=f"{value:g}")
        expected = first_seen = self.revision_seen(figure)
        time.sleep(pause_s)  # the officer typing, while another may store
        for _ in range(MAX_SAVE_TRIES):
            try:
                outcome = self.store.record_edits([figure], self.log.name, reason,
                                                  expected={figure.key: expected})
            except EditConflict as conflict:
                self.log.conflicts += 1
                if cell != SHARED_CELL:
                    raise  # nobody else edits this officer's own figure
                [theirs] = conflict.conflicts
                if self.rng.random() < 0.5:  # "Keep theirs": the grid shows their figure again
                    self.keep_theirs(figure, theirs)
                    return
                expected = theirs.revision  # "Save mine": over theirs, both kept in the history
                continue
            self.stored_edit(figure, outcome, saved_over_theirs=expected != first_seen)
            return
        raise RuntimeError(f"{cell}: still changed by others after {MAX_SAVE_TRIES} tries to save")

    def revision_seen(self, figure: Observation) -> int | None:
        stored = self.store.stored_values([figure.key]).get(figure.key)
        return stored.revision if stored is not None else None

    def keep_theirs(self, figure: Observation, theirs) -> None:
        self.log.kept_theirs += 1
        now = self.store.stored_values([figure.key])[figure.key]
        if now.revision == theirs.revision and now.value != theirs.theirs.value:
            raise RuntimeError(f"the conflict showed {theirs.theirs.value}, the grid reads {now.value} "
                               f"at the same revision {now.revision}")

    def stored_edit(self, figure: Observation, outcome, *, saved_over_theirs: bool) -> None:
        self.log.edits += 1
        self.log.saved_mine += saved_over_theirs
        self.log.revisions_written += outcome.added + outcome.changed
        if outcome.added + outcome.changed:
            period = period_text(*figure.period.key)
            self.log.stored.append(Stored(figure.area_code, figure.indicator_id, period, figure.value,
                                          outcome.import_id))

    # Charts

    def chart(self, round_number: int) -> None:
        """The trend chart of this officer's own figure draws the value it stored last."""
        source = ChartSource(load_index(self.store, indicators=[OWN_INDICATOR]), self.reference, self.store)
        spec = build_spec(source, ChartRequest(OWN_INDICATOR, self.council, "trend"))
        self.log.charts += 1
        mine = [s for s in self.log.stored if s.indicator == OWN_INDICATOR and s.area == self.council]
        if not mine:
            return
        home = [p.y for series in spec.series if series.role == "home" for p in series.points
                if spec.x_categories[p.x] == OWN_PERIOD]
        if home != [mine[-1].value]:
            raise RuntimeError(f"the chart draws {home} at {OWN_PERIOD}, the officer stored {mine[-1].value}")


def period_text(kind: str, start: dt.date, end: dt.date) -> str:
    """A period as the checks name it, from its key (kind, first day, last day)."""
    return f"{kind} {start.isoformat()} {end.isoformat()}"


# The checks afterwards ----------------------------------------------------------------------------------

@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    cells: int = 0
    revisions: int = 0
    imports: int = 0

    def problem(self, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(text)


def check_database(url: str, logs: list[OfficerLog]) -> Findings:
    found = Findings()
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            history = _history(conn)
            cells = _cells(conn)
            imports = conn.execute(sa.select(t.imports.c.id, t.imports.c.kind, t.imports.c.n_added,
                                             t.imports.c.n_changed)).all()
    finally:
        engine.dispose()
    found.cells, found.imports = len(cells), len(imports)
    found.revisions = sum(len(chain) for chain in history.values())
    _check_chains(history, cells, found)
    _check_stored(history, cells, logs, found)
    _check_counts(imports, found, logs)
    for log in logs:
        for error in log.errors[:10]:
            found.problem(f"{log.name}: {error}")
    return found


def _history(conn) -> dict[int, list]:
    """Each cell's revisions; a cell that never changed has none, and its one value is its first (schema
    version 3): read from the cell and the import that stored it, as the history shows it."""
    r, o = t.revisions, t.observations
    rows = conn.execute(sa.select(r.c.observation_id, r.c.id, r.c.old_value, r.c.old_status, r.c.old_raw,
                                  r.c.new_value, r.c.new_status, r.c.new_raw, r.c.import_id)
                        .order_by(r.c.observation_id, r.c.id))
    chains: dict[int, list] = defaultdict(list)
    for row in rows:
        chains[row.observation_id].append(row)
    nothing = sa.null()
    first = (sa.select(o.c.id.label("observation_id"), sa.literal(0).label("id"), nothing.label("old_value"),
                       nothing.label("old_status"), nothing.label("old_raw"), o.c.value.label("new_value"),
                       o.c.status.label("new_status"), o.c.raw.label("new_raw"), o.c.import_id)
             .where(~sa.exists().where(r.c.observation_id == o.c.id)))
    for row in conn.execute(first):
        chains[row.observation_id].append(row)
    return chains


def _cells(conn) -> dict[int, tuple]:
    o, p = t.observations, t.periods
    columns = [o.c.id, o.c.area_code, o.c.indicator_id, p.c.kind, p.c.start_date, p.c.end_date, o.c.value,
               o.c.status, o.c.raw]
    has_revision = "revision" in o.c
    if has_revision:
        columns.append(o.c.revision)
    rows = conn.execute(sa.select(*columns).join(p, p.c.id == o.c.period_id))
    return {row[0]: (row[1], row[2], period_text(row[3], row[4], row[5]), *row[6:],
                     *(() if has_revision else (None,))) for row in rows}


def _check_chains(history: dict[int, list], cells: dict[int, tuple], found: Findings) -> None:
    for cell_id, (area, indicator, period, value, status, raw, revision) in cells.items():
        chain, name = history.get(cell_id, []), f"{indicator} {area} {period}"
        if not chain:
            found.problem(f"{name}: no history")
            continue
        if (chain[0].old_value, chain[0].old_status) != (None, None):
            found.problem(f"{name}: its first revision does not start from nothing")
        for before, after in zip(chain, chain[1:], strict=False):
            if (after.old_value, after.old_status, after.old_raw) != (before.new_value, before.new_status,
                                                                      before.new_raw):
                found.problem(f"{name}: revision {after.id} starts from {after.old_value!r}, but revision "
                              f"{before.id} left {before.new_value!r}: a change was lost")
        last = chain[-1]
        if (last.new_value, last.new_status, last.new_raw) != (value, status, raw):
            found.problem(f"{name}: holds {value!r} but its last revision gave {last.new_value!r}")
        if revision is not None and revision != len(chain):
            found.problem(f"{name}: revision {revision} but {len(chain)} revisions in its history")


def _check_stored(history: dict[int, list], cells: dict[int, tuple], logs: list[OfficerLog],
                  found: Findings) -> None:
    by_cell = {(area, indicator, period): cell_id for cell_id, (area, indicator, period, *_) in cells.items()}
    for log in logs:
        for stored in log.stored:
            cell_id = by_cell.get((stored.area, stored.indicator, stored.period))
            chain = history.get(cell_id, []) if cell_id is not None else []
            if not any(r.import_id == stored.import_id and r.new_value == stored.value for r in chain):
                found.problem(f"{log.name} stored {stored.value:g} in {stored.indicator} {stored.area} "
                              f"{stored.period} (import {stored.import_id}): not in its history")


def _check_counts(imports: list, found: Findings, logs: list[OfficerLog]) -> None:
    stored_imports = sum(log.imports + log.edits for log in logs)
    if len(imports) != stored_imports:
        found.problem(f"{len(imports)} imports and edits in the database, the officers stored "
                      f"{stored_imports}")
    recorded = sum(row.n_added + row.n_changed for row in imports)
    written = sum(log.revisions_written for log in logs)
    if not found.revisions == recorded == written:
        found.problem(f"{found.revisions} revisions in the database, its imports count {recorded}, "
                      f"the officers' outcomes {written}")


# Running it ---------------------------------------------------------------------------------------------

def prepare(url: str) -> None:
    """The reference rows, as the app's first use of a database stores them."""
    reference = load_reference()
    with open_store(url) as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())


def run_officers(url: str, officers: int, rounds: int, seed: int, folder: Path) -> list[OfficerLog]:
    env = {**os.environ, URL_VARIABLE: url, "CPDESK_NATIONAL_PACK": "off", "PYTHONPATH": os.pathsep.join(
               filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")]))}
    start_at = time.time() + START_DELAY_S
    children = []
    for number in range(officers):
        out = folder / f"officer{number + 1}.json"
        argv = [sys.executable, __file__, "--officer", str(number), "--officers", str(officers),
                "--rounds", str(rounds), "--seed",
                str(seed), "--start-at", f"{start_at:.3f}", "--out", str(out)]
        children.append((subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True), out, number))
    logs = []
    for child, out, number in children:
        _, stderr = child.communicate()
        sys.stderr.write(stderr)
        if child.returncode != 0 or not out.exists():
            logs.append(OfficerLog(number, f"Officer {number + 1}", errors=[
                f"the process ended with status {child.returncode}: {stderr.strip()[-800:]}"]))
            continue
        logs.append(_read_log(out))
    return logs


def _read_log(path: Path) -> OfficerLog:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["stored"] = [Stored(**s) for s in data["stored"]]
    return OfficerLog(**data)


def officer_main(args: argparse.Namespace) -> int:
    url = os.environ[URL_VARIABLE]
    with tempfile.TemporaryDirectory(prefix=f"soak-officer{args.officer + 1}-") as folder:
        officer = Officer(args.officer, args.officers, url, Path(folder), args.seed)
        time.sleep(max(0.0, args.start_at - time.time()))
        log = officer.run(args.rounds)
    Path(args.out).write_text(json.dumps(asdict(log)), encoding="utf-8")
    return 0


def summary(logs: list[OfficerLog], found: Findings, seconds: float, rounds: int) -> dict:
    totals = Counter()
    for log in logs:
        totals.update({name: getattr(log, name) for name in (
            "imports", "already_imported", "edits", "conflicts", "kept_theirs", "saved_mine", "charts")})
        totals["errors"] += len(log.errors)
    return {"officers": len(logs), "rounds": rounds, **totals,
            "cells": found.cells, "revisions": found.revisions, "imports_in_database": found.imports,
            "problems": found.problems, "wall_seconds": round(seconds, 1),
            "per_officer": [{"name": log.name, "rounds": log.rounds, "imports": log.imports,
                             "edits": log.edits, "conflicts": log.conflicts, "errors": len(log.errors),
                             "seconds": round(log.seconds, 1)} for log in logs]}


def print_summary(result: dict) -> None:
    print(f"{result['officers']} officers x {result['rounds']} rounds in {result['wall_seconds']} s: "
          f"{result['imports']} imports ({result['already_imported']} files already imported), "
          f"{result['edits']} edits, {result['conflicts']} conflicts seen and resolved "
          f"({result['kept_theirs']} kept theirs, {result['saved_mine']} saved mine), {result['charts']} "
          f"charts, {result['errors']} errors.")
    print(f"Database: {result['cells']} figures, {result['revisions']} revisions, "
          f"{result['imports_in_database']} imports and edits.")
    for officer in result["per_officer"]:
        print(f"  {officer['name']}: {officer['rounds']} rounds, {officer['imports']} imports, "
              f"{officer['edits']} edits, {officer['conflicts']} conflicts, {officer['errors']} errors, "
              f"{officer['seconds']} s")
    if result["problems"]:
        print(f"FAILED: {len(result['problems'])} problems (the first shown):")
        for problem in result["problems"]:
            print(f"  {problem}")
    else:
        print("Every check held: no errors, every stored value in its history, every chain linked, "
              "counts match.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the team database's URL (default: $CPDESK_DB)")
    parser.add_argument("--officers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--officer", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.officer is not None:
        return officer_main(args)
    url = args.db or os.environ.get("CPDESK_DB")
    if not url or not url.startswith("postgresql"):
        parser.error("give a PostgreSQL database's URL with --db or CPDESK_DB")
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    started = time.monotonic()
    prepare(url)
    with tempfile.TemporaryDirectory(prefix="team-soak-") as folder:
        logs = run_officers(url, args.officers, args.rounds, args.seed, Path(folder))
    found = check_database(url, logs)
    result = summary(logs, found, time.monotonic() - started, args.rounds)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_summary(result)
    return 1 if found.problems else 0


if __name__ == "__main__":
    sys.exit(main())
