"""Which parts of cpdesk may import which: the import-linter contracts in pyproject.toml hold, and at run
time importing any module outside cpdesk/ui and cpdesk/app.py loads no Qt."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import cpdesk

PACKAGE = Path(cpdesk.__file__).resolve().parent
CHECKOUT = PACKAGE.parent
QT_MODULES = ("PySide6", "pyqtgraph", "PyQt5", "PyQt6", "shiboken6")
QT_HOMES = {"ui", "app"}  # the only children of cpdesk that may import Qt


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(CHECKOUT)
        if rel.parts[1] == "ui" or rel.name == "app.py":
            continue
        names.append(".".join(rel.with_suffix("").parts).removesuffix(".__init__"))
    return names


def package_children() -> set[str]:
    """The modules and packages directly under cpdesk, as import-linter's layers name them."""
    return {path.stem if path.is_file() else path.name for path in PACKAGE.iterdir()
            if (path.suffix == ".py" and path.name != "__init__.py") or (path / "__init__.py").exists()}


def contracts() -> list[dict]:
    with open(CHECKOUT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]["contracts"]


def test_the_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "lint-imports is missing: install the test extras (pip install -e .[test])"
    # This checkout's cpdesk, the one under test, whichever copy the environment has installed.
    search_path = os.pathsep.join(filter(None, (str(CHECKOUT), os.environ.get("PYTHONPATH"))))
    env = {**os.environ, "PYTHONPATH": search_path}
    result = subprocess.run([lint_imports, "--no-cache", "--no-logo"], cwd=CHECKOUT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_but_ui_and_app_is_kept_from_qt_by_a_contract():
    """A forbidden contract names its source modules one by one: a new module must be added to one."""
    kept_from_qt = set()
    for contract in contracts():
        if contract["type"] == "forbidden" and "PySide6" in contract["forbidden_modules"]:
            kept_from_qt |= {name.removeprefix("cpdesk.") for name in contract["source_modules"]}
    assert package_children() - kept_from_qt == QT_HOMES


def test_importing_every_core_module_loads_no_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
