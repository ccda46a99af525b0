"""Saturday places outside a push: slots, shares granted and returned, other channels."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal

from sqlalchemy import Connection, insert, select, update

from db.ids import uuid7
from db.types import utcnow
from district import center_keys, feed
from district.database import DistrictDatabase
from district.errors import ApiError
from district.security import ClientAuth, DeviceAuth
from district.tables import booking_state, channel_booking, saturday_slot, share_request, slot_share
from protocol import (
    ChannelBooking,
    ChannelBookingRequest,
    ErrorBody,
    ShareRequest,
    ShareState,
    Slot,
    reason,
)
from protocol.pii_vault import PiiVault


def slot_wire(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "center_id": row.center_id,
        "day": row.day.isoformat(),
        "starts": row.starts,
        "ends": row.ends,
        "service_item_id": row.service_item_id,
        "capacity": row.capacity,
        "version": row.version,
    }


def list_slots(
    database: DistrictDatabase,
    center_id: str,
    day_from: dt.date,
    day_to: dt.date,
    device_id: str | None = None,
) -> list[Slot]:
    with database.read() as conn:
        rows = conn.execute(
            select(saturday_slot)
            .where(
                saturday_slot.c.center_id == center_id,
                saturday_slot.c.day >= day_from,
                saturday_slot.c.day <= day_to,
            )
            .order_by(saturday_slot.c.day, saturday_slot.c.starts)
            .limit(1000)
        ).all()
        shares: dict[str, int] = {}
        if device_id is not None and rows:
            shares = {
                row.slot_id: row.held
                for row in conn.execute(
                    select(slot_share.c.slot_id, slot_share.c.held).where(
                        slot_share.c.device_id == device_id,
                        slot_share.c.slot_id.in_([r.id for r in rows]),
                    )
                )
            }
    return [
        Slot(
            id=row.id,
            center_id=row.center_id,
            day=row.day,
            starts=row.starts,
            ends=row.ends,
            service_item_id=row.service_item_id,
            capacity=row.capacity,
            booked=row.booked,
            server_free=row.server_free,
            my_share=shares.get(row.id, 0),
        )
        for row in rows
    ]


def _lock_slot(conn: Connection, slot_id: str, center_id: str | None) -> Any:
    query = select(saturday_slot).where(saturday_slot.c.id == slot_id).with_for_update()
    row = conn.execute(query).one_or_none()
    if row is None or (center_id is not None and row.center_id != center_id):
        raise ApiError(404, "share_unknown_slot")
    return row


def share_fingerprint(kind: str, slot_id: str, places: int) -> str:
    return hashlib.sha256(f"{kind}|{slot_id}|{places}".encode()).hexdigest()


def move_share(
    database: DistrictDatabase,
    auth: DeviceAuth,
    request: ShareRequest,
    kind: Literal["grant", "return"],
) -> ShareState:
    """Grant up to ``places`` from what the server holds, or take back what the desk returns."""
    with database.write() as conn:
        slot = _lock_slot(conn, request.slot_id, auth.center_id)
        conn.execute(
            database.insert_ignoring(slot_share, "slot_id", "device_id"),
            {"slot_id": slot.id, "device_id": auth.device_id, "held": 0},
        )
        held = conn.execute(
            select(slot_share.c.held)
            .where(slot_share.c.slot_id == slot.id, slot_share.c.device_id == auth.device_id)
            .with_for_update()
        ).scalar_one()
        earlier = conn.execute(
            select(share_request).where(share_request.c.request_id == request.request_id)
        ).one_or_none()
        asked = share_fingerprint(kind, slot.id, request.places)
        if earlier is not None:
            if earlier.device_id != auth.device_id:
                raise ApiError(409, "duplicate_change_id")
            if earlier.slot_id != slot.id or earlier.fingerprint not in (None, asked):
                raise ApiError(409, "request_id_reused")
            return ShareState(
                slot_id=slot.id,
                held=held,
                moved=earlier.moved,
                server_free=slot.server_free,
                replayed=True,
            )
        if kind == "grant":
            moved = min(request.places, slot.server_free)
            held, free = held + moved, slot.server_free - moved
        else:
            moved = min(request.places, held)
            held, free = held - moved, slot.server_free + moved
        conn.execute(
            update(slot_share)
            .where(slot_share.c.slot_id == slot.id, slot_share.c.device_id == auth.device_id)
            .values(held=held)
        )
        conn.execute(
            update(saturday_slot).where(saturday_slot.c.id == slot.id).values(server_free=free)
        )
        conn.execute(
            insert(share_request).values(
                request_id=request.request_id,
                device_id=auth.device_id,
                slot_id=slot.id,
                kind=kind,
                moved=moved,
                created_at=utcnow(),
                fingerprint=asked,
            )
        )
    return ShareState(slot_id=slot.id, held=held, moved=moved, server_free=free)


def take_back_shares(conn: Connection, device_id: str) -> int:
    """Every place a (revoked) device holds goes back to the server's free places, in the
    caller's transaction; the number of places returned. Bookings the device confirmed stay
    booked; cancelled later, their place goes to the server too (the device holds none)."""
    held = conn.execute(
        select(slot_share.c.slot_id, slot_share.c.held)
        .where(slot_share.c.device_id == device_id, slot_share.c.held > 0)
        .order_by(slot_share.c.slot_id)
    ).all()
    if not held:
        return 0
    slots = {
        row.id: row
        for row in conn.execute(
            select(saturday_slot.c.id, saturday_slot.c.server_free)
            .where(saturday_slot.c.id.in_([row.slot_id for row in held]))
            .order_by(saturday_slot.c.id)
            .with_for_update()
        )
    }
    for share in held:
        conn.execute(
            update(saturday_slot)
            .where(saturday_slot.c.id == share.slot_id)
            .values(server_free=slots[share.slot_id].server_free + share.held)
        )
    conn.execute(
        update(slot_share)
        .where(slot_share.c.device_id == device_id, slot_share.c.held > 0)
        .values(held=0)
    )
    return sum(share.held for share in held)


class SlotFullError(ApiError):
    def __init__(self, alternatives: list[dict[str, Any]]) -> None:
        super().__init__(409, "slot_full")
        self.body = ErrorBody(
            error=reason("slot_full"),
            details=[f"{a['day']} {a['starts']}-{a['ends']} ({a['free']})" for a in alternatives],
        )


def book_through_channel(
    database: DistrictDatabase, client: ClientAuth, request: ChannelBookingRequest
) -> ChannelBooking:
    """Book one place the server holds (never a desk's share); it reaches the desks by pull."""
    from district.saturday_ledger import nearest_free_slots

    with database.write() as conn:
        earlier = conn.execute(
            select(channel_booking).where(channel_booking.c.request_id == request.request_id)
        ).one_or_none()
        if earlier is not None:
            if not _same_channel_request(database, conn, earlier, client, request):
                raise ApiError(409, "request_id_reused")
            return ChannelBooking(
                booking_id=earlier.booking_id,
                slot_id=earlier.slot_id,
                status=earlier.status,
                replayed=True,
            )
        slot = _lock_slot(conn, request.slot_id, None)
        if slot.server_free < 1:
            raise SlotFullError(nearest_free_slots(conn, slot.center_id, slot.day, slot.id))
        conn.execute(
            update(saturday_slot)
            .where(saturday_slot.c.id == slot.id)
            .values(server_free=slot.server_free - 1, booked=slot.booked + 1)
        )
        booking_id = uuid7()
        now = utcnow()
        conn.execute(
            insert(booking_state).values(
                id=booking_id,
                center_id=slot.center_id,
                slot_id=slot.id,
                status="confirmed",
                source="server",
                device_id=None,
            )
        )
        conn.execute(
            insert(channel_booking).values(
                request_id=request.request_id,
                client_id=client.client_id,
                booking_id=booking_id,
                slot_id=slot.id,
                status="confirmed",
                fingerprint=_channel_fingerprint(database, conn, slot.center_id, request),
            )
        )
        payload = {
            "id": booking_id,
            "center_id": slot.center_id,
            "slot_id": slot.id,
            "resident_id": None,
            "resident_name": request.resident_name,
            **center_keys.channel_phone(
                PiiVault(center_keys.data_key(database, conn, slot.center_id) or b""),
                request.phone,
            ),
            "note": request.note,
            "status": "confirmed",
            "from_share": False,
            "channel": client.name,
            "version": 1,
            "created_at": now.isoformat(),
            "updated_at": now.isoformat(),
        }
        feed.store(
            database,
            conn,
            [feed.server_row(slot.center_id, "booking", booking_id, "insert", 1, payload)],
        )
    return ChannelBooking(booking_id=booking_id, slot_id=slot.id, status="confirmed")


def _channel_fingerprint(
    database: DistrictDatabase, conn: Connection, center_id: str, request: ChannelBookingRequest
) -> str:
    key = center_keys.data_key(database, conn, center_id)
    parts = (request.slot_id, request.resident_name, request.phone, request.note)
    return center_keys.keyed_digest(key, *parts)


def _same_channel_request(
    database: DistrictDatabase,
    conn: Connection,
    earlier: Any,
    client: ClientAuth,
    request: ChannelBookingRequest,
) -> bool:
    """A retry of the same booking, not the request id used again for another one."""
    if earlier.client_id != client.client_id or earlier.slot_id != request.slot_id:
        return False
    if earlier.fingerprint is None:
        return True  # booked before fingerprints were kept
    center_id = conn.execute(
        select(saturday_slot.c.center_id).where(saturday_slot.c.id == earlier.slot_id)
    ).scalar_one()
    return bool(earlier.fingerprint == _channel_fingerprint(database, conn, center_id, request))
