"""Walk-in visits: register with requests and a queue number, serve, record outcomes.

CONTRACT — signatures are fixed.

A visit goes ``waiting`` (registered, holding a queue number) → ``serving`` (a staff member
took it, or recorded a first outcome) → ``closed`` (every request has an outcome). Its
queue line is the service line of its first request; the number is issued in the same
transaction as the insert (:mod:`desktop.queue_numbers`). Satisfaction is 1 (非常不满意)
to 5 (非常满意).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from db.models import Booking, ServiceRequest, Visit
from desktop import access, visit_insert, visit_rules
from desktop.catalog import ServiceItemInfo, find_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import Message, UserError, ValidationError
from desktop.visit_summaries import RequestSummary, VisitSummary, summarize

__all__ = ["RequestSummary", "VisitSummary"]  # what lists and screens get, built there


@dataclass
class RequestDraft:
    service_item_id: str = ""
    category: str = ""  # public / household / shared; "" = the service item's default
    urgency: str = "normal"  # normal / urgent / critical
    description: str = ""


@dataclass
class OutcomeDraft:
    outcome: str = ""  # done / referred / booked / follow_up
    note: str = ""
    referred_to: str = ""  # department or grid worker (referred)
    due_date: dt.date | None = None  # referral due date / follow-up date / booked Saturday


@dataclass
class VisitFilter:
    status: str | None = None
    category: str | None = None
    handler_id: str | None = None


def _checked_requests(
    session: Session, center_id: str, requests: list[RequestDraft]
) -> list[tuple[RequestDraft, ServiceItemInfo]]:
    if not requests:
        raise ValidationError({"requests": Message("visit.no_requests")})
    errors: dict[str, Message] = {}
    wanted = [draft.service_item_id for draft in requests if draft.service_item_id]
    usable = find_service_items(session, center_id, wanted) if wanted else {}
    checked: list[tuple[RequestDraft, ServiceItemInfo]] = []
    for position, draft in enumerate(requests):
        errors.update(
            visit_rules.request_errors(position, draft.category, draft.urgency, draft.description)
        )
        item_field = f"requests.{position}.service_item_id"
        if not draft.service_item_id:
            errors[item_field] = Message("field.required")
            continue
        item = usable.get(draft.service_item_id)
        if item is None:
            errors[item_field] = Message("visit.service_item_unavailable")
        else:
            checked.append((draft, item))
    if errors:
        raise ValidationError(errors)
    return checked


@maps_database_errors
@access.guarded("visit.register")
def register_visit(
    ctx: DeskContext, staff: StaffIdentity, resident_id: str, requests: list[RequestDraft]
) -> VisitSummary:
    """Store the visit and its requests and issue its queue number, in one transaction."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "visit.register")
        return register_in(session, ctx, staff, resident_id, requests)


def register_in(
    session: Session,
    ctx: DeskContext,
    staff: StaffIdentity,
    resident_id: str,
    requests: list[RequestDraft],
) -> VisitSummary:
    """:func:`register_visit` inside a write transaction the caller holds (check-in of a
    Saturday booking opens its visit in the same transaction that marks the booking).
    Written with Core statements (:mod:`desktop.visit_insert`): the same rows, values and
    change-log entries as the ORM would write, in a third of the time."""
    shown = visit_insert.resident_shown(session, ctx, staff, resident_id)
    checked = _checked_requests(session, ctx.center_id, requests)
    return visit_insert.insert_visit(session, ctx, staff, resident_id, shown, checked)


def _visit(session: Session, ctx: DeskContext, visit_id: str) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.is_deleted or visit.center_id != ctx.center_id:
        raise UserError("visit.not_found")
    return visit


@maps_database_errors
@access.guarded("visit.serve")
def start_serving(ctx: DeskContext, staff: StaffIdentity, visit_id: str) -> VisitSummary:
    """Take a waiting visit (or take over one being served) as its handler."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "visit.serve")
        visit = _visit(session, ctx, visit_id)
        if visit.status == "closed":
            raise UserError("visit.already_closed", number=visit.queue_number)
        visit.status = "serving"
        visit.handler_id = staff.id
        session.flush()
        return summarize(session, [visit])[0]


@maps_database_errors
@access.guarded("visit.serve")
def record_outcome(
    ctx: DeskContext, staff: StaffIdentity, request_id: str, outcome: OutcomeDraft
) -> VisitSummary:
    """Validate and store a request's outcome; closes the visit once every request has one."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "visit.serve")
        errors = visit_rules.outcome_errors(
            outcome.outcome, outcome.note, outcome.referred_to, outcome.due_date, ctx.today()
        )
        if errors:
            raise ValidationError(errors)
        request = session.get(ServiceRequest, request_id)
        if request is None or request.is_deleted or request.center_id != ctx.center_id:
            raise UserError("visit.request_not_found")
        visit = _visit(session, ctx, request.visit_id)
        request.outcome = outcome.outcome
        request.outcome_note = outcome.note.strip()
        request.referred_to = outcome.referred_to.strip() if outcome.outcome == "referred" else ""
        request.due_date = None if outcome.outcome == "done" else outcome.due_date
        request.outcome_by = staff.id
        request.outcome_at = ctx.now()
        session.flush()
        if visit.handler_id is None:
            visit.handler_id = staff.id
        if _all_have_outcomes(session, visit.id):
            if visit.status != "closed":
                visit.status = "closed"
                visit.closed_at = ctx.now()
        elif visit.status == "waiting":
            visit.status = "serving"
        session.flush()
        return summarize(session, [visit])[0]


def _all_have_outcomes(session: Session, visit_id: str) -> bool:
    open_count = session.scalar(
        select(func.count())
        .select_from(ServiceRequest)
        .where(
            ServiceRequest.visit_id == visit_id,
            ServiceRequest.deleted_at.is_(None),
            ServiceRequest.outcome.is_(None),
        )
    )
    return not open_count


@maps_database_errors
@access.guarded("visit.serve")
def record_satisfaction(
    ctx: DeskContext, staff: StaffIdentity, visit_id: str, grade: int
) -> VisitSummary:
    """Grade 1 (非常不满意) … 5 (非常满意); may be changed while the resident is there."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "visit.serve")
        if isinstance(grade, bool) or grade not in visit_rules.SATISFACTION_GRADES:
            raise ValidationError({"satisfaction": Message("visit.satisfaction_range")})
        visit = _visit(session, ctx, visit_id)
        visit.satisfaction = grade
        session.flush()
        return summarize(session, [visit])[0]


@maps_database_errors
@access.guarded("visit.read")
def get_visit(ctx: DeskContext, staff: StaffIdentity, visit_id: str) -> VisitSummary:
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "visit.read")
        return summarize(session, [_visit(session, ctx, visit_id)])[0]


@maps_database_errors
@access.guarded("visit.read")
def list_visits(
    ctx: DeskContext, staff: StaffIdentity, day: dt.date, visit_filter: VisitFilter | None = None
) -> list[VisitSummary]:
    """The day's visits in order of arrival, narrowed by status, category and handler."""
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "visit.read")
        wanted = visit_filter or VisitFilter()
        query = select(Visit).where(
            Visit.center_id == ctx.center_id, Visit.visit_date == day, Visit.deleted_at.is_(None)
        )
        if wanted.status:
            query = query.where(Visit.status == wanted.status)
        if wanted.handler_id:
            query = query.where(Visit.handler_id == wanted.handler_id)
        if wanted.category:
            with_category = select(ServiceRequest.visit_id).where(
                ServiceRequest.category == wanted.category, ServiceRequest.deleted_at.is_(None)
            )
            query = query.where(Visit.id.in_(with_category))
        visits = list(session.scalars(query.order_by(Visit.arrived_at, Visit.queue_number)))
        return summarize(session, visits)


@maps_database_errors
@access.guarded("visit.read")
def resident_history(
    ctx: DeskContext, staff: StaffIdentity, resident_id: str
) -> list[VisitSummary]:
    """Every visit of the resident, newest first."""
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "visit.read")
        visits = list(
            session.scalars(
                select(Visit)
                .where(
                    Visit.center_id == ctx.center_id,
                    Visit.resident_id == resident_id,
                    Visit.deleted_at.is_(None),
                )
                .order_by(Visit.arrived_at.desc(), Visit.id.desc())
            )
        )
        return summarize(session, visits)


@maps_database_errors
@access.guarded("visit.read")
def waiting_ahead(ctx: DeskContext, staff: StaffIdentity, visit_id: str) -> int:
    """How many visits of the same line and day will be called before this one.

    Residents checked in for a Saturday booking are served before walk-ins of the same
    line: a booked visit waits only for booked visits that arrived earlier; a walk-in
    waits for every booked visit and for the walk-ins that arrived earlier.
    """
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "visit.read")
        visit = _visit(session, ctx, visit_id)
        if visit.status != "waiting":
            return 0
        booked_visits = select(Booking.visit_id).where(Booking.visit_id.is_not(None))
        earlier = or_(
            Visit.arrived_at < visit.arrived_at,
            and_(Visit.arrived_at == visit.arrived_at, Visit.id < visit.id),
        )
        is_booked = Visit.id.in_(booked_visits)
        mine_booked = session.scalar(select(func.count()).where(Booking.visit_id == visit.id))
        before = and_(is_booked, earlier) if mine_booked else or_(is_booked, earlier)
        ahead = session.scalar(
            select(func.count())
            .select_from(Visit)
            .where(
                Visit.center_id == visit.center_id,
                Visit.visit_date == visit.visit_date,
                Visit.queue_line == visit.queue_line,
                Visit.status == "waiting",
                Visit.deleted_at.is_(None),
                Visit.id != visit.id,
                before,
            )
        )
        return ahead or 0
