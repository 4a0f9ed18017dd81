"""cpdesk's command line. ``cpdesk`` alone opens the window, ``cpdesk FILE`` opens it on the import
wizard for that file ("Open with cpdesk"); the sub-commands work headless.

Every command runs over the same pipeline and store as the app. Expected problems (a file that
cannot be read or written, a locked database, a bad argument) print one plain line and exit non-zero.
The terminal shows only those lines (and progress with ``-v``); the details go to the log file.

This module imports nothing heavy at the top, so that Ctrl+C while the rest of cpdesk loads is
caught in :func:`main` like Ctrl+C anywhere else.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from typing import Any

from cpdesk import __version__

logger = logging.getLogger(__name__)

OUTPUT_FULL = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
INTERRUPTED = 130  # 128 + SIGINT, as the shell reports a program stopped with Ctrl+C
BROKEN_PIPE = 141  # 128 + SIGPIPE, as the shell reports a Unix tool whose reader went away


def build_parser() -> argparse.ArgumentParser:
    from cpdesk.cli_backup import add_backup_parsers
    from cpdesk.cli_chart import add_chart_parser
    from cpdesk.cli_db import add_db_parser
    from cpdesk.cli_export import add_export_parser
    from cpdesk.cli_reconcile import add_reconcile_parser

    parser = argparse.ArgumentParser(
        prog="cpdesk", description="Child-protection performance figures.",
        epilog="cpdesk FILE (a workbook or CSV, and no command) opens the app's import wizard on FILE.")
    parser.add_argument("--version", action="version", version=f"cpdesk {__version__}")
    parser.add_argument("--db", help="database file, or a team database's URL (postgresql://user@host/db); "
                        "default: $CPDESK_DB, else the one chosen in Settings, else in the user data folder")
    parser.add_argument("--demo", action="store_true", help="open the demo database (built on first use)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to the terminal")
    parser.add_argument("--smoke-test", action="store_true",
                        help="check this copy of cpdesk works here (Qt, fonts, resources, the demo, the "
                        "window, charts and exports, in a temporary folder), then exit: 0 when all pass")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_import(sub)
    _add_validate(sub)
    _add_dump(sub)
    _add_history(sub)
    _add_demo(sub)
    _add_pack(sub)
    add_reconcile_parser(sub)
    add_export_parser(sub)
    add_chart_parser(sub)
    add_backup_parsers(sub)
    add_db_parser(sub)
    return parser


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", dest="sub_db", help="database file or URL")


def _add_import(sub) -> None:
    p = sub.add_parser("import", help="import workbooks into the database")
    p.add_argument("files", nargs="+", metavar="FILE")
    _db_option(p)
    p.add_argument("--council", help="ONS or old 3-digit code of the council whose figures these are "
                                     "(default: for figures that name none, your home council in the app)")
    p.add_argument("--yes", action="store_true", help="do not ask before storing changed figures")
    p.add_argument("--skip-invalid", action="store_true", help="import the valid figures, skip the rest")


def _add_validate(sub) -> None:
    p = sub.add_parser("validate", help="check a workbook without importing it")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--council", help="ONS or old 3-digit code of the council")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--report", metavar="XLSX", help="also save the report as an Excel workbook")
    _db_option(p)


def _add_dump(sub) -> None:
    p = sub.add_parser("dump", help="write stored figures as CSV to stdout")
    p.add_argument("--out", metavar="CSV", help="write to this file instead, replacing it only when whole")
    _db_option(p)
    p.add_argument("--indicator", action="append", help="indicator id (repeatable)")
    p.add_argument("--area", action="append", help="area code (repeatable)")
    p.add_argument("--publisher", choices=("local", "dfe"), help="only the council's or the DfE's figures")


def _add_history(sub) -> None:
    p = sub.add_parser("history", help="every value a figure has had")
    p.add_argument("--indicator", required=True)
    p.add_argument("--area", required=True)
    p.add_argument("--period", required=True, help='e.g. "2019/20", "31 March 2019", "Q1 20/21"')
    p.add_argument("--breakdown", default="")
    p.add_argument("--publisher", choices=("local", "dfe"),
                   help="only the council's own figure or the DfE's (default: each that is stored)")
    p.add_argument("--out", metavar="XLSX", help="also save the history as an Excel workbook")
    _db_option(p)


def _add_demo(sub) -> None:
    p = sub.add_parser("demo", help="build the demo database from the sample workbooks (the one "
                                     "'cpdesk --demo' opens, unless --db names another)")
    _db_option(p)


def _add_pack(sub) -> None:
    p = sub.add_parser("pack", help="the national data pack the database holds; --load loads it")
    _db_option(p)
    p.add_argument("--load", action="store_true",
                   help="load the pack that ships with cpdesk (an ordinary import, kept in history)")


def main(argv: list[str] | None = None) -> int:
    finished: list[int] = []  # the command's exit code, once it has done its work
    try:
        return _main(argv, finished)
    except KeyboardInterrupt:
        if finished:  # Ctrl+C as the command was returning: what it did stands, and it said so
            return finished[0]
        print("cpdesk: interrupted; nothing was changed.", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        _discard_further_output()
        return BROKEN_PIPE
    except OSError as exc:
        # Files and the database say their own problems; what reaches here is the terminal's output
        # (``cpdesk validate --json > report.json`` on a full disk).
        if exc.errno not in OUTPUT_FULL:
            raise
        _discard_further_output()
        print(f"cpdesk: the output could not all be written: {exc.strerror}.", file=sys.stderr)
        return 2


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    """The sub-commands ``parser`` knows (import, dump, db ...)."""
    return {name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name in action.choices}


def split_file_to_open(argv: list[str], commands: set[str]) -> tuple[list[str], str | None]:
    """``cpdesk [OPTIONS] FILE``, as Windows' "Open with" and a file dropped on the program start it: the
    options, and FILE (None when the arguments name a command, or none or several positionals).

    Only an existing file that is not a command's name counts, so a mistyped command still gets
    argparse's "invalid choice". A missing file that looks like one (a dot or a folder in its name:
    no command has either), or a folder, raises FileNotFoundError saying so, to be said plainly."""
    positions = [i for i, arg in enumerate(argv)
                 if not arg.startswith("-") and (i == 0 or argv[i - 1] != "--db")]
    if len(positions) != 1 or argv[positions[0]] in commands:
        return argv, None
    index = positions[0]
    candidate = argv[index]
    if not os.path.isfile(candidate):
        if os.path.splitext(candidate)[1] or os.sep in candidate or "/" in candidate:
            folder = os.path.isdir(candidate)
            raise FileNotFoundError(f"{candidate} is a folder: give a workbook or CSV file in it" if folder
                                    else f"there is no file {candidate}")
        return argv, None
    return argv[:index] + argv[index + 1:], os.path.abspath(candidate)


def _main(argv: list[str] | None, finished: list[int]) -> int:
    if argv is None:  # a process of its own (the installed ``cpdesk`` script): streams first, as __main__
        from cpdesk.console import prepare_streams

        stop = prepare_streams(sys.argv[1:])
        if stop is not None:
            return stop
    parser = build_parser()
    arguments = sys.argv[1:] if argv is None else argv
    try:
        arguments, open_file = split_file_to_open(arguments, command_names(parser))
    except FileNotFoundError as missing:
        from cpdesk.console import tell_the_officer

        tell_the_officer(f"cpdesk: {missing}.")  # also in a message box from the windowed program
        return 2
    args = parser.parse_args(arguments)
    if args.smoke_test:
        _set_up_command_logging(args.verbose)
        from cpdesk.app import run_smoke_test

        return run_smoke_test()
    if args.command is None:
        from cpdesk.app import run_app

        return run_app(db=args.db, demo=args.demo, open_file=open_file)
    _set_up_command_logging(args.verbose)
    from cpdesk.cli_commands import run_command
    from cpdesk.store.engine import notify_long_waits

    stop_listening = notify_long_waits(lambda message: print(message, file=sys.stderr, flush=True))
    guard = CtrlCOutsideTheDatabase()
    guard.install()
    try:
        finished.append(run_command(args))
        return finished[0]
    finally:
        guard.uninstall()
        stop_listening()


STORE_MODULES = ("cpdesk.store", "sqlalchemy", "sqlite3")
RECHECK_S = 0.02
SOON_S = 0.0001


class CtrlCOutsideTheDatabase:
    """Ctrl+C that never lands in the middle of the database code.

    Python raises KeyboardInterrupt between any two lines; inside SQLAlchemy's bookkeeping that can
    leave a committed transaction looking half-done (an ``AssertionError`` or ``IndexError``
    traceback, and no way to tell the officer what was stored). So while the command runs, Ctrl+C
    in cpdesk's own code is raised at once as usual, but one that arrives inside the store is held:
    it is raised when the next SQL statement starts (so a long write stops there, and its
    transaction rolls back whole) or the moment the store returns (so a transaction that was
    committing finishes, and the caller can say the file is stored; a timer checks every 20 ms too).

    POSIX only (it needs a timer signal) and main thread only; elsewhere Ctrl+C is Python's own.
    """

    def __init__(self) -> None:
        self.pending = False
        self.installed = False
        self._previous_alarm: Any = None

    def install(self) -> None:
        import signal
        import threading

        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            return  # Ctrl+C is already someone else's (ignored, or a test's handler)
        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        self._previous_alarm = signal.signal(signal.SIGALRM, self._recheck)
        signal.signal(signal.SIGINT, self._interrupt)
        event.listen(Engine, "before_cursor_execute", self._at_statement)
        self.installed = True

    def uninstall(self) -> None:
        if not self.installed:
            return
        import signal

        from sqlalchemy import event
        from sqlalchemy.engine import Engine

        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.setprofile(None)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGALRM, self._previous_alarm)
        event.remove(Engine, "before_cursor_execute", self._at_statement)
        self.installed = False
        self.pending = False

    def _interrupt(self, _signum: int, frame: Any) -> None:
        if not _in_the_store(frame):
            raise KeyboardInterrupt
        self.pending = True
        sys.setprofile(self._on_return)
        self._check_again()

    def _on_return(self, frame: Any, event: str, _arg: Any) -> None:
        """While a Ctrl+C is held: the moment the store returns to cpdesk, raise it there."""
        if not self.pending:
            sys.setprofile(None)
        elif event == "return" and _in_the_store(frame) and not _in_the_store(frame.f_back):
            sys.setprofile(None)
            self._check_again(SOON_S)  # once this hook is done: in the caller's next lines

    def _recheck(self, _signum: int, frame: Any) -> None:
        if not self.pending:
            return
        if frame is not None and frame.f_code is CtrlCOutsideTheDatabase._on_return.__code__:
            self._check_again(SOON_S)  # still inside the hook, whose caller is the store's last frame
            return
        if _in_the_store(frame):
            self._check_again()
            return
        self.pending = False
        sys.setprofile(None)
        raise KeyboardInterrupt

    def _at_statement(self, *_args: Any, **_kwargs: Any) -> None:
        if self.pending:  # raised where SQLAlchemy expects errors: the transaction rolls back
            self.pending = False
            sys.setprofile(None)
            raise KeyboardInterrupt

    @staticmethod
    def _check_again(after_s: float = 0.0) -> None:
        import signal

        signal.setitimer(signal.ITIMER_REAL, after_s or RECHECK_S)


def _in_the_store(frame: Any) -> bool:
    while frame is not None:
        if str(frame.f_globals.get("__name__", "")).startswith(STORE_MODULES):
            return True
        frame = frame.f_back
    return False


_command_handlers: list[logging.Handler] = []


def _set_up_command_logging(verbose: bool) -> None:
    """The log file gets everything from INFO up; the terminal only progress, and only with -v."""
    from cpdesk.app import log_file_handler

    root = logging.getLogger()
    for handler in _command_handlers:  # a second main() in one process (the tests) replaces them
        root.removeHandler(handler)
        handler.close()
    _command_handlers.clear()
    try:
        _command_handlers.append(log_file_handler())
    except OSError:
        _command_handlers.append(logging.NullHandler())  # no log folder: say nothing rather than noise
    if verbose:
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        _command_handlers.append(terminal)
    for handler in _command_handlers:
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def _discard_further_output() -> None:
    """The reader of stdout has gone (``cpdesk dump | head``): send what is left nowhere, so that
    Python's own flush at exit does not complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests capture it): nothing will be flushed to a pipe


if __name__ == "__main__":
    sys.exit(main())
