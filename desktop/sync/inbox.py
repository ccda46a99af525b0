"""The "needs attention" inbox: changes the district refused or found in conflict.

Each item says, in the reason the server gave, what happened to which record; staff fix
the record (for a Saturday booking: rebook it into a free slot) and mark the item done.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from db.models import AuditEvent, Booking, SyncIssue
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import UserError
from desktop.saturday import bookings, screens
from desktop.saturday.calendar import minutes
from desktop.saturday.views import BookingView, SlotView, booking_views

RESOLVED = "sync_issue_resolved"
REBOOK_CHOICES = 6
REBOOK_WEEKS = 4


@dataclass(frozen=True)
class IssueView:
    id: int
    entity: str
    entity_id: str
    status: str  # rejected / conflict
    reason_code: str
    reason_zh: str
    reason_en: str
    created_at: dt.datetime
    booking: BookingView | None = None  # for a refused Saturday booking
    free_slots: list[dict[str, Any]] = field(default_factory=list)


@maps_database_errors
@access.guarded("sync.inbox")
def open_issues(ctx: DeskContext, staff: StaffIdentity) -> list[IssueView]:
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "sync.inbox")
        rows = session.scalars(
            select(SyncIssue).where(SyncIssue.resolved_at.is_(None)).order_by(SyncIssue.id)
        ).all()
        booking_rows = {
            b.id: b
            for b in session.scalars(
                select(Booking).where(
                    Booking.id.in_([r.entity_id for r in rows if r.entity == "booking"])
                )
            )
        }
        views = {v.id: v for v in booking_views(session, list(booking_rows.values()))}
        issues = []
        for row in rows:
            detail = json.loads(row.detail) if row.detail else {}
            issues.append(
                IssueView(
                    row.id,
                    row.entity,
                    row.entity_id,
                    row.status,
                    row.reason_code,
                    row.reason_zh,
                    row.reason_en,
                    row.created_at,
                    views.get(row.entity_id),
                    list(detail.get("free_slots") or []),
                )
            )
        return issues


@maps_database_errors
@access.guarded("sync.inbox")
def resolve(ctx: DeskContext, staff: StaffIdentity, issue_id: int) -> None:
    """The record was put right (or the refusal accepted): the item leaves the inbox."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "sync.inbox")
        issue = session.get(SyncIssue, issue_id)
        if issue is None or issue.resolved_at is not None:
            raise UserError("sync.issue_unknown")
        issue.resolved_at = ctx.now()
        session.add(
            AuditEvent(
                center_id=ctx.center_id,
                staff_id=staff.id,
                action=RESOLVED,
                entity=issue.entity,
                entity_id=issue.entity_id,
                detail=issue.reason_code[:200],
                at=ctx.now(),
            )
        )


def rebook_choices(
    ctx: DeskContext, issue: IssueView, limit: int = REBOOK_CHOICES
) -> list[SlotView]:
    """The nearest free slots of the refused booking's own service: its Saturday first (the
    times closest to the one asked for), then the next Saturdays in order. Counted from
    this desk's own slots, so it works offline too."""
    booking = issue.booking
    if booking is None:
        return []
    wanted = minutes(booking.starts)
    free = [
        slot
        for slot in screens.free_slots(ctx, booking.service_item_id, booking.day, REBOOK_WEEKS)
        if slot.id != booking.slot_id
    ]
    free.sort(
        key=lambda slot: (
            slot.day,
            abs(minutes(slot.starts) - wanted) if slot.day == booking.day else minutes(slot.starts),
        )
    )
    return free[:limit]


@access.guarded("saturday.book")
def rebook(ctx: DeskContext, staff: StaffIdentity, issue: IssueView, slot_id: str) -> BookingView:
    """Move the refused booking into ``slot_id`` and take the item out of the inbox."""
    access.check(ctx, staff, "saturday.book")
    if issue.booking is None:
        raise UserError("sync.issue_unknown")
    moved = bookings.reschedule(ctx, staff, issue.booking.id, slot_id, issue.reason_zh)
    resolve(ctx, staff, issue.id)
    return moved
