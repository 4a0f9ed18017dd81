"""Build the national data pack (resources/national/) from the DfE's published files.

Each release is read with cpdesk's own import path (the DfE reader and every validation rule), so the
pack holds exactly what importing the same files would store. A file with errors stops the build.

Usage: python tools/build_national_pack.py [REFERENCE_DIR] [--version 2025.1]
       (default: ../shared/reference beside the repo; the version defaults to "<DfE year>.1")
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cpdesk.national_pack import PackError, build_pack, pack_folder  # noqa: E402
from cpdesk.reference import load_reference  # noqa: E402

DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--version", help='the pack version, e.g. "2025.2" for a second build of 2025')
    parser.add_argument("--out", type=Path, default=None, help="folder to write (default resources/national)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    folder = args.out or pack_folder()
    try:
        manifest = build_pack(args.reference, folder, load_reference(), version=args.version)
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    size = (folder / "national_pack.csv.gz").stat().st_size
    print(f"wrote {folder}: {manifest.name}, {manifest.figures:,} figures to {manifest.latest}, "
          f"{size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
