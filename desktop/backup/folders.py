"""Where backups go: the data folder's ``backups/`` and the second folder the center admin
chose (a USB drive, a network share), and what went wrong there, in words.

The second folder itself is never created: a USB drive that is not plugged in leaves its
mount point missing (or empty on the PC's own disk), and backing up "into" it would put the
copy back on the disk it is meant to survive. Inside it the desk keeps its files under
``ServiceCenterDesk-backups/desk<N>-<center>``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop.backup.archive import (
    PARTIAL,
    SUFFIX,
    ArchiveError,
    Manifest,
    is_archive_name,
    read_manifest,
)
from desktop.backup.archive import sync_folder as _sync_folder
from desktop.backup.snapshot import new_private_file
from desktop.errors import Message

SECOND_ROOT = "ServiceCenterDesk-backups"
CHUNK = 4 * 1024 * 1024
SEARCH_DEPTH = 3


@dataclass(frozen=True)
class BackupFile:
    path: Path
    manifest: Manifest
    size: int
    where: str  # "local", "second" or "other"


def second_subfolder(second: Path, center_id: str, desk_slot: int) -> Path:
    return second / SECOND_ROOT / f"desk{desk_slot}-{center_id[:8]}"


def problem_for(error: OSError, folder: Path) -> Message:
    """A failed write to ``folder`` in words (never a traceback, never a dialog)."""
    where = str(folder)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return Message("backup.folder_full", {"path": where})
    if error.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.ENXIO):
        return Message("backup.folder_missing", {"path": where})
    if error.errno == errno.EROFS:
        return Message("backup.folder_read_only", {"path": where})
    if isinstance(error, PermissionError):
        return Message("backup.folder_denied", {"path": where})
    return Message("backup.folder_failed", {"path": where, "reason": error.strerror or ""})


def check_second_folder(second: Path, needed: int) -> Message | None:
    """Why a backup of ``needed`` bytes cannot go to ``second`` now, or ``None``."""
    if not second.is_dir():
        return Message("backup.folder_missing", {"path": str(second)})
    try:
        free = shutil.disk_usage(second).free
    except OSError as error:
        return problem_for(error, second)
    if free < needed:
        return Message("backup.folder_full", {"path": str(second)})
    return None


def copy_file(source: Path, target: Path) -> None:
    """Copy under a ``.partial`` name, flush, then rename: never a half file that looks
    like a backup."""
    partial = target.with_name(target.name + PARTIAL)
    try:
        new_private_file(partial)
        with open(source, "rb") as src, open(partial, "wb") as dst:
            while chunk := src.read(CHUNK):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def remove_partials(folder: Path) -> None:
    """Files a crash left half-written (``*.partial``) and copies left unpacked."""
    try:
        leftovers = [*folder.glob(f"*{PARTIAL}"), *folder.glob(".copy-*.sqlite*")]
    except OSError:
        return
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            leftover.unlink()


def backups_in(folder: Path, where: str, depth: int = SEARCH_DEPTH) -> list[BackupFile]:
    """Every readable backup in ``folder`` and its subfolders (down to ``depth``), newest
    first. Files that are not backups are passed over; unreadable folders too."""
    found: list[BackupFile] = []

    def walk(current: Path, level: int) -> None:
        try:
            entries = sorted(current.iterdir())
        except OSError:
            return
        for entry in entries:
            try:
                if entry.is_dir() and level < depth:
                    walk(entry, level + 1)
                elif entry.name.endswith(SUFFIX) and is_archive_name(entry.name):
                    manifest = read_manifest(entry)
                    found.append(BackupFile(entry, manifest, entry.stat().st_size, where))
            except (OSError, ArchiveError):
                continue

    walk(folder, 0)
    return sorted(found, key=lambda b: b.manifest.created_at, reverse=True)
