"""Two desks of one center against the real district server: what one records, the other
sees after a sync, once; a local change not yet sent is never overwritten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from db.ids import uuid7
from db.models import Booking, ChangeLogEntry, Resident, SyncIssue, Visit
from desktop.catalog import list_service_items
from desktop.resident_search import search_residents
from desktop.residents import ResidentDraft, create_resident, update_resident
from desktop.saturday import bookings, screens
from desktop.saturday.slots import slot_id
from desktop.sync import enrolment
from desktop.sync.runner import SyncRunner
from desktop.visits import RequestDraft, register_visit
from district import admin
from tests.conftest import Desk, new_desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring
from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk


@pytest.fixture
def center_desks(
    district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> Iterator[list[Desk]]:
    center = district.new_center("幸福里")
    desks = []
    for n in (1, 2):
        desk = new_desk(tmp_path / f"desk-{n}")
        make_saturday_desk(desk, residents=0)
        code = admin.issue_enrolment_code(district.database, center)
        enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, f"前台 {n}")
        desks.append(desk)
    yield desks
    for desk in desks:
        desk.startup.db.dispose()


def _sync(desk: Desk) -> None:
    status = SyncRunner(desk.ctx).run_once()
    assert status.state in ("online", "attention"), status


def _count(desk: Desk, model: type) -> int:
    with desk.ctx.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_what_one_desk_records_the_other_sees_once(center_desks: list[Desk]) -> None:
    first, second = center_desks
    assert first.ctx.center_id == second.ctx.center_id
    assert first.ctx.desk_slot != second.ctx.desk_slot
    resident = create_resident(
        first.ctx, first.admin, ResidentDraft(name="张三丰", phone="13912345678")
    )
    item = list_service_items(first.ctx)[0].id
    visit = register_visit(first.ctx, first.admin, resident.id, [RequestDraft(item)])
    screens.day_overview(first.ctx, SATURDAY)
    slot = slot_id(first.ctx.center_id, SATURDAY, "09:00", item)
    booking = bookings.book(first.ctx, first.admin, slot, resident.id)

    _sync(first)
    log_before = _count(second, ChangeLogEntry)
    _sync(second)
    _sync(second)  # a second round brings nothing twice

    found = search_residents(
        second.ctx, second.admin, "13912345678"
    )  # by the phone: same center key
    assert [r.id for r in found] == [resident.id]
    assert [r.id for r in search_residents(second.ctx, second.admin, "zsf")] == [resident.id]
    with second.ctx.db.read() as session:
        assert session.get(Visit, visit.id) is not None
        pulled = session.get(Booking, booking.id)
        assert pulled is not None and pulled.number == booking.number
        assert session.scalar(select(func.count()).select_from(Resident)) == 1
    # Pulled rows are the district's: they are not sent back.
    new_entries = _count(second, ChangeLogEntry) - log_before
    with second.ctx.db.read() as session:
        entities = set(
            session.scalars(select(ChangeLogEntry.entity).where(ChangeLogEntry.pushed_at.is_(None)))
        )
    assert "resident" not in entities and "visit" not in entities, (new_entries, entities)


def test_an_unsent_local_change_is_not_overwritten_and_the_conflict_is_shown(
    center_desks: list[Desk],
) -> None:
    first, second = center_desks
    resident = create_resident(
        first.ctx, first.admin, ResidentDraft(name="李四", phone="13811112222")
    )
    _sync(first)
    _sync(second)
    # Both desks edit the same resident; the first one's edit reaches the district first.
    update_resident(
        first.ctx,
        first.admin,
        resident.id,
        ResidentDraft(name="李四", phone="13811112222", estate="东区"),
    )
    update_resident(
        second.ctx,
        second.admin,
        resident.id,
        ResidentDraft(name="李四", phone="13811112222", estate="西区"),
    )
    _sync(first)
    status = SyncRunner(second.ctx).run_once()
    with second.ctx.db.read() as session:
        kept = session.get(Resident, resident.id)
        assert kept is not None and kept.estate == "西区"  # the desk's own, never overwritten
    with second.ctx.db.read() as session:
        issues = [(i.entity, i.reason_code) for i in session.scalars(select(SyncIssue))]
    assert issues == [("resident", "version_conflict")]  # in the inbox, in words
    assert status.issues == 1


def test_a_booking_made_online_appears_at_the_desks(
    district: District, center_desks: list[Desk]
) -> None:
    first = center_desks[0]
    item = list_service_items(first.ctx)[0].id
    screens.day_overview(first.ctx, SATURDAY)
    _sync(first)
    slot = slot_id(first.ctx.center_id, SATURDAY, "09:00", item)
    channel = admin.create_client(district.database, "小程序", "channel")
    answer = httpx.post(
        f"{district.base_url}/api/v1/channels/bookings",
        headers={"Authorization": f"Bearer {channel}"},
        json={
            "request_id": uuid7(),
            "slot_id": slot,
            "resident_name": "网上预约",
            "phone": "13700000009",
        },
    )
    assert answer.status_code == 200, answer.text
    for desk in center_desks:
        _sync(desk)
    ids = []
    for desk in center_desks:
        with desk.ctx.db.read() as session:
            online = session.get(Booking, answer.json()["booking_id"])
            assert online is not None and online.channel == "online" and online.slot_id == slot
            ids.append(online.resident_id)
        assert [r.id for r in search_residents(desk.ctx, desk.admin, "13700000009")] == [
            online.resident_id
        ]
    assert ids[0] == ids[1]  # both desks recorded the same person under the same id


def test_desks_that_worked_before_connecting_keep_each_others_numbers_apart(
    district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> None:
    """Both were desk 1 before they were connected: the same queue number on the same day."""
    center = district.new_center("幸福里")
    desks = [new_desk(tmp_path / f"desk-{n}") for n in (1, 2)]
    try:
        visits = []
        for n, desk in enumerate(desks):
            resident = create_resident(
                desk.ctx, desk.admin, ResidentDraft(name=f"周{n}", phone=f"1391111000{n}")
            )
            item = list_service_items(desk.ctx)[0].id
            visits.append(register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item)]))
        assert visits[0].queue_number == visits[1].queue_number
        for n, desk in enumerate(desks, start=1):
            code = admin.issue_enrolment_code(district.database, center)
            enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, f"前台 {n}")
        for desk in (*desks, *desks):
            _sync(desk)
        for desk, own, other in (
            (desks[0], visits[0], visits[1]),
            (desks[1], visits[1], visits[0]),
        ):
            with desk.ctx.db.read() as session:
                mine = session.get(Visit, own.id)
                theirs = session.get(Visit, other.id)
            assert mine is not None and mine.queue_number == own.queue_number
            assert theirs is not None and theirs.queue_number.startswith(other.queue_number + "-")
    finally:
        for desk in desks:
            desk.startup.db.dispose()
