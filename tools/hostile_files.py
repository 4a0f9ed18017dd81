"""Build every hostile file and measure how ``cpdesk import`` answers it: the `## Hostile files` table.

Each file is imported by ``python -m cpdesk import FILE --db COPY --yes`` in a child process under a
2 GB address-space cap (so a runaway read cannot take the machine down), into a copy of a database
that already holds the national data pack. The table gives the file's size on disk, the first line
cpdesk printed about it, the wall time, the child's peak resident memory and whether the database
was left exactly as it was.

Usage: python tools/hostile_files.py [--million] [--write] [--dir DIR]
  --million  also build and import a valid 1,000,000-row tidy CSV (about a minute)
  --write    replace the `## Hostile files` section of docs/RELIABILITY.md with the output
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
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
from tools.hostile_builders import HOSTILE_FILES, million_rows_csv  # noqa: E402

ADDRESS_SPACE_CAP = 2_000_000_000
SECTION = "## Hostile files"


@dataclass(frozen=True)
class Answer:
    """How one run of cpdesk answered a file."""

    exit_code: int
    seconds: float
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


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


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


def _child_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ, CPDESK_HOME=str(folder / "home"), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def run_import(file: Path, base_db: Path, folder: Path, *, timeout: float = 120) -> Answer:
    """Import ``file`` into a copy of ``base_db`` in a capped child; the child's time, memory, words."""
    db = folder / f"{file.stem}.db"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(base_db, db)
    before = database_state(db)
    command = [sys.executable, "-m", "cpdesk", "import", str(file), "--db", str(db), "--yes"]
    exit_code, seconds, peak_kb, out, err = run_capped(command, folder, timeout)
    return Answer(exit_code, seconds, peak_kb / 1024, out, err, database_state(db) == before)


def run_capped(command: list[str], folder: Path, timeout: float) -> tuple[int, float, int, str, str]:
    """Exit code, wall seconds, peak resident KB (of this child alone, from wait4), stdout, stderr."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=_child_env(folder),
                                 preexec_fn=_cap_memory)
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
        return child.returncode, seconds, usage.ru_maxrss, out.read(), err.read()


def measure(folder: Path, million: bool) -> list[tuple[str, int, Answer]]:
    base = make_base_database(folder)
    rows = []
    for hostile in HOSTILE_FILES:
        file = hostile.build(folder / hostile.name)
        rows.append((hostile.what, file.stat().st_size, run_import(file, base, folder)))
    if million:
        file = million_rows_csv(folder / "million_rows.csv")
        rows.append(("a valid tidy CSV of 1,000,000 figures", file.stat().st_size,
                     run_import(file, base, folder, timeout=600)))
    return rows


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1_000:.1f} KB"


def section(rows: list[tuple[str, int, Answer]], million: bool) -> str:
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    lines = [SECTION, "",
             f"Produced by `python tools/hostile_files.py{' --million' if million else ''}` on "
             f"{dt.date.today():%d %b %Y}, commit "
             f"{commit}, on a machine with {os.cpu_count()} cores and "
             f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB of memory "
             "(shared with other work). Each file is imported with `cpdesk import FILE --yes` into a copy "
             "of a database holding the national data pack, in a child process capped at 2 GB of address "
             "space; peak memory is the child's peak resident set, the time includes starting Python and "
             "loading cpdesk (about a second). The limits are those of `cpdesk/read/limits.py`: "
             f"{limits.MAX_SHEET_CELLS:,} cells a sheet, {limits.MAX_INFLATED_BYTES // 1_000_000:,} MB of "
             "XML a workbook, parts inflating at most "
             f"{limits.MAX_RATIO} times (docs/decisions.md says why).", "",
             "| file | size on disk | cpdesk's answer | exit | time | peak memory | database unchanged |",
             "|---|---|---|---|---|---|---|"]
    for what, size, answer in rows:
        message = answer.message.replace("|", "\\|")
        what = f"`{what}`" if what.startswith("<") else what
        lines.append(f"| {what} | {_size(size)} | {message} | {answer.exit_code} | {answer.seconds:.1f} s | "
                     f"{answer.peak_mb:.0f} MB | {'yes' if answer.unchanged else 'no'} |")
    return "\n".join(lines) + "\n"


def summary(rows: list[tuple[str, int, Answer]]) -> str:
    """The result cell of this section's row in the summary table."""
    hostile = [answer for what, _, answer in rows if not what.startswith("a valid")]
    held = sum(a.seconds < 10 and a.peak_mb < 500 and a.unchanged and "Traceback" not in a.stderr
               for a in hostile)
    return (f"{held} of {len(hostile)} answered in one line, nothing stored; slowest "
            f"{max(a.seconds for a in hostile):.1f} s, largest {max(a.peak_mb for a in hostile):.0f} MB")


def write_section(text: str, result: str) -> None:
    """Replace this section of docs/RELIABILITY.md (or add it), and its summary row's result, keeping
    every other section."""
    target = REPO / "docs" / "RELIABILITY.md"
    old = target.read_text(encoding="utf-8") if target.exists() else "# Reliability\n"
    old = re.sub(r"^(\| Hostile files answered[^|]*\| )[^|]*(\|)",
                 lambda row: row.group(1) + result + " " + row.group(2), old, count=1, flags=re.MULTILINE)
    head, found, rest = old.partition(SECTION)
    if found:
        following = rest.find("\n## ")
        rest = rest[following + 1:] if following >= 0 else ""
        new = head + text + ("\n" + rest if rest else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    target.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--dir", type=Path, help="where to build the files (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cpdesk-hostile-") as temporary:
        folder = args.dir or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        rows = measure(folder, args.million)
    text = section(rows, args.million)
    print(text)
    if args.write:
        write_section(text, summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
