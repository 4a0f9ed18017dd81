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


@pytest.fixture(scope="session")
def pg_demo_template(pg_server) -> str:
    """The name of a PostgreSQL database holding the demo, built once per run: tests get copies of it."""
    from cpdesk.demo import build_demo

    with pg_server.fresh_database("demo_template") as url:
        build_demo(url.render_as_string(hide_password=False))
        yield url.database


@pytest.fixture(params=BACKENDS)
def demo_database(request, tmp_path) -> str:
    """A copy of the demo database for this test alone, on each backend (as ``database`` gives them)."""
    if request.param == "sqlite":
        path = tmp_path / "demo.sqlite"
        path.write_bytes(request.getfixturevalue("demo_db_template").read_bytes())
        yield str(path)
        return
    server, template = request.getfixturevalue("pg_server"), request.getfixturevalue("pg_demo_template")
    with server.fresh_database("demo", template=template) as url:
        yield url.render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=BACKENDS)
def shared_demo_database(request) -> str:
    """The demo database on each backend, shared by every test that only reads it: never write to it."""
    if request.param == "sqlite":
        yield str(request.getfixturevalue("demo_db_template"))
        return
    server, template = request.getfixturevalue("pg_server"), request.getfixturevalue("pg_demo_template")
    with server.fresh_database("shared_demo", template=template) as url:
        yield url.render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=BACKENDS)
def module_database(request, tmp_path_factory) -> str:
    """An empty database (as ``database`` gives) shared by one module's tests, for a big shared import."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("module-db") / "cpdesk.sqlite")
        return
    with request.getfixturevalue("pg_server").fresh_database("module") as url:
        yield url.render_as_string(hide_password=False)
