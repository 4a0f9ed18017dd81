"""The demo database: the national data pack, then every sample workbook (and the DfE files beside them)."""

from __future__ import annotations

import logging
from pathlib import Path

from cpdesk import paths
from cpdesk.indicators.model import AreaKind
from cpdesk.national_pack import ensure_national_pack, pack_status
from cpdesk.pipeline import import_workbook
from cpdesk.preferences import officer_name
from cpdesk.read.grid import ReadError
from cpdesk.reference import load_reference
from cpdesk.store import StoreError, open_store

logger = logging.getLogger(__name__)

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


def samples_dir() -> Path:
    inside = paths.PACKAGE_DIR / "sample_workbooks"
    return inside if inside.is_dir() else paths.PACKAGE_DIR.parent / "sample_workbooks"


def demo_files(folder: Path | None = None) -> list[Path]:
    """The sample workbooks in import order: the councils' own reports, then the tidy returns that
    repeat their figures (so each figure keeps the report it first came from), then the DfE's files."""
    folder = folder or samples_dir()
    own = sorted((p for p in folder.iterdir()
                  if p.suffix.lower() in SUFFIXES and not p.name.startswith("broken_")),
                 key=lambda p: (p.name.startswith("tidy_"), p.name))
    dfe = sorted(p for p in (folder / "dfe").glob("*") if p.suffix.lower() in SUFFIXES)
    return own + dfe


def council_from_name(file: Path, areas) -> str | None:
    """The samples are named after their council ("hampshire_safeguarding_2015.xlsx")."""
    first_word = file.stem.split("_")[0]
    match = areas.match(first_word)
    return match.area.code if match.area is not None and match.area.kind == AreaKind.LA else None


def build_demo(db_path: Path | str, folder: Path | None = None, *, national_pack: bool = True) -> list[str]:
    """Import every sample into ``db_path`` (a SQLite file, or a team database's URL); returns one line
    per file saying what happened.

    ``national_pack`` False leaves the pack out: the council reports and the DfE files beside them only."""
    reference = load_reference()
    lines: list[str] = []
    user = officer_name()
    with open_store(db_path) as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        if national_pack:
            lines.append(_load_pack(store, user))
        for file in demo_files(folder):
            lines.append(_import_sample(file, reference, store, user))
    return lines


def _load_pack(store, user: str) -> str:
    """The national data pack first, as every new database gets it (whatever CPDESK_NATIONAL_PACK says:
    the demo shows councils against England, their region and their neighbours)."""
    outcome = ensure_national_pack(store, user=user, enabled=True)
    added = f" ({outcome.added:,} figures added)" if outcome is not None else ""
    return pack_status(store).describe() + added


def _import_sample(file: Path, reference, store, user: str) -> str:
    council = council_from_name(file, reference.areas)
    try:
        plan, outcome = import_workbook(file, reference, store, user=user, council=council)
    except (ReadError, StoreError) as exc:
        return f"{file.name}: not imported ({exc})"
    if outcome is None:
        first = plan.report.errors[0]
        return f"{file.name}: not imported, {len(plan.report.errors)} errors (first: {first})"
    if outcome.already_imported:
        return f"{file.name}: already imported"
    return f"{file.name}: {outcome.added} added, {outcome.changed} changed, {outcome.unchanged} unchanged"
