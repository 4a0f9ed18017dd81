"""How well cpdesk reads the acceptance files: the figures it stores against the ones an officer expects.

Each case folder holds files laid out the way councils, LAIT and DfE tools lay them out, a
``NAME.expected.csv`` beside each (area_code, indicator, breakdown, period_start, period_end, value)
and ``manifest.csv`` giving the council to import it as, if any. Every file is imported into a fresh
database exactly as ``cpdesk import FILE --yes --skip-invalid [--council C]`` would, and the stored
rows are compared with the expected ones:

* recall: the share of expected figures stored with the expected value;
* wrong: stored figures that are not expected, or are stored with another value. A wrong figure is
  worse than a missing one: an officer trusts what is stored.

Rows stored with a status and no value (suppressed "c", "x") are counted apart: the expected files
list figures only.

Run ``python -m tests.acceptance.measure [CASE_DIR ...]`` for a table of results.
"""

from __future__ import annotations

import csv
import logging
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cpdesk.pipeline import commit_import, prepare_import
from cpdesk.read.tables.mapping import MappingProfile
from cpdesk.reference import load_reference
from cpdesk.store import open_store

logger = logging.getLogger(__name__)

CASES = Path(__file__).resolve().parent / "cases"
TOLERANCE = 0.0006  # expected values are written to 3 decimal places
KEY_COLUMNS = ("area_code", "indicator", "breakdown", "period_start", "period_end")

Key = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class WrongRow:
    """A stored figure that should not be there, or is there with another value."""

    key: Key
    stored: float
    expected: float | None  # None: no such figure is expected
    cell: str

    def describe(self) -> str:
        wanted = "not expected" if self.expected is None else f"expected {self.expected:g}"
        return f"{'/'.join(self.key)} = {self.stored:g} at {self.cell} ({wanted})"


@dataclass
class FileResult:
    """One acceptance file's figures, stored against expected."""

    file: str
    expected: int
    found: int
    wrong: list[WrongRow] = field(default_factory=list)
    missing: list[Key] = field(default_factory=list)
    statuses: int = 0  # rows stored with a status and no value

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def measure(case_dir: Path | str) -> list[FileResult]:
    """Import every file the case folder's manifest lists and compare what is stored with what is expected."""
    case_dir = Path(case_dir)
    reference = load_reference()
    return [measure_file(case_dir / name, council or None, reference)
            for name, council in _manifest(case_dir)]


def measure_file(path: Path, council: str | None, reference=None) -> FileResult:
    """One file imported into a fresh database (with --skip-invalid), compared with its expected figures."""
    reference = reference or load_reference()
    expected = _expected(path.with_name(f"{path.stem}.expected.csv"))
    stored = _stored(path, council, reference)
    result = FileResult(path.name, len(expected), 0)
    for key, (value, cell) in stored.items():
        if value is None:
            result.statuses += 1
        elif key not in expected:
            result.wrong.append(WrongRow(key, value, None, cell))
        elif abs(value - expected[key]) > TOLERANCE:
            result.wrong.append(WrongRow(key, value, expected[key], cell))
        else:
            result.found += 1
    result.missing = [key for key in expected if stored.get(key, (None, ""))[0] is None]
    return result


def _manifest(case_dir: Path) -> list[tuple[str, str]]:
    with open(case_dir / "manifest.csv", encoding="utf-8", newline="") as handle:
        return [(row["file"], row["council"].strip()) for row in csv.DictReader(handle)]


def _expected(path: Path) -> dict[Key, float]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {tuple(row[c] for c in KEY_COLUMNS): float(row["value"]) for row in csv.DictReader(handle)}


def _stored(path: Path, council: str | None, reference) -> dict[Key, tuple[float | None, str]]:
    """The figures importing ``path`` stores: key -> (value, sheet!cell)."""
    code = reference.areas.find(council).code if council else None
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "measure.sqlite") as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        plan = prepare_import(path, reference, store, council=code, mapping=MappingProfile("none"))
        commit_import(plan, store, user="acceptance", skip_invalid=True)
        rows = [o for o in store.observations() if o.source_file == path.name]
    return {(o.area_code, o.indicator_id, o.breakdown, o.period.start.isoformat(), o.period.end.isoformat()):
            (o.value, f"{o.source_sheet}!{o.source_cell}") for o in rows}


def print_results(results: list[FileResult], out=None) -> None:
    out = out or sys.stdout
    for r in results:
        print(f"{r.file:45} {r.found:4}/{r.expected:<4} recall {r.recall:6.1%}  wrong {len(r.wrong):3}"
              f"  statuses {r.statuses}", file=out)
    found = sum(r.found for r in results)
    expected = sum(r.expected for r in results)
    wrong = sum(len(r.wrong) for r in results)
    print(f"{'total':45} {found:4}/{expected:<4} recall {found / max(expected, 1):6.1%}  wrong {wrong:3}",
          file=out)


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or sorted(p for p in CASES.iterdir() if (p / "manifest.csv").is_file())
    for folder in folders:
        print(f"== {folder.name}")
        print_results(measure(folder))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    raise SystemExit(main(sys.argv[1:]))
