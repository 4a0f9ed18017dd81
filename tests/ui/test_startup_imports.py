"""The first window opens without the modules only later actions need: the readers and the import
pipeline (pandas, openpyxl), the exports (xlsxwriter), the PDF pack and the chart library (pyqtgraph,
numpy). Each is imported where it is first used (docs/PERFORMANCE.md, Start-up); a module-level import
of one of them in the chain the first window loads makes every start wait for it again.

The app is started as an officer starts it (``python -m cpdesk --db FILE``), in a process of its own,
and reports which modules it had loaded when its window was first painted (``CPDESK_STARTUP_PROBE``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cpdesk
from cpdesk.preferences import FIRST_RUN_DONE, HOME_COUNCIL, OFFICER_NAME
from cpdesk.ui.startup_probe import PROBE_VARIABLE

CHECKOUT = Path(cpdesk.__file__).resolve().parent.parent
PAGES = CHECKOUT / "cpdesk" / "ui" / "pages"
NOT_AT_START = ("pandas", "openpyxl", "xlsxwriter", "python_calamine", "numpy", "pyqtgraph",
                "cpdesk.read", "cpdesk.pipeline", "cpdesk.export.board", "cpdesk.export.dfe_format",
                "cpdesk.export.cpdesk_format", "cpdesk.ui.pdf_pack", "cpdesk.ui.pdf_html",
                "cpdesk.ui.import_wizard", "cpdesk.ui.charts.chart_view")
NOT_IN_ANY_PAGE = ("pandas", "openpyxl", "xlsxwriter", "cpdesk.pipeline", "cpdesk.read.workbook",
                   "cpdesk.read.dispatch", "cpdesk.ui.pdf_pack", "cpdesk.ui.pdf_html")


def found(modules: list[str], names: tuple[str, ...]) -> list[str]:
    """The modules of ``modules`` that are one of ``names`` or inside one of them."""
    return sorted(m for m in modules if any(m == name or m.startswith(f"{name}.") for name in names))


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment of a child Python that imports this checkout's cpdesk."""
    search_path = os.pathsep.join(filter(None, (str(CHECKOUT), os.environ.get("PYTHONPATH"))))
    return {**os.environ, "PYTHONPATH": search_path, "QT_QPA_PLATFORM": "offscreen", **extra}


def answered_first_run(home: Path) -> None:
    """Settings of an officer past the first-run questions, so the window opens straight away."""
    lines = []
    for setting, value in ((FIRST_RUN_DONE, "true"), (HOME_COUNCIL, "E10000031"), (OFFICER_NAME, "Test")):
        group, key = setting.key.split("/")
        lines += [f"[{group}]", f"{key}={value}"]
    home.mkdir(parents=True, exist_ok=True)
    (home / "cpdesk.ini").write_text("\n".join(lines) + "\n", encoding="utf-8")


def modules_at_first_paint(db: Path, home: Path, probe: Path) -> list[str]:
    env = checkout_env(CPDESK_HOME=str(home), **{PROBE_VARIABLE: str(probe)})
    env.pop("DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "cpdesk", "--db", str(db)], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(probe.read_text(encoding="utf-8"))["modules"]


def test_the_first_window_is_painted_before_the_readers_exports_pdf_and_chart_code_load(
        demo_db_template, tmp_path):
    db = tmp_path / "demo.sqlite"
    db.write_bytes(demo_db_template.read_bytes())
    home = tmp_path / "home"
    answered_first_run(home)

    modules = modules_at_first_paint(db, home, tmp_path / "probe.json")

    assert "cpdesk.ui.main_window" in modules and "cpdesk.ui.charts.report_card" in modules  # the Dashboard
    assert found(modules, NOT_AT_START) == []


def test_no_page_module_imports_pandas_openpyxl_xlsxwriter_the_readers_or_the_pdf_code():
    """A page's own module, loaded when its tab is first shown, leaves them to the action that needs them."""
    pages = sorted(f"cpdesk.ui.pages.{path.stem}" for path in PAGES.glob("*.py") if path.stem != "__init__")
    code = ("import importlib, json, sys\n"
            f"for name in {pages!r}:\n"
            "    importlib.import_module(name)\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], env=checkout_env(), capture_output=True, text=True,
                          timeout=120, check=True)
    modules = json.loads(done.stdout)

    assert "cpdesk.ui.pages.imports_page" in modules and "cpdesk.ui.pages.data_page" in modules
    assert found(modules, NOT_IN_ANY_PAGE) == []
