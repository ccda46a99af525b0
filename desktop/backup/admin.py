"""What a center admin does about backups: the second folder, how many generations to keep,
the recovery sheet, and restoring over this desk. Each call checks, in its own
transaction, that the signed-in staff member is an active center admin.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop import access
from desktop.backup.folders import BackupFile
from desktop.backup.recovery_sheet import SheetFacts, render_sheet
from desktop.backup.restore import PreparedRestore, prepare_restore
from desktop.center_info import center_name
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import Message, ValidationError
from desktop.settings import Settings, check_value
from desktop.sync.link import connection

POLICY_KEYS = ("interval_minutes", "keep_recent", "keep_daily", "keep_weekly", "keep_monthly")


def require_admin(ctx: DeskContext, staff: StaffIdentity) -> None:
    """The signed-in staff row, loaded now: switched on and a center admin."""
    access.check(ctx, staff, "backup.manage")


def same_disk(folder: Path, data_folder: Path) -> bool:
    """Whether ``folder`` is on the disk that holds the desk's data (then it is no second
    place: the disk that dies takes both)."""
    return os.stat(folder).st_dev == os.stat(data_folder).st_dev


@access.guarded("backup.manage")
def set_second_folder(ctx: DeskContext, staff: StaffIdentity, folder: str) -> None:
    """Choose (or, with ``""``, forget) the second place backups are copied to."""
    require_admin(ctx, staff)
    folder = folder.strip()
    if folder:
        path = Path(folder).expanduser()
        if not path.is_dir():
            raise ValidationError({"folder": Message("backup.folder_missing", {"path": folder})})
        if not os.access(path, os.W_OK):
            raise ValidationError({"folder": Message("backup.folder_denied", {"path": folder})})
        if same_disk(path, ctx.paths.root):
            raise ValidationError({"folder": Message("backup.same_disk", {"path": folder})})
        folder = str(path.resolve())
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "backup.manage")
        Settings(ctx.db).set_in(session, "backup.second_folder", folder)


@dataclass(frozen=True)
class BackupPolicy:
    interval_minutes: int
    keep_recent: int
    keep_daily: int
    keep_weekly: int
    keep_monthly: int


def backup_policy(ctx: DeskContext) -> BackupPolicy:
    settings = Settings(ctx.db)
    return BackupPolicy(*(int(settings.get(f"backup.{key}")) for key in POLICY_KEYS))


@access.guarded("backup.manage")
def set_backup_policy(ctx: DeskContext, staff: StaffIdentity, policy: BackupPolicy) -> None:
    require_admin(ctx, staff)
    settings = Settings(ctx.db)
    problems: dict[str, Message] = {}
    for key in POLICY_KEYS:
        try:
            check_value(f"backup.{key}", getattr(policy, key))
        except (TypeError, ValueError):
            problems[key] = Message("backup.policy_out_of_range")
    if problems:
        raise ValidationError(problems)
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "backup.manage")
        for key in POLICY_KEYS:
            settings.set_in(session, f"backup.{key}", getattr(policy, key))


@access.guarded("backup.manage")
def recovery_sheet_pdf(ctx: DeskContext, staff: StaffIdentity, language: str) -> bytes:
    """The recovery sheet of the key this desk's data is under, as PDF bytes."""
    require_admin(ctx, staff)
    facts = SheetFacts(
        center_name=center_name(ctx),
        desk_slot=ctx.desk_slot,
        printed_at=ctx.local_now(),
        key=ctx.vault.primary_key(),
        fingerprint=ctx.vault.fingerprint,
        connected=connection(ctx) is not None,
    )
    return render_sheet(facts, language)


@access.guarded("backup.manage")
def mark_sheet_printed(ctx: DeskContext, staff: StaffIdentity) -> None:
    """The admin printed (or saved) the sheet of the key in use."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "backup.manage")
        Settings(ctx.db).set_in(session, "backup.sheet_printed_for", ctx.vault.fingerprint)


def sheet_missing(ctx: DeskContext) -> bool:
    """No sheet was printed for the key in use (never, or before the desk connected)."""
    return str(Settings(ctx.db).get("backup.sheet_printed_for")) != ctx.vault.fingerprint


@access.guarded("backup.manage")
def prepare_restore_here(
    ctx: DeskContext, staff: StaffIdentity, backup: BackupFile, typed_key: str | None
) -> PreparedRestore:
    """Prepare restoring ``backup`` over this desk; the desk then restarts to apply it."""
    require_admin(ctx, staff)
    return prepare_restore(ctx.paths, backup, typed_key)
