"""The core never imports Qt: only cpdesk/ui and cpdesk/app.py may."""

import ast
import subprocess
import sys
from pathlib import Path

import cpdesk

PACKAGE = Path(cpdesk.__file__).resolve().parent
QT_MODULES = ("PySide6", "pyqtgraph", "PyQt5", "PyQt6", "shiboken6")


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        if rel.parts[1] == "ui" or rel.name == "app.py":
            continue
        names.append(".".join(rel.with_suffix("").parts).removesuffix(".__init__"))
    return names


def test_core_source_names_no_qt_module():
    offenders = []
    for name in core_modules():
        path = PACKAGE.parent / (name.replace(".", "/") + ".py")
        if not path.exists():
            path = PACKAGE.parent / name.replace(".", "/") / "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            else:
                continue
            offenders += [f"{name}: {m}" for m in mods if m.split(".")[0] in QT_MODULES]
    assert offenders == []


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


def test_no_core_module_imports_a_higher_layer():
    """Lower layers (indicators, read, validate, store) never import query/chart/export/ui."""
    layers = {"indicators": 0, "observation": 0, "read": 1, "validate": 1, "store": 2, "query": 3,
              "chart": 4, "export": 5}
    offenders = []
    for name in core_modules():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in layers:
            continue
        path = PACKAGE.parent / (name.replace(".", "/") + ".py")
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cpdesk."):
                target = node.module.split(".")[1]
                if target in layers and layers[target] > layers[parts[1]]:
                    offenders.append(f"{name} -> {node.module}")
    assert offenders == []
