"""Read every laid-out table of a workbook into observations: the entry point of this package."""

from __future__ import annotations

import logging

from cpdesk.read.grid import Workbook
from cpdesk.read.result import ReadResult
from cpdesk.read.tables.detect import TableBlock, find_tables, is_blank
from cpdesk.read.tables.headers import LabelContext
from cpdesk.read.tables.layouts import BlockReader
from cpdesk.read.tables.mapping import MappingProfile
from cpdesk.validate.issues import ERROR, INFO, Issue

logger = logging.getLogger(__name__)


def read_tables(workbook: Workbook, schema, areas, *, council: str | None = None,
                mapping: MappingProfile | None = None, home_council: str | None = None) -> ReadResult:
    """Observations from every table on the workbook's visible sheets, with the issues met.

    ``council`` (an ONS code, a DfE 3-digit code or a name) is the area of figures whose table names
    none, and the LA that "Statistical Neighbours" refers to. Without it, the one LA the tables name
    is used, if exactly one is named, and failing that ``home_council`` (the officer's own, which a
    report card of theirs often never names). ``mapping`` defaults to the saved profile for this workbook's
    shape, if there is one.
    """
    result = ReadResult(file=workbook.file_name, layout="tables")
    if mapping is None:
        mapping = MappingProfile.load_for(workbook)
    blocks = [block for sheet in workbook.sheets if not sheet.hidden for block in find_tables(sheet)]
    ctx = LabelContext(schema, areas, mapping=mapping)
    if council:
        ctx.council = _council_code(council, areas, result)
    else:
        ctx.council = _named_council(blocks, areas, result) or _home_council(home_council, blocks, areas,
                                                                             result)
    for block in blocks:
        BlockReader(block, ctx, workbook.file_name, result).read()
    result.tables_found = len(blocks)
    logger.info("%s: %d tables, %d figures, %d issues", workbook.file_name, len(blocks),
                len(result.observations), len(result.issues))
    return result


def _council_code(council: str, areas, result: ReadResult) -> str | None:
    area = areas.find(council)
    if area is None:
        area = areas.match(council).area
    if area is None or area.kind != "la":
        result.issues.append(Issue("unknown-council", ERROR, f"'{council}' is not a council cpdesk knows.",
                                   result.file))
        return None
    return area.code


def _named_council(blocks: list[TableBlock], areas, result: ReadResult) -> str | None:
    """The one LA named in the tables' labels, if exactly one is; None otherwise."""
    found: dict[str, str] = {}
    for block in blocks:
        for text in _label_texts(block):
            match = areas.match(text)
            if match.area is not None and match.area.kind == "la":
                found[match.area.code] = match.area.name
    if len(found) != 1:
        return None
    code, name = next(iter(found.items()))
    result.issues.append(Issue("council-assumed", INFO, f"Figures whose table names no area, and "
                               f"'Statistical Neighbours', were taken to be {name}'s, the only council "
                               "the workbook names.", result.file))
    return code


def _home_council(home_council: str | None, blocks: list[TableBlock], areas,
                  result: ReadResult) -> str | None:
    """The officer's own council for tables that name no area, said in a note; None if there is none."""
    area = areas.find(home_council) if home_council else None
    if area is None or area.kind != "la" or not blocks:
        return None
    result.issues.append(Issue("council-assumed", INFO, f"Figures whose table names no area, and "
                               f"'Statistical Neighbours', were taken to be {area.name}'s, your home "
                               "council: the workbook names no council.", result.file))
    return area.code


def _label_texts(block: TableBlock):
    sheet = block.sheet
    for r in block.body_rows:
        for c in block.label_cols:
            value = sheet.value(r, c)
            if isinstance(value, str) and not is_blank(value):
                yield value
    for r in block.header_rows:
        for c in block.value_cols:
            value = sheet.value(r, c)
            if isinstance(value, str) and not is_blank(value):
                yield value
