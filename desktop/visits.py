"""Walk-in visits: register with requests and a queue number, serve, record outcomes.

CONTRACT — signatures are fixed; bodies to be implemented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.context import DeskContext, StaffIdentity


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

    @property
    def categories(self) -> set[str]:
        return {r.category for r in self.requests}


@dataclass
class VisitFilter:
    status: str | None = None
    category: str | None = None
    handler_id: str | None = None


def register_visit(
    ctx: DeskContext, staff: StaffIdentity, resident_id: str, requests: list[RequestDraft]
) -> VisitSummary:
    """Store the visit and its requests and issue its queue number, in one transaction."""
    raise NotImplementedError


def start_serving(ctx: DeskContext, staff: StaffIdentity, visit_id: str) -> VisitSummary:
    raise NotImplementedError


def record_outcome(
    ctx: DeskContext, staff: StaffIdentity, request_id: str, outcome: OutcomeDraft
) -> VisitSummary:
    """Validate and store a request's outcome; closes the visit once every request has one."""
    raise NotImplementedError


def record_satisfaction(
    ctx: DeskContext, staff: StaffIdentity, visit_id: str, grade: int
) -> VisitSummary:
    raise NotImplementedError


def get_visit(ctx: DeskContext, visit_id: str) -> VisitSummary:
    raise NotImplementedError


def list_visits(
    ctx: DeskContext, day: dt.date, visit_filter: VisitFilter | None = None
) -> list[VisitSummary]:
    raise NotImplementedError


def resident_history(ctx: DeskContext, resident_id: str) -> list[VisitSummary]:
    raise NotImplementedError


def waiting_ahead(ctx: DeskContext, visit_id: str) -> int:
    """How many visits of the same line and day are waiting before this one."""
    raise NotImplementedError
