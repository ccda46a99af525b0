"""办件进度查询: what the public progress page shows for a receipt's verification code —
each request's service item, its dates and the steps so far. No name, phone, address,
operator, and no free text (a reply or a note may name people: the desk shows it to the
resident, the public page does not)."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from district.console_tables import department, service_item_ref, work_order_step
from district.database import DistrictDatabase
from district.tables import request_fact, visit_fact, work_order

CODE = re.compile(r"[A-Z0-9]{8}")
PUBLIC_STEPS = ("referred", "assign", "accept", "progress", "close", "return", "status")


@dataclass(frozen=True)
class Progress:
    visit_date: dt.date
    requests: list[dict[str, Any]] = field(default_factory=list)


def lookup(database: DistrictDatabase, code: str) -> Progress | None:
    code = code.strip().upper()
    if not CODE.fullmatch(code):
        return None
    with database.read() as conn:
        visit = conn.execute(
            select(visit_fact.c.id, visit_fact.c.visit_date)
            .where(visit_fact.c.verification_code == code, visit_fact.c.deleted.is_(False))
            .limit(1)
        ).one_or_none()
        if visit is None:
            return None
        requests = conn.execute(
            select(
                request_fact.c.id,
                request_fact.c.outcome,
                service_item_ref.c.name,
                service_item_ref.c.name_en,
            )
            .outerjoin(service_item_ref, service_item_ref.c.id == request_fact.c.service_item_id)
            .where(request_fact.c.visit_id == visit.id, request_fact.c.deleted.is_(False))
            .order_by(request_fact.c.id)
        ).all()
        orders = {
            row.request_id: row
            for row in conn.execute(
                select(
                    work_order.c.id,
                    work_order.c.request_id,
                    work_order.c.status,
                    work_order.c.due_date,
                    work_order.c.closed_at,
                    work_order.c.position,
                ).where(work_order.c.visit_id == visit.id)
            )
        }
        steps: dict[str, list[dict[str, Any]]] = {}
        if orders:
            for step in conn.execute(
                select(
                    work_order_step.c.work_order_id,
                    work_order_step.c.at,
                    work_order_step.c.action,
                    work_order_step.c.status,
                    department.c.name.label("department_name"),
                )
                .outerjoin(department, department.c.id == work_order_step.c.department_id)
                .where(
                    work_order_step.c.work_order_id.in_([o.id for o in orders.values()]),
                    work_order_step.c.action.in_(PUBLIC_STEPS),
                )
                .order_by(work_order_step.c.version)
            ):
                steps.setdefault(step.work_order_id, []).append(dict(step._mapping))
    result = []
    for request in requests:
        order = orders.get(request.id)
        entry: dict[str, Any] = {
            "service_item": request.name or "",
            "service_item_en": request.name_en or "",
            "outcome": request.outcome or "",
            "position": order.position if order is not None else None,
        }
        if order is not None:
            entry.update(
                status=order.status,
                due_date=order.due_date,
                closed_at=order.closed_at,
                returned=order.status == "returned",
                steps=steps.get(order.id, []),
            )
        result.append(entry)
    result.sort(key=lambda e: (e["position"] is None, e["position"] or 0))
    return Progress(visit.visit_date, result)


class RateLimit:
    """At most ``limit`` lookups per address per ``window`` seconds (per server process;
    with several workers each counts on its own). Oldest addresses are forgotten first."""

    def __init__(self, limit: int = 20, window: float = 60.0, remember: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.remember = remember
        self._hits: OrderedDict[str, list[float]] = OrderedDict()

    def allow(self, address: str) -> bool:
        now = time.monotonic()
        hits = [t for t in self._hits.pop(address, []) if now - t < self.window]
        allowed = len(hits) < self.limit
        if allowed:
            hits.append(now)
        self._hits[address] = hits
        while len(self._hits) > self.remember:
            self._hits.popitem(last=False)
        return allowed
