"""The console's work-order actions, each checked against the operator's role and scope
and against the version the operator saw (optimistic: a second operator acting on a
changed order is told what changed instead of overwriting it).

Scope: a dispatcher sees the orders of its street's centers, a handler those assigned to
its department, the district admin all. An order outside the scope does not exist for
the operator (the page answers 404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, select, true

from district import audit, work_orders
from district.console_tables import department, work_order_step
from district.database import DistrictDatabase
from district.operators import Operator, OperatorError
from district.tables import work_order
from protocol import OPEN_STATUSES, TRANSITIONS, WorkOrder

NOTE_MAX = 500
REPLY_MAX = 2000
GRADES = range(1, 6)

ACTIONS: dict[str, tuple[str, str | None]] = {
    # action: (permission, status after; None = unchanged)
    "assign": ("work_orders.assign", "assigned"),
    "escalate": ("work_orders.escalate", None),
    "accept": ("work_orders.handle", "accepted"),
    "progress": ("work_orders.handle", "in_progress"),
    "close": ("work_orders.handle", "closed"),
    "return": ("work_orders.handle", "returned"),
    "callback": ("work_orders.callback", None),
}


def scope(actor: Operator) -> ColumnElement[bool]:
    """The work orders ``actor`` may see (a condition on ``work_order`` alone)."""
    if actor.role == "district_admin":
        return true()
    if actor.role == "dispatcher":
        return and_(work_order.c.street_id.is_not(None), work_order.c.street_id == actor.street_id)
    if actor.role == "handler":
        return and_(
            work_order.c.department_id.is_not(None),
            work_order.c.department_id == actor.department_id,
        )
    return work_order.c.id.is_(None)


def in_scope(conn: Connection, actor: Operator, work_order_id: str) -> bool:
    found = conn.execute(
        select(work_order.c.id).where(work_order.c.id == work_order_id, scope(actor))
    ).first()
    return found is not None


def allowed_actions(actor: Operator, status: str, satisfaction: int | None) -> list[str]:
    """The actions the page offers (the server checks each again when it is taken)."""
    offered = []
    for action, (permission, target) in ACTIONS.items():
        if not actor.may(permission):
            continue
        if _refusal(action, status, satisfaction, target) is None:
            offered.append(action)
    return offered


def _refusal(action: str, status: str, satisfaction: int | None, target: str | None) -> str | None:
    if action == "escalate":
        return None if status in OPEN_STATUSES else "work_order.not_open"
    if action == "callback":
        if status != "closed":
            return "work_order.callback_not_closed"
        return "work_order.callback_done" if satisfaction is not None else None
    assert target is not None
    if target not in TRANSITIONS.get(status, ()):
        return f"work_order.cannot_{action}"
    return None


@dataclass(frozen=True)
class StepInput:
    """What the form sent: the version seen, and the fields of the action."""

    version: int
    note: str = ""
    department_id: str = ""
    satisfaction: int | None = None


class StaleOrder(Exception):
    """The order changed since the operator loaded it: the steps taken since then."""

    def __init__(self, steps: list[dict[str, Any]]) -> None:
        super().__init__("work order changed")
        self.steps = steps


def act(
    database: DistrictDatabase,
    actor: Operator,
    work_order_id: str,
    action: str,
    given: StepInput,
    address: str,
) -> WorkOrder:
    """Take ``action`` on the order as ``actor``; raises :class:`OperatorError` (with the
    code of the words to show) or :class:`StaleOrder`."""
    if action not in ACTIONS:
        raise OperatorError("not_found")
    permission, target = ACTIONS[action]
    with database.write() as conn:
        if not in_scope(conn, actor, work_order_id):
            raise OperatorError("not_found")
        if not actor.may(permission):
            raise OperatorError("not_allowed")
        row = work_orders.locked(conn, work_order_id)
        if row.version != given.version:
            raise StaleOrder(_steps_since(conn, work_order_id, given.version))
        refusal = _refusal(action, row.status, row.satisfaction, target)
        if refusal is not None:
            raise OperatorError(refusal, status=row.status)
        values, note = _values(conn, action, given)
        origin = audit.Origin(actor.id, actor.username, address)
        by = work_orders.StepBy(actor.id, actor.display_name)
        order = work_orders.apply_step(
            database, conn, row, by, action, target or row.status, note, values
        )
        audit.record(conn, origin, f"work_order.{action}", work_order_id, note[:200])
    return order


def _values(conn: Connection, action: str, given: StepInput) -> tuple[dict[str, Any], str]:
    note = given.note.strip()
    if action == "assign":
        found = conn.execute(
            select(department.c.name).where(
                department.c.id == given.department_id, department.c.active.is_(True)
            )
        ).scalar_one_or_none()
        if found is None:
            raise OperatorError("work_order.department_required", "department_id")
        _limit(note, NOTE_MAX)
        return {"department_id": given.department_id}, note
    if action in ("progress", "return"):
        if not note:
            raise OperatorError(f"work_order.{action}_note_required", "note")
        _limit(note, NOTE_MAX)
        return {}, note
    if action == "close":
        if not note:
            raise OperatorError("work_order.reply_required", "note")
        _limit(note, REPLY_MAX)
        return {"reply": note}, note
    if action == "callback":
        if given.satisfaction not in GRADES:
            raise OperatorError("work_order.grade_required", "satisfaction")
        _limit(note, NOTE_MAX)
        return {"satisfaction": given.satisfaction}, note
    if action == "escalate":
        _limit(note, NOTE_MAX)
        row_escalations = work_order.c.escalations + 1
        return {"escalations": row_escalations}, note
    _limit(note, NOTE_MAX)
    return {}, note


def _limit(note: str, limit: int) -> None:
    if len(note) > limit:
        raise OperatorError("field.too_long", "note", max=limit, length=len(note))


def _steps_since(conn: Connection, work_order_id: str, version: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(work_order_step, department.c.name.label("department_name"))
        .outerjoin(department, department.c.id == work_order_step.c.department_id)
        .where(
            work_order_step.c.work_order_id == work_order_id,
            work_order_step.c.version > version,
        )
        .order_by(work_order_step.c.version)
    )
    return [dict(row._mapping) for row in rows]
