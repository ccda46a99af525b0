"""One backup from start to end, whether one is due, and what the status bar says.

A backup is: a consistent copy of the database (:mod:`.snapshot`), ``PRAGMA
integrity_check`` and counts on the copy, the copy packed into a zip in ``backups/``
(:mod:`.archive`), the zip copied to the second folder when one is set and reachable
(:mod:`.folders`), old generations pruned in both places (:mod:`.generations`), and the
outcome kept in :mod:`.state`. It runs off the UI thread; one backup at a time per desk
process (a second request while one runs is passed over). Nothing here raises for a full
or missing drive: the outcome says it in words.

A backup whose copy fails its check is kept under a ``-damaged`` name, never counted as the
last good backup and never taking a good one's place among the generations.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from desktop.app_version import app_version
from desktop.backup import archive, folders, generations, snapshot
from desktop.backup.folders import BackupFile
from desktop.backup.state import BackupState, database_signature, load_state, save_state
from desktop.context import DeskContext
from desktop.errors import Message
from desktop.paths import DataPaths
from desktop.pii import find_own_key, load_center_key
from desktop.settings import (
    BACKUP_INTERVAL,
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_RECENT,
    KEEP_WEEKLY,
    SECOND_FOLDER,
    Settings,
)

log = logging.getLogger("desktop.backup")
_one_at_a_time = threading.Lock()


@dataclass(frozen=True)
class BackupConfig:
    interval: dt.timedelta
    policy: generations.Policy
    second_folder: str


@dataclass(frozen=True)
class BackupOutcome:
    made: BackupFile | None = None
    skipped: str = ""  # "busy" (another backup runs) or "unchanged" (nothing new to keep)
    local_problem: Message | None = None
    second_problem: Message | None = None
    second_copied: bool = False


def backup_config(settings: Settings) -> BackupConfig:
    return BackupConfig(
        interval=dt.timedelta(minutes=settings.get(BACKUP_INTERVAL)),
        policy=generations.Policy(
            recent=settings.get(KEEP_RECENT),
            daily=settings.get(KEEP_DAILY),
            weekly=settings.get(KEEP_WEEKLY),
            monthly=settings.get(KEEP_MONTHLY),
        ),
        second_folder=settings.get(SECOND_FOLDER),
    )


def primary_key_facts(paths: DataPaths) -> tuple[str, str, bytes | None]:
    """(fingerprint, slot, key) of the key this folder's data is under: the center's
    shared key once connected, else the desk's own (as :func:`desktop.pii.load_or_create_vault`
    picks it); never makes a key."""
    from desktop.backup.recovery_key import fingerprint

    own, center = find_own_key(paths), load_center_key(paths)
    if center is not None and center != own:
        return fingerprint(center), "center", center
    if own is not None:
        return fingerprint(own), "own", own
    return "", "own", None


def backup_due(ctx: DeskContext) -> bool:
    """Whether the interval has passed since the last good backup and the database changed."""
    state = load_state(ctx.paths)
    if state.signature == database_signature(ctx.paths):
        return False
    last = state.when("local")
    config = backup_config(Settings(ctx.db))
    return last is None or ctx.now() - last >= config.interval


def pack_database(
    paths: DataPaths,
    target: Path,
    *,
    kind: str,
    created: dt.datetime,
    desk_slot: int,
    mark_damaged: bool = True,
) -> BackupFile:
    """Copy, check and pack the database of ``paths`` into ``target`` (renamed
    ``-damaged`` when the copy fails its check and ``mark_damaged``)."""
    copy = paths.backups / f".copy-{os.getpid()}-{created:%Y%m%dT%H%M%S%f}.sqlite"
    try:
        snapshot.copy_database(paths.database, copy)
        facts = snapshot.check_copy(copy)
        key_fp, key_slot, _key = primary_key_facts(paths)
        manifest = archive.manifest_for(
            facts,
            kind=kind,
            created=created,
            app_version=app_version(),
            desk_slot=desk_slot,
            key_fingerprint=key_fp,
            key_slot=key_slot,
        )
        if not manifest.good and mark_damaged:
            target = target.with_name(archive.archive_name(created, damaged=True))
        size = archive.write_archive(copy, manifest, target)
    finally:
        copy.unlink(missing_ok=True)
    return BackupFile(target, manifest, size, "local")


def run_backup(ctx: DeskContext, kind: str = "automatic") -> BackupOutcome:
    """Make one backup now (see the module text); never raises for disk trouble."""
    if not _one_at_a_time.acquire(blocking=False):
        return BackupOutcome(skipped="busy")
    try:
        return _run(ctx, kind)
    finally:
        _one_at_a_time.release()


def run_backup_if_changed(ctx: DeskContext, kind: str) -> BackupOutcome:
    """At sign-out and exit: a backup unless nothing changed since the last one."""
    if load_state(ctx.paths).signature == database_signature(ctx.paths):
        return BackupOutcome(skipped="unchanged")
    return run_backup(ctx, kind)


def _run(ctx: DeskContext, kind: str) -> BackupOutcome:
    paths = ctx.paths
    config = backup_config(Settings(ctx.db))
    state = load_state(paths)
    signature = database_signature(paths)  # before the copy: a later commit makes one due
    created = ctx.now()
    folders.remove_partials(paths.backups)
    while (paths.backups / archive.archive_name(created)).exists():
        created += dt.timedelta(milliseconds=1)  # two backups in one millisecond
    target = paths.backups / archive.archive_name(created)
    try:
        paths.backups.mkdir(parents=True, exist_ok=True)
        made = pack_database(paths, target, kind=kind, created=created, desk_slot=ctx.desk_slot)
    except OSError as error:
        problem = folders.problem_for(error, paths.backups)
        log.warning("backup failed here: %s", problem.code)
        state.local_problem = BackupState.as_raw(problem)
        _save(paths, state)
        return BackupOutcome(local_problem=problem)
    manifest = made.manifest
    state.local_problem = None
    if manifest.good:
        state.last_good_at, state.last_good_name = manifest.created_at, made.path.name
        state.signature = signature
    else:
        log.error("backup copy failed its integrity check: %s", manifest.integrity[:120])
        state.last_damaged_at = manifest.created_at
    _prune(paths.backups, config.policy, ctx.timezone)
    outcome = BackupOutcome(made=made)
    if config.second_folder:
        outcome = _second_copy(ctx, config, made, state)
    _save(paths, state)
    return outcome


def _second_copy(
    ctx: DeskContext, config: BackupConfig, made: BackupFile, state: BackupState
) -> BackupOutcome:
    second = Path(config.second_folder)
    problem = folders.check_second_folder(second, made.size)
    if problem is None:
        folder = folders.second_subfolder(second, made.manifest.center_id, ctx.desk_slot)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            folders.remove_partials(folder)
            folders.copy_file(made.path, folder / made.path.name)
        except OSError as error:
            problem = folders.problem_for(error, second)
        else:
            _prune(folder, config.policy, ctx.timezone)
    if problem is not None:
        log.warning("backup not copied to the second folder: %s", problem.code)
        state.offsite_problem = BackupState.as_raw(problem)
        return BackupOutcome(made=made, second_problem=problem)
    state.offsite_problem = None
    if made.manifest.good:
        state.last_offsite_at = made.manifest.created_at
    return BackupOutcome(made=made, second_copied=True)


def _prune(folder: Path, policy: generations.Policy, timezone: str) -> None:
    present = folders.backups_in(folder, "local", depth=0)
    kept = [
        generations.Generation(
            b.path.name,
            b.manifest.created,
            b.manifest.good,
            b.manifest.kind in ("before_restore", "export"),
        )
        for b in present
    ]
    for old in generations.to_prune(kept, policy, timezone):
        try:
            (folder / old.name).unlink()
        except OSError as error:  # a read-only or vanished drive: pruned next time
            log.warning("could not prune an old backup: %s", error.strerror)


def _save(paths: DataPaths, state: BackupState) -> None:
    try:
        save_state(paths, state)
    except OSError as error:
        log.warning("backup state not saved: %s", error.strerror)


@dataclass(frozen=True)
class BackupStatus:
    """What the status bar and F9 say about backups."""

    last_local: dt.datetime | None
    last_offsite: dt.datetime | None
    second_folder: str
    offsite_overdue: bool  # none outside this PC, or the last one more than a day ago
    damaged: bool  # the newest backup failed its check: the database may be damaged
    local_problem: Message | None
    offsite_problem: Message | None


def backup_status(ctx: DeskContext) -> BackupStatus:
    state = load_state(ctx.paths)
    return BackupStatus(
        last_local=state.when("local"),
        last_offsite=state.when("offsite"),
        second_folder=str(Settings(ctx.db).get("backup.second_folder")),
        offsite_overdue=state.offsite_overdue(ctx.now()),
        damaged=bool(state.last_damaged_at) and state.last_damaged_at > state.last_good_at,
        local_problem=state.problem("local"),
        offsite_problem=state.problem("offsite"),
    )
