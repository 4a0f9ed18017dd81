#!/usr/bin/env python3
"""Set up and run cpdesk from a checkout with nothing but Python 3.11+.

    python3 dev.py demo    # the app, on the demo database (sample workbooks already imported)
    python3 dev.py test    # the whole test suite (extra arguments go to pytest)
    python3 dev.py cli ... # any cpdesk command, e.g. python3 dev.py cli dump --indicator cpp_rate

Each creates ./.venv on first use and installs what pyproject.toml asks for (again only when it
changes), so it works on a fresh machine and stays quick after that.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".cpdesk-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"cpdesk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not venv_python().exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        print("Installing cpdesk and its dependencies into .venv ...", flush=True)
        pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.check_call([*pip, "--upgrade", "pip"])
        subprocess.check_call([*pip, "-e", f"{ROOT}[test]"])
        STAMP.write_text(wanted)
    return venv_python()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "demo"
    python = str(ensure_environment())
    if command == "test":
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        return subprocess.call([python, "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)
    if command == "demo":
        return subprocess.call([python, "-m", "cpdesk.cli", "--demo", *argv[1:]], cwd=ROOT)
    if command == "cli":
        return subprocess.call([python, "-m", "cpdesk.cli", *argv[1:]], cwd=ROOT)
    sys.exit(f"unknown command {command!r}: use demo, test or cli")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
