"""Builds of cpdesk carry its resources and sample workbooks inside the package.

pyproject.toml holds everything else. In a checkout ``resources/`` and ``sample_workbooks/`` sit beside
``cpdesk/``; an installed cpdesk finds them inside itself (``cpdesk/resources``, as in the PyInstaller
build), so the wheel copies them there. Editable installs keep using the checkout's folders.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
CARRIED = ("resources", "sample_workbooks")
NOT_DATA = shutil.ignore_patterns("*.py", "*.pyc", "__pycache__")  # sample_workbooks' own build scripts


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for folder in CARRIED:
            target = Path(self.build_lib) / "cpdesk" / folder
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / folder, target, ignore=NOT_DATA)


setup(cmdclass={"build_py": BuildWithResources})
