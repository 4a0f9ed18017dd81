"""Schema version 3: provenance per import, and a revision row only where a figure changed.

Version 2 repeated on every observation and revision who wrote it and when (``updated_at``,
``updated_by``, ``updated_by_login``; ``changed_at``, ``changed_by``, ``changed_by_login``), and wrote
every new figure twice, as the cell and as its first revision. Version 2 always wrote those times and
names from the one stamp of the import's transaction, the same as its ``imports`` row, so they are read
from there now. The migration, in the caller's transaction, on SQLite and PostgreSQL alike:

1. gives each import its ``reason`` (what its revisions say; "import of FILE" for a file that changed
   nothing);
2. stores each row's ``source_file`` against its import: NULL where it is the import's own file,
   ``NO_FILE`` where it was NULL (no source), unchanged where it names another file;
3. deletes the first revision of every cell that never changed, where the cell and its import show
   exactly what it said (value, status and text, file, sheet and cell, reason, who and when): its
   history reads the same from the cell; any other first revision stays;
4. drops the repeated columns.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cpdesk.store import tables

logger = logging.getLogger(__name__)

DROPPED = {"observations": ("updated_at", "updated_by", "updated_by_login"),
           "revisions": ("changed_at", "changed_by", "changed_by_login")}
SOURCE = ("source_file", "source_sheet", "source_cell")
FIGURE = ("value", "status", "raw")


def _table(name: str, *columns: str) -> sa.TableClause:
    """A version-2 table by name, with the columns a step needs (the latest schema lacks some)."""
    return sa.table(name, *(sa.column(column, sa.Text) for column in columns))


IMPORTS = _table("imports", "id", "file_name", "kind", "reason", "imported_at", "user_name", "user_login")
OBSERVATIONS = _table("observations", "id", "import_id", *FIGURE, *SOURCE)
REVISIONS = _table("revisions", "id", "observation_id", "import_id", "reason", *(f"old_{c}" for c in FIGURE),
                   *(f"new_{c}" for c in FIGURE), *SOURCE, *DROPPED["revisions"])


def carry_over(conn: Connection) -> None:
    """Version 3 once ``imports.reason`` is added (see the module's docstring)."""
    _fill_import_reasons(conn)
    for table in (OBSERVATIONS, REVISIONS):
        _store_source_files_against_imports(conn, table)
    dropped = conn.execute(sa.delete(REVISIONS).where(REVISIONS.c.id.in_(_first_revisions_shown()))).rowcount
    for table_name, columns in DROPPED.items():
        for column in columns:
            conn.exec_driver_sql(f"ALTER TABLE {table_name} DROP COLUMN {column}")
    logger.info("Schema version 3: %d first revisions now read from their cells", dropped)


def _fill_import_reasons(conn: Connection) -> None:
    i, r = IMPORTS, REVISIONS
    first = sa.select(r.c.reason).where(r.c.import_id == i.c.id).order_by(r.c.id).limit(1).scalar_subquery()
    conn.execute(sa.update(i).values(reason=first))
    conn.execute(sa.update(i).where(i.c.reason.is_(None), i.c.kind == "file")
                 .values(reason=sa.literal("import of ") + i.c.file_name))


def _store_source_files_against_imports(conn: Connection, table: sa.TableClause) -> None:
    file_of_import = sa.select(IMPORTS.c.file_name).where(IMPORTS.c.id == table.c.import_id).scalar_subquery()
    conn.execute(sa.update(table).where(table.c.source_file.is_(None)).values(source_file=tables.NO_FILE))
    conn.execute(sa.update(table).where(table.c.source_file == file_of_import).values(source_file=None))


def _first_revisions_shown() -> sa.Select:
    """The ids of the revisions that are their cell's only one, from nothing to what the cell holds,
    stored by the cell's import, saying what the import says: what version 3 reads from the cell."""
    r, o, i = REVISIONS.alias("r"), OBSERVATIONS, IMPORTS
    other = REVISIONS.alias("other")
    same = [r.c[f"new_{column}"].is_not_distinct_from(o.c[column]) for column in FIGURE]
    same += [r.c[column].is_not_distinct_from(o.c[column]) for column in SOURCE]
    same += [r.c.reason.is_not_distinct_from(i.c.reason),
             r.c.changed_at.is_not_distinct_from(i.c.imported_at),
             r.c.changed_by.is_not_distinct_from(i.c.user_name),
             r.c.changed_by_login.is_not_distinct_from(i.c.user_login)]
    return (sa.select(r.c.id).join(o, o.c.id == r.c.observation_id).join(i, i.c.id == r.c.import_id)
            .where(r.c.import_id == o.c.import_id, *(r.c[f"old_{c}"].is_(None) for c in FIGURE), *same,
                   ~sa.exists().where(other.c.observation_id == r.c.observation_id, other.c.id != r.c.id)))
