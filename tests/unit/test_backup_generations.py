"""Generations kept and pruned, with a fake clock: months of a center's working days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from desktop.backup.generations import Generation, Policy, to_keep, to_prune

ZONE = "Asia/Shanghai"
SHANGHAI = ZoneInfo(ZONE)


def _working_half_hours(days: int, start: dt.date) -> list[dt.datetime]:
    """Every 30 minutes of use, 08:30–17:30, Monday to Saturday, in the center's zone."""
    moments = []
    for n in range(days):
        day = start + dt.timedelta(days=n)
        if day.weekday() == 6:
            continue
        first = dt.datetime.combine(day, dt.time(8, 30), SHANGHAI)
        moments += [first + dt.timedelta(minutes=30 * k) for k in range(19)]
    return moments


def _name(moment: dt.datetime) -> str:
    return f"desk-{moment.astimezone(dt.UTC):%Y%m%dT%H%M%S}000Z.zip"


def test_months_of_backups_leave_recent_daily_weekly_and_monthly_ones() -> None:
    policy = Policy(recent=6, daily=7, weekly=4, monthly=12)
    present: list[Generation] = []
    for moment in _working_half_hours(400, dt.date(2026, 1, 1)):  # pruned after each backup
        present.append(Generation(_name(moment), moment, good=True))
        gone = {g.name for g in to_prune(present, policy, ZONE)}
        present = [g for g in present if g.name not in gone]

    newest_first = sorted(present, key=lambda g: g.created, reverse=True)
    local = [g.created.astimezone(SHANGHAI) for g in newest_first]
    last_day = local[0].date()
    # The six most recent: the last six half hours of the last working day.
    assert [m.date() for m in local[:6]] == [last_day] * 6
    assert local[0].time() == dt.time(17, 30)
    days = sorted({m.date() for m in local}, reverse=True)
    # One per working day for the last seven working days (Sundays have none).
    working = sorted(
        {m.date() for m in _working_half_hours(400, dt.date(2026, 1, 1))}, reverse=True
    )
    assert days[:7] == working[:7]
    weeks = sorted({m.isocalendar()[:2] for m in local}, reverse=True)
    assert len(weeks) >= 4
    months = sorted({(m.year, m.month) for m in local}, reverse=True)
    assert len(months) == 12
    # Each kept older day holds only its newest backup (17:30).
    for moment in local[6:]:
        assert moment.time() == dt.time(17, 30)
    assert len(present) <= 6 + 7 + 4 + 12


def test_damaged_backups_never_take_a_good_ones_place() -> None:
    policy = Policy(recent=2, daily=1, weekly=0, monthly=0)
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
    good = [Generation(f"g{n}", start + dt.timedelta(minutes=30 * n), True) for n in range(3)]
    damaged = [
        Generation(f"d{n}", start + dt.timedelta(hours=5, minutes=n), False) for n in range(4)
    ]
    kept = to_keep([*good, *damaged], policy, ZONE)
    assert {"g1", "g2"} <= kept  # the two newest good ones, although four damaged are newer
    assert "g0" not in kept
    assert kept & {g.name for g in damaged} == {"d3", "d2"}  # the newest two damaged only


def test_a_copy_kept_aside_before_a_restore_is_never_pruned() -> None:
    policy = Policy(recent=1, daily=0, weekly=0, monthly=0)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    aside = Generation("aside", start, True, protected=True)
    later = [Generation(f"g{n}", start + dt.timedelta(days=n + 1), True) for n in range(30)]
    pruned = {g.name for g in to_prune([aside, *later], policy, ZONE)}
    assert "aside" not in pruned and "g29" not in pruned and len(pruned) == 29
