"""The demo database, built once per test module, and a chart source over it."""

from __future__ import annotations

import pytest

from cpdesk.demo import build_demo
from cpdesk.reference import load_reference
from cpdesk.store import open_store

WARWICKSHIRE = "E10000031"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "cpdesk.sqlite"
    build_demo(path)
    return path


@pytest.fixture(scope="module")
def bare_demo_db(tmp_path_factory):
    """The demo without the national data pack: only the council reports and the DfE files beside them
    (C1, D3 and the ONS population), so Lancashire holds no CP figures and no CP rate can be ranked."""
    path = tmp_path_factory.mktemp("bare-demo") / "cpdesk.sqlite"
    build_demo(path, national_pack=False)
    return path


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture
def source(demo_db, reference):
    from cpdesk.chart.requests import ChartSource

    store = open_store(demo_db, create=False)
    yield ChartSource.from_store(store, reference)
    store.close()


@pytest.fixture
def bare_source(bare_demo_db, reference):
    from cpdesk.chart.requests import ChartSource

    store = open_store(bare_demo_db, create=False)
    yield ChartSource.from_store(store, reference)
    store.close()
