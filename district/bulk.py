"""Batch statements: one round trip per batch on PostgreSQL (``unnest`` of arrays).

SQLAlchemy's generic forms expand a 100-row batch into hundreds of bound parameters that
the driver re-parses on every call; on PostgreSQL the same work is one statement with one
array per column. SQLite keeps the generic statements (it is in-process anyway).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

CHANGE_COLUMNS = (
    ("change_id", "varchar"),
    ("center_id", "varchar"),
    ("device_id", "varchar"),
    ("desk_seq", "bigint"),
    ("entity", "varchar"),
    ("entity_id", "varchar"),
    ("op", "varchar"),
    ("version", "int"),
    ("payload", "text"),
    ("status", "varchar"),
    ("reason", "text"),
    ("received_at", "timestamp"),
)
STATE_COLUMNS = (
    ("entity", "varchar"),
    ("entity_id", "varchar"),
    ("center_id", "varchar"),
    ("version", "int"),
    ("server_seq", "bigint"),
    ("deleted", "boolean"),
)


def _naive_utc(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _arrays(rows: Sequence[dict[str, Any]], columns: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    return {name: [_naive_utc(row[name]) for row in rows] for name, _ in columns}


def _unnest(columns: tuple[tuple[str, str], ...]) -> str:
    names = ", ".join(name for name, _ in columns)
    arrays = ", ".join(f"%({name})b::{kind}[]" for name, kind in columns)
    return f"({names}) SELECT * FROM unnest({arrays})"


INSERT_CHANGES = (
    f"INSERT INTO change {_unnest(CHANGE_COLUMNS)} "
    "ON CONFLICT (change_id) DO NOTHING RETURNING change_id, server_seq"
)
UPSERT_STATES = (
    f"INSERT INTO entity_state {_unnest(STATE_COLUMNS)} "
    "ON CONFLICT (entity, entity_id) DO UPDATE SET center_id = EXCLUDED.center_id, "
    "version = EXCLUDED.version, server_seq = EXCLUDED.server_seq, deleted = EXCLUDED.deleted"
)


def insert_changes(conn: Connection, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    result = conn.exec_driver_sql(INSERT_CHANGES, _arrays(rows, CHANGE_COLUMNS))
    return {change_id: seq for change_id, seq in result}


def upsert_states(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    conn.exec_driver_sql(UPSERT_STATES, _arrays(rows, STATE_COLUMNS))


def stored_changes(conn: Connection, change_ids: list[str]) -> list[Any]:
    return list(
        conn.exec_driver_sql(
            "SELECT change_id, server_seq, status, reason, device_id FROM change "
            "WHERE change_id = ANY(%(ids)s::varchar[])",
            {"ids": change_ids},
        )
    )


def states(conn: Connection, entities: list[str], entity_ids: list[str]) -> list[Any]:
    return list(
        conn.exec_driver_sql(
            "SELECT entity, entity_id, center_id, version, server_seq, deleted FROM entity_state "
            "WHERE entity = ANY(%(entities)s::varchar[]) AND entity_id = ANY(%(ids)s::varchar[])",
            {"entities": entities, "ids": entity_ids},
        )
    )
