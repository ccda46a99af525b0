"""The district's statistics, per center and period (``GET /api/v1/district/statistics``).

Every figure is :class:`protocol.figures.Figures` (the definitions the desk's F7 uses);
the flat fields of the first version stay, taken from the same figures."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from protocol.common import Message
from protocol.figures import Figures


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
        description="回访: grade 1–5 of the result → referrals of the period so graded",
    )
    street_id: str | None = None
    street_name: str = ""
    figures: Figures | None = Field(default=None, description="Every figure of the center")


class StreetStatistics(Message):
    street_id: str | None
    street_name: str
    centers: int
    figures: Figures


class Statistics(Message):
    period_from: dt.date
    period_to: dt.date
    centers: list[CenterStatistics]
    streets: list[StreetStatistics] = Field(default_factory=list)
    total: Figures | None = Field(default=None, description="Every figure, all centers asked")
