"""The national data pack: the DfE's published figures for every LA, region and England, shipped with cpdesk.

``tools/build_national_pack.py`` reads the DfE releases (children in need B1, C1, C4, D3, D5; children
looked after; the social work workforce census) and the ONS child population with the ordinary import
path (:func:`cpdesk.pipeline.prepare_import`: the DfE reader and every validation rule), so each rate
and percentage is worked out exactly as an import of the same files would (per 10,000 children aged 0
to 17 at mid-year T-1, rounded half up), and a published figure is kept as published. The figures go
into ``resources/national/national_pack.csv.gz`` with a manifest naming the pack's version and the DfE
publication year.

A database takes the pack once (:func:`ensure_national_pack`): it is loaded as one ordinary import,
named after the pack, so every figure's history says it came from the pack and from which DfE file and
cell. The database's ``meta`` records the version and year loaded. Newer DfE files are imported as
usual and update the figures; a newer pack shipped with cpdesk is loaded once more.
``CPDESK_NATIONAL_PACK=off`` keeps new databases empty (the tests' default).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from cpdesk import paths
from cpdesk.csv_cells import SafeWriter, restored
from cpdesk.errors import CpdeskError
from cpdesk.indicators.model import Period, PeriodKind
from cpdesk.issues import INFO, Issue, ValidationReport
from cpdesk.observation import CellRef, Observation
from cpdesk.store import ImportBatch, ImportOutcome, Store

logger = logging.getLogger(__name__)

PACK_FILE = "national_pack.csv.gz"
MANIFEST_FILE = "manifest.json"
META_KEY = "national_pack"
_CELL = re.compile(r"([A-Z]+)(\d+)")
SWITCH = "CPDESK_NATIONAL_PACK"  # "off" (or "0", "no"): databases are not given the pack on opening
# One row a figure. ``raw`` is left empty where it is the value or the status as written, ``file`` is a
# DfE file's name and the cell its A1 reference (a CSV's one sheet is named after the file).
COLUMNS = ("area_code", "indicator_id", "breakdown", "period_kind", "start", "end", "label",
           "value", "status", "raw", "file", "cell")
# The releases the pack is built from, by file name pattern; the ONS population first, so the CLA
# release's own population figures are checked against it.
RELEASES = (
    "ons_mid-year_population_estimates_*.csv",
    "b1_children_in_need_*.csv",
    "c1_children_in_need_referrals_*.csv",
    "c4_children_in_need_section_47s_*.csv",
    "d3_cpps_subsequent_plan_*.csv",
    "d5_cpps_at31march_by_duration_*.csv",
    "cla_number_and_rate_per_10k_children*.csv",
    "csww_indicators_*.csv",
)


class PackError(CpdeskError):
    """The pack cannot be built or read: the message says which file and why."""


@dataclass(frozen=True)
class PackManifest:
    """What a pack holds: its version, the DfE publication year, the latest period and the files."""

    version: str
    dfe_year: int
    latest: str  # label of the latest 31 March it holds ("31 Mar 2025")
    figures: int
    files: tuple[str, ...]
    built: str  # ISO date
    sha256: str = ""  # of the pack file

    @property
    def name(self) -> str:
        return f"National data pack {self.version} (DfE {self.dfe_year})"

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PackManifest:
        data = json.loads(text)
        data["files"] = tuple(data.get("files", ()))
        return cls(**data)


@dataclass(frozen=True)
class PackStatus:
    """The pack a database holds (None if none) beside the one shipped with cpdesk (None if missing)."""

    held: PackManifest | None
    loaded_at: str | None
    shipped: PackManifest | None
    latest_dfe: str | None = None  # the latest 31 March the database holds DfE figures for
    undone: bool = False  # the officer undid the pack's import

    @property
    def up_to_date(self) -> bool:
        """The database has had the shipped pack (or a newer one): it is not loaded again unasked."""
        if self.shipped is None:
            return True
        return self.held is not None and version_key(self.held.version) >= version_key(self.shipped.version)

    @property
    def can_load(self) -> bool:
        """Loading would bring figures in: a newer pack ships, or the one loaded was undone."""
        return self.shipped is not None and (self.undone or not self.up_to_date)

    def describe(self) -> str:
        """One line for the Imports page and ``cpdesk pack``."""
        offer = (f"{self.shipped.name} ships with cpdesk and can be loaded."
                 if self.shipped else "No pack ships with this copy of cpdesk.")
        if self.held is None:
            return f"No national data pack loaded. {offer}"
        if self.undone:
            return (f"{self.held.name} was loaded {when(self.loaded_at)} and then undone: its figures are "
                    f"not in the database. {offer}")
        line = (f"{self.held.name} loaded {when(self.loaded_at)}: DfE figures for every council, region "
                f"and England to {self.held.latest}.")
        if self.latest_dfe and self.latest_dfe != self.held.latest:
            line += f" DfE files imported since hold figures to {self.latest_dfe}."
        if not self.up_to_date and self.shipped is not None:
            line += f" {self.shipped.name} ships with cpdesk and is newer."
        return line


def version_key(version: str) -> tuple[int, ...]:
    """"2025.1" -> (2025, 1), so "2025.10" sorts after "2025.9"."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def when(stamp: str | None) -> str:
    if not stamp:
        return "at an unknown time"
    moment = dt.datetime.fromisoformat(stamp)
    return f"on {moment.day} {moment:%b %Y}"


def pack_folder() -> Path:
    return paths.resources_dir() / "national"


def is_enabled() -> bool:
    """False when ``CPDESK_NATIONAL_PACK`` says off: new databases are then left empty."""
    return os.environ.get(SWITCH, "on").strip().casefold() not in {"off", "0", "no", "false"}


# -- reading and writing the pack ---------------------------------------------------------------------

def shipped_manifest(folder: Path | None = None) -> PackManifest | None:
    path = (folder or pack_folder()) / MANIFEST_FILE
    if not path.is_file():
        return None
    return PackManifest.from_json(path.read_text(encoding="utf-8"))


def read_pack(folder: Path | None = None) -> list[Observation]:
    """Every figure of the pack, as the DfE reader made it (publisher "dfe", the DfE file's cell)."""
    path = (folder or pack_folder()) / PACK_FILE
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            return [_observation({k: restored(v) for k, v in row.items()})
                    for row in csv.DictReader(handle)]
    except (OSError, EOFError, csv.Error, KeyError, ValueError) as exc:
        raise PackError(f"The national data pack {path} cannot be read ({exc}).") from exc


def _observation(row: dict[str, str]) -> Observation:
    period = Period(PeriodKind(row["period_kind"]), dt.date.fromisoformat(row["start"]),
                    dt.date.fromisoformat(row["end"]), row["label"])
    value = float(row["value"]) if row["value"] else None
    raw = row["raw"] or row["value"] or row["status"]
    source = CellRef(row["file"], Path(row["file"]).stem, row["cell"])
    return Observation(row["area_code"], row["indicator_id"], period, value, row["status"] or None,
                       raw, row["breakdown"], source, publisher="dfe")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def pack_bytes(observations: Iterable[Observation]) -> bytes:
    """The pack file: a gzip CSV, sorted, with no time stamp, so the same figures give the same bytes."""
    text = io.StringIO()
    writer = SafeWriter(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(obs) for obs in sorted(observations, key=_cell_order))
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def _cell_order(obs: Observation) -> tuple:
    """By file, row and column, so neighbouring rows differ little and the file compresses well."""
    source = obs.source or CellRef("")
    column, row = _CELL.match(source.cell or "A0").groups()  # type: ignore[union-attr]
    return source.file, int(row), len(column), column, obs.key


def _row(obs: Observation) -> tuple[str, ...]:
    source = obs.source or CellRef("")
    if source.sheet and source.sheet != Path(source.file).stem:
        raise PackError(f"{source.describe()}: the pack keeps figures of one-sheet CSV files only.")
    value, status = _number(obs.value), obs.status or ""
    raw = "" if obs.raw in (value, status) else obs.raw
    period = obs.period
    return (obs.area_code, obs.indicator_id, obs.breakdown, str(period.kind), period.start.isoformat(),
            period.end.isoformat(), period.label, value, status, raw, source.file, source.cell)


# -- building -----------------------------------------------------------------------------------------

def release_files(reference_dir: Path) -> list[Path]:
    """The DfE and ONS files the pack is built from, in :data:`RELEASES` order; all must be there."""
    found: list[Path] = []
    for pattern in RELEASES:
        matches = sorted(reference_dir.glob(pattern))
        if not matches:
            raise PackError(f"No file matching {pattern} in {reference_dir}: the pack needs it.")
        found.append(matches[-1])
    return found


def build_pack(reference_dir: Path, folder: Path, reference, *, version: str | None = None,
               today: dt.date | None = None) -> PackManifest:
    """Read every release with the import path, refuse any file with errors, and write the pack."""
    observations: list[Observation] = []
    files = release_files(reference_dir)
    for path in files:
        observations.extend(_read_release(path, reference, today))
    figures = _merge(observations)
    payload = pack_bytes(figures)
    year = max(obs.period.end.year for obs in figures if obs.period.kind != PeriodKind.MID_YEAR
               and obs.period.end.month == 3)
    manifest = PackManifest(version=version or f"{year}.1", dfe_year=year, latest=f"31 Mar {year}",
                            figures=len(figures), files=tuple(p.name for p in files),
                            built=(today or dt.date.today()).isoformat(),
                            sha256=hashlib.sha256(payload).hexdigest())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PACK_FILE).write_bytes(payload)
    (folder / MANIFEST_FILE).write_text(manifest.to_json(), encoding="utf-8")
    logger.info("built %s: %d figures from %d files", manifest.name, len(figures), len(files))
    return manifest


def _read_release(path: Path, reference, today: dt.date | None) -> list[Observation]:
    from cpdesk.pipeline import prepare_import, without_repeats  # the readers: only to build a pack

    plan = prepare_import(path, reference, today=today)
    if plan.has_errors:
        first = plan.report.errors[0]
        raise PackError(f"{path.name} has {len(plan.report.errors)} errors, so the pack was not built "
                        f"(first: {first}).")
    logger.info("%s: %d figures", path.name, len(plan.observations))
    return list(without_repeats(plan.observations))


def _merge(observations: Sequence[Observation]) -> list[Observation]:
    """One figure per cell. Two releases giving one cell (the child population) must agree."""
    kept: dict[tuple, Observation] = {}
    for obs in observations:
        prior = kept.setdefault(obs.key, obs)
        if prior is not obs and (prior.value, prior.status) != (obs.value, obs.status):
            raise PackError(f"{obs.indicator_id} for {obs.area_code} {obs.period.label} is {prior.raw!r} in "
                            f"{_file(prior)} but {obs.raw!r} in {_file(obs)}; the pack was not built.")
    return list(kept.values())


def _file(obs: Observation) -> str:
    return obs.source.describe() if obs.source else "?"


# -- a database and its pack --------------------------------------------------------------------------

def pack_status(store: Store, folder: Path | None = None) -> PackStatus:
    recorded = store.meta(META_KEY)
    held, loaded_at = None, None
    if recorded:
        data = json.loads(recorded)
        loaded_at = data.pop("loaded_at", None)
        held = PackManifest.from_json(json.dumps(data))
    undone = held is not None and _last_import_undone(store, held.name)
    return PackStatus(held=held, loaded_at=loaded_at, shipped=shipped_manifest(folder),
                      latest_dfe=_latest_year_end(store), undone=undone)


def _last_import_undone(store: Store, name: str) -> bool:
    loads = [record for record in store.imports() if record.file_name == name]  # newest first
    return bool(loads) and loads[0].status == "undone"


def _latest_year_end(store: Store) -> str | None:
    """"31 Mar 2026" when the database holds DfE figures for the year to (or at) 31 March 2026."""
    ends = [period.end for period in store.periods_with_figures("dfe")
            if period.kind in (PeriodKind.SNAPSHOT, PeriodKind.YEAR)
            and (period.end.month, period.end.day) == (3, 31)]
    return f"31 Mar {max(ends).year}" if ends else None


def load_national_pack(store: Store, *, user: str | None = None, folder: Path | None = None,
                       keep_held: bool = False) -> ImportOutcome:
    """Import the shipped pack as one import named after it, and record it in the database's meta.

    ``keep_held``: leave every DfE figure the database already holds as it is (from a DfE file the
    officer imported, perhaps newer than the pack) and only fill the cells it lacks. Otherwise the pack
    is an ordinary import: a figure it changes keeps its earlier value in its history.
    """
    manifest = shipped_manifest(folder)
    if manifest is None:
        raise PackError(f"No national data pack ships in {folder or pack_folder()}.")
    figures = read_pack(folder)
    if keep_held:
        held = store.stored_values(obs.key for obs in figures)
        figures = [obs for obs in figures if obs.key not in held]
    batch = ImportBatch(file_name=manifest.name, file_path=str((folder or pack_folder()) / PACK_FILE),
                        file_hash=manifest.sha256, user=user or paths.current_user(), observations=figures,
                        report_json=_report(manifest, len(figures)).to_json())
    loaded_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    record = json.dumps({**asdict(manifest), "loaded_at": loaded_at}, sort_keys=True)
    outcome = store.import_observations(batch, meta={META_KEY: record})
    logger.info("loaded %s: %s", manifest.name, outcome.for_the_log())
    return outcome


def _report(manifest: PackManifest, loading: int) -> ValidationReport:
    """What the Imports page shows for the pack's import: where its figures came from."""
    report = ValidationReport(file=manifest.name)
    report.add(Issue("national-pack", INFO, (
        f"{loading:,} of the pack's {manifest.figures:,} DfE figures (to {manifest.latest}), read and "
        f"checked on {manifest.built} from {', '.join(manifest.files)}. Each figure's history names its "
        "DfE file and cell."), manifest.name))
    return report


def ensure_national_pack(store: Store, *, user: str | None = None, folder: Path | None = None,
                         enabled: bool | None = None) -> ImportOutcome | None:
    """Load the shipped pack into a database that does not hold it (or holds an older one).

    Cheap when it is already there (one read of ``meta``). Done unasked, so it never changes a figure
    the database holds: it only fills the cells the database lacks (``keep_held``). ``enabled`` None
    follows ``CPDESK_NATIONAL_PACK``. Returns the import's outcome, or None if nothing was loaded.
    """
    if not (is_enabled() if enabled is None else enabled):
        return None
    status = pack_status(store, folder)
    if status.shipped is None or status.up_to_date:
        return None
    return load_national_pack(store, user=user, folder=folder, keep_held=True)
