"""A booking the district refused never counts as booked: not in the desk's slot places,
not in its figures, and its rebooking invents no cancellation at the district."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Booking, SyncIssue
from desktop.catalog import get_service_item
from desktop.saturday import bookings, screens
from desktop.saturday.month import month_calendar
from desktop.saturday.slots import slot_id
from desktop.statistics.figures import center_figures
from desktop.sync import enrolment, inbox
from desktop.sync.runner import SyncRunner
from district import admin
from district.figures import centers_figures
from protocol.derived_ids import item_id
from tests.conftest import Desk, new_desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring
from tests.unit.saturday_fixtures import SATURDAY, SaturdayDesk, make_saturday_desk

OFFERED: dict[int, tuple[str, str]] = {}
"""Desk number → (line code, name) of the service its Saturday set-up offers."""


@pytest.fixture
def two_saturday_desks(
    district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> Iterator[tuple[str, list[SaturdayDesk]]]:
    center = district.new_center("幸福里")
    made: list[Desk] = []
    desks = []
    for n in (1, 2):
        desk = new_desk(tmp_path / f"desk-{n}")
        made.append(desk)
        desks.append(make_saturday_desk(desk, residents=4))
        offered = get_service_item(desk.ctx, desks[-1].item)  # renamed when the desk joins
        OFFERED[n] = (offered.line_code, offered.name)
        code = admin.issue_enrolment_code(district.database, center)
        enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, f"前台 {n}")
    yield center, desks
    for desk in made:
        desk.startup.db.dispose()


def _sync(desk: Desk) -> None:
    status = SyncRunner(desk.ctx).run_once()
    assert status.state in ("online", "attention"), status


def test_a_refused_booking_counts_nowhere_and_its_rebooking_cancels_nothing(
    district: District, two_saturday_desks: tuple[str, list[SaturdayDesk]]
) -> None:
    center, (first, second) = two_saturday_desks
    one, two = first.desk, second.desk
    for desk in (one, two, one, two):  # both desks' set-up and roster everywhere
        _sync(desk)
    item = item_id(one.ctx.center_id, *OFFERED[1])  # the set-up's item, under the center's id
    screens.day_overview(one.ctx, SATURDAY)
    slot = slot_id(one.ctx.center_id, SATURDAY, "09:00", item)
    places = next(s for s in screens.day_overview(one.ctx, SATURDAY).slots if s.id == slot).capacity
    assert 1 <= places <= len(first.residents)
    for resident in first.residents[:places]:
        bookings.book(one.ctx, one.admin, slot, resident)
    over = bookings.book(two.ctx, two.admin, slot, second.residents[0])  # offline meanwhile
    _sync(one)
    _sync(two)
    with two.ctx.db.read() as session:
        issue = session.scalars(select(SyncIssue).where(SyncIssue.entity_id == over.id)).one()
        assert issue.reason_code == "slot_full"
        refused = session.get(Booking, over.id)
        assert refused is not None and refused.needs_reschedule
    nine = next(s for s in screens.day_overview(two.ctx, SATURDAY).slots if s.id == slot)
    assert nine.booked == places  # not one more than there are
    month = month_calendar(two.ctx, two.admin, SATURDAY.year, SATURDAY.month)
    assert month.find(SATURDAY) is not None and month.find(SATURDAY).booked == places
    figures = center_figures(two.ctx, two.admin, SATURDAY, SATURDAY).figures.saturday
    assert (figures.booked, figures.cancelled) == (places, 0)

    later = slot_id(two.ctx.center_id, SATURDAY, "09:30", item)
    bookings.reschedule(two.ctx, two.admin, over.id, later, issue.reason_zh)
    inbox.resolve(two.ctx, two.admin, issue.id)
    _sync(two)
    _sync(one)
    with district.database.read() as conn:
        at_district = centers_figures(conn, SATURDAY, SATURDAY, SATURDAY, [center])[center]
    assert (at_district.saturday.booked, at_district.saturday.cancelled) == (places + 1, 0)
    for desk in (one, two):  # the desk that was refused, and the other one
        mine = center_figures(desk.ctx, desk.admin, SATURDAY, SATURDAY).figures.saturday
        assert (mine.booked, mine.cancelled) == (places + 1, 0), desk.ctx.desk_slot
    with one.ctx.db.read() as session:
        assert session.get(Booking, over.id) is None  # it never was a booking there

    # a real cancellation still counts everywhere, even when booked and cancelled between syncs
    ten = slot_id(two.ctx.center_id, SATURDAY, "10:00", item)
    real = bookings.book(two.ctx, two.admin, ten, second.residents[1])
    bookings.cancel(two.ctx, two.admin, real.id, "居民有事")
    _sync(two)
    _sync(one)
    with district.database.read() as conn:
        at_district = centers_figures(conn, SATURDAY, SATURDAY, SATURDAY, [center])[center]
    assert at_district.saturday.cancelled == 1
    for desk in (one, two):
        mine = center_figures(desk.ctx, desk.admin, SATURDAY, SATURDAY).figures.saturday
        assert (mine.booked, mine.cancelled) == (places + 1, 1), desk.ctx.desk_slot
