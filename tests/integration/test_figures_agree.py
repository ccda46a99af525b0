"""One definition: the same rows written into a desk's database and a district's (SQLite and
PostgreSQL) give the very same figures, every one of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from desktop.context import DeskContext, StaffIdentity
from desktop.statistics.figures import center_figures
from district import migrate, tables
from district.database import DistrictDatabase
from district.figures import centers_figures
from tests.integration.district_server import postgres_database, postgres_reachable
from tests.unit.figure_rows import FigureRows, write_desk, write_district

AROUND = dt.date(2026, 11, 10)
PERIODS = [
    (dt.date(2026, 11, 1), dt.date(2026, 11, 30)),  # a month
    (dt.date(2026, 11, 9), dt.date(2026, 11, 15)),  # a week
    (dt.date(2026, 11, 10), dt.date(2026, 11, 10)),  # a day
    (dt.date(2026, 9, 1), dt.date(2026, 12, 31)),  # any range, past the rows on both sides
]


@pytest.fixture(params=["sqlite", "postgres"])
def district_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DistrictDatabase]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('district') / 'district.sqlite'}"
        database = DistrictDatabase.open(url)
        migrate.upgrade(database.engine)
        yield database
        database.dispose()
        return
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    with postgres_database() as url:
        database = DistrictDatabase.open(url, pool_size=2)
        migrate.upgrade(database.engine)
        yield database
        database.dispose()


@pytest.mark.parametrize("today", [dt.date(2026, 11, 20), dt.date(2026, 12, 5)])
def test_desk_and_district_count_alike(
    bare_ctx: DeskContext,
    bare_staff: StaffIdentity,
    district_db: DistrictDatabase,
    today: dt.date,
) -> None:
    rows = FigureRows.sample(bare_ctx.center_id, bare_staff.id, AROUND, visits=400, seed=16)
    write_desk(bare_ctx, rows)
    with district_db.write() as conn:
        write_district(conn, rows, tables)
    bare_ctx.clock = lambda: dt.datetime.combine(today, dt.time(4), dt.UTC)
    for day_from, day_to in PERIODS:
        desk = center_figures(bare_ctx, bare_staff, day_from, day_to).figures
        with district_db.read() as conn:
            district = centers_figures(conn, day_from, day_to, today)[bare_ctx.center_id]
        assert desk.model_dump() == district.model_dump(), (day_from, day_to)
        if day_from.month == 11 and day_to.month == 11 and day_from.day == 1:
            # the sample holds every case the definitions tell apart
            assert desk.referrals.overdue and desk.referrals.closed_on_time
            assert desk.referrals.closed > desk.referrals.closed_on_time  # some closed late
            assert desk.saturday.no_show and desk.callback_satisfaction.graded
