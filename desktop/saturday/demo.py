"""Saturdays for the demo center: morning and afternoon sessions, the catalog's Saturday
services, a rotating roster for the coming weeks and a few bookings on the next Saturday."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from db.models import SaturdaySession
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.saturday import bookings, roster, screens, setup
from desktop.saturday.calendar import OpeningHours, next_saturday

SESSIONS = [OpeningHours("09:00", "12:00", 30), OpeningHours("14:00", "17:00", 30)]
ROSTER_WEEKS = 8
BOOKINGS = 6


def ensure_saturdays(ctx: DeskContext, admin: StaffIdentity, residents: list[str]) -> None:
    """Set up Saturdays once; later openings of the demo change nothing."""
    with ctx.db.read() as session:
        done = session.scalar(
            select(func.count())
            .select_from(SaturdaySession)
            .where(SaturdaySession.center_id == ctx.center_id)
        )
    if done:
        return
    offered = list_service_items(ctx, saturday_only=True)[:6]
    setup.save_sessions(ctx, admin, SESSIONS)
    setup.save_services(ctx, admin, {item.id: 2 for item in offered})
    staff = [s.id for s in _staff(ctx)]
    first = next_saturday(ctx.today() + dt.timedelta(days=1))
    roster.rotate(ctx, admin, staff, first, ROSTER_WEEKS, 2)
    overview = screens.day_overview(ctx, first)
    open_slots = [s for s in overview.slots if s.capacity > 0]
    for n, resident in enumerate(residents[:BOOKINGS]):
        if not open_slots:
            break
        slot = open_slots[(n * 5) % len(open_slots)]
        try:
            bookings.book(ctx, admin, slot.id, resident, ("desk", "phone", "family")[n % 3])
        except UserError:
            continue


def _staff(ctx: DeskContext) -> list[StaffIdentity]:
    from desktop.auth import list_staff

    return list_staff(ctx)
