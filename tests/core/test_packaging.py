"""Packaging: PySide6 6.12.0 crashes on CPython 3.11 (a refcount bug on None in void-returning calls), and
the frozen build (packaging/cpdesk.spec) must carry the PostgreSQL driver and the keyring's backends."""

import ast
import importlib
import sys
import tomllib
from importlib import metadata
from importlib.metadata import version
from pathlib import Path

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


def spec_list(name: str) -> list[str]:
    """A list of names the spec assigns at its top level (``NAME = [...]``), read without PyInstaller."""
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{SPEC.name} assigns no list {name}")


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
