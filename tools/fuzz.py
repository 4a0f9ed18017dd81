"""Fuzz cpdesk's readers with damaged copies of real workbooks and CSV files.

Each case takes one seed file (the sample workbooks built from the councils' reports, the tidy
seed figures, the head of each DfE file, and the same workbooks saved with shared strings as Excel
saves them), applies one to three mutations, and reads the result through the whole read-and-check
pipeline (``cpdesk.pipeline.prepare_import``, what ``cpdesk validate`` runs). The only allowed
outcomes are figures read (with their issues) or a CpdeskError whose message names the file.
Anything else - another exception, a message without the file's name, a hang, a dead process - is
a failure, reported with the case's spec so it can be replayed.

Cases run in a worker process capped at 2 GB of address space (RLIMIT_AS), so a mutation that
inflates a sheet cannot take the machine down; a case that runs past ``--timeout`` seconds kills
the worker, which is restarted.

Usage:
    .venv/bin/python tools/fuzz.py --cases 5000 [--seed 1] [--timeout 20] [--write]
    .venv/bin/python tools/fuzz.py --replay '{"seed": "...", "mutations": [...], "rng": 1}' [--keep DIR]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its mutations, also when loaded by the tests
from fuzz_mutations import REPO, mutate, mutation_names, seed_files  # noqa: E402

MEMORY_CAP = 2_000_000_000  # bytes of address space for the worker: a runaway read fails, not the machine

# --- one case ----------------------------------------------------------------------------------------


@dataclass
class Case:
    seed: str  # the seed file's name
    mutations: list[str]
    rng: int


@dataclass
class Outcome:
    kind: str  # "read", "refused" (a CpdeskError naming the file), or a failure kind (FAILURES)
    seconds: float
    message: str = ""
    detail: str = ""  # a failure's traceback
    case: dict = field(default_factory=dict)


FAILURES = ("crash", "unnamed-refusal", "timeout", "died")


def random_case(rng: random.Random, seeds: list[Path]) -> Case:
    seed = rng.choice(seeds)
    names = mutation_names(seed.suffix)
    return Case(seed.name, [rng.choice(names) for _ in range(rng.randint(1, 3))], rng.randrange(2**31))


def run_case(case: Case, seeds: dict[str, Path], reference, folder: Path) -> Outcome:
    """Write the mutated file under the seed's own name and read it as ``cpdesk validate`` does."""
    import traceback

    from cpdesk.errors import CpdeskError
    from cpdesk.pipeline import prepare_import

    seed = seeds[case.seed]
    target = folder / seed.name
    target.write_bytes(mutate(seed.read_bytes(), seed.suffix, case.mutations, case.rng))
    started = time.perf_counter()
    try:
        plan = prepare_import(target, reference, None)
    except CpdeskError as exc:
        kind = "refused" if target.name in str(exc) else "unnamed-refusal"
        return Outcome(kind, time.perf_counter() - started, str(exc)[:300])
    except BaseException as exc:  # noqa: BLE001 - every other exception is the failure being looked for
        if isinstance(exc, KeyboardInterrupt):
            raise
        return Outcome("crash", time.perf_counter() - started, f"{type(exc).__name__}: {str(exc)[:200]}",
                       traceback.format_exc(limit=-8))
    return Outcome("read", time.perf_counter() - started, f"{len(plan.observations)} figures")


def worker_main() -> None:
    """Run cases read as JSON lines on stdin; answer each with an Outcome as a JSON line."""
    import logging
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    logging.disable(logging.CRITICAL)  # the officer's log is not under test here
    from cpdesk.reference import load_reference

    reference = load_reference()
    with tempfile.TemporaryDirectory(prefix="cpdesk-fuzz-") as tmp:
        folder = Path(tmp)
        seeds = {p.name: p for p in seed_files(folder)}
        work = folder / "case"
        work.mkdir()
        print(json.dumps({"ready": sorted(seeds)}), flush=True)
        for line in sys.stdin:
            case = Case(**json.loads(line))
            outcome = run_case(case, seeds, reference, work)
            print(json.dumps(asdict(outcome)), flush=True)


class Worker:
    """The capped worker process, restarted after a case kills it or runs past the timeout."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.process: subprocess.Popen | None = None
        self.seeds: list[str] = []

    def _start(self) -> subprocess.Popen:
        env = {**os.environ, "PYTHONPATH": str(REPO), "CPDESK_NATIONAL_PACK": "off"}
        process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True, env=env, cwd=str(REPO))
        ready = json.loads(process.stdout.readline())  # type: ignore[union-attr]
        self.seeds = ready["ready"]
        return process

    def run(self, case: Case) -> Outcome:
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        started = time.perf_counter()
        try:
            stdin.write(json.dumps(asdict(case)) + "\n")
            stdin.flush()
        except BrokenPipeError:
            return self._lost(case, "died", started)
        ready, _, _ = select.select([stdout], [], [], self.timeout)
        if not ready:
            return self._lost(case, "timeout", started)
        line = stdout.readline()
        if not line:
            return self._lost(case, "died", started)
        outcome = Outcome(**json.loads(line))
        outcome.case = asdict(case)
        return outcome

    def _lost(self, case: Case, kind: str, started: float) -> Outcome:
        code = self.close()
        return Outcome(kind, time.perf_counter() - started, f"worker ended with {code}", case=asdict(case))

    def close(self) -> int | None:
        if self.process is None:
            return None
        process, self.process = self.process, None
        if process.poll() is None:
            process.kill()
        return process.wait()


# --- the long run and its report ---------------------------------------------------------------------


def fuzz(cases: int, seed: int, timeout: float, progress=None) -> dict:
    worker = Worker(timeout)
    rng = random.Random(seed)
    counts: collections.Counter[str] = collections.Counter()
    by_type: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    failures: list[Outcome] = []
    slowest: Outcome | None = None
    started = time.perf_counter()
    try:
        worker.run(Case("tidy_seed_figures.csv", [], 0))  # start it, to learn the seed names
        seeds = [Path(name) for name in worker.seeds]
        for number in range(cases):
            outcome = worker.run(random_case(rng, seeds))
            counts[outcome.kind] += 1
            by_type[Path(outcome.case["seed"]).suffix][outcome.kind] += 1
            if outcome.kind in FAILURES:
                failures.append(outcome)
            if slowest is None or outcome.seconds > slowest.seconds:
                slowest = outcome
            if progress and (number + 1) % 250 == 0:
                progress(f"{number + 1} cases: {dict(counts)}")
    finally:
        worker.close()
    return {"cases": cases, "seed": seed, "counts": counts, "by_type": by_type, "failures": failures,
            "slowest": slowest, "seconds": time.perf_counter() - started, "seed_count": len(worker.seeds)}


def report_markdown(result: dict, command: str) -> str:
    from reliability_doc import machine_line

    counts, failures = result["counts"], result["failures"]
    lines = [
        "## Fuzzing", "",
        f"`{command}` ({machine_line()}); the parsers' properties are `tests/core/test_properties.py`.", "",
        f"**{result['cases']:,} cases** from {result['seed_count']} seed files (the sample workbooks, the "
        "tidy seed figures, the head of each DfE file, two workbooks saved with shared strings), each "
        "with one to three mutations, read through `prepare_import` as `cpdesk validate` does, in a "
        f"worker capped at {MEMORY_CAP // 1_000_000:,} MB. {result['seconds']:.0f} s in all.", "",
        "| outcome | cases | xlsx | csv |", "|---|---|---|---|",
    ]
    xlsx, csv = result["by_type"][".xlsx"], result["by_type"][".csv"]
    for kind in ("read", "refused", *FAILURES):
        lines.append(f"| {_KIND_WORDS[kind]} | {counts.get(kind, 0):,} | {xlsx.get(kind, 0):,} | "
                     f"{csv.get(kind, 0):,} |")
    slowest = result["slowest"]
    if slowest is not None:
        lines += ["", f"Slowest case: {slowest.seconds:.2f} s (`{json.dumps(slowest.case)}`)."]
    lines += ["", f"**Failures: {len(failures)}.**" if failures else "**Failures: none.**"]
    for outcome in failures[:20]:
        lines.append(f"- {outcome.kind}: {outcome.message} - replay with "
                     f"`tools/fuzz.py --replay '{json.dumps(outcome.case)}'`")
    lines += ["", "What earlier runs found - crashes (`ValueError`, `OverflowError`, `zlib.error`, "
              "`RuntimeError`, `NotImplementedError`, `decimal.InvalidOperation`, a calamine panic, calamine "
              "aborting the process to allocate 550 GB), a "
              "17 s label split and a 1 MB CSV cell - was fixed; each case is replayed by "
              "`tests/core/test_fuzz_readers.py` (`FOUND`)."]
    return "\n".join(lines) + "\n"


_KIND_WORDS = {
    "read": "read: figures and issues", "refused": "refused with a message naming the file",
    "crash": "**failure**: an unhandled exception",
    "unnamed-refusal": "**failure**: a message without the file",
    "timeout": "**failure**: still running after the timeout", "died": "**failure**: the process died",
}


def replay(spec: str, keep: Path | None) -> int:
    import logging
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    logging.disable(logging.CRITICAL)
    from cpdesk.reference import load_reference

    case = Case(**json.loads(spec))
    with tempfile.TemporaryDirectory(prefix="cpdesk-fuzz-") as tmp:
        folder = Path(tmp)
        seeds = {p.name: p for p in seed_files(folder)}
        work = keep or folder / "case"
        work.mkdir(parents=True, exist_ok=True)
        outcome = run_case(case, seeds, load_reference(), work)
    print(f"{outcome.kind} in {outcome.seconds:.2f} s: {outcome.message}\n{outcome.detail}")
    return 1 if outcome.kind in FAILURES else 0


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(REPO))  # the checkout this script is in is the one fuzzed
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1, help="the random seed of the whole run")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before a case counts as hung")
    parser.add_argument("--write", action="store_true", help="replace the section in docs/RELIABILITY.md")
    parser.add_argument("--replay", help="run one case, given as the JSON a failure printed")
    parser.add_argument("--keep", type=Path, help="with --replay: keep the mutated file in this folder")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main()
        return 0
    if args.replay:
        return replay(args.replay, args.keep)
    result = fuzz(args.cases, args.seed, args.timeout, progress=lambda text: print(text, file=sys.stderr))
    command = f"tools/fuzz.py --cases {args.cases} --seed {args.seed}"
    markdown = report_markdown(result, command)
    print(markdown)
    if args.write:
        from reliability_doc import replace_section

        replace_section("Fuzzing", markdown)
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
