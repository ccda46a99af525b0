"""Sync hears of local changes: after the commit of a transaction that wrote the change log."""

from __future__ import annotations

import pytest

from db.models import Resident
from desktop import changes
from desktop.changes import EntityChanges
from desktop.residents import ResidentDraft, create_resident
from desktop.settings import Settings
from desktop.sync import notify
from tests.conftest import Desk


def _draft(name: str = "赵六") -> ResidentDraft:
    return ResidentDraft(name=name, phone="13800138000")


def test_a_committed_synced_change_calls_back_once(desk: Desk) -> None:
    calls: list[int] = []
    unsubscribe = notify.subscribe(lambda: calls.append(1))
    try:
        made = create_resident(desk.ctx, desk.admin, _draft())
        assert calls == [1]
        with desk.ctx.db.write() as session:
            row = session.get(Resident, made.id)
            assert row is not None
            row.estate = "幸福小区"
        assert calls == [1, 1]
    finally:
        unsubscribe()
    create_resident(desk.ctx, desk.admin, _draft("钱七"))
    assert calls == [1, 1]  # unsubscribed


def test_local_only_writes_reads_and_rollbacks_stay_quiet(desk: Desk) -> None:
    made = create_resident(desk.ctx, desk.admin, _draft())
    calls: list[int] = []
    unsubscribe = notify.subscribe(lambda: calls.append(1))
    try:
        Settings(desk.ctx.db).set("sync.center_name", "不上报的设置")
        with desk.ctx.db.read() as session:
            session.get(Resident, made.id)
            session.commit()
        with pytest.raises(RuntimeError), desk.ctx.db.write() as session:
            row = session.get(Resident, made.id)
            assert row is not None
            row.estate = "幸福小区"
            session.flush()  # the change log is written, then rolled back
            raise RuntimeError("cut short")
        with desk.ctx.db.write() as session:  # the rolled-back flag does not linger
            session.get(Resident, made.id)
        assert calls == []
    finally:
        unsubscribe()


def test_the_screens_hear_which_entities_a_commit_wrote(desk: Desk) -> None:
    heard: list[EntityChanges] = []
    unsubscribe = changes.subscribe(heard.append)
    try:
        Settings(desk.ctx.db).set("sync.center_name", "不上报的设置")
        assert heard == []  # nothing synced was written
        made = create_resident(desk.ctx, desk.admin, _draft())
    finally:
        unsubscribe()
    assert [h.origin for h in heard] == ["local"]
    assert heard[0].ids["resident"] == frozenset({made.id})
    assert heard[0].touches(("visit", "resident")) and not heard[0].touches(("booking",))
