"""The center's figures over a period, counted in the desk's own database (works offline).

The rows are described to :mod:`db.figures` as :class:`~db.figures.FactSources`; the
district describes its tables the same way, so both count alike (see
:mod:`protocol.figures` for what each figure means).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.figures import FactSources, count_figures
from db.models import (
    Booking,
    Center,
    SaturdaySlot,
    ServiceItem,
    ServiceRequest,
    SyncIssue,
    Visit,
    WorkOrderStatus,
)
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.statistics.periods import checked
from protocol.figures import Figures
from protocol.reasons import PLACE_REFUSALS

TOP_ITEMS = 10


def desk_sources(center_id: str) -> FactSources:
    """The desk's tables in the shape the shared counting reads."""
    visits = (
        select(
            Visit.center_id,
            Visit.id.label("visit_id"),
            Visit.visit_date,
            Visit.satisfaction,
        )
        .where(Visit.center_id == center_id, Visit.deleted_at.is_(None))
        .subquery()
    )
    live_requests = (
        select(ServiceRequest, Visit.visit_date)
        .join(Visit, Visit.id == ServiceRequest.visit_id)
        .where(
            Visit.center_id == center_id,
            Visit.deleted_at.is_(None),
            ServiceRequest.deleted_at.is_(None),
        )
    )
    requests = (
        live_requests.with_only_columns(
            ServiceRequest.center_id,
            Visit.visit_date,
            ServiceRequest.service_item_id,
            ServiceRequest.category,
            ServiceRequest.outcome,
            WorkOrderStatus.status,
            func.coalesce(WorkOrderStatus.due_date, ServiceRequest.due_date).label("due_date"),
            WorkOrderStatus.closed_at,
            WorkOrderStatus.satisfaction.label("callback"),
        )
        .outerjoin(WorkOrderStatus, WorkOrderStatus.request_id == ServiceRequest.id)
        .subquery()
    )
    slots = (
        select(SaturdaySlot.center_id, SaturdaySlot.day, SaturdaySlot.capacity)
        .where(SaturdaySlot.center_id == center_id, SaturdaySlot.deleted_at.is_(None))
        .subquery()
    )
    refused = select(SyncIssue.entity_id).where(
        SyncIssue.entity == "booking", SyncIssue.reason_code.in_(PLACE_REFUSALS)
    )
    bookings = (
        select(Booking.center_id, Booking.day, Booking.status)
        .where(
            Booking.center_id == center_id,
            Booking.deleted_at.is_(None),
            Booking.id.not_in(refused),  # the district never held a place for it
        )
        .subquery()
    )
    return FactSources(visits, requests, slots, bookings)


@dataclass(frozen=True)
class ItemCount:
    service_item_id: str
    name: str
    name_en: str
    requests: int


@dataclass(frozen=True)
class CenterFigures:
    """A center's figures with the names a screen, ledger or report shows."""

    center_name: str
    figures: Figures
    items: list[ItemCount]  # every service item asked for, most requests first

    @property
    def top_items(self) -> list[ItemCount]:
        return self.items[:TOP_ITEMS]


def count_center(session: Session, ctx: DeskContext, day_from: dt.date, day_to: dt.date) -> Figures:
    """The figures of this center (in the caller's transaction)."""
    counted = count_figures(
        session,
        desk_sources(ctx.center_id),
        day_from,
        day_to,
        ctx.today(),
        ctx.timezone,
        centers=[ctx.center_id],
    )
    return counted[ctx.center_id]


def _items(session: Session, by_item: dict[str, int]) -> list[ItemCount]:
    names = {
        item_id: (name, name_en)
        for item_id, name, name_en in session.execute(
            select(ServiceItem.id, ServiceItem.name, ServiceItem.name_en).where(
                ServiceItem.id.in_(list(by_item))
            )
        )
    }
    items = [
        ItemCount(item_id, *names.get(item_id, (item_id, item_id)), requests=count)
        for item_id, count in by_item.items()
    ]
    return sorted(items, key=lambda i: (-i.requests, i.name))


@maps_database_errors
@access.guarded("statistics.read")
def center_figures(
    ctx: DeskContext, staff: StaffIdentity, day_from: dt.date, day_to: dt.date
) -> CenterFigures:
    """Every figure of the center over the range (F7 统计, the monthly report)."""
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "statistics.read")
        checked(day_from, day_to)
        figures = count_center(session, ctx, day_from, day_to)
        center = session.get(Center, ctx.center_id)
        return CenterFigures(
            center_name=center.name if center is not None else "",
            figures=figures,
            items=_items(session, figures.requests_by_service_item),
        )
