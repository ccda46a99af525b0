"""The change log is written in the same transaction as every synced change."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from db.changelog import HardDeleteError
from db.ids import uuid7, uuid7_time_ms
from db.models import Center, ChangeLogEntry, Staff
from desktop.context import DeskContext


def _log(ctx: DeskContext) -> list[ChangeLogEntry]:
    with ctx.db.read() as session:
        return list(session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.seq)))


def test_insert_update_and_tombstone_are_logged_in_order(bare_ctx: DeskContext) -> None:
    with bare_ctx.db.write() as session:
        center = session.get_one(Center, bare_ctx.center_id)
        center.hotline = "023-12345678"
    with bare_ctx.db.write() as session:
        session.get_one(Center, bare_ctx.center_id).mark_deleted()
    log = _log(bare_ctx)
    assert [(e.entity, e.op, e.version) for e in log] == [
        ("center", "insert", 1),
        ("center", "update", 2),
        ("center", "delete", 3),
    ]
    assert json.loads(log[1].payload)["hotline"] == "023-12345678"
    assert all(e.pushed_at is None for e in log)


def test_rolled_back_change_leaves_no_log_entry(bare_ctx: DeskContext) -> None:
    before = len(_log(bare_ctx))
    with pytest.raises(RuntimeError), bare_ctx.db.write() as session:
        session.get_one(Center, bare_ctx.center_id).name = "改名"
        session.flush()
        raise RuntimeError("crash before commit")
    assert len(_log(bare_ctx)) == before
    with bare_ctx.db.read() as session:
        assert session.get_one(Center, bare_ctx.center_id).name == "测试党群服务中心"


def test_hard_delete_of_synced_row_is_refused(bare_ctx: DeskContext) -> None:
    with bare_ctx.db.write() as session:
        session.add(
            Staff(
                center_id=bare_ctx.center_id,
                username="u",
                display_name="U",
                role="front_desk",
                password_hash="!",
            )
        )
    with pytest.raises(HardDeleteError), bare_ctx.db.write() as session:
        session.delete(session.scalars(select(Staff)).one())
    with bare_ctx.db.read() as session:
        assert session.scalars(select(Staff)).one().username == "u"


def test_uuid7_is_time_ordered_and_unique() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert all(i[14] == "7" for i in ids)
    assert uuid7_time_ms(ids[-1]) >= uuid7_time_ms(ids[0])
