"""Periods a figure is counted over: a day, a week (Monday–Sunday), a month, or any range."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from desktop.errors import UserError
from protocol.figures import period_problem

KINDS = ("day", "week", "month", "range")


@dataclass(frozen=True)
class Period:
    day_from: dt.date
    day_to: dt.date

    @property
    def days(self) -> int:
        return (self.day_to - self.day_from).days + 1


def period_of(kind: str, day: dt.date) -> Period:
    """The day, week or month holding ``day``."""
    if kind == "day":
        return Period(day, day)
    if kind == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return Period(monday, monday + dt.timedelta(days=6))
    if kind == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), day.replace(day=last))
    raise ValueError(kind)


def shifted(kind: str, period: Period, steps: int) -> Period:
    """The period ``steps`` before (negative) or after the given one, of the same kind."""
    if kind == "month":
        month = period.day_from.year * 12 + period.day_from.month - 1 + steps
        return period_of("month", dt.date(month // 12, month % 12 + 1, 1))
    length = period.days
    return Period(
        period.day_from + dt.timedelta(days=length * steps),
        period.day_to + dt.timedelta(days=length * steps),
    )


def checked(day_from: dt.date, day_to: dt.date) -> Period:
    """The range, or a :class:`UserError` saying why it cannot be counted."""
    problem = period_problem(day_from, day_to)
    if problem is not None:
        raise UserError(problem, day_from=f"{day_from:%Y-%m-%d}", day_to=f"{day_to:%Y-%m-%d}")
    return Period(day_from, day_to)
