"""The district's 统计 front page over 200 centers and a year of their rows.

200 centers in 10 streets, 5,000 visits and 8,000 requests each over a year (1,000,000
visits, 1,600,000 requests, their referrals' work orders), on the embedded SQLite district
database: :func:`district.figures.district_figures` for one month (the front page: the
month at a glance and the ranking of centers) and for the whole year, against plain SQL
counting visits and requests per center and day over the same range.

Budget (issue): the front page ≤ 500 ms.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from sqlalchemy import insert, text

from bench.harness import Report, measure
from db.ids import uuid7
from district import migrate
from district.console_tables import street
from district.database import DistrictDatabase
from district.figures import district_figures
from district.tables import center, request_fact, visit_fact, work_order

CENTERS = 200
VISITS_PER_CENTER = 5_000
YEAR = 2025
ITEMS = [uuid7() for _ in range(60)]
CATEGORIES = ("public", "household", "shared")


def _fill(database: DistrictDatabase) -> None:
    rng = random.Random(200)
    now = dt.datetime(YEAR, 1, 1, tzinfo=dt.UTC)
    streets = [uuid7() for _ in range(10)]
    with database.write() as conn:
        conn.execute(
            insert(street),
            [{"id": s, "name": f"街道{n}", "created_at": now} for n, s in enumerate(streets)],
        )
        centers = [uuid7() for _ in range(CENTERS)]
        conn.execute(
            insert(center),
            [
                {
                    "id": c,
                    "name": f"党群服务中心{n:03d}",
                    "created_at": now,
                    "street_id": streets[n % 10],
                }
                for n, c in enumerate(centers)
            ],
        )
    for center_id in centers:
        visits, requests, orders = [], [], []
        for n in range(VISITS_PER_CENTER):
            day = dt.date(YEAR, 1, 1) + dt.timedelta(days=n * 365 // VISITS_PER_CENTER)
            visit_id = uuid7()
            visits.append(
                {
                    "id": visit_id,
                    "center_id": center_id,
                    "visit_date": day,
                    "satisfaction": rng.choice((None, 4, 5)),
                    "deleted": False,
                }
            )
            for _ in range(1 + (rng.random() < 0.6)):
                outcome = rng.choice(("done", "done", "referred", "booked", None))
                request_id = uuid7()
                requests.append(
                    {
                        "id": request_id,
                        "center_id": center_id,
                        "visit_id": visit_id,
                        "service_item_id": rng.choice(ITEMS),
                        "category": rng.choice(CATEGORIES),
                        "outcome": outcome,
                        "deleted": False,
                    }
                )
                if outcome == "referred":
                    closed = rng.random() < 0.7
                    orders.append(
                        {
                            "id": uuid7(),
                            "center_id": center_id,
                            "request_id": request_id,
                            "due_date": day + dt.timedelta(days=7),
                            "status": "closed" if closed else "accepted",
                            "closed_at": now + dt.timedelta(days=(day.toordinal() % 365) + 3)
                            if closed
                            else None,
                            "satisfaction": 5 if closed else None,
                            "version": 1,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
        with database.write() as conn:
            conn.execute(insert(visit_fact), visits)
            conn.execute(insert(request_fact), requests)
            conn.execute(insert(work_order), orders)


_RAW = (
    "SELECT center_id, visit_date, count(*) FROM visit_fact WHERE visit_date BETWEEN :a AND :b"
    " AND deleted = 0 GROUP BY center_id, visit_date",
    "SELECT q.center_id, q.category, q.outcome, count(*) FROM request_fact q JOIN visit_fact v"
    " ON v.id = q.visit_id WHERE v.visit_date BETWEEN :a AND :b GROUP BY q.center_id,"
    " q.category, q.outcome",
)


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'district.sqlite'}"
        database = DistrictDatabase.open(url)
        migrate.upgrade(database.engine)
        _fill(database)
        today = dt.date(YEAR + 1, 1, 10)
        month = (dt.date(YEAR, 6, 1), dt.date(YEAR, 6, 30))
        year = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
        for name, (a, b), repeat in (("month", month, 10), ("year", year, 3)):

            def raw(a: dt.date = a, b: dt.date = b) -> None:
                with database.read() as conn:
                    for statement in _RAW:
                        conn.execute(text(statement), {"a": a, "b": b}).all()

            def ours(a: dt.date = a, b: dt.date = b) -> None:
                district_figures(database, a, b, today=today)

            report.add(measure(f"{name}: raw SQL (visits, requests)", raw, repeat=repeat, warmup=1))
            report.add(
                measure(
                    f"{name}: front page figures (district_figures)",
                    ours,
                    repeat=repeat,
                    warmup=1,
                    baseline=f"{name}: raw SQL (visits, requests)",
                )
            )
        seen = district_figures(database, *month, today=today)
        report.note("centers / month visits", f"{len(seen.centers)} / {seen.total.visits}")
        database.dispose()
