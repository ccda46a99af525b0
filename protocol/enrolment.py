"""Enrolment (a one-time code traded for a device token) and the handshake."""

from __future__ import annotations

from pydantic import Field

from protocol.common import Message, Reason, Recovery
from protocol.storable import Inbound


class EnrolRequest(Inbound):
    code: str = Field(min_length=6, max_length=64, description="One-time enrolment code")
    device_name: str = Field(min_length=1, max_length=80, examples=["前台 1"])


class EnrolResponse(Message):
    device_id: str
    center_id: str
    center_name: str
    token: str = Field(description="Device token; keep it in the OS keyring, never in a file")
    center_data_key: str = Field(
        description=(
            "The key the center's desks share for personal data (base64, 32 bytes): phones "
            "and ID numbers one desk records are readable and searchable at the others. "
            "Keep it with the desk's own data key, never in a plain file where a keyring works"
        )
    )
    desk_number: int = Field(
        ge=1,
        le=9,
        description="This desk's number in its center: its block of queue numbers and the "
        "stem of its booking numbers, so the center's desks never hand out the same number",
    )


class HandshakeRequest(Inbound):
    protocol_version: int = Field(ge=1, le=1_000_000)
    schema_version: str = Field(
        max_length=200, description="The desk database's Alembic heads, '+'-joined"
    )
    app_version: str = Field(max_length=40)
    last_seq: int = Field(
        default=0, ge=0, le=2**62, description="The highest desk sequence the desk has made"
    )
    last_acked_seq: int = Field(
        default=0, ge=0, le=2**62, description="The highest desk sequence the server confirmed"
    )


class HandshakeResponse(Message):
    compatible: bool
    protocol_version: int
    min_protocol_version: int
    center_id: str
    device_id: str
    server_last_seq: int = Field(description="The highest desk sequence the server holds")
    server_cursor: int = Field(description="The newest server sequence")
    reason: Reason | None = None
    recovery: Recovery | None = None
