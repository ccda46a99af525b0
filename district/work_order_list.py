"""The console's work-order list: filters, search by request number, overdue first then
by due date, in pages; counted and ordered in the database (see bench/console_list.py)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from district.console_tables import department, service_item_ref, street
from district.database import DistrictDatabase
from district.operators import Operator
from district.referrals import scope
from district.tables import center, visit_fact, work_order
from district.working_days import DISTRICT_ZONE, district_today
from protocol import OPEN_STATUSES

PAGE_SIZE = 50
REQUEST_NUMBER = re.compile(r"([A-Z0-9]{8})(?:-(\d{1,2}))?")


def request_number(code: str | None, position: int | None) -> str:
    """The number a resident reads off the receipt: verification code and the request's
    position in the visit (from 1, as the desk numbers them)."""
    if not code:
        return ""
    return f"{code}-{position or 1}"


@dataclass(frozen=True)
class Filters:
    street_id: str = ""
    center_id: str = ""
    department_id: str = ""
    status: str = ""
    overdue: bool = False
    category: str = ""
    day_from: dt.date | None = None
    day_to: dt.date | None = None
    search: str = ""
    page: int = 1


@dataclass
class Listing:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    today: dt.date
    search_unreadable: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _overdue(today: dt.date) -> Any:
    return and_(work_order.c.status.in_(OPEN_STATUSES), work_order.c.due_date < today)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), DISTRICT_ZONE).astimezone(dt.UTC)


def conditions(
    actor: Operator, filters: Filters, today: dt.date
) -> tuple[list[ColumnElement[bool]], bool]:
    """The conditions on ``work_order`` (and ``visit_fact`` for a search) that make up the
    list: the actor's scope and the filters. The flag says a search was not shaped like a
    request number (the list is then empty)."""
    where: list[ColumnElement[bool]] = [scope(actor)]
    if filters.street_id:
        where.append(work_order.c.street_id == filters.street_id)
    if filters.center_id:
        where.append(work_order.c.center_id == filters.center_id)
    if filters.department_id:
        where.append(work_order.c.department_id == filters.department_id)
    if filters.status:
        where.append(work_order.c.status == filters.status)
    if filters.overdue:
        where.append(_overdue(today))
    if filters.category:
        where.append(work_order.c.category == filters.category)
    if filters.day_from:
        where.append(work_order.c.created_at >= _day_start(filters.day_from))
    if filters.day_to:
        where.append(work_order.c.created_at < _day_start(filters.day_to + dt.timedelta(days=1)))
    search = filters.search.strip().upper()
    if not search:
        return where, False
    match = REQUEST_NUMBER.fullmatch(search)
    if match is None:
        return [*where, work_order.c.id.is_(None)], True
    visits = select(visit_fact.c.id).where(visit_fact.c.verification_code == match.group(1))
    where.append(work_order.c.visit_id.in_(visits))
    if match.group(2):
        where.append(work_order.c.position == int(match.group(2)))
    return where, False


def count_query(
    actor: Operator, filters: Filters, today: dt.date, overdue_only: bool = False
) -> Select[Any]:
    where, _ = conditions(actor, filters, today)
    if overdue_only:
        where.append(_overdue(today))
    return select(func.count()).select_from(work_order).where(*where)


def _not_overdue(today: dt.date) -> ColumnElement[bool]:
    return or_(
        work_order.c.status.not_in(OPEN_STATUSES),
        work_order.c.due_date >= today,
        work_order.c.due_date.is_(None),
    )


def rows_query(
    actor: Operator, filters: Filters, today: dt.date, overdue: bool, offset: int, limit: int
) -> Select[Any]:
    """Rows of one half of the list (the overdue, or the rest) by due date: each half can
    be read in index order and stop after the page, instead of sorting the whole scope."""
    where, _ = conditions(actor, filters, today)
    where.append(_overdue(today) if overdue else _not_overdue(today))
    return (
        select(
            work_order.c.id,
            work_order.c.status,
            work_order.c.due_date,
            work_order.c.created_at,
            work_order.c.category,
            work_order.c.urgency,
            work_order.c.position,
            work_order.c.escalations,
            work_order.c.referred_to,
            center.c.name.label("center_name"),
            visit_fact.c.verification_code,
            department.c.name.label("department_name"),
            service_item_ref.c.name.label("service_item_name"),
        )
        .join(center, center.c.id == work_order.c.center_id)
        .outerjoin(visit_fact, visit_fact.c.id == work_order.c.visit_id)
        .outerjoin(department, department.c.id == work_order.c.department_id)
        .outerjoin(service_item_ref, service_item_ref.c.id == work_order.c.service_item_id)
        .where(*where)
        .order_by(work_order.c.due_date, work_order.c.created_at, work_order.c.id)
        .limit(limit)
        .offset(offset)
    )


def page_queries(
    actor: Operator, filters: Filters, today: dt.date, overdue_total: int
) -> list[tuple[bool, Select[Any]]]:
    """The statements of page ``filters.page``: overdue orders first, then the rest, each
    by due date (``overdue_total``: how many overdue orders pass the filters)."""
    offset = (max(filters.page, 1) - 1) * PAGE_SIZE
    if offset + PAGE_SIZE <= overdue_total:
        return [(True, rows_query(actor, filters, today, True, offset, PAGE_SIZE))]
    if offset >= overdue_total:
        rest = rows_query(actor, filters, today, False, offset - overdue_total, PAGE_SIZE)
        return [(False, rest)]
    shown = overdue_total - offset
    return [
        (True, rows_query(actor, filters, today, True, offset, shown)),
        (False, rows_query(actor, filters, today, False, 0, PAGE_SIZE - shown)),
    ]


def list_page(database: DistrictDatabase, actor: Operator, filters: Filters) -> Listing:
    today = district_today()
    _, unreadable = conditions(actor, filters, today)
    rows: list[dict[str, Any]] = []
    with database.read() as conn:
        total = int(conn.execute(count_query(actor, filters, today)).scalar_one())
        overdue_total = (
            total
            if filters.overdue
            else int(conn.execute(count_query(actor, filters, today, True)).scalar_one())
        )
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(filters.page, 1), pages)
        if page != filters.page:
            filters = Filters(**{**filters.__dict__, "page": page})
        for overdue, query in page_queries(actor, filters, today, overdue_total):
            for found in conn.execute(query):
                row = {**found._mapping, "overdue": overdue}
                row["request_number"] = request_number(row["verification_code"], row["position"])
                rows.append(row)
    return Listing(rows, total, page, pages, today, unreadable)


def filter_choices(database: DistrictDatabase, actor: Operator) -> dict[str, list[Any]]:
    """What the list's filters offer, within the actor's scope, in one read: a dispatcher
    its street and its centers, a handler neither (its department is its scope)."""
    streets = select(street.c.id, street.c.name).order_by(street.c.name)
    centers = select(center.c.id, center.c.name).order_by(center.c.name)
    if actor.role == "dispatcher":
        streets = streets.where(street.c.id == actor.street_id)
        centers = centers.where(center.c.street_id == actor.street_id)
    departments = select(department.c.id, department.c.name).order_by(department.c.name)
    with database.read() as conn:
        if actor.role == "handler":
            return {"streets": [], "centers": [], "departments": []}
        return {
            "streets": [dict(r._mapping) for r in conn.execute(streets)],
            "centers": [dict(r._mapping) for r in conn.execute(centers)],
            "departments": [dict(r._mapping) for r in conn.execute(departments)],
        }


def counts(database: DistrictDatabase, actor: Operator) -> dict[str, int]:
    """The front page's figures within the actor's scope: open, overdue, waiting to be
    assigned, waiting for 受理, closed without 回访."""
    today = district_today()
    base = (
        select(
            func.count().filter(work_order.c.status.in_(OPEN_STATUSES)).label("open"),
            func.count().filter(_overdue(today)).label("overdue"),
            func.count().filter(work_order.c.status == "submitted").label("submitted"),
            func.count().filter(work_order.c.status == "returned").label("returned"),
            func.count().filter(work_order.c.status == "assigned").label("assigned"),
            func.count()
            .filter(work_order.c.status == "closed", work_order.c.satisfaction.is_(None))
            .label("callback_due"),
        )
        .select_from(work_order)
        .where(scope(actor))
    )
    with database.read() as conn:
        row = conn.execute(base).one()
    return {key: int(value or 0) for key, value in row._mapping.items()}
