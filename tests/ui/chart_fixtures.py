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
def reference():
    return load_reference()


@pytest.fixture
def source(demo_db, reference):
    from cpdesk.chart.requests import ChartSource

    store = open_store(demo_db, create=False)
    yield ChartSource.from_store(store, reference)
    store.close()
