"""Operator accounts of the district console and their sessions.

Roles (``operator.role``): ``district_admin`` (区级管理员: everything), ``dispatcher``
(街道派单员: the work orders of one street's centers), ``handler`` (部门承办人: the work
orders assigned to one department). What each role may do is :data:`PERMISSIONS`, the one
role matrix (mirrored in docs/architecture.md, walked by the isolation test).

Passwords are Argon2id hashes; five wrong passwords in a row lock the account for a
quarter of an hour. A session is a random token in an HttpOnly cookie, kept here only as
its SHA-256, with its own CSRF token; it ends after :data:`IDLE_MINUTES` without a request.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from db.ids import uuid7
from db.types import utcnow
from district import audit
from district.console_tables import department, operator, operator_session, street
from district.database import DistrictDatabase
from district.security import token_hash

ROLES = ("district_admin", "dispatcher", "handler")
PERMISSIONS: dict[str, frozenset[str]] = {
    "work_orders.view": frozenset(ROLES),
    "work_orders.assign": frozenset({"district_admin", "dispatcher"}),
    "work_orders.escalate": frozenset({"district_admin", "dispatcher"}),
    "work_orders.callback": frozenset({"district_admin", "dispatcher"}),
    "work_orders.handle": frozenset({"handler"}),  # 受理 / 处置 / 办结 / 退回
    "residents.reveal": frozenset({"district_admin", "dispatcher"}),
    "organisation.manage": frozenset({"district_admin"}),  # streets, centers, departments
    "operators.manage": frozenset({"district_admin"}),
    "desks.manage": frozenset({"district_admin"}),  # enrolment codes, revoking, monitoring
    "settings.manage": frozenset({"district_admin"}),  # deadlines, calendar, public URL
    "audit.view": frozenset({"district_admin"}),
}
"""Permission → the roles holding it."""

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
IDLE_MINUTES = 30
SEEN_EVERY = dt.timedelta(seconds=60)
MIN_PASSWORD = 8
USERNAME = re.compile(r"[A-Za-z0-9._-]{2,40}")


@dataclass(frozen=True)
class PasswordParams:
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2


PASSWORD_PARAMS = PasswordParams()


def _hasher() -> PasswordHasher:
    p = PASSWORD_PARAMS
    return PasswordHasher(
        time_cost=p.time_cost, memory_cost=p.memory_kib, parallelism=p.parallelism, type=Type.ID
    )


_DUMMY_HASH: dict[PasswordParams, str] = {}


def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so timing does not tell."""
    if PASSWORD_PARAMS not in _DUMMY_HASH:
        _DUMMY_HASH[PASSWORD_PARAMS] = _hasher().hash(secrets.token_hex(8))
    return _DUMMY_HASH[PASSWORD_PARAMS]


@dataclass(frozen=True)
class Operator:
    """The signed-in operator as every page and action checks it (loaded per request)."""

    id: str
    username: str
    display_name: str
    role: str
    street_id: str | None
    department_id: str | None
    street_name: str = ""
    department_name: str = ""

    def may(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]


class OperatorError(Exception):
    """A refused operator action; ``code`` names the words in the console's texts."""

    def __init__(self, code: str, field: str = "", **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params


def _check_new(
    conn: Connection,
    username: str,
    display_name: str,
    role: str,
    street_id: str | None,
    department_id: str | None,
    password: str,
) -> None:
    if (
        not username
        or len(username) > 40
        or not username.replace(".", "").replace("_", "").isalnum()
    ):
        raise OperatorError("operator.username_invalid", "username")
    if not display_name or len(display_name) > 40:
        raise OperatorError("field.required", "display_name")
    if role not in ROLES:
        raise OperatorError("operator.role_invalid", "role")
    if role == "dispatcher" and not (
        street_id and conn.execute(select(street.c.id).where(street.c.id == street_id)).first()
    ):
        raise OperatorError("operator.street_required", "street_id")
    if role == "handler" and not (
        department_id
        and conn.execute(select(department.c.id).where(department.c.id == department_id)).first()
    ):
        raise OperatorError("operator.department_required", "department_id")
    if len(password) < MIN_PASSWORD:
        raise OperatorError("operator.password_short", "password", min=MIN_PASSWORD)
    taken = conn.execute(select(operator.c.id).where(operator.c.username == username)).first()
    if taken:
        raise OperatorError("operator.username_taken", "username")


def create_operator(
    database: DistrictDatabase,
    username: str,
    display_name: str,
    role: str,
    password: str,
    street_id: str | None = None,
    department_id: str | None = None,
    origin: audit.Origin | None = None,
) -> str:
    username = username.strip()
    display_name = display_name.strip()
    street_id = street_id if role == "dispatcher" else None
    department_id = department_id if role == "handler" else None
    password_hash = _hasher().hash(password) if len(password) >= MIN_PASSWORD else ""
    with database.write() as conn:
        _check_new(conn, username, display_name, role, street_id, department_id, password)
        operator_id = uuid7()
        conn.execute(
            insert(operator).values(
                id=operator_id,
                username=username,
                display_name=display_name,
                role=role,
                street_id=street_id,
                department_id=department_id,
                password_hash=password_hash,
                active=True,
                failed_attempts=0,
                created_at=utcnow(),
            )
        )
        audit.record(
            conn,
            origin or audit.Origin(None, "command line", ""),
            "operator.create",
            operator_id,
            f"{username} ({role})",
        )
    return operator_id


def list_operators(database: DistrictDatabase) -> list[dict[str, Any]]:
    query = (
        select(
            operator.c.id,
            operator.c.username,
            operator.c.display_name,
            operator.c.role,
            operator.c.active,
            operator.c.locked_until,
            street.c.name.label("street_name"),
            department.c.name.label("department_name"),
        )
        .outerjoin(street, street.c.id == operator.c.street_id)
        .outerjoin(department, department.c.id == operator.c.department_id)
        .order_by(operator.c.role, operator.c.username)
    )
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def set_active(
    database: DistrictDatabase, operator_id: str, active: bool, origin: audit.Origin
) -> None:
    with database.write() as conn:
        row = conn.execute(select(operator).where(operator.c.id == operator_id)).one_or_none()
        if row is None:
            raise OperatorError("not_found")
        if not active and row.role == "district_admin" and _last_admin(conn, operator_id):
            raise OperatorError("operator.last_admin")
        conn.execute(
            update(operator)
            .where(operator.c.id == operator_id)
            .values(active=active, failed_attempts=0, locked_until=None)
        )
        if not active:
            _end_sessions(conn, operator_id)
        audit.record(
            conn,
            origin,
            "operator.enable" if active else "operator.disable",
            operator_id,
            row.username,
        )


def reset_password(
    database: DistrictDatabase, operator_id: str, password: str, origin: audit.Origin
) -> None:
    if len(password) < MIN_PASSWORD:
        raise OperatorError("operator.password_short", "password", min=MIN_PASSWORD)
    password_hash = _hasher().hash(password)
    with database.write() as conn:
        row = conn.execute(select(operator).where(operator.c.id == operator_id)).one_or_none()
        if row is None:
            raise OperatorError("not_found")
        conn.execute(
            update(operator)
            .where(operator.c.id == operator_id)
            .values(password_hash=password_hash, failed_attempts=0, locked_until=None)
        )
        _end_sessions(conn, operator_id)
        audit.record(conn, origin, "operator.password", operator_id, row.username)


def _last_admin(conn: Connection, operator_id: str) -> bool:
    others = conn.execute(
        select(operator.c.id).where(
            operator.c.role == "district_admin",
            operator.c.active.is_(True),
            operator.c.id != operator_id,
        )
    ).first()
    return others is None


def _end_sessions(conn: Connection, operator_id: str) -> None:
    conn.execute(
        update(operator_session)
        .where(operator_session.c.operator_id == operator_id, operator_session.c.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


@dataclass(frozen=True)
class Session:
    token: str  # the cookie's value (only its hash is stored)
    csrf_token: str
    operator: Operator


def sign_in(database: DistrictDatabase, username: str, password: str, address: str) -> Session:
    """Check the password (Argon2id), count failures, lock after :data:`MAX_FAILURES`;
    a new session on success. Every attempt is audited."""
    now = utcnow()
    username = username.strip()
    with database.read() as conn:
        row = conn.execute(select(operator).where(operator.c.username == username)).one_or_none()
    origin = audit.Origin(row.id if row else None, username[:40], address)
    if row is not None and row.locked_until is not None and row.locked_until > now:
        with database.write() as conn:
            audit.record(conn, origin, "sign_in.locked", row.id)
        minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
        raise OperatorError("sign_in.locked", minutes=minutes)
    good = _verify(row.password_hash if row is not None else _dummy_hash(), password)
    if row is None or not good or not row.active:
        with database.write() as conn:
            if row is not None and row.active and not good:
                failures = row.failed_attempts + 1
                locked_until = now + LOCKOUT if failures >= MAX_FAILURES else None
                conn.execute(
                    update(operator)
                    .where(operator.c.id == row.id)
                    .values(
                        failed_attempts=0 if locked_until else failures, locked_until=locked_until
                    )
                )
            audit.record(conn, origin, "sign_in.failed", row.id if row else "")
        raise OperatorError("sign_in.failed")
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with database.write() as conn:
        conn.execute(
            update(operator)
            .where(operator.c.id == row.id)
            .values(failed_attempts=0, locked_until=None)
        )
        conn.execute(
            insert(operator_session).values(
                token_hash=token_hash(token),
                operator_id=row.id,
                csrf_token=csrf,
                created_at=now,
                last_seen_at=now,
                address=address[:64],
            )
        )
        audit.record(conn, origin, "sign_in", row.id)
        found = _load(conn, row.id)
    assert found is not None
    return Session(token, csrf, found)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _load(conn: Connection, operator_id: str) -> Operator | None:
    row = conn.execute(
        select(
            operator,
            street.c.name.label("street_name"),
            department.c.name.label("department_name"),
        )
        .outerjoin(street, street.c.id == operator.c.street_id)
        .outerjoin(department, department.c.id == operator.c.department_id)
        .where(operator.c.id == operator_id, operator.c.active.is_(True))
    ).one_or_none()
    if row is None:
        return None
    return Operator(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        street_id=row.street_id,
        department_id=row.department_id,
        street_name=row.street_name or "",
        department_name=row.department_name or "",
    )


def resume(database: DistrictDatabase, token: str) -> Session | None:
    """The session of a cookie, if it is live: not ended, not idle for too long, its
    operator still switched on. Requests move its idle clock (written at most once a
    minute, so most pages cost a read only)."""
    if not token or len(token) > 100:
        return None
    now = utcnow()
    hashed = token_hash(token)
    with database.read() as conn:
        row = conn.execute(
            select(operator_session).where(operator_session.c.token_hash == hashed)
        ).one_or_none()
        found = None if row is None else _load(conn, row.operator_id)
    if row is None or row.ended_at is not None or found is None:
        return None
    idle = now - row.last_seen_at
    if idle > dt.timedelta(minutes=IDLE_MINUTES):
        with database.write() as conn:
            conn.execute(
                update(operator_session)
                .where(operator_session.c.token_hash == hashed)
                .values(ended_at=now)
            )
        return None
    if idle > SEEN_EVERY:
        with database.write() as conn:
            conn.execute(
                update(operator_session)
                .where(operator_session.c.token_hash == hashed)
                .values(last_seen_at=now)
            )
    return Session(token, row.csrf_token, found)


def sign_out(database: DistrictDatabase, session: Session, address: str) -> None:
    with database.write() as conn:
        conn.execute(
            update(operator_session)
            .where(operator_session.c.token_hash == token_hash(session.token))
            .values(ended_at=utcnow())
        )
        origin = audit.Origin(session.operator.id, session.operator.username, address)
        audit.record(conn, origin, "sign_out", session.operator.id)
