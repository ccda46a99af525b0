"""Batch statements on PostgreSQL: ``unnest`` of arrays, several statements per round trip.

SQLAlchemy's generic forms expand a 100-row batch into hundreds of bound parameters that
the driver re-parses on every call; on PostgreSQL the same work is one statement with one
array per column. A push's reads (device, stored changes, states) go to the server as one
psycopg pipeline, and so do its feed writes, so a push costs a handful of round trips.
SQLite keeps the generic statements (it is in-process anyway).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import namedtuple_row
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
    ("fingerprint", "varchar"),
)


def _naive_utc(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _arrays(rows: Sequence[dict[str, Any]], columns: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """One array per column; only ``timestamp`` columns need their values converted."""
    return {
        name: [_naive_utc(row[name]) for row in rows]
        if kind == "timestamp"
        else [row[name] for row in rows]
        for name, kind in columns
    }


def _unnest(columns: tuple[tuple[str, str], ...]) -> str:
    names = ", ".join(name for name, _ in columns)
    arrays = ", ".join(f"%({name})b::{kind}[]" for name, kind in columns)
    return f"({names}) SELECT * FROM unnest({arrays})"


UPSERT_STATES_SET = (
    "ON CONFLICT (entity, entity_id) DO UPDATE SET center_id = EXCLUDED.center_id, "
    "version = EXCLUDED.version, server_seq = EXCLUDED.server_seq, deleted = EXCLUDED.deleted"
)
STORE_CHANGES = (
    f"WITH stored AS (INSERT INTO change {_unnest(CHANGE_COLUMNS)} "
    "ON CONFLICT (change_id) DO NOTHING "
    "RETURNING change_id, server_seq, center_id, entity, entity_id, version, op, status), "
    "states AS (INSERT INTO entity_state (entity, entity_id, center_id, version, server_seq, "
    "deleted) SELECT DISTINCT ON (entity, entity_id) entity, entity_id, center_id, version, "
    "server_seq, op = 'delete' FROM stored WHERE status = 'accepted' "
    f"ORDER BY entity, entity_id, server_seq DESC {UPSERT_STATES_SET}) "
    "SELECT change_id, server_seq FROM stored"
)
"""Feed rows and, for the accepted ones, their entities' latest state: one statement."""
FEED_LOCK = "SELECT pg_advisory_xact_lock(%(key)s)"
SET_LAST_SEQ = "UPDATE device SET last_seq = %(last_seq)s WHERE id = %(id)s"


def _driver(conn: Connection) -> psycopg.Connection[Any]:
    driver: psycopg.Connection[Any] = conn.connection.driver_connection  # type: ignore[assignment]
    return driver


def store_changes(
    conn: Connection,
    lock_key: int,
    rows: Sequence[dict[str, Any]],
    moves: Sequence[tuple[str, int]],
) -> dict[str, int]:
    """Take the feed lock, store the rows and move the devices' last sequence: one round
    trip (a psycopg pipeline)."""
    driver = _driver(conn)
    stored = driver.cursor()
    with driver.pipeline():
        for device_id, last_seq in moves:
            driver.execute(SET_LAST_SEQ, {"id": device_id, "last_seq": last_seq})
        if rows:
            driver.execute(FEED_LOCK, {"key": lock_key})
            stored.execute(STORE_CHANGES, _arrays(rows, CHANGE_COLUMNS))
    return {change_id: seq for change_id, seq in stored.fetchall()} if rows else {}


LOCK_DEVICE = (
    "SELECT id, center_id, last_seq, revoked_at FROM device "
    "WHERE token_hash = %(token_hash)s FOR UPDATE"
)
STORED_CHANGES = (
    "SELECT change_id, server_seq, status, reason, device_id, fingerprint FROM change "
    "WHERE change_id = ANY(%(ids)s::varchar[])"
)
STATES = (
    "SELECT s.entity, s.entity_id, s.center_id, s.version, s.server_seq, s.deleted "
    "FROM unnest(%(entities)s::varchar[], %(ids)s::varchar[]) AS k(entity, entity_id) "
    "CROSS JOIN LATERAL (SELECT * FROM entity_state e WHERE e.entity = k.entity "
    "AND e.entity_id = k.entity_id LIMIT 1) AS s"
)
"""The stored states of exactly these (entity, entity_id) pairs: one index probe each.

Two separate ``= ANY`` lists let the planner match the entity alone and filter every row of
that entity by id; a plain join picks a hash join over the whole table while its statistics
are young. ``LATERAL ... LIMIT 1`` keeps one primary-key probe per pair, so the cost follows
the batch, never the table."""


@dataclass(frozen=True)
class PushStart:
    """What a push reads before deciding anything, fetched in one round trip."""

    device: Any | None
    stored: list[Any]
    states: list[Any]


def start_push(
    conn: Connection, token_hash: str, change_ids: list[str], keys: Sequence[tuple[str, str]]
) -> PushStart:
    """Lock the device row, find changes already stored and the states the batch refers to."""
    driver = _driver(conn)
    device, stored, found = (driver.cursor(row_factory=namedtuple_row) for _ in range(3))
    with driver.pipeline():
        device.execute(LOCK_DEVICE, {"token_hash": token_hash})
        stored.execute(STORED_CHANGES, {"ids": change_ids})
        found.execute(STATES, _key_arrays(keys))
    return PushStart(device.fetchone(), stored.fetchall(), found.fetchall())


def _key_arrays(keys: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    return {"entities": [e for e, _ in keys], "ids": [i for _, i in keys]}
