"""Read any supported file: pick, sheet by sheet, the reader for the layout it holds."""

from __future__ import annotations

import logging
from pathlib import Path

from cpdesk.figures import Figures
from cpdesk.issues import ERROR, INFO, WARNING, Issue, counted
from cpdesk.read.dfe import looks_like_dfe, read_dfe_rows
from cpdesk.read.grid import Sheet, Workbook
from cpdesk.read.long import LongReader, find_long_header
from cpdesk.read.long_content import Councils, read_by_content
from cpdesk.read.personal import refuse_child_level
from cpdesk.read.result import ReadResult
from cpdesk.read.tables import read_tables
from cpdesk.read.tables.detect import is_blank
from cpdesk.read.values import raw_text
from cpdesk.read.workbook import list_cells, open_workbook
from cpdesk.read.xlsx_parts import cell_position

logger = logging.getLogger(__name__)


def read_file(path: Path, reference, *, council: str | None = None, mapping=None,
              home_council: str | None = None) -> ReadResult:
    """Every observation in the file, with the issues met on the way. Raises ReadError if unreadable."""
    workbook = open_workbook(path)
    return read_workbook(workbook, reference, council=council, mapping=mapping, home_council=home_council)


def read_workbook(workbook: Workbook, reference, *, council: str | None = None, mapping=None,
                  home_council: str | None = None) -> ReadResult:
    """``council`` says whose figures the workbook holds; ``home_council`` is only the fallback for
    tables that name no area when the workbook names no council either (see ``read_tables``).

    A workbook listing individual children is refused whole, before any reader (or log line) sees a
    cell of it: ``PersonalDataRefused``, a ReadError."""
    refuse_child_level(workbook)
    result = ReadResult(file=workbook.file_name)
    for note in workbook.notes:
        result.issues.append(Issue("workbook-note", WARNING, note, workbook.file_name))
    remaining: list[Sheet] = []
    for sheet in workbook.sheets:
        if sheet.hidden:
            result.issues.append(Issue("hidden-sheet", INFO, f"Sheet '{sheet.name}' is hidden and was not "
                                       "imported. Unhide it in Excel if its figures should be.",
                                       workbook.file_name, sheet.name))
        elif not _read_whole_sheet(sheet, workbook, reference, Councils(council, home_council), result):
            remaining.append(sheet)
    if remaining:
        rest = Workbook(workbook.path, remaining)
        tables = read_tables(rest, reference.schema, reference.areas, council=council, mapping=mapping,
                             home_council=home_council)
        _merge(result, tables)
    result.layout = result.layout or ("tables" if result.tables_found else "")
    _note_hidden_cells(workbook, result)
    _note_no_figures(workbook, result)
    return result


def _note_no_figures(workbook: Workbook, result: ReadResult) -> None:
    """A file that gave no figures, and no error to say why, says so: it must not pass as imported."""
    if result.observations or any(issue.severity == ERROR for issue in result.issues):
        return
    if not any(not is_blank(value) for sheet in workbook.sheets for row in sheet.rows for value in row):
        why = "it is empty"
    elif result.layout in ("tidy", "cpdesk", "dfe"):
        why = "it has the headings of a long return but no rows of figures under them"
    elif result.layout == "long":
        why = "none of the rows of its list could be read (see the warnings about them)"
    else:
        why = "none of its visible sheets holds a table of figures cpdesk could read"
    result.issues.append(Issue(
        "no-figures", WARNING, f"No figures were found in '{workbook.file_name}': {why}. cpdesk reads "
        "tables of areas or indicators by periods, long (tidy) returns with one figure a row, and the "
        "DfE's national files.", workbook.file_name))


def _note_hidden_cells(workbook: Workbook, result: ReadResult) -> None:
    """Figures in hidden rows or columns are imported like the rest, but each sheet that has them says so."""
    for axis, code, attribute, where in ((0, "hidden-row", "hidden_rows", "rows"),
                                         (1, "hidden-column", "hidden_cols", "columns")):
        hidden = {sheet.name: getattr(sheet, attribute) for sheet in workbook.sheets
                  if getattr(sheet, attribute) and not sheet.hidden}
        for sheet_name, names in _cells_in(result.observations, hidden, axis).items():
            result.issues.append(Issue(
                code, WARNING, f"Sheet '{sheet_name}': {_come(len(names))} from hidden {where} "
                f"({list_cells(names)}) and were imported. Check they are meant to be part of the return.",
                workbook.file_name, sheet_name, names[0]))


def _cells_in(figures: Figures, hidden: dict[str, set[int]], axis: int) -> dict[str, list[str]]:
    """Sheet name -> the cells of figures read from the hidden rows (axis 0) or columns (axis 1)."""
    cells: dict[str, list[str]] = {}
    if not hidden:
        return cells
    for file, sheet, cell in zip(figures.source_file, figures.source_sheet, figures.source_cell, strict=True):
        position = cell_position(cell) if file is not None and sheet in hidden else None
        if position is not None and position[axis] in hidden[sheet]:
            cells.setdefault(sheet, []).append(cell)
    return cells


def _read_whole_sheet(sheet: Sheet, workbook: Workbook, reference, councils: Councils,
                      result: ReadResult) -> bool:
    """Long and DfE sheets are read whole here; returns False for sheets of laid-out tables. A long
    sheet is known by its tidy headings, or else by what its columns hold (``long_content``)."""
    header = find_long_header(sheet)
    if header is not None:
        reader = LongReader(reference.schema, reference.areas, file_name=workbook.file_name,
                            council=councils.given)
        reader.read(sheet, header, result)
        result.layout = "cpdesk" if header.is_cpdesk else "tidy"
        return True
    if sheet.rows and looks_like_dfe([raw_text(v) for v in sheet.rows[0]]):
        head = [raw_text(v) for v in sheet.rows[0]]
        rows = [[raw_text(v) for v in row] for row in sheet.rows[1:]]
        dfe = read_dfe_rows(head, rows, file_name=workbook.file_name, sheet=sheet.name,
                            schema=reference.schema, areas=reference.areas)
        _merge(result, dfe)
        result.layout = "dfe"
        return True
    return read_by_content(sheet, reference, workbook.file_name, councils, result)


def _merge(into: ReadResult, other: ReadResult) -> None:
    into.observations.take_over(other.observations)  # where each was read moves along
    into.issues.extend(other.issues)
    into.targets.extend(other.targets)
    into.tables_found += other.tables_found
    into.not_read += other.not_read


def _come(number: int) -> str:
    """"1 figure comes", "3 figures come"."""
    return f"{counted(number, 'figure')} {'comes' if number == 1 else 'come'}"
