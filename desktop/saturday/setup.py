"""Setting up Saturdays (center admin): sessions, offered services, dated exceptions."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import SaturdayException, SaturdayService, SaturdaySession, SaturdaySlot, ServiceItem
from db.models.saturday import EXCEPTION_KINDS
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import Message, UserError, ValidationError
from desktop.saturday import slots as slot_rules
from desktop.saturday.calendar import OpeningHours, is_saturday, minutes, valid_time
from desktop.saturday.views import BookingView, booking_views


@dataclass(frozen=True)
class OfferedService:
    service_item_id: str
    name: str
    cases_per_worker: int


@dataclass(frozen=True)
class ExceptionDay:
    day: dt.date
    kind: str
    starts: str
    ends: str
    note: str


@dataclass(frozen=True)
class SaturdaySetup:
    sessions: list[OpeningHours]
    services: list[OfferedService]
    exceptions: list[ExceptionDay]


def require_admin(ctx: DeskContext, staff: StaffIdentity) -> None:
    """Refuse before any work unless the staff row may set up Saturdays (checked again in
    each write)."""
    access.check(ctx, staff, "saturday.setup")


@maps_database_errors
def get_setup(ctx: DeskContext) -> SaturdaySetup:
    with ctx.db.read() as session:
        sessions = [
            OpeningHours(s.starts, s.ends, s.slot_minutes)
            for s in session.scalars(
                select(SaturdaySession)
                .where(
                    SaturdaySession.center_id == ctx.center_id, SaturdaySession.deleted_at.is_(None)
                )
                .order_by(SaturdaySession.starts)
            )
        ]
        services = [
            OfferedService(row.service_item_id, name, row.cases_per_worker)
            for row, name in session.execute(
                select(SaturdayService, ServiceItem.name)
                .join(ServiceItem, ServiceItem.id == SaturdayService.service_item_id)
                .where(
                    SaturdayService.center_id == ctx.center_id, SaturdayService.deleted_at.is_(None)
                )
                .order_by(ServiceItem.name)
            )
        ]
        exceptions = [
            ExceptionDay(e.day, e.kind, e.starts, e.ends, e.note)
            for e in session.scalars(
                select(SaturdayException)
                .where(
                    SaturdayException.center_id == ctx.center_id,
                    SaturdayException.deleted_at.is_(None),
                    SaturdayException.day >= ctx.today(),
                )
                .order_by(SaturdayException.day)
            )
        ]
    return SaturdaySetup(sessions, services, exceptions)


def _check_sessions(sessions: list[OpeningHours]) -> None:
    problems: dict[str, Message] = {}
    spans: list[tuple[int, int]] = []
    for n, s in enumerate(sessions):
        if not (valid_time(s.starts) and valid_time(s.ends)):
            problems[f"session.{n}"] = Message("saturday.time_invalid")
        elif minutes(s.ends) <= minutes(s.starts):
            problems[f"session.{n}"] = Message("saturday.time_order")
        elif not 10 <= s.slot_minutes <= 240:
            problems[f"session.{n}"] = Message("saturday.slot_minutes")
        else:
            spans.append((minutes(s.starts), minutes(s.ends)))
    spans.sort()
    if any(b[0] < a[1] for a, b in itertools.pairwise(spans)):
        problems["sessions"] = Message("saturday.sessions_overlap")
    if problems:
        raise ValidationError(problems)


def _upcoming_saturdays(session: Session, ctx: DeskContext) -> list[dt.date]:
    return sorted(
        set(
            session.scalars(
                select(SaturdaySlot.day).where(
                    SaturdaySlot.center_id == ctx.center_id, SaturdaySlot.day >= ctx.today()
                )
            )
        )
    )


def _refresh(session: Session, ctx: DeskContext, days: list[dt.date]) -> list[BookingView]:
    """Bring the slots of ``days`` up to date; bookings that no longer fit, for rescheduling."""
    flagged = []
    for day in days:
        for slot in slot_rules.ensure_slots(session, ctx.center_id, day):
            flagged += slot_rules.over_capacity(session, slot)
    session.flush()
    return booking_views(session, flagged)


@maps_database_errors
@access.guarded("saturday.setup")
def save_sessions(
    ctx: DeskContext, staff: StaffIdentity, sessions: list[OpeningHours]
) -> list[BookingView]:
    """Replace the session template; returns bookings that no longer fit, for rescheduling."""
    require_admin(ctx, staff)
    _check_sessions(sessions)
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.setup")
        for row in session.scalars(
            select(SaturdaySession).where(
                SaturdaySession.center_id == ctx.center_id, SaturdaySession.deleted_at.is_(None)
            )
        ):
            row.mark_deleted()
        for s in sessions:
            session.add(
                SaturdaySession(
                    center_id=ctx.center_id,
                    starts=s.starts,
                    ends=s.ends,
                    slot_minutes=s.slot_minutes,
                )
            )
        session.flush()
        return _refresh(session, ctx, _upcoming_saturdays(session, ctx))


@maps_database_errors
@access.guarded("saturday.setup")
def save_services(
    ctx: DeskContext, staff: StaffIdentity, cases: dict[str, int]
) -> list[BookingView]:
    """Which service items are offered on Saturdays, with cases per worker per slot."""
    require_admin(ctx, staff)
    problems = {
        f"service.{item}": Message("saturday.cases_range")
        for item, n in cases.items()
        if not 1 <= n <= 20
    }
    if problems:
        raise ValidationError(problems)
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.setup")
        current = {
            row.service_item_id: row
            for row in session.scalars(
                select(SaturdayService).where(
                    SaturdayService.center_id == ctx.center_id, SaturdayService.deleted_at.is_(None)
                )
            )
        }
        for item, row in current.items():
            if item not in cases:
                row.mark_deleted()
            elif row.cases_per_worker != cases[item]:
                row.cases_per_worker = cases[item]
        for item, n in cases.items():
            if item not in current:
                session.add(
                    SaturdayService(
                        center_id=ctx.center_id, service_item_id=item, cases_per_worker=n
                    )
                )
        session.flush()
        return _refresh(session, ctx, _upcoming_saturdays(session, ctx))


@maps_database_errors
@access.guarded("saturday.setup")
def set_exception(
    ctx: DeskContext,
    staff: StaffIdentity,
    day: dt.date,
    kind: str,
    starts: str = "",
    ends: str = "",
    note: str = "",
) -> list[BookingView]:
    """Close a Saturday, shorten it, or mark it a make-up working day (调休)."""
    require_admin(ctx, staff)
    if not is_saturday(day):
        raise ValidationError({"day": Message("saturday.not_saturday", {"day": f"{day:%Y-%m-%d}"})})
    if kind not in EXCEPTION_KINDS:
        raise ValidationError({"kind": Message("saturday.exception_kind")})
    if kind == "short_hours":
        _check_sessions([OpeningHours(starts, ends, 30)])
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.setup")
        _clear(session, ctx, day)
        session.add(
            SaturdayException(
                center_id=ctx.center_id,
                day=day,
                kind=kind,
                starts=starts if kind == "short_hours" else "",
                ends=ends if kind == "short_hours" else "",
                note=note.strip()[:100],
            )
        )
        session.flush()
        return _refresh(session, ctx, [day])


def _clear(session: Session, ctx: DeskContext, day: dt.date) -> None:
    for row in session.scalars(
        select(SaturdayException).where(
            SaturdayException.center_id == ctx.center_id,
            SaturdayException.day == day,
            SaturdayException.deleted_at.is_(None),
        )
    ):
        row.mark_deleted()


@maps_database_errors
@access.guarded("saturday.setup")
def clear_exception(ctx: DeskContext, staff: StaffIdentity, day: dt.date) -> None:
    require_admin(ctx, staff)
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.setup")
        _clear(session, ctx, day)
        session.flush()
        _refresh(session, ctx, [day])


@maps_database_errors
@access.guarded("saturday.setup")
def override_capacity(
    ctx: DeskContext, staff: StaffIdentity, slot_id: str, places: int | None
) -> list[BookingView]:
    """Set a slot's places by hand (None: back to the roster's figure)."""
    require_admin(ctx, staff)
    if places is not None and not 0 <= places <= 200:
        raise ValidationError({"places": Message("saturday.override_range")})
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "saturday.setup")
        slot = session.get(SaturdaySlot, slot_id)
        if slot is None or slot.center_id != ctx.center_id:
            raise UserError("saturday.slot_unknown")
        slot.capacity_override = places
        session.flush()
        return _refresh(session, ctx, [slot.day])
