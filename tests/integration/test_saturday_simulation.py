"""Three desks of one center and the online channel book the same Saturday through random
offline periods: no slot is ever overbooked at the district, and every booking a desk made
is either held by the district or waiting in that desk's inbox."""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from db.ids import uuid7
from db.models import Booking, SyncIssue
from desktop.errors import UserError
from desktop.residents import ResidentDraft, create_resident
from desktop.saturday import bookings, screens
from desktop.sync import enrolment
from desktop.sync.runner import SyncRunner
from district import admin
from district.tables import booking_state, saturday_slot
from tests.conftest import Desk, new_desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring
from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk

STEPS = 120
HOLDING = ("confirmed", "pending_confirmation", "checked_in", "no_show")


@pytest.fixture
def three_desks(
    district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> Iterator[list[Desk]]:
    center = district.new_center("幸福里")
    desks = [new_desk(tmp_path / f"desk-{n}") for n in (1, 2, 3)]
    make_saturday_desk(desks[0], residents=0)  # the center admin sets Saturdays up once
    for n, desk in enumerate(desks, start=1):
        desk.ctx.clock = desks[0].ctx.clock
        code = admin.issue_enrolment_code(district.database, center)
        enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, f"前台 {n}")
    screens.day_overview(desks[0].ctx, SATURDAY)
    for desk in desks:  # the set-up and the slots reach the other desks
        SyncRunner(desk.ctx).run_once()
    yield desks
    for desk in desks:
        desk.startup.db.dispose()


def _slots(desk: Desk) -> list[str]:
    return [slot.id for slot in screens.day_overview(desk.ctx, SATURDAY).slots]


def test_no_slot_is_overbooked_and_no_booking_is_lost(
    district: District, three_desks: list[Desk]
) -> None:
    rng = random.Random(20261125)
    slots = _slots(three_desks[0])
    assert slots and all(_slots(desk) == slots for desk in three_desks)
    residents = {
        id(desk): [
            create_resident(
                desk.ctx,
                desk.admin,
                ResidentDraft(name=f"居民{n}号{k}", phone=f"139{n}{k:07d}"),
            ).id
            for k in range(12)
        ]
        for n, desk in enumerate(three_desks)
    }
    channel = admin.create_client(district.database, "小程序", "channel")
    online = {id(desk): True for desk in three_desks}
    made: list[tuple[Desk, str]] = []
    channel_booked = 0
    for _ in range(STEPS):
        desk = rng.choice(three_desks)
        if rng.random() < 0.25:
            online[id(desk)] = not online[id(desk)]
        roll = rng.random()
        if roll < 0.6:
            try:
                view = bookings.book(
                    desk.ctx, desk.admin, rng.choice(slots), rng.choice(residents[id(desk)])
                )
                made.append((desk, view.id))
            except UserError:
                pass  # full as far as this desk knows, or the resident already booked
        elif roll < 0.8:
            answer = httpx.post(
                f"{district.base_url}/api/v1/channels/bookings",
                headers={"Authorization": f"Bearer {channel}"},
                json={
                    "request_id": uuid7(),
                    "slot_id": rng.choice(slots),
                    "resident_name": "网上预约",
                    "phone": f"137{rng.randrange(10**8):08d}",
                },
            )
            assert answer.status_code in (200, 409), answer.text
            channel_booked += answer.status_code == 200
        elif made:
            owner, booking_id = rng.choice(made)
            with contextlib.suppress(UserError):  # already cancelled, or the Saturday passed
                bookings.cancel(owner.ctx, owner.admin, booking_id, "居民有事")
        if online[id(desk)]:
            SyncRunner(desk.ctx).run_once()
    for _ in range(2):  # everyone back online
        for desk in three_desks:
            SyncRunner(desk.ctx).run_once()

    with district.database.engine.connect() as conn:
        capacity = dict(conn.execute(select(saturday_slot.c.id, saturday_slot.c.capacity)).all())
        held = Counter(
            row.slot_id
            for row in conn.execute(
                select(booking_state.c.slot_id).where(booking_state.c.status.in_(HOLDING))
            )
        )
        at_district = {
            row.id
            for row in conn.execute(
                select(booking_state.c.id).where(booking_state.c.status.in_(HOLDING))
            )
        }
    assert all(held[slot] <= capacity[slot] for slot in held), (held, capacity)
    assert channel_booked > 0 and len(made) > 10
    inboxed = 0
    for desk in three_desks:
        with desk.ctx.db.read() as session:
            issues = session.scalars(
                select(SyncIssue).where(
                    SyncIssue.entity == "booking", SyncIssue.resolved_at.is_(None)
                )
            ).all()
            waiting = {issue.entity_id for issue in issues}
            assert {issue.reason_code for issue in issues} <= {"slot_full"}
            own = [
                b
                for b in session.scalars(select(Booking).where(Booking.status.in_(HOLDING)))
                if b.channel == "desk"
            ]
        for booking in own:
            assert booking.id in at_district or booking.id in waiting, booking.number
            if booking.id in at_district:  # the district's decision came back
                assert booking.status != "pending_confirmation", booking.number
        inboxed += len(waiting)
    assert inboxed > 0  # the random run did put desks in each other's way
