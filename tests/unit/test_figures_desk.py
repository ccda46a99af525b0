"""The desk's figures over a period: each definition of protocol.figures, counted offline."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.statistics.figures import center_figures
from desktop.statistics.periods import period_of, shifted
from tests.unit.figure_rows import FigureRows, write_desk

DAY = dt.date(2026, 11, 10)


def test_every_figure_of_a_month(bare_ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    rows = FigureRows.sample(bare_ctx.center_id, bare_staff.id, DAY)
    write_desk(bare_ctx, rows)
    bare_ctx.clock = lambda: dt.datetime(2026, 11, 20, 4, tzinfo=dt.UTC)
    month = period_of("month", DAY)
    seen = center_figures(bare_ctx, bare_staff, month.day_from, month.day_to)
    f = seen.figures
    assert f.visits == rows.expected_visits(month.day_from, month.day_to)
    assert sum(f.visits_by_day.values()) == f.visits
    assert f.requests == sum(f.requests_by_category.values()) == sum(f.outcomes.values())
    assert f.referrals.total == f.referrals.open + f.referrals.closed
    assert 0 < f.referrals.overdue <= f.referrals.open
    assert f.referrals.on_time_rate is not None
    assert f.satisfaction.graded > 0 and f.satisfaction.average is not None
    assert f.callback_satisfaction.graded > 0
    assert f.saturday.no_show > 0 and f.saturday.checked_in > 0
    assert seen.items[0].requests >= seen.items[-1].requests
    assert seen.items[0].name  # names resolved from the catalog


def test_a_range_that_cannot_be_counted(bare_ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    with pytest.raises(UserError) as reversed_range:
        center_figures(bare_ctx, bare_staff, DAY, DAY - dt.timedelta(days=1))
    assert reversed_range.value.message.code == "figures.range_reversed"
    with pytest.raises(UserError) as too_long:
        center_figures(bare_ctx, bare_staff, dt.date(2020, 1, 1), dt.date(2025, 1, 2))
    assert too_long.value.message.code == "figures.range_too_long"
    center_figures(bare_ctx, bare_staff, dt.date(2020, 1, 1), dt.date(2025, 1, 1))  # 5 years


def test_periods() -> None:
    assert period_of("week", DAY).day_from == dt.date(2026, 11, 9)  # Monday
    assert period_of("month", DAY).day_to == dt.date(2026, 11, 30)
    assert shifted("month", period_of("month", DAY), -11).day_from == dt.date(2025, 12, 1)
    assert shifted("day", period_of("day", DAY), 1).day_from == dt.date(2026, 11, 11)
