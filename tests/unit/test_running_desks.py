"""Sign-ins a crashed desk process left open end at the next start, and only those: a
sign-in that another running desk process may hold stays open (desktop/running_desks.py)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.models import StaffSession
from desktop import running_desks
from desktop.context import DeskContext, StaffIdentity
from desktop.paths import DataPaths

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parents[2]


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture(autouse=True)
def this_process_closes() -> Iterator[None]:
    yield
    running_desks.closing()


def _sign_in(ctx: DeskContext, staff: StaffIdentity, started: dt.datetime) -> str:
    key = secrets.token_hex(32)
    with ctx.db.write() as session:
        session.add(
            StaffSession(
                secret_hash=key, staff_id=staff.id, started_at=started, last_seen_at=started
            )
        )
    return key


def _endings(ctx: DeskContext) -> dict[str, str | None]:
    with ctx.db.read() as session:
        return {row.secret_hash: row.ended_why or None for row in session.query(StaffSession)}


def _files(paths: DataPaths) -> list[str]:
    return sorted(p.name for p in (paths.root / running_desks.FOLDER).glob("*.lock"))


def test_only_sign_ins_older_than_every_running_desk_end(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    ctx, paths = bare_ctx, bare_ctx.paths
    ctx.clock = lambda: at(30)
    crashed = running_desks.announce(paths, at(1))
    os.close(crashed.descriptor)  # the process died: the OS let go of its lock, the file stays
    other = running_desks.announce(paths, at(10))  # another desk window, still running
    try:
        left = _sign_in(ctx, bare_staff, at(5))  # the crashed desk's
        maybe_other = _sign_in(ctx, bare_staff, at(15))  # after the other desk started
        mine = _sign_in(ctx, bare_staff, at(25))  # after this desk started

        assert running_desks.end_left_open(ctx, at(20)) == 1

        after = _endings(ctx)
        assert after[left] == "left_open"
        assert after[maybe_other] is None and after[mine] is None
        names = _files(paths)
        assert crashed.path.name not in names  # the gone process's file is removed
        assert other.path.name in names and len(names) == 2  # the other's and this desk's
        assert running_desks.end_left_open(ctx, at(20)) == 0  # once only
    finally:
        running_desks.leave(other)
    running_desks.closing()
    assert _files(paths) == []


CHILD = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from desktop import running_desks
    from desktop.paths import DataPaths
    started = dt.datetime.fromisoformat(sys.argv[2])
    running_desks.announce(DataPaths(__import__("pathlib").Path(sys.argv[1])), started)
    print("ready", flush=True)
    time.sleep(60)
    """
)


def _child(paths: DataPaths, started: dt.datetime) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(paths.root), started.isoformat()],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def test_a_killed_desk_process_is_told_from_a_running_one(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    ctx, paths = bare_ctx, bare_ctx.paths
    ctx.clock = lambda: at(30)
    killed = _child(paths, at(1))
    running = _child(paths, at(10))
    try:
        killed.kill()  # no clean-up of any kind
        killed.wait(10)
        crashed_sign_in = _sign_in(ctx, bare_staff, at(2))
        may_be_running = _sign_in(ctx, bare_staff, at(11))
        assert running_desks.end_left_open(ctx, at(20)) == 1
        after = _endings(ctx)
        assert after[crashed_sign_in] == "left_open"
        assert after[may_be_running] is None
        assert len(_files(paths)) == 2  # the running child's and this process's
    finally:
        for child in (killed, running):
            child.kill()
            child.wait(10)
            if child.stdout is not None:
                child.stdout.close()
