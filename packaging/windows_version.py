"""The Windows version resource of cpdesk.exe and cpdesk-cli.exe, made from pyproject.toml's version.

``packaging/cpdesk.spec`` writes one file per program at build time and hands it to PyInstaller's
``version=``; the text is what PyInstaller's ``VSVersionInfo`` prints, which it reads back with eval.
No PyInstaller import here, so tests can check the text without it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

COMPANY = "cpdesk"
PRODUCT = "cpdesk"
LANGUAGE_BLOCK = "080904B0"  # English (United Kingdom), Unicode
TRANSLATION = (0x0809, 0x04B0)


def pyproject_version(pyproject: Path) -> str:
    """The version pyproject.toml declares (``[project] version``)."""
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


def numeric_version(version: str) -> tuple[int, int, int, int]:
    """The four numbers Windows keeps: "0.1.0" -> (0, 1, 0, 0); "1.2rc1" -> (1, 2, 0, 0)."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    if release is None:
        raise ValueError(f"the version {version!r} does not start with a number")
    numbers = [int(part) for part in release.group(0).split(".")][:4]
    numbers += [0] * (4 - len(numbers))
    return numbers[0], numbers[1], numbers[2], numbers[3]


def version_info_text(version: str, program: str, description: str) -> str:
    """PyInstaller's version file for ``program`` (e.g. "cpdesk-cli.exe")."""
    numbers = numeric_version(version)
    strings = {
        "CompanyName": COMPANY,
        "FileDescription": description,
        "FileVersion": version,
        "InternalName": Path(program).stem,
        "LegalCopyright": "MIT licence",
        "OriginalFilename": program,
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    structs = ",\n        ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return (
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,\n"
        "                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        f"    StringFileInfo([StringTable({LANGUAGE_BLOCK!r}, [\n        {structs}])]),\n"
        f"    VarFileInfo([VarStruct('Translation', [{TRANSLATION[0]}, {TRANSLATION[1]}])]),\n"
        "  ],\n"
        ")\n"
    )


def write_version_file(folder: Path, version: str, program: str, description: str) -> Path:
    """Write ``program``'s version file into ``folder`` (the build's work folder); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{Path(program).stem}-version.txt"
    path.write_text(version_info_text(version, program, description), encoding="utf-8")
    return path
