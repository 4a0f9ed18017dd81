"""Issues found in a file and the report that gathers them: plain data shared by every layer.

Reading finds some issues (a sheet it cannot place, a hidden sheet) and validation the rest, so the
types live here, below both; the CLI, the app and the Excel report show them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from cpdesk.observation import CellRef


class Severity(StrEnum):
    """How much an issue matters; the values are what the database and JSON reports hold."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO
SEVERITIES = tuple(Severity)
SEVERITY_NOUNS: dict[str, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun agreeing: "1 error", "2 errors", "1,204 figures", "3 categories"."""
    return f"{number:,} {agreeing(number, noun, plural or noun + 's')}"


def agreeing(number: int, one: str, many: str) -> str:
    """The words after a count, agreeing with it: ``agreeing(1, "was", "were")`` is "was"."""
    return one if number == 1 else many


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a file, with a stable rule code and a message an officer understands."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""

    @classmethod
    def at(cls, code: str, severity: Severity, message: str, where: CellRef | None) -> Issue:
        if where is None:
            return cls(code, severity, message)
        return cls(code, severity, message, where.file, where.sheet, where.cell)

    def location(self) -> str:
        return CellRef(self.file, self.sheet, self.cell).describe() if self.file else ""

    def __str__(self) -> str:
        """One line for a terminal; the place is added only where the message does not name it already."""
        where = "" if self.file and self.file in self.message else self.location()
        return f"{self.severity.upper()} [{self.code}] {where + ': ' if where else ''}{self.message}"


SHOWN_PER_RULE = 20  # how many issues of one rule a terminal or a window lists before summarising


def summarised(issues: Iterable[Issue], where: str, per_rule: int = SHOWN_PER_RULE) -> list[Issue]:
    """``issues`` in order, but past ``per_rule`` of one rule (and severity) only the first ``per_rule``,
    after a line counting them all: "4,210 outlier-change warnings: the first 20 are listed; all of them
    are {where}." A file with half a million outliers must not print half a million lines."""
    issues = list(issues)
    counts = Counter((issue.code, issue.severity) for issue in issues)
    listed: Counter[tuple[str, Severity]] = Counter()
    shown: list[Issue] = []
    for issue in issues:
        key = (issue.code, issue.severity)
        if listed[key] >= per_rule:
            continue
        if listed[key] == 0 and counts[key] > per_rule:
            noun = counted(counts[key], f"{issue.code} {SEVERITY_NOUNS[issue.severity]}")
            shown.append(Issue(issue.code, issue.severity, f"{noun}: the first {per_rule} are listed; all of "
                               f"them are {where}.", issue.file))
        listed[key] += 1
        shown.append(issue)
    return shown


def issue_record(issue: Issue) -> dict[str, str]:
    """One issue as the JSON reports hold it (``dataclasses.asdict`` is ten times slower)."""
    return {"code": issue.code, "severity": str(issue.severity), "message": issue.message, "file": issue.file,
            "sheet": issue.sheet, "cell": issue.cell}


@dataclass
class ValidationReport:
    """Every issue found in one import, in the order found."""

    file: str = ""
    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def of_severity(self, severity: Severity) -> list[Issue]:
        return [i for i in self.issues if i.severity == severity]

    @property
    def errors(self) -> list[Issue]:
        return self.of_severity(ERROR)

    @property
    def warnings(self) -> list[Issue]:
        return self.of_severity(WARNING)

    @property
    def has_errors(self) -> bool:
        return any(i.severity == ERROR for i in self.issues)

    def counts(self) -> dict[Severity, int]:
        tally = Counter(i.severity for i in self.issues)
        return {s: tally.get(s, 0) for s in SEVERITIES}

    def summary(self) -> str:
        """"1 error, 2 warnings, 0 notes"."""
        counts = self.counts()
        return ", ".join(counted(counts[severity], SEVERITY_NOUNS[severity]) for severity in SEVERITIES)

    def to_dict(self) -> dict:
        return {"file": self.file, "counts": self.counts(), "issues": [issue_record(i) for i in self.issues]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)
