"""Work orders (派单交办): made from referred requests, moved along by steps.

Every step is one transaction: the order's new state (its version bumped), a
``work_order_step`` row (who, when, what) and a feed row, so the center's desks receive
the status and the words for the resident on their next pull. The console
(:mod:`district.referrals`) decides who may take which step; this module only applies it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, get_args

from sqlalchemy import Connection, select, update

from db.ids import uuid7
from db.types import utcnow
from district import feed, working_days
from district.console_tables import department, work_order_step
from district.database import DistrictDatabase
from district.errors import ApiError
from district.tables import center, work_order
from protocol import TRANSITIONS, WorkOrder, WorkOrderStep
from protocol.work_orders import STEPS_SENT, WorkOrderAction

STEP_ACTIONS: tuple[str, ...] = get_args(WorkOrderAction)


@dataclass(frozen=True)
class StepBy:
    """Who takes a step: an operator of the console, or nobody (desk, API, command line)."""

    operator_id: str | None = None
    name: str = ""


def _department_name(conn: Connection, department_id: str | None) -> str:
    if not department_id:
        return ""
    name = conn.execute(
        select(department.c.name).where(department.c.id == department_id)
    ).scalar_one_or_none()
    return name or ""


def resident_words(row: Any) -> str:
    """What the desk shows the resident: the reply once closed, the return reason once
    returned, otherwise the latest progress note."""
    return str(row.reply if row.status == "closed" and row.reply else row.note)


def steps_sent(conn: Connection, order_id: str) -> list[WorkOrderStep]:
    """The order's latest steps, oldest first, as the desks receive them."""
    rows = conn.execute(
        select(
            work_order_step.c.at,
            work_order_step.c.action,
            work_order_step.c.status,
            work_order_step.c.note,
            department.c.name.label("department_name"),
        )
        .outerjoin(department, department.c.id == work_order_step.c.department_id)
        .where(work_order_step.c.work_order_id == order_id)
        .order_by(work_order_step.c.version.desc(), work_order_step.c.at.desc())
        .limit(STEPS_SENT)
    ).all()
    return [
        WorkOrderStep(
            at=row.at,
            action=row.action,
            status=row.status,
            department=row.department_name or "",
            note=(row.note or "")[:200],
        )
        for row in reversed(rows)
    ]


def to_wire(conn: Connection, row: Any) -> WorkOrder:
    return WorkOrder(
        id=row.id,
        center_id=row.center_id,
        request_id=row.request_id,
        referred_to=row.referred_to,
        description=row.description,
        due_date=row.due_date,
        status=row.status,
        note=resident_words(row)[:500],
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        department=_department_name(conn, row.department_id),
        reply=row.reply,
        closed_at=row.closed_at,
        satisfaction=row.satisfaction,
        steps=steps_sent(conn, row.id),
    )


def from_referral(
    conn: Connection, center_id: str, payload: dict[str, Any], now: dt.datetime
) -> list[dict[str, Any]]:
    """A referred request becomes a work order (待派单 submitted), sent down to the desks.

    Its due date is the service item's deadline in working days from the referral day;
    an item without one keeps the date the desk gave, or gets the default deadline."""
    item_id = str(payload.get("service_item_id") or "") or None
    referred_on = working_days.local_day(now)
    desk_due = payload.get("due_date")
    due = (
        working_days.due_date(conn, item_id, referred_on)
        if working_days.deadline_days(conn, item_id) or not desk_due
        else dt.date.fromisoformat(str(desk_due)[:10])
    )
    position = payload.get("position")
    order = {
        "id": uuid7(),
        "center_id": center_id,
        "request_id": payload["id"],
        "referred_to": str(payload.get("referred_to") or "")[:80],
        "description": str(payload.get("description") or "")[:1000],
        "due_date": due,
        "status": "submitted",
        "note": "",
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "visit_id": payload.get("visit_id"),
        "position": position if isinstance(position, int) else None,
        "service_item_id": item_id,
        "category": payload.get("category"),
        "urgency": str(payload.get("urgency") or "normal")[:10],
        "reply": "",
        "escalations": 0,
        "street_id": conn.execute(
            select(center.c.street_id).where(center.c.id == center_id)
        ).scalar_one_or_none(),
    }
    conn.execute(work_order.insert().values(**order))
    _step(conn, order["id"], 1, now, StepBy(), "referred", "submitted", None, order["referred_to"])
    row = conn.execute(select(work_order).where(work_order.c.id == order["id"])).one()
    wire = to_wire(conn, row)
    return [feed_row(wire, "insert")]


def feed_row(order: WorkOrder, op: str = "update") -> dict[str, Any]:
    return feed.server_row(
        order.center_id, "work_order", order.id, op, order.version, order.model_dump(mode="json")
    )


def _step(
    conn: Connection,
    order_id: str,
    version: int,
    at: dt.datetime,
    by: StepBy,
    action: str,
    status: str,
    department_id: str | None,
    note: str,
) -> None:
    conn.execute(
        work_order_step.insert().values(
            id=uuid7(),
            work_order_id=order_id,
            version=version,
            at=at,
            operator_id=by.operator_id,
            operator_name=by.name[:40],
            action=action,
            status=status,
            department_id=department_id,
            note=note,
        )
    )


def apply_step(
    database: DistrictDatabase,
    conn: Connection,
    row: Any,
    by: StepBy,
    action: str,
    status: str,
    note: str = "",
    values: dict[str, Any] | None = None,
) -> WorkOrder:
    """Write one step on the locked ``row``: new values, version + 1, the step, the feed."""
    now = utcnow()
    changes: dict[str, Any] = {
        "status": status,
        "version": row.version + 1,
        "updated_at": now,
        **(values or {}),
    }
    if action in ("progress", "return", "status") and note:
        changes["note"] = note[:500]
    if status == "closed" and row.status != "closed":
        changes["closed_at"] = now
    conn.execute(update(work_order).where(work_order.c.id == row.id).values(**changes))
    department_id = changes.get("department_id", row.department_id)
    _step(conn, row.id, row.version + 1, now, by, action, status, department_id, note)
    updated = conn.execute(select(work_order).where(work_order.c.id == row.id)).one()
    order = to_wire(conn, updated)
    feed.store(database, conn, [feed_row(order)])
    return order


def locked(conn: Connection, work_order_id: str) -> Any:
    return conn.execute(
        select(work_order).where(work_order.c.id == work_order_id).with_for_update()
    ).one_or_none()


def list_work_orders(
    database: DistrictDatabase,
    center_id: str | None = None,
    status: str | None = None,
    limit: int = 500,
) -> list[WorkOrder]:
    query = select(work_order).order_by(work_order.c.created_at).limit(limit)
    if center_id is not None:
        query = query.where(work_order.c.center_id == center_id)
    if status is not None:
        query = query.where(work_order.c.status == status)
    with database.read() as conn:
        return [to_wire(conn, row) for row in conn.execute(query).all()]


def change_status(
    database: DistrictDatabase, work_order_id: str, status: str, note: str = ""
) -> WorkOrder:
    """Move a work order on from the API or the command line (no operator; the step says
    so); the new status flows back to the center's desks by pull."""
    with database.write() as conn:
        row = locked(conn, work_order_id)
        if row is None:
            raise ApiError(404, "not_found_resource", what=f"work order {work_order_id}")
        if status not in TRANSITIONS.get(row.status, ()):
            raise ApiError(409, "work_order_transition", current=row.status, target=status)
        values = {"reply": note[:2000]} if status == "closed" else {}
        return apply_step(database, conn, row, StepBy(), "status", status, note, values)
