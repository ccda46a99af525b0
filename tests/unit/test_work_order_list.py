"""The console's list order across pages: every overdue order first (by due date), then
the rest (by due date), with no row lost or repeated where a page holds both halves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import insert

from db.ids import uuid7
from district import migrate
from district.database import DistrictDatabase
from district.operators import Operator
from district.tables import center, work_order
from district.work_order_list import PAGE_SIZE, Filters, list_page
from district.working_days import district_today

ADMIN = Operator("a", "a", "a", "district_admin", None, None)


def test_overdue_orders_come_first_then_the_rest_by_due_date(tmp_path: Path) -> None:
    database = DistrictDatabase.open(f"sqlite:///{tmp_path / 'district.sqlite'}")
    migrate.upgrade(database.engine)
    today = district_today()
    now = dt.datetime.now(dt.UTC)
    center_id = uuid7()
    orders = []
    for n in range(130):
        overdue = n % 3 == 0  # and some of the others: a page holds both halves
        status = "accepted" if overdue or n % 2 else "closed"
        due = (
            today - dt.timedelta(days=n % 17 + 1)
            if overdue
            else today + dt.timedelta(days=n % 23 - 11)
        )
        orders.append(
            {
                "id": uuid7(),
                "center_id": center_id,
                "request_id": uuid7(),
                "status": status,
                "due_date": due,
                "version": 1,
                "created_at": now - dt.timedelta(minutes=n),
                "updated_at": now,
            }
        )
    with database.write() as conn:
        conn.execute(
            insert(center).values(
                id=center_id, name="中心", created_at=now, timezone="Asia/Shanghai"
            )
        )
        conn.execute(insert(work_order), orders)
    seen = []
    for page in (1, 2, 3):
        listing = list_page(database, ADMIN, Filters(page=page))
        assert listing.total == 130 and listing.pages == 3
        seen += listing.rows
    assert len(seen) == 130 and len({row["id"] for row in seen}) == 130
    flags = [row["overdue"] for row in seen]
    overdue_count = sum(flags)
    assert flags == [True] * overdue_count + [False] * (130 - overdue_count)
    expected = sum(1 for o in orders if o["status"] == "accepted" and o["due_date"] < today)
    assert overdue_count == expected and PAGE_SIZE < overdue_count < 2 * PAGE_SIZE
    for half in (seen[:overdue_count], seen[overdue_count:]):
        keys = [(row["due_date"], row["created_at"]) for row in half]
        assert keys == sorted(keys)
    only = list_page(database, ADMIN, Filters(overdue=True))
    assert only.total == expected and all(row["overdue"] for row in only.rows)
    database.dispose()
