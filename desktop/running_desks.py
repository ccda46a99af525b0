"""Which desk processes run on this data folder, so that sign-ins a crash left open end.

A sign-in's secret lives only in the memory of the desk process that opened it
(:mod:`desktop.staff_sessions`): when that process dies without closing (a crash, a power
cut, a kill) its ``staff_session`` rows stay open and no one can use them again. The table
does not say which process opened a row, but each row says when (``started_at``), and a
process opens rows only after it started. So every desk process, for as long as it runs,
holds an OS lock on a file of its own in ``<data>/running/`` named after the moment it
started; the OS lets go of the lock when the process ends, however it ends.

At start-up (:func:`end_left_open`, on the database lane after the first paint) a desk
announces itself, tries each other file's lock (one it gets belonged to a process that is
gone: the file is removed) and ends every open sign-in that started before the earliest
start of the desks still running, itself included, with ``left_open``. A sign-in that
started after another running desk started may be that desk's and is left alone: a crashed
process's rows newer than a still running desk's start end at a later start, when no
running desk is older than them. Two windows of one process are one process here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update

from db.models import StaffSession
from desktop.context import DeskContext
from desktop.db_errors import maps_database_errors
from desktop.file_privacy import PRIVATE_FILE
from desktop.paths import DataPaths
from desktop.staff_sessions import LEFT_OPEN

log = logging.getLogger("desktop.running_desks")

FOLDER = "running"
SUFFIX = ".lock"
_MOMENT = "%Y%m%dT%H%M%S%f"


@dataclass
class RunningDesk:
    """This process's file, held locked while the process runs."""

    path: Path
    started: dt.datetime
    descriptor: int


_this: RunningDesk | None = None


def _folder(paths: DataPaths) -> Path:
    return paths.root / FOLDER


def _try_lock(descriptor: int) -> bool:
    """Take the file's lock without waiting; False when another process holds it."""
    try:
        if sys.platform == "win32":  # pragma: no cover - runs on Windows only
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _started_of(path: Path) -> dt.datetime | None:
    """The start moment in a file's name (``<moment>-<random>.lock``), None if not one."""
    try:
        return dt.datetime.strptime(path.name.split("-")[0], _MOMENT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def announce(paths: DataPaths, started: dt.datetime) -> RunningDesk:
    """Make and lock this process's file (kept until :func:`leave` or the process ends)."""
    folder = _folder(paths)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    moment = started.astimezone(dt.UTC).strftime(_MOMENT)
    path = folder / f"{moment}-{secrets.token_hex(6)}{SUFFIX}"
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    if not _try_lock(descriptor):  # pragma: no cover - a new file no one else knows yet
        os.close(descriptor)
        raise OSError(f"could not lock {path}")
    return RunningDesk(path, started, descriptor)


def leave(desk: RunningDesk) -> None:
    """This process is closing: its file goes (the lock goes with the descriptor)."""
    with contextlib.suppress(OSError):
        desk.path.unlink()
    with contextlib.suppress(OSError):
        os.close(desk.descriptor)


def others_running(paths: DataPaths, own: RunningDesk) -> list[dt.datetime]:
    """The start moments of the other desk processes running on this folder; the files of
    those that are gone are removed."""
    running: list[dt.datetime] = []
    for path in sorted(_folder(paths).glob(f"*{SUFFIX}")):
        started = _started_of(path)
        if path == own.path or started is None:
            continue
        try:
            descriptor = os.open(path, os.O_RDWR)
        except OSError:
            continue  # removed meanwhile by another desk starting
        try:
            if _try_lock(descriptor):
                with contextlib.suppress(OSError):
                    path.unlink()  # its process is gone
            else:
                running.append(started)
        finally:
            os.close(descriptor)
    return running


@maps_database_errors
def end_left_open(ctx: DeskContext, started: dt.datetime) -> int:
    """Announce this desk process (started at ``started``) and end the sign-ins no running
    desk process can hold (see the module text); returns how many were ended."""
    global _this
    if _this is None:
        _this = announce(ctx.paths, started)
    oldest = min([_this.started, *others_running(ctx.paths, _this)])
    with ctx.db.write() as session:
        result = session.execute(
            update(StaffSession)
            .where(StaffSession.ended_at.is_(None), StaffSession.started_at < oldest)
            .values(ended_at=ctx.now(), ended_why=LEFT_OPEN)
            .execution_options(synchronize_session=False)
        )
    ended = int(getattr(result, "rowcount", 0) or 0)
    if ended:
        log.info("ended %d sign-in(s) left open by a desk that is no longer running", ended)
    return ended


def closing() -> None:
    """This process is closing: let go of its file."""
    global _this
    if _this is not None:
        leave(_this)
        _this = None
