"""Desk settings, each declared once with its type and default.

CONTRACT — ``SETTINGS`` declarations and the ``Settings`` API are fixed.

Values are stored in the local ``setting`` table as JSON text, one row per key that differs
from its default. Every read and write is checked against the declaration: an unknown key
raises ``KeyError``, a value of the wrong type raises ``TypeError`` (``bool`` is never taken
for ``int``), and a value outside the allowed range raises ``ValueError``; these are
programming errors, not messages for the desk. A stored value that no longer matches its
declaration (edited by hand, or written by an older version) reads as the default.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Setting
from desktop import access
from desktop.context import DeskContext, StaffIdentity


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    description: str
    # Who may change it at the desk (an action of desktop.access): this desk's own choices
    # are "settings.desk", everything else is the center admin's.
    changed_by: str = "settings.admin"


SLIP_KINDS = {
    "queue_ticket": "80mm",
    "service_receipt": "80mm",
    "booking_confirmation": "80mm",
    "day_sheet": "A4",
    "monthly_report": "A4",
}

SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("language", str, "zh_CN", "UI language: zh_CN or en", "settings.desk"),
        SettingSpec("center_id", str, "", "The center this desk belongs to"),
        SettingSpec("desk_slot", int, 1, "This desk's number within the center (1-9)"),
        SettingSpec("saturday.min_notice_hours", int, 2, "Book at least this long before a slot"),
        SettingSpec(
            "sync.server_url", str, "", "The district server's address; empty = not connected"
        ),
        SettingSpec("sync.device_id", str, "", "This desk's device id at the district"),
        SettingSpec("sync.center_id", str, "", "The center id the district knows this desk by"),
        SettingSpec("sync.center_name", str, "", "The center's name at the district"),
        SettingSpec(
            "pii.hash_key", str, "", "Fingerprint of the key the stored keyed hashes are under"
        ),
        SettingSpec("sync.acked_through", int, 0, "Highest push number the district holds"),
        SettingSpec("sync.last_push", str, "", "When the last push succeeded (ISO, UTC)"),
        SettingSpec("sync.cursor", int, 0, "Server sequence pulled through"),
        SettingSpec("sync.cursor_change_id", str, "", "Change id at the pull cursor"),
        SettingSpec("sync.last_pull", str, "", "When the last pull succeeded (ISO, UTC)"),
        SettingSpec("sync.applies", int, 0, "What pulls were applied under (see sync.pull)"),
        SettingSpec(
            "sync.progress_url",
            str,
            "",
            "The district's public progress page address (receipts' QR: <url>/p/<code>)",
        ),
        SettingSpec("saturday.weeks_ahead", int, 8, "How many weeks ahead Saturdays can be booked"),
        SettingSpec("sync.restored", bool, False, "Restored from a backup: catch up first"),
        SettingSpec("backup.interval_minutes", int, 30, "Back up after this many minutes of use"),
        SettingSpec("slip.keep_days", int, 30, "Kept slip PDFs are deleted after this many days"),
        SettingSpec(
            "security.idle_lock_minutes", int, 10, "Lock the desk after this long without use"
        ),
        SettingSpec("backup.keep_recent", int, 6, "Most recent backups kept"),
        SettingSpec("backup.keep_daily", int, 7, "Days of which one backup is kept"),
        SettingSpec("backup.keep_weekly", int, 4, "Weeks of which one backup is kept"),
        SettingSpec("backup.keep_monthly", int, 12, "Months of which one backup is kept"),
        SettingSpec("backup.second_folder", str, "", "A second place for backups (USB, share)"),
        SettingSpec(
            "backup.sheet_printed_for", str, "", "Fingerprint of the key on the printed sheet"
        ),
        *(
            spec
            for kind, paper in SLIP_KINDS.items()
            for spec in (
                SettingSpec(f"slip.{kind}.paper", str, paper, "80mm, 58mm, A5 or A4"),
                SettingSpec(
                    f"slip.{kind}.printer", str, "", "Printer name; empty = ask", "settings.desk"
                ),
                SettingSpec(f"slip.{kind}.unmask", bool, False, "Print personal data unmasked"),
            )
        ),
        SettingSpec(
            "slip.day_sheet.empty_slots",
            bool,
            False,
            "The Saturday day sheet also lists slots nobody booked",
        ),
        SettingSpec(
            "slip.service_receipt.auto_print",
            bool,
            False,
            "Print the service receipt by itself once a visit is 办结",
        ),
    )
}


class Settings:
    """Typed access to the desk settings declared in :data:`SETTINGS`.

    For the desk's own bookkeeping (sync cursors, backup state); a change a staff member
    asks for goes through :func:`change_setting`, which checks who may make it.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> Any:
        spec = _spec(key)
        with self._db.read() as session:
            row = session.get(Setting, key)
            stored = None if row is None else row.value
        if stored is None:
            return spec.default
        try:
            value = json.loads(stored)
            check_value(key, value)
        except (ValueError, TypeError):
            return spec.default
        return value

    def set(self, key: str, value: Any) -> None:
        with self._db.write() as session:
            self.set_in(session, key, value)

    def set_in(self, session: Session, key: str, value: Any) -> None:
        """Write a setting inside a transaction the caller already holds."""
        check_value(key, value)
        text = json.dumps(value, ensure_ascii=False)
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=text))
        else:
            row.value = text

    def all(self) -> dict[str, Any]:
        """Every declared setting with its current value."""
        return {key: self.get(key) for key in SETTINGS}


def change_setting(ctx: DeskContext, staff: StaffIdentity, key: str, value: Any) -> None:
    """A staff member changes a setting: anyone signed in changes this desk's own choices
    (``changed_by="settings.desk"``), only a center admin the rest. Checked in the write."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "settings.desk")
        spec = _spec(key)
        if spec.changed_by != "settings.desk":
            access.require(session, ctx, staff, spec.changed_by)
        Settings(ctx.db).set_in(session, key, value)


access.guarded("settings.desk")(change_setting)

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


def _spec(key: str) -> SettingSpec:
    spec = SETTINGS.get(key)
    if spec is None:
        raise KeyError(f"unknown setting {key!r}")
    return spec


def check_value(key: str, value: Any) -> None:
    """Raise ``TypeError``/``ValueError`` unless ``value`` fits the declaration of ``key``."""
    spec = _spec(key)
    wanted: tuple[type, ...] = (int, float) if spec.type is float else (spec.type,)
    if isinstance(value, bool) != (spec.type is bool) or not isinstance(value, wanted):
        raise TypeError(f"setting {key!r} takes {spec.type.__name__}, not {type(value).__name__}")
    check = RANGE_CHECKS.get(key)
    if check is not None and not check(value):
        raise ValueError(f"setting {key!r}: value out of range")
