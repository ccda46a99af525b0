"""The change feed: every stored change gets a server sequence; desks pull after a cursor.

Sequence assignment and commit order
------------------------------------
On PostgreSQL a sequence hands out numbers at INSERT time, but transactions commit in any
order: a reader could see change 11 committed while change 10 is still in flight, move its
cursor to 11 and never see 10. Every writer of the feed therefore takes one
transaction-level advisory lock (:data:`FEED_LOCK_KEY`) right before it inserts feed rows
and keeps it until commit. PostgreSQL makes a commit visible before it releases the
transaction's locks, so whenever a reader can see sequence *n*, every smaller sequence
has already been committed or rolled back. The lock is the transaction's last step: every
validation read and every other write comes first, and the lock, the feed rows and their
entity states go to the server in one round trip, so the lock covers one statement and the
commit.
On SQLite every write transaction begins IMMEDIATE, which serialises writers already.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring as _string
from typing import Any

from sqlalchemy import (
    Connection,
    LargeBinary,
    cast,
    func,
    or_,
    select,
    tuple_,
    union_all,
    update,
)

from db.ids import uuid7
from db.types import utcnow
from district import bulk
from district.database import DistrictDatabase
from district.errors import ApiError
from district.security import DeviceAuth
from district.tables import change, device, entity_state
from protocol import PulledChange, PullResponse, Recovery

FEED_LOCK_KEY = 7710002


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
"""``json.dumps`` with these settings, made once (not on every call)."""


def dumps(payload: dict[str, Any]) -> str:
    return _ENCODER.encode(payload)


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
        "fingerprint": None,
    }


def store(
    database: DistrictDatabase,
    conn: Connection,
    rows: list[dict[str, Any]],
    moves: Sequence[tuple[str, int]] = (),
) -> dict[str, int]:
    """Store feed rows (a change id already stored is skipped) and, for the accepted ones,
    their entity's latest state; change_id → server_seq of the rows stored now.

    ``moves`` (device id, sequence) are pushing desks' new last sequence numbers, written
    in the same step (several when pushes are committed as a group). On PostgreSQL the
    feed lock is taken here, as late as the transaction allows: callers do every read and
    every other write first, so only this round trip and the commit hold it."""
    if database.is_postgres:
        return bulk.store_changes(conn, FEED_LOCK_KEY, rows, moves)
    for device_id, last_seq in moves:
        conn.execute(update(device).where(device.c.id == device_id).values(last_seq=last_seq))
    if not rows:
        return {}
    statement = database.insert_ignoring(change, "change_id").returning(
        change.c.change_id, change.c.server_seq
    )
    seqs = {row.change_id: row.server_seq for row in conn.execute(statement, rows)}
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if row["status"] == "accepted" and row["change_id"] in seqs:
            latest[(row["entity"], row["entity_id"])] = {
                "entity": row["entity"],
                "entity_id": row["entity_id"],
                "center_id": row["center_id"],
                "version": row["version"],
                "server_seq": seqs[row["change_id"]],
                "deleted": row["op"] == "delete",
            }
    if latest:
        upsert = database.upsert(
            entity_state, ("entity", "entity_id"), ("center_id", "version", "server_seq", "deleted")
        )
        conn.execute(upsert, list(latest.values()))
    return seqs


def load_states(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The stored states of these entities (SQLite; on PostgreSQL a push reads them with
    its other reads in one statement, see :func:`district.bulk.start_push`)."""
    if not keys:
        return {}
    rows = conn.execute(
        select(entity_state).where(
            tuple_(entity_state.c.entity, entity_state.c.entity_id).in_(keys)
        )
    )
    return {(row.entity, row.entity_id): row for row in rows}


def newest_seq(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(change.c.server_seq), 0))).scalar_one())


PAGE_COLUMNS = (
    "server_seq",
    "change_id",
    "center_id",
    "entity",
    "entity_id",
    "op",
    "version",
    "payload",
)
"""The columns a pull page reads, in :class:`protocol.PulledChange`'s order."""


def _page_rows(
    database: DistrictDatabase,
    auth: DeviceAuth,
    after: int,
    after_change_id: str | None,
    limit: int,
    include_own: bool,
    payload_bytes: bool = False,
) -> list[Any]:
    """Up to ``limit + 1`` visible rows after ``after`` (one more says whether more follow);
    with ``payload_bytes`` each payload as its UTF-8 bytes (never decoded into a string)."""
    with database.read() as conn:
        if after > 0:
            _check_cursor(conn, after, after_change_id)
        columns: list[Any] = [change.c[name] for name in PAGE_COLUMNS]
        if payload_bytes:
            columns[-1] = _utf8(database, change.c.payload).label("payload")
        visible = [change.c.server_seq > after, change.c.status == "accepted"]
        if not include_own:
            visible.append(or_(change.c.device_id.is_(None), change.c.device_id != auth.device_id))
        # The center's changes and the district's, each read in order along the index of
        # (center_id, server_seq) up to the page's end, then merged: one condition with OR
        # would have the database gather every row after the cursor and sort them.
        parts = [
            select(*columns)
            .where(where, *visible)
            .order_by(change.c.server_seq)
            .limit(limit + 1)
            .subquery()
            for where in (change.c.center_id == auth.center_id, change.c.center_id.is_(None))
        ]
        merged = union_all(*(select(part) for part in parts)).subquery()
        statement = select(merged).order_by(merged.c.server_seq).limit(limit + 1)
        return list(conn.execute(statement).all())


def pull(
    database: DistrictDatabase,
    auth: DeviceAuth,
    after: int,
    after_change_id: str | None,
    limit: int,
    include_own: bool,
) -> PullResponse:
    """The next page of the center's changes and district reference data after ``after``."""
    rows = _page_rows(database, auth, after, after_change_id, limit, include_own)
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


def pull_encoded(
    database: DistrictDatabase,
    auth: DeviceAuth,
    after: int,
    after_change_id: str | None,
    limit: int,
    include_own: bool,
) -> bytes:
    """:func:`pull`'s page as the JSON of its :class:`protocol.PullResponse`, written in one
    step: each stored payload (already JSON text, see :func:`dumps`) is spliced in as it is
    rather than parsed and encoded again; the other fields, in the model's order, are
    encoded here (strings by ``json``'s own escaping)."""
    rows = _page_rows(database, auth, after, after_change_id, limit, include_own, True)
    page = rows[:limit]
    parts = [
        _ROW
        % (
            seq,
            _string(change_id).encode(),
            b"null" if center is None else _string(center).encode(),
            _string(entity).encode(),
            _string(entity_id).encode(),
            _string(op).encode(),
            version,
            payload,
        )
        for seq, change_id, center, entity, entity_id, op, version, payload in page
    ]
    last = page[-1] if page else None
    cursor = last.server_seq if last else after
    cursor_change_id = last.change_id if last else after_change_id
    tail = _TAIL % (
        cursor,
        b"null" if cursor_change_id is None else _string(cursor_change_id).encode(),
        b"true" if len(rows) > limit else b"false",
    )
    return b"".join((b'{"changes":[', b",".join(parts), tail))


_ROW = (
    b'{"server_seq":%d,"change_id":%b,"center_id":%b,"entity":%b,"entity_id":%b,"op":%b,'
    b'"version":%d,"payload":%b}'
)
_TAIL = b'],"cursor":%d,"cursor_change_id":%b,"has_more":%b}'


def _utf8(database: DistrictDatabase, text: Any) -> Any:
    """A text column read as its UTF-8 bytes (PostgreSQL's ``CAST(… AS bytea)`` would read
    backslashes as escapes: ``convert_to`` takes the text as it is)."""
    if database.is_postgres:
        return func.convert_to(text, "UTF8", type_=LargeBinary)
    return cast(text, LargeBinary)


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
