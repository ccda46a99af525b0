"""The on-duty roster (值班表): who works which Saturday, and what that does to places."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.models import RosterEntry
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import Message, ValidationError
from desktop.saturday import slots as slot_rules
from desktop.saturday.calendar import is_saturday
from desktop.saturday.setup import _refresh, require_admin
from desktop.saturday.views import BookingView, staff_names


@maps_database_errors
def on_duty_names(ctx: DeskContext, day: dt.date) -> list[str]:
    with ctx.db.read() as session:
        return staff_names(session, slot_rules.on_duty(session, ctx.center_id, day))


@maps_database_errors
def on_duty_ids(ctx: DeskContext, day: dt.date) -> list[str]:
    with ctx.db.read() as session:
        return slot_rules.on_duty(session, ctx.center_id, day)


@maps_database_errors
@access.guarded("saturday.setup")
def set_roster(
    ctx: DeskContext, staff: StaffIdentity, day: dt.date, staff_ids: list[str]
) -> list[BookingView]:
    """Who is on duty on ``day``. Returns the bookings that no longer fit, for rescheduling."""
    require_admin(ctx, staff)
    if not is_saturday(day):
        raise ValidationError({"day": Message("saturday.not_saturday", {"day": f"{day:%Y-%m-%d}"})})
    wanted = list(dict.fromkeys(staff_ids))
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.setup")
        current = {
            row.staff_id: row
            for row in session.scalars(
                select(RosterEntry).where(
                    RosterEntry.center_id == ctx.center_id,
                    RosterEntry.day == day,
                    RosterEntry.deleted_at.is_(None),
                )
            )
        }
        for staff_id, row in current.items():
            if staff_id not in wanted:
                row.mark_deleted()
        for staff_id in wanted:
            if staff_id not in current:
                session.add(RosterEntry(center_id=ctx.center_id, day=day, staff_id=staff_id))
        session.flush()
        return _refresh(session, ctx, [day])


@maps_database_errors
@access.guarded("saturday.setup")
def rotate(
    ctx: DeskContext,
    staff: StaffIdentity,
    staff_ids: list[str],
    first_day: dt.date,
    weeks: int,
    per_day: int,
) -> dict[dt.date, list[BookingView]]:
    """Fill ``weeks`` Saturdays from ``first_day`` in turn from ``staff_ids``, ``per_day`` each.

    Returns, per Saturday, the bookings that no longer fit (only where the roster shrank).
    """
    require_admin(ctx, staff)
    if not staff_ids or per_day < 1:
        raise ValidationError({"staff": Message("field.required")})
    if not is_saturday(first_day):
        raise ValidationError(
            {"day": Message("saturday.not_saturday", {"day": f"{first_day:%Y-%m-%d}"})}
        )
    flagged: dict[dt.date, list[BookingView]] = {}
    per_day = min(per_day, len(staff_ids))
    for week in range(weeks):
        day = first_day + dt.timedelta(weeks=week)
        start = week * per_day
        team = [staff_ids[(start + k) % len(staff_ids)] for k in range(per_day)]
        moved = set_roster(ctx, staff, day, team)
        if moved:
            flagged[day] = moved
    return flagged
