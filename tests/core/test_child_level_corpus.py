"""Recall and false refusals over the corpus of council-shaped files: every list of children is refused
(bar the known misses, each with its reason), and no aggregate report is."""

from __future__ import annotations

import pytest

from cpdesk.read.personal import child_level
from cpdesk.read.workbook import open_workbook
from tests.core.child_level_corpus import CORPUS, CorpusFile, build


def _refused_sheets(entry: CorpusFile, folder) -> list[str]:
    workbook = open_workbook(build(entry, folder))
    return [sheet.name for sheet in workbook.sheets if child_level(sheet) is not None]


@pytest.mark.parametrize("entry", [e for e in CORPUS if e.kind == "child"], ids=lambda e: e.name)
def test_every_list_of_children_is_refused(entry, tmp_path):
    refused = _refused_sheets(entry, tmp_path)
    if entry.known_miss:
        assert refused == [], f"{entry.name} is refused now: drop its known miss ({entry.known_miss})"
    else:
        assert refused, f"{entry.name} ({entry.imitates}) was not refused"


@pytest.mark.parametrize("entry", [e for e in CORPUS if e.kind == "aggregate"], ids=lambda e: e.name)
def test_no_aggregate_report_is_refused(entry, tmp_path):
    assert _refused_sheets(entry, tmp_path) == []


def test_the_corpus_is_whole():
    kinds = [e.kind for e in CORPUS]
    assert kinds.count("child") == 44 and kinds.count("aggregate") == 42
    assert len({e.name for e in CORPUS}) == len(CORPUS)
    assert all(e.kind == "child" for e in CORPUS if e.known_miss)
