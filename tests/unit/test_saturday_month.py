"""F5's data without a screen: the month calendar (booked / total, how full, closed and
调休 days) and the chosen Saturday's time × service grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.saturday import bookings, month, roster, setup
from desktop.saturday.month import (
    FILLING,
    FREE,
    FULL,
    NEARLY_FULL,
    NO_PLACES,
    cell_state,
    fullness,
    month_calendar,
)
from desktop.saturday.slots import slot_id
from tests.conftest import Desk
from tests.unit.saturday_fixtures import SATURDAY, SaturdayDesk, make_saturday_desk

DECEMBER_5 = dt.date(2026, 12, 5)
DECEMBER_12 = dt.date(2026, 12, 12)
DECEMBER_19 = dt.date(2026, 12, 19)


@pytest.fixture
def sat(desk: Desk) -> SaturdayDesk:
    return make_saturday_desk(desk, residents=12)


def test_fullness_levels_from_booked_and_total() -> None:
    assert [fullness(b, 10) for b in (0, 4, 5, 7, 8, 9, 10, 11)] == [
        FREE,
        FREE,
        FILLING,
        FILLING,
        NEARLY_FULL,
        NEARLY_FULL,
        FULL,
        FULL,
    ]
    assert fullness(0, 0) == NO_PLACES
    assert fullness(2, 0) == FULL  # places cut to nothing under bookings


def test_the_month_is_laid_out_monday_to_sunday_with_today_and_the_past(
    sat: SaturdayDesk,
) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    november = month_calendar(ctx, staff, 2026, 11)
    assert all(len(week) == 7 for week in november.weeks)
    assert [d.day.weekday() for d in november.weeks[0]] == list(range(7))
    assert november.weeks[0][0].day == dt.date(2026, 10, 26)  # the Monday before the 1st
    assert not november.weeks[0][0].in_month and november.weeks[0][6].in_month
    assert [d.day for d in november.saturdays] == [dt.date(2026, 11, d) for d in (7, 14, 21, 28)]
    (today,) = [d for week in november.weeks for d in week if d.is_today]
    assert today.day == dt.date(2026, 11, 25)
    assert [d.past for d in november.saturdays] == [True, True, True, False]
    assert november.find(dt.date(2026, 11, 24)) is not None
    assert november.find(dt.date(2026, 11, 24)).level == ""  # type: ignore[union-attr]


def test_each_saturday_has_booked_of_total_and_a_level(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin

    def seen() -> tuple[int, int, str]:
        day = month_calendar(ctx, staff, 2026, 11).find(SATURDAY)
        assert day is not None and day.free == day.total - day.booked
        return day.booked, day.total, day.level

    # 6 slots × (2 workers × 1 case) + 6 slots × (2 workers × 2 cases)
    assert seen() == (0, 36, FREE)
    setup.save_services(ctx, staff, {sat.item: 1, sat.other_item: 1})  # 12 slots × 2
    times = ("09:00", "09:30", "10:00", "10:30", "11:00", "11:30")

    def book(item: str, starts: str, *people: int) -> None:
        slot = slot_id(ctx.center_id, SATURDAY, starts, item)
        for n in people:
            bookings.book(ctx, staff, slot, sat.residents[n])

    for n, starts in enumerate(times[:5]):
        book(sat.item, starts, 2 * n, 2 * n + 1)
    assert seen() == (10, 24, FREE)
    book(sat.other_item, "09:00", 0, 1)
    book(sat.other_item, "09:30", 2, 3)
    assert seen() == (14, 24, FILLING)
    for n, starts in enumerate(times[2:5]):
        book(sat.other_item, starts, 4 + 2 * n, 5 + 2 * n)
    assert seen() == (20, 24, NEARLY_FULL)
    book(sat.item, "11:30", 10, 11)
    book(sat.other_item, "11:30", 10, 11)
    assert seen() == (24, 24, FULL)
    nobody = month_calendar(ctx, staff, 2026, 11).find(dt.date(2026, 11, 21))
    assert nobody is not None and nobody.past and nobody.level == NO_PLACES
    empty = month_calendar(ctx, staff, 2026, 12).find(DECEMBER_5)
    assert empty is not None and (empty.total, empty.level) == (0, NO_PLACES)  # nobody on duty


def test_closed_make_up_working_and_shortened_saturdays_are_told_apart(
    sat: SaturdayDesk,
) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    roster.rotate(ctx, staff, [staff.id, sat.worker.id], DECEMBER_5, 3, 2)
    setup.set_exception(ctx, staff, DECEMBER_5, "closed", note="设备检修")
    setup.set_exception(ctx, staff, DECEMBER_12, "workday", note="调休上班")
    setup.set_exception(ctx, staff, DECEMBER_19, "short_hours", "09:00", "10:00", "社区活动")
    december = {d.day: d for d in month_calendar(ctx, staff, 2026, 12).saturdays}
    closed, workday, short = december[DECEMBER_5], december[DECEMBER_12], december[DECEMBER_19]
    assert (closed.closed_reason, closed.note, closed.total, closed.level) == (
        "closed",
        "设备检修",
        0,
        "",
    )
    assert (workday.closed_reason, workday.note, workday.level) == ("workday", "调休上班", "")
    assert (short.closed_reason, short.short_hours, short.note) == ("", "09:00–10:00", "社区活动")
    assert short.total == 2 * (2 * 1 + 2 * 2) and short.level == FREE


def test_offers_held_for_the_waitlist_count_as_taken(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    slot = slot_id(ctx.center_id, SATURDAY, "09:00", sat.item)
    first = bookings.book(ctx, staff, slot, sat.residents[0])
    bookings.book(ctx, staff, slot, sat.residents[1])
    bookings.join_waitlist(ctx, staff, SATURDAY, sat.item, sat.residents[2])
    bookings.cancel(ctx, staff, first.id, "居民临时有事")  # the place is offered to residents[2]
    day = month_calendar(ctx, staff, 2026, 11).find(SATURDAY)
    assert day is not None and day.booked == 2
    grid = month.day_grid(ctx, staff, SATURDAY)
    held = grid.cells[("09:00", sat.item)]
    assert (held.booked, held.held, held.free, cell_state(held)) == (1, 1, 0, month.CELL_FULL)


@pytest.fixture
def selects(sat: SaturdayDesk) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]).lstrip().upper())

    engine = sat.desk.ctx.db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_a_month_is_counted_in_the_same_few_queries_however_many_saturdays(
    sat: SaturdayDesk, selects: list[str]
) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    roster.rotate(ctx, staff, [staff.id, sat.worker.id], SATURDAY, 10, 2)
    for year, month_ in ((2026, 12), (2027, 1)):  # slots made on their first showing
        month_calendar(ctx, staff, year, month_)
    counts = []
    for year, month_ in ((2026, 12), (2027, 1)):  # four and five Saturdays
        selects.clear()
        month_calendar(ctx, staff, year, month_)
        assert all(q.startswith(("SELECT", "BEGIN", "COMMIT", "ROLLBACK")) for q in selects)
        counts.append(sum(q.startswith("SELECT") for q in selects))
    assert len(month_calendar(ctx, staff, 2027, 1).saturdays) == 5
    assert counts[0] == counts[1] <= 8, counts  # and nothing written once the slots exist


def test_the_day_grid_is_time_rows_by_service_columns(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    slot = slot_id(ctx.center_id, SATURDAY, "09:30", sat.other_item)
    bookings.book(ctx, staff, slot, sat.residents[0])
    grid = month.day_grid(ctx, staff, SATURDAY)
    assert [t[0] for t in grid.times] == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert grid.times[0] == ("09:00", "09:30")
    assert [s.id for s in grid.services] == [sat.item, sat.other_item]  # catalog order
    assert all(s.name for s in grid.services)
    cell = grid.cell(1, 1)
    assert cell is not None and cell.id == slot
    assert (cell.booked, cell.capacity, cell.free, cell_state(cell)) == (1, 4, 3, month.OPEN)
    assert grid.position(slot) == (1, 1)
    assert grid.cell(6, 0) is None and grid.cell(0, 2) is None
    assert (grid.booked, grid.total) == (1, 36)
    assert sorted(grid.on_duty) == ["值班老王", "管理员"]
    only = month.day_grid(ctx, staff, SATURDAY, sat.other_item)
    assert [s.id for s in only.services] == [sat.other_item] and len(only.times) == 6


def test_full_past_and_closed_cells(sat: SaturdayDesk) -> None:
    ctx, staff = sat.desk.ctx, sat.desk.admin
    slot = slot_id(ctx.center_id, SATURDAY, "09:00", sat.item)
    for resident in sat.residents[:2]:
        bookings.book(ctx, staff, slot, resident)
    grid = month.day_grid(ctx, staff, SATURDAY)
    assert cell_state(grid.cells[("09:00", sat.item)]) == month.CELL_FULL
    sat.at(dt.datetime(2026, 11, 28, 1, 40, tzinfo=dt.UTC))  # 09:40 on the Saturday
    grid = month.day_grid(ctx, staff, SATURDAY)
    assert [cell_state(grid.cells[(t, sat.other_item)]) for t, _ in grid.times[:3]] == [
        month.PAST,
        month.PAST,
        month.OPEN,
    ]
    sat.at(dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC))
    nobody_on_duty = month.day_grid(ctx, staff, DECEMBER_5)  # open, but no places
    assert len(nobody_on_duty.cells) == 12
    assert all(cell_state(s) == month.CLOSED for s in nobody_on_duty.cells.values())
    setup.set_exception(ctx, staff, SATURDAY, "closed", note="停电")
    closed = month.day_grid(ctx, staff, SATURDAY)
    assert (closed.closed_reason, closed.note, closed.times) == ("closed", "停电", [])
    assert closed.total == 0 and closed.booked == 0  # its bookings wait to be moved


def test_both_reads_check_the_staff_member(sat: SaturdayDesk, bare_staff: StaffIdentity) -> None:
    ctx: DeskContext = sat.desk.ctx
    made_up = StaffIdentity("0190aaaa-0000-7000-8000-000000000000", "x", "x", "center_admin")
    with pytest.raises(access.AccessRefused):
        month_calendar(ctx, made_up, 2026, 11)
    with pytest.raises(access.AccessRefused):
        month.day_grid(ctx, made_up, SATURDAY)
    assert access.GUARDED["desktop.saturday.month.month_calendar"] == "saturday.read"
    assert access.GUARDED["desktop.saturday.month.day_grid"] == "saturday.read"
