"""Where the windowed program's output goes. No Qt here: it runs before anything else is imported.

The windowed ``cpdesk.exe`` (PyInstaller's console=False) starts with ``sys.stdout`` and ``sys.stderr``
set to None, so ``print`` writes nowhere and ``sys.stdout.write`` raises. :func:`prepare_streams`
fixes that first thing:

- streams present (the console program, ``python -m cpdesk``): nothing to do;
- a command (``cpdesk.exe --version``, ``cpdesk.exe dump ...``) on Windows: attach to the console of
  the program that started it (cmd.exe, PowerShell) and print there; with no console to attach to
  (a shortcut, Run), a message box says to use ``cpdesk-cli.exe`` and the exit code is 2;
- no command (a double-click, a file opened with cpdesk), or a command without a console elsewhere:
  output is discarded and what would have gone to stderr is written to the log file instead;
- but a command whose answer is what it prints (``dump`` with no ``--out``, ``--version``) with no
  stdout at all (``cpdesk dump >&-``, a scheduled task) would do nothing and exit 0, so a script would
  think it worked: it exits 2 instead, saying why on stderr (if there is one) and in the log.
"""

from __future__ import annotations

import enum
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO, cast

from cpdesk import paths

USE_THE_CONSOLE_PROGRAM = 2  # a command was given where nothing could show its answer
NOWHERE_TO_ANSWER = 2  # a command whose answer is its output, with no stdout to write it to
ATTACH_PARENT_PROCESS = -1  # (DWORD)-1: the console of the process that started this one
MB_ICONINFORMATION = 0x40

# Arguments that still mean "open the window": the window's own options and a file to open.
WINDOW_FLAGS = {"--demo", "-v", "--verbose"}
WINDOW_OPTIONS_WITH_VALUE = {"--db"}
OPENED_FILE_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".sqlite", ".db"}
URL_PASSWORD = re.compile(r"(://[^:/@\s]+):[^@\s]*@")  # scheme://user:password@host
# Commands whose answer is what they print, and the option that sends it elsewhere (or does other work)
# instead; None: always printed. The rest (import, export, chart, demo, backup...) do their work in files
# or the database, and validate's exit code is an answer of its own.
PRINTED_ANSWERS = {"dump": "--out", "history": "--out", "reconcile": None, "pack": "--load"}
HELP_FLAGS = {"--version", "-h", "--help"}

CONSOLE_PROGRAM_MESSAGE = (
    "cpdesk.exe opens the cpdesk window; it cannot show the answer to a command here.\n\n"
    "For commands, open a Command Prompt in the cpdesk folder and use cpdesk-cli.exe, for example:\n\n"
    "    cpdesk-cli.exe --version\n"
    "    cpdesk-cli.exe dump --indicator cpp_rate"
)


class Action(enum.Enum):
    KEEP = "keep"  # the streams work: leave them
    NOWHERE = "nowhere"  # a command whose answer is its output, and no stdout: exit 2, saying why
    ATTACH = "attach"  # the parent's console was attached: write to it
    DISCARD = "discard"  # nowhere to write: discard stdout, log stderr
    REFUSE = "refuse"  # a command with nowhere to answer: say to use cpdesk-cli, exit 2


@dataclass(frozen=True)
class Console:
    """The operating system's part, injected so the decision can be tested anywhere."""

    on_windows: bool
    attach: Callable[[], bool]  # AttachConsole(ATTACH_PARENT_PROCESS) succeeded
    open_console: Callable[[str, str], TextIO]  # open("CONOUT$" / "CONIN$", mode)
    message_box: Callable[[str, str], None]  # (title, text)


def is_command(args: Sequence[str]) -> bool:
    """Whether the arguments ask for a command (whose answer is printed) rather than the window."""
    waiting_for_value = False
    for arg in args:
        if waiting_for_value:
            waiting_for_value = False
        elif arg in WINDOW_FLAGS or _option_with_its_value(arg):
            continue
        elif arg in WINDOW_OPTIONS_WITH_VALUE:
            waiting_for_value = True
        elif not _names_a_file(arg):
            return True
    return False


def _option_with_its_value(arg: str) -> bool:
    name, equals, _value = arg.partition("=")
    return bool(equals) and name in WINDOW_OPTIONS_WITH_VALUE


def _names_a_file(arg: str) -> bool:
    if arg.startswith("-"):
        return False
    path = Path(arg)
    return path.suffix.lower() in OPENED_FILE_SUFFIXES or path.is_file()


def answer_is_printed(args: Sequence[str]) -> bool:
    """Whether the command is one whose answer is what it prints (``dump`` without ``--out``, ``db
    status``, ``--version``), so that with no stdout it would do nothing at all."""
    options = {arg.partition("=")[0] for arg in args if arg.startswith("-")}
    if options & HELP_FLAGS:
        return True
    words = [arg for index, arg in enumerate(args)
             if not arg.startswith("-") and (index == 0 or args[index - 1] not in WINDOW_OPTIONS_WITH_VALUE)]
    command, rest = (words[0], words[1:]) if words else ("", [])
    if command in PRINTED_ANSWERS:
        elsewhere = PRINTED_ANSWERS[command]
        return elsewhere is None or elsewhere not in options
    if command == "db":
        return rest[:1] == ["status"] or "--print-sql" in options
    return command == "restore" and not rest  # with no BACKUP it lists them


def decide(streams_missing: bool, command: bool, console: Console, answer_lost: bool = False) -> Action:
    """What to do about missing streams; attaches the parent's console when that is the answer.
    ``answer_lost``: there is no stdout, and the command's answer is what it prints."""
    if not streams_missing:
        return Action.KEEP
    if not command:
        return Action.DISCARD  # a double-click: attaching would tie the window to a console's lifetime
    if not console.on_windows:
        return Action.NOWHERE if answer_lost else Action.DISCARD
    return Action.ATTACH if console.attach() else Action.REFUSE


def prepare_streams(args: Sequence[str], console: Console | None = None) -> int | None:
    """Give the process working stdout/stderr (see the module's note); returns an exit code when the
    program must stop at once, else None."""
    console = console or system_console()
    missing = sys.stdout is None or sys.stderr is None
    command = is_command(args)
    action = decide(missing, command, console, answer_lost=sys.stdout is None and answer_is_printed(args))
    if action is Action.ATTACH:
        _use_console(console)
    elif action is Action.NOWHERE:
        _discard_output()
        say_nowhere_to_answer(args)
        return NOWHERE_TO_ANSWER
    elif action is Action.DISCARD:
        _discard_output(console.message_box if console.on_windows else None)
        if command:
            log_line(f"cpdesk {' '.join(args)} was started without a console: its output is discarded")
    elif action is Action.REFUSE:
        _discard_output()
        console.message_box("cpdesk", CONSOLE_PROGRAM_MESSAGE)
        return USE_THE_CONSOLE_PROGRAM
    return None


def say_nowhere_to_answer(args: Sequence[str]) -> None:
    """In the log, and on stderr when there is one: the command was not run, and why."""
    message = (f"cpdesk {' '.join(args)}: there is no standard output to write the answer to, so nothing "
               "was done; give --out FILE where the command has it, or run it where its output is read")
    if not isinstance(sys.stderr, LoggedLines):
        print(message, file=sys.stderr, flush=True)
    log_line(message)


def tell_the_officer(message: str) -> None:
    """One line for the officer on stderr. With no console to show it in (the windowed program opened
    from Explorer, or with a file that is not there) stderr is the log, which nobody is reading: on
    Windows the line is shown in a message box as well."""
    print(message, file=sys.stderr, flush=True)
    box = getattr(sys.stderr, "message_box", None)
    if box is not None:
        box("cpdesk", message)


def _use_console(console: Console) -> None:
    if sys.stdout is None:
        sys.stdout = console.open_console("CONOUT$", "w")
    if sys.stderr is None:
        sys.stderr = console.open_console("CONOUT$", "w")
    if sys.stdin is None:
        sys.stdin = console.open_console("CONIN$", "r")


def _discard_output(message_box: Callable[[str, str], None] | None = None) -> None:
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process's lifetime
    if sys.stderr is None:
        sys.stderr = LoggedLines(message_box)


def log_line(message: str) -> None:
    """Append one line to cpdesk's log file directly: this runs before logging is set up, and a stderr
    routed through logging could loop back into itself. A log that cannot be written loses the line.
    A password in a database URL (``--db postgresql://me:secret@server/cpdesk``) is never written."""
    stamp = datetime.now().isoformat(sep=" ", timespec="milliseconds").replace(".", ",")  # as logging's
    shown = URL_PASSWORD.sub(r"\1:***@", message)
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "cpdesk.log", "a", encoding="utf-8") as log:
            log.write(f"{stamp} WARNING {__name__}: {shown}\n")
    except OSError:
        pass


class LoggedLines(io.TextIOBase):
    """A stderr that writes each complete line to the log file; ``message_box`` (Windows) shows what
    :func:`tell_the_officer` says."""

    def __init__(self, message_box: Callable[[str, str], None] | None = None) -> None:
        super().__init__()
        self._pending = ""
        self.message_box = message_box

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in filter(None, lines):
            log_line(f"stderr: {line}")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            log_line(f"stderr: {self._pending}")
            self._pending = ""


def system_console() -> Console:
    """This machine's console: the Win32 calls on Windows, none elsewhere."""
    if sys.platform != "win32":
        return Console(False, lambda: False, _open_console, lambda _title, _text: None)
    return Console(True, _attach_parent_console, _open_console, _windows_message_box)


def _attach_parent_console() -> bool:
    import ctypes

    return bool(ctypes.windll.kernel32.AttachConsole(ATTACH_PARENT_PROCESS))  # type: ignore[attr-defined]


def _open_console(name: str, mode: str) -> TextIO:
    stream = open(name, mode, encoding="utf-8", errors="replace")  # noqa: SIM115 - the process's console
    return cast(TextIO, stream)


def _windows_message_box(title: str, text: str) -> None:
    import ctypes

    ctypes.windll.user32.MessageBoxW(None, text, title, MB_ICONINFORMATION)  # type: ignore[attr-defined]
