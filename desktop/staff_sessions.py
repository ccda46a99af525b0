"""Sign-ins as rows: each one has a random secret that the desk holds in memory only.

Signing in (``desktop.auth``) opens a :class:`~db.models.StaffSession` in the same
transaction as its audit event and hands the secret back inside the
:class:`~desktop.context.StaffIdentity`. Every check (``desktop.access.require``) finds the
session by the secret's SHA-256 and refuses one that is missing, of another staff member or
ended. A session ends when its staff member signs out, when another staff member signs in
at the idle lock, when its account is switched off or its password reset (here, or on
another desk or at the district: :func:`new_passwords` finds such a reset among pulled rows),
when the desk is closed, and at a later start when the desk process holding it ended
without closing (:mod:`desktop.running_desks`).

Every function here runs inside a transaction its caller opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Staff, StaffSession

TOKEN_BYTES = 32  # 256 random bits
SEEN_EVERY = dt.timedelta(minutes=1)
"""``last_seen_at`` moves on with a change made in the session, at most once a minute (a
read never writes)."""

SIGNED_OUT = "signed_out"
REPLACED = "replaced"
SWITCHED_OFF = "switched_off"
PASSWORD_RESET = "password_reset"
CLOSED = "closed"
LEFT_OPEN = "left_open"
"""Ended at a later start: the desk process that held it had ended without closing (a
crash), see :mod:`desktop.running_desks`."""
ENDINGS = (SIGNED_OUT, REPLACED, SWITCHED_OFF, PASSWORD_RESET, CLOSED, LEFT_OPEN)


def secret_hash(token: str) -> str:
    """What the table keeps of a session's secret."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def open_session(session: Session, staff_id: str, now: dt.datetime) -> str:
    """Start a session for ``staff_id``; returns its secret (the only copy)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        StaffSession(
            secret_hash=secret_hash(token),
            staff_id=staff_id,
            started_at=now,
            last_seen_at=now,
        )
    )
    return token


def find_open(session: Session, staff_id: str, token: str) -> StaffSession | None:
    """The session of ``token`` if it belongs to ``staff_id`` and has not ended."""
    if not token:
        return None
    row = session.get(StaffSession, secret_hash(token))
    if row is None or row.staff_id != staff_id or row.ended_at is not None:
        return None
    return row


def find(session: Session, token: str) -> StaffSession | None:
    """The session of ``token``, ended or not."""
    return session.get(StaffSession, secret_hash(token)) if token else None


def seen(row: StaffSession, now: dt.datetime) -> None:
    """Note that the session was used now (in a write transaction)."""
    if now - row.last_seen_at >= SEEN_EVERY:
        row.last_seen_at = now


def end(session: Session, token: str, why: str, now: dt.datetime) -> bool:
    """End the session of ``token`` if it is open; says whether it was."""
    if why not in ENDINGS:
        raise ValueError(f"unknown ending {why!r}")
    row = find(session, token)
    if row is None or row.ended_at is not None:
        return False
    row.ended_at = now
    row.ended_why = why
    return True


def end_all_of(
    session: Session, staff_id: str, why: str, now: dt.datetime, *, keep: str = ""
) -> int:
    """End every open session of ``staff_id`` (but the one of ``keep``); returns how many."""
    if why not in ENDINGS:
        raise ValueError(f"unknown ending {why!r}")
    statement = (
        update(StaffSession)
        .where(StaffSession.staff_id == staff_id, StaffSession.ended_at.is_(None))
        .values(ended_at=now, ended_why=why)
        .execution_options(synchronize_session=False)
    )
    if keep:
        statement = statement.where(StaffSession.secret_hash != secret_hash(keep))
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


def _hashing(password_hash: str) -> str:
    """An argon2 hash's algorithm, version and cost (``$argon2id$v=19$m=…,t=…,p=…``),
    without its salt and digest."""
    return "$".join(password_hash.split("$")[:4])


def new_passwords(session: Session, pulled: Iterable[Mapping[str, Any]]) -> list[str]:
    """The staff whose pulled row (about to be written over the one held here) carries a
    password set anew: another hash at the same hashing cost. A sign-in on another desk that
    rehashed the same password with a newer cost changes the cost: not a reset."""
    given = {row["id"]: row["password_hash"] for row in pulled if row.get("password_hash")}
    if not given:
        return []
    held = session.execute(
        select(Staff.id, Staff.password_hash).where(Staff.id.in_(list(given)))
    ).all()
    return [
        staff_id
        for staff_id, password_hash in held
        if given[staff_id] != password_hash and _hashing(given[staff_id]) == _hashing(password_hash)
    ]
