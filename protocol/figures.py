"""The figures a center and a district report, defined once for the desk and the district.

What each figure counts (the desk's F7 统计, its ledgers and monthly report, the district's
console pages and ``GET /api/v1/district/statistics`` all follow these words; the counting
itself is :mod:`db.figures`, one set of queries both sides run over their own tables):

- **Visit** (来访): a registered visit that is not deleted, counted on its visit date (the
  center's local day its queue number was issued), whatever its state (waiting, serving,
  closed). A Saturday check-in opens a visit and counts like a walk-in.
- **Request** (诉求): a request of a counted visit; it belongs to its visit's day.
  Outcomes: 当场办结 ``done``, 转办 ``referred``, 预约 ``booked``, 跟进 ``follow_up``, and
  ``open`` while none is recorded.
- **Referral** (转办): a request whose outcome is ``referred``, in its visit's period.
  It is *closed* when its work order is 办结 ``closed``; otherwise *open* (a referral the
  district has not answered yet, or one not yet sent, is open). It is *overdue* when it is
  still owed an answer (:data:`OPEN_STATUSES`, or no work order yet) and its due date is
  before today. It is *closed on time* when it was closed on or before its due date (the
  local day of closing), or has no due date. On-time rate = closed on time ÷ (closed +
  overdue): referrals whose answer is due, the share answered in time.
- **Satisfaction** (满意度): grades 1 (非常不满意) … 5 (非常满意). *At the desk*: the grade a
  counted visit was given. *Callback* (回访): the grade the district's callback recorded for
  a referral of the period. Average = sum of grades ÷ graded, two decimals; none graded: no
  average.
- **Saturday** (星期六社区), by slot day: places *offered* = the slots' capacities; *booked*
  = bookings holding a place (confirmed, 待确认, checked in, no-show); *checked in*; *no-show*
  = a booking marked no-show, or one still confirmed/待确认 once its Saturday is over
  (before today); *cancelled*.

A period is a closed range of days ``day_from`` … ``day_to``; it may not end before it
starts nor span more than :data:`MAX_PERIOD_YEARS` years (:func:`period_problem`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from pydantic import Field

from protocol.common import Message

MAX_PERIOD_YEARS = 5

CLOSED = "closed"
REFERRED = "referred"
OPEN_STATUSES: tuple[str, ...] = ("submitted", "assigned", "accepted", "in_progress")
"""Work-order statuses still owed an answer; a referral with no work order yet is too."""
NOT_YET_SENT = "submitted"
"""The status a referral has before the district's work order reaches the desk."""

OUTCOME_KEYS = ("done", "referred", "booked", "follow_up", "open")
CATEGORY_KEYS = ("public", "household", "shared")
GRADES = (1, 2, 3, 4, 5)
HOLDING = ("confirmed", "pending_confirmation", "checked_in", "no_show")
STILL_EXPECTED = ("confirmed", "pending_confirmation")
"""Booking statuses that become no-shows once their Saturday is over."""


def period_problem(day_from: dt.date, day_to: dt.date) -> str | None:
    """The message code for a period that cannot be counted, or ``None`` when it can."""
    if day_to < day_from:
        return "figures.range_reversed"
    if day_to > add_years(day_from, MAX_PERIOD_YEARS):
        return "figures.range_too_long"
    return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def average(grades: Mapping[int, int]) -> float | None:
    """Average grade of a five-grade distribution (grade → count), two decimals."""
    graded = sum(grades.values())
    if not graded:
        return None
    return round(sum(grade * count for grade, count in grades.items()) / graded, 2)


def on_time_rate(closed_on_time: int, closed: int, overdue: int) -> float | None:
    """Closed on time ÷ referrals whose answer is due (closed + overdue), 0–1."""
    due = closed + overdue
    return None if due == 0 else round(closed_on_time / due, 4)


class Referrals(Message):
    total: int = 0
    open: int = 0
    closed: int = 0
    overdue: int = 0
    closed_on_time: int = 0
    on_time_rate: float | None = Field(
        default=None, description="closed on time ÷ (closed + overdue), 0–1"
    )


class Satisfaction(Message):
    grades: dict[int, int] = Field(
        default_factory=dict, description="grade 1–5 → number graded (absent: none)"
    )
    average: float | None = None

    @property
    def graded(self) -> int:
        return sum(self.grades.values())


class Saturday(Message):
    offered: int = 0
    booked: int = 0
    checked_in: int = 0
    no_show: int = 0
    cancelled: int = 0


class Figures(Message):
    """Every figure of one center (or of several added up) over one period."""

    period_from: dt.date
    period_to: dt.date
    today: dt.date = Field(description="the day overdue referrals and no-shows are judged on")
    visits: int = 0
    visits_by_day: dict[dt.date, int] = Field(default_factory=dict)
    requests: int = 0
    requests_by_category: dict[str, int] = Field(default_factory=dict)
    requests_by_service_item: dict[str, int] = Field(
        default_factory=dict, description="service item id → requests"
    )
    outcomes: dict[str, int] = Field(
        default_factory=dict, description="done / referred / booked / follow_up / open"
    )
    referrals: Referrals = Referrals()
    satisfaction: Satisfaction = Satisfaction()
    callback_satisfaction: Satisfaction = Satisfaction()
    saturday: Saturday = Saturday()


def satisfaction_of(grades: Mapping[int, int]) -> Satisfaction:
    kept = {int(g): int(n) for g, n in sorted(grades.items()) if n}
    return Satisfaction(grades=kept, average=average(kept))


def referrals_of(total: int, closed: int, overdue: int, closed_on_time: int) -> Referrals:
    return Referrals(
        total=total,
        open=total - closed,
        closed=closed,
        overdue=overdue,
        closed_on_time=closed_on_time,
        on_time_rate=on_time_rate(closed_on_time, closed, overdue),
    )


def combine(
    parts: Iterable[Figures], day_from: dt.date, day_to: dt.date, today: dt.date
) -> Figures:
    """Several centers' figures added up (a street, the district); rates worked out again."""
    visits_by_day: Counter[dt.date] = Counter()
    by_category: Counter[str] = Counter()
    by_item: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    grades: Counter[int] = Counter()
    callback: Counter[int] = Counter()
    counts: Counter[str] = Counter()
    for part in parts:
        visits_by_day.update(part.visits_by_day)
        by_category.update(part.requests_by_category)
        by_item.update(part.requests_by_service_item)
        outcomes.update(part.outcomes)
        grades.update(part.satisfaction.grades)
        callback.update(part.callback_satisfaction.grades)
        counts.update(
            visits=part.visits,
            requests=part.requests,
            ref_total=part.referrals.total,
            ref_closed=part.referrals.closed,
            ref_overdue=part.referrals.overdue,
            ref_on_time=part.referrals.closed_on_time,
            **{f"sat_{k}": v for k, v in part.saturday.model_dump().items()},
        )
    return Figures(
        period_from=day_from,
        period_to=day_to,
        today=today,
        visits=counts["visits"],
        visits_by_day=dict(sorted(visits_by_day.items())),
        requests=counts["requests"],
        requests_by_category=dict(by_category),
        requests_by_service_item=dict(by_item),
        outcomes=dict(outcomes),
        referrals=referrals_of(
            counts["ref_total"], counts["ref_closed"], counts["ref_overdue"], counts["ref_on_time"]
        ),
        satisfaction=satisfaction_of(grades),
        callback_satisfaction=satisfaction_of(callback),
        saturday=Saturday(**{k: counts[f"sat_{k}"] for k in Saturday.model_fields}),
    )
