"""How long cpdesk takes from starting the process to its main window painted, on the demo database.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--runs 7] [--warmups 2] [--frozen PATH]``.

Builds the demo database once into a temporary folder (its ``CPDESK_HOME``, with the first-run
questions already answered), then starts the real app again and again: ``python -m cpdesk --db X``
from this checkout, and the frozen build ``dist/cpdesk/cpdesk`` when it is there (skipped, saying so,
when it is not). ``CPDESK_STARTUP_PROBE`` makes the app write the moment its window was first painted
(and the modules loaded by then) and quit; the time is from just before the spawn to that moment.
The warm-up runs fill the disk cache and Python's bytecode cache (kept in the temporary folder, so the
checkout is not written to), as on an officer's PC from the second start on.

Each build is timed under Qt's offscreen platform and, when ``Xvfb`` is installed, on a virtual X
display, which costs more (a real window, fonts through fontconfig, the xcb plugin). Prints the median,
the fastest and slowest run and the heavy modules loaded by the first paint; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

from cpdesk.preferences import FIRST_RUN_DONE, HOME_COUNCIL, OFFICER_NAME  # noqa: E402

FROZEN = CHECKOUT / "dist" / "cpdesk" / ("cpdesk.exe" if sys.platform == "win32" else "cpdesk")
# What the first window must not need (tests/ui/test_startup_imports.py keeps them out); SQLAlchemy is
# named too, though the store needs it, as the largest import left.
HEAVY = ("pandas", "openpyxl", "xlsxwriter", "python_calamine", "numpy", "pyqtgraph", "cpdesk.read",
         "cpdesk.pipeline", "cpdesk.export.board", "cpdesk.export.dfe_format", "cpdesk.export.cpdesk_format",
         "cpdesk.ui.pdf_pack", "cpdesk.ui.charts.chart_view", "psycopg", "sqlalchemy")
START_TIMEOUT = 60  # seconds: a start that takes longer has hung
WARWICKSHIRE = "E10000031"  # the home council of the officer whose starts are timed


def settings_text() -> str:
    """The settings of an officer who has answered the first-run questions."""
    sections: dict[str, list[str]] = {}
    answers = ((FIRST_RUN_DONE, "true"), (HOME_COUNCIL, WARWICKSHIRE), (OFFICER_NAME, "Bench"))
    for setting, value in answers:
        group, key = setting.key.split("/")
        sections.setdefault(group, []).append(f"{key}={value}")
    return "".join(f"[{group}]\n" + "\n".join(lines) + "\n" for group, lines in sections.items())


def prepare(folder: Path) -> tuple[Path, dict[str, str]]:
    """The demo database and the environment every run starts in."""
    home = folder / "home"
    home.mkdir()
    (home / "cpdesk.ini").write_text(settings_text(), encoding="utf-8")
    env = {**os.environ, "CPDESK_HOME": str(home), "PYTHONPYCACHEPREFIX": str(folder / "bytecode"),
           "PYTHONPATH": str(CHECKOUT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("CPDESK_DB", None)
    db = folder / "demo.sqlite"
    subprocess.run([sys.executable, "-m", "cpdesk", "demo", "--db", str(db)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return db, env


def one_start(command: list[str], env: dict[str, str], probe: Path) -> tuple[float, list[str]]:
    """Seconds from spawn to the first paint, and the modules loaded by then."""
    probe.unlink(missing_ok=True)
    started = time.time()
    done = subprocess.run(command, env={**env, "CPDESK_STARTUP_PROBE": str(probe)}, timeout=START_TIMEOUT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0 or not probe.exists():
        raise RuntimeError(f"{command[0]} exited {done.returncode} without painting: {done.stderr[-2000:]}")
    record = json.loads(probe.read_text(encoding="utf-8"))
    return record["painted_at"] - started, record["modules"]


def measure(name: str, command: list[str], env: dict[str, str], probe: Path, runs: int, warmups: int) -> None:
    for _ in range(warmups):
        one_start(command, env, probe)
    times, modules = [], []
    for _ in range(runs):
        seconds, modules = one_start(command, env, probe)
        times.append(seconds)
    heavy = [name for name in HEAVY if name in modules]
    print(f"{name}: median {statistics.median(times):.3f} s, fastest {min(times):.3f} s, "
          f"slowest {max(times):.3f} s over {runs} runs ({', '.join(f'{t:.2f}' for t in times)})")
    print(f"    {len(modules)} modules loaded at first paint; heavy ones: {', '.join(heavy) or 'none'}")


@contextmanager
def virtual_display() -> Iterator[dict[str, str] | None]:
    """The environment of an Xvfb display for the time of the block, or None without Xvfb."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None or not sys.platform.startswith("linux"):
        yield None
        return
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)  # the server takes a moment to listen
        yield {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def describe_setting() -> str:
    """The commit, Python and PySide6 measured, for the record in docs/PERFORMANCE.md."""
    found = subprocess.run(["git", "-C", str(CHECKOUT), "rev-parse", "--short", "HEAD"], capture_output=True,
                           text=True, check=False)
    commit = found.stdout.strip() if found.returncode == 0 else "unknown"
    return (f"commit {commit}, Python {platform.python_version()}, "
            f"PySide6 {importlib.metadata.version('PySide6-Essentials')}, {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--frozen", type=Path, default=FROZEN, help="the built app (default dist/cpdesk)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cpdesk-startup-") as temporary:
        folder = Path(temporary)
        db, env = prepare(folder)
        probe = folder / "probe.json"
        builds = {"from source": [sys.executable, "-m", "cpdesk", "--db", str(db)]}
        if args.frozen.exists():
            builds["frozen"] = [str(args.frozen), "--db", str(db)]
        else:
            print(f"frozen: skipped, {args.frozen} is not there (build it with python3 dev.py package)")
        print(describe_setting())
        print(f"load average before: {', '.join(f'{n:.2f}' for n in os.getloadavg())}")
        offscreen = {**env, "QT_QPA_PLATFORM": "offscreen"}
        offscreen.pop("DISPLAY", None)
        for build, command in builds.items():
            measure(f"{build}, offscreen", command, offscreen, probe, args.runs, args.warmups)
        with virtual_display() as display:
            if display is None:
                print("Xvfb: skipped, it is not installed (apt-get install xvfb)")
            for build, command in builds.items() if display is not None else ():
                measure(f"{build}, Xvfb", command, {**env, **display}, probe, args.runs, args.warmups)
        print(f"load average after: {', '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
