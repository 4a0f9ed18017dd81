"""Faults injected into a copy of the demo database, and what cpdesk answered to each.

Damaged pages (bytes overwritten at several offsets: whole pages zeroed or filled with noise, 512-byte
sectors, a few bytes), another program's SQLite files, schema versions that are not versions, a
read-only folder, a read-only file, and a database another process is writing to. For each, ``cpdesk
import``, ``cpdesk export`` and ``cpdesk dump`` run in child processes capped at 2 GB of address
space, and the script reports the answer, whether the file was left as it was, whether the figures
dumped are the original's, and (for damage) whether the newest good backup restores every figure.

Usage (from a checkout, with the project's virtual environment):
  .venv/bin/python tools/db_faults.py [--variants 24] [--demo PATH] [--write]
  --demo     copy this demo database instead of building one with ``cpdesk demo``
  --write    replace the two sections of docs/RELIABILITY.md this script fills
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

from tools.reliability_doc import REPO, machine_line, write_section  # noqa: E402

SECTION = "Damaged, foreign, read-only and locked databases"
IN_RECORD_NOTE = ("Not held: bytes overwritten inside a record's data (here history records) leave every "
                  "page well formed, so SQLite's quick_check and integrity_check both pass and cpdesk cannot "
                  "tell; only a comparison with the original shows it. SQLite keeps no checksum of a row's "
                  "bytes; docs/decisions.md says why cpdesk leaves this to its daily checked backups "
                  "for now.")
ADDRESS_SPACE_CAP = 2_000_000_000
COMMAND_TIMEOUT_S = 180
DAMAGE_KINDS = ("whole pages zeroed", "whole pages of noise", "512-byte sectors of noise",
                "16 bytes of noise")


@dataclass
class Outcome:
    """What one command answered."""

    exit_code: int
    said: str  # the refusal, or the last line of a success
    seconds: float

    @property
    def clean(self) -> bool:
        return "Traceback" not in self.said


@dataclass
class Case:
    fault: str
    answers: dict[str, Outcome] = field(default_factory=dict)
    file_kept: bool = True  # the database's bytes as they were (and no WAL left holding anything)
    dump: str = ""  # "same N figures", "refused", "DIFFERENT"
    history: str = ""  # the revisions held before the fault, read straight from the file afterwards
    restored: str = ""  # for damage: what restoring the newest good backup gave back
    notes: str = ""


# -- running cpdesk ---------------------------------------------------------------------------------

def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def child_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ, CPDESK_HOME=str(folder / "home"), QT_QPA_PLATFORM="offscreen",
               CPDESK_NATIONAL_PACK="off")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def cpdesk(folder: Path, *args: str) -> tuple[Outcome, str]:
    """Run ``cpdesk ARGS`` in a capped child: its answer, and its stdout."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "cpdesk", *args], capture_output=True, text=True,
                          env=child_env(folder), preexec_fn=_cap_memory, timeout=COMMAND_TIMEOUT_S,
                          check=False)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    refusals = [line for line in lines if line.startswith("cpdesk: ") or "Traceback" in line]
    said = refusals[-1] if refusals else (done.stdout.strip().splitlines() or lines or [""])[-1]
    if "Traceback" in done.stderr:
        said = "Traceback: " + lines[-1]
    return Outcome(done.returncode, said, time.monotonic() - started), done.stdout


def run_three(folder: Path, db: Path, workbook: Path, case: Case, original_dump: set[str],
              original_history: dict[int, tuple] | None = None) -> None:
    """import, export and dump against ``db``; whether the file and its figures were kept."""
    before = file_state(db)
    case.answers["import"], _ = cpdesk(folder, "import", str(workbook), "--db", str(db), "--yes")
    out = folder / "out" / f"{db.parent.name}.csv"
    out.parent.mkdir(exist_ok=True)
    case.answers["export"], _ = cpdesk(folder, "export", "--format", "cpdesk", "--out", str(out),
                                       "--db", str(db))
    case.answers["dump"], dumped = cpdesk(folder, "dump", "--db", str(db))
    if case.answers["dump"].exit_code == 0:
        case.answers["dump"].said = f"{len(dumped.splitlines()) - 1:,} rows written"
    for outcome in case.answers.values():
        outcome.said = outcome.said.replace(f"{folder}/", "")
    case.file_kept = file_state(db) == before
    case.dump = compare_dump(case.answers["dump"], dumped, original_dump)
    if original_history is not None:
        case.history = compare_history(db, original_history)


def history_rows(db: Path) -> dict[int, tuple]:
    """Every revision by id, its texts as bytes (a damaged text need not be UTF-8)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.text_factory = bytes
    try:
        return {row[0]: row for row in conn.execute("SELECT * FROM revisions ORDER BY id")}
    finally:
        conn.close()


def compare_history(db: Path, original: dict[int, tuple]) -> str:
    try:
        rows = history_rows(db)
    except sqlite3.Error as exc:
        return f"unreadable ({exc})"
    differing = sum(rows.get(key) != row for key, row in original.items())
    return f"same {len(original):,} revisions" if not differing else f"DIFFERENT: {differing:,} revisions"


def compare_dump(answer: Outcome, dumped: str, original: set[str]) -> str:
    if answer.exit_code != 0:
        return "refused"
    rows = set(dumped.splitlines()[1:])
    if rows == original:
        return f"same {len(rows):,} figures"
    return f"DIFFERENT: {len(rows - original):,} rows not in the original, {len(original - rows):,} missing"


def file_state(db: Path) -> tuple[str, int]:
    """The file's hash and what its WAL file holds (a read-only open may leave an empty one)."""
    wal = Path(f"{db}-wal")
    return hashlib.sha256(db.read_bytes()).hexdigest(), wal.stat().st_size if wal.exists() else 0


# -- the faults -------------------------------------------------------------------------------------

def damage(db: Path, variant: int) -> str:
    """Overwrite three places in ``db``, in one of four ways; returns what was done."""
    rng = random.Random(variant)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    kind = DAMAGE_KINDS[variant % len(DAMAGE_KINDS)]
    places = []
    for k in range(3):
        fraction = 0.05 + 0.9 * ((variant * 3 + k) % 61) / 61
        offset = int(len(data) * fraction)
        if kind.startswith("whole pages"):
            offset -= offset % page
            length = page
        else:
            length = 512 if kind.startswith("512") else 16
            offset -= offset % length
        fill = bytes(length) if kind == "whole pages zeroed" else rng.randbytes(length)
        data[offset:offset + length] = fill
        places.append(offset // page + 1)
    db.write_bytes(bytes(data))
    return f"{kind}, pages {', '.join(str(p) for p in places)}"


def foreign_file(db: Path, mode: str) -> str:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA journal_mode = {mode}")
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, team TEXT, opened TEXT)")
    conn.executemany("INSERT INTO contacts (team, opened) VALUES (?, ?)",
                     [("North", "2026-11-02"), ("South", "2026-11-03")])
    conn.commit()
    conn.close()
    return f"another program's SQLite file ({mode} journal)"


def schema_version(db: Path, value: str) -> str:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (value,))
    conn.commit()
    conn.close()
    return f"schema version '{value}'"


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Read-only for this user: chmod, or for root (who ignores modes) the immutable attribute."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(mode)


@contextmanager
def writer_holding_lock(db: Path) -> Iterator[None]:
    """Another process in the middle of a write transaction on ``db``."""
    script = ("import sqlite3, sys, time\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute('BEGIN IMMEDIATE')\n"
              "c.execute(\"INSERT INTO meta (key, value) VALUES ('other_program', 'writing')\")\n"
              "print('holding', flush=True)\n"
              "time.sleep(600)\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.kill()
        holder.wait()


# -- the run ----------------------------------------------------------------------------------------

def fresh_copy(base: Path, folder: Path, name: str) -> Path:
    target = folder / name / "cp.sqlite"
    if target.parent.exists():
        shutil.rmtree(target.parent)
    target.parent.mkdir(parents=True)
    shutil.copyfile(base, target)
    return target


def figure_count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM observations").fetchone()[0]


def measure(base: Path, folder: Path, variants: int, log: Callable[[str], None]) -> list[Case]:
    workbook = folder / "warwickshire_figures_resent.csv"  # real figures, a file not yet imported
    workbook.write_text((REPO / "sample_workbooks" / "tidy_seed_figures.csv").read_text() + "\n")
    _, dumped = cpdesk(folder, "dump", "--db", str(base))
    original = set(dumped.splitlines()[1:])
    history = history_rows(base)
    figures = figure_count(base)
    cases: list[Case] = []

    control = Case("none (a healthy copy, for comparison)")
    run_three(folder, fresh_copy(base, folder, "control"), workbook, control, original, history)
    cases.append(control)
    for variant in range(variants):
        db = fresh_copy(base, folder, f"damage-{variant}")
        good = take_good_backup(folder, db)
        case = Case(f"damaged: {damage(db, variant)}")
        run_three(folder, db, workbook, case, original, history)
        case.restored = restore_and_count(folder, db, good, figures)
        cases.append(case)
        log(f"{case.fault}: {case.answers['import'].said[:100]}")
    for mode in ("delete", "wal"):
        db = fresh_copy(base, folder, f"foreign-{mode}")
        case = Case(foreign_file(db, mode))
        run_three(folder, db, workbook, case, set())
        case.dump = "refused" if case.answers["dump"].exit_code else case.dump
        case.notes = f"journal mode still {journal_mode(db)}; tables: {', '.join(table_names(db))}"
        cases.append(case)
    for value in ("abc", "", "2.5", "-1", "99"):
        db = fresh_copy(base, folder, f"version-{value or 'empty'}")
        case = Case(schema_version(db, value))
        run_three(folder, db, workbook, case, original)
        cases.append(case)
    cases.append(read_only_case(base, folder, workbook, original, whole_folder=True))
    cases.append(read_only_case(base, folder, workbook, original, whole_folder=False))
    db = fresh_copy(base, folder, "locked")
    case = Case("locked: another process holding a write transaction")
    with writer_holding_lock(db):
        run_three(folder, db, workbook, case, original)
    case.notes = f"{figure_count(db):,} figures after the other process stopped"
    cases.append(case)
    return cases


def take_good_backup(folder: Path, db: Path) -> Outcome:
    outcome, _ = cpdesk(folder, "backup", "--db", str(db))
    return outcome


def restore_and_count(folder: Path, db: Path, backed_up: Outcome, figures: int) -> str:
    if backed_up.exit_code != 0:
        return f"no backup: {backed_up.said}"
    restored, _ = cpdesk(folder, "restore", "1", "--db", str(db))
    if restored.exit_code != 0:
        return f"not restored: {restored.said}"
    held = figure_count(db)
    return f"{held:,} of {figures:,} figures" + ("" if held == figures else " (LOST SOME)")


def read_only_case(base: Path, folder: Path, workbook: Path, original: set[str], *,
                   whole_folder: bool) -> Case:
    db = fresh_copy(base, folder, "read-only-folder" if whole_folder else "read-only-file")
    case = Case("read-only folder" if whole_folder else "read-only file (folder writable)")
    with read_only(db.parent if whole_folder else db):
        run_three(folder, db, workbook, case, original)
    return case


def journal_mode(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]


def table_names(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


# -- the report -------------------------------------------------------------------------------------

def held(case: Case) -> bool:
    """Answered in words, nothing changed unless the file was healthy, no figure silently different."""
    answered = all(outcome.clean for outcome in case.answers.values())
    healthy = case.fault.startswith("none")
    return answered and (case.file_kept or healthy) and "DIFFERENT" not in case.dump \
        and "DIFFERENT" not in case.history and "LOST" not in case.restored


def _cell(text: str, limit: int = 230) -> str:
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 3] + "..."


def section(cases: list[Case], base_figures: int, build_note: str) -> str:
    damaged = [c for c in cases if c.fault.startswith("damaged")]
    refused_writes = sum(c.answers["import"].exit_code != 0 for c in damaged)
    lines = [
        f"## {SECTION}",
        "",
        f"Produced by `python tools/db_faults.py --variants {len(damaged)}` ({machine_line()}). {build_note} "
        f"Each fault is injected into a fresh copy of the demo database ({base_figures:,} figures); then "
        "`cpdesk import` (a tidy CSV of real figures not yet imported), `cpdesk export --format cpdesk` and "
        "`cpdesk dump` run in child processes capped at 2 GB of address space. *File kept*: the database's "
        "bytes are as before and no WAL file holds anything. *Figures dumped*: whether `dump` gave the "
        "original's figures. *History in the file*: the original's revisions read straight from the file "
        "afterwards (SQLite keeps no checksum of a record's data: bytes overwritten inside a record are "
        "invisible to quick_check and integrity_check, and only a comparison with the original shows "
        "them). For damage, a good backup is taken before the damage (`cpdesk backup`) and restored "
        "afterwards (`cpdesk restore 1`).",
        "",
        f"Damaged copies: {len(damaged)}; imports refused {refused_writes}; files changed "
        f"{sum(not c.file_kept for c in damaged)}; figures dumped different from the original "
        f"{sum('DIFFERENT' in c.dump for c in damaged)}; revisions (history) silently different "
        f"{sum('DIFFERENT' in c.history for c in damaged)}; not noticed at all (import taken) "
        f"{sum(c.answers['import'].exit_code == 0 for c in damaged)}; every figure back after restoring "
        f"{sum(c.restored.startswith(f'{base_figures:,} of') for c in damaged)}. All faults held "
        f"(answered in words, nothing changed or lost): {sum(held(c) for c in cases)} of {len(cases)}.",
        "",
        "| fault | import | export | dump | file kept | figures dumped | history in the file | "
        "restored / notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for case in cases:
        answers = [f"{o.exit_code}: {_cell(o.said, 160)}" for o in (case.answers[k] for k in
                                                                   ("import", "export", "dump"))]
        kept = "yes" if case.file_kept else "no"
        lines.append(f"| {_cell(case.fault, 90)} | {' | '.join(answers)} | {kept} | {case.dump} | "
                     f"{_cell(case.history or '-', 90)} | {_cell(case.restored or case.notes)} |")
    if any("DIFFERENT" in c.history for c in cases):
        lines += ["", IN_RECORD_NOTE]
    return "\n".join(lines) + "\n"


def summary(cases: list[Case]) -> str:
    damaged = [c for c in cases if c.fault.startswith("damaged")]
    return (f"{sum(held(c) for c in cases)} of {len(cases)} faults held; {len(damaged)} damaged copies: "
            f"writes refused {sum(c.answers['import'].exit_code != 0 for c in damaged)}, figures silently "
            f"different {sum('DIFFERENT' in c.dump for c in damaged)}, history silently different "
            f"{sum('DIFFERENT' in c.history for c in damaged)}, restored whole "
            f"{sum('LOST' not in c.restored and 'not' not in c.restored for c in damaged)}")


def build_base(folder: Path, demo: Path | None) -> tuple[Path, str]:
    base = folder / "base" / "demo.sqlite"
    base.parent.mkdir(parents=True, exist_ok=True)
    if demo is not None:
        shutil.copyfile(demo, base)
        return base, f"The demo database was copied from {demo.name}."
    subprocess.run([sys.executable, "-m", "cpdesk", "demo", "--db", str(base)], check=True,
                   capture_output=True, env=dict(child_env(folder), CPDESK_NATIONAL_PACK="on"), timeout=600)
    return base, ("The demo database was built by `cpdesk demo` (the sample workbooks and the national "
                  "data pack).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=24, help="damaged copies (default 24)")
    parser.add_argument("--demo", type=Path, help="a demo database to copy instead of building one")
    parser.add_argument("--write", action="store_true", help="replace this section of docs/RELIABILITY.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cpdesk-db-faults-") as temporary:
        folder = Path(temporary)
        os.chmod(folder, 0o755)
        base, note = build_base(folder, args.demo)
        for stale in base.parent.glob("backups"):
            shutil.rmtree(stale)
        cases = measure(base, folder, args.variants, lambda line: print(line, file=sys.stderr))
        text = section(cases, figure_count(base), note)
    print(text)
    if args.write:
        write_section(SECTION, text, SECTION, summary(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
