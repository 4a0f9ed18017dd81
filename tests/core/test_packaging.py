"""PySide6 6.12.0 crashes on CPython 3.11 (a refcount bug on None in void-returning calls)."""

import sys
import tomllib
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
