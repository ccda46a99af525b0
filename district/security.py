"""Tokens: 32 random bytes shown once, stored only as their SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import NoReturn

from fastapi import Request
from sqlalchemy import Connection, select

from district.database import DistrictDatabase
from district.errors import ApiError
from district.tables import api_client, device

ENROLMENT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrolment_code() -> str:
    """12 characters without look-alikes (0/O, 1/I), grouped for reading aloud."""
    raw = "".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class DeviceAuth:
    device_id: str
    center_id: str


@dataclass(frozen=True)
class ClientAuth:
    client_id: str
    name: str
    role: str


def bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "token_missing", headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def refuse_token(conn: Connection, hashed: str, revoked: bool = False) -> NoReturn:
    """The answer to a token this endpoint does not take: 403 ``not_allowed`` when it is a
    live token of another kind (a desk's on an operator endpoint, an operator's at a desk
    endpoint: the token is good, keep it), else 401 ``token_invalid`` (enrol again)."""
    if not revoked:
        live_device = conn.execute(
            select(device.c.id).where(device.c.token_hash == hashed, device.c.revoked_at.is_(None))
        ).first()
        live_client = conn.execute(
            select(api_client.c.id).where(
                api_client.c.token_hash == hashed, api_client.c.revoked_at.is_(None)
            )
        ).first()
        if live_device is not None or live_client is not None:
            raise ApiError(403, "not_allowed")
    raise ApiError(401, "token_invalid", headers={"WWW-Authenticate": "Bearer"})


def authenticate_device(database: DistrictDatabase, token: str) -> DeviceAuth:
    hashed = token_hash(token)
    with database.read() as conn:
        row = conn.execute(
            select(device.c.id, device.c.center_id, device.c.revoked_at).where(
                device.c.token_hash == hashed
            )
        ).one_or_none()
        if row is None or row.revoked_at is not None:
            refuse_token(conn, hashed, revoked=row is not None)
    return DeviceAuth(row.id, row.center_id)


def authenticate_client(database: DistrictDatabase, token: str, role: str) -> ClientAuth:
    hashed = token_hash(token)
    with database.read() as conn:
        row = conn.execute(
            select(
                api_client.c.id, api_client.c.name, api_client.c.role, api_client.c.revoked_at
            ).where(api_client.c.token_hash == hashed)
        ).one_or_none()
        if row is None or row.revoked_at is not None:
            refuse_token(conn, hashed, revoked=row is not None)
    if row.role != role:
        raise ApiError(403, "not_allowed")
    return ClientAuth(row.id, row.name, row.role)
