"""District statistics per center and period, counted in the database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Select, and_, func, literal_column, select

from district.database import DistrictDatabase
from district.tables import (
    booking_state,
    center,
    request_fact,
    saturday_slot,
    visit_fact,
    work_order,
)
from district.working_days import district_today
from protocol import OPEN_STATUSES, CenterStatistics, Statistics


def _grouped(conn: Connection, query: Select[Any]) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for center_id, key, count in conn.execute(query):
        result[center_id][str(key)] = int(count)
    return result


def _counts(conn: Connection, query: Select[Any]) -> dict[str, int]:
    return {str(key): int(count or 0) for key, count in conn.execute(query)}


def statistics(
    database: DistrictDatabase, day_from: dt.date, day_to: dt.date, center_id: str | None = None
) -> Statistics:
    today = district_today()
    with database.read() as conn:
        centers_query = select(center.c.id, center.c.name).order_by(center.c.name)
        if center_id is not None:
            centers_query = centers_query.where(center.c.id == center_id)
        centers = conn.execute(centers_query).all()
        in_period = and_(
            visit_fact.c.visit_date >= day_from,
            visit_fact.c.visit_date <= day_to,
            visit_fact.c.deleted.is_(False),
        )
        visits = _counts(
            conn,
            select(visit_fact.c.center_id, func.count())
            .where(in_period)
            .group_by(visit_fact.c.center_id),
        )
        satisfaction = _grouped(
            conn,
            select(visit_fact.c.center_id, visit_fact.c.satisfaction, func.count())
            .where(in_period, visit_fact.c.satisfaction.is_not(None))
            .group_by(visit_fact.c.center_id, visit_fact.c.satisfaction),
        )
        requests = (
            select(request_fact)
            .join(visit_fact, visit_fact.c.id == request_fact.c.visit_id)
            .where(in_period, request_fact.c.deleted.is_(False))
            .subquery()
        )
        by_category = _grouped(
            conn,
            select(requests.c.center_id, requests.c.category, func.count()).group_by(
                requests.c.center_id, requests.c.category
            ),
        )
        by_item = _grouped(
            conn,
            select(requests.c.center_id, requests.c.service_item_id, func.count()).group_by(
                requests.c.center_id, requests.c.service_item_id
            ),
        )
        outcomes = _grouped(
            conn,
            select(
                requests.c.center_id,
                func.coalesce(requests.c.outcome, literal_column("'open'")),
                func.count(),
            ).group_by(
                requests.c.center_id, func.coalesce(requests.c.outcome, literal_column("'open'"))
            ),
        )
        overdue = _counts(
            conn,
            select(work_order.c.center_id, func.count())
            .where(
                work_order.c.status.in_(OPEN_STATUSES),
                work_order.c.due_date < today,
            )
            .group_by(work_order.c.center_id),
        )
        callbacks = _grouped(
            conn,
            select(work_order.c.center_id, work_order.c.satisfaction, func.count())
            .where(
                work_order.c.satisfaction.is_not(None),
                work_order.c.closed_at >= dt.datetime.combine(day_from, dt.time(), dt.UTC),
                work_order.c.closed_at
                < dt.datetime.combine(day_to + dt.timedelta(days=1), dt.time(), dt.UTC),
            )
            .group_by(work_order.c.center_id, work_order.c.satisfaction),
        )
        slot_period = and_(saturday_slot.c.day >= day_from, saturday_slot.c.day <= day_to)
        capacity = _counts(
            conn,
            select(saturday_slot.c.center_id, func.sum(saturday_slot.c.capacity))
            .where(slot_period)
            .group_by(saturday_slot.c.center_id),
        )
        bookings = _grouped(
            conn,
            select(booking_state.c.center_id, booking_state.c.status, func.count())
            .join(saturday_slot, saturday_slot.c.id == booking_state.c.slot_id)
            .where(slot_period)
            .group_by(booking_state.c.center_id, booking_state.c.status),
        )
    result = []
    for row in centers:
        grades = satisfaction.get(row.id, {})
        rated = sum(grades.values())
        average = sum(int(g) * n for g, n in grades.items()) / rated if rated else None
        result.append(
            CenterStatistics(
                center_id=row.id,
                center_name=row.name,
                visits=int(visits.get(row.id, 0)),
                requests_by_category=by_category.get(row.id, {}),
                requests_by_service_item=by_item.get(row.id, {}),
                outcomes=outcomes.get(row.id, {}),
                overdue_referrals=int(overdue.get(row.id, 0)),
                saturday_capacity=int(capacity.get(row.id, 0) or 0),
                saturday_bookings=bookings.get(row.id, {}),
                satisfaction=grades,
                satisfaction_average=None if average is None else round(average, 2),
                callback_satisfaction=callbacks.get(row.id, {}),
            )
        )
    return Statistics(period_from=day_from, period_to=day_to, centers=result)
