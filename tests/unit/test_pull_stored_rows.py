"""A pulled row that gives every column is turned into its stored values straight from the
JSON payload; they are exactly what typing the payload and then storing it gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, Integer, Table, create_engine

from db.bulk import processors, stored_order
from db.types import UTCDateTime
from desktop.sync.apply import MODELS
from desktop.sync.pulled_values import moment, moment_text, row_values, stored, storing
from protocol.changes import PulledChange

DIALECT = create_engine("sqlite://").dialect

MOMENTS = [
    "2026-12-02T07:33:59.502513+00:00",
    "2026-12-02T07:33:59.000000+00:00",
    "1999-12-31T23:59:59.999999+00:00",
    "2026-12-02T07:33:59+00:00",
    "2026-12-02T07:33:59.502513+08:00",
    "2026-12-02T07:33:59.502513-05:30",
    "2026-12-02 07:33:59.502513+00:00",
    "2026-12-02T07:33:59.502513",
    "2026-12-02T07:33:59.5+00:00",
    "2026-12-02T07:33:59.502+00:00",
    "2026-12-02T07:33:59.502513Z",
    "2026-12-02T07:33:59,502513+00:00",
    "2026-12-02",
    "20261202T073359.502513+00:00",
]


@pytest.mark.parametrize("text", MOMENTS)
def test_moment_text_is_the_typed_moment_stored(text: str) -> None:
    assert moment_text(text) == processors_utc(moment(text))


@pytest.mark.parametrize(
    "text", ["2026-13-02T07:33:59.502513+00:00", "2026-12-02T25:33:59.502513+00:00", "morgen"]
)
def test_a_wrong_moment_still_fails(text: str) -> None:
    with pytest.raises(ValueError):
        moment_text(text)


def processors_utc(value: dt.datetime) -> str:
    column = MODELS["resident"].__table__.c.created_at
    bind = column.type._cached_bind_processor(DIALECT)
    assert bind is not None
    return str(bind(value))


def _sample(column: Any, n: int) -> Any:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return MOMENTS[n % len(MOMENTS)] if column.nullable is False or n % 3 else None
    if isinstance(kind, Date):
        return ["2026-11-28", "2026-11-28T00:00:00"][n % 2]
    if isinstance(kind, Boolean):
        return [True, False, 1, 0][n % 4]
    if isinstance(kind, Integer):
        return n
    return f"值{n}" if column.nullable is False or n % 2 else None


@pytest.mark.parametrize("entity", sorted(MODELS))
def test_stored_values_are_the_typed_values_stored(entity: str) -> None:
    table: Table = MODELS[entity].__table__
    body, steps = storing(table, DIALECT)
    store = processors(table, DIALECT)
    order = stored_order(table)
    for n in range(6):
        payload = {column.name: _sample(column, n) for column in table.c}
        change = PulledChange(
            server_seq=n + 1,
            change_id=f"c{n}",
            center_id="c",
            entity=entity,
            entity_id=f"row-{n}",
            op="insert",
            version=n + 2,
            payload=payload,
        )
        typed = row_values(table, change)
        expected = tuple(_as_stored(store[name], typed[name]) for name in order)
        assert stored(body, steps, change) == expected, (entity, n)


def _as_stored(store: Any, value: Any) -> Any:
    return value if value is None or store is None else store(value)


def _resident(payload: dict[str, Any]) -> PulledChange:
    return PulledChange(
        server_seq=1,
        change_id="c",
        center_id="c",
        entity="resident",
        entity_id="r",
        op="insert",
        version=1,
        payload=payload,
    )


def test_a_payload_lacking_a_column_is_left_to_sqlalchemy() -> None:
    table: Table = MODELS["resident"].__table__
    body, steps = storing(table, DIALECT)
    payload = {column.name: _sample(column, 1) for column in table.c}
    lacking = {k: v for k, v in payload.items() if k != "note"}
    assert stored(body, steps, _resident(lacking)) is None
    given = {k: v for k, v in payload.items() if k not in ("id", "version")}
    assert stored(body, steps, _resident(given)) is not None  # the change gives both
