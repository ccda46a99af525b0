"""The centers' figures at the district, counted by the same queries as the desk's.

The district's copies of the centers' rows (``visit_fact``, ``request_fact``,
``work_order``, ``saturday_slot``, ``booking_state``) are described to :mod:`db.figures`
as :class:`~db.figures.FactSources`; what each figure means is :mod:`protocol.figures`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, select

from db.figures import FactSources, count_figures
from district.console_tables import street
from district.database import DistrictDatabase
from district.tables import (
    booking_state,
    center,
    request_fact,
    saturday_slot,
    visit_fact,
    work_order,
)
from district.working_days import DISTRICT_ZONE, district_today
from protocol.figures import Figures, combine

ZONE = DISTRICT_ZONE.key
"""The district's time zone: its day decides what is overdue and what a closing day is."""


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
    requests = (
        live_requests.add_columns(
            request_fact.c.service_item_id,
            request_fact.c.category,
            request_fact.c.outcome,
            work_order.c.status,
            work_order.c.due_date,
            work_order.c.closed_at,
            work_order.c.satisfaction.label("callback"),
        )
        .outerjoin(work_order, work_order.c.request_id == request_fact.c.id)
        .subquery()
    )
    slots = select(saturday_slot.c.center_id, saturday_slot.c.day, saturday_slot.c.capacity)
    bookings = select(booking_state.c.center_id, saturday_slot.c.day, booking_state.c.status).join(
        saturday_slot, saturday_slot.c.id == booking_state.c.slot_id
    )
    return FactSources(visits, requests, slots.subquery(), bookings.subquery())


def centers_figures(
    conn: Connection,
    day_from: dt.date,
    day_to: dt.date,
    today: dt.date,
    centers: Collection[str] | None = None,
) -> dict[str, Figures]:
    """Each center's figures over the period (every center named in ``centers``)."""
    return count_figures(conn, district_sources(), day_from, day_to, today, ZONE, centers)


@dataclass(frozen=True)
class CenterFigures:
    center_id: str
    name: str
    street_id: str | None
    street_name: str
    figures: Figures


@dataclass(frozen=True)
class StreetFigures:
    street_id: str | None
    name: str
    centers: int
    figures: Figures


@dataclass(frozen=True)
class DistrictFigures:
    """The district's figures over a period: in all, per street, per center."""

    day_from: dt.date
    day_to: dt.date
    today: dt.date
    total: Figures
    streets: list[StreetFigures]
    centers: list[CenterFigures]


def district_figures(
    database: DistrictDatabase,
    day_from: dt.date,
    day_to: dt.date,
    street_id: str | None = None,
    today: dt.date | None = None,
    center_id: str | None = None,
) -> DistrictFigures:
    """Every figure per center and street (one street's centers when ``street_id``, one
    center when ``center_id``)."""
    today = today or district_today()
    with database.read() as conn:
        query = (
            select(center.c.id, center.c.name, center.c.street_id, street.c.name)
            .outerjoin(street, street.c.id == center.c.street_id)
            .order_by(center.c.name)
        )
        if street_id is not None:
            query = query.where(center.c.street_id == street_id)
        if center_id is not None:
            query = query.where(center.c.id == center_id)
        rows = conn.execute(query).all()
        narrowed = street_id is not None or center_id is not None
        wanted = [row[0] for row in rows] if narrowed else None
        counted = centers_figures(conn, day_from, day_to, today, wanted)
    empty = combine([], day_from, day_to, today)
    centers = [
        CenterFigures(cid, name, sid, sname or "", counted.get(cid, empty))
        for cid, name, sid, sname in rows
    ]
    by_street: dict[str | None, list[CenterFigures]] = defaultdict(list)
    for row in centers:
        by_street[row.street_id].append(row)
    streets = [
        StreetFigures(
            sid,
            members[0].street_name,
            len(members),
            combine((m.figures for m in members), day_from, day_to, today),
        )
        for sid, members in sorted(by_street.items(), key=lambda kv: kv[1][0].street_name)
    ]
    total = combine((c.figures for c in centers), day_from, day_to, today)
    return DistrictFigures(day_from, day_to, today, total, streets, centers)
