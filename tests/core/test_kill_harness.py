"""Ten SIGKILLs from ``tools/kill_harness.py``: imports, corrections, undo and exports killed at random
moments while they write leave the database whole, each change all or nothing, and each export target
old or whole; the next export removes the temporary file a killed one left.

The long run (``--kills 240``, at any moment) is what docs/RELIABILITY.md reports; this one, with its
own fixed seeds, runs on every test run, in a process of its own (the harness forks its children,
which a test process holding Qt must not do).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LEFT_BEHIND = "temporary files left after the next run"


SEEDS = (7, 8, 9)  # a seed whose kills all come too late on a loaded machine is followed by the next


def _run_harness(seed: int, home: Path) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CPDESK_NATIONAL_PACK": "off", "CPDESK_HOME": str(home)}
    command = [sys.executable, str(REPO / "tools" / "kill_harness.py"), "--kills", "10", "--seed", str(seed),
               "--while-writing", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, cwd=REPO)
    assert done.stdout, done.stderr[-3000:]
    return json.loads(done.stdout)["results"]


def _enough_landed_mid_way(results: list[dict]) -> bool:
    killed_exports = [r for r in results if r["operation"].startswith("export") and r["temporaries_left"]]
    return (sum(r["killed"] for r in results) >= 7 and sum(r["writing"] for r in results) >= 5
            and bool(killed_exports))


@pytest.fixture(scope="module")
def kills(tmp_path_factory):
    """Ten kills a run; further seeds only when the timing of a busy machine let too many finish first.
    Every run's results are checked: a later seed adds kills, it never hides a failed one."""
    results: list[dict] = []
    for seed in SEEDS:
        results += _run_harness(seed, tmp_path_factory.mktemp(f"kill-home-{seed}"))
        if _enough_landed_mid_way(results):
            break
    return {"results": results}


def test_every_operation_is_killed_and_the_database_stays_whole(kills):
    results = kills["results"]
    assert len(results) in (10, 20, 30)
    assert {r["operation"].split()[0] for r in results} == {"import", "edit", "undo", "export-cli",
                                                            "export-service"}
    assert sum(r["killed"] for r in results) >= 7  # most land before the operation is done
    assert sum(r["writing"] for r in results) >= 5  # and while it writes
    for result in results:
        assert result["state"] != "damaged", result


def test_each_change_is_all_or_nothing_and_each_export_old_or_whole(kills):
    for result in kills["results"]:
        problems = [p for p in result["problems"] if not p.startswith(LEFT_BEHIND)]
        assert not problems, result
        assert result["state"] in ("before", "after", "partly"), result


def test_the_next_export_leaves_no_temporary_file_a_killed_one_left(kills):
    exports = [r for r in kills["results"] if r["operation"].startswith("export")]
    killed_writing = [r for r in exports if r["temporaries_left"]]
    assert killed_writing, "no export was killed while it wrote; choose another seed"
    for result in kills["results"]:
        assert not [p for p in result["problems"] if p.startswith(LEFT_BEHIND)], result
