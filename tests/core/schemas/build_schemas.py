"""Build one small database of every schema version cpdesk has released, as SQL text beside this file.

Each version's tables come from ``cpdesk/store/tables.py`` as it was at the commit that released it
(read with ``git show``), so a fixture is the schema an officer's file really has, not today's. The
seed figures are real: Warwickshire's report to committee (seeds, report 003) gives 563 children on a
plan at 31 March 2018, 674 plans started in 2017/18 and 345 at 31 March 2019; the DfE's release gives
561 at 31 March 2018 and 126 second or subsequent plans in 2017/18. The 2019 figure was first imported
as "TBC" from the March report and then as 345, so every fixture has a history of two revisions; a
target and an annotation are its notes.

Run from a checkout: ``python tests/core/schemas/build_schemas.py`` (writes ``schema_v<N>.sql``).
When a migration is added, add the commit that releases it to ``RELEASES``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

# schema version -> the first commit whose cpdesk wrote it (git log -p cpdesk/store/migrations.py
# cpdesk/store/tables.py: version 1 since 5f06879; b4cdbe9 changed an import line only).
RELEASES: dict[int, str] = {1: "5f06879", 2: "8350523", 3: "91ce7d1"}

AREAS = [("E10000031", "Warwickshire", "la", "E12000005", "937", "E12000005"),
         ("E12000005", "West Midlands", "region", "E92000001", None, None),
         ("E92000001", "England", "country", None, None, None)]
INDICATORS = [("cpp_count", "Children subject to a child protection plan at 31 March", "count", "none", 0,
               "snapshot"),
              ("cpp_starts", "Child protection plans starting in the year", "count", "none", 0, "year"),
              ("cpp_repeat_count", "Plans starting that were a second or subsequent plan", "count", "low", 0,
               "year")]
PERIODS = [(1, "snapshot", dt.date(2018, 3, 31), dt.date(2018, 3, 31), "31 Mar 2018"),
           (2, "snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019"),
           (3, "year", dt.date(2017, 4, 1), dt.date(2018, 3, 31), "2017/18")]
REPORT = "CP performance report 2018-19.xlsx"


def tables_at(commit: str) -> types.ModuleType:
    """``cpdesk/store/tables.py`` as it was at ``commit``, loaded as a module of its own."""
    source = subprocess.run(["git", "show", f"{commit}:cpdesk/store/tables.py"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout
    module = types.ModuleType(f"tables_{commit}")
    exec(compile(source, f"tables@{commit}", "exec"), module.__dict__)  # noqa: S102 - our own history
    return module


def seed(conn: sa.Connection, t: types.ModuleType, version: int) -> None:
    conn.execute(sa.insert(t.meta), [{"key": "schema_version", "value": str(version)},
                                     {"key": "created", "value": "2026-11-23T14:40:00.000+00:00"}])
    conn.execute(sa.insert(t.areas), [dict(zip(("code", "name", "kind", "parent_code", "old_code",
                                                "region_code"), a, strict=True)) for a in AREAS])
    conn.execute(sa.insert(t.indicators), [
        dict(zip(("id", "title", "unit", "polarity", "decimals", "period_kind"), i, strict=True), local=False)
        for i in INDICATORS])
    conn.execute(sa.insert(t.periods), [dict(zip(("id", "kind", "start_date", "end_date", "label"), p,
                                                 strict=True)) for p in PERIODS])
    imports = [(1, REPORT, "2026-11-23T15:00:00.000+00:00", "alice", 3, 0, "file"),
               (2, "d1_cpp_2018.csv", "2026-11-23T15:05:00.000+00:00", "alice", 2, 0, "file"),
               (3, "CP performance report 2018-19 final.xlsx", "2026-11-24T09:00:00.000+00:00", "bob", 0, 1,
                "file")]
    conn.execute(sa.insert(t.imports), [_held(t.imports, {
        "id": i, "file_name": name, "file_path": f"C:/returns/{name}", "file_hash": f"sha256-{i}",
        "imported_at": at, "user_name": user, "n_added": added, "n_changed": changed, "n_unchanged": 0,
        "n_skipped": 0, "report_json": "{}", "status": "committed", "kind": kind, "reason": "import"})
        for i, name, at, user, added, changed, kind in imports])
    figures = [(1, "cpp_count", 1, "local", 563.0, None, "563", REPORT, "D10", 1),
               (2, "cpp_count", 2, "local", 345.0, None, "345", "CP performance report 2018-19 final.xlsx",
                "E10", 3),
               (3, "cpp_starts", 3, "local", 674.0, None, "674", REPORT, "D8", 1),
               (4, "cpp_count", 1, "dfe", 561.0, None, "561", "d1_cpp_2018.csv", "row 12", 2),
               (5, "cpp_repeat_count", 3, "dfe", 126.0, None, "126", "d1_cpp_2018.csv", "row 9", 2)]
    conn.execute(sa.insert(t.observations), [_held(t.observations, {
         "id": oid, "area_code": "E10000031", "indicator_id": ind, "breakdown": "", "period_id": pid,
         "publisher": pub, "value": value, "status": status, "raw": raw, "source_file": file,
         "source_sheet": "Table 6", "source_cell": cell, "import_id": imp,
         "updated_at": "2026-11-24T09:00:00.000+00:00", "updated_by": "bob" if imp == 3 else "alice"})
        for oid, ind, pid, pub, value, status, raw, file, cell, imp in figures])
    revisions = [(1, None, None, 563.0, None, "563", 1, "alice", "2026-11-23T15:00:00.000+00:00"),
                 (2, None, None, None, "tbc", "TBC", 1, "alice", "2026-11-23T15:00:00.000+00:00"),
                 (3, None, None, 674.0, None, "674", 1, "alice", "2026-11-23T15:00:00.000+00:00"),
                 (4, None, None, 561.0, None, "561", 2, "alice", "2026-11-23T15:05:00.000+00:00"),
                 (5, None, None, 126.0, None, "126", 2, "alice", "2026-11-23T15:05:00.000+00:00"),
                 (2, None, "tbc", 345.0, None, "345", 3, "bob", "2026-11-24T09:00:00.000+00:00")]
    if "revision" in t.observations.c:  # version 2 on: each cell's revision counts its history
        conn.execute(sa.update(t.observations).where(t.observations.c.id == 2).values(revision=2))
    if "changed_at" not in t.revisions.c:  # version 3 on: a revision only where a figure changed
        revisions = [revision for revision in revisions if revision[0] == 2]
    no_file = getattr(t, "NO_FILE", None)  # version 3 on: the mark of a figure with no source file
    conn.execute(sa.insert(t.revisions), [_held(t.revisions, {
        "observation_id": oid, "old_value": old, "old_status": old_status, "old_raw": "TBC" if old_status
        else None, "new_value": new, "new_status": new_status, "new_raw": raw, "changed_at": at,
        "changed_by": by, "import_id": imp, "reason": "import", "source_file": no_file, "source_sheet": None,
        "source_cell": None}) for oid, old, old_status, new, new_status, raw, imp, by, at in revisions])
    conn.execute(sa.insert(t.targets).values(area_code="E10000031", indicator_id="cpp_count", breakdown="",
                                             period_id=None, target=500.0, tolerance=5.0, set_by="alice",
                                             set_at="2026-11-23T16:00:00.000+00:00"))
    conn.execute(sa.insert(t.annotations).values(area_code="E10000031", indicator_id="cpp_count", period_id=2,
                                                 breakdown="", text="Final figure agreed with the DfE return",
                                                 author="bob", created_at="2026-11-24T09:05:00.000+00:00"))


def _held(table: sa.Table, row: dict) -> dict:
    """The values of ``row`` that ``table`` has columns for (each release has its own)."""
    return {name: value for name, value in row.items() if name in table.c}


def build(version: int, commit: str) -> str:
    """The SQL text of a seeded database of ``version``, built with that release's tables."""
    module = tables_at(commit)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"v{version}.sqlite"
        engine = sa.create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            module.metadata.create_all(conn)
            seed(conn, module, version)
        engine.dispose()
        raw = sqlite3.connect(path)
        try:
            return "\n".join(raw.iterdump()) + "\n"
        finally:
            raw.close()


def main() -> int:
    for version, commit in RELEASES.items():
        target = HERE / f"schema_v{version}.sql"
        target.write_text(f"-- cpdesk schema version {version}, tables as released in {commit}; built by "
                          f"tests/core/schemas/build_schemas.py\n" + build(version, commit), encoding="utf-8")
        print(f"{target.relative_to(REPO)}: schema version {version} from {commit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
