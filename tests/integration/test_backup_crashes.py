"""``kill -9`` during a backup and during a restore: no half file is taken for a backup,
the database is never damaged, and an interrupted restore leaves the previous database."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.ids import uuid7
from desktop.backup import archive, restore, service
from desktop.backup.folders import backups_in
from desktop.bootstrap import desk_context, start
from desktop.paths import DataPaths
from desktop.settings import Settings
from tests.conftest import Desk, new_desk

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
pytestmark = pytest.mark.slow


def _grow(desk: Desk, rows: int = 30_000) -> None:
    """Some tens of megabytes of audit history, so each step takes a moment."""
    conn = sqlite3.connect(desk.ctx.paths.database)
    now = "2026-03-02 01:00:00"
    center, staff = desk.ctx.center_id, desk.admin.id
    conn.executemany(
        "INSERT INTO audit_event (id, center_id, staff_id, action, entity, entity_id, detail,"
        " at, created_at, updated_at, version) VALUES (?, ?, ?, 'bulk', 'x', ?, ?, ?, ?, ?, 1)",
        (
            (uuid7(), center, staff, uuid7(), os.urandom(90).hex(), now, now, now)
            for _ in range(rows)
        ),
    )
    conn.commit()
    conn.close()


def _visits(paths: DataPaths) -> int:
    conn = sqlite3.connect(paths.database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM audit_event").fetchone()[0])
    finally:
        conn.close()


def _run_until(args: list[str], step: str, delay: float) -> None:
    """Start the child, wait for ``step``, let it run ``delay`` seconds, kill -9 it."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_child", *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    deadline = time.monotonic() + 120
    try:
        for line in child.stdout:
            if line.strip() == f"step {step}":
                time.sleep(delay)
                break
            assert time.monotonic() < deadline, f"never reached {step}"
        else:
            pytest.fail(f"the child ended before {step}")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()


@pytest.fixture
def big_desk(tmp_path: Path, fast_passwords: None, no_keyring: None) -> Desk:
    desk = new_desk(tmp_path / "desk")
    _grow(desk)
    return desk


def test_kill_during_a_backup_leaves_no_half_backup_and_the_database_whole(
    big_desk: Desk, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    Settings(big_desk.ctx.db).set("backup.second_folder", str(usb))
    big_desk.startup.db.dispose()
    paths = big_desk.ctx.paths
    rows = _visits(paths)
    chooser = random.Random(20)
    for step in ("copy", "check", "pack", "second", "pack", "copy"):
        _run_until(["backup", str(paths.root)], step, chooser.uniform(0.0, 0.3))
        assert _visits(paths) == rows  # the database is whole
        for found in backups_in(paths.backups, "local") + backups_in(usb, "second"):
            assert found.manifest.good
            archive.extract_database(found.path, tmp_path / "check.sqlite")  # CRC-checked
    startup = start(paths)
    try:
        outcome = service.run_backup(desk_context(startup), "manual")
        assert outcome.made is not None and outcome.second_copied
    finally:
        startup.db.dispose()
    leftovers = [p for p in [*paths.backups.iterdir(), *usb.rglob("*")] if ".partial" in p.name]
    assert leftovers == [] and not list(paths.backups.glob(".copy-*"))


def test_kill_during_a_restore_leaves_the_previous_database(big_desk: Desk, tmp_path: Path) -> None:
    made = service.run_backup(big_desk.ctx, "manual").made
    assert made is not None
    _grow(big_desk, rows=5_000)  # the desk moves on after its backup
    big_desk.startup.db.dispose()
    template = tmp_path / "template"
    shutil.copytree(big_desk.ctx.paths.root, template)
    previous, restored = _visits(big_desk.ctx.paths), made.manifest
    chooser = random.Random(7)
    for step in ("extract", "check_incoming", "keep_aside", "seal", "rename"):
        root = tmp_path / f"desk-{step}"
        shutil.copytree(template, root)
        paths = DataPaths(root)
        backup = root / "backups" / made.path.name
        _run_until(["restore", str(root), str(backup)], step, chooser.uniform(0.0, 0.05))
        cut_short = restore.incoming_path(paths).exists()
        ready = restore._journal_state(paths) == "ready"  # checked, confirmed, staged
        assert cut_short or step == "rename"
        startup = start(paths)
        try:
            rows = _visits(paths)
            if cut_short and not ready:  # cut short before it was ready: undone
                assert rows == previous, step
                assert startup.notice is not None
                assert startup.notice.code == "backup.restore_interrupted"
            elif ready:  # staged for the next start, as F9 leaves it: finished now
                assert rows == restored_rows(restored, paths), step
            else:  # killed after the rename: the restore had happened
                assert rows in (previous, restored_rows(restored, paths)), step
            assert not restore.incoming_path(paths).exists()
            assert not restore.journal_path(paths).exists()
        finally:
            startup.db.dispose()


def restored_rows(manifest: archive.Manifest, paths: DataPaths) -> int:
    """How many audit rows the restored database holds (read from the backup itself)."""
    backup = next(b for b in backups_in(paths.backups, "local") if b.manifest == manifest)
    conn_path = paths.root / "restored-check.sqlite"
    archive.extract_database(backup.path, conn_path)
    conn = sqlite3.connect(conn_path)
    try:
        return int(conn.execute("SELECT count(*) FROM audit_event").fetchone()[0])
    finally:
        conn.close()
        conn_path.unlink()
