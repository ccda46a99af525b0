"""The closed sets of words both sides speak, each defined once.

Desk models and services, the district's tables and checks, the desk's choices on screen and
the text catalog all take their values from here; a test checks that each value has its
zh_CN and English label. Standard library only.
"""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["front_desk", "on_duty", "center_admin"]
"""A desk staff member's role: 前台, 值班, 中心管理员."""
ROLES: tuple[Role, ...] = get_args(Role)

Category = Literal["public", "household", "shared"]
"""A request's category: 公事, 家事, 共事."""
CATEGORIES: tuple[Category, ...] = get_args(Category)

Urgency = Literal["normal", "urgent", "critical"]
"""How urgent a request is: 一般, 紧急, 特急."""
URGENCIES: tuple[Urgency, ...] = get_args(Urgency)

Outcome = Literal["done", "referred", "booked", "follow_up"]
"""What became of a request: 当场办结, 转办, 预约星期六, 需跟进."""
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
DATED_OUTCOMES: frozenset[Outcome] = frozenset({"referred", "booked", "follow_up"})
"""Outcomes that carry a date (due date, the booked Saturday, the follow-up day)."""

VisitStatus = Literal["waiting", "serving", "closed"]
VISIT_STATUSES: tuple[VisitStatus, ...] = get_args(VisitStatus)

Channel = Literal["desk", "phone", "family", "online"]
"""How a Saturday booking was made; ``online`` comes through the district's channels."""
CHANNELS: tuple[Channel, ...] = get_args(Channel)
DESK_CHANNELS: tuple[Channel, ...] = ("desk", "phone", "family")
"""The channels a desk books through."""

BookingStatus = Literal["confirmed", "pending_confirmation", "cancelled", "checked_in", "no_show"]
BOOKING_STATUSES: tuple[BookingStatus, ...] = get_args(BookingStatus)
HOLDING_STATUSES: tuple[BookingStatus, ...] = (
    "confirmed",
    "pending_confirmation",
    "checked_in",
    "no_show",
)
"""Bookings that hold their place."""

WorkOrderStatus = Literal["submitted", "assigned", "accepted", "in_progress", "closed", "returned"]
"""A referral's work order at the district (派单交办)."""
WORK_ORDER_STATUSES: tuple[WorkOrderStatus, ...] = get_args(WorkOrderStatus)
