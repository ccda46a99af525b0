"""Automatic backups: consistent copies, checked, compressed, kept in generations, copied
to a second folder when it is there, and every trouble said in words."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import sqlite3
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from desktop.backup import archive, service
from desktop.backup.folders import SECOND_ROOT, backups_in
from desktop.backup.generations import Generation, Policy, to_keep
from desktop.backup.state import load_state
from desktop.catalog import list_service_items
from desktop.i18n import Translator
from desktop.residents import ResidentDraft, create_resident
from desktop.settings import Settings
from desktop.visits import RequestDraft, register_visit
from tests.conftest import Desk
from tests.unit.backup_fixtures import MovableClock, corrupt_an_index, fill


def _unpacked(backup: Path, into: Path) -> sqlite3.Connection:
    archive.extract_database(backup, into)
    return sqlite3.connect(into)


def test_a_backup_is_a_checked_compressed_private_copy(desk: Desk, tmp_path: Path) -> None:
    visits = fill(desk)
    outcome = service.run_backup(desk.ctx, "manual")
    made = outcome.made
    assert made is not None and outcome.local_problem is None
    assert made.path.parent == desk.ctx.paths.backups and made.manifest.good
    assert (made.manifest.residents, made.manifest.visits) == (5, len(visits))
    assert made.manifest.center_name == "测试社区党群服务中心"
    assert made.manifest.key_fingerprint == desk.ctx.vault.fingerprint
    assert made.size < made.manifest.database_bytes / 2  # compressed
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    conn = _unpacked(made.path, tmp_path / "copy.sqlite")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM visit").fetchone()[0] == len(visits)
    conn.close()
    assert not list(desk.ctx.paths.backups.glob(".copy-*"))  # the unpacked copy is gone
    state = load_state(desk.ctx.paths)
    assert state.last_good_name == made.path.name


def test_a_backup_during_heavy_writes_is_one_consistent_state(desk: Desk, tmp_path: Path) -> None:
    item = list_service_items(desk.ctx)[0].id
    draft = ResidentDraft(name="王五", phone="13800001111")
    resident = create_resident(desk.ctx, desk.admin, draft)
    drafts = [RequestDraft(item), RequestDraft(item, description="第二件事")]
    stop = threading.Event()
    written = [0]

    def keep_writing() -> None:
        while not stop.is_set():
            register_visit(desk.ctx, desk.admin, resident.id, drafts)
            written[0] += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    made = []
    try:
        while len(made) < 4:
            outcome = service.run_backup(desk.ctx, "automatic")
            assert outcome.made is not None, outcome
            made.append(outcome.made)
    finally:
        stop.set()
        writer.join()
    counts = []
    for n, backup in enumerate(made):
        conn = _unpacked(backup.path, tmp_path / f"copy-{n}.sqlite")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        one = conn.execute

        visits = one("SELECT count(*) FROM visit").fetchone()[0]
        requests = one("SELECT count(*) FROM request").fetchone()[0]
        logged = dict(one("SELECT entity, count(*) FROM change_log GROUP BY entity").fetchall())
        numbers = one("SELECT count(DISTINCT queue_number) FROM visit").fetchone()[0]
        counter = one("SELECT coalesce(sum(last), 0) FROM queue_counter").fetchone()[0]
        conn.close()
        # Every visit came with its two requests, its change-log rows and its queue number.
        assert requests == 2 * visits
        assert logged.get("visit", 0) == visits and logged.get("request", 0) == requests
        assert numbers == visits == counter
        assert backup.manifest.visits == visits
        counts.append(visits)
    assert written[0] > counts[0] or counts[-1] > counts[0]  # the writer was really running


def test_a_copy_failing_its_check_is_marked_and_not_the_last_good_one(desk: Desk) -> None:
    fill(desk)
    good = service.run_backup(desk.ctx).made
    assert good is not None and good.manifest.good
    desk.startup.db.dispose()
    corrupt_an_index(desk.ctx.paths.database)
    outcome = service.run_backup(desk.ctx)
    damaged = outcome.made
    assert damaged is not None and not damaged.manifest.good
    assert damaged.path.name.endswith("-damaged.zip")
    state = load_state(desk.ctx.paths)
    assert state.last_good_name == good.path.name
    status = service.backup_status(desk.ctx)
    assert status.damaged and status.last_local == good.manifest.created


def test_generations_are_pruned_on_disk_with_a_fake_clock(desk: Desk) -> None:
    clock = MovableClock()
    desk.ctx.clock = clock
    settings = Settings(desk.ctx.db)
    for key, value in (("recent", 3), ("daily", 2), ("weekly", 2), ("monthly", 2)):
        settings.set(f"backup.keep_{key}", value)
    made: list[Generation] = []
    for _ in range(40):  # 40 backups, 9 hours apart: about 15 days
        outcome = service.run_backup(desk.ctx)
        assert outcome.made is not None
        made.append(Generation(outcome.made.path.name, clock.now, True))
        clock.advance(hours=9)
    on_disk = {b.path.name for b in backups_in(desk.ctx.paths.backups, "local", depth=0)}
    expected = to_keep(made, Policy(3, 2, 2, 2), "Asia/Shanghai")
    assert on_disk == expected
    assert 3 <= len(on_disk) <= 9


def test_a_backup_is_due_after_the_interval_of_use_and_only_when_something_changed(
    desk: Desk,
) -> None:
    clock = MovableClock()
    desk.ctx.clock = clock
    assert service.backup_due(desk.ctx)  # never backed up
    service.run_backup(desk.ctx)
    clock.advance(minutes=31)
    assert not service.backup_due(desk.ctx)  # nothing written since
    fill(desk, residents=1, visits_each=1)
    assert service.backup_due(desk.ctx)
    service.run_backup(desk.ctx)
    fill(desk, residents=1, visits_each=1)
    clock.advance(minutes=29)
    assert not service.backup_due(desk.ctx)  # changed, but within the 30 minutes
    clock.advance(minutes=2)
    assert service.backup_due(desk.ctx)
    assert service.run_backup_if_changed(desk.ctx, "sign_out").made is not None
    assert service.run_backup_if_changed(desk.ctx, "exit").skipped == "unchanged"


def test_the_second_folder_gets_a_copy_and_the_status_says_when(desk: Desk, tmp_path: Path) -> None:
    clock = MovableClock()
    desk.ctx.clock = clock
    usb = tmp_path / "usb"
    usb.mkdir()
    Settings(desk.ctx.db).set("backup.second_folder", str(usb))
    outcome = service.run_backup(desk.ctx)
    assert outcome.second_copied and outcome.second_problem is None
    copies = backups_in(usb, "second")
    assert [c.path.name for c in copies] == [outcome.made.path.name]  # type: ignore[union-attr]
    assert copies[0].path.parent.parent.name == SECOND_ROOT
    status = service.backup_status(desk.ctx)
    assert status.last_offsite == clock.now and not status.offsite_overdue
    clock.advance(hours=25)
    assert service.backup_status(desk.ctx).offsite_overdue


def test_a_missing_second_folder_is_said_in_words_and_the_backup_stays_here(
    desk: Desk, tmp_path: Path
) -> None:
    usb = tmp_path / "media" / "USB-DISK"  # not plugged in: the mount point is not there
    Settings(desk.ctx.db).set("backup.second_folder", str(usb))
    outcome = service.run_backup(desk.ctx)
    assert outcome.made is not None and outcome.made.path.exists()
    assert outcome.second_problem is not None
    assert outcome.second_problem.code == "backup.folder_missing"
    assert not usb.exists()  # never created on this PC's own disk
    text = Translator().message(outcome.second_problem)
    assert "U 盘没有插上" in text and str(usb) in text
    status = service.backup_status(desk.ctx)
    assert status.offsite_problem == outcome.second_problem
    assert status.last_offsite is None and status.offsite_overdue
    # Plugged in again: the next backup goes there and the problem is gone.
    usb.mkdir(parents=True)
    again = service.run_backup(desk.ctx)
    assert again.second_copied and service.backup_status(desk.ctx).offsite_problem is None


def test_a_full_second_folder_is_said_in_words(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    Settings(desk.ctx.db).set("backup.second_folder", str(usb))
    real_usage = shutil.disk_usage
    monkeypatch.setattr(
        shutil,
        "disk_usage",
        lambda path: real_usage(path)._replace(free=10) if Path(path) == usb else real_usage(path),
    )
    outcome = service.run_backup(desk.ctx)
    assert outcome.second_problem is not None
    assert outcome.second_problem.code == "backup.folder_full"
    monkeypatch.setattr(shutil, "disk_usage", real_usage)

    def no_space(source: Path, target: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("desktop.backup.folders.copy_file", no_space)
    outcome = service.run_backup(desk.ctx)
    assert outcome.second_problem is not None
    assert outcome.second_problem.code == "backup.folder_full"
    assert not list(usb.rglob("*.partial"))


def test_a_full_disk_here_is_said_in_words_not_raised(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(archive, "write_archive", no_space)
    outcome = service.run_backup(desk.ctx)
    assert outcome.made is None and outcome.local_problem is not None
    assert outcome.local_problem.code == "backup.folder_full"
    assert service.backup_status(desk.ctx).local_problem == outcome.local_problem
    assert not list(desk.ctx.paths.backups.glob(".copy-*"))


def test_a_half_written_backup_is_never_taken_for_one(desk: Desk) -> None:
    made = service.run_backup(desk.ctx).made
    assert made is not None
    half = made.path.with_name(archive.archive_name(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)))
    half.write_bytes(made.path.read_bytes()[: made.size // 2])
    names = [b.path.name for b in backups_in(desk.ctx.paths.backups, "local")]
    assert names == [made.path.name]
    with zipfile.ZipFile(made.path) as packed:
        assert set(packed.namelist()) == {archive.MANIFEST, archive.DATABASE}
