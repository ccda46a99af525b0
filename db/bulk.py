"""Writing many rows at once (a pulled page): prepared statements, values converted once.

SQLAlchemy's Core ``insert(table)`` with a list of rows builds and type-processes the
parameters row by row in Python (about as long as SQLite's own work for the same rows); an
expanding ``IN`` is compiled anew for each number of ids. Here each statement is plain SQL
compiled by SQLite alone, the values go through the columns' own bind processors (so a
value is stored exactly as the ORM would store it), and ``IN`` takes one JSON parameter.

Only rows that give every column of the table are written this way: a missing column would
need the model's Python-side default, which the callers leave to SQLAlchemy.

Inserts go as multi-row ``INSERT … VALUES (…), (…), …`` of as many values as SQLite lets a
statement bind, not as ``executemany``: the sqlite3 module lets go of Python's GIL around every
statement step, once a row with ``executemany``, and taking it back waits on whichever other
thread holds it (the pull's fetching thread parsing the next page): a thousand waits a page.
One statement for many rows lets go once, for all of SQLite's work on them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Date, Dialect, Select, Table, func, literal_column, select

from db.types import UTCDateTime

Processor = Callable[[Any], Any] | None

PARAMETERS = 999
"""Most values bound to one statement where SQLite does not say its limit (builds before
3.32 allowed no more); otherwise up to :data:`MOST_PARAMETERS`."""
MOST_PARAMETERS = 32_766


def listed(ids: Sequence[str]) -> Select[Any]:
    """The ids as a subquery for ``column.in_(listed(ids))``: one JSON parameter read with
    SQLite's ``json_each``, so the statement is compiled once, whatever the count."""
    return select(literal_column("value")).select_from(func.json_each(json.dumps(list(ids))))


def every_column(table: Table) -> frozenset[str]:
    return frozenset(column.name for column in table.c)


def utc_text(value: dt.datetime) -> str:
    """What SQLAlchemy stores for a :class:`db.types.UTCDateTime` on SQLite (naive UTC,
    microseconds always), without its two Python layers of processing."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given where UTC is required")
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _day_text(value: dt.date) -> str:
    return value.isoformat()


@lru_cache(maxsize=128)
def processors(table: Table, dialect: Dialect) -> dict[str, Processor]:
    """Per column, how a Python value becomes what the database stores: the column type's
    own bind processor, or the same conversion done directly for the two kinds of dates on
    SQLite (a test keeps both equal)."""
    found: dict[str, Processor] = {}
    for column in table.c:
        kind = column.type
        if dialect.name == "sqlite" and isinstance(kind, UTCDateTime):
            found[column.name] = utc_text
        elif dialect.name == "sqlite" and type(kind) is Date:
            found[column.name] = _day_text
        else:
            found[column.name] = kind._cached_bind_processor(dialect)
    return found


def stored_order(table: Table) -> tuple[str, ...]:
    """Every column of ``table``, ``version`` (where there is one) then ``id`` last: the
    order of a stored row's values for :func:`insert_stored` and :func:`update_stored`."""
    last = ("version", "id") if "version" in table.c else ("id",)
    return (*(column.name for column in table.c if column.name not in last), *last)


def _converted(
    rows: Sequence[dict[str, Any]], names: Sequence[str], convert: dict[str, Processor]
) -> list[tuple[Any, ...]]:
    steps = [(i, step) for i, name in enumerate(names) if (step := convert[name]) is not None]
    out = []
    for row in rows:
        values = [row[name] for name in names]
        for i, step in steps:
            value = values[i]
            if value is not None:
                values[i] = step(value)
        out.append(tuple(values))
    return out


@lru_cache(maxsize=128)
def insert_head(table: Table, dialect: Dialect, names: tuple[str, ...]) -> str:
    quote = dialect.identifier_preparer.quote
    return f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) VALUES "


def parameter_limit(conn: Connection) -> int:
    """How many values one statement may bind on this connection."""
    driver = conn.connection.dbapi_connection
    getlimit = getattr(driver, "getlimit", None)  # Python's sqlite3 from 3.11
    if conn.dialect.name != "sqlite" or getlimit is None:
        return PARAMETERS
    return min(int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)), MOST_PARAMETERS)


def insert_values(conn: Connection, head: str, rows: Sequence[Sequence[Any]]) -> None:
    """``head`` (``INSERT INTO t (a, b) VALUES``) with ``rows``, as many to a statement as
    SQLite lets one statement bind (a pulled page's rows in one or two statements)."""
    if not rows:
        return
    width = len(rows[0])
    one = f"({', '.join('?' * width)})"
    per = max(parameter_limit(conn) // width, 1)
    for start in range(0, len(rows), per):
        part = rows[start : start + per]
        sql = head + ", ".join(itertools.repeat(one, len(part)))
        conn.exec_driver_sql(sql, tuple(itertools.chain.from_iterable(part)))


@lru_cache(maxsize=128)
def _update_sql(table: Table, dialect: Dialect) -> str:
    quote = dialect.identifier_preparer.quote
    names = stored_order(table)[:-1]
    return (
        f"UPDATE {quote(table.name)} SET {', '.join(f'{quote(n)} = ?' for n in names)}"
        f" WHERE {quote('id')} = ?"
    )


def insert_stored(conn: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert rows given as stored values in :func:`stored_order`."""
    insert_values(conn, insert_head(table, conn.dialect, stored_order(table)), rows)


def update_stored(conn: Connection, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
    """Update rows by ``id``, given as stored values in :func:`stored_order`."""
    if rows:
        conn.exec_driver_sql(_update_sql(table, conn.dialect), list(rows))


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows that each give every column of ``table`` (one executemany)."""
    convert = processors(table, conn.dialect)
    insert_stored(conn, table, _converted(rows, stored_order(table), convert))


def update_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Update rows by ``id``, each giving every column of ``table`` (one executemany)."""
    convert = processors(table, conn.dialect)
    update_stored(conn, table, _converted(rows, stored_order(table), convert))
