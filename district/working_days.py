"""Working days: deadlines counted without weekends and holidays, with 调休 Saturdays and
Sundays worked (the calendar the district admin keeps in ``calendar_day``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from district.console_tables import calendar_day, service_item_ref

DISTRICT_ZONE = ZoneInfo("Asia/Shanghai")
DEFAULT_DEADLINE_DAYS = 5
"""Working days a work order gets when its service item has no deadline of its own."""
DAY_KINDS = ("holiday", "makeup_workday")
MAX_DEADLINE_DAYS = 120


def district_today(now: dt.datetime | None = None) -> dt.date:
    """Today in the district's time zone (deadlines and overdue flags use this day)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(DISTRICT_ZONE).date()


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(DISTRICT_ZONE).date()


def is_working_day(day: dt.date, calendar: dict[dt.date, str]) -> bool:
    kind = calendar.get(day)
    if kind == "makeup_workday":
        return True
    if kind == "holiday":
        return False
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int, calendar: dict[dt.date, str]) -> dt.date:
    """The working day ``days`` working days after ``start`` (``start`` itself not counted)."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, calendar):
            left -= 1
    return day


def load_calendar(conn: Connection, start: dt.date) -> dict[dt.date, str]:
    """Holidays and 调休 days from ``start`` on (enough for any deadline)."""
    end = start + dt.timedelta(days=MAX_DEADLINE_DAYS * 3)
    rows = conn.execute(
        select(calendar_day.c.day, calendar_day.c.kind).where(
            calendar_day.c.day > start, calendar_day.c.day <= end
        )
    )
    return {row.day: row.kind for row in rows}


def deadline_days(conn: Connection, service_item_id: str | None) -> int | None:
    """The service item's own deadline in working days (None: it has none)."""
    if not service_item_id:
        return None
    days = conn.execute(
        select(service_item_ref.c.deadline_days).where(service_item_ref.c.id == service_item_id)
    ).scalar_one_or_none()
    return int(days) if days else None


def due_date(conn: Connection, service_item_id: str | None, referred_on: dt.date) -> dt.date:
    """The due date of a work order referred on ``referred_on``: the service item's deadline
    (or the default) in working days."""
    days = deadline_days(conn, service_item_id)
    return add_working_days(
        referred_on, days or DEFAULT_DEADLINE_DAYS, load_calendar(conn, referred_on)
    )
