"""Write every sample workbook from the seed figures: ``python sample_workbooks/build.py [folder]``.

The councils' workbooks recreate the seed reports' tables in the layouts councils use; the tidy
return (CSV and xlsx) holds every figure of them one per row; the ``broken_*`` files each hold one
deliberate fault. Everything is rebuilt from ``seed_figures`` and comes out the same each time.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_workbooks.build_broken import build_broken  # noqa: E402
from sample_workbooks.build_councils import BUILDERS  # noqa: E402
from sample_workbooks.layout import (  # noqa: E402
    TIDY_COLUMNS,
    new_workbook,
    put,
    save_workbook,
    set_widths,
    tidy_csv_text,
    write_text,
)
from sample_workbooks.seed_figures import AREA_NAMES, expected_observations  # noqa: E402

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TIDY_STEM = "tidy_seed_figures"


def tidy_rows() -> list[tuple[str, ...]]:
    """One row per seed figure: area code and name, indicator, breakdown, canonical period, raw text."""
    return [(o["area_code"], AREA_NAMES[o["area_code"]], o["indicator"], o["breakdown"], o["period_label"],
             o["raw"]) for o in expected_observations()]


def tidy_return(folder: Path) -> list[Path]:
    """The tidy return as CSV and as a one-sheet workbook (values kept as the printed text)."""
    rows = tidy_rows()
    csv_path = write_text(folder / f"{TIDY_STEM}.csv", tidy_csv_text(rows))
    wb = new_workbook()
    ws = wb.create_sheet("Return")
    for col, name in enumerate(TIDY_COLUMNS, start=1):
        put(ws, 1, col, name, bold=True)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            put(ws, r, col, value)
    set_widths(ws, 18, 22)
    return [csv_path, save_workbook(wb, folder / f"{TIDY_STEM}.xlsx")]


def build_all(folder: Path = HERE) -> list[Path]:
    """Write every sample into ``folder``; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [build(folder) for build in BUILDERS]
    written += tidy_return(folder)
    written += build_broken(folder, good_workbook=written[0])
    for path in written:
        logger.info("wrote %s", path.name)
    return written


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = sys.argv[1:] if argv is None else argv
    build_all(Path(args[0]) if args else HERE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
