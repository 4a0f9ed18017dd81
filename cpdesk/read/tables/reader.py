"""Read every laid-out table of a workbook into observations: the entry point of this package."""

from __future__ import annotations

import logging
from dataclasses import replace

from cpdesk.issues import ERROR, INFO, Issue
from cpdesk.read.grid import Workbook, cell_name
from cpdesk.read.result import ReadResult
from cpdesk.read.tables.area_periods import file_under_codes_in_force
from cpdesk.read.tables.council_names import NamedCouncil, councils_named, same_council
from cpdesk.read.tables.detect import TableBlock, find_tables
from cpdesk.read.tables.headers import LabelContext
from cpdesk.read.tables.layouts import BlockReader
from cpdesk.read.tables.mapping import MappingProfile
from cpdesk.read.tables.table_council import council_of_table

logger = logging.getLogger(__name__)


def read_tables(workbook: Workbook, schema, areas, *, council: str | None = None,
                mapping: MappingProfile | None = None, home_council: str | None = None,
                column_wise: bool = True) -> ReadResult:
    """Observations from every table on the workbook's visible sheets, with the issues met.

    ``council`` (an ONS code, a DfE 3-digit code or a name) is the area of figures whose table names
    none, and the LA that "Statistical Neighbours" refers to; if the workbook names one council and it
    is another, nothing is read and that is an error. Without ``council``, the one LA the workbook
    names (in its labels, titles or text lines) is used, if exactly one is named; ``home_council``
    (the officer's own, which a report card of theirs often never names) only if it names none.
    ``mapping`` defaults to the saved profile for this workbook's shape, if there is one.
    ``column_wise`` (the default) reads a table's plain figures a column at once into ``Figures``;
    False reads every cell on its own into an ``Observation``, the reference the column-wise path is
    tested against. Both give the same figures and issues.
    """
    result = ReadResult(file=workbook.file_name, layout="tables")
    if mapping is None:
        mapping = MappingProfile.load_for(workbook)
    sheets = [sheet for sheet in workbook.sheets if not sheet.hidden]
    ctx = LabelContext(schema, areas, mapping=mapping)
    found = [block for sheet in sheets for block in find_tables(sheet, ctx)]
    blocks = [block for block in found if block.header_rows]
    result.tables_found = len(blocks)
    for block in found:
        if not block.header_rows:
            _report_no_headings(block, result)
    named = councils_named(sheets, blocks, areas)
    if council:
        ctx.council = _council_code(council, areas, result)
        if ctx.council is not None and _contradicts_workbook(ctx.council, named, areas, result):
            return result
    else:
        ctx.council = (_only_council_named(named, home_council, areas, result)
                       or _home_council(home_council, named, blocks, areas, result))
    ctx.area_hint = how_to_give_the_council(named)
    for block in blocks:
        table = council_of_table(block, ctx, given=bool(council), result=result)
        if table.readable:
            own = ctx if table.council == ctx.council else replace(ctx, council=table.council, _cache={})
            BlockReader(block, own, workbook.file_name, result, column_wise=column_wise).read()
    file_under_codes_in_force(result, areas)
    logger.info("%s: %d tables, %d figures, %d issues", workbook.file_name, len(blocks),
                len(result.observations), len(result.issues))
    return result


def _report_no_headings(block: TableBlock, result: ReadResult) -> None:
    """Figures with no heading row above them: nothing says what period or measure each column is."""
    first, last = block.body_rows[0], block.body_rows[-1]
    cell = cell_name(first, block.label_cols[0])
    message = (f"Rows {first + 1} to {last + 1} of sheet '{block.sheet.name}' (from cell {cell}) hold "
               "figures with no heading row above them, so nothing says which period or measure each "
               "column is; they were not read. Give them a heading row, or move them up under the table "
               "they belong to.")
    result.issues.append(Issue("no-headings", ERROR, message, result.file, block.sheet.name, cell))
    logger.info("%s: figures without headings at %s", block.sheet.name, cell)


def _council_code(council: str, areas, result: ReadResult) -> str | None:
    area = areas.find(council)
    if area is None:
        area = areas.match(council).area
    if area is None or area.kind != "la":
        result.issues.append(Issue("unknown-council", ERROR, f"'{council}' is not a council cpdesk knows.",
                                   result.file))
        return None
    return area.code


def _contradicts_workbook(code: str, named: dict[str, NamedCouncil], areas, result: ReadResult) -> bool:
    """True, with an error, if the workbook names one council and it is not the one given."""
    if len(named) != 1:
        return False
    only = next(iter(named.values()))
    given = areas.get(code)
    if same_council(given, only.area):
        return False
    result.issues.append(Issue(
        "council-conflict", ERROR, f"'{result.file}' names {only.area.name} ({only.place()}: "
        f"'{_quoted(only.text)}'), but its figures were to be filed under {given.name}. Nothing was read: "
        f"cpdesk never files one council's figures under another's. Import it as {only.area.name}'s (or "
        f"without choosing a council), or correct the workbook if the figures are {given.name}'s.",
        result.file, only.sheet, only.cell))
    return True


def _only_council_named(named: dict[str, NamedCouncil], home_council: str | None, areas,
                        result: ReadResult) -> str | None:
    """The one LA the workbook names, said in a note; None if it names none or several."""
    if len(named) != 1:
        return None
    only = next(iter(named.values()))
    home = areas.find(home_council) if home_council else None
    not_home = f", not {home.name}'s, your home council" if home is not None and home != only.area else ""
    result.issues.append(Issue(
        "council-assumed", INFO, f"Figures whose table names no area (and any statistical neighbours) were "
        f"taken to be {only.area.name}'s, the only council the workbook names ({only.place()}: "
        f"'{_quoted(only.text)}'){not_home}.", result.file, only.sheet, only.cell))
    return only.area.code


def _home_council(home_council: str | None, named: dict[str, NamedCouncil], blocks: list[TableBlock], areas,
                  result: ReadResult) -> str | None:
    """The officer's own council for tables that name no area, when the workbook names no council at
    all, said in a note; None otherwise."""
    area = areas.find(home_council) if home_council else None
    if area is None or area.kind != "la" or named or not blocks:
        return None
    result.issues.append(Issue("council-assumed", INFO, f"Figures whose table names no area (and any "
                               f"statistical neighbours) were taken to be {area.name}'s, your home "
                               "council: the workbook names no council.", result.file))
    return area.code


def how_to_give_the_council(named: dict[str, NamedCouncil]) -> str:
    """What figures with no area should tell the officer: why no council was taken, and how to give one."""
    if len(named) > 1:
        names = ", ".join(sorted(n.area.name for n in named.values()))
        return (f"The workbook names several councils ({names}), so cpdesk does not guess whose these are: "
                "name the council in the table's title, or give its code with --council on the command line.")
    return ("Choose the council whose figures these are on the first page of the import wizard, or give "
            "its code with --council on the command line (such as --council 937 or E10000031).")


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."
