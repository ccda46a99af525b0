"""A desk pushes its change log to the real district server: exactly once, in order,
refusals in the inbox without blocking the rest, recovery after a server restore."""

from __future__ import annotations

import httpx
from sqlalchemy import delete, select

from db.ids import uuid7
from db.models import ChangeLogEntry, SyncIssue
from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.sync import enrolment
from desktop.sync.push import push_pending
from desktop.sync.status import pending_count
from desktop.sync.transport import HttpTransport
from desktop.visits import RequestDraft, register_visit
from district import admin
from district.tables import change, device, entity_state
from tests.conftest import Desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring


def _walk_in(desk: Desk, name: str, phone: str) -> str:
    resident = create_resident(desk.ctx, desk.admin, ResidentDraft(name=name, phone=phone))
    item = list_service_items(desk.ctx)[0]
    return register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item.id)]).id


def _server_rows(district: District, center_id: str) -> dict[str, str]:
    with district.database.engine.connect() as conn:
        rows = conn.execute(
            select(change.c.entity_id, change.c.entity).where(change.c.center_id == center_id)
        )
        return {row.entity_id: row.entity for row in rows}


def test_push_sends_each_change_once_and_keeps_refusals_in_the_inbox(
    district: District, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    center = district.new_center("幸福里")
    code = admin.issue_enrolment_code(district.database, center)
    enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, "前台 1")
    visit_id = _walk_in(desk, "张三", "13800135678")
    transport = HttpTransport(district.base_url)
    try:
        first = push_pending(desk.ctx, transport, batch=3)  # several batches
        assert first.pending == 0 and first.accepted > 0 and pending_count(desk.ctx) == 0
        rows = _server_rows(district, center)
        assert rows[visit_id] == "visit" and "resident" in rows.values()
        assert "staff" in rows.values()  # accounts are the center's: its other desks get them

        with desk.ctx.db.write() as session:  # a lost answer: the same changes go again
            session.execute(
                ChangeLogEntry.__table__.update().values(pushed_at=None)  # type: ignore[attr-defined]
            )
        again = push_pending(desk.ctx, transport)
        assert again.accepted == first.accepted and _server_rows(district, center) == rows

        _walk_in(desk, "李四", "13800135679")
        with district.database.write() as conn:  # the server restored from an older backup
            conn.execute(delete(change).where(change.c.center_id == center))
            conn.execute(delete(entity_state).where(entity_state.c.center_id == center))
            conn.execute(device.update().where(device.c.center_id == center).values(last_seq=0))
        after_restore = push_pending(desk.ctx, transport)
        assert after_restore.pending == 0
        assert visit_id in _server_rows(district, center)
    finally:
        transport.close()
    with desk.ctx.db.read() as session:
        issues = session.scalars(select(SyncIssue)).all()
        assert issues == []


def test_a_refused_change_waits_in_the_inbox_and_the_rest_goes_on(
    district: District, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    from desktop.saturday import bookings, screens
    from desktop.saturday.slots import slot_id
    from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk

    sat = make_saturday_desk(desk, residents=2)
    center = district.new_center("幸福里")
    code = admin.issue_enrolment_code(district.database, center)
    enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, "前台 1")
    screens.day_overview(desk.ctx, SATURDAY)  # the Saturday's slots, made at the desk
    item = list_service_items(desk.ctx)[0].id  # renamed with the center (sat.item is older)
    slot = slot_id(desk.ctx.center_id, SATURDAY, "09:00", item)
    transport = HttpTransport(district.base_url)
    try:
        assert push_pending(desk.ctx, transport).refused == 0  # the district knows the slots
        channel = admin.create_client(district.database, "小程序", "channel")
        for n in range(2):  # the online channel takes both places the district holds
            booked = httpx.post(
                f"{district.base_url}/api/v1/channels/bookings",
                headers={"Authorization": f"Bearer {channel}"},
                json={
                    "request_id": uuid7(),
                    "slot_id": slot,
                    "resident_name": f"网上{n}",
                    "phone": f"1370000000{n}",
                },
            )
            assert booked.status_code == 200, booked.text
        booking = bookings.book(desk.ctx, desk.admin, slot, sat.residents[0])  # offline
        visit_id = _walk_in(desk, "王五", "13800135670")
        summary = push_pending(desk.ctx, transport)
    finally:
        transport.close()
    assert summary.pending == 0 and summary.refused == 1
    with desk.ctx.db.read() as session:
        issue = session.scalars(select(SyncIssue).where(SyncIssue.entity_id == booking.id)).one()
    assert issue.status == "conflict" and issue.reason_code == "slot_full" and issue.reason_zh
    assert visit_id in _server_rows(district, center)  # the rest went on
