"""Batch statements on PostgreSQL: ``unnest`` of arrays, several statements per round trip.

SQLAlchemy's generic forms expand a 100-row batch into hundreds of bound parameters that
the driver re-parses on every call; on PostgreSQL the same work is one statement with one
array per column (sent as text: :func:`array_literal`). A push's reads (device, stored
changes, states) go to the server as one statement, and its feed writes as one psycopg
pipeline: a push costs a handful of round trips.
SQLite keeps the generic statements (it is in-process anyway).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

import psycopg
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


def _arrays(rows: Sequence[dict[str, Any]], columns: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """One array per column, in PostgreSQL's text form (see :func:`array_literal`)."""
    arrays = {}
    for name, kind in columns:
        values = [row[name] for row in rows]
        if kind == "timestamp":  # mostly one time for all rows: each converted once
            texts = {value: str(_naive_utc(value)) for value in set(values) if value is not None}
            values = [None if value is None else texts[value] for value in values]
        elif kind != "varchar" and kind != "text":
            values = [None if value is None else str(value) for value in values]
        arrays[name] = array_literal(values)
    return arrays


def _unnest(columns: tuple[tuple[str, str], ...]) -> str:
    names = ", ".join(name for name, _ in columns)
    arrays = ", ".join(f"%({name})s::{kind}[]" for name, kind in columns)
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


START_PUSH = (
    "SELECT (SELECT row_to_json(d) FROM (SELECT id, center_id, last_seq, revoked_at "
    "FROM device WHERE token_hash = %(token_hash)s FOR UPDATE) AS d), "
    "(SELECT json_agg(c) FROM (SELECT change_id, server_seq, status, reason, device_id, "
    "fingerprint FROM change WHERE change_id = ANY(%(ids)s::varchar[])) AS c), "
    "(SELECT json_agg(s) FROM (SELECT s.entity, s.entity_id, s.center_id, s.version, "
    "s.server_seq, s.deleted FROM unnest(%(entities)s::varchar[], %(entity_ids)s::varchar[]) "
    "AS k(entity, entity_id) CROSS JOIN LATERAL (SELECT * FROM entity_state e "
    "WHERE e.entity = k.entity AND e.entity_id = k.entity_id LIMIT 1) AS s) AS s)"
)
"""What a push reads first, in one statement and one row: the device row locked by its
token, the changes of the batch already stored, and the stored states of exactly the
entities it names (one primary-key probe each), each as JSON.

Two separate ``= ANY`` lists for the states would let the planner match the entity alone
and filter every row of that entity by id; a plain join picks a hash join over the whole
table while its statistics are young. ``LATERAL ... LIMIT 1`` keeps one primary-key probe
per pair, so the cost follows the batch, never the table. The lists go as array literals
(:func:`array_literal`)."""


class Row(SimpleNamespace):
    """A row read as JSON, its columns as attributes."""


@dataclass(frozen=True)
class PushStart:
    """What a push reads before deciding anything, fetched in one round trip."""

    device: Row | None
    stored: list[Row]
    states: list[Row]


def start_push(
    conn: Connection, token_hash: str, change_ids: list[str], keys: Sequence[tuple[str, str]]
) -> PushStart:
    """Lock the device row, find changes already stored and the states the batch refers to."""
    params = {
        "token_hash": token_hash,
        "ids": array_literal(change_ids),
        "entities": array_literal([entity for entity, _ in keys]),
        "entity_ids": array_literal([entity_id for _, entity_id in keys]),
    }
    found = _driver(conn).execute(START_PUSH, params).fetchone()
    device, stored, states = found if found is not None else (None, None, None)
    return PushStart(
        None if device is None else Row(**device),
        [Row(**row) for row in stored or ()],
        [Row(**row) for row in states or ()],
    )


def array_literal(values: Sequence[str | None]) -> str:
    """PostgreSQL's text form of an array of these strings (each quoted; None is NULL).

    Sent as one text parameter and cast (``::varchar[]``): psycopg's array adapter writes
    an array element by element in Python, several times the cost of joining the text."""
    if None in values:
        return "{" + ",".join("NULL" if v is None else _quoted(v) for v in values) + "}"
    texts = cast("Sequence[str]", values)
    quoted = [value.replace("\\", "\\\\").replace('"', '\\"') for value in texts]
    return '{"' + '","'.join(quoted) + '"}' if quoted else "{}"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
