"""The centers' figures at the district, counted by the same queries as the desk's.

The district's copies of the centers' rows (``visit_fact``, ``request_fact``,
``work_order``, ``saturday_slot``, ``booking_state``) are described to :mod:`db.figures`
as :class:`~db.figures.FactSources`; what each figure means is :mod:`protocol.figures`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from db.figures import FactSources, count_figures
from district.tables import booking_state, request_fact, saturday_slot, visit_fact, work_order
from protocol.figures import Figures

ZONE = "Asia/Shanghai"
"""The district's time zone: its day decides what is overdue."""


def district_today(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(ZONE)).date()


def district_sources() -> FactSources:
    visits = (
        select(
            visit_fact.c.center_id,
            visit_fact.c.id.label("visit_id"),
            visit_fact.c.visit_date,
            visit_fact.c.satisfaction,
        )
        .where(visit_fact.c.deleted.is_(False))
        .subquery()
    )
    live_requests = (
        select(request_fact.c.center_id, visit_fact.c.visit_date)
        .join(visit_fact, visit_fact.c.id == request_fact.c.visit_id)
        .where(visit_fact.c.deleted.is_(False), request_fact.c.deleted.is_(False))
    )
    requests = live_requests.add_columns(
        request_fact.c.service_item_id, request_fact.c.category, request_fact.c.outcome
    ).subquery()
    referrals = (
        live_requests.add_columns(
            work_order.c.status,
            work_order.c.due_date,
            work_order.c.closed_at,
            work_order.c.satisfaction.label("callback"),
        )
        .outerjoin(work_order, work_order.c.request_id == request_fact.c.id)
        .where(request_fact.c.outcome == "referred")
        .subquery()
    )
    slots = select(saturday_slot.c.center_id, saturday_slot.c.day, saturday_slot.c.capacity)
    bookings = select(booking_state.c.center_id, saturday_slot.c.day, booking_state.c.status).join(
        saturday_slot, saturday_slot.c.id == booking_state.c.slot_id
    )
    return FactSources(visits, requests, referrals, slots.subquery(), bookings.subquery())


def centers_figures(
    conn: Connection,
    day_from: dt.date,
    day_to: dt.date,
    today: dt.date,
    centers: Collection[str] | None = None,
) -> dict[str, Figures]:
    """Each center's figures over the period (every center named in ``centers``)."""
    return count_figures(conn, district_sources(), day_from, day_to, today, ZONE, centers)
