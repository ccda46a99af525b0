"""What F5's month calendar and its slot grid show, as plain data.

:func:`month_calendar` lays a month out Monday to Sunday, weeks as rows, and gives each
Saturday its places booked and in total, how full it is, and whether it is closed or a
make-up working day (调休). Its counts come from a few grouped queries for the whole month
(exceptions, places, bookings, offers), not from one pass per Saturday; only a coming
Saturday shown for the first time has its slots made first.

:func:`day_grid` gives the chosen Saturday's slots as time rows × service columns, each
cell a :class:`~desktop.saturday.views.SlotView` with its state (free, full, closed, past).
"""

from __future__ import annotations

import calendar as month_layout
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Booking, SaturdayException, SaturdaySlot, WaitlistEntry
from db.models.saturday import HOLDING_STATUSES
from desktop import access
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.saturday import slots as slot_rules
from desktop.saturday.calendar import is_saturday
from desktop.saturday.views import SlotView, slot_views, staff_names

# How full an open Saturday is, from its places: the levels F5's calendar colours and
# names (also in words, never by colour alone).
FREE, FILLING, NEARLY_FULL, FULL = "free", "filling", "nearly_full", "full"
NO_PLACES = "no_places"  # open, but nobody on duty or nothing offered
LEVELS = (FREE, FILLING, NEARLY_FULL, FULL)
FILLING_FROM = 0.5
NEARLY_FULL_FROM = 0.8


def fullness(booked: int, total: int) -> str:
    """The level of a Saturday with ``booked`` of ``total`` places taken."""
    if total <= 0:
        return FULL if booked else NO_PLACES
    if booked >= total:
        return FULL
    share = booked / total
    if share >= NEARLY_FULL_FROM:
        return NEARLY_FULL
    if share >= FILLING_FROM:
        return FILLING
    return FREE


@dataclass(frozen=True)
class CalendarDay:
    """One square of the month: any weekday; only Saturdays carry places."""

    day: dt.date
    in_month: bool
    is_today: bool
    past: bool
    is_saturday: bool
    closed_reason: str = ""  # "", "closed" (闭馆) or "workday" (调休: a working day)
    short_hours: str = ""  # "09:00–10:00" when the Saturday is shortened
    note: str = ""
    booked: int = 0
    total: int = 0

    @property
    def free(self) -> int:
        return max(self.total - self.booked, 0)

    @property
    def level(self) -> str:
        """ "" for a day that takes no bookings (not a Saturday, closed, 调休); else a level."""
        if not self.is_saturday or self.closed_reason:
            return ""
        return fullness(self.booked, self.total)


@dataclass(frozen=True)
class MonthCalendar:
    year: int
    month: int
    today: dt.date
    weeks: list[list[CalendarDay]]  # Monday … Sunday

    @property
    def saturdays(self) -> list[CalendarDay]:
        return [d for week in self.weeks for d in week if d.is_saturday and d.in_month]

    def find(self, day: dt.date) -> CalendarDay | None:
        return next((d for week in self.weeks for d in week if d.day == day), None)


@maps_database_errors
@access.guarded("saturday.read")
def month_calendar(ctx: DeskContext, staff: StaffIdentity, year: int, month: int) -> MonthCalendar:
    """The month as F5 draws it, with booked / total places of each Saturday."""
    today = ctx.today()
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "saturday.read")
        grid = month_layout.Calendar(firstweekday=0).monthdatescalendar(year, month)
        saturdays = [d for week in grid for d in week if is_saturday(d)]
        unmade = _unmade(session, ctx, [d for d in saturdays if d.month == month], today)
        if not unmade:  # the usual case: a read, no write lock taken
            exceptions, totals, booked = _counts(session, ctx, saturdays)
    if unmade:
        with ctx.db.write() as session:
            for day in unmade:
                slot_rules.ensure_slots(session, ctx.center_id, day, today)
            exceptions, totals, booked = _counts(session, ctx, saturdays)
    weeks = []
    for week in grid:
        row = []
        for day in week:
            exception = exceptions.get(day)
            kind = exception.kind if exception is not None else ""
            row.append(
                CalendarDay(
                    day=day,
                    in_month=day.month == month,
                    is_today=day == today,
                    past=day < today,
                    is_saturday=is_saturday(day),
                    closed_reason=kind if kind in ("closed", "workday") else "",
                    short_hours=(
                        f"{exception.starts}–{exception.ends}"
                        if exception is not None and kind == "short_hours"
                        else ""
                    ),
                    note=exception.note if exception is not None else "",
                    booked=booked.get(day, 0),
                    total=totals.get(day, 0),
                )
            )
        weeks.append(row)
    return MonthCalendar(year, month, today, weeks)


def _unmade(
    session: Session, ctx: DeskContext, days: list[dt.date], today: dt.date
) -> list[dt.date]:
    """Coming Saturdays never shown before, whose slots are still to be made (later changes
    to set-up and roster bring made slots up to date as they are saved)."""
    coming = [d for d in days if d >= today]
    if not coming:
        return []
    made = set(
        session.scalars(
            select(SaturdaySlot.day)
            .where(SaturdaySlot.center_id == ctx.center_id, SaturdaySlot.day.in_(coming))
            .group_by(SaturdaySlot.day)
        )
    )
    return [d for d in coming if d not in made]


def _counts(
    session: Session, ctx: DeskContext, days: list[dt.date]
) -> tuple[dict[dt.date, SaturdayException], dict[dt.date, int], dict[dt.date, int]]:
    """Exceptions, places and places taken of ``days``, in grouped queries."""
    return _exceptions(session, ctx, days), _totals(session, ctx, days), _booked(session, ctx, days)


def _exceptions(
    session: Session, ctx: DeskContext, days: list[dt.date]
) -> dict[dt.date, SaturdayException]:
    return {
        row.day: row
        for row in session.scalars(
            select(SaturdayException).where(
                SaturdayException.center_id == ctx.center_id,
                SaturdayException.day.in_(days),
                SaturdayException.deleted_at.is_(None),
            )
        )
    }


def _totals(session: Session, ctx: DeskContext, days: list[dt.date]) -> dict[dt.date, int]:
    return {
        day: int(total or 0)
        for day, total in session.execute(
            select(SaturdaySlot.day, func.sum(SaturdaySlot.capacity))
            .where(
                SaturdaySlot.center_id == ctx.center_id,
                SaturdaySlot.day.in_(days),
                SaturdaySlot.deleted_at.is_(None),
            )
            .group_by(SaturdaySlot.day)
        )
    }


def _booked(session: Session, ctx: DeskContext, days: list[dt.date]) -> dict[dt.date, int]:
    """Places taken per Saturday: bookings holding one, and places kept for offers."""
    taken: dict[dt.date, int] = {}
    for day, count in session.execute(
        select(Booking.day, func.count())
        .where(
            Booking.center_id == ctx.center_id,
            Booking.day.in_(days),
            Booking.status.in_(HOLDING_STATUSES),
            Booking.needs_reschedule.is_(False),
            Booking.deleted_at.is_(None),
        )
        .group_by(Booking.day)
    ):
        taken[day] = int(count)
    for day, count in session.execute(
        select(WaitlistEntry.day, func.count())
        .where(
            WaitlistEntry.center_id == ctx.center_id,
            WaitlistEntry.day.in_(days),
            WaitlistEntry.status == "offered",
            WaitlistEntry.deleted_at.is_(None),
        )
        .group_by(WaitlistEntry.day)
    ):
        taken[day] = taken.get(day, 0) + int(count)
    return taken


# -- the chosen Saturday ---------------------------------------------------------------------

OPEN, CELL_FULL, CLOSED, PAST = "open", "full", "closed", "past"


def cell_state(slot: SlotView) -> str:
    """What a slot's cell says first: started already, not offered (no places), full, or
    open with free places."""
    if slot.past:
        return PAST
    if slot.capacity == 0:
        return CLOSED
    if slot.free == 0:
        return CELL_FULL
    return OPEN


@dataclass(frozen=True)
class GridService:
    id: str
    name: str


@dataclass(frozen=True)
class DayGrid:
    day: dt.date
    closed_reason: str  # "", "closed" or "workday"
    note: str
    on_duty: list[str]
    times: list[tuple[str, str]]  # rows: (start, end)
    services: list[GridService]  # columns
    cells: dict[tuple[str, str], SlotView] = field(default_factory=dict)  # (start, service)

    def cell(self, row: int, column: int) -> SlotView | None:
        if 0 <= row < len(self.times) and 0 <= column < len(self.services):
            return self.cells.get((self.times[row][0], self.services[column].id))
        return None

    def position(self, slot_id: str) -> tuple[int, int] | None:
        for (starts, service), slot in self.cells.items():
            if slot.id == slot_id:
                row = next(i for i, t in enumerate(self.times) if t[0] == starts)
                column = next(i for i, s in enumerate(self.services) if s.id == service)
                return row, column
        return None

    @property
    def booked(self) -> int:
        return sum(s.booked + s.held for s in self.cells.values())

    @property
    def total(self) -> int:
        return sum(s.capacity for s in self.cells.values())


@maps_database_errors
@access.guarded("saturday.read")
def day_grid(
    ctx: DeskContext, staff: StaffIdentity, day: dt.date, service_item_id: str | None = None
) -> DayGrid:
    """The Saturday's slots (made and brought up to date first) as time × service, with
    free places in each cell; ``service_item_id`` keeps one service's column only."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.read")
        made = slot_rules.ensure_slots(session, ctx.center_id, day, ctx.today())
        plan = slot_rules.day_plan(session, ctx.center_id, day)
        duty = staff_names(session, slot_rules.on_duty(session, ctx.center_id, day))
        if service_item_id is not None:
            made = [s for s in made if s.service_item_id == service_item_id]
        views = slot_views(session, ctx, made)
    order = {item.id: n for n, item in enumerate(list_service_items(ctx))}
    times = sorted({(s.starts, s.ends) for s in views})
    names = {s.service_item_id: s.service_name for s in views}
    services = [
        GridService(item, names[item])
        for item in sorted(names, key=lambda i: (order.get(i, len(order)), names[i]))
    ]
    cells = {(s.starts, s.service_item_id): s for s in views}
    return DayGrid(day, plan.closed_reason, plan.note, duty, times, services, cells)
