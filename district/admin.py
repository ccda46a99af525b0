"""District administration: centers, enrolment codes, devices, clients, catalog, staff, slots.

Plain functions over the database, used by ``district-server admin`` and by the tests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from argon2 import PasswordHasher, Type
from sqlalchemy import Connection, insert, select, update

from db.ids import uuid7
from db.types import utcnow
from district import center_keys, feed
from district.database import DistrictDatabase
from district.errors import ApiError
from district.projections import project_service_items
from district.saturday import slot_wire, take_back_shares
from district.security import new_enrolment_code, new_token, token_hash
from district.tables import api_client, center, device, enrolment_code, entity_state, saturday_slot
from protocol.vocabulary import CATEGORIES, ROLES

CLIENT_ROLES = ("operator", "channel")
STAFF_ROLES = ROLES


def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=2, type=Type.ID)


def create_center(
    database: DistrictDatabase, name: str, address: str = "", hotline: str = ""
) -> str:
    center_id = uuid7()
    now = utcnow()
    values = {
        "id": center_id,
        "name": name,
        "address": address,
        "hotline": hotline,
        "timezone": "Asia/Shanghai",
        "created_at": now,
    }
    with database.write() as conn:
        wrapped = center_keys.new_wrapped_key(database, center_id)
        conn.execute(insert(center).values(**values, data_key=wrapped))
        wire = {
            **values,
            "center_id": None,
            "created_at": now.isoformat(),
            "updated_at": now.isoformat(),
            "version": 1,
            "deleted_at": None,
        }
        feed.store(
            database, conn, [feed.server_row(center_id, "center", center_id, "insert", 1, wire)]
        )
    return center_id


def list_centers(database: DistrictDatabase) -> list[dict[str, Any]]:
    with database.read() as conn:
        rows = conn.execute(select(center).order_by(center.c.created_at))
        return [dict(row._mapping) for row in rows]


def _require_center(conn: Connection, center_id: str) -> None:
    if conn.execute(select(center.c.id).where(center.c.id == center_id)).first() is None:
        raise ApiError(404, "center_unknown")


def issue_enrolment_code(database: DistrictDatabase, center_id: str, valid_hours: int = 72) -> str:
    """A one-time code a desk trades for its device token; shown once, stored hashed."""
    code = new_enrolment_code()
    now = utcnow()
    with database.write() as conn:
        _require_center(conn, center_id)
        conn.execute(
            insert(enrolment_code).values(
                id=uuid7(),
                center_id=center_id,
                code_hash=token_hash(code.replace(" ", "").upper()),
                created_at=now,
                expires_at=now + dt.timedelta(hours=valid_hours),
            )
        )
    return code


def list_devices(database: DistrictDatabase, center_id: str | None = None) -> list[dict[str, Any]]:
    query = select(
        device.c.id,
        device.c.center_id,
        device.c.name,
        device.c.last_seq,
        device.c.created_at,
        device.c.last_seen_at,
        device.c.revoked_at,
    ).order_by(device.c.created_at)
    if center_id is not None:
        query = query.where(device.c.center_id == center_id)
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def revoke_device(database: DistrictDatabase, device_id: str) -> bool:
    """Withdraw a device: its token stops working and, in the same transaction, every
    Saturday place it held goes back to the district's free places (the command line and
    the console both revoke through here)."""
    with database.write() as conn:
        row = conn.execute(
            select(device.c.id).where(device.c.id == device_id).with_for_update()
        ).one_or_none()
        if row is None:
            return False
        result = conn.execute(
            update(device)
            .where(device.c.id == device_id, device.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        take_back_shares(conn, device_id)
        return bool(result.rowcount)


def create_client(database: DistrictDatabase, name: str, role: str) -> str:
    """An API client (district operator or booking channel); returns its token, shown once."""
    if role not in CLIENT_ROLES:
        raise ValueError(f"role must be one of {CLIENT_ROLES}")
    token = new_token()
    with database.write() as conn:
        conn.execute(
            insert(api_client).values(
                id=uuid7(), name=name, role=role, token_hash=token_hash(token), created_at=utcnow()
            )
        )
    return token


def _next_version(conn: Connection, entity: str, entity_id: str) -> tuple[str, int]:
    row = conn.execute(
        select(entity_state.c.version).where(
            entity_state.c.entity == entity, entity_state.c.entity_id == entity_id
        )
    ).one_or_none()
    return ("insert", 1) if row is None else ("update", row.version + 1)


def _reference_row(
    conn: Connection, center_id: str | None, entity: str, values: dict[str, Any]
) -> dict[str, Any]:
    op, version = _next_version(conn, entity, values["id"])
    now = utcnow().isoformat()
    payload = {
        "center_id": center_id,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        **values,
        "version": version,
    }
    return feed.server_row(center_id, entity, values["id"], op, version, payload)


def import_catalog(database: DistrictDatabase, catalog: dict[str, Any]) -> int:
    """District service catalog from JSON: ``{"service_lines": [{..., "items": [...]}]}``."""
    rows = []
    items: list[dict[str, Any]] = []
    with database.write() as conn:
        for line in catalog.get("service_lines", []):
            line_values = {
                "id": line.get("id") or uuid7(),
                "code": str(line["code"])[:2],
                "name": line["name"],
                "name_en": line.get("name_en", ""),
                "sort_order": int(line.get("sort_order", 0)),
            }
            rows.append(_reference_row(conn, None, "service_line", line_values))
            for position, item in enumerate(line.get("items", [])):
                if item.get("category") not in CATEGORIES:
                    raise ValueError(
                        f"item {item.get('name')!r}: category must be public/household/shared"
                    )
                item_values = {
                    "id": item.get("id") or uuid7(),
                    "line_id": line_values["id"],
                    "name": item["name"],
                    "name_en": item.get("name_en", ""),
                    "category": item["category"],
                    "saturday": bool(item.get("saturday", False)),
                    "bring": item.get("bring", ""),
                    "active": bool(item.get("active", True)),
                    "sort_order": int(item.get("sort_order", position)),
                }
                rows.append(_reference_row(conn, None, "service_item", item_values))
                items.append(item_values)
        project_service_items(database, conn, items)
        feed.store(database, conn, rows)
    return len(rows)


def create_staff(
    database: DistrictDatabase,
    center_id: str,
    username: str,
    display_name: str,
    role: str,
    password: str,
) -> str:
    """A staff account the center's desks download (password stored as an Argon2id hash)."""
    if role not in STAFF_ROLES:
        raise ValueError(f"role must be one of {STAFF_ROLES}")
    staff_id = uuid7()
    with database.write() as conn:
        _require_center(conn, center_id)
        values = {
            "id": staff_id,
            "username": username,
            "display_name": display_name,
            "role": role,
            "password_hash": _hasher().hash(password),
            "active": True,
        }
        feed.store(database, conn, [_reference_row(conn, center_id, "staff", values)])
    return staff_id


def create_slot(
    database: DistrictDatabase,
    center_id: str,
    day: dt.date,
    starts: str,
    ends: str,
    capacity: int,
    service_item_id: str | None = None,
) -> str:
    """A Saturday slot; all its places start with the server."""
    if capacity < 0:
        raise ValueError("capacity must not be negative")
    slot_id = uuid7()
    with database.write() as conn:
        _require_center(conn, center_id)
        conn.execute(
            insert(saturday_slot).values(
                id=slot_id,
                center_id=center_id,
                day=day,
                starts=starts,
                ends=ends,
                service_item_id=service_item_id,
                capacity=capacity,
                booked=0,
                server_free=capacity,
                version=1,
                created_at=utcnow(),
            )
        )
        row = conn.execute(select(saturday_slot).where(saturday_slot.c.id == slot_id)).one()
        feed.store(
            database,
            conn,
            [feed.server_row(center_id, "saturday_slot", slot_id, "insert", 1, slot_wire(row))],
        )
    return slot_id
