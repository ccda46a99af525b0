"""运行监测: every center with its desks, each desk's last successful sync, protocol and app
version, the refusals waiting in its inbox, and a desk silent for a day marked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import aliased

from db.types import utcnow
from district.console_tables import street
from district.database import DistrictDatabase
from district.security import token_hash
from district.tables import center, change, device

SILENT_AFTER = dt.timedelta(days=1)
SEEN_EVERY = dt.timedelta(seconds=60)
REFUSAL_WINDOW = dt.timedelta(days=30)


_checked: dict[tuple[int, str], dt.datetime] = {}
"""(database, token hash) → when this server process last looked at that desk's last sync:
a desk pushing batch after batch costs no database work for it within :data:`SEEN_EVERY`."""
CHECKED_MAX = 10_000


def record_sync_by_token(database: DistrictDatabase, token: str) -> None:
    """After a push was answered (run after the answer is sent: the desk never waits)."""
    now, key = utcnow(), (id(database), token_hash(token))
    last = _checked.get(key)
    if last is not None and now - last < SEEN_EVERY:
        return
    if len(_checked) >= CHECKED_MAX:
        _checked.clear()
    _checked[key] = now
    with database.read() as conn:
        device_id = conn.execute(
            select(device.c.id).where(device.c.token_hash == token_hash(token))
        ).scalar_one_or_none()
    if device_id is not None:
        record_sync(database, device_id)


def record_sync(database: DistrictDatabase, device_id: str) -> None:
    """A push or pull of this desk was answered (written at most once a minute, so a
    syncing desk costs a read, not a write; run after the answer is sent)."""
    now = utcnow()
    with database.read() as conn:
        last = conn.execute(
            select(device.c.last_sync_at).where(device.c.id == device_id)
        ).scalar_one_or_none()
    if last is not None and now - last < SEEN_EVERY:
        return
    with database.write() as conn:
        conn.execute(
            update(device)
            .where(
                device.c.id == device_id,
                (device.c.last_sync_at.is_(None)) | (device.c.last_sync_at < now - SEEN_EVERY),
            )
            .values(last_sync_at=now)
        )


def record_handshake(
    database: DistrictDatabase, device_id: str, protocol_version: int, app_version: str
) -> None:
    with database.write() as conn:
        conn.execute(
            update(device)
            .where(device.c.id == device_id)
            .values(protocol_version=protocol_version, app_version=app_version[:40])
        )


def _refusals(since: dt.datetime) -> Any:
    """Refused changes of each device (last 30 days) not followed by an accepted change of
    the same row from that device: what still waits in the desk's inbox."""
    later = aliased(change)
    settled = (
        select(later.c.server_seq)
        .where(
            later.c.device_id == change.c.device_id,
            later.c.entity == change.c.entity,
            later.c.entity_id == change.c.entity_id,
            later.c.status == "accepted",
            later.c.server_seq > change.c.server_seq,
        )
        .exists()
    )
    return (
        select(change.c.device_id, func.count().label("refused"))
        .where(
            change.c.status != "accepted",
            change.c.device_id.is_not(None),
            change.c.received_at >= since,
            ~settled,
        )
        .group_by(change.c.device_id)
        .subquery()
    )


def overview(database: DistrictDatabase) -> list[dict[str, Any]]:
    """Centers (by street, then name) each with its desks, newest first."""
    now = utcnow()
    refusals = _refusals(now - REFUSAL_WINDOW)
    with database.read() as conn:
        centers = conn.execute(
            select(center.c.id, center.c.name, street.c.name.label("street_name"))
            .outerjoin(street, street.c.id == center.c.street_id)
            .order_by(street.c.name, center.c.name)
        ).all()
        desks = conn.execute(
            select(
                device.c.id,
                device.c.center_id,
                device.c.name,
                device.c.desk_number,
                device.c.created_at,
                device.c.revoked_at,
                device.c.last_seen_at,
                device.c.last_sync_at,
                device.c.app_version,
                device.c.protocol_version,
                func.coalesce(refusals.c.refused, 0).label("refused"),
            )
            .outerjoin(refusals, and_(refusals.c.device_id == device.c.id))
            .order_by(device.c.revoked_at.is_not(None), device.c.desk_number, device.c.created_at)
        ).all()
    by_center: dict[str, list[dict[str, Any]]] = {}
    for desk in desks:
        row = dict(desk._mapping)
        last = row["last_sync_at"] or row["last_seen_at"]
        row["last"] = last
        row["silent"] = row["revoked_at"] is None and (last is None or now - last > SILENT_AFTER)
        by_center.setdefault(row["center_id"], []).append(row)
    return [
        {
            "id": c.id,
            "name": c.name,
            "street_name": c.street_name or "",
            "desks": by_center.get(c.id, []),
            "silent": sum(1 for d in by_center.get(c.id, []) if d["silent"]),
        }
        for c in centers
    ]


def silent_desks(database: DistrictDatabase) -> int:
    return sum(center_row["silent"] for center_row in overview(database))
