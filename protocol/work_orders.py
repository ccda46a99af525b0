"""Work orders (派单交办): referred requests carried to their outcome."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from protocol.common import Message
from protocol.storable import Inbound
from protocol.vocabulary import WorkOrderStatus

__all__ = ["WorkOrderStatus"]

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submitted": ("assigned",),
    "assigned": ("assigned", "accepted", "returned"),
    "accepted": ("in_progress", "closed", "returned"),
    "in_progress": ("in_progress", "closed", "returned"),
    "closed": (),
    "returned": ("assigned",),
}
"""待派单 submitted (as the desk referred it) → 已派单 assigned (to a department, by the
street) → 受理 accepted → 处置 in_progress (any number of progress notes) → 办结 closed
(with a reply), or 退回 returned (with a reason) before it is closed; a returned order goes
back to the street, which assigns it again."""

OPEN_STATUSES: tuple[str, ...] = ("submitted", "assigned", "accepted", "in_progress")
"""Statuses of a work order still owed an answer: past its due date, it is overdue."""


def is_overdue(status: str, due_date: dt.date | None, today: dt.date) -> bool:
    """The one definition of an overdue referral (district and desk alike)."""
    return status in OPEN_STATUSES and due_date is not None and due_date < today


WorkOrderAction = Literal[
    "referred",  # the desk referred the request (转办)
    "assign",  # the street assigned it to a department (派单)
    "escalate",  # 督办
    "accept",  # 受理
    "progress",  # 处置
    "close",  # 办结, with the reply
    "return",  # 退回, with the reason
    "callback",  # 回访, with the resident's grade
    "status",  # moved by an API client or the command line
]

STEPS_SENT = 30
"""A work order carries at most its latest 30 steps down to the desks."""


class WorkOrderStep(Message):
    """One step of a work order as the center's desks see it (the operator is not named)."""

    at: dt.datetime
    action: WorkOrderAction
    status: WorkOrderStatus = Field(description="The order's status after the step")
    department: str = Field(default="", description="The department it was assigned to")
    note: str = Field(default="", max_length=200, description="The step's words, cut short")


class WorkOrder(Message):
    id: str
    center_id: str
    request_id: str
    referred_to: str
    description: str
    due_date: dt.date | None
    status: WorkOrderStatus
    note: str = Field(
        description="What the resident is told: the reply once closed, the reason once "
        "returned, otherwise the latest progress note"
    )
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    department: str = Field(default="", description="The department it is assigned to")
    reply: str = Field(default="", description="The department's reply (办结)")
    closed_at: dt.datetime | None = None
    satisfaction: int | None = Field(
        default=None, ge=1, le=5, description="The resident's grade of the result (回访)"
    )
    steps: list[WorkOrderStep] = Field(
        default_factory=list,
        max_length=STEPS_SENT,
        description="The steps so far, oldest first (at most the latest 30)",
    )


class WorkOrderList(Message):
    work_orders: list[WorkOrder]


class WorkOrderStatusUpdate(Inbound):
    status: WorkOrderStatus
    note: str = Field(default="", max_length=500)
