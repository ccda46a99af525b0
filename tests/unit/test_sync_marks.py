"""Whether a record has reached the district, as its row shows it."""

from __future__ import annotations

from sqlalchemy import update

from db.models import ChangeLogEntry, SyncIssue
from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.sync.marks import sync_marks
from desktop.visits import RequestDraft, register_visit
from tests.conftest import Desk


def test_marks_follow_the_change_log_and_the_inbox(desk: Desk) -> None:
    resident = create_resident(
        desk.ctx, desk.admin, ResidentDraft(name="张三", phone="13800135678")
    )
    item = list_service_items(desk.ctx)[0]
    visit = register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item.id)])
    assert sync_marks(desk.ctx, "visit", [visit.id]) == {visit.id: "waiting"}
    with desk.ctx.db.write() as session:
        session.execute(update(ChangeLogEntry).values(pushed_at=desk.ctx.now()))
    assert sync_marks(desk.ctx, "visit", [visit.id]) == {visit.id: "sent"}
    with desk.ctx.db.write() as session:
        session.add(
            SyncIssue(change_id="c-1", entity="visit", entity_id=visit.id, status="rejected")
        )
    assert sync_marks(desk.ctx, "visit", [visit.id]) == {visit.id: "refused"}
    assert sync_marks(desk.ctx, "visit", []) == {}
