"""Bulk inserts: tens of thousands of rows in one statement, as fast as each database allows.

SQLAlchemy's ``conn.execute(insert, [dict, ...])`` processes every row's parameters in Python, which
costs more than SQLite's own work on a large import (about 1 s of the 1.5 s for 91,000 figures).
On SQLite the rows go to the driver's ``executemany`` as plain tuples instead. On PostgreSQL through
psycopg new rows go by ``COPY ... FROM STDIN``: an ``executemany`` there is still one INSERT per row
(pipelined), 15 s for 91,000 figures where COPY takes about 1 s. Any other database gets the portable
Core insert. All run inside the caller's transaction.

:func:`insert_rows` takes the rows as any iterable and, on SQLite and PostgreSQL, hands them to the driver
one at a time: an import's generator of rows is never turned into a list (a million tuples are about
170 MB).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

logger = logging.getLogger(__name__)


def insert_rows(conn: Connection, table: sa.Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert rows given as tuples in the order of ``columns``; returns how many were inserted."""
    unknown = [name for name in columns if name not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {', '.join(unknown)}")
    if uses_driver_executemany(conn):
        inserted = _executemany(conn, _sqlite_insert(conn, table, columns), rows)
    elif uses_copy(conn):
        inserted = _copy_rows(conn, table, columns, rows)
    else:
        given = [dict(zip(columns, row, strict=True)) for row in rows]
        if given:
            conn.execute(sa.insert(table), given)
        inserted = len(given)
    logger.debug("%s: %d rows inserted", table.name, inserted)
    return inserted


def _executemany(conn: Connection, statement: str, rows: Iterable[tuple]) -> int:
    """sqlite3's ``executemany`` on the transaction's own connection: it takes an iterator."""
    driver = conn.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.executemany(statement, rows)
        return max(cursor.rowcount, 0)
    finally:
        cursor.close()


def uses_copy(conn: Connection) -> bool:
    """True where new rows go by COPY (PostgreSQL through psycopg 3)."""
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


def _copy_rows(conn: Connection, table: sa.Table, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY the rows in on the transaction's own connection; psycopg adapts each value by its type."""
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    driver = conn.connection.driver_connection
    assert driver is not None
    copied = 0
    with driver.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            copied += 1
    return copied


def uses_driver_executemany(conn: Connection) -> bool:
    """True where tuples go straight to the driver (SQLite); elsewhere the portable Core insert."""
    return conn.dialect.name == "sqlite"


def _sqlite_insert(conn: Connection, table: sa.Table, columns: Sequence[str]) -> str:
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"


def update_rows(conn: Connection, table: sa.Table, key: str, columns: Sequence[str],
                rows: Iterable[tuple], *, increment: str | None = None) -> int:
    """Update rows by ``key``: each tuple holds the new ``columns`` values, then the key.
    ``increment`` names a column that goes up by one in every row updated (a revision number)."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    if uses_driver_executemany(conn):
        quote = conn.dialect.identifier_preparer.quote
        assignments = ", ".join([f"{quote(name)} = ?" for name in columns]
                                + ([f"{quote(increment)} = {quote(increment)} + 1"] if increment else []))
        conn.exec_driver_sql(f"UPDATE {quote(table.name)} SET {assignments} WHERE {quote(key)} = ?", rows)
    else:
        values: dict[str, Any] = {name: sa.bindparam(f"b_{name}") for name in columns}
        if increment:
            values[increment] = table.c[increment] + 1
        names = [f"b_{name}" for name in (*columns, key)]
        statement = sa.update(table).where(table.c[key] == sa.bindparam(f"b_{key}")).values(values)
        conn.execute(statement, [dict(zip(names, row, strict=True)) for row in rows])
    return len(rows)
