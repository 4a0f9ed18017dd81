"""SIGKILL cpdesk at random moments while it writes, and check that nothing was lost or half-done.

A database is seeded once (the sample workbooks and a DfE file imported). Each kill works on a fresh
copy of it: a forked child runs one operation - an import of a DfE file, a run of corrections through
``Store.record_edits`` (what the grid's edits, undo and redo call), the undo of an import, an export
through the command line (``cpdesk export`` of each layout, ``cpdesk dump``) or through the export
service - and is sent SIGKILL at a random moment between its start and a little past the time the
operation takes when left alone; for half the kills of an operation that writes (all of them with
``--while-writing``), after its first write. Then:

- ``PRAGMA integrity_check`` is ok, and cpdesk opens the database again;
- an import or undo is all or nothing: the counts of imports, figures and revisions, and the figures
  themselves, are those from before the operation or those after it, never between;
- each batch of corrections is wholly applied or not at all, and the applied ones are the first ones;
- an export's target is the old file, byte for byte, or a whole new one (a zip whose every part
  passes its checksum; CSV rows of one length ending in a newline); the next run of the same export
  succeeds and leaves no temporary file beside it.

Usage:
    .venv/bin/python tools/kill_harness.py --kills 240 [--seed 1] [--while-writing] [--write] [--json]
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import multiprocessing
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its checks, also when loaded by the tests
from kill_checks import (  # noqa: E402
    check_database,
    check_export,
    counts,
    figures,
    incomplete,
    temporaries,
    wal_bytes,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_workbooks"
SEED_IMPORTS = ("tidy_seed_figures.xlsx", "warwickshire_cp_update_2020.xlsx",
                "hampshire_safeguarding_2015.xlsx", "dfe/d3_cpps_subsequent_plan_2013_to_2025.csv")
IMPORTED = SAMPLES / "dfe" / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
EDIT_BATCHES = 12  # corrections stored one batch after another, as a run of pastes into the grid
USER = "kill-harness"
# Each operation's share of the kills.
SHARES = {"import": 0.25, "edit": 0.2, "undo": 0.15, "export-cli": 0.25, "export-service": 0.15}
CLI_EXPORTS = (("dfe", ".xlsx"), ("board", ".xlsx"), ("cpdesk", ".xlsx"), ("cpdesk", ".csv"),
               ("dump", ".csv"))
SERVICE_EXPORTS = (("dfe", ".csv"), ("cpdesk", ".xlsx"), ("board", ".xlsx"))
HOME_COUNCIL = "E10000031"  # Warwickshire, whose figures the seed holds


# --- the seeded database and what is counted in it ---------------------------------------------------


def seed_database(folder: Path, reference) -> Path:
    from cpdesk.pipeline import import_workbook
    from cpdesk.store import open_store

    path = folder / "seed.sqlite"
    with open_store(path) as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema)
        for name in SEED_IMPORTS:
            _, outcome = import_workbook(SAMPLES / name, reference, store, user=USER, skip_invalid=True)
            assert outcome is not None, name
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


# --- the operations, each run in a forked child ------------------------------------------------------


@dataclass
class Operation:
    name: str  # a key of SHARES
    variant: str = ""  # which export: "dfe.xlsx", "dump.csv" ...

    @property
    def label(self) -> str:
        return f"{self.name} {self.variant}".strip()


def _edit_batches(db: Path):
    """EDIT_BATCHES batches of corrections to distinct figures of the DfE file the seed imported."""
    from cpdesk.observation import Observation
    from cpdesk.store import open_store

    with open_store(db, create=False) as store:
        stored = [o for o in store.observations(indicator="cpp_repeat_pct") if o.value is not None]
    stored.sort(key=lambda o: (o.area_code, o.period.end))
    size = len(stored) // EDIT_BATCHES
    batches = []
    for number in range(EDIT_BATCHES):
        chosen = stored[number * size:(number + 1) * size]
        batches.append([Observation(o.area_code, o.indicator_id, o.period, float(number + 1),
                                    raw=str(number + 1), breakdown=o.breakdown, publisher=o.publisher)
                        for o in chosen])
    return batches


def run_operation(operation: Operation, db: Path, out: Path, reference, started) -> None:
    """The child's work; ``started`` is set just before the operation begins."""
    from cpdesk.store import open_store

    if operation.name == "import":
        from cpdesk.pipeline import import_workbook

        with open_store(db, create=False) as store:
            started.set()
            import_workbook(IMPORTED, reference, store, user=USER)
    elif operation.name == "edit":
        batches = _edit_batches(db)
        with open_store(db, create=False) as store:
            started.set()
            for batch in batches:
                store.record_edits(batch, USER, "edit")
    elif operation.name == "undo":
        with open_store(db, create=False) as store:
            last = store.imports()[0].id
            started.set()
            store.undo_import(last, USER)
    elif operation.name == "export-cli":
        _cli_export(operation.variant, db, out, started)
    else:
        from cpdesk.export.service import ExportFormat, ExportRequest, export

        fmt = operation.variant.split(".")[0]
        with open_store(db, create=False) as store:
            started.set()
            export(ExportRequest(ExportFormat(fmt), out, area=HOME_COUNCIL if fmt == "board" else None),
                   reference, store, home_council=HOME_COUNCIL)


def _cli_export(variant: str, db: Path, out: Path, started) -> None:
    from cpdesk.cli import main

    fmt = variant.split(".")[0]
    if fmt == "dump":
        argv = ["--db", str(db), "dump"]
        # As `cpdesk dump > out.csv` does: the shell opens the file, the command writes its stdout.
        handle = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(handle, 1)
        sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), encoding="utf-8", newline="")
    else:
        argv = ["export", "--db", str(db), "--format", fmt, "--out", str(out)]
        if fmt == "board":
            argv += ["--area", HOME_COUNCIL]
    started.set()
    code = main(argv)
    sys.stdout.flush()
    os._exit(code)


def _child(operation: Operation, db: Path, out: Path, reference, started) -> None:
    import logging

    logging.disable(logging.CRITICAL)
    said = os.open(said_by_child(db), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(said, 2)  # what cpdesk prints to stderr, for the report when a run that was left alone fails
    if operation.variant != "dump.csv":
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    try:
        run_operation(operation, db, out, reference, started)
    except BaseException as exc:  # noqa: BLE001 - the exit code tells the parent
        os.write(2, f"{type(exc).__name__}: {exc}\n".encode())
        os._exit(70)
    os._exit(0)


def said_by_child(db: Path) -> Path:
    return db.parent / "child-stderr.txt"


def last_words(db: Path) -> str:
    try:
        lines = [line for line in said_by_child(db).read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1][:300] if lines else ""


# --- one kill, and what is checked after it ----------------------------------------------------------


@dataclass
class KillResult:
    operation: str
    delay: float
    killed: bool  # False: the operation had finished before the kill came
    state: str  # "before", "after", "partly" (edits: some batches, each whole), or what was wrong
    problems: list[str] = field(default_factory=list)
    temporaries_left: int = 0  # beside the export target, after the kill (the next run must clear them)
    writing: bool = False  # the log held a write under way when the kill came


def run_child(operation: Operation, db: Path, out: Path, reference, delay: float | None,
              from_first_write: bool = False) -> tuple[bool, float, float | None]:
    """Run the operation; SIGKILL it ``delay`` seconds after it starts, or with ``from_first_write``
    after its first write (None: let it finish). Returns (killed, seconds from its start to its end or
    the kill, seconds to its first write or None)."""
    context = multiprocessing.get_context("fork")
    started = context.Event()
    process = context.Process(target=_child, args=(operation, db, out, reference, started))
    process.start()
    if not started.wait(60):
        process.kill()
        raise RuntimeError(f"{operation.label} never started")
    begin = time.perf_counter()
    first_write = None
    while (delay is None or from_first_write) and first_write is None and process.exitcode is None:
        process.join(0.001)
        if wal_bytes(db) or temporaries(out):
            first_write = time.perf_counter() - begin
    if delay is None:
        process.join()
        return False, time.perf_counter() - begin, first_write
    process.join(delay)
    killed = process.exitcode is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
        process.join()
    return killed, time.perf_counter() - begin, first_write


# --- the run -----------------------------------------------------------------------------------------


class Harness:
    def __init__(self, folder: Path, reference, rng: random.Random, while_writing: bool = False) -> None:
        self.folder = folder
        self.while_writing = while_writing
        self.reference = reference
        self.rng = rng
        self.seed = seed_database(folder, reference)
        self.before = {"counts": counts(self.seed), "figures": figures(self.seed)}
        self.after: dict[str, dict] = {}
        self.durations: dict[str, float] = {}
        self.first_writes: dict[str, float | None] = {}
        self.old_exports: dict[str, bytes] = {}

    def _workspace(self, operation: Operation) -> tuple[Path, Path]:
        work = Path(tempfile.mkdtemp(dir=self.folder, prefix="kill-"))
        db = work / "cpdesk.sqlite"
        shutil.copyfile(self.seed, db)
        exports = work / "exports"
        exports.mkdir()
        out = exports / f"figures-{operation.variant or 'out.csv'}"
        if operation.name.startswith("export"):
            out.write_bytes(self.old_exports[operation.label])
        return db, out

    def calibrate(self, operation: Operation) -> None:
        """Run the operation once to its end: how long it takes, and the state it leaves."""
        if operation.name.startswith("export"):
            self.old_exports[operation.label] = f"an earlier export of {operation.label}\n".encode()
        db, out = self._workspace(operation)
        _, seconds, first_write = run_child(operation, db, out, self.reference, None)
        self.durations[operation.label] = seconds
        self.first_writes[operation.label] = first_write
        if not operation.name.startswith("export"):
            self.after[operation.label] = {"counts": counts(db), "figures": figures(db)}
        elif incomplete(out.read_bytes(), operation.variant):
            raise RuntimeError(f"{operation.label} did not write a whole file when left alone")
        shutil.rmtree(db.parent)

    def kill(self, operation: Operation) -> KillResult:
        db, out = self._workspace(operation)
        delay, from_first_write = self._moment(operation.label)
        killed, _, first_write = run_child(operation, db, out, self.reference, delay, from_first_write)
        delay += first_write or 0.0
        writing = killed and bool(wal_bytes(db) or (operation.name.startswith("export") and temporaries(out)))
        state, problems = check_database(db, self.before, self.after.get(operation.label, self.before),
                                         operation.name)
        left = 0
        if operation.name.startswith("export") and operation.variant != "dump.csv":
            export_state, export_problems = check_export(out, self.old_exports[operation.label],
                                                         operation.variant)
            state, problems = (export_state if state == "before" else state), problems + export_problems
        if operation.name.startswith("export"):  # a dump's stdout is the shell's file: no before or after
            left = len(temporaries(out))
            problems += self._next_run(operation, db, out)
        shutil.rmtree(db.parent)
        return KillResult(operation.label, delay, killed, state, problems, left, writing)

    def _moment(self, label: str) -> tuple[float, bool]:
        """When to kill: (seconds, counted from the first write?). Half the kills of an operation that
        writes come while it writes (all with ``while_writing``), the rest at any moment."""
        seconds, first_write = self.durations[label], self.first_writes[label]
        if first_write is not None and (self.while_writing or self.rng.random() < 0.5):
            return self.rng.uniform(0, (seconds - first_write) * 0.95), True
        return self.rng.uniform(0, seconds * 1.1), False

    def _next_run(self, operation: Operation, db: Path, out: Path) -> list[str]:
        """The same export run again to its end: it must succeed and leave nothing else beside it."""
        run_child(operation, db, out, self.reference, None)
        problems = []
        why = incomplete(out.read_bytes(), operation.variant)
        if why:
            problems.append(f"the next run did not write a whole file: {why} (it said: {last_words(db)})")
        left = temporaries(out)
        if left and operation.variant != "dump.csv":
            problems.append(f"temporary files left after the next run: {', '.join(p.name for p in left)}")
        return problems


def plan_operations(kills: int, rng: random.Random) -> list[Operation]:
    """``kills`` operations in a random order, shared as SHARES says, the exports cycling their layouts."""
    names = list(SHARES)
    wanted = {name: int(kills * share) for name, share in SHARES.items()}
    for number in range(kills - sum(wanted.values())):
        wanted[names[number % len(names)]] += 1
    plan: list[Operation] = []
    for name in names:
        variants = {"export-cli": CLI_EXPORTS, "export-service": SERVICE_EXPORTS}.get(name, (("", ""),))
        for number in range(wanted[name]):
            fmt, suffix = variants[number % len(variants)]
            plan.append(Operation(name, f"{fmt}{suffix}" if fmt else ""))
    rng.shuffle(plan)
    return plan


def run(kills: int, seed: int, progress=None, while_writing: bool = False) -> dict:
    os.environ.setdefault("CPDESK_NATIONAL_PACK", "off")
    os.environ.setdefault("CPDESK_USER", USER)
    from cpdesk.reference import load_reference

    rng = random.Random(seed)
    reference = load_reference()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cpdesk-kills-") as tmp:
        os.environ.setdefault("CPDESK_HOME", str(Path(tmp) / "home"))
        harness = Harness(Path(tmp), reference, rng, while_writing)
        plan = plan_operations(kills, rng)
        for operation in {op.label: op for op in plan}.values():
            harness.calibrate(operation)
        results = []
        for number, operation in enumerate(plan, start=1):
            results.append(harness.kill(operation))
            if progress and number % 20 == 0:
                progress(f"{number} kills, {sum(bool(r.problems) for r in results)} with problems")
    return {"kills": kills, "seed": seed, "results": results, "durations": harness.durations,
            "seconds": time.perf_counter() - started, "seed_counts": harness.before["counts"]}


def report_markdown(result: dict, command: str) -> str:
    from reliability_doc import machine_line

    rows: dict[str, list[KillResult]] = collections.defaultdict(list)
    for outcome in result["results"]:
        rows[outcome.operation].append(outcome)
    failed = [r for r in result["results"] if r.problems]
    imports, _, figures_held, values = result["seed_counts"]
    lines = [
        "## Kills survived", "",
        f"`{command}` ({machine_line()}).", "",
        f"**{len(result['results'])} SIGKILLs**, each on a fresh copy of a seeded database "
        f"({imports} imports, {figures_held:,} figures, {values:,} values in their histories), at a random "
        "moment from "
        "the operation's start to 1.1 times what it takes alone; for half of the kills of an operation "
        "that writes, from its first write (to SQLite's log, or an export's temporary file) on. After each: "
        "`PRAGMA integrity_check`; cpdesk opens the database; its counts and figures are those from before "
        "or after (corrections: whole batches, the first ones); an export's target is the old file or a "
        "whole new one; the export run again succeeds and leaves no temporary file beside its target. "
        f"{result['seconds']:.0f} s in all.", "",
        "| operation | takes alone | kills | killed mid-way | while writing | left as before | left as after "
        "| partly (whole batches) | problems |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label in sorted(rows):
        found = rows[label]
        states = collections.Counter(r.state for r in found)
        lines.append(f"| {label} | {result['durations'][label]:.2f} s | {len(found)} | "
                     f"{sum(r.killed for r in found)} | {sum(r.writing for r in found)} | "
                     f"{states['before']} | {states['after']} | "
                     f"{states['partly']} | {sum(bool(r.problems) for r in found)} |")
    everything = result["results"]
    lines.append(f"| **all** | | {len(everything)} | {sum(r.killed for r in everything)} | "
                 f"{sum(r.writing for r in everything)} | | | | {len(failed)} |")
    left = sum(r.temporaries_left for r in result["results"])
    lines += ["", f"Integrity: {sum(1 for r in result['results'] if r.state != 'damaged')} of "
              f"{len(result['results'])} ok. Temporary files found beside an export target right after a "
              f"kill: {left} (each must be gone after the next run)."]
    lines += ["", f"**Problems: {len(failed)}.**" if failed else "**Problems: none.**"]
    for outcome in failed[:20]:
        lines.append(f"- {outcome.operation} killed at {outcome.delay:.2f} s: {'; '.join(outcome.problems)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(REPO))  # the checkout this script is in is the one put through the kills
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=240)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="replace the section in docs/RELIABILITY.md")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead")
    parser.add_argument("--while-writing", action="store_true",
                        help="kill every operation that writes after its first write, not at any moment")
    args = parser.parse_args(argv)
    result = run(args.kills, args.seed, progress=lambda text: print(text, file=sys.stderr),
                 while_writing=args.while_writing)
    failed = [r for r in result["results"] if r.problems]
    if args.json:
        print(json.dumps({"results": [vars(r) for r in result["results"]], "durations": result["durations"]}))
        return 1 if failed else 0
    markdown = report_markdown(result, f"tools/kill_harness.py --kills {args.kills} --seed {args.seed}")
    print(markdown)
    if args.write:
        from reliability_doc import replace_section

        replace_section("Kills survived", markdown)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
