"""The headless commands behind ``cpdesk import|validate|dump|history|demo|pack``."""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpdesk.cli_backup import cmd_backup, cmd_restore
from cpdesk.cli_chart import cmd_chart
from cpdesk.cli_db import cmd_db
from cpdesk.cli_export import cmd_export
from cpdesk.cli_reconcile import cmd_reconcile
from cpdesk.csv_cells import SafeWriter
from cpdesk.demo import build_demo
from cpdesk.errors import EXPECTED_EXIT, CpdeskError
from cpdesk.export.safe_write import DISK_ERRORS, write_safely
from cpdesk.gc_pauses import without_gc_pauses
from cpdesk.import_summary import import_summary, skipped_cells
from cpdesk.indicators.model import AreaKind
from cpdesk.indicators.periods import coerce_period, parse_period
from cpdesk.issues import ERROR, counted, summarised
from cpdesk.national_pack import ensure_national_pack, load_national_pack, pack_status
from cpdesk.paths import database_missing, demo_db_path
from cpdesk.pipeline import commit_import, prepare_import
from cpdesk.preferences import database_of, officer_name, saved_home_council
from cpdesk.read.grid import ReadError, Workbook
from cpdesk.read.personal import refuse_child_level
from cpdesk.read.workbook import open_workbook
from cpdesk.reference import load_reference
from cpdesk.store import credentials, open_store
from cpdesk.store.engine import locate

logger = logging.getLogger(__name__)

DUMP_COLUMNS = ["area_code", "area_name", "indicator", "breakdown", "period_label", "period_start",
                "period_end", "value", "status", "raw", "source_file", "source_sheet", "source_cell"]


class CommandError(CpdeskError):
    """A problem the user can fix; printed as one line."""


def run_command(args) -> int:
    handler = {"import": cmd_import, "validate": cmd_validate, "dump": cmd_dump,
               "history": cmd_history, "demo": cmd_demo, "reconcile": cmd_reconcile,
               "export": cmd_export, "chart": cmd_chart, "pack": cmd_pack,
               "backup": cmd_backup, "restore": cmd_restore, "db": cmd_db}[args.command]
    try:
        return handler(args)
    except CpdeskError as exc:  # expected: a file, the database, a code or an argument
        print(f"cpdesk: {exc}", file=sys.stderr)
        return EXPECTED_EXIT
    except KeyboardInterrupt:
        print("cpdesk: interrupted; nothing was changed.", file=sys.stderr)
        return 130


def db_location(args) -> str:
    """``--db``, else ``CPDESK_DB``, else the database chosen in Settings, else the default file."""
    return database_of(args)


def holds_no_cpdesk_data(location: str) -> bool:
    """A database file not made yet, or a server's database that is there but holds no cpdesk data (a
    server's database that cannot be reached is not "empty": opening it says what is wrong)."""
    if database_missing(location):
        return True
    if not credentials.is_server(location):
        return False
    found = credentials.check_connection(locate(location).url)
    return not found.problem and found.version is None


def shown(location: str) -> str:
    """A database location as it may be printed: a server's URL without its password."""
    return locate(location).display


def resolve_council(reference, code: str | None) -> str | None:
    if not code:
        return None
    area = reference.areas.find(code)
    if area is None or area.kind != AreaKind.LA:
        raise CommandError(f"'{code}' is not a council code cpdesk knows (try an ONS code such as "
                           "E10000031 or an old code such as 937).")
    return area.code


def councils_of(reference, args, stream) -> tuple[str | None, str | None]:
    """``--council``, else none and the home council saved in the app, which (as the import wizard
    offers it) only files the figures that name no council; said on ``stream`` when used."""
    council = resolve_council(reference, args.council)
    return (council, None) if council is not None else (None, _saved_home(reference, stream))


def _saved_home(reference, stream) -> str | None:
    saved = saved_home_council()
    area = reference.areas.find(saved) if saved else None
    if area is None or area.kind != AreaKind.LA:
        return None
    print(f"Figures that name no council are filed under {area.name} ({area.old_code or area.code}), "
          "your home council; --council overrides.", file=stream)
    return area.code


def _readable(path: str) -> Path:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file.")
    return file


def print_report(report, stream=None, *, saved_to: Path | None = None) -> None:
    """Every issue, one a line, but at most ``SHOWN_PER_RULE`` of one rule (after a line counting them
    all), then the counts."""
    stream = stream or sys.stdout
    where = (f"in {saved_to.name}" if saved_to
             else f"saved by 'cpdesk validate {report.file} --report report.xlsx'")
    for issue in summarised(report.issues, where):
        print(f"  {issue}", file=stream)
    print(f"{report.file}: {report.summary()}", file=stream)


def cmd_import(args) -> int:
    reference = load_reference()
    files = [_readable(f) for f in args.files]
    council, home = councils_of(reference, args, sys.stdout)
    run = ImportRun(files)
    opened: dict[Path, Workbook] = {}
    if database_missing(db_location(args)) and not _first_importable(files, opened):
        return 2
    try:
        with open_store(db_location(args)) as store:
            run.store = store
            store.sync_areas(reference.areas.all())
            store.sync_indicators(reference.schema.indicators.values())
            _print_pack_loaded(ensure_national_pack(store, user=officer_name()), store)
            run.pack_done = True
            for file in files:
                run.committing = None
                run.codes.append(_import_one(file, reference, store, (council, home), args, run, opened))
    except KeyboardInterrupt:
        with sigint_ignored():  # a second Ctrl+C must not cut the account of the first short
            print(f"cpdesk: {run.interrupted_message()}", file=sys.stderr)
        return 130
    return max(run.codes, default=0)


def _first_importable(files: list[Path], opened: dict[Path, Workbook]) -> bool:
    """Whether some file gets past being opened and the check for lists of children (kept open in
    ``opened``, so it is read once). Asked before a new database is made, so that an import refused
    whole (a list of children, a file cpdesk cannot open) leaves no database behind, with the national
    pack loaded into it; each refusal is said."""
    refusals = []
    for file in files:
        try:
            with without_gc_pauses():
                workbook = open_workbook(file)
            refuse_child_level(workbook)
        except ReadError as exc:
            refusals.append(str(exc))
        else:
            opened[file] = workbook
            return True
    for message in refusals:
        print(f"cpdesk: {message}", file=sys.stderr)
    return False


@dataclass
class ImportRun:
    """How far ``cpdesk import`` got, so that Ctrl+C can say truthfully what is stored.

    ``codes`` holds one exit code per file finished (0: stored, or already held); ``committing`` is
    the file being stored and whether the database held it before (a Ctrl+C may come just after its
    transaction committed, before cpdesk could say so)."""

    files: list[Path]
    codes: list[int] = field(default_factory=list)
    store: Any = None
    pack_done: bool = False
    committing: tuple[str, bool] | None = None  # (file hash, held before)

    def storing(self, plan) -> None:
        self.committing = (plan.file_hash, self.store.find_import_by_hash(plan.file_hash) is not None)

    def interrupted_message(self) -> str:
        try:
            return self._what_is_stored()
        except Exception:  # noqa: BLE001 - the database gave no answer: say so rather than guess
            logger.exception("after Ctrl+C, the database could not say what was stored")
            current = self.files[min(len(self.codes), len(self.files) - 1)]
            return (f"interrupted while importing {current.name}; cpdesk could not check whether it was "
                    "stored (the Imports page or 'cpdesk dump' shows what is).")

    def _what_is_stored(self) -> str:
        if self.store is None:
            return "interrupted before the database was open; nothing was changed."
        if not self.pack_done:
            return self._during_pack()
        if len(self.codes) == len(self.files):
            return interrupted_import_message(self.files, self.codes)
        codes = [*self.codes, 0 if self._current_stored() else 130]
        return interrupted_import_message(self.files, codes)

    def _current_stored(self) -> bool:
        if self.committing is None:
            return False
        file_hash, held_before = self.committing
        return not held_before and self.store.find_import_by_hash(file_hash) is not None

    def _during_pack(self) -> str:
        held = pack_status(self.store).held
        where = f"{held.name} is in the database" if held else "the national data pack was not loaded"
        return f"interrupted while loading the national data pack: {where}; no file was imported."


@contextlib.contextmanager
def sigint_ignored() -> Iterator[None]:
    """Ctrl+C ignored for a moment (main thread only; elsewhere there is no Ctrl+C to ignore)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _print_pack_loaded(outcome, store) -> None:
    if outcome is not None:
        held = pack_status(store).held
        print(f"{held.name if held else 'National data pack'} loaded first, as into every new database: "
              f"{outcome.added:,} DfE figures added (import {outcome.import_id}).")


def cmd_pack(args) -> int:
    """Say which national data pack the database holds and which ships; ``--load`` loads the shipped one."""
    location = db_location(args)
    if not args.load and holds_no_cpdesk_data(location):  # not made only to say it is empty
        raise CommandError(f"{shown(location)}: no database there yet "
                           "(run 'cpdesk pack --load' or 'cpdesk import').")
    with open_store(location) as store:
        if args.load:
            reference = load_reference()
            store.sync_areas(reference.areas.all())
            store.sync_indicators(reference.schema.indicators.values())
            outcome = load_national_pack(store, user=officer_name())
            print(f"Loaded: {outcome.added:,} added, {outcome.changed:,} changed, {outcome.unchanged:,} "
                  f"unchanged (import {outcome.import_id}).")
        status = pack_status(store)
    print(f"Database: {store.display_name}")
    print(status.describe())
    if status.shipped is not None:
        shipped = status.shipped
        print(f"Ships with cpdesk: {shipped.name}, {shipped.figures:,} figures to {shipped.latest}, "
              f"built {shipped.built} from {len(shipped.files)} DfE and ONS files.")
    return 0


def interrupted_import_message(files: list[Path], codes: list[int]) -> str:
    """Ctrl+C during ``files[len(codes) - 1]``; a code of 0 means the file is in the database."""
    current = files[len(codes) - 1]
    imported = [f.name for f, code in zip(files, codes, strict=False) if code == 0]
    if not imported:
        line = f"interrupted while importing {current.name}; nothing was changed."
    elif codes[-1] == 0:
        before = f" So are those before it: {', '.join(imported[:-1])}." if imported[:-1] else ""
        line = f"interrupted just after importing {current.name}, which is kept.{before}"
    else:
        line = (f"interrupted while importing {current.name}, which was not changed. "
                f"Imported before it, and kept: {', '.join(imported)}.")
    left = len(files) - len(codes)
    return f"{line} Not started: {counted(left, 'more file')}." if left else line


def _import_one(file: Path, reference, store, councils: tuple[str | None, str | None], args, run: ImportRun,
                opened: dict[Path, Workbook]) -> int:
    """Import one file (its workbook taken out of ``opened`` if it was opened already)."""
    council, home = councils
    try:
        plan = prepare_import(file, reference, store, council=council, home_council=home, opened=opened)
    except ReadError as exc:
        print(f"cpdesk: {exc}", file=sys.stderr)
        return 2
    print_report(plan.report)
    if plan.read.not_read:
        print(f"{file.name}: {counted(plan.read.not_read, 'cell')} with figures not read (the warnings "
              "above say why); the rest can be imported.")
    if plan.has_errors and not args.skip_invalid:
        print(f"{file.name}: not imported (fix the errors above, or use --skip-invalid).")
        return 1
    if not plan.observations:
        print(f"{file.name}: no figures, so nothing was imported.")
        return 1
    if plan.report.warnings and not args.yes and sys.stdin.isatty():
        answer = input(f"Import {file.name} despite {counted(len(plan.report.warnings), 'warning')}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print(f"{file.name}: not imported.")
            return 1
    run.storing(plan)
    outcome = commit_import(plan, store, user=officer_name(), skip_invalid=args.skip_invalid)
    print(import_summary(plan, outcome, skipped_cells(store, outcome)))
    return 0


def cmd_validate(args) -> int:
    reference = load_reference()
    file = _readable(args.file)
    council, home = councils_of(reference, args, sys.stderr if args.json else sys.stdout)
    location = db_location(args)
    try:
        if holds_no_cpdesk_data(location):  # no figures yet to check against
            plan = prepare_import(file, reference, None, council=council, home_council=home)
        else:
            with open_store(location, create=False) as store:
                plan = prepare_import(file, reference, store, council=council, home_council=home)
    except ReadError as exc:
        if args.json:
            print(json.dumps({"file": file.name, "unreadable": True, "message": str(exc)}))
        else:
            print(f"cpdesk: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(plan.report.to_json())
    else:
        print(f"{file.name}: {counted(len(plan.observations), 'figure')} read, "
              f"{counted(plan.read.not_read, 'cell')} with figures not read.")
        print_report(plan.report, saved_to=Path(args.report) if args.report else None)
    if args.report:  # after the report is shown, so a folder that refuses the file loses nothing
        _save_validation_report(plan.report, Path(args.report), sys.stderr if args.json else sys.stdout)
    return 1 if any(i.severity == ERROR for i in plan.report.issues) else 0


def _save_validation_report(report, target: Path, stream) -> None:
    from cpdesk.export.validation_report import write_validation_report

    write_validation_report(report, target)  # through write_safely: an ordinary file's permissions
    print(f"Report saved: {target}", file=stream)


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def cmd_dump(args) -> int:
    indicators, areas = _dump_filters(args)
    location = db_location(args)
    if database_missing(location):
        raise CommandError(f"{location}: no database there yet (run 'cpdesk import' or 'cpdesk demo').")
    with open_store(location, create=False) as store:
        rows = store.observations(indicator=indicators, area=areas, publisher=args.publisher)
        if not rows:
            print(f"No figures for {_dump_selection(indicators, areas, args.publisher)}.", file=sys.stderr)
    if args.out:
        write_safely(Path(args.out), lambda name: _write_dump_file(rows, name))
        print(f"Wrote {len(rows):,} figures to {args.out}.")
        return 0
    try:
        _write_dump(rows, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        if exc.errno not in DISK_ERRORS:
            raise
        raise CommandError(f"the figures were not all written: {exc.strerror}. Use --out FILE to write "
                           "them safely (an earlier file is kept until the new one is whole).") from exc
    return 0


def _write_dump_file(rows, filename: str) -> None:
    with open(filename, "w", encoding="utf-8", newline="") as handle:
        _write_dump(rows, handle)


def _write_dump(rows, stream) -> None:
    writer = SafeWriter(stream, lineterminator="\n")
    writer.writerow(DUMP_COLUMNS)
    for o in rows:
        writer.writerow([o.area_code, o.area_name, o.indicator_id, o.breakdown, o.period.label,
                         o.period.start.isoformat(), o.period.end.isoformat(), _fmt(o.value),
                         o.status or "", o.raw, o.source_file or "", o.source_sheet or "",
                         o.source_cell or ""])


def _dump_filters(args) -> tuple[list[str] | None, list[str] | None]:
    """``--indicator`` and ``--area`` checked against what cpdesk knows; areas as stored (937: E10000031)."""
    if not args.indicator and not args.area:
        return None, None
    reference = load_reference()
    for indicator in args.indicator or ():
        if indicator not in reference.schema:
            raise CommandError(f"'{indicator}' is not an indicator cpdesk knows.")
    codes = []
    for code in args.area or ():
        area = reference.areas.find(code)
        if area is None:
            raise CommandError(f"'{code}' is not an area code cpdesk knows.")
        codes.append(area.code)
    return args.indicator, codes or None


def _dump_selection(indicators: list[str] | None, areas: list[str] | None, publisher: str | None) -> str:
    words = ", ".join(indicators) if indicators else "any indicator"
    if areas:
        words += f" in {', '.join(areas)}"
    if publisher:
        words += " published by the DfE" if publisher == "dfe" else " of the council's own"
    return words


def cmd_history(args) -> int:
    reference = load_reference()
    if args.indicator not in reference.schema:
        raise CommandError(f"'{args.indicator}' is not an indicator id (see resources/indicators.toml).")
    area = reference.areas.find(args.area)
    if area is None:
        raise CommandError(f"'{args.area}' is not an area code cpdesk knows.")
    period = parse_period(args.period)
    if period is None:
        raise CommandError(f"'{args.period}' is not a period cpdesk can read.")
    indicator = reference.schema[args.indicator]
    period = coerce_period(period, indicator.period_kind)
    publishers = [args.publisher] if args.publisher else list(HISTORY_PUBLISHERS)
    with open_store(db_location(args), create=False) as store:
        histories = {publisher: store.history(area.code, args.indicator, period, args.breakdown, publisher)
                     for publisher in publishers}
        histories = {publisher: revisions for publisher, revisions in histories.items() if revisions}
        if args.out:
            publisher, revisions = next(iter(histories.items()), (publishers[0], []))
            _save_history(store, revisions, area.code, args, period, reference.schema, publisher)
    print(f"{indicator.title_for(period)}, {area.name}, {period.label}")
    if not histories:
        print("  no figures stored")
    for publisher, revisions in histories.items():
        if not args.publisher:
            print(f"  {HISTORY_PUBLISHERS[publisher]}:")
        _print_revisions(revisions, "  " if args.publisher else "    ")
    return 0


# Whose figure a history is, when the officer did not say which (``history`` without --publisher).
HISTORY_PUBLISHERS = {"local": "The council's own figure", "dfe": "The DfE's published figure"}


def _print_revisions(revisions, indent: str) -> None:
    for rev in revisions:
        old = _fmt(rev.old_value) or rev.old_status or "-"
        new = _fmt(rev.new_value) or rev.new_status or "-"
        where = " ".join(x for x in (rev.source_file, rev.source_sheet, rev.source_cell) if x)
        print(f"{indent}{rev.changed_at}  {rev.who:<12} {old:>8} -> {new:<8} {rev.reason}  {where}")


def _save_history(store, revisions, area_code: str, args, period, schema, publisher: str) -> None:
    from cpdesk.export.history_export import write_history

    cells = [o for o in store.observations(indicator=args.indicator, area=area_code,
                                           publisher=publisher, breakdown=args.breakdown)
             if o.period.key == period.key]
    if not cells:
        raise CommandError("no figure stored there, so there is no history to save.")
    titles = {indicator.id: indicator.title_for(period) for indicator in schema}
    path = write_history([(cells[0], rev) for rev in revisions], Path(args.out), titles)
    print(f"History saved: {path}")


def cmd_demo(args) -> int:
    """The samples into ``--db``, else into the demo database the app's ``--demo`` opens: never into the
    officer's own database, which ``CPDESK_DB`` or Settings may name."""
    given = getattr(args, "sub_db", None) or getattr(args, "db", None)
    location = database_of(args) if given else str(demo_db_path())
    try:
        lines = build_demo(location)
    except KeyboardInterrupt:
        print(f"cpdesk: interrupted; the samples imported so far are kept in {shown(location)}. Run "
              "'cpdesk demo' again to finish (it skips those already imported).", file=sys.stderr)
        return 130
    for line in lines:
        print(line)
    print(f"Demo database ready: {shown(location)}")
    if not given:
        print(f"'cpdesk --demo' opens it; other commands read it with --db \"{location}\". "
              "Your own database is untouched.")
    return 0
