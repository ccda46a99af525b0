"""Putting a backup back: checked first, the current database kept aside, one rename.

1. :func:`prepare_restore` (the desk may still be running): the backup must be readable,
   of a layout and schema this version knows, not damaged, and its key must be at hand or
   typed correctly — all refused in words before anything is written. Then its database is
   unpacked beside the live one (``restore-incoming.sqlite``, every byte CRC-checked),
   checked again with ``PRAGMA integrity_check`` and prepared (key, sync recovery mark).
2. :func:`finish_restore` (the database closed): the current database is packed into
   ``backups/`` as a ``before_restore`` backup (listed and restorable like any other), its
   WAL folded in, and the unpacked file renamed over it. The rename is the one moment the
   restore happens; before it the previous database is untouched.

A journal (``restore.json``) says how far a restore got. At start-up,
:func:`resume_or_undo` finishes a restore that was ready (the desk restarted to apply it)
and undoes one a crash cut short, leaving the previous database in place and saying so.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db.migrate import unknown_revisions
from desktop.app_version import app_version
from desktop.backup import archive, folders
from desktop.backup.archive import Manifest
from desktop.backup.folders import BackupFile
from desktop.backup.restore_keys import KeyPlan, backup_key, keep_key, plan_keys
from desktop.backup.snapshot import check_copy, new_private_file
from desktop.errors import Message, UserError
from desktop.paths import DataPaths
from desktop.pii import PiiVault, VaultError

if TYPE_CHECKING:
    from desktop.bootstrap import Startup

log = logging.getLogger("desktop.backup.restore")

INCOMING = "restore-incoming.sqlite"
JOURNAL = "restore.json"


@dataclass(frozen=True)
class PreparedRestore:
    backup: BackupFile
    key_stored: bool


def incoming_path(paths: DataPaths) -> Path:
    return paths.root / INCOMING


def journal_path(paths: DataPaths) -> Path:
    return paths.root / JOURNAL


def _write_journal(paths: DataPaths, state: str, backup: str = "") -> None:
    target = journal_path(paths)
    partial = target.with_name(target.name + ".partial")
    new_private_file(partial)
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump({"state": state, "backup": backup}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    archive.sync_folder(paths.root)


def _journal_state(paths: DataPaths) -> str | None:
    try:
        data = json.loads(journal_path(paths).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return "damaged"
    return str(data.get("state", "damaged")) if isinstance(data, dict) else "damaged"


def folder_is_set_up(paths: DataPaths) -> bool:
    """Whether this folder's database holds a center (read without the desk's engine)."""
    if not paths.database.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return False
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'center_id'").fetchone()
        if row is None:
            return False
        center = json.loads(row[0])
        found = conn.execute("SELECT 1 FROM center WHERE id = ?", (center,)).fetchone()
        return found is not None
    except (sqlite3.Error, ValueError):
        return False
    finally:
        conn.close()


def check_backup(manifest: Manifest) -> None:
    """Refuse, in words, a backup this desk must not restore."""
    if manifest.newer_format or unknown_revisions(manifest.schema):
        raise UserError(
            "backup.too_new", version=manifest.app_version or "?", current=app_version()
        )
    if not manifest.schema:
        raise UserError("backup.not_a_backup", path="")
    if not manifest.good:
        raise UserError("backup.damaged_backup")


def list_backups(
    paths: DataPaths, second_folder: str = "", more: tuple[Path, ...] = ()
) -> list[BackupFile]:
    """Backups to choose from, newest first: this folder's, the second folder's and those
    in ``more`` (a USB drive chosen by hand); one entry per backup, the local copy first."""
    found = folders.backups_in(paths.backups, "local", depth=0)
    if second_folder and Path(second_folder).is_dir():
        found += folders.backups_in(Path(second_folder) / folders.SECOND_ROOT, "second")
    for folder in more:
        found += folders.backups_in(folder, "other")
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for backup in found:
        key = (backup.manifest.created_at, backup.manifest.center_id, backup.manifest.kind)
        if key not in seen:
            seen.add(key)
            unique.append(backup)
    return sorted(unique, key=lambda b: b.manifest.created_at, reverse=True)


def read_backup(path: Path, where: str = "other") -> BackupFile:
    """A backup file chosen by hand (or from the list), or ``backup.not_a_backup``."""
    try:
        manifest = archive.read_manifest(path)
        size = path.stat().st_size
    except (OSError, archive.ArchiveError) as exc:
        raise UserError("backup.not_a_backup", path=str(path)) from exc
    return BackupFile(path, manifest, size, where)


def prepare_restore(
    paths: DataPaths, backup: BackupFile, typed_key: str | None = None
) -> PreparedRestore:
    """Step 1 (see the module text); raises :class:`UserError` and writes nothing when the
    backup or the key is refused. The caller checks who may restore."""
    manifest = backup.manifest
    check_backup(manifest)
    key = backup_key(paths, manifest, typed_key)
    plan = plan_keys(paths, manifest, key, folder_is_set_up(paths))
    incoming = incoming_path(paths)
    _write_journal(paths, "preparing", backup.path.name)
    try:
        archive.extract_database(backup.path, incoming)
        facts = check_copy(incoming)
        if not facts.good:
            raise UserError("backup.damaged_backup")
        if unknown_revisions(facts.schema):  # the database itself, not only its manifest
            raise UserError("backup.too_new", version=manifest.app_version, current=app_version())
        _check_key_opens(incoming, key)
        _prepare_incoming(incoming, manifest, plan)
        keep_key(paths, plan)
    except archive.ArchiveError as exc:
        _undo(paths)
        raise UserError("backup.damaged_backup") from exc
    except OSError as exc:
        _undo(paths)
        raise UserError("backup.restore_failed", reason=exc.strerror or "") from exc
    except BaseException:
        _undo(paths)
        raise
    _write_journal(paths, "ready", backup.path.name)
    return PreparedRestore(backup, plan.store_in is not None)


def _check_key_opens(incoming: Path, key: bytes | None) -> None:
    """A stored phone or ID number must decrypt with the key (the fingerprint matched;
    this proves it on the data itself)."""
    if key is None:
        return
    conn = sqlite3.connect(incoming)
    try:
        row = conn.execute(
            "SELECT phone_cipher, id_cipher FROM resident"
            " WHERE phone_cipher != '' OR id_cipher != '' LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        return
    try:
        PiiVault(key).decrypt(row[0] or row[1])
    except VaultError:
        raise UserError("backup.key_wrong", center="") from None


def _prepare_incoming(incoming: Path, manifest: Manifest, plan: KeyPlan) -> None:
    """Mark a connected desk's database as restored (its next sync asks the district what
    it holds first) and re-encrypt its personal data when this folder keeps another key."""
    from db.engine import Database
    from desktop.context import DeskContext
    from desktop.settings import Settings

    db = Database.open(incoming)
    try:
        if manifest.connected:
            Settings(db).set("sync.restored", True)
        if plan.rekey_to is not None and plan.key is not None:
            from desktop.sync.adopt import finish_adoption

            ctx = DeskContext(
                db=db,
                paths=DataPaths(incoming.parent),
                center_id=manifest.center_id,
                desk_slot=manifest.desk_slot,
                vault=PiiVault(plan.key),
            )
            finish_adoption(ctx, manifest.center_id, PiiVault(plan.rekey_to, older=[plan.key]))
    finally:
        db.dispose()
    seal(incoming)


def seal(path: Path) -> None:
    """Fold the WAL into the file and leave it in rollback-journal mode: one complete file
    that can be renamed. Raises ``sqlite3.OperationalError`` if another program has it
    open (the database is locked)."""
    conn = sqlite3.connect(path, timeout=10)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
    finally:
        conn.close()


def finish_restore(paths: DataPaths, now: dt.datetime) -> Path | None:
    """Step 2 (see the module text): the database must be closed by the caller. Returns
    the replaced database, packed as a ``before_restore`` backup (``None`` when this
    folder held no center)."""
    if _journal_state(paths) != "ready" or not incoming_path(paths).exists():
        raise UserError("backup.restore_failed", reason="")
    incoming = incoming_path(paths)
    _write_journal(paths, "swapping")
    try:
        aside = _keep_aside(paths, now)
        if paths.database.exists():
            seal(paths.database)
        for suffix in ("-wal", "-shm", "-journal"):
            paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
        os.replace(incoming, paths.database)  # the restore happens here, at once
        archive.sync_folder(paths.root)
    except sqlite3.OperationalError as exc:
        _undo(paths)
        raise UserError("db.locked") from exc
    except OSError as exc:
        _undo(paths)
        raise UserError("backup.restore_failed", reason=exc.strerror or "") from exc
    journal_path(paths).unlink(missing_ok=True)
    log.info("restored a backup; the replaced database is kept aside: %s", aside is not None)
    return aside


def _keep_aside(paths: DataPaths, now: dt.datetime) -> Path | None:
    """The database about to be replaced, packed into ``backups/`` (nothing when the
    folder holds no center: a first run has nothing to lose)."""
    if not folder_is_set_up(paths):
        return None
    from desktop.backup.service import pack_database

    paths.backups.mkdir(parents=True, exist_ok=True)
    target = paths.backups / archive.archive_name(now, kind="before_restore")
    made = pack_database(paths, target, kind="before_restore", created=now, desk_slot=1)
    return made.path


def _undo(paths: DataPaths) -> None:
    """Leave the previous database as it was: drop what a restore wrote beside it."""
    incoming = incoming_path(paths)
    for path in (incoming, *(incoming.with_name(incoming.name + s) for s in ("-wal", "-shm"))):
        path.unlink(missing_ok=True)
    folders.remove_partials(paths.backups)
    journal_path(paths).unlink(missing_ok=True)


def resume_or_undo(paths: DataPaths, now: dt.datetime) -> Message | None:
    """At start-up, before the database is opened: finish a restore that was ready, undo
    one that was cut short. Returns what to tell the person, if anything."""
    state = _journal_state(paths)
    incoming = incoming_path(paths)
    if state is None:
        if incoming.exists():
            _undo(paths)
        return None
    if not incoming.exists():  # the rename happened: the restore is complete
        journal_path(paths).unlink(missing_ok=True)
        return None
    if state == "ready":
        try:
            finish_restore(paths, now)
        except UserError:
            return Message("backup.restore_interrupted")
        return Message("backup.restored")
    log.warning("a restore was cut short (%s); the previous database stays", state)
    _undo(paths)
    return Message("backup.restore_interrupted")


def reopen_after_restore(startup: Startup) -> None:
    """First run: close the database the start-up opened, finish the restore made ready,
    and put the restored desk's database, settings and migration into ``startup`` (the
    entry point keeps using the same object)."""
    from desktop import bootstrap

    startup.db.dispose()
    finish_restore(startup.paths, dt.datetime.now(dt.UTC))
    fresh = bootstrap.start(startup.paths)
    startup.db, startup.settings, startup.migration = fresh.db, fresh.settings, fresh.migration
    startup.notice = Message("backup.restored_new")
