"""The change feed: every stored change gets a server sequence; desks pull after a cursor.

Sequence assignment and commit order
------------------------------------
On PostgreSQL a sequence hands out numbers at INSERT time, but transactions commit in any
order: a reader could see change 11 committed while change 10 is still in flight, move its
cursor to 11 and never see 10. Every writer of the feed therefore takes one
transaction-level advisory lock (:data:`FEED_LOCK_KEY`) right before it inserts feed rows
and keeps it until commit. PostgreSQL makes a commit visible before it releases the
transaction's locks, so whenever a reader can see sequence *n*, every smaller sequence
has already been committed or rolled back. The lock is taken after all validation reads,
so it covers only the inserts and the commit (about a millisecond for a 100-change batch).
On SQLite every write transaction begins IMMEDIATE, which serialises writers already.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, tuple_

from db.ids import uuid7
from db.types import utcnow
from district import bulk
from district.database import DistrictDatabase
from district.errors import ApiError
from district.security import DeviceAuth
from district.tables import change, entity_state
from protocol import PulledChange, PullResponse, Recovery

FEED_LOCK_KEY = 7710002


def dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)


def server_row(
    center_id: str | None,
    entity: str,
    entity_id: str,
    op: str,
    version: int,
    payload: dict[str, Any],
) -> dict[str, Any]:
    """A change made by the district itself (reference data, work orders, channel bookings)."""
    return {
        "change_id": uuid7(),
        "center_id": center_id,
        "device_id": None,
        "desk_seq": None,
        "entity": entity,
        "entity_id": entity_id,
        "op": op,
        "version": version,
        "payload": dumps(payload),
        "status": "accepted",
        "reason": None,
        "received_at": utcnow(),
    }


def append(
    database: DistrictDatabase, conn: Connection, rows: list[dict[str, Any]]
) -> dict[str, int]:
    """Store feed rows (a change id already stored is skipped); change_id → server_seq."""
    if not rows:
        return {}
    if database.is_postgres:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({FEED_LOCK_KEY})")
        return bulk.insert_changes(conn, rows)
    statement = database.insert_ignoring(change, "change_id").returning(
        change.c.change_id, change.c.server_seq
    )
    return {row.change_id: row.server_seq for row in conn.execute(statement, rows)}


def record_states(
    database: DistrictDatabase, conn: Connection, rows: Iterable[dict[str, Any]]
) -> None:
    """Upsert the latest version of each entity (the last row per entity wins)."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        latest[(row["entity"], row["entity_id"])] = row
    if latest and database.is_postgres:
        bulk.upsert_states(conn, list(latest.values()))
    elif latest:
        statement = database.upsert(
            entity_state, ("entity", "entity_id"), ("center_id", "version", "server_seq", "deleted")
        )
        conn.execute(statement, list(latest.values()))


def emit(database: DistrictDatabase, conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Append district-made changes and record their entity states."""
    seqs = append(database, conn, rows)
    record_states(
        database,
        conn,
        (
            {
                "entity": row["entity"],
                "entity_id": row["entity_id"],
                "center_id": row["center_id"],
                "version": row["version"],
                "server_seq": seqs[row["change_id"]],
                "deleted": row["op"] == "delete",
            }
            for row in rows
        ),
    )


def load_states(
    database: DistrictDatabase, conn: Connection, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], Any]:
    if not keys:
        return {}
    if database.is_postgres:
        found = bulk.states(conn, sorted({e for e, _ in keys}), sorted({i for _, i in keys}))
        return {(r.entity, r.entity_id): r for r in found if (r.entity, r.entity_id) in keys}
    rows = conn.execute(
        select(entity_state).where(
            tuple_(entity_state.c.entity, entity_state.c.entity_id).in_(keys)
        )
    )
    return {(row.entity, row.entity_id): row for row in rows}


def newest_seq(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(change.c.server_seq), 0))).scalar_one())


def pull(
    database: DistrictDatabase,
    auth: DeviceAuth,
    after: int,
    after_change_id: str | None,
    limit: int,
    include_own: bool,
) -> PullResponse:
    """The next page of the center's changes and district reference data after ``after``."""
    with database.read() as conn:
        if after > 0:
            _check_cursor(conn, after, after_change_id)
        visible = [
            change.c.server_seq > after,
            change.c.status == "accepted",
            or_(change.c.center_id == auth.center_id, change.c.center_id.is_(None)),
        ]
        if not include_own:
            visible.append(or_(change.c.device_id.is_(None), change.c.device_id != auth.device_id))
        rows = conn.execute(
            select(change).where(and_(*visible)).order_by(change.c.server_seq).limit(limit + 1)
        ).all()
    page = rows[:limit]
    changes = [
        PulledChange(
            server_seq=row.server_seq,
            change_id=row.change_id,
            center_id=row.center_id,
            entity=row.entity,
            entity_id=row.entity_id,
            op=row.op,
            version=row.version,
            payload=json.loads(row.payload),
        )
        for row in page
    ]
    last = page[-1] if page else None
    return PullResponse(
        changes=changes,
        cursor=last.server_seq if last else after,
        cursor_change_id=last.change_id if last else after_change_id,
        has_more=len(rows) > limit,
    )


def _check_cursor(conn: Connection, after: int, after_change_id: str | None) -> None:
    """A cursor naming a change the server does not hold means the server was restored."""
    row = conn.execute(select(change.c.change_id).where(change.c.server_seq == after)).one_or_none()
    held = row is not None and (after_change_id is None or row.change_id == after_change_id)
    if not held:
        raise ApiError(
            409,
            "cursor_mismatch",
            recovery=Recovery(action="pull_from", pull_after=0),
        )
