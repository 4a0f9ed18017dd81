#!/usr/bin/env python3
"""Set up and run cpdesk from a checkout with nothing but Python 3.11+.

    python3 dev.py demo    # the app, on the demo database (sample workbooks already imported)
    python3 dev.py test    # the whole test suite (extra arguments go to pytest)
    python3 dev.py cli ... # any cpdesk command, e.g. python3 dev.py cli dump --indicator cpp_rate
    python3 dev.py package # the one-folder app in dist/cpdesk/, then its own version and smoke test

Each creates ./.venv on first use and installs what pyproject.toml asks for (again only when it
changes), so it works on a fresh machine and stays quick after that.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".cpdesk-installed"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
SPEC = ROOT / "packaging" / "cpdesk.spec"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def installed_extras(wanted_hash: str) -> set[str]:
    """The extras the stamp says were installed for this pyproject.toml (none when it has changed)."""
    if not STAMP.exists():
        return set()
    lines = STAMP.read_text().splitlines() or [""]
    if lines[0] != wanted_hash:
        return set()
    return set(lines[1].split(",")) if len(lines) > 1 else {"test"}


def ensure_environment(extras: tuple[str, ...] = ("test",)) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"cpdesk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not venv_python().exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    have = installed_extras(wanted)
    if not set(extras) <= have:
        everything = sorted(have | set(extras))
        print("Installing cpdesk and its dependencies into .venv ...", flush=True)
        pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.check_call([*pip, "--upgrade", "pip"])
        subprocess.check_call([*pip, "-e", f"{ROOT}[{','.join(everything)}]"])
        STAMP.write_text(f"{wanted}\n{','.join(everything)}")
    return venv_python()


def main(argv: list[str]) -> int:
    started = time.monotonic()  # package's "N s in all" counts creating .venv and installing into it
    command = argv[0] if argv else "demo"
    if command == "package":
        return package(str(ensure_environment(("test", "package"))), started)
    python = str(ensure_environment())
    if command == "test":
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        return subprocess.call([python, "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)
    if command == "demo":
        return subprocess.call([python, "-m", "cpdesk.cli", "--demo", *argv[1:]], cwd=ROOT)
    if command == "cli":
        return subprocess.call([python, "-m", "cpdesk.cli", *argv[1:]], cwd=ROOT)
    sys.exit(f"unknown command {command!r}: use demo, test, cli or package")


# python3 dev.py package ---------------------------------------------------------------------------------

def package(python: str, started: float) -> int:
    """Build dist/cpdesk/ afresh, then run the built console program's --version and --smoke-test;
    ``started`` is when dev.py started, before .venv was made or brought up to date."""
    app = DIST / "cpdesk"
    building = time.monotonic()
    setup = f" ({building - started:.0f} s to set up .venv)" if building - started >= 1 else ""
    for folder in (app, BUILD / "cpdesk"):
        shutil.rmtree(folder, ignore_errors=True)
    shown = f"{app.parent.name}/{app.name}/"
    print(f"Building {shown} with PyInstaller ...", flush=True)
    built = run_pyinstaller(python)
    build_s = time.monotonic() - building
    if built != 0:
        print(f"package: PyInstaller failed (exit {built}) after {build_s:.0f} s.", file=sys.stderr)
        return 1
    size_mb, files = folder_size(app)
    print(f"Built {shown}: {size_mb:.0f} MB in {files} files, {build_s:.0f} s.", flush=True)
    checked = time.monotonic()
    passed = check_built_app(app)
    print(f"Checks of the built app took {time.monotonic() - checked:.0f} s; "
          f"{time.monotonic() - started:.0f} s in all{setup}.")
    return 0 if passed else 1


def run_pyinstaller(python: str) -> int:
    return subprocess.call([python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                            "--distpath", str(DIST), "--workpath", str(BUILD), str(SPEC)], cwd=ROOT)


def folder_size(folder: Path) -> tuple[float, int]:
    """A folder's size in MB (10^6 bytes) and its number of files."""
    sizes = [path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(sizes) / 1e6, len(sizes)


def check_built_app(app: Path) -> bool:
    """The built programs say pyproject's version and the console one passes its own smoke test, in a
    home folder of their own (nothing of the developer's is read or changed)."""
    import tomllib  # after the Python version check: dev.py may be started by an older python3

    expected = f"cpdesk {tomllib.loads((ROOT / 'pyproject.toml').read_text())['project']['version']}"
    suffix = ".exe" if os.name == "nt" else ""
    console, windowed = app / f"cpdesk-cli{suffix}", app / f"cpdesk{suffix}"
    with tempfile.TemporaryDirectory(prefix="cpdesk-package-") as home:
        env = {**os.environ, "CPDESK_HOME": home,
               "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        passed = says_version(console, expected, env)
        if os.name != "nt":  # on Windows the windowed program answers in its parent's console, not a pipe
            passed = says_version(windowed, expected, env) and passed
        smoke_started = time.monotonic()
        smoke = run_program([str(console), "--smoke-test"], env, timeout_s=900, capture=False)
        reason = f" ({smoke.stderr})" if smoke.stderr else ""
        print(f"{'ok' if smoke.returncode == 0 else 'FAILED'}: {console.name} --smoke-test exited "
              f"{smoke.returncode} after {time.monotonic() - smoke_started:.0f} s{reason}.", flush=True)
    return passed and smoke.returncode == 0


def says_version(program: Path, expected: str, env: dict[str, str]) -> bool:
    done = run_program([str(program), "--version"], env, timeout_s=120)
    said = done.stdout.strip()
    problem = f"; {done.stderr.strip()}" if done.stderr.strip() else ""
    passed = done.returncode == 0 and said == expected
    print(f"{'ok' if passed else 'FAILED'}: {program.name} --version said {said!r} "
          f"(exit {done.returncode}, expected {expected!r}{problem})", flush=True)
    return passed


def run_program(command: list[str], env: dict[str, str], *, timeout_s: float,
                capture: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a built program; one that hangs or cannot start is a failed check with its reason, not a
    traceback (the reason is in ``stderr``, and the exit code 124 or 127 as a shell would say)."""
    try:
        return subprocess.run(command, env=env, capture_output=capture, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(command, 124, "", f"stopped after {timeout_s:.0f} s with no end")
    except OSError as exc:
        return subprocess.CompletedProcess(command, 127, "", f"could not be started: {exc}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
