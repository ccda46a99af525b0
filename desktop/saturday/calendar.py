"""Saturdays, slot times and what a dated exception does to a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

SATURDAY = 5


def is_saturday(day: dt.date) -> bool:
    return day.weekday() == SATURDAY


def saturdays_in_month(year: int, month: int) -> list[dt.date]:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(SATURDAY - day.weekday()) % 7)
    days = []
    while day.month == month:
        days.append(day)
        day += dt.timedelta(days=7)
    return days


def next_saturday(day: dt.date) -> dt.date:
    """``day`` itself if it is a Saturday, else the next one."""
    return day + dt.timedelta(days=(SATURDAY - day.weekday()) % 7)


def minutes(hhmm: str) -> int:
    hours, _, mins = hhmm.partition(":")
    return int(hours) * 60 + int(mins)


def hhmm(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def valid_time(text: str) -> bool:
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        return False
    return 0 <= int(parts[0]) <= 23 and 0 <= int(parts[1]) <= 59


@dataclass(frozen=True)
class OpeningHours:
    starts: str
    ends: str
    slot_minutes: int


def slot_times(
    sessions: Iterable[OpeningHours], window: tuple[str, str] | None
) -> Iterator[tuple[str, str]]:
    """(start, end) of every slot of the sessions, clipped to ``window`` (shorter hours)."""
    low, high = (minutes(window[0]), minutes(window[1])) if window else (0, 24 * 60)
    for session in sorted(sessions, key=lambda s: minutes(s.starts)):
        start, end = minutes(session.starts), minutes(session.ends)
        step = max(session.slot_minutes, 5)
        while start + step <= end:
            if start >= low and start + step <= high:
                yield hhmm(start), hhmm(start + step)
            start += step
