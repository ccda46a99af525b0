"""Enrolment and handshake: how a desk gets and proves its identity."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from db.ids import uuid7
from db.types import utcnow
from district import center_keys, feed
from district.database import DistrictDatabase
from district.errors import ApiError
from district.security import DeviceAuth, new_token, normalise_code, token_hash
from district.tables import center, device, enrolment_code
from protocol import (
    MIN_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    EnrolRequest,
    EnrolResponse,
    HandshakeRequest,
    HandshakeResponse,
    Recovery,
    reason,
)


def enrol(database: DistrictDatabase, request: EnrolRequest) -> EnrolResponse:
    """Trade a one-time code for a device token bound to the code's center."""
    now = utcnow()
    with database.write() as conn:
        code = conn.execute(
            select(enrolment_code)
            .where(enrolment_code.c.code_hash == token_hash(normalise_code(request.code)))
            .with_for_update()
        ).one_or_none()
        if code is None or code.used_at is not None or code.expires_at <= now:
            raise ApiError(403, "enrolment_code_invalid")
        desk_number = _free_desk_number(conn, code.center_id)
        token = new_token()
        device_id = uuid7()
        conn.execute(
            insert(device).values(
                id=device_id,
                center_id=code.center_id,
                name=request.device_name,
                token_hash=token_hash(token),
                last_seq=0,
                created_at=now,
                desk_number=desk_number,
            )
        )
        conn.execute(
            update(enrolment_code)
            .where(enrolment_code.c.id == code.id)
            .values(used_at=now, device_id=device_id)
        )
        found = conn.execute(
            select(center.c.name, center.c.data_key).where(center.c.id == code.center_id)
        ).one()
    return EnrolResponse(
        device_id=device_id,
        center_id=code.center_id,
        center_name=found.name,
        token=token,
        center_data_key=center_keys.key_text(
            database.master_key().unwrap(code.center_id, found.data_key)
        ),
        desk_number=desk_number,
    )


DESK_NUMBERS = range(1, 10)


def _free_desk_number(conn: Any, center_id: str) -> int:
    """The lowest desk number no active device of the center has.

    The center's row is locked first, so two desks enrolling at once never get the same
    number; with all nine taken the enrolment is refused (409 ``desk_numbers_used_up``)
    and the code stays unused, never a number another active desk has."""
    conn.execute(select(center.c.id).where(center.c.id == center_id).with_for_update())
    taken = set(
        conn.execute(
            select(device.c.desk_number).where(
                device.c.center_id == center_id, device.c.revoked_at.is_(None)
            )
        ).scalars()
    )
    free = next((n for n in DESK_NUMBERS if n not in taken), None)
    if free is None:
        raise ApiError(409, "desk_numbers_used_up", count=len(DESK_NUMBERS))
    return free


def handshake(
    database: DistrictDatabase, auth: DeviceAuth, request: HandshakeRequest
) -> HandshakeResponse:
    if request.protocol_version < MIN_PROTOCOL_VERSION:
        raise ApiError(426, "protocol_too_old", recovery=Recovery(action="upgrade"))
    if request.protocol_version > PROTOCOL_VERSION:
        raise ApiError(426, "protocol_too_new")
    with database.write() as conn:
        last_seq = conn.execute(
            select(device.c.last_seq).where(device.c.id == auth.device_id)
        ).scalar_one()
        conn.execute(
            update(device).where(device.c.id == auth.device_id).values(last_seen_at=utcnow())
        )
        cursor = feed.newest_seq(conn)
    advice = None
    recovery = None
    if request.last_acked_seq > last_seq:
        advice = reason("sequence_gap", resend_from=last_seq + 1)
        recovery = Recovery(action="resend_from", resend_from_seq=last_seq + 1)
    elif request.last_seq < last_seq:
        advice = reason("sequence_reused", continue_after=last_seq)
        recovery = Recovery(action="renumber_and_repull", continue_after_seq=last_seq, pull_after=0)
    return HandshakeResponse(
        compatible=True,
        protocol_version=PROTOCOL_VERSION,
        min_protocol_version=MIN_PROTOCOL_VERSION,
        center_id=auth.center_id,
        device_id=auth.device_id,
        server_last_seq=last_seq,
        server_cursor=cursor,
        reason=advice,
        recovery=recovery,
    )
