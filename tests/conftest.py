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


# PostgreSQL: one server per test run (tests/pg_server.py), a fresh database per test ------------------

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server, or a skip that says why there is none (a failure where CI requires one)."""
    from tests.pg_server import NoServer, start_server

    try:
        server = start_server()
    except NoServer as exc:
        if os.environ.get("CPDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but: {exc}")
        pytest.skip(f"No PostgreSQL server for these tests: {exc}")
    yield server
    if callable(server.stop):
        server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL (password included) of a new, empty PostgreSQL database for this test alone."""
    with pg_server.fresh_database() as url:
        yield url.render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path) -> str:
    """Where a test's cpdesk database is, on each backend: a SQLite file path, or a PostgreSQL URL.

    Use it wherever a path or ``--db`` value goes; the test then runs once on each."""
    if request.param == "sqlite":
        return str(tmp_path / "cpdesk.sqlite")
    return request.getfixturevalue("pg_url")
