"""Visits as lists and screens show them: names resolved, requests attached, phones masked.

Builds :class:`VisitSummary` objects for many visits with a fixed number of
queries (one each for requests, service items, residents and staff), not one per visit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    Booking,
    Resident,
    ServiceItem,
    ServiceLine,
    ServiceRequest,
    Staff,
    Visit,
    WorkOrderStatus,
)


@dataclass(frozen=True)
class RequestSummary:
    id: str
    position: int
    service_item_id: str
    service_item_name: str
    service_item_name_en: str
    line_code: str
    category: str
    urgency: str
    description: str
    outcome: str | None
    outcome_note: str
    referred_to: str
    due_date: dt.date | None
    referral_status: str | None = None  # the district's work order: accepted … closed
    referral_note: str = ""


@dataclass(frozen=True)
class VisitSummary:
    id: str
    visit_date: dt.date
    queue_number: str
    status: str  # waiting / serving / closed
    arrived_at: dt.datetime  # aware UTC
    closed_at: dt.datetime | None
    resident_id: str
    resident_name: str
    resident_phone_masked: str
    registered_by_name: str
    handler_id: str | None
    handler_name: str
    satisfaction: int | None
    verification_code: str
    requests: list[RequestSummary] = field(default_factory=list)
    booking_number: str = ""  # the Saturday booking this visit was checked in for

    @property
    def categories(self) -> set[str]:
        return {r.category for r in self.requests}


def _staff_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(wanted)))
    return {staff_id: name for staff_id, name in rows}


def _requests(session: Session, visit_ids: list[str]) -> dict[str, list[RequestSummary]]:
    rows = session.execute(
        select(ServiceRequest, ServiceItem, ServiceLine, WorkOrderStatus)
        .join(ServiceItem, ServiceRequest.service_item_id == ServiceItem.id)
        .join(ServiceLine, ServiceItem.line_id == ServiceLine.id)
        .outerjoin(WorkOrderStatus, WorkOrderStatus.request_id == ServiceRequest.id)
        .where(ServiceRequest.visit_id.in_(visit_ids), ServiceRequest.deleted_at.is_(None))
        .order_by(ServiceRequest.visit_id, ServiceRequest.position)
    )
    by_visit: dict[str, list[RequestSummary]] = defaultdict(list)
    for request, item, line, progress in rows:
        by_visit[request.visit_id].append(
            RequestSummary(
                id=request.id,
                position=request.position,
                service_item_id=item.id,
                service_item_name=item.name,
                service_item_name_en=item.name_en,
                line_code=line.code,
                category=request.category,
                urgency=request.urgency,
                description=request.description,
                outcome=request.outcome,
                outcome_note=request.outcome_note,
                referred_to=request.referred_to,
                due_date=request.due_date,
                referral_status=progress.status if progress is not None else None,
                referral_note=progress.note if progress is not None else "",
            )
        )
    return by_visit


def summarize(session: Session, visits: list[Visit]) -> list[VisitSummary]:
    """Summaries of ``visits`` in the order given."""
    if not visits:
        return []
    ids = [v.id for v in visits]
    requests: dict[str, list[RequestSummary]] = {}
    residents: dict[str, tuple[str, str]] = {}
    bookings: dict[str, str] = {}  # visit id → Saturday booking number (checked in)
    for start in range(0, len(ids), 500):  # keep IN lists well under SQLite's limit
        chunk = visits[start : start + 500]
        requests.update(_requests(session, [v.id for v in chunk]))
        resident_rows = session.execute(
            select(Resident.id, Resident.name, Resident.phone_masked).where(
                Resident.id.in_({v.resident_id for v in chunk})
            )
        )
        residents.update({rid: (name, phone) for rid, name, phone in resident_rows})
        booked = session.execute(
            select(Booking.visit_id, Booking.number).where(
                Booking.visit_id.in_([v.id for v in chunk])
            )
        )
        bookings.update({visit_id: number for visit_id, number in booked if visit_id})
    staff = _staff_names(
        session, [v.registered_by for v in visits] + [v.handler_id for v in visits]
    )
    return [
        VisitSummary(
            id=v.id,
            visit_date=v.visit_date,
            queue_number=v.queue_number,
            status=v.status,
            arrived_at=v.arrived_at,
            closed_at=v.closed_at,
            resident_id=v.resident_id,
            resident_name=residents.get(v.resident_id, ("", ""))[0],
            resident_phone_masked=residents.get(v.resident_id, ("", ""))[1],
            registered_by_name=staff.get(v.registered_by, ""),
            handler_id=v.handler_id,
            handler_name=staff.get(v.handler_id or "", ""),
            satisfaction=v.satisfaction,
            verification_code=v.verification_code,
            requests=requests.get(v.id, []),
            booking_number=bookings.get(v.id, ""),
        )
        for v in visits
    ]
