"""Work orders (派单交办): referred requests carried to their outcome."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from protocol.common import Message

WorkOrderStatus = Literal["accepted", "in_progress", "closed", "returned"]

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "accepted": ("in_progress", "returned"),
    "in_progress": ("closed", "returned"),
    "closed": (),
    "returned": (),
}
"""受理 accepted → 处置 in_progress → 办结 closed, or 退回 returned before it is closed."""


class WorkOrder(Message):
    id: str
    center_id: str
    request_id: str
    referred_to: str
    description: str
    due_date: dt.date | None
    status: WorkOrderStatus
    note: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class WorkOrderList(Message):
    work_orders: list[WorkOrder]


class WorkOrderStatusUpdate(Message):
    status: WorkOrderStatus
    note: str = Field(default="", max_length=500)
