"""Test set-up. The Qt platform is set before anything can import Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_workbooks"
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own data folder, so nothing touches the user's real database."""
    monkeypatch.setenv("CPDESK_HOME", str(tmp_path / "cpdesk-home"))
    monkeypatch.setenv("CPDESK_USER", "test-user")
    # A new database starts empty in tests; the national data pack's own tests (and the demo) load it.
    monkeypatch.setenv("CPDESK_NATIONAL_PACK", "off")


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """The demo database, built once per run. Tests that change it must work on a copy."""
    from cpdesk.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    build_demo(path)
    return path
