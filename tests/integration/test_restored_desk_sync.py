"""A connected desk restored from a backup keeps syncing with a real district server: what
the district holds comes back, nothing is sent twice, nothing the district holds is lost.

The story: visits A are synced; visits C are recorded; the backup is taken (C not sent
yet); C goes up; visits E are recorded and go up; the PC dies. The backup is restored —
on the same desk (its device and token still there), or on a new PC with the recovery key
and a new enrolment code. A visit D is recorded, the desk syncs. The district's rows are
compared before and after: only D's are new, every earlier row is as it was; the desk holds
A, C, E and D, with nothing left to send and nothing in 需处理.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import ChangeLogEntry, SyncIssue, Visit
from desktop import auth
from desktop.backup import restore, service
from desktop.backup.folders import BackupFile
from desktop.backup.recovery_key import key_text
from desktop.bootstrap import desk_context, start
from desktop.catalog import list_service_items
from desktop.context import DeskContext
from desktop.paths import DataPaths
from desktop.residents import ResidentDraft, create_resident
from desktop.settings import Settings
from desktop.sync import enrolment
from desktop.sync.runner import SyncRunner
from desktop.visits import RequestDraft, register_visit
from district import admin
from district.tables import change
from tests.conftest import Desk, new_desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _visits(ctx: DeskContext, desk: Desk, count: int, who: str) -> set[str]:
    item = list_service_items(ctx)[0].id
    made = set()
    for n in range(count):
        resident = create_resident(
            ctx, desk.admin, ResidentDraft(name=f"{who}{n}", phone=f"1370000{len(who)}{n:03d}")
        )
        made.add(register_visit(ctx, desk.admin, resident.id, [RequestDraft(item)]).id)
    return made


def _sync(ctx: DeskContext) -> None:
    for _ in range(2):
        status = SyncRunner(ctx).run_once()
        assert status.state == "online", status


def _district_rows(district: District, center_id: str) -> dict[str, tuple[Any, ...]]:
    with district.database.read() as conn:
        rows = conn.execute(
            select(
                change.c.change_id,
                change.c.entity,
                change.c.entity_id,
                change.c.status,
                change.c.version,
                change.c.payload,
            ).where(change.c.center_id == center_id)
        ).all()
    return {row.change_id: tuple(row)[1:] for row in rows}


@pytest.fixture
def history(
    district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> Iterator[tuple[Desk, BackupFile, set[str], dict[str, tuple[Any, ...]], str]]:
    """The story up to the dead PC: (desk, backup, visits A+C+E, district rows, key)."""
    center = district.new_center("恢复")
    desk = new_desk(tmp_path / "desk")
    code = admin.issue_enrolment_code(district.database, center)
    enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, "前台 1")
    visits = _visits(desk.ctx, desk, 3, "甲")
    _sync(desk.ctx)
    visits |= _visits(desk.ctx, desk, 3, "丙")
    made = service.run_backup(desk.ctx, "automatic").made
    assert made is not None and made.manifest.connected
    assert made.manifest.key_slot == "center"
    _sync(desk.ctx)
    visits |= _visits(desk.ctx, desk, 2, "戊")
    _sync(desk.ctx)
    rows = _district_rows(district, desk.ctx.center_id)
    key = key_text(desk.ctx.vault.primary_key())
    desk.startup.db.dispose()
    yield desk, made, visits, rows, key


def _check_after(
    district: District,
    ctx: DeskContext,
    before: dict[str, tuple[Any, ...]],
    expected_visits: set[str],
    new_visit: str,
) -> None:
    after = _district_rows(district, ctx.center_id)
    assert {k: after[k] for k in before} == before  # every row the district held, as it was
    new = {k: v for k, v in after.items() if k not in before}
    assert all(row[2] == "accepted" for row in new.values())
    new_visits = {row[1] for row in new.values() if row[0] == "visit"}
    assert new_visits == {new_visit}  # only D went up: nothing sent twice
    assert len({row[1] for row in after.values() if row[0] == "visit"}) == len(expected_visits)
    with ctx.db.read() as session:
        assert set(session.scalars(select(Visit.id))) == expected_visits
        assert session.scalar(select(func.count()).select_from(SyncIssue)) == 0
        pending = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.pushed_at.is_(None))
        )
        assert pending == 0
    assert not Settings(ctx.db).get("sync.restored")


def test_restored_on_the_same_desk_it_catches_up_without_duplicates(
    district: District,
    history: tuple[Desk, BackupFile, set[str], dict[str, tuple[Any, ...]], str],
) -> None:
    desk, backup, visits, before, _key = history
    paths = desk.ctx.paths
    restore.prepare_restore(paths, backup)  # this desk's keys and token are still here
    restore.finish_restore(paths, NOW)
    startup = start(paths)
    try:
        ctx = desk_context(startup)
        with ctx.db.read() as session:
            assert len(set(session.scalars(select(Visit.id)))) == 6  # E is not in the backup
        _sync(ctx)  # nothing new to send: the handshake finds what the district holds
        with ctx.db.read() as session:
            assert set(session.scalars(select(Visit.id))) == visits
        new_visit = _visits(ctx, desk, 1, "丁丁")
        _sync(ctx)
        _check_after(district, ctx, before, visits | new_visit, next(iter(new_visit)))
    finally:
        startup.db.dispose()


def test_restored_on_a_new_pc_with_the_key_and_a_new_code(
    district: District,
    history: tuple[Desk, BackupFile, set[str], dict[str, tuple[Any, ...]], str],
    tmp_path: Path,
) -> None:
    _desk, backup, visits, before, key = history
    paths = DataPaths(tmp_path / "new-pc")  # a new folder: no key, no token here
    paths.ensure()
    restore.prepare_restore(paths, restore.read_backup(backup.path), key)
    restore.finish_restore(paths, NOW)
    startup = start(paths)
    try:
        ctx = desk_context(startup)
        status = SyncRunner(ctx).run_once()  # no token on this PC: said, nothing sent
        assert status.state != "online"
        admin_here = auth.sign_in(ctx, "admin", Desk.ADMIN_PASSWORD)
        code = admin.issue_enrolment_code(district.database, ctx.center_id)
        enrolment.enrol(ctx, admin_here, district.base_url, code, "前台 1（新电脑）")
        new_visit = _visits(ctx, Desk(startup, ctx, admin_here), 1, "丁丁")
        _sync(ctx)
        _check_after(district, ctx, before, visits | new_visit, next(iter(new_visit)))
    finally:
        startup.db.dispose()
