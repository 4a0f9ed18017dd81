"""Two officers' processes on one PostgreSQL database (``tools/team_soak.py``), a few rounds on every test
run: imports, edits of the same figure and charts at once, then the database checked. The long run
(300 rounds) is what docs/TEAM_DATABASE.md's Evidence section reports.

The checks themselves must be able to fail: a revision chain broken by hand and a value an officer
stored that is not in the history are both found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import team_soak  # noqa: E402

from cpdesk.store import tables as t  # noqa: E402

ROUNDS = 6


def run_soak(url: str, home: Path, *extra: str) -> tuple[int, dict, str]:
    """The soak's exit status, its JSON result, and what its officers wrote to stderr (their tracebacks)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "CPDESK_HOME": str(home), "CPDESK_NATIONAL_PACK": "off"}
    done = subprocess.run([sys.executable, str(REPO / "tools" / "team_soak.py"), "--db", url, "--json",
                           "--rounds", str(ROUNDS), *extra], capture_output=True, text=True, env=env,
                          timeout=600, cwd=REPO)
    assert done.stdout, done.stderr[-3000:]
    return done.returncode, json.loads(done.stdout), done.stderr


def test_two_officers_import_edit_and_chart_at_once_and_nothing_is_lost(pg_url, tmp_path):
    code, result, stderr = run_soak(pg_url, tmp_path / "home")
    assert result["problems"] == [] and code == 0, stderr[-4000:]
    assert (result["officers"], result["errors"]) == (2, 0)
    for officer in result["per_officer"]:
        assert (officer["rounds"], officer["imports"], officer["errors"]) == (ROUNDS, ROUNDS, 0)
    # Each round each officer stores its own figure; the shared one is stored unless "Keep theirs" won.
    assert 2 * ROUNDS + result["saved_mine"] <= result["edits"] <= 4 * ROUNDS
    assert result["conflicts"] >= result["kept_theirs"] + result["saved_mine"]
    assert result["charts"] == 2 * ROUNDS
    assert result["imports_in_database"] == result["imports"] + result["edits"]
    # The checks find a lost change and a value missing from the history in the same database.
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        r = t.revisions
        changed = conn.execute(sa.select(sa.func.max(r.c.id)).where(r.c.old_value.is_not(None))).scalar_one()
        conn.execute(sa.update(r).where(r.c.id == changed).values(old_value=-1.0))
    engine.dispose()
    invented = team_soak.OfficerLog(9, "Officer 10", stored=[team_soak.Stored(
        "E10000031", "cpp_starts", "year 2009-04-01 2010-03-31", 123456.0, 1)])
    found = team_soak.check_database(pg_url, [invented])
    assert any("a change was lost" in problem for problem in found.problems), found.problems
    assert any("123456 in cpp_starts E10000031" in problem and "not in its history" in problem
               for problem in found.problems), found.problems
