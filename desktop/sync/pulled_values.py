"""A pulled change's payload as the desk's columns want it.

Two ways, one typing: :func:`row_values` gives the values SQLAlchemy statements take
(datetimes, dates, booleans from their JSON text), :func:`stored` the values exactly as the
database stores them, in :func:`db.bulk.stored_order`, for the bulk statements that bypass
SQLAlchemy's per-row parameter handling (``tests/unit/test_pull_stored_rows.py`` keeps both
equal for every column of every table a pull writes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Dialect, Table, TypeDecorator

from db.bulk import processors, stored_order, utc_text
from protocol.changes import PulledChange


def row_values(table: Table, change: PulledChange) -> dict[str, Any]:
    """The payload's values for the table's columns, typed as the columns want them."""
    payload = change.payload
    names, typed = _converters(table)
    values = {name: payload[name] for name in names if name in payload}
    for name, convert in typed:
        value = values.get(name)
        if value is not None:
            values[name] = convert(value)
    values["id"] = change.entity_id
    values["version"] = change.version
    return values


@lru_cache(maxsize=64)
def _converters(
    table: Table,
) -> tuple[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    """The table's columns, and for those whose JSON value is not already the column's
    Python value, how it becomes one (worked out once)."""
    typed = ((column.name, _converter(column.type)) for column in table.c)
    return tuple(column.name for column in table.c), tuple(
        (name, convert) for name, convert in typed if convert is not _same
    )


def _converter(kind: Any) -> Callable[[Any], Any]:
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    try:
        python = kind.python_type
    except NotImplementedError:
        return _same
    if python is dt.datetime:
        return moment
    if python is dt.date:
        return _day
    if python in (bool, int):
        return cast(Callable[[Any], Any], python)
    return _same


def _same(value: Any) -> Any:
    return value


Step = tuple[int, Callable[[Any], Any]]


@lru_cache(maxsize=64)
def storing(table: Table, dialect: Dialect) -> tuple[tuple[str, ...], tuple[Step, ...]]:
    """The payload fields a stored row is read from (:func:`db.bulk.stored_order` but its
    last two, ``version`` and ``id``, which the change gives), and for the values that need it, how
    a JSON value becomes the stored one: typed as :func:`row_values` types it, then as the column
    stores it (worked out once)."""
    order = stored_order(table)
    store = processors(table, dialect)
    steps: list[Step] = []
    for at, name in enumerate(order):
        typed, bind = _converter(table.c[name].type), store[name]
        if typed is moment and bind is utc_text:
            steps.append((at, moment_text))
        elif bind is None:
            if typed is not _same:
                steps.append((at, typed))
        else:
            steps.append((at, bind if typed is _same else _then(typed, bind)))
    assert order[-2:] == ("version", "id")  # every synced table has both
    return order[:-2], tuple(steps)


def _then(first: Callable[[Any], Any], second: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: second(first(value))


def stored(body: tuple[str, ...], steps: tuple[Step, ...], change: PulledChange) -> Any:
    """The row's values as stored, in :func:`db.bulk.stored_order`; None when the payload
    lacks a column (that row goes through SQLAlchemy, which fills in the defaults)."""
    payload = change.payload
    try:
        values = [payload[name] for name in body]
    except KeyError:
        return None
    values.append(change.version)
    values.append(change.entity_id)
    for at, step in steps:
        value = values[at]
        if value is not None:
            values[at] = step(value)
    return tuple(values)


def moment_text(value: Any) -> str:
    """``utc_text(moment(value))``, read straight off the text when it already is UTC with
    microseconds, as the district writes it (``2026-12-02T07:33:59.502513+00:00``): the
    same text, at a sixth of the work. Parsed either way, so a wrong date still fails."""
    text = str(value)
    moment = dt.datetime.fromisoformat(text)
    if (
        len(text) == 32
        and text[26:] == "+00:00"
        and text[4] == text[7] == "-"
        and text[10] == "T"
        and text[13] == text[16] == ":"
        and text[19] == "."
    ):
        return f"{text[:10]} {text[11:26]}"
    return utc_text(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


def moment(value: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])
