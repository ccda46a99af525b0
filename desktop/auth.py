"""Local staff accounts: Argon2id password hashes, offline sign-in, roles.

CONTRACT — signatures are fixed.

* Passwords are hashed with Argon2id using the memory-hard parameters in
  :data:`PASSWORD_PARAMS` (64 MiB, 3 passes by default). A hash made with other parameters
  is re-made on the next successful sign-in, so raising the parameters upgrades every
  account over time. Tests lower the parameters (monkeypatch) to stay fast.
* Sign-in needs nothing but the local database, so it works offline.
* Lock-out: after :data:`MAX_FAILED_IN_A_ROW` failed sign-ins in a row an account is locked
  for :data:`LOCK_SECONDS`. The count is kept in the database, read from the audit log
  (``sign_in`` / ``sign_in_failed`` / ``sign_in_locked`` events of the account), not in
  memory: restarting the app or opening a second window does not reset it, and the events
  that make the count are the same ones staff can review. A successful sign-in or a lock
  starts a new count.
* A sign-in is a session (:mod:`desktop.staff_sessions`) opened in the same transaction as
  its audit event; the identity returned carries its secret, and every check finds the
  session by it. :func:`sign_out` ends it; switching an account off or resetting its
  password ends that account's sessions (its next action is refused and the desk locks).
  Signing in at the idle lock as the staff member it holds continues that session; as
  anyone else, it ends that session and opens a new one.
* Inactive or tombstoned accounts cannot sign in. A wrong password says how many attempts
  are left before the lock (so nobody locks themselves out by surprise); an unknown name
  gets the plain "wrong name or password" message and costs the same hashing work.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import AuditEvent, Staff
from desktop import access, staff_sessions
from desktop.context import ROLES, DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import Message, UserError, ValidationError


@dataclass(frozen=True)
class PasswordParams:
    """Argon2id cost parameters; ``memory_kib`` is the memory each hash needs."""

    time_cost: int
    memory_kib: int
    parallelism: int


PASSWORD_PARAMS = PasswordParams(time_cost=3, memory_kib=64 * 1024, parallelism=2)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MAX_FAILED_IN_A_ROW = 5
LOCK_SECONDS = 60
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")

SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_IN_LOCKED = "sign_in_locked"
STAFF_CREATED = "staff_created"
STAFF_DEACTIVATED = "staff_deactivated"
STAFF_REACTIVATED = "staff_reactivated"
PASSWORD_RESET = "password_reset"


def _hasher() -> PasswordHasher:
    params = PASSWORD_PARAMS
    return PasswordHasher(
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def normalize_username(username: str) -> str:
    return username.strip().lower()


def identity(staff: Staff, session_token: str = "") -> StaffIdentity:
    """The staff row as the screens hold it; with ``session_token`` only from a sign-in."""
    return StaffIdentity(staff.id, staff.username, staff.display_name, staff.role, session_token)


def _find_staff(session: Session, center_id: str, username: str) -> Staff | None:
    return session.scalars(
        select(Staff).where(Staff.center_id == center_id, Staff.username == username)
    ).one_or_none()


def _lock_state(
    session: Session, center_id: str, staff_id: str, now: dt.datetime
) -> tuple[int, float]:
    """(failed sign-ins in a row, seconds the account stays locked) from the audit log."""
    events = session.execute(
        select(AuditEvent.action, AuditEvent.at)
        .where(
            AuditEvent.center_id == center_id,
            AuditEvent.entity == "staff",
            AuditEvent.entity_id == staff_id,
            AuditEvent.action.in_((SIGN_IN, SIGN_IN_FAILED, SIGN_IN_LOCKED)),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(MAX_FAILED_IN_A_ROW)
    ).all()
    if events and events[0].action == SIGN_IN_LOCKED:
        remaining = LOCK_SECONDS - (now - events[0].at).total_seconds()
        return 0, max(remaining, 0.0)
    failed = 0
    for event in events:
        if event.action != SIGN_IN_FAILED:
            break
        failed += 1
    return failed, 0.0


def _audit(session: Session, ctx: DeskContext, staff_id: str | None, action: str) -> None:
    session.add(
        AuditEvent(
            center_id=ctx.center_id,
            staff_id=staff_id,
            action=action,
            entity="staff",
            entity_id=staff_id or "",
            at=ctx.now(),
        )
    )


@maps_database_errors
def sign_in(
    ctx: DeskContext, username: str, password: str, *, replacing: StaffIdentity | None = None
) -> StaffIdentity:
    """Raise :class:`desktop.errors.UserError` (``auth.*`` codes) on failure or lock-out.

    ``replacing`` is the sign-in the idle lock holds: signing in as its staff member
    continues it (the same identity comes back, while it is open); anyone else ends it."""
    name = normalize_username(username)
    if not name or not password:
        raise UserError("auth.missing")
    with ctx.db.read() as session:
        staff = _find_staff(session, ctx.center_id, name)
        if staff is not None and staff.is_deleted:
            staff = None
        if staff is not None:
            _, locked_for = _lock_state(session, ctx.center_id, staff.id, ctx.now())
            if locked_for > 0:
                raise UserError("auth.locked", seconds=math.ceil(locked_for))
    if staff is None:
        _verify(_DUMMY_HASH.value, password)  # same work as a real check
        with ctx.db.write() as session:
            _audit(session, ctx, None, SIGN_IN_FAILED)
        raise UserError("auth.failed")
    if not _verify(staff.password_hash, password):
        _record_failure(ctx, staff.id)
    if not staff.active:
        raise UserError("auth.inactive")
    with ctx.db.write() as session:
        current = session.get_one(Staff, staff.id)
        if _hasher().check_needs_rehash(current.password_hash):
            current.password_hash = hash_password(password)
        _audit(session, ctx, staff.id, SIGN_IN)
        now = ctx.now()
        if replacing is not None:
            held = staff_sessions.find_open(session, replacing.id, replacing.session_token)
            if held is not None and replacing.id == current.id:
                held.last_seen_at = now
                return identity(current, replacing.session_token)
            if held is not None:
                held.ended_at, held.ended_why = now, staff_sessions.REPLACED
        return identity(current, staff_sessions.open_session(session, current.id, now))


@maps_database_errors
def sign_out(ctx: DeskContext, staff: StaffIdentity, why: str = staff_sessions.SIGNED_OUT) -> None:
    """End the sign-in of ``staff`` (if it is still open): its identity is refused from now
    on. ``why``: :data:`desktop.staff_sessions.SIGNED_OUT` or ``CLOSED`` (the desk closed)."""
    with ctx.db.write() as session:
        row = staff_sessions.find(session, staff.session_token)
        if row is not None and row.staff_id == staff.id:
            staff_sessions.end(session, staff.session_token, why, ctx.now())


def _record_failure(ctx: DeskContext, staff_id: str) -> None:
    with ctx.db.write() as session:
        failed, _ = _lock_state(session, ctx.center_id, staff_id, ctx.now())
        _audit(session, ctx, staff_id, SIGN_IN_FAILED)
        failed += 1
        if failed >= MAX_FAILED_IN_A_ROW:
            session.flush()
            _audit(session, ctx, staff_id, SIGN_IN_LOCKED)
    if failed >= MAX_FAILED_IN_A_ROW:
        raise UserError("auth.locked", seconds=LOCK_SECONDS)
    raise UserError("auth.failed_attempts_left", left=MAX_FAILED_IN_A_ROW - failed)


class _DummyHash:
    """A hash to verify against for unknown names, made once with the current parameters."""

    def __init__(self) -> None:
        self._cache: tuple[PasswordParams, str] | None = None

    @property
    def value(self) -> str:
        if self._cache is None or self._cache[0] != PASSWORD_PARAMS:
            self._cache = (PASSWORD_PARAMS, hash_password("not a password"))
        return self._cache[1]


_DUMMY_HASH = _DummyHash()


def validate_account(
    username: str, display_name: str, role: str, password: str
) -> dict[str, Message]:
    """Field errors of a new account (empty when it is fine)."""
    errors: dict[str, Message] = {}
    name = normalize_username(username)
    if not name:
        errors["username"] = Message("field.required")
    elif not USERNAME_PATTERN.match(name):
        errors["username"] = Message("auth.username_format")
    shown = display_name.strip()
    if not shown:
        errors["display_name"] = Message("field.required")
    elif len(shown) > 40:
        errors["display_name"] = Message("field.too_long", {"max": 40, "length": len(shown)})
    if role not in ROLES:
        errors["role"] = Message("auth.role_unknown")
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = Message("auth.password_too_short", {"min": MIN_PASSWORD_LENGTH})
    elif len(password) > MAX_PASSWORD_LENGTH:
        errors["password"] = Message(
            "field.too_long", {"max": MAX_PASSWORD_LENGTH, "length": len(password)}
        )
    return errors


def add_staff(
    session: Session,
    center_id: str,
    username: str,
    display_name: str,
    role: str,
    password_hash: str,
) -> Staff:
    """Insert an account in the caller's transaction (validated and hashed beforehand)."""
    name = normalize_username(username)
    if _find_staff(session, center_id, name) is not None:
        raise ValidationError({"username": Message("auth.username_taken", {"username": name})})
    staff = Staff(
        center_id=center_id,
        username=name,
        display_name=display_name.strip(),
        role=role,
        password_hash=password_hash,
    )
    session.add(staff)
    session.flush()
    return staff


@maps_database_errors
@access.guarded("staff.manage")
def create_staff(
    ctx: DeskContext,
    actor: StaffIdentity | None,
    username: str,
    display_name: str,
    role: str,
    password: str,
) -> StaffIdentity:
    """Only a center admin (or first-run set-up, ``actor=None``, while the center has no
    account yet) creates accounts."""
    if actor is not None:
        access.check(ctx, actor, "staff.manage")
    errors = validate_account(username, display_name, role, password)
    if errors:
        raise ValidationError(errors)
    password_hash = hash_password(password)
    with ctx.db.write() as session:
        if actor is None:
            if _count_staff(session, ctx.center_id) > 0:
                raise UserError("auth.admin_only")
        else:
            access.require(session, ctx, actor, "staff.manage")
        staff = add_staff(session, ctx.center_id, username, display_name, role, password_hash)
        session.add(
            AuditEvent(
                center_id=ctx.center_id,
                staff_id=None if actor is None else actor.id,
                action=STAFF_CREATED,
                entity="staff",
                entity_id=staff.id,
                at=ctx.now(),
            )
        )
        return identity(staff)


def _count_staff(session: Session, center_id: str) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Staff)
            .where(Staff.center_id == center_id, Staff.deleted_at.is_(None))
        )
        or 0
    )


@maps_database_errors
def list_staff(ctx: DeskContext) -> list[StaffIdentity]:
    """Active accounts of the center, by display name."""
    with ctx.db.read() as session:
        rows = session.scalars(
            select(Staff)
            .where(
                Staff.center_id == ctx.center_id,
                Staff.active.is_(True),
                Staff.deleted_at.is_(None),
            )
            .order_by(Staff.display_name, Staff.username)
        ).all()
        return [identity(staff) for staff in rows]


@dataclass(frozen=True)
class Account:
    """A staff account as the admin's account list shows it."""

    id: str
    username: str
    display_name: str
    role: str
    active: bool


@maps_database_errors
@access.guarded("staff.manage")
def list_accounts(ctx: DeskContext, actor: StaffIdentity) -> list[Account]:
    """Every account of the center, switched-off ones included, by display name."""
    with ctx.db.read() as session:
        access.require(session, ctx, actor, "staff.manage")
        rows = session.scalars(
            select(Staff)
            .where(Staff.center_id == ctx.center_id, Staff.deleted_at.is_(None))
            .order_by(Staff.active.desc(), Staff.display_name, Staff.username)
        ).all()
        return [Account(s.id, s.username, s.display_name, s.role, s.active) for s in rows]


def _account(session: Session, ctx: DeskContext, actor: StaffIdentity, staff_id: str) -> Staff:
    access.require(session, ctx, actor, "staff.manage")
    staff = session.get(Staff, staff_id)
    if staff is None or staff.center_id != ctx.center_id or staff.is_deleted:
        raise UserError("auth.account_unknown")
    return staff


def _active_admins(session: Session, center_id: str) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(Staff)
        .where(
            Staff.center_id == center_id,
            Staff.role == "center_admin",
            Staff.active.is_(True),
            Staff.deleted_at.is_(None),
        )
    )
    return int(count or 0)


def _admin_audit(
    session: Session, ctx: DeskContext, actor: StaffIdentity, staff: Staff, action: str
) -> None:
    session.add(
        AuditEvent(
            center_id=ctx.center_id,
            staff_id=actor.id,
            action=action,
            entity="staff",
            entity_id=staff.id,
            at=ctx.now(),
        )
    )


@maps_database_errors
@access.guarded("staff.manage")
def set_active(ctx: DeskContext, actor: StaffIdentity, staff_id: str, active: bool) -> None:
    """Switch an account off (it can no longer sign in; its records stay) or on again.

    The last active center admin cannot be switched off: someone must be able to manage
    the desk.
    """
    with ctx.db.write() as session:
        staff = _account(session, ctx, actor, staff_id)
        if staff.active == active:
            return
        if (
            not active
            and staff.role == "center_admin"
            and _active_admins(session, ctx.center_id) <= 1
        ):
            raise UserError("auth.last_admin")
        staff.active = active
        _admin_audit(session, ctx, actor, staff, STAFF_REACTIVATED if active else STAFF_DEACTIVATED)
        if not active:  # signed in anywhere on this desk: refused at its next action
            staff_sessions.end_all_of(session, staff.id, staff_sessions.SWITCHED_OFF, ctx.now())


@maps_database_errors
@access.guarded("staff.manage")
def reset_password(ctx: DeskContext, actor: StaffIdentity, staff_id: str, password: str) -> None:
    """A center admin sets a new password for an account (a forgotten one, a new colleague)."""
    access.check(ctx, actor, "staff.manage")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            {"password": Message("auth.password_too_short", {"min": MIN_PASSWORD_LENGTH})}
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(
            {
                "password": Message(
                    "field.too_long", {"max": MAX_PASSWORD_LENGTH, "length": len(password)}
                )
            }
        )
    password_hash = hash_password(password)
    with ctx.db.write() as session:
        staff = _account(session, ctx, actor, staff_id)
        staff.password_hash = password_hash
        _admin_audit(session, ctx, actor, staff, PASSWORD_RESET)
        staff_sessions.end_all_of(  # whoever knew the old password is signed out
            session,
            staff.id,
            staff_sessions.PASSWORD_RESET,
            ctx.now(),
            keep=actor.session_token,  # an admin resetting its own keeps working
        )
