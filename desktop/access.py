"""Who may do what at the desk: one role matrix, checked against the database every time.

Every service function that reads personal data or changes anything takes the signed-in
staff member and, inside its own transaction, calls :func:`require` with its action. That
loads the staff row now (not the identity the screen holds in memory) and refuses unless
the row exists in this center, is not deleted, is switched on, the identity's sign-in
(``desktop.staff_sessions``: found by the secret only a real sign-in hands out) is open and
belongs to that staff member, and its role — the role in the database, never the one the
caller claims — is allowed the action in :data:`MATRIX`.

A refusal is an :class:`AccessRefused` (a :class:`~desktop.errors.UserError` with words
from the catalog). When the account itself is gone or switched off, or the sign-in is not
(or no longer) open, the refusal also ends the session on screen: every callback given to
:func:`on_session_ended` is called with the identity and the refusal's code (the main
window locks itself when it is the one it holds), so a switched-off account is signed out
at its next action.

:func:`guarded` marks a service function with its action; ``tests/unit/test_access_walk``
walks every public function of the desk's services and fails for one that is neither
guarded nor listed in :data:`UNGUARDED` with the reason it needs no check.
``docs/access.md`` mirrors this matrix; a test keeps them equal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from db.models import Staff
from desktop import staff_sessions
from desktop.context import ROLES, DeskContext, StaffIdentity
from desktop.errors import Message, UserError

ADMIN = frozenset({"center_admin"})
EVERYONE = frozenset(ROLES)

# action: roles allowed. Front desk and on duty share the daily work; a center admin
# does everything, and alone manages accounts, set-up, backups and the connection.
MATRIX: dict[str, frozenset[str]] = {
    "staff.manage": ADMIN,
    "resident.read": EVERYONE,
    "resident.write": EVERYONE,
    "resident.reveal": EVERYONE,
    "visit.read": EVERYONE,
    "visit.register": EVERYONE,
    "visit.serve": EVERYONE,
    "saturday.read": EVERYONE,
    "saturday.book": EVERYONE,
    "saturday.arrival": EVERYONE,
    "saturday.setup": ADMIN,
    "slip.print": EVERYONE,
    "statistics.read": EVERYONE,
    "ledger.unmasked": ADMIN,
    "settings.desk": EVERYONE,
    "settings.admin": ADMIN,
    "backup.manage": ADMIN,
    "sync.inbox": EVERYONE,
    "sync.connect": ADMIN,
}

# Public functions of the desk's services that take no staff check, and why.
_SELF = "the check itself"
_SYSTEM = "the desk's own background work, whoever is signed in; no staff decision"
_NO_PERSONAL_DATA = "reads no personal data and changes nothing"
_INSIDE = "runs inside a function that checked first"
UNGUARDED: dict[str, str] = {
    "desktop.access.check": _SELF,
    "desktop.backup.admin.require_admin": _SELF,
    "desktop.saturday.setup.require_admin": _SELF,
    "desktop.auth.sign_in": "signing in is how a staff member becomes known",
    "desktop.auth.sign_out": "ends the caller's own sign-in, found by its secret: anyone may",
    "desktop.running_desks.end_left_open": "start-up, before anyone signs in: ends sign-ins "
    "no running desk process holds",
    "desktop.auth.list_staff": "colleagues' names and roles only: no resident data",
    "desktop.staff_clashes.list_clashes": "colleagues' account names only: no resident data",
    "desktop.backup.admin.backup_policy": _NO_PERSONAL_DATA,
    "desktop.backup.admin.sheet_missing": _NO_PERSONAL_DATA,
    "desktop.backup.service.backup_due": _NO_PERSONAL_DATA,
    "desktop.backup.service.backup_status": _NO_PERSONAL_DATA,
    "desktop.backup.service.run_backup": "the desk's own safety copy (timer, sign-out, exit)",
    "desktop.backup.service.run_backup_if_changed": "the desk's own safety copy",
    "desktop.catalog.list_service_items": _NO_PERSONAL_DATA,
    "desktop.catalog.get_service_item": _NO_PERSONAL_DATA,
    "desktop.center_info.center_name": _NO_PERSONAL_DATA,
    "desktop.saturday.demo.ensure_saturdays": "fills the demo center (--demo) only",
    "desktop.saturday.roster.on_duty_names": "colleagues' names only: no resident data",
    "desktop.saturday.roster.on_duty_ids": "colleagues' ids only: no resident data",
    "desktop.saturday.setup.get_setup": _NO_PERSONAL_DATA,
    "desktop.saturday.views.slot_start": _NO_PERSONAL_DATA,
    "desktop.self_check.render_sample_slip": "the installation self-check: sample data only",
    "desktop.self_check.write_sample_ledger": "the installation self-check: sample data only",
    "desktop.slips.service.slip_options": _NO_PERSONAL_DATA,
    "desktop.slips.print_setup.print_setup": _NO_PERSONAL_DATA,
    "desktop.slips.print_setup.test_page": "a sample page: no personal data, nothing kept",
    "desktop.slips.service.center_header": _NO_PERSONAL_DATA,
    "desktop.slips.service.prepare_slip": _INSIDE,
    "desktop.slips.service.prepare_document": _INSIDE,
    "desktop.sync.adopt.needs_adoption": _SYSTEM,
    "desktop.sync.adopt.adopt_center": "part of connecting, which checked sync.connect",
    "desktop.sync.adopt.resume_adoption": _SYSTEM,
    "desktop.sync.adopt.finish_adoption": _SYSTEM,
    "desktop.sync.history.record_round": _SYSTEM,
    "desktop.sync.hold.joining": _SYSTEM,
    "desktop.sync.hold.round_allowed": _SYSTEM,
    "desktop.sync.hold.is_held": _SYSTEM,
    "desktop.sync.inbox.rebook_choices": "free Saturday slots only: no personal data",
    "desktop.saturday.screens.day_overview": "slots, places and who is on duty: no resident data",
    "desktop.saturday.screens.free_slots": "free Saturday slots only: no personal data",
    "desktop.statistics.monthly_report.overdue_referrals": "numbers, services, due dates only",
    "desktop.sync.history.recent_rounds": _NO_PERSONAL_DATA,
    "desktop.sync.link.connection": _NO_PERSONAL_DATA,
    "desktop.sync.marks.sync_marks": _NO_PERSONAL_DATA,
    "desktop.sync.places.keep_shares": _SYSTEM,
    "desktop.sync.pull.pull_all": _SYSTEM,
    "desktop.sync.apply.work_ahead": "part of a pull (the desk's own background work)",
    "desktop.residents.search_rows": "search keys from values the caller already holds, for a "
    "pull or a re-index; reads nothing from the database",
    "desktop.sync.push.push_pending": _SYSTEM,
    "desktop.sync.recovery.recover_after_restore": _SYSTEM,
    "desktop.sync.recovery.renumber_and_repull": _SYSTEM,
    "desktop.sync.status.pending_count": _NO_PERSONAL_DATA,
    "desktop.sync.status.current_status": _NO_PERSONAL_DATA,
}

# Reads of (masked) personal data that do not take the signed-in staff yet. Nothing may be
# added here: a new function checks, or says above why it needs no check.
NOT_YET_CHECKED: frozenset[str] = frozenset()


class AccessRefused(UserError):
    """The signed-in staff member may not do this (or is no longer signed in)."""

    def __init__(self, code: str, *, ends_session: bool, **params: Any) -> None:
        super().__init__(code, **params)
        self.ends_session = ends_session


SessionEnded = Callable[[StaffIdentity | None, str], None]
_lock = threading.Lock()
_listeners: list[SessionEnded] = []


def on_session_ended(callback: SessionEnded) -> Callable[[], None]:
    """Call ``callback(staff, code)`` whenever a check finds the account of ``staff`` gone
    or switched off, or its sign-in not open (on the thread that made the call: keep it
    quick and thread-safe). Returns the unsubscriber."""
    with _lock:
        _listeners.append(callback)

    def unsubscribe() -> None:
        with _lock:
            if callback in _listeners:
                _listeners.remove(callback)

    return unsubscribe


def _session_ended(staff: StaffIdentity | None, code: str) -> AccessRefused:
    with _lock:
        callbacks = list(_listeners)
    for callback in callbacks:
        callback(staff, code)
    return AccessRefused(code, ends_session=True)


_ENDED_CODES = {
    staff_sessions.SWITCHED_OFF: "access.switched_off",
    staff_sessions.PASSWORD_RESET: "access.password_reset",
}


def allowed(role: str, action: str) -> bool:
    return role in MATRIX[action]


def require(session: Session, ctx: DeskContext, staff: StaffIdentity | None, action: str) -> Staff:
    """The staff row of ``staff``, loaded in ``session``, if it may do ``action`` now."""
    roles = MATRIX[action]  # an unknown action is a programming error (KeyError)
    row = None if staff is None else session.get(Staff, staff.id)
    if staff is None or row is None or row.center_id != ctx.center_id or row.is_deleted:
        raise _session_ended(staff, "access.unknown_staff")
    if not row.active:
        raise _session_ended(staff, "access.switched_off")
    signed_in = staff_sessions.find_open(session, row.id, staff.session_token)
    if signed_in is None:
        raise _session_ended(staff, _why_not_signed_in(session, staff))
    if session.info.get("writes"):
        staff_sessions.seen(signed_in, ctx.now())
    if row.role not in roles:
        raise AccessRefused(
            "access.not_allowed",
            ends_session=False,
            action=Message(f"access.action.{action}"),
            role=Message(f"ui.role.{row.role}"),
        )
    return row


def _why_not_signed_in(session: Session, staff: StaffIdentity) -> str:
    """The refusal's code for an identity whose sign-in is not open: what ended it, or
    that it never was one (an identity built by hand)."""
    row = staff_sessions.find(session, staff.session_token)
    if row is None or row.staff_id != staff.id:
        return "access.not_signed_in"
    return _ENDED_CODES.get(row.ended_why, "access.signed_out")


def check(ctx: DeskContext, staff: StaffIdentity | None, action: str) -> None:
    """:func:`require` in a read transaction of its own, for work that writes no rows
    (files, the keyring) or must refuse before costly work (hashing a password)."""
    with ctx.db.read() as session:
        require(session, ctx, staff, action)


F = TypeVar("F", bound=Callable[..., Any])
GUARDED: dict[str, str] = {}
"""``module.function`` → action, for every function marked :func:`guarded`."""


def guarded(action: str) -> Callable[[F], F]:
    """Mark a service function as checking ``action`` (the check itself is in its body)."""
    if action not in MATRIX:
        raise KeyError(f"unknown action {action!r}")

    def mark(function: F) -> F:
        GUARDED[f"{function.__module__}.{function.__qualname__}"] = action
        function.__access_action__ = action  # type: ignore[attr-defined]
        return function

    return mark


def action_of(function: Callable[..., Any]) -> str | None:
    return getattr(function, "__access_action__", None)
