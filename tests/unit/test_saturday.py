"""Saturday community: set-up, roster capacity, booking rules, waitlist, check-in, no-shows."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest
from sqlalchemy import select

from db.engine import Database
from db.models import AuditEvent, Booking, SlotShare, Visit
from desktop.errors import UserError, ValidationError
from desktop.saturday import arrivals, bookings, roster, screens, setup
from desktop.saturday.calendar import OpeningHours, saturdays_in_month, slot_times
from desktop.saturday.month import month_calendar
from desktop.saturday.slots import slot_id
from desktop.settings import Settings
from desktop.visits import list_visits
from tests.conftest import Desk
from tests.unit.saturday_fixtures import SATURDAY, SaturdayDesk, make_saturday_desk


@pytest.fixture
def sat(desk: Desk) -> SaturdayDesk:
    return make_saturday_desk(desk)


def _slot(sat: SaturdayDesk, starts: str = "09:00", item: str | None = None) -> str:
    return slot_id(sat.desk.ctx.center_id, SATURDAY, starts, item or sat.item)


def test_slots_follow_the_template_and_capacity_follows_the_roster(sat: SaturdayDesk) -> None:
    overview = screens.day_overview(sat.desk.ctx, SATURDAY)
    times = sorted({(s.starts, s.ends) for s in overview.slots})
    assert times == list(slot_times([OpeningHours("09:00", "12:00", 30)], None))
    assert len(times) == 6
    capacity = {s.service_item_id: s.capacity for s in overview.slots}
    assert capacity == {sat.item: 2, sat.other_item: 4}  # 2 workers × 1 and × 2 cases
    assert sorted(overview.on_duty) == ["值班老王", "管理员"]


def test_slot_ids_are_the_same_on_every_desk(sat: SaturdayDesk) -> None:
    overview = screens.day_overview(sat.desk.ctx, SATURDAY)
    assert _slot(sat) in {s.id for s in overview.slots}
    assert slot_id("c", SATURDAY, "09:00", "x") == slot_id("c", SATURDAY, "09:00", "x")


def test_book_until_full_then_nearest_free_slots_are_offered(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    first = bookings.book(ctx, staff, _slot(sat), sat.residents[0], "phone")
    bookings.book(ctx, staff, _slot(sat), sat.residents[1])
    assert first.status == "confirmed" and first.from_share and first.channel == "phone"
    with pytest.raises(bookings.SlotFullError) as full:
        bookings.book(ctx, staff, _slot(sat), sat.residents[2])
    assert full.value.message.params == {"booked": 2, "capacity": 2, "held": 0}
    assert [a.starts for a in full.value.alternatives] == ["09:30", "10:00", "10:30"]
    assert all(a.free > 0 for a in full.value.alternatives)


def test_one_active_booking_per_resident_and_service(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    with pytest.raises(UserError) as twice:
        bookings.book(ctx, staff, _slot(sat, "10:00"), sat.residents[0])
    assert twice.value.message.code == "saturday.already_booked"
    other = bookings.book(ctx, staff, _slot(sat, "10:00", sat.other_item), sat.residents[0])
    assert other.status == "confirmed"


def test_rules_notice_horizon_closed_workday_and_past(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    sat.at(dt.datetime(2026, 11, 28, 0, 30, tzinfo=dt.UTC))  # 08:30 on the Saturday
    with pytest.raises(UserError) as soon:
        bookings.book(ctx, staff, _slot(sat, "09:30"), sat.residents[0])
    assert soon.value.message.code == "saturday.too_soon"
    sat.at(dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC))  # 11:00
    with pytest.raises(UserError) as past:
        bookings.book(ctx, staff, _slot(sat, "09:00"), sat.residents[0])
    assert past.value.message.code == "saturday.past"
    sat.at(dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC))
    far = SATURDAY + dt.timedelta(weeks=9)
    screens.day_overview(ctx, far)
    with pytest.raises(UserError) as too_far:
        bookings.book(ctx, staff, slot_id(ctx.center_id, far, "09:00", sat.item), sat.residents[0])
    assert too_far.value.message.code == "saturday.too_far"
    setup.set_exception(ctx, staff, SATURDAY, "closed", note="元旦")
    with pytest.raises(UserError) as closed:
        bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    assert closed.value.message.code == "saturday.closed"
    setup.set_exception(ctx, staff, SATURDAY, "workday")
    with pytest.raises(UserError) as workday:
        bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    assert workday.value.message.code == "saturday.workday"
    assert screens.day_overview(ctx, SATURDAY).closed_reason == "workday"


def test_shorter_hours_keep_only_the_slots_inside(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    setup.set_exception(ctx, staff, SATURDAY, "short_hours", "09:00", "10:00")
    open_slots = [s for s in screens.day_overview(ctx, SATURDAY).slots if s.capacity > 0]
    assert sorted({s.starts for s in open_slots}) == ["09:00", "09:30"]


def test_removing_a_worker_lists_bookings_that_no_longer_fit(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    kept = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    moved = bookings.book(ctx, staff, _slot(sat), sat.residents[1])
    flagged = roster.set_roster(ctx, staff, SATURDAY, [staff.id])
    assert [b.id for b in flagged] == [moved.id]
    listing = screens.day_list(ctx, staff, SATURDAY)
    assert [b.id for b in listing.to_reschedule] == [moved.id]
    assert [b.id for b in listing.bookings[_slot(sat)]] == [kept.id]
    rebooked = bookings.reschedule(ctx, staff, moved.id, _slot(sat, "09:30"))
    assert rebooked.status == "confirmed" and not rebooked.needs_reschedule
    assert screens.day_list(ctx, staff, SATURDAY).to_reschedule == []


def test_admin_override_of_places(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    setup.override_capacity(ctx, staff, _slot(sat), 5)
    slot = next(s for s in screens.day_overview(ctx, SATURDAY).slots if s.id == _slot(sat))
    assert (slot.capacity, slot.overridden) == (5, True)
    with pytest.raises(UserError):
        setup.override_capacity(ctx, sat.worker, _slot(sat), 1)
    with pytest.raises(ValidationError):
        setup.override_capacity(ctx, staff, _slot(sat), 201)
    first = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    late = bookings.book(ctx, staff, _slot(sat), sat.residents[1])
    moved = setup.override_capacity(ctx, staff, _slot(sat), 1)  # below booked: listed, not kept
    assert [b.id for b in moved] == [late.id]
    assert [b.id for b in screens.day_list(ctx, staff, SATURDAY).to_reschedule] == [late.id]
    setup.override_capacity(ctx, staff, _slot(sat), None)  # back to the roster's 2 × 1
    slot = next(s for s in screens.day_overview(ctx, SATURDAY).slots if s.id == _slot(sat))
    assert (slot.capacity, slot.overridden, slot.booked) == (2, False, 1)
    assert first.id in {b.id for b in screens.day_list(ctx, staff, SATURDAY).bookings[_slot(sat)]}


def test_cancel_offers_the_place_to_the_first_waiting_resident(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    first = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    bookings.book(ctx, staff, _slot(sat), sat.residents[1])
    early = bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[2], "phone")
    bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[3])
    with pytest.raises(ValidationError):
        bookings.cancel(ctx, staff, first.id, "  ")
    offer = bookings.cancel(ctx, staff, first.id, "居民临时有事")
    assert offer is not None and offer.id == early.id and offer.offered_time == "09:00–09:30"
    booked = bookings.accept_offer(ctx, staff, early.id)
    assert booked.slot_id == _slot(sat) and booked.resident_id == sat.residents[2]
    waiting = screens.day_list(ctx, staff, SATURDAY).waitlist
    assert [w.resident_id for w in waiting] == [sat.residents[3]]


def test_check_in_opens_a_visit_and_no_shows_are_marked_after_the_slot(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    came = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    missed = bookings.book(ctx, staff, _slot(sat), sat.residents[1])
    with pytest.raises(UserError) as early:
        arrivals.check_in(ctx, staff, came.id)
    assert early.value.message.code == "saturday.check_in_not_today"
    sat.at(dt.datetime(2026, 11, 28, 0, 50, tzinfo=dt.UTC))  # 08:50 on the Saturday
    visit = arrivals.check_in(ctx, staff, came.id)
    assert visit.queue_number and visit.requests[0].service_item_id == sat.item
    assert visit.booking_number == came.number  # the day's visit list marks it as booked
    (listed,) = list_visits(ctx, staff, SATURDAY)
    assert listed.booking_number == came.number
    sat.at(dt.datetime(2026, 11, 28, 1, 31, tzinfo=dt.UTC))  # 09:31: the 09:00 slot is over
    listing = screens.day_list(ctx, staff, SATURDAY)
    statuses = {b.id: b.status for b in listing.bookings[_slot(sat)]}
    assert statuses == {came.id: "checked_in", missed.id: "no_show"}
    undone = arrivals.undo_no_show(ctx, staff, missed.id)
    assert undone.status == "confirmed"
    assert arrivals.mark_no_shows(ctx, staff) == 0  # not marked again once undone
    with ctx.db.read() as session:
        assert session.scalars(select(Visit.id)).all() == [visit.id]
        assert session.get(Booking, came.id).visit_id == visit.id  # type: ignore[union-attr]


def test_beyond_this_desks_share_a_booking_waits_for_the_district(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    with ctx.db.write() as session:
        session.add(SlotShare(slot_id=_slot(sat, item=sat.other_item), places=1))
    mine = bookings.book(ctx, staff, _slot(sat, item=sat.other_item), sat.residents[0])
    waits = bookings.book(ctx, staff, _slot(sat, item=sat.other_item), sat.residents[1])
    assert (mine.status, mine.from_share) == ("confirmed", True)
    assert (waits.status, waits.from_share) == ("pending_confirmation", False)


def test_month_calendar_and_resident_history_and_call_list(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    booking = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    month = {m.day: m for m in month_calendar(ctx, staff, 2026, 11).saturdays}
    assert list(month) == saturdays_in_month(2026, 11)
    assert (month[SATURDAY].booked, month[SATURDAY].total) == (1, 6 * 2 + 6 * 4)
    assert month[dt.date(2026, 11, 21)].total == 0  # nobody on duty
    assert [b.id for b in screens.resident_bookings(ctx, staff, sat.residents[0])] == [booking.id]
    calls = screens.call_list(ctx, staff, SATURDAY)
    assert [(c.booking.id, c.phone) for c in calls] == [(booking.id, "13900000000")]
    with ctx.db.read() as session:
        assert "reveal_phone" in session.scalars(select(AuditEvent.action)).all()


def test_rotation_fills_saturdays_in_turn(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    roster.rotate(ctx, staff, [staff.id, sat.worker.id], SATURDAY, weeks=3, per_day=1)
    days = [SATURDAY + dt.timedelta(weeks=w) for w in range(3)]
    assert [roster.on_duty_names(ctx, d) for d in days] == [["管理员"], ["值班老王"], ["管理员"]]


def test_setup_checks_times_and_admin(sat: SaturdayDesk) -> None:
    ctx = sat.desk.ctx
    with pytest.raises(ValidationError) as bad:
        setup.save_sessions(
            ctx,
            sat.desk.admin,
            [OpeningHours("9:00", "12:00", 30), OpeningHours("14:00", "13:00", 30)],
        )
    assert set(bad.value.fields) == {"session.0", "session.1"}
    with pytest.raises(ValidationError):
        setup.save_sessions(
            ctx,
            sat.desk.admin,
            [OpeningHours("09:00", "12:00", 30), OpeningHours("11:00", "13:00", 30)],
        )
    with pytest.raises(UserError) as not_admin:
        setup.save_sessions(ctx, sat.worker, [OpeningHours("09:00", "12:00", 30)])
    assert not_admin.value.message.code == "access.not_allowed"
    Settings(ctx.db).set("saturday.weeks_ahead", 2)
    assert bookings.BookingRules.of(ctx).weeks_ahead == 2


def test_checked_in_residents_are_served_before_walk_ins(sat: SaturdayDesk) -> None:
    from desktop.visits import RequestDraft, register_visit, waiting_ahead

    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    booking = bookings.book(ctx, staff, _slot(sat, "10:00"), sat.residents[0])
    sat.at(dt.datetime(2026, 11, 28, 1, 0, tzinfo=dt.UTC))  # 09:00 on the Saturday
    walk_in = register_visit(ctx, staff, sat.residents[1], [RequestDraft(sat.item)])
    sat.at(dt.datetime(2026, 11, 28, 1, 5, tzinfo=dt.UTC))
    booked = arrivals.check_in(ctx, staff, booking.id)
    assert waiting_ahead(ctx, staff, booked.id) == 0
    assert waiting_ahead(ctx, staff, walk_in.id) == 1


def test_done_closes_the_visit_opened_at_check_in(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    booking = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    sat.at(dt.datetime(2026, 11, 28, 0, 55, tzinfo=dt.UTC))  # 08:55 on the Saturday
    with pytest.raises(UserError) as early:
        arrivals.finish(ctx, staff, booking.id)
    assert early.value.message.code == "saturday.not_checked_in"
    arrivals.check_in(ctx, staff, booking.id)
    (listed,) = screens.day_list(ctx, staff, SATURDAY).bookings[_slot(sat)]
    assert (listed.stage, listed.done) == ("checked_in", False)
    visit = arrivals.finish(ctx, staff, booking.id)
    assert visit.status == "closed" and [r.outcome for r in visit.requests] == ["done"]
    (listed,) = screens.day_list(ctx, staff, SATURDAY).bookings[_slot(sat)]
    assert (listed.status, listed.stage, listed.done) == ("checked_in", "visit_closed", True)
    with pytest.raises(UserError) as again:
        arrivals.finish(ctx, staff, booking.id)
    assert again.value.message.code == "saturday.already_done"
    sat.at(dt.datetime(2026, 11, 28, 4, 0, tzinfo=dt.UTC))  # noon: served ones stay served
    assert arrivals.mark_no_shows(ctx, staff) == 0
    assert screens.resident_bookings(ctx, staff, sat.residents[0])[0].stage == "visit_closed"


def test_an_offered_place_is_kept_for_the_waitlisted_resident(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    first = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    bookings.book(ctx, staff, _slot(sat), sat.residents[1])
    waiting = bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[2])
    after = bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[3])
    bookings.cancel(ctx, staff, first.id, "生病")
    slot = next(s for s in screens.day_overview(ctx, SATURDAY).slots if s.id == _slot(sat))
    assert (slot.booked, slot.held, slot.free) == (1, 1, 0)
    with pytest.raises(bookings.SlotFullError) as kept:  # a walk-up cannot take it meanwhile
        bookings.book(ctx, staff, _slot(sat), sat.residents[4])
    assert kept.value.message.code == "saturday.slot_held"
    assert kept.value.alternatives and _slot(sat) not in {a.id for a in kept.value.alternatives}
    offer = bookings.decline_offer(ctx, staff, waiting.id)  # goes on to the next in line
    assert offer is not None and offer.id == after.id and offer.status == "offered"
    booked = bookings.accept_offer(ctx, staff, after.id)
    assert booked.resident_id == sat.residents[3] and booked.slot_id == _slot(sat)
    slot = next(s for s in screens.day_overview(ctx, SATURDAY).slots if s.id == _slot(sat))
    assert (slot.booked, slot.held, slot.free) == (2, 0, 0)


def test_a_past_saturday_keeps_its_slots_when_the_template_changes(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    sat.at(dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC))  # the Wednesday after
    setup.save_sessions(ctx, staff, [OpeningHours("14:00", "16:00", 60)])
    roster.set_roster(ctx, staff, dt.date(2026, 12, 5), [staff.id])
    past = screens.day_overview(ctx, SATURDAY)
    assert len(past.slots) == 12 and {s.starts for s in past.slots} >= {"09:00", "11:30"}
    month = {m.day: m for m in month_calendar(ctx, staff, 2026, 11).saturdays}
    assert (month[SATURDAY].booked, month[SATURDAY].total) == (1, 6 * 2 + 6 * 4)
    coming = screens.day_overview(ctx, dt.date(2026, 12, 5))
    assert sorted({s.starts for s in coming.slots}) == ["14:00", "15:00"]


def test_a_capacity_cut_takes_back_an_offer_but_keeps_the_residents_turn(
    sat: SaturdayDesk,
) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    first = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    bookings.book(ctx, staff, _slot(sat), sat.residents[1])
    entry = bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[2])
    assert bookings.cancel(ctx, staff, first.id, "出差") is not None
    assert roster.set_roster(ctx, staff, SATURDAY, [sat.worker.id]) == []  # 1 place, 1 booked
    (waiting,) = screens.day_list(ctx, staff, SATURDAY).waitlist
    assert (waiting.id, waiting.status, waiting.offered_slot_id) == (entry.id, "waiting", None)
    slot = next(s for s in screens.day_overview(ctx, SATURDAY).slots if s.id == _slot(sat))
    assert (slot.capacity, slot.booked, slot.held) == (1, 1, 0)


def test_waitlist_rules_and_an_accepted_offer_moves_the_booking_held_elsewhere(
    sat: SaturdayDesk,
) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    later = SATURDAY + dt.timedelta(weeks=1)
    roster.set_roster(ctx, staff, later, [staff.id])
    setup.set_exception(ctx, staff, later + dt.timedelta(weeks=1), "closed", note="国庆")
    for day, code in (
        (SATURDAY - dt.timedelta(weeks=1), "saturday.past"),
        (SATURDAY + dt.timedelta(days=1), "saturday.not_saturday"),
        (later + dt.timedelta(weeks=1), "saturday.closed"),
    ):
        with pytest.raises(UserError) as refused:
            bookings.join_waitlist(ctx, staff, day, sat.item, sat.residents[0])
        assert refused.value.message.code == code
    with pytest.raises(ValidationError):
        bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[0], "sms")

    screens.day_overview(ctx, SATURDAY)
    first = bookings.book(ctx, staff, _slot(sat), sat.residents[0])
    bookings.book(ctx, staff, _slot(sat), sat.residents[1])
    with pytest.raises(UserError) as same_day:  # waiting for the day one already has
        bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[0])
    assert same_day.value.message.code == "saturday.already_booked"
    fallback = bookings.book(
        ctx, staff, slot_id(ctx.center_id, later, "09:00", sat.item), sat.residents[2]
    )
    entry = bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[2], "phone")
    bookings.cancel(ctx, staff, first.id, "改期")
    moved = bookings.accept_offer(ctx, staff, entry.id)
    assert (moved.slot_id, moved.channel) == (_slot(sat), "phone")
    (old,) = [
        b for b in screens.resident_bookings(ctx, staff, sat.residents[2]) if b.id == fallback.id
    ]
    assert old.status == "cancelled"
    with ctx.db.read() as session:
        stored = session.get(Booking, moved.id)
        assert stored is not None and stored.rescheduled_from == fallback.id


def test_free_slots_to_move_a_booking_to_span_the_coming_saturdays(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    later = SATURDAY + dt.timedelta(weeks=1)
    roster.set_roster(ctx, staff, later, [staff.id])
    setup.set_exception(ctx, staff, SATURDAY + dt.timedelta(weeks=2), "closed")
    screens.day_overview(ctx, SATURDAY)
    for n in range(2):  # the 09:00 slot of this Saturday is full
        bookings.book(ctx, staff, _slot(sat), sat.residents[n])
    free = screens.free_slots(ctx, sat.item, SATURDAY)
    assert {s.day for s in free} == {SATURDAY, later}  # closed and unstaffed days have none
    assert _slot(sat) not in {s.id for s in free}
    assert all(s.service_item_id == sat.item and s.free > 0 for s in free)
    assert len(free) == 5 + 6  # the other five slots of this Saturday, six of the next


def test_windows_booking_the_same_slot_at_once_never_overbook(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    screens.day_overview(ctx, SATURDAY)
    other = slot_id(ctx.center_id, SATURDAY, "09:00", sat.other_item)  # 4 places
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def window(resident: str) -> None:
        database = Database.open(ctx.paths.database)  # a window or process of its own
        own = replace(ctx, db=database)
        try:
            start.wait()
            bookings.book(own, staff, other, resident)
            outcomes.append("booked")
        except bookings.SlotFullError as full:
            outcomes.append(full.message.code)
        finally:
            database.dispose()

    threads = [threading.Thread(target=window, args=(r,)) for r in sat.residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] * 4 + ["saturday.slot_full"] * 4
    listing = screens.day_list(ctx, staff, SATURDAY)
    assert len(listing.bookings[other]) == 4
    assert len({b.number for b in listing.bookings[other]}) == 4
