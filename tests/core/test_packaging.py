"""Packaging: PySide6 6.12.0 crashes on CPython 3.11 (a refcount bug on None in void-returning calls), and
the frozen build (packaging/cpdesk.spec) must carry the PostgreSQL driver and the keyring's backends."""

import ast
import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement  # noqa: I001 - vendored with pip's dependencies
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def pyside_requirements() -> list[Requirement]:
    deps = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    return [Requirement(d) for d in deps if d.lower().startswith("pyside6")]


def test_pyside_is_pinned_below_6_12_on_python_3_11():
    env = {"python_version": "3.11", "python_full_version": "3.11.7"}
    active = [r for r in pyside_requirements() if r.marker is None or r.marker.evaluate(env)]
    assert active, "no PySide6 requirement applies on Python 3.11"
    for req in active:
        assert not req.specifier.contains("6.12.0"), str(req)
        assert req.specifier.contains("6.11.3"), str(req)


def test_installed_pyside_is_safe_on_this_python():
    installed = Version(version("PySide6-Essentials"))
    if sys.version_info[:2] == (3, 11):
        assert installed < Version("6.12")


# The frozen build carries the PostgreSQL driver and the keyring's backends -----------------------------

SPEC = PYPROJECT.parent / "packaging" / "cpdesk.spec"


def spec_value(name: str):
    """A literal the spec assigns at its top level (``NAME = [...]``), read without PyInstaller."""
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{SPEC.name} assigns no {name}")


def spec_list(name: str) -> list[str]:
    return list(spec_value(name))


def test_the_spec_names_the_postgresql_driver_and_the_keyring_backends():
    drivers = spec_list("DATABASE_DRIVERS")
    for needed in ("sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.postgresql.psycopg", "psycopg",
                   "psycopg_binary"):
        assert needed in drivers, needed
    backends = spec_list("KEYRING_BACKENDS")
    for needed in ("keyring.backends.Windows", "keyring.backends.macOS", "keyring.backends.SecretService"):
        assert needed in backends, needed
    assert {"psycopg", "psycopg_binary", "keyring"} <= set(spec_list("COLLECTED_PACKAGES"))
    assert "keyring" in spec_list("METADATA")  # its backends are found through entry points


def test_every_module_the_spec_names_imports_here():
    for name in [*spec_list("DATABASE_DRIVERS"), *spec_list("KEYRING_BACKENDS")]:
        importlib.import_module(name)
    for distribution in spec_list("METADATA"):
        assert metadata.distribution(distribution).version


def test_psycopg_runs_on_the_binary_wheels_libpq():
    """The binary implementation carries its own libpq: a Windows PC needs no PostgreSQL installed."""
    import psycopg

    assert psycopg.pq.__impl__ == "binary"
    assert psycopg.pq.version() >= 140000


def test_the_spec_carries_every_database_dependency_of_pyproject():
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    deps = [Requirement(d).name.lower() for d in dependencies]
    collected = {name.replace("_", "-") for name in spec_list("COLLECTED_PACKAGES")}
    for name in ("psycopg", "keyring"):
        assert name in deps and name in collected, name


# Two programs from one spec, and one version everywhere -------------------------------------------------

def test_the_spec_builds_a_windowed_and_a_console_program():
    programs = spec_value("PROGRAMS")
    assert set(programs) == {"cpdesk", "cpdesk-cli"}
    assert programs["cpdesk"][0] is False  # windowed: no console window behind the app
    assert programs["cpdesk-cli"][0] is True


def test_the_spec_leaves_other_qt_bindings_out():
    assert {"PyQt5", "PyQt6", "PySide2", "tkinter"} <= set(spec_value("EXCLUDED"))


def test_cpdesk_version_is_pyprojects():
    import cpdesk

    declared = tomllib.loads(PYPROJECT.read_text())["project"]["version"]
    assert cpdesk.__version__ == declared


def test_an_installed_cpdesk_carries_pyprojects_version():
    declared = tomllib.loads(PYPROJECT.read_text())["project"]["version"]
    try:
        installed = metadata.version("cpdesk")
    except metadata.PackageNotFoundError:
        pytest.skip("cpdesk is not installed here (run from a checkout): the test above checks it")
    assert installed == declared


def load_windows_version():
    path = SPEC.parent / "windows_version.py"
    spec = importlib.util.spec_from_file_location("cpdesk_windows_version", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def recorded(name):
    return lambda *args, **kwargs: (name, args, kwargs)


def test_the_windows_version_resource_says_pyprojects_version(tmp_path):
    windows_version = load_windows_version()
    declared = windows_version.pyproject_version(PYPROJECT)
    assert declared == tomllib.loads(PYPROJECT.read_text())["project"]["version"]
    path = windows_version.write_version_file(tmp_path, declared, "cpdesk-cli.exe", "cpdesk command line")
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct"]
    info = eval(path.read_text(), {name: recorded(name) for name in names})  # as PyInstaller reads it
    fixed = info[2]["ffi"][2]
    assert fixed["filevers"] == fixed["prodvers"] == windows_version.numeric_version(declared)
    table = info[2]["kids"][0][1][0][0]
    strings = {struct[1][0]: struct[1][1] for struct in table[1][1]}
    assert strings["FileVersion"] == strings["ProductVersion"] == declared
    assert strings["OriginalFilename"] == "cpdesk-cli.exe"
    assert strings["ProductName"] == "cpdesk" and strings["FileDescription"] == "cpdesk command line"


def test_windows_keeps_four_numbers_of_a_version():
    numeric_version = load_windows_version().numeric_version
    assert numeric_version("0.1.0") == (0, 1, 0, 0)
    assert numeric_version("2.10rc1") == (2, 10, 0, 0)
    assert numeric_version("1.2.3.4.5") == (1, 2, 3, 4)


def test_pyinstaller_reads_the_version_file_where_it_is_installed(tmp_path, monkeypatch):
    pytest.importorskip("PyInstaller", reason="PyInstaller comes with the package extra (dev.py package)")
    pytest.importorskip("pefile", reason="PyInstaller's version-file reader needs pefile (Windows only)")
    import PyInstaller.compat

    if not hasattr(PyInstaller.compat, "win32api"):  # off Windows: reading needs none of it
        monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    versioninfo = importlib.import_module("PyInstaller.utils.win32.versioninfo")
    windows_version = load_windows_version()
    path = windows_version.write_version_file(tmp_path, "0.1.0", "cpdesk.exe", "cpdesk")
    info = versioninfo.load_version_info_from_text_file(path)
    assert info.ffi.fileVersionMS == 0x00000001 and info.ffi.fileVersionLS == 0
    assert b"c\x00p\x00d\x00e\x00s\x00k\x00.\x00e\x00x\x00e" in info.toRaw()


# What the build leaves out must not be needed ---------------------------------------------------------

IMPORT_ALL_WITHOUT = """
import importlib, json, pkgutil, sys

blocked = json.loads(sys.argv[1])

class LeftOut:
    # As in the built app: a module the spec leaves out cannot be imported.
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in blocked):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, LeftOut())
import cpdesk
import pyqtgraph
for module in pkgutil.walk_packages(cpdesk.__path__, "cpdesk."):
    importlib.import_module(module.name)
print(sorted(name for name in sys.modules if name.startswith("PySide6.")))
"""


def test_the_qt_modules_the_spec_leaves_out_are_ones_cpdesk_does_without(tmp_path):
    """Every cpdesk module (the window's and pyqtgraph's included) imports with the left-out modules
    unimportable, as in the built app; and none cpdesk's sources name is left out."""
    left_out = spec_list("EXCLUDED") + spec_list("UNUSED_QT_MODULES")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(PYPROJECT.parent)}
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL_WITHOUT, json.dumps(left_out)], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(ast.literal_eval(done.stdout.strip().splitlines()[-1]))
    assert {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg"} <= loaded
    named = set()
    for source in (PYPROJECT.parent / "cpdesk").rglob("*.py"):
        named |= set(re.findall(r"\bPySide6\.Qt\w+", source.read_text(encoding="utf-8")))
    assert not named & set(left_out)


# Resources are found however cpdesk runs ---------------------------------------------------------------

WHERE_ARE_THE_RESOURCES = """
import json
import cpdesk
from cpdesk import demo, paths
from cpdesk.reference import load_reference

reference = load_reference()
print(json.dumps({"version": cpdesk.__version__, "package": str(paths.PACKAGE_DIR),
                  "resources": str(paths.resources_dir()),
                  "samples": [str(p) for p in demo.demo_files()], "icon": paths.icon_file().is_file(),
                  "indicators": len(reference.schema.indicators)}))
"""
BUILT_FROM = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "cpdesk", "resources",
              "sample_workbooks"]


def where_cpdesk_finds_its_resources(pythonpath: Path, cwd: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "CPDESK_RESOURCES": ""}
    done = subprocess.run([sys.executable, "-c", WHERE_ARE_THE_RESOURCES], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_checkout_finds_the_resources_beside_the_package(tmp_path):
    found = where_cpdesk_finds_its_resources(PYPROJECT.parent, tmp_path)
    assert Path(found["resources"]) == PYPROJECT.parent / "resources"
    assert found["indicators"] > 40 and found["icon"]
    assert all(Path(p).parent.parent == PYPROJECT.parent for p in found["samples"] if "/dfe/" not in p)


def test_an_installed_wheel_carries_and_finds_its_resources_and_sample_workbooks(tmp_path):
    """The wheel is built from a copy of the sources (a build writes beside them), then unpacked as pip
    installs it, and cpdesk is run from there alone."""
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILT_FROM:
        original = PYPROJECT.parent / name
        if original.is_dir():
            shutil.copytree(original, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(original, source / name)
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                            str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = wheels.glob("cpdesk-*.whl")
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(site)
    assert "cpdesk/resources/indicators.toml" in names and "cpdesk/resources/icons/cpdesk.ico" in names
    declared = tomllib.loads(PYPROJECT.read_text())["project"]["version"]
    assert f"cpdesk-{declared}.dist-info/METADATA" in names
    assert not any(name.startswith("cpdesk/sample_workbooks/") and name.endswith(".py") for name in names)
    found = where_cpdesk_finds_its_resources(site, tmp_path)
    assert Path(found["package"]) == site / "cpdesk" and found["version"] == declared
    assert Path(found["resources"]) == site / "cpdesk" / "resources"
    assert found["indicators"] > 40 and found["icon"]
    assert len(found["samples"]) >= 10
    assert all(Path(p).is_relative_to(site / "cpdesk" / "sample_workbooks") for p in found["samples"])


# python3 dev.py package: what it installs and how it judges the built app ------------------------------

def load_dev():
    spec = importlib.util.spec_from_file_location("cpdesk_dev", PYPROJECT.parent / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_install_stamp_says_which_extras_this_pyproject_was_installed_with(tmp_path, monkeypatch):
    dev = load_dev()
    monkeypatch.setattr(dev, "STAMP", tmp_path / ".cpdesk-installed")
    assert dev.installed_extras("abc") == set()
    dev.STAMP.write_text("abc")  # written before the extras were recorded: the tests' extra
    assert dev.installed_extras("abc") == {"test"}
    dev.STAMP.write_text("abc\npackage,test")
    assert dev.installed_extras("abc") == {"package", "test"}
    assert dev.installed_extras("changed") == set()


def fake_built_app(folder: Path, says: str, smoke_exit: int) -> Path:
    folder.mkdir()
    for name in ("cpdesk", "cpdesk-cli"):
        program = folder / name
        program.write_text(f'#!/bin/sh\nif [ "$1" = --version ]; then echo "{says}"; exit 0; fi\n'
                           f'test -n "$CPDESK_HOME" || exit 9\nexit {smoke_exit}\n')
        program.chmod(0o755)
    return folder


posix_only = pytest.mark.skipif(os.name != "posix", reason="the fake programs are shell scripts")


@posix_only
def test_the_built_app_passes_only_with_pyprojects_version_and_a_passing_smoke_test(tmp_path):
    dev = load_dev()
    declared = tomllib.loads(PYPROJECT.read_text())["project"]["version"]
    assert dev.check_built_app(fake_built_app(tmp_path / "good", f"cpdesk {declared}", 0))
    assert not dev.check_built_app(fake_built_app(tmp_path / "old", "cpdesk 0.0.1", 0))
    assert not dev.check_built_app(fake_built_app(tmp_path / "broken", f"cpdesk {declared}", 1))


def test_a_built_program_that_cannot_start_or_hangs_fails_with_its_reason(tmp_path):
    dev = load_dev()
    missing = dev.run_program([str(tmp_path / "cpdesk-cli")], dict(os.environ), timeout_s=60)
    assert missing.returncode == 127 and "could not be started" in missing.stderr
    hangs = dev.run_program([sys.executable, "-c", "import time; time.sleep(60)"], dict(os.environ),
                            timeout_s=0.5)
    assert hangs.returncode == 124 and "stopped after" in hangs.stderr


@posix_only
def test_the_packaged_size_counts_files_not_links(tmp_path):
    dev = load_dev()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.so").write_bytes(b"x" * 1_500_000)
    (tmp_path / "b.txt").write_bytes(b"y" * 500_000)
    (tmp_path / "a-link.so").symlink_to(tmp_path / "lib" / "a.so")
    assert dev.folder_size(tmp_path) == (2.0, 2)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def taking(self, seconds: float, result):
        """A stand-in for a step of dev.py that takes ``seconds`` and returns ``result``."""
        def step(*_args):
            self.now += seconds
            return result
        return step


def test_package_counts_setting_up_the_venv_in_its_time_in_all(tmp_path, monkeypatch, capsys):
    dev = load_dev()
    clock = FakeClock()
    monkeypatch.setattr(dev, "time", clock)
    monkeypatch.setattr(dev, "DIST", tmp_path / "dist")
    monkeypatch.setattr(dev, "BUILD", tmp_path / "build")
    monkeypatch.setattr(dev, "ensure_environment", clock.taking(22, tmp_path / "python"))
    monkeypatch.setattr(dev, "run_pyinstaller", clock.taking(28, 0))
    monkeypatch.setattr(dev, "check_built_app", clock.taking(16, True))
    assert dev.main(["package"]) == 0
    said = capsys.readouterr().out
    assert "0 MB in 0 files, 28 s." in said
    assert "took 16 s; 66 s in all (22 s to set up .venv)." in said
