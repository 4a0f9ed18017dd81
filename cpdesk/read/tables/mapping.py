"""Mapping profiles: the officer's own answers for labels cpdesk does not know, kept per workbook shape.

When a workbook says "Kids on plans" or "Narnia", cpdesk reports the label instead of guessing. The
officer maps it once (in the import wizard, or by hand) and the answer is saved in a profile that
is found again for every workbook of the same *shape*, so next month's return imports without asking.

The shape signature is a hash of the visible sheet names and the normalised texts of every table's
row labels and non-period headings. Period headings are left out on purpose: next month's workbook
gains a "Q2 20/21" column but is still the same return.

File format (UTF-8 JSON, one file per shape in ``cpdesk.paths.mappings_dir()``, named
``<signature>.json``)::

    {
      "format": "cpdesk-mapping/1",
      "signature": "3f9a0c2b7d1e4a55",
      "description": "Warwickshire CP update",
      "indicators": {"Kids on plans": "cpp_count"},
      "areas": {"Narnia": "E10000031", "County": "937"},
      "periods": {"Spring term 2020": "Q4 19/20"},
      "ignore": ["Notes for members"]
    }

Keys are labels as written in the workbook (compared after normalisation, so case and punctuation
do not matter); values are indicator ids, area codes (ONS or DfE 3-digit) and period labels that
cpdesk can read. Labels under "ignore" are skipped without a report.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cpdesk import paths
from cpdesk.indicators.periods import parse_period
from cpdesk.indicators.text import normalise_label
from cpdesk.read.grid import Workbook
from cpdesk.read.tables.detect import find_tables, is_blank
from cpdesk.read.values import raw_text

logger = logging.getLogger(__name__)

FORMAT = "cpdesk-mapping/1"
SECTIONS = {"indicators": "indicator", "areas": "area", "periods": "period"}


def workbook_signature(workbook: Workbook) -> str:
    """A short hash of the workbook's shape (see the module docstring)."""
    parts: list[str] = []
    for sheet in workbook.sheets:
        if sheet.hidden:
            continue
        parts.append("sheet:" + normalise_label(sheet.name))
        for block in find_tables(sheet):
            for r in block.body_rows:
                parts += [normalise_label(raw_text(sheet.value(r, c))) for c in block.label_cols]
            for r in block.header_rows:
                for c in block.label_cols + block.value_cols:
                    value = block.header_text(r, c)
                    if not is_blank(value) and isinstance(value, str) and parse_period(value) is None:
                        parts.append(normalise_label(value))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass
class MappingProfile:
    """Labels mapped by the user: normalised label -> (kind, value); kinds: indicator/area/period/ignore."""

    signature: str
    description: str = ""
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # normalised label -> the label as written

    @classmethod
    def load_for(cls, workbook: Workbook, folder: Path | None = None) -> MappingProfile:
        """The saved profile for this workbook's shape, or an empty one ready to fill and save."""
        signature = workbook_signature(workbook)
        path = (folder or paths.mappings_dir()) / f"{signature}.json"
        if path.is_file():
            return cls.load(path)
        return cls(signature, description=workbook.file_name)

    @classmethod
    def load(cls, path: Path) -> MappingProfile:
        """Read a profile file; a file the officer broke by hand raises ValueError naming it."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"The mapping file '{Path(path).name}' could not be read: {exc}") from exc
        profile = cls(str(data.get("signature") or Path(path).stem), str(data.get("description", "")))
        for section, kind in SECTIONS.items():
            for label, value in (data.get(section) or {}).items():
                profile.set(label, kind, str(value))
        for label in data.get("ignore") or []:
            profile.set(label, "ignore", "")
        return profile

    def lookup(self, text: str) -> tuple[str, str] | None:
        return self.labels.get(normalise_label(text))

    def set(self, label: str, kind: str, value: str = "") -> None:
        """Map ``label`` to an indicator id, area code or period label, or ("ignore") skip it."""
        if kind not in (*SECTIONS.values(), "ignore"):
            raise ValueError(f"unknown mapping kind {kind!r}")
        key = normalise_label(label)
        self.labels[key] = (kind, value)
        self.written[key] = label

    def to_dict(self) -> dict:
        data: dict = {"format": FORMAT, "signature": self.signature, "description": self.description}
        for section, kind in SECTIONS.items():
            data[section] = {self.written[k]: v for k, (got, v) in self.labels.items() if got == kind}
        data["ignore"] = [self.written[k] for k, (got, _) in self.labels.items() if got == "ignore"]
        return data

    def save(self, folder: Path | None = None) -> Path:
        """Write ``<signature>.json`` (to a temporary file, then renamed, so a crash leaves no half file)."""
        folder = folder or paths.mappings_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.signature}.json"
        handle, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(self.to_dict(), out, indent=2, ensure_ascii=False)
        os.replace(temp, path)
        logger.info("saved mapping profile %s", path)
        return path
