"""Deadlines in working days: weekends skipped, holidays skipped, 调休 days worked."""

from __future__ import annotations

import datetime as dt

from district.working_days import add_working_days, is_working_day

FRIDAY = dt.date(2026, 9, 25)


def test_weekends_are_skipped() -> None:
    assert add_working_days(FRIDAY, 1, {}) == dt.date(2026, 9, 28)  # Monday
    assert add_working_days(FRIDAY, 5, {}) == dt.date(2026, 10, 2)
    assert add_working_days(FRIDAY, 0, {}) == FRIDAY


def test_holidays_are_skipped_and_makeup_days_count() -> None:
    # National Day week: 1–7 October off, Sunday 27 September and Saturday 10 October worked.
    calendar = {dt.date(2026, 10, d): "holiday" for d in range(1, 8)}
    calendar[dt.date(2026, 9, 27)] = "makeup_workday"
    calendar[dt.date(2026, 10, 10)] = "makeup_workday"
    assert is_working_day(dt.date(2026, 9, 27), calendar)
    assert not is_working_day(dt.date(2026, 10, 5), calendar)
    assert add_working_days(FRIDAY, 1, calendar) == dt.date(2026, 9, 27)
    # 27, 28, 29, 30 September, then 8, 9, 10 October.
    assert add_working_days(FRIDAY, 7, calendar) == dt.date(2026, 10, 10)
