"""Faults injected under cpdesk's writes: a full disk under every file it writes, and Ctrl+C at random
moments during imports. Prints the ``## Faults injected: full disk, interrupted writes`` section of
docs/RELIABILITY.md.

A full disk is a real one: a tmpfs of a few hundred KB mounted on a temporary folder (needs root;
without it those rows are skipped with a note), holding the previous copy of the file and filled
so that 0 bytes, or half the new file, are left. Each export format, ``dump --out``, ``history
--out``, ``validate --report`` and an import whose log folder is on the full disk run as
``python -m cpdesk`` in a child process capped at 2 GB of address space; standard output into a
full disk is Linux's ``/dev/full``. For each: the exit code, one line on stderr, no traceback, the
previous file byte for byte, and no temporary file left beside it.

Ctrl+C: ``cpdesk import`` of three files into a new database (a third of the runs also load the
national data pack first) gets SIGINT at a random moment. For each run: the exit code, one line,
no traceback, ``PRAGMA integrity_check``, and all or nothing per file: the database holds exactly
what an uninterrupted run holds after some number of whole files, and the message names those
files as kept and no others.

Usage (from a checkout, with the project's virtual environment):
  .venv/bin/python tools/fault_injection.py [--interrupts 60] [--seed 1] [--demo PATH] [--write]
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

from tools.reliability_doc import REPO, machine_line, write_section  # noqa: E402

SECTION = "Faults injected: full disk, interrupted writes"
SUMMARY_ROW = "Full disk and interrupted writes"
ADDRESS_SPACE_CAP = 2_000_000_000
TIMEOUT_S = 300
SAMPLES = REPO / "sample_workbooks"
SAMPLE = SAMPLES / "warwickshire_cp_update_2020.xlsx"
IMPORTED = [SAMPLE, SAMPLES / "dfe" / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            SAMPLES / "tidy_seed_figures.csv"]
COUNCIL = "E10000031"
PAGE = 4096


# -- running cpdesk ---------------------------------------------------------------------------------

def _cap_memory() -> None:
    """In the child: 2 GB of address space, and Ctrl+C as a terminal gives it (a script started in the
    background inherits SIGINT ignored, and Python then never turns it into KeyboardInterrupt)."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def child_env(home: Path, *, pack: bool = False) -> dict[str, str]:
    env = dict(os.environ, CPDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               CPDESK_NATIONAL_PACK="on" if pack else "off", PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


@dataclass
class Answer:
    exit_code: int
    stderr: str
    seconds: float

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    @property
    def one_line(self) -> bool:
        return len(self.lines) == 1 and "Traceback" not in self.stderr

    @property
    def said(self) -> str:
        return self.lines[-1] if self.lines else ""


def cpdesk(home: Path, args: list[str], *, stdout=subprocess.DEVNULL) -> Answer:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "cpdesk", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=child_env(home), preexec_fn=_cap_memory, timeout=TIMEOUT_S,
                          check=False)
    return Answer(done.returncode, done.stderr, time.monotonic() - started)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


# -- a real full disk -------------------------------------------------------------------------------

def can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def tiny_disk(size: int) -> Iterator[Path]:
    """A tmpfs of ``size`` bytes (rounded up to pages), unmounted afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="cpdesk-full-"))
    pages = -(-size // PAGE)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={pages * PAGE}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()


def fill(folder: Path, leave: int) -> None:
    """Fill ``folder``'s file system, then give back ``leave`` bytes (whole pages)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * PAGE)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - -(-leave // PAGE) * PAGE))


@dataclass
class DiskCase:
    what: str
    out: str  # the file written, in the folder on the full disk
    args: list[str]  # {out} and {db} filled in


def disk_cases() -> list[DiskCase]:
    export = ["export", "--db", "{db}", "--area", COUNCIL]
    return [
        DiskCase("PDF board pack", "pack.pdf", [*export, "--format", "pdf", "--indicator", "cpp_rate",
                                                "--indicator", "cpp_count", "--out", "{out}"]),
        DiskCase("board workbook", "board.xlsx", [*export, "--format", "board", "--out", "{out}"]),
        DiskCase("cpdesk workbook", "figures.xlsx", [*export, "--format", "cpdesk", "--out", "{out}"]),
        DiskCase("cpdesk CSV", "figures.csv", [*export, "--format", "cpdesk", "--out", "{out}"]),
        DiskCase("DfE-layout workbook", "dfe.xlsx", [*export, "--format", "dfe", "--out", "{out}"]),
        DiskCase("DfE-layout CSV", "dfe.csv", [*export, "--format", "dfe", "--out", "{out}"]),
        DiskCase("chart PNG", "chart.png", ["chart", "--db", "{db}", "--indicator", "cpp_rate", "--area",
                                            COUNCIL, "--out", "{out}"]),
        DiskCase("chart SVG", "chart.svg", ["chart", "--db", "{db}", "--indicator", "cpp_rate", "--area",
                                            COUNCIL, "--out", "{out}"]),
        DiskCase("dump --out", "dump.csv", ["dump", "--db", "{db}", "--area", COUNCIL, "--out", "{out}"]),
        DiskCase("history --out", "history.xlsx", ["history", "--db", "{db}", "--indicator", "cpp_count",
                                                   "--area", COUNCIL, "--period", "31 March 2018",
                                                   "--out", "{out}"]),
        DiskCase("validation report", "report.xlsx", ["validate", str(SAMPLE), "--report", "{out}"]),
    ]


@dataclass
class DiskRow:
    what: str
    room: str
    answer: Answer
    kept: bool  # the previous copy byte for byte (for the import: stored, and the database intact)
    leftovers: int  # temporary files left beside the target
    expected_exit: int = 2

    @property
    def held(self) -> bool:
        return (self.answer.exit_code == self.expected_exit and self.answer.one_line and self.kept
                and not self.leftovers)


def full_disk_rows(demo: Path, work: Path) -> list[DiskRow]:
    rows: list[DiskRow] = []
    for case in disk_cases():
        good = work / "good" / case.out
        good.parent.mkdir(exist_ok=True)
        made = cpdesk(work / "home", fill_args(case.args, good, demo))
        if made.exit_code != 0:
            raise SystemExit(f"{case.what}: could not be written on an ordinary disk: {made.said}")
        size = good.stat().st_size
        half = size // 2 // PAGE * PAGE  # tmpfs counts whole pages
        for room_name, room in (("none", 0), (f"{half // 1024} KB (half the file)", half)):
            if room_name != "none" and not room:
                continue  # a file under two pages: "half of it" is no room at all
            with tiny_disk(size + room + 64 * PAGE) as disk:
                previous = disk / case.out
                shutil.copyfile(good, previous)  # the earlier copy, which must survive
                before = digest(previous)
                fill(disk, room)
                answer = cpdesk(work / "home", fill_args(case.args, previous, demo))
                kept = previous.exists() and digest(previous) == before
                leftovers = sum(name.startswith(".~cpdesk-") for name in os.listdir(disk))
            rows.append(DiskRow(case.what, room_name, answer, kept, leftovers))
            print(f"full disk, {case.what}, room {room_name}: {answer.said}", file=sys.stderr)
    rows.append(import_with_full_log_folder(demo, work))
    return rows


def fill_args(args: list[str], out: Path, db: Path) -> list[str]:
    return [a.format(out=out, db=db) for a in args]


def import_with_full_log_folder(demo: Path, work: Path) -> DiskRow:
    """A good import whose log folder is on a full disk: stored, and one line about the log."""
    db = work / "log-test.sqlite"
    shutil.copyfile(demo, db)
    with tiny_disk(64 * PAGE) as disk:
        home = disk / "home"
        (home / "logs").mkdir(parents=True)
        fill(disk, 0)
        answer = cpdesk(home, ["import", "--db", str(db), str(SAMPLES / "tidy_seed_figures.csv"), "--yes"])
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM imports WHERE file_name = ?",
                                    ("tidy_seed_figures.csv",)).fetchone()[0]
    kept = integrity(db) == "ok" and stored == 1
    return DiskRow("import, log folder on the full disk", "none", answer, kept, 0, expected_exit=0)


def stdout_rows(demo: Path, work: Path) -> list[DiskRow]:
    """Printed output into a full disk (``/dev/full``)."""
    rows = []
    for what, args in (("dump > full disk", ["dump", "--db", str(demo)]),
                       ("validate --json > full disk", ["validate", str(SAMPLE), "--json"])):
        with open("/dev/full", "w") as full:
            answer = cpdesk(work / "home", args, stdout=full)
        rows.append(DiskRow(what, "none", answer, True, 0))
    return rows


# -- Ctrl+C during imports --------------------------------------------------------------------------

FINGERPRINT = """
SELECT o.area_code, o.indicator_id, o.breakdown, p.kind, p.start_date, p.end_date, o.publisher,
       o.value, o.status, o.raw, o.source_file, o.source_sheet, o.source_cell
FROM observations o JOIN periods p ON p.id = o.period_id ORDER BY 1, 2, 3, 4, 5, 6, 7
"""


def fingerprint(db: Path) -> str:
    if not db.exists():
        return "no database"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        try:
            rows = connection.execute(FINGERPRINT).fetchall()
        except sqlite3.OperationalError:
            return "no tables"
    return hashlib.sha256(repr(rows).encode()).hexdigest() if rows else "empty"


def stored_files(db: Path) -> set[str]:
    if not db.exists():
        return set()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        try:
            rows = connection.execute("SELECT file_name FROM imports WHERE kind = 'file'").fetchall()
            names = {row[0] for row in rows}
        except sqlite3.OperationalError:
            return set()
    return names & {f.name for f in IMPORTED}


def import_args(db: Path) -> list[str]:
    return ["import", "--db", str(db), *map(str, IMPORTED), "--yes"]


def prefix_states(work: Path, pack: bool) -> dict[str, int]:
    """The database's fingerprint after each whole number of files (0 to 3)."""
    states: dict[str, int] = {}
    db = work / f"reference-{pack}.sqlite"
    for count in range(len(IMPORTED) + 1):
        if count:
            done = subprocess.run([sys.executable, "-m", "cpdesk", "import", "--db", str(db),
                                   str(IMPORTED[count - 1]), "--yes"], capture_output=True,
                                  env=child_env(work / "home", pack=pack), timeout=TIMEOUT_S, check=False)
            if done.returncode != 0:
                raise SystemExit(f"the reference import of {IMPORTED[count - 1].name} failed")
        elif pack:
            subprocess.run([sys.executable, "-m", "cpdesk", "pack", "--db", str(db), "--load"],
                           capture_output=True, env=child_env(work / "home", pack=True), timeout=TIMEOUT_S,
                           check=True)
        states[fingerprint(db)] = count
    return states


def full_run_seconds(work: Path, pack: bool) -> float:
    db = work / f"timed-{pack}.sqlite"
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "cpdesk", *import_args(db)], capture_output=True,
                   env=child_env(work / "home", pack=pack), timeout=TIMEOUT_S, check=True)
    return time.monotonic() - started


@dataclass
class Interrupt:
    after_s: float
    pack: bool
    answer: Answer
    integrity: str
    whole_files: int | None  # how many whole files the database holds; None: not a state of whole files
    claimed: set[str]
    stored: set[str]

    @property
    def truthful(self) -> bool:
        return self.claimed == self.stored

    @property
    def answered(self) -> bool:
        """Exit 130 and one line; or exit 0, no traceback, when the import had finished first."""
        if self.answer.exit_code == 0:
            return "Traceback" not in self.answer.stderr
        return self.answer.exit_code == 130 and self.answer.one_line

    @property
    def held(self) -> bool:
        return (self.answered and self.integrity in ("ok", "no database") and self.whole_files is not None
                and self.truthful)


KEPT = re.compile(r"just after importing (.+?), which is kept|kept: (.+?)\.(?: Not started|$)|"
                  r"So are those before it: (.+?)\.(?: Not started|$)")


def claimed_kept(said: str) -> set[str]:
    names: set[str] = set()
    for found in KEPT.finditer(said):
        for group in found.groups():
            if group:
                names.update(name.strip() for name in group.split(", "))
    return names


def ctrl_c_runs(work: Path, runs: int, seed: int) -> list[Interrupt]:
    rnd = random.Random(seed)
    states = {pack: prefix_states(work, pack) for pack in (False, True)}
    durations = {pack: full_run_seconds(work, pack) for pack in (False, True)}
    results = []
    for run in range(runs):
        pack = run % 3 == 2
        fingerprints = states[pack]
        db = work / f"interrupted-{run}.sqlite"
        after = rnd.uniform(0.3, durations[pack] * 1.05)
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "cpdesk", *import_args(db)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                 env=child_env(work / "home", pack=pack), preexec_fn=_cap_memory)
        time.sleep(after)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=TIMEOUT_S)
        answer = Answer(child.returncode, stderr, time.monotonic() - started)
        state = fingerprint(db)
        whole = 0 if state in ("no database", "no tables", "empty") else fingerprints.get(state)
        stored = stored_files(db)
        claimed = claimed_kept(answer.said) if answer.exit_code == 130 else stored
        checked = integrity(db) if db.exists() else "no database"
        results.append(Interrupt(after, pack, answer, checked, whole, claimed, stored))
        print(f"Ctrl+C {run + 1}/{runs} after {after:.2f} s: {answer.said or answer.exit_code}",
              file=sys.stderr)
        if db.exists():
            db.unlink()
    return results


def interrupt_moment(result: Interrupt) -> str:
    said = result.answer.said
    if result.answer.exit_code == 0:
        return "finished before the signal"
    if said in ("cpdesk: interrupted; nothing was changed.",
                "cpdesk: interrupted before the database was open; nothing was changed."):
        return "starting up, before the database was open"
    if "national data pack" in said:
        return "loading the national data pack"
    if "just after importing" in said:
        return "just after a file was stored"
    if "while importing" in said:
        return "reading or storing a file"
    return said.removeprefix("cpdesk: ")[:60]


# -- the section ------------------------------------------------------------------------------------

def section(disk: list[DiskRow] | None, printed: list[DiskRow], interrupts: list[Interrupt],
            work: Path) -> str:
    lines = [f"## {SECTION}", "",
             f"Produced by `python tools/fault_injection.py --interrupts {len(interrupts)}`, "
             f"{machine_line()}, shared with other work. Every command runs as `python -m cpdesk` in a "
             "child process capped at 2 GB of address space. The faults in the suite are "
             "`tests/core/test_write_faults.py` (a full disk injected at the operating system's "
             "`open`/`write`/`fsync`/`rename`, so it runs anywhere) and the Ctrl+C tests of "
             "`tests/core/test_cli_robustness.py`.", ""]
    lines += ["### A full disk under every file cpdesk writes", ""]
    if disk is None:
        lines += ["*Not run: mounting a small tmpfs needs root. Run the script as root to fill these "
                  "rows.*", ""]
    else:
        lines += ["A tmpfs holding the previous copy of the file, filled so that no room, or room for half "
                  "the new file, is left. Held: exit 2, one line, no traceback, the previous copy byte for "
                  "byte, no temporary file left (for the import: exit 0, stored, the database intact).", "",
                  "| file written | room left | exit | what cpdesk said | previous copy kept | "
                  "temporary files left | held |", "|---|---|---|---|---|---|---|"]
        lines += [_disk_line(row, work) for row in disk]
        lines.append("")
    lines += ["Printed output into a full disk (`/dev/full`):", "",
              "| command | exit | what cpdesk said | held |", "|---|---|---|---|"]
    lines += [f"| `{row.what}` | {row.answer.exit_code} | {_said(row.answer, work)} | "
              f"{'yes' if row.held else 'NO'} |" for row in printed]
    lines += ["", "### Ctrl+C at random moments during `cpdesk import`", ""]
    lines += _interrupt_lines(interrupts)
    return "\n".join(lines) + "\n"


def _said(answer: Answer, work: Path) -> str:
    text = answer.said.replace(str(work), "…").replace("|", "\\|")
    return re.sub(r"/tmp/cpdesk-full-\w+", "<full disk>", text) or "(nothing)"


def _disk_line(row: DiskRow, work: Path) -> str:
    return (f"| {row.what} | {row.room} | {row.answer.exit_code} | {_said(row.answer, work)} | "
            f"{'yes' if row.kept else 'NO'} | {row.leftovers} | {'yes' if row.held else 'NO'} |")


def _interrupt_lines(results: list[Interrupt]) -> list[str]:
    moments: dict[str, list[Interrupt]] = {}
    for result in results:
        moments.setdefault(interrupt_moment(result), []).append(result)
    held = sum(r.held for r in results)
    lines = [f"{len(results)} runs, each importing {', '.join(f.name for f in IMPORTED)} into a new "
             f"database ({sum(r.pack for r in results)} of them loading the national data pack first), "
             f"SIGINT after 0.3 to {max(r.after_s for r in results):.1f} s. Held: exit 130 (0 if it had "
             "finished), one line, no traceback, `PRAGMA integrity_check` ok, the database exactly as an "
             "uninterrupted run leaves it after a whole number of files, and the files the message "
             "calls kept are exactly those stored.", "",
             "| interrupted while | runs | one line, no traceback | integrity ok | whole files only | "
             "message true | example |", "|---|---|---|---|---|---|---|"]
    for moment, group in sorted(moments.items(), key=lambda item: -len(item[1])):
        lines.append(f"| {moment} | {len(group)} | {sum(r.answered for r in group)}"
                     f" | {sum(r.integrity in ('ok', 'no database') for r in group)} | "
                     f"{sum(r.whole_files is not None for r in group)} | {sum(r.truthful for r in group)} | "
                     f"{group[0].answer.said.replace('|', '/') or '(finished)'} |")
    lines += ["", f"**{held} of {len(results)} runs held.**"]
    failures = [r for r in results if not r.held]
    for result in failures[:5]:
        lines.append(f"- after {result.after_s:.2f} s: exit {result.answer.exit_code}, "
                     f"said {result.answer.said!r}, integrity {result.integrity}, whole files "
                     f"{result.whole_files}, claimed {sorted(result.claimed)}, "
                     f"stored {sorted(result.stored)}")
    return lines


def summary(disk: list[DiskRow] | None, printed: list[DiskRow], interrupts: list[Interrupt]) -> str:
    rows = (disk or []) + printed
    held = sum(r.held for r in rows)
    return (f"{held} of {len(rows)} full-disk writes refused in one line with the previous file kept; "
            f"{sum(r.held for r in interrupts)} of {len(interrupts)} Ctrl+C during imports all-or-nothing "
            "and truthful")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interrupts", type=int, default=60, help="Ctrl+C runs (at least 50 for the record)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--demo", type=Path, help="a demo database to copy instead of building one")
    parser.add_argument("--write", action="store_true", help="replace this section of docs/RELIABILITY.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cpdesk-faults-") as folder:
        work = Path(folder)
        demo = work / "demo.sqlite"
        if args.demo:
            shutil.copyfile(args.demo, demo)
        else:
            cpdesk(work / "home", ["demo", "--db", str(demo)])
        disk = full_disk_rows(demo, work) if can_mount() else None
        printed = stdout_rows(demo, work) if os.path.exists("/dev/full") else []
        interrupts = ctrl_c_runs(work, args.interrupts, args.seed)
        text = section(disk, printed, interrupts, work)
    print(text)
    if args.write:
        write_section(SECTION, text, SUMMARY_ROW, summary(disk, printed, interrupts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
