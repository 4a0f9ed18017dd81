"""Build every hostile file and measure how ``cpdesk import`` answers it: the `## Hostile files` table.

Each file is imported by ``python -m cpdesk import FILE --db COPY --yes`` in a child process under a
2 GB address-space cap (so a runaway read cannot take the machine down), into a copy of a database
that already holds the national data pack. The table gives the file's size on disk, the first line
cpdesk printed about it, the wall time, the child's peak resident memory and whether the database
was left exactly as it was.

Usage: python tools/hostile_files.py [--million] [--before CHECKOUT] [--write] [--dir DIR]
  --million  also build and import a valid tidy return of 1,000,000 figures, as CSV and as .xlsx
             (a few minutes; capped at 6 GB, since a valid file is read, not refused)
  --before   also import those with the cpdesk of another checkout (say, of an older commit)
  --write    replace the `## Hostile files` section of docs/RELIABILITY.md with the output
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cpdesk.read import limits  # noqa: E402
from tools.hostile_builders import HOSTILE_FILES, million_rows_csv, million_rows_xlsx  # noqa: E402
from tools.reliability_doc import write_section  # noqa: E402

ADDRESS_SPACE_CAP = 2_000_000_000
BIG_FILE_CAP = 6_000_000_000
SECTION = "Hostile files"
SUMMARY_ROW = "Hostile files answered"


@dataclass(frozen=True)
class Answer:
    """How one run of cpdesk answered a file."""

    exit_code: int
    seconds: float
    cpu_seconds: float  # the child's user and system time: what the answer cost, however busy the machine
    peak_mb: float
    stdout: str
    stderr: str
    unchanged: bool

    @property
    def message(self) -> str:
        """The line that names the problem: cpdesk's one-line refusal, else the last line printed."""
        lines = [line for line in (self.stderr + "\n" + self.stdout).splitlines() if line.strip()]
        refusals = [line for line in lines if line.startswith("cpdesk: ")]
        return (refusals or lines or [""])[0 if refusals else -1]


def _capped_at(limit: int):
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return cap


def database_state(db: Path) -> dict[str, int]:
    """Rows in every table: what an import that stored nothing leaves exactly as it was."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        tables = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def make_base_database(folder: Path) -> Path:
    """A database holding the national data pack, as every database does after its first import."""
    db = folder / "base.db"
    subprocess.run([sys.executable, "-m", "cpdesk", "pack", "--load", "--db", str(db)], check=True,
                   capture_output=True, env=_child_env(folder))
    return db


def _child_env(folder: Path, checkout: Path = REPO) -> dict[str, str]:
    env = dict(os.environ, CPDESK_HOME=str(folder / "home"), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout), env.get("PYTHONPATH", "")]))
    return env


def run_import(file: Path, base_db: Path, folder: Path, *, timeout: float = 120, cap: int = ADDRESS_SPACE_CAP,
               checkout: Path = REPO) -> Answer:
    """Import ``file`` into a copy of ``base_db`` in a capped child; the child's time, memory, words."""
    db = folder / f"{file.stem}-{abs(hash(str(checkout)))}.db"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(base_db, db)
    before = database_state(db)
    command = [sys.executable, "-m", "cpdesk", "import", str(file), "--db", str(db), "--yes"]
    exit_code, seconds, usage, out, err = run_capped(command, _child_env(folder, checkout), timeout, cap)
    return Answer(exit_code, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out, err,
                  database_state(db) == before)


def run_capped(command: list[str], env: dict[str, str], timeout: float,
               cap: int = ADDRESS_SPACE_CAP) -> tuple[int, float, resource.struct_rusage, str, str]:
    """Exit code, wall seconds, resource use (of this child alone, from wait4), stdout, stderr."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        # Run from elsewhere: ``python -m`` looks in the working directory first, before PYTHONPATH.
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env,
                                 cwd=tempfile.gettempdir(), preexec_fn=_capped_at(cap))
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                child.kill()
            time.sleep(0.01)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return child.returncode, seconds, usage, out.read(), err.read()


Row = tuple[str, int, Answer]
BigRow = tuple[str, int, Answer, Answer | None]  # what, size, this checkout's answer, the older one's


def measure(folder: Path) -> list[Row]:
    base = make_base_database(folder)
    rows = []
    for hostile in HOSTILE_FILES:
        file = hostile.build(folder / hostile.name)
        rows.append((hostile.what, file.stat().st_size, run_import(file, base, folder)))
    return rows


def measure_big(folder: Path, before: Path | None) -> list[BigRow]:
    """The valid million-figure return as CSV and as .xlsx, imported by this checkout (and ``before``)."""
    base = folder / "base.db"
    rows = []
    for what, build in (("CSV", million_rows_csv), ("xlsx", million_rows_xlsx)):
        file = build(folder / f"million_rows.{what.lower()}")
        now = run_import(file, base, folder, timeout=900, cap=BIG_FILE_CAP)
        old = None
        if before is not None:
            old = run_import(file, base, folder, timeout=900, cap=BIG_FILE_CAP, checkout=before)
        rows.append((f"a valid tidy {what} of 1,000,000 figures", file.stat().st_size, now, old))
    return rows


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1_000:.1f} KB"


def section(rows: list[Row], big: list[BigRow], before: Path | None) -> str:
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    options = (" --million" if big else "") + (f" --before {before.name}" if before else "")
    command = f"python tools/hostile_files.py{options}"
    lines = [f"## {SECTION}", "",
             f"Produced by `{command}` on {dt.date.today():%d %b %Y}, commit {commit}, on a machine with "
             f"{os.cpu_count()} cores and {memory:.0f} GB of memory (shared with other work). Each file is "
             "imported with `cpdesk import FILE --yes` into a copy of a database holding the national data "
             "pack, in a child process capped at 2 GB of address space; peak memory is the child's peak "
             "resident set; the time is wall-clock time, starting Python and loading cpdesk included, with "
             "the child's CPU time after it. The limits are those of `cpdesk/read/limits.py`: "
             f"{limits.MAX_SHEET_CELLS:,} cells a sheet, {limits.MAX_INFLATED_BYTES // 1_000_000:,} MB of "
             f"XML a workbook, parts inflating at most {limits.MAX_RATIO} times (docs/decisions.md says "
             "why).",
             "", "| file | size on disk | cpdesk's answer | exit | time (CPU) | peak memory | "
             "database unchanged |", "|---|---|---|---|---|---|---|"]
    for what, size, answer in rows:
        message = answer.message.replace("|", "\\|")
        what = f"`{what}`" if what.startswith("<") else what
        lines.append(f"| {what} | {_size(size)} | {message} | {answer.exit_code} | {_time(answer, 1)} | "
                     f"{answer.peak_mb:.0f} MB | {'yes' if answer.unchanged else 'no'} |")
    return "\n".join(lines + _big_lines(big, before)) + "\n"


def _time(answer: Answer, decimals: int) -> str:
    return f"{answer.seconds:.{decimals}f} s ({answer.cpu_seconds:.{decimals}f} s)"


def _big_lines(big: list[BigRow], before: Path | None) -> list[str]:
    if not big:
        return []
    by = f", by this commit and by the cpdesk of `{before.name}` before it" if before else ""
    lines = ["", "A valid return of 1,000,000 figures (175 councils x 14 counts x 432 months, the figures "
             "jumping every month so about half draw an outlier warning) is read, not refused: capped at "
             f"{BIG_FILE_CAP / 1e9:.0f} GB, it is imported whole{by}.", "",
             "| file | size on disk | cpdesk | last line printed | lines printed | time (CPU) | "
             "peak memory |", "|---|---|---|---|---|---|---|"]
    for what, size, now, old in big:
        for label, answer in (("now", now), ("before", old)):
            if answer is not None:
                printed = len(answer.stdout.splitlines())
                lines.append(f"| {what} | {_size(size)} | {label} | {answer.message} | {printed:,} | "
                             f"{_time(answer, 0)} | {answer.peak_mb:,.0f} MB |")
    return lines


def summary(rows: list[tuple[str, int, Answer]]) -> str:
    """The result cell of this section's row in the summary table."""
    hostile = [answer for what, _, answer in rows if not what.startswith("a valid")]
    held = sum(a.seconds < 10 and a.peak_mb < 500 and a.unchanged and "Traceback" not in a.stderr
               for a in hostile)
    return (f"{held} of {len(hostile)} answered in one line within 10 s and 500 MB, nothing stored; slowest "
            f"{max(a.seconds for a in hostile):.1f} s, largest {max(a.peak_mb for a in hostile):.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--before", type=Path, help="a checkout whose cpdesk also imports the big files")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--dir", type=Path, help="where to build the files (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cpdesk-hostile-") as temporary:
        folder = args.dir or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        rows = measure(folder)
        big = measure_big(folder, args.before) if args.million else []
    text = section(rows, big, args.before)
    print(text)
    if args.write:
        write_section(SECTION, text, SUMMARY_ROW, summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
