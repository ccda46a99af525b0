"""Desk settings, each declared once: type, default, who may change it, where it is kept.

CONTRACT — ``SETTINGS`` declarations and the ``Settings`` API are fixed.

Each setting is an :class:`Option` (after Picard's options): its key, type, default, the
roles that may change it (``changed_by``; empty: only the desk itself, as bookkeeping) and
its store. Preferences are kept in the local ``setting`` table, the desk's own bookkeeping
(sync cursors, when the last push and pull succeeded) in ``desk_state``; both as JSON text,
one row per key that differs from its default. ``get(OPTION)`` returns the declared type;
``get("key")`` still works for keys made at run time (``slip.<kind>.paper``).

Every read and write is checked against the declaration: an unknown key raises
``KeyError``, a value of the wrong type raises ``TypeError`` (``bool`` is never taken for
``int``), and a value outside the allowed range raises ``ValueError``; these are programming
errors, not messages for the desk. A stored value that no longer fits its declaration (edited
by hand, or written by an older version) is logged (the key, never the value) and migrated:
turned into the declared type when it says the same thing (``"3"`` for 3), removed
otherwise, so it reads as the default from then on.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, overload

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import DeskState, Setting
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError

log = logging.getLogger("desktop.settings")

T = TypeVar("T")
Store = Literal["preference", "desk_state"]

ADMIN: frozenset[str] = frozenset({"center_admin"})
"""A center admin changes it (F9)."""
ANY_STAFF: frozenset[str] = frozenset({"front_desk", "on_duty", "center_admin"})
"""Whoever is signed in changes it (a remembered printer)."""
DESK_ONLY: frozenset[str] = frozenset()
"""Nobody changes it by hand: the desk keeps it (set-up, enrolment, sync)."""


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    type: type[T]
    default: T
    description: str
    changed_by: frozenset[str] = ADMIN
    store: Store = "preference"

    def may_be_changed_by(self, role: str) -> bool:
        return role in self.changed_by


SettingSpec = Option
"""The name the declarations had before options were typed."""

SLIP_KINDS = {
    "queue_ticket": "80mm",
    "service_receipt": "80mm",
    "booking_confirmation": "80mm",
    "day_sheet": "A4",
    "monthly_report": "A4",
}

LANGUAGE = Option("language", str, "zh_CN", "UI language: zh_CN or en")
CENTER_ID = Option("center_id", str, "", "The center this desk belongs to", DESK_ONLY)
DESK_SLOT = Option("desk_slot", int, 1, "This desk's number within the center (1-9)")
MIN_NOTICE_HOURS = Option(
    "saturday.min_notice_hours", int, 2, "Book at least this long before a slot"
)
WEEKS_AHEAD = Option("saturday.weeks_ahead", int, 8, "How many weeks ahead Saturdays can be booked")
SERVER_URL = Option(
    "sync.server_url", str, "", "The district server's address; empty = not connected", DESK_ONLY
)
DEVICE_ID = Option("sync.device_id", str, "", "This desk's device id at the district", DESK_ONLY)
SYNC_CENTER_ID = Option(
    "sync.center_id", str, "", "The center id the district knows this desk by", DESK_ONLY
)
SYNC_CENTER_NAME = Option(
    "sync.center_name", str, "", "The center's name at the district", DESK_ONLY
)
PII_HASH_KEY = Option(
    "pii.hash_key", str, "", "Fingerprint of the key the stored keyed hashes are under", DESK_ONLY
)
ACKED_THROUGH = Option(
    "sync.acked_through", int, 0, "Highest push number the district holds", DESK_ONLY, "desk_state"
)
LAST_PUSH = Option(
    "sync.last_push", str, "", "When the last push succeeded (ISO, UTC)", DESK_ONLY, "desk_state"
)
CURSOR = Option("sync.cursor", int, 0, "Server sequence pulled through", DESK_ONLY, "desk_state")
CURSOR_CHANGE_ID = Option(
    "sync.cursor_change_id", str, "", "Change id at the pull cursor", DESK_ONLY, "desk_state"
)
LAST_PULL = Option(
    "sync.last_pull", str, "", "When the last pull succeeded (ISO, UTC)", DESK_ONLY, "desk_state"
)
APPLIES = Option(
    "sync.applies", int, 0, "What pulls were applied under (see sync.pull)", DESK_ONLY, "desk_state"
)
PROGRESS_URL = Option(
    "sync.progress_url",
    str,
    "",
    "The district's public progress page address (receipts' QR: <url>/p/<code>)",
    DESK_ONLY,
    "desk_state",
)
RESTORED = Option(
    "sync.restored", bool, False, "Restored from a backup: catch up first", DESK_ONLY, "desk_state"
)
BACKUP_INTERVAL = Option(
    "backup.interval_minutes", int, 30, "Back up after this many minutes of use"
)
KEEP_RECENT = Option("backup.keep_recent", int, 6, "Most recent backups kept")
KEEP_DAILY = Option("backup.keep_daily", int, 7, "Days of which one backup is kept")
KEEP_WEEKLY = Option("backup.keep_weekly", int, 4, "Weeks of which one backup is kept")
KEEP_MONTHLY = Option("backup.keep_monthly", int, 12, "Months of which one backup is kept")
SECOND_FOLDER = Option("backup.second_folder", str, "", "A second place for backups (USB, share)")
SHEET_PRINTED_FOR = Option(
    "backup.sheet_printed_for", str, "", "Fingerprint of the key on the printed sheet", DESK_ONLY
)
SLIP_KEEP_DAYS = Option(
    "slip.keep_days", int, 30, "Kept slip PDFs are deleted after this many days"
)
IDLE_LOCK_MINUTES = Option(
    "security.idle_lock_minutes", int, 10, "Lock the desk after this long without use"
)
DAY_SHEET_EMPTY_SLOTS = Option(
    "slip.day_sheet.empty_slots",
    bool,
    False,
    "The Saturday day sheet also lists slots nobody booked",
)
AUTO_PRINT_RECEIPT = Option(
    "slip.service_receipt.auto_print",
    bool,
    False,
    "Print the service receipt by itself once a visit is 办结",
)


def slip_paper(kind: str) -> Option[str]:
    return Option(f"slip.{kind}.paper", str, SLIP_KINDS[kind], "80mm, 58mm, A5 or A4")


def slip_printer(kind: str) -> Option[str]:
    return Option(f"slip.{kind}.printer", str, "", "Printer name; empty = ask", ANY_STAFF)


def slip_unmask(kind: str) -> Option[bool]:
    return Option(f"slip.{kind}.unmask", bool, False, "Print personal data unmasked")


_DECLARED: tuple[Option[Any], ...] = (
    LANGUAGE,
    CENTER_ID,
    DESK_SLOT,
    MIN_NOTICE_HOURS,
    SERVER_URL,
    DEVICE_ID,
    SYNC_CENTER_ID,
    SYNC_CENTER_NAME,
    PII_HASH_KEY,
    ACKED_THROUGH,
    LAST_PUSH,
    CURSOR,
    CURSOR_CHANGE_ID,
    LAST_PULL,
    APPLIES,
    PROGRESS_URL,
    WEEKS_AHEAD,
    RESTORED,
    BACKUP_INTERVAL,
    KEEP_RECENT,
    KEEP_DAILY,
    KEEP_WEEKLY,
    KEEP_MONTHLY,
    SECOND_FOLDER,
    SHEET_PRINTED_FOR,
    *(
        option
        for kind in SLIP_KINDS
        for option in (slip_paper(kind), slip_printer(kind), slip_unmask(kind))
    ),
    DAY_SHEET_EMPTY_SLOTS,
    AUTO_PRINT_RECEIPT,
    SLIP_KEEP_DAYS,
    IDLE_LOCK_MINUTES,
)

SETTINGS: dict[str, Option[Any]] = {option.key: option for option in _DECLARED}


class Settings:
    """Typed access to the desk settings declared in :data:`SETTINGS`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @overload
    def get(self, key: Option[T]) -> T: ...

    @overload
    def get(self, key: str) -> Any: ...

    def get(self, key: Option[Any] | str) -> Any:
        spec = _spec(key)
        with self._db.read() as session:
            row = _row(session, spec)
            stored = None if row is None else row.value
        if stored is None:
            return spec.default
        try:
            value = json.loads(stored)
            check_value(spec.key, value)
        except (ValueError, TypeError):
            return self._migrate(spec, stored)
        return value

    def _migrate(self, spec: Option[Any], stored: str) -> Any:
        """A stored value that no longer fits: said in the log, then made to fit or removed."""
        value = _coerced(spec, stored)
        with self._db.write() as session:
            row = _row(session, spec)
            if row is not None and row.value == stored:
                if value is None:
                    session.delete(row)
                else:
                    row.value = json.dumps(value, ensure_ascii=False)
        if value is None:
            log.warning("setting %s: stored value did not fit, back to the default", spec.key)
            return spec.default
        log.warning("setting %s: stored value migrated to %s", spec.key, spec.type.__name__)
        return value

    @overload
    def set(self, key: Option[T], value: T) -> None: ...

    @overload
    def set(self, key: str, value: Any) -> None: ...

    def set(self, key: Option[Any] | str, value: Any) -> None:
        with self._db.write() as session:
            self.set_in(session, key, value)

    def change(self, session: Session, role: str, key: Option[Any] | str, value: Any) -> None:
        """A person of ``role`` changes a setting, inside the caller's transaction (where the
        caller read the role from the database): refused in words unless the declaration lets
        that role change it."""
        if not may_change(key, role):
            raise UserError("settings.not_allowed")
        self.set_in(session, key, value)

    @overload
    def set_in(self, session: Session, key: Option[T], value: T) -> None: ...

    @overload
    def set_in(self, session: Session, key: str, value: Any) -> None: ...

    def set_in(self, session: Session, key: Option[Any] | str, value: Any) -> None:
        """Write a setting inside a transaction the caller already holds."""
        spec = _spec(key)
        check_value(spec.key, value)
        text = json.dumps(value, ensure_ascii=False)
        row = _row(session, spec)
        if row is None:
            session.add(_table(spec)(key=spec.key, value=text))
        else:
            row.value = text

    def all(self) -> dict[str, Any]:
        """Every declared setting with its current value."""
        return {key: self.get(key) for key in SETTINGS}


def _table(spec: Option[Any]) -> type[Setting] | type[DeskState]:
    return DeskState if spec.store == "desk_state" else Setting


def _row(session: Session, spec: Option[Any]) -> Setting | DeskState | None:
    if spec.store == "desk_state":
        return session.get(DeskState, spec.key)
    return session.get(Setting, spec.key)


def _coerced(spec: Option[Any], stored: str) -> Any:
    """The stored text as the declared type when it says the same thing, else ``None``."""
    try:
        value = json.loads(stored)
    except ValueError:
        value = stored
    candidates: list[Any] = [value]
    if spec.type is int and isinstance(value, str | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is not None and number.is_integer():
            candidates.append(int(number))
    elif spec.type is bool and value in (0, 1, "true", "false"):
        candidates.append(value in (1, "true"))
    elif spec.type is str and isinstance(value, int | float) and not isinstance(value, bool):
        candidates.append(str(value))
    for candidate in candidates[1:]:
        try:
            check_value(spec.key, candidate)
        except (ValueError, TypeError):
            continue
        return candidate
    return None


LANGUAGE_CODES = ("zh_CN", "en")
PAPER_SIZES = ("80mm", "58mm", "A5", "A4")


def _one_of(allowed: tuple[str, ...]) -> Callable[[Any], bool]:
    return lambda value: value in allowed


RANGE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "language": _one_of(LANGUAGE_CODES),
    "desk_slot": lambda value: 1 <= value <= 9,
    "saturday.min_notice_hours": lambda value: 0 <= value <= 24 * 14,
    "saturday.weeks_ahead": lambda value: 1 <= value <= 52,
    "backup.interval_minutes": lambda value: 5 <= value <= 24 * 60,
    "slip.keep_days": lambda value: 1 <= value <= 3650,
    "security.idle_lock_minutes": lambda value: 1 <= value <= 240,
    "backup.keep_recent": lambda value: 1 <= value <= 100,
    "backup.keep_daily": lambda value: 0 <= value <= 365,
    "backup.keep_weekly": lambda value: 0 <= value <= 520,
    "backup.keep_monthly": lambda value: 0 <= value <= 240,
    "backup.second_folder": lambda value: len(value) <= 1000,
    **{f"slip.{kind}.paper": _one_of(PAPER_SIZES) for kind in SLIP_KINDS},
}


def _spec(key: Option[Any] | str) -> Option[Any]:
    name = key if isinstance(key, str) else key.key
    spec = SETTINGS.get(name)
    if spec is None:
        raise KeyError(f"unknown setting {name!r}")
    return spec


def change_setting(
    ctx: DeskContext, staff: StaffIdentity, key: Option[Any] | str, value: Any
) -> None:
    """A staff member changes a setting: the staff row is loaded and checked in the write
    (signed in, switched on), then the setting's own declaration says whether that role
    may change it (:meth:`Settings.change`)."""
    with ctx.db.write() as session:
        row = access.require(session, ctx, staff, "settings.desk")
        Settings(ctx.db).change(session, row.role, key, value)


access.guarded("settings.desk")(change_setting)


def may_change(key: Option[Any] | str, role: str) -> bool:
    """Whether a staff member of ``role`` may change the setting ``key`` (services check
    it before they write a setting on someone's behalf)."""
    return _spec(key).may_be_changed_by(role)


def check_value(key: str, value: Any) -> None:
    """Raise ``TypeError``/``ValueError`` unless ``value`` fits the declaration of ``key``."""
    spec = _spec(key)
    wanted: tuple[type, ...] = (int, float) if spec.type is float else (spec.type,)
    if isinstance(value, bool) != (spec.type is bool) or not isinstance(value, wanted):
        raise TypeError(f"setting {key!r} takes {spec.type.__name__}, not {type(value).__name__}")
    check = RANGE_CHECKS.get(key)
    if check is not None and not check(value):
        raise ValueError(f"setting {key!r}: value out of range")
