"""The district's statistics, per center and period."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from protocol.common import Message


class CenterStatistics(Message):
    center_id: str
    center_name: str
    visits: int
    requests_by_category: dict[str, int]
    requests_by_service_item: dict[str, int]
    outcomes: dict[str, int]
    overdue_referrals: int
    saturday_capacity: int
    saturday_bookings: dict[str, int]
    satisfaction: dict[str, int] = Field(description="Grade 1–5 → number of visits")
    satisfaction_average: float | None
    callback_satisfaction: dict[str, int] = Field(
        default_factory=dict,
        description="回访: grade 1–5 of the result → number of work orders closed in the period",
    )


class Statistics(Message):
    period_from: dt.date
    period_to: dt.date
    centers: list[CenterStatistics]
