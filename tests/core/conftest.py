"""The reference data most core tests read: the indicator schema, the areas, and the two together.

Module-scoped, as each test module had them: loaded once per module, never shared across modules."""

from __future__ import annotations

import pytest

from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.schema import load_schema
from cpdesk.reference import load_reference


@pytest.fixture(scope="module")
def schema():
    return load_schema()


@pytest.fixture(scope="module")
def areas():
    return load_areas()


@pytest.fixture(scope="module")
def reference():
    return load_reference()
