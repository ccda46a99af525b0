"""Faults the desk's sync must survive, each against a real district server process: the
server killed in the middle of a push, the desk's clock wrong by hours. After each, nothing
is lost and nothing is counted twice on either side."""

from __future__ import annotations

import datetime as dt
import signal
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import ChangeLogEntry
from desktop.settings import Settings
from desktop.sync import enrolment
from desktop.sync.push import push_pending
from desktop.sync.runner import SyncRunner
from desktop.sync.status import pending_count
from desktop.sync.transport import HttpTransport, Reply, SyncError
from district import admin
from district.database import DistrictDatabase
from tests.conftest import Desk
from tests.integration.desk_sync_helpers import center_and_code, server_changes, walk_ins
from tests.integration.district_server import free_port, start_server, stop_server
from tests.memory_keyring import MemoryKeyring


class KillsServerAfter:
    """Sends through HTTP; after ``sends`` requests the server process is killed outright."""

    def __init__(self, base: str, process: Any, sends: int) -> None:
        self.inner = HttpTransport(base)
        self.process = process
        self.left = sends

    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        if self.left == 0:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.left -= 1
        return self.inner.send(method, path, **kwargs)

    def close(self) -> None:
        self.inner.close()


def test_server_killed_during_a_push_loses_and_doubles_nothing(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    center, code = center_and_code(server_url)
    port = free_port()
    process, base = start_server(server_url, port=port)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        walk_ins(desk, 30)
        dying = KillsServerAfter(base, process, sends=2)
        with pytest.raises(SyncError) as cut:
            push_pending(desk.ctx, dying, batch=20)
        dying.close()
        assert cut.value.message.code == "sync.offline"
        assert pending_count(desk.ctx) > 0  # the rest waits on the desk
    finally:
        stop_server(process)
    process, base = start_server(server_url, port=port)  # back up, same address
    try:
        transport = HttpTransport(base)
        summary = push_pending(desk.ctx, transport, batch=20)
        transport.close()
    finally:
        stop_server(process)
    assert summary.pending == 0 and summary.refused == 0
    with desk.ctx.db.read() as session:
        sent = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.push_seq.is_not(None))
        )
    total, distinct = server_changes(server_url, center)
    assert total == distinct == sent  # every change once, none twice


def test_a_desk_clock_hours_wrong_changes_nothing(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    center, code = center_and_code(server_url)
    desk.ctx.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)
    process, base = start_server(server_url)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        walk_ins(desk, 3)
        status = SyncRunner(desk.ctx).run_once()
        desk.ctx.clock = lambda: dt.datetime.now(dt.UTC) - dt.timedelta(hours=9)
        walk_ins(desk, 1, first=100)
        again = SyncRunner(desk.ctx).run_once()
    finally:
        stop_server(process)
    assert status.state == "online" and again.state == "online" and again.pending == 0
    total, distinct = server_changes(server_url, center)
    assert total == distinct > 0
    assert Settings(desk.ctx.db).get("sync.cursor") > 0  # the cursor is the server's sequence


DIES_AFTER_SEND = """
import os, sys
from desktop import bootstrap
from desktop.paths import DataPaths
from desktop.sync.push import push_pending
from desktop.sync.transport import HttpTransport

class Token:
    def get(self):
        return os.environ["DESK_TOKEN"]

class DiesAfterSend(HttpTransport):
    def send(self, method, path, **kwargs):
        reply = super().send(method, path, **kwargs)
        os._exit(9)  # killed after the server applied the batch, before the desk noted it

from pathlib import Path
startup = bootstrap.start(DataPaths(Path(sys.argv[1])))
push_pending(bootstrap.desk_context(startup), DiesAfterSend(sys.argv[2]), Token(), batch=20)
"""


def test_desk_killed_during_a_push_sends_again_and_nothing_doubles(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    import os
    import subprocess
    import sys

    from desktop.sync.token_store import TokenStore

    center, code = center_and_code(server_url)
    process, base = start_server(server_url)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        walk_ins(desk, 10)
        token = TokenStore(desk.ctx.paths).get()
        assert token
        killed = subprocess.run(
            [sys.executable, "-c", DIES_AFTER_SEND, str(desk.ctx.paths.root), base],
            env={**os.environ, "DESK_TOKEN": token},
            capture_output=True,
            timeout=120,
        )
        assert killed.returncode == 9, killed.stderr.decode()[-2000:]
        waiting = pending_count(desk.ctx)
        assert waiting > 0  # the desk never learnt that the first batch arrived
        transport = HttpTransport(base)
        summary = push_pending(desk.ctx, transport, batch=20)
        transport.close()
    finally:
        stop_server(process)
    assert summary.pending == 0 and summary.refused == 0
    with desk.ctx.db.read() as session:
        sent = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.push_seq.is_not(None))
        )
    total, distinct = server_changes(server_url, center)
    assert total == distinct == sent


def test_a_whole_day_without_the_server_loses_nothing(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    """Open at 08:30, the server unreachable until after 17:30: every round fails in words,
    the desk works on, and everything arrives once when the server is back."""
    center, code = center_and_code(server_url)
    port = free_port()
    process, base = start_server(server_url, port=port)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
    finally:
        stop_server(process)
    opening = dt.datetime(2026, 11, 25, 0, 30, tzinfo=dt.UTC)  # 08:30 in Shanghai
    runner = SyncRunner(desk.ctx)
    for hour in range(10):
        desk.ctx.clock = lambda hour=hour: opening + dt.timedelta(hours=hour)
        walk_ins(desk, 12, first=hour * 12)
        status = runner.run_once()
        assert status.state == "offline" and status.message is not None
        assert status.pending == pending_count(desk.ctx) > 0
    waiting = pending_count(desk.ctx)
    process, base = start_server(server_url, port=port)  # the same address, back at 18:40
    try:
        back = runner.run_once()
    finally:
        stop_server(process)
    assert back.state == "online" and back.pending == 0, back
    total, distinct = server_changes(server_url, center)
    assert total == distinct >= waiting


def test_a_revoked_desk_says_so_keeps_its_work_and_enrols_again(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    database = DistrictDatabase.open(server_url)
    center = admin.create_center(database, "幸福里")
    process, base = start_server(server_url)
    try:
        first = enrolment.enrol(
            desk.ctx, desk.admin, base, admin.issue_enrolment_code(database, center), "前台 1"
        )
        walk_ins(desk, 3)
        assert SyncRunner(desk.ctx).run_once().state == "online"
        admin.revoke_device(database, first.device_id)
        walk_ins(desk, 4, first=10)
        refused = SyncRunner(desk.ctx).run_once()
        assert refused.state == "attention" and refused.message is not None
        assert refused.message.code == "sync.token_revoked"
        assert refused.pending == pending_count(desk.ctx) > 0  # the new work is kept
        again = enrolment.enrol(
            desk.ctx, desk.admin, base, admin.issue_enrolment_code(database, center), "前台 1"
        )
        assert again.device_id != first.device_id
        back = SyncRunner(desk.ctx).run_once()
    finally:
        stop_server(process)
        database.dispose()
    assert back.state == "online" and back.pending == 0 and back.issues == 0, back
    total, distinct = server_changes(server_url, center)
    assert total == distinct
