"""What the scripts behind docs/RELIABILITY.md share: the machine a run was on, and writing a section.

Each script prints its section's markdown, headed ``## <Section>``; with ``--write`` it replaces that
section of docs/RELIABILITY.md (up to the next ``## `` heading), or appends it if it is not there yet.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCUMENT = REPO / "docs" / "RELIABILITY.md"


def machine_line() -> str:
    """"3 Dec 2026, commit abc1234, Linux x86_64, 2 cores, 24 GB, Python 3.11.9"."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    today = dt.datetime.now(dt.UTC)
    load = os.getloadavg()[0]
    return (f"run {today:%-d %b %Y %H:%M} UTC, commit {commit}, {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} cores, {memory:.0f} GB, load average {load:.1f} at the end, "
            f"Python {platform.python_version()}")


def replace_section(title: str, markdown: str, document: Path = DOCUMENT) -> None:
    """Put ``markdown`` (which starts with ``## title``) in place of that section, or at the end."""
    lines = document.read_text(encoding="utf-8").splitlines(keepends=True)
    heading = f"## {title}"
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    body = markdown.rstrip("\n") + "\n"
    if start is None:
        text = "".join(lines).rstrip("\n") + "\n\n" + body
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        tail = "".join(lines[end:])
        text = "".join(lines[:start]) + body + ("\n" + tail if tail else "")
    document.write_text(text, encoding="utf-8")


def set_summary_result(row_title: str, result: str, document: Path = DOCUMENT) -> None:
    """Put ``result`` in the summary table's row whose first cell begins with ``row_title``."""
    text = document.read_text(encoding="utf-8")
    text = re.sub(rf"^(\| {re.escape(row_title)}[^|]*\| )[^|]*(\|)", lambda row: f"{row[1]}{result} {row[2]}",
                  text, count=1, flags=re.MULTILINE)
    document.write_text(text, encoding="utf-8")


def write_section(title: str, markdown: str, summary_row: str, result: str) -> None:
    """Replace the section ``## title`` and the result in its summary row."""
    replace_section(title, markdown)
    set_summary_result(summary_row, result)
