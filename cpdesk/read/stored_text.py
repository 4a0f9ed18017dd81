"""What an issue kept with an import may quote from the file.

The issues shown while importing quote the cells they are about ("'Amelia Hart' is not a number"),
so the officer can find and fix them. The report kept with an import (``report_json``, shown again on
the Imports page for as long as the database lives) must not keep free text from a cell, which may
be a child's name or a note about a family. So, when an import is stored, every quoted text in its
issues' messages is kept only if it is one of:

* the file's name, or the name of a sheet an issue is on;
* a figure or a status symbol as cpdesk reads them ("23.8%", "1,084", "TBC", "c");
* a period cpdesk can read ("2019/20", "Q1 20/21", "31 Mar 2019");
* a label cpdesk recognised: an indicator, an area or a breakdown category;
* in the note naming the columns cpdesk does not read, those columns' headings;

and anything else becomes ``[text not kept]``. The code, severity, sheet and cell of every issue are
kept whole, so the report still says where to look.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import fields, replace

from cpdesk.indicators.periods import parse_period
from cpdesk.issues import Issue, ValidationReport
from cpdesk.read.values import parse_text
from cpdesk.recognise import resolver_for

NOT_KEPT = "[text not kept]"
HEADINGS_QUOTED = frozenset({"ignored-columns"})  # issues whose quoted texts are column headings
# A quoted text: opened by a quote after a non-word character (so the apostrophe of "council's" opens
# nothing), closed by the first quote not followed by a letter or digit (so 'O'Brien' is one text).
_QUOTED = re.compile(r"(?<!\w)'([^'\n]*?)'(?!\w)|(?<!\w)\"([^\"\n]*?)\"(?!\w)")

Quotable = Callable[[str], bool]
_ISSUE_FIELDS = tuple(f.name for f in fields(Issue))


class KnownTexts:
    """Whether a text may be kept in a stored issue: see the module's list. Answers are cached, as a
    big import's report repeats a few texts thousands of times."""

    def __init__(self, reference=None, names: Iterable[str] = ()):
        self.reference = reference
        self.names = {name for name in names if name}
        self._answers: dict[str, bool] = {}

    def __call__(self, text: str) -> bool:
        found = self._answers.get(text)
        if found is None:
            found = self._answers[text] = self._known(text.strip())
        return found

    def _known(self, text: str) -> bool:
        if not text or text in self.names:
            return True
        cell = parse_text(text)
        if cell.value is not None or cell.status is not None or parse_period(text) is not None:
            return True
        return self.reference is not None and self._recognised(text)

    def _recognised(self, text: str) -> bool:
        schema, areas = self.reference.schema, self.reference.areas
        if resolver_for(schema).indicator(text).resolved or areas.find(text) is not None:
            return True
        return areas.match(text).area is not None or bool(schema.find_category(text))


def stored_issue(issue: Issue, quotable: Quotable) -> Issue:
    """``issue`` with every quoted text it may not keep replaced by ``[text not kept]``."""
    if issue.code in HEADINGS_QUOTED or ("'" not in issue.message and '"' not in issue.message):
        return issue

    def kept(match: re.Match) -> str:
        text = match.group(1) if match.group(1) is not None else match.group(2)
        return match.group(0) if quotable(text) else NOT_KEPT

    message = _QUOTED.sub(kept, issue.message)
    return issue if message == issue.message else replace(issue, message=message)


def stored_report(report: ValidationReport, quotable: Quotable) -> dict:
    """The report as kept with an import: ``report.to_dict()``, its messages quoting only known texts."""
    issues = [_as_dict(stored_issue(issue, quotable)) for issue in report.issues]
    return {"file": report.file, "counts": report.counts(), "issues": issues}


def _as_dict(issue: Issue) -> dict:
    """``dataclasses.asdict`` of an issue, without its deep copying (a big import has 100,000s)."""
    return {name: getattr(issue, name) for name in _ISSUE_FIELDS}


def report_names(file_name: str, issues: Iterable[Issue]) -> list[str]:
    """The names a stored issue may quote: the file's and those of the sheets its issues are on."""
    return [file_name, *dict.fromkeys(issue.sheet for issue in issues if issue.sheet)]
