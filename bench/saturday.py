"""Saturday community at scale: two years of Saturdays and 50,000 bookings in the database.

* the month view (each Saturday of a month with booked/total places: slots brought up to
  date for the month, then two grouped counts) against the raw SQL of the two counts, and
  F5's month calendar (the same counts for the whole month in grouped queries, with the
  exceptions and offers) against the same baseline;
* F5's Saturday grid (the day's slots made and brought up to date, places per cell)
  against the raw SQL of the day's bookings;
* the day's list (预约名单: no-shows marked, the day's slots with places, every booking
  of the day with names) against the raw SQL of the day's bookings joined to names;
* booking a place (all rules, the capacity check and the insert in one ``BEGIN IMMEDIATE``
  transaction, change log included) against a raw-SQL insert of the booking row.

Target: ≤ 20 ms for both (median and p95).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from bench.desk_setup import bench_desk
from bench.harness import Report, measure
from db.ids import uuid7
from db.models import Booking, Resident, RosterEntry, SaturdaySlot, Staff
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.saturday import bookings, month, screens, setup, slots
from desktop.saturday.calendar import OpeningHours, next_saturday
from desktop.settings import Settings

WEEKS = 104
BOOKINGS = 50_000
RESIDENTS = 12_000
WORKERS = 8
TARGET_MS = 20.0
FRESH = 500
"""Residents left without bookings, for the timed bookings."""
START = dt.date(2026, 1, 3)


def _desk(root: Path) -> tuple[DeskContext, StaffIdentity]:
    ctx, staff = bench_desk(root, WORKERS)
    ctx.clock = lambda: dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC)
    Settings(ctx.db).set("saturday.weeks_ahead", 52)
    return ctx, staff[0]


def _fill(ctx: DeskContext, admin: StaffIdentity) -> list[str]:
    """Two years of Saturdays with slots and a roster, residents, 50,000 bookings (bulk)."""
    setup.save_sessions(
        ctx, admin, [OpeningHours("09:00", "12:00", 30), OpeningHours("14:00", "17:00", 30)]
    )
    items = [i.id for i in list_service_items(ctx, saturday_only=True)][:6]
    setup.save_services(ctx, admin, dict.fromkeys(items, 2))
    days = [START + dt.timedelta(weeks=w) for w in range(WEEKS)]
    with ctx.db.write() as session:
        staff_ids = list(session.scalars(select(Staff.id)))
        session.execute(
            insert(RosterEntry),
            [
                {"id": uuid7(), "center_id": ctx.center_id, "day": day, "staff_id": s}
                for day in days
                for s in staff_ids
            ],
        )
        for day in days:
            slots.ensure_slots(session, ctx.center_id, day)
        residents = [uuid7() for _ in range(RESIDENTS)]
        session.execute(
            insert(Resident),
            [
                {
                    "id": r,
                    "center_id": ctx.center_id,
                    "name": f"居民{n}",
                    "phone_masked": "170****0000",
                }
                for n, r in enumerate(residents)
            ],
        )
        all_slots = list(
            session.execute(select(SaturdaySlot.id, SaturdaySlot.day, SaturdaySlot.service_item_id))
        )
        rng = random.Random(7)
        rows: list[dict[str, object]] = []
        per_slot: dict[str, int] = {}
        numbers = itertools.count(1)
        while len(rows) < BOOKINGS:
            slot_id, day, item = rng.choice(all_slots)
            if per_slot.get(slot_id, 0) >= WORKERS * 2 - 2:  # leave places for the timed bookings
                continue
            per_slot[slot_id] = per_slot.get(slot_id, 0) + 1
            rows.append(
                {
                    "id": uuid7(),
                    "center_id": ctx.center_id,
                    "slot_id": slot_id,
                    "resident_id": rng.choice(residents[:-FRESH]),
                    "service_item_id": item,
                    "day": day,
                    "number": f"B{next(numbers):07d}",
                    "status": "confirmed",
                    "channel": "desk",
                }
            )
        session.execute(insert(Booking), rows)
    return residents


RAW_BOOKING = (
    "INSERT INTO booking (id, center_id, slot_id, resident_id, service_item_id, day, number,"
    " status, channel, from_share, needs_reschedule, no_show_auto, note, cancel_reason,"
    " created_at, updated_at, version) SELECT ?, center_id, id, ?, service_item_id, day, ?,"
    " 'cancelled', 'desk', 1, 0, 0, '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1"
    " FROM saturday_slot WHERE id = ?"
)


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-saturday-") as tmp:
        ctx, admin = _desk(Path(tmp))
        started = time.perf_counter()
        residents = _fill(ctx, admin)
        report.note("generation_s", round(time.perf_counter() - started, 1))
        report.note("saturdays", WEEKS)
        report.note("bookings", BOOKINGS)

        months = itertools.cycle([(2026, m) for m in range(1, 13)])
        raw = ctx.db.engine.raw_connection()
        try:
            cursor = raw.cursor()

            def raw_month() -> None:
                year, month = next(months)
                first = f"{year}-{month:02d}-01"
                last = f"{year}-{month:02d}-31"
                cursor.execute(
                    "SELECT day, sum(capacity) FROM saturday_slot WHERE center_id = ? AND day"
                    " BETWEEN ? AND ? GROUP BY day",
                    (ctx.center_id, first, last),
                ).fetchall()
                cursor.execute(
                    "SELECT day, count(*) FROM booking WHERE center_id = ? AND day BETWEEN ? AND ?"
                    " AND status IN ('confirmed','pending_confirmation','checked_in','no_show')"
                    " GROUP BY day",
                    (ctx.center_id, first, last),
                ).fetchall()

            base_month = report.add(measure("raw SQL: month counts", raw_month))
            report.add(
                measure(
                    "month_calendar (F5's month: weeks, booked/total, levels, exceptions)",
                    lambda: month.month_calendar(ctx, admin, *next(months)),
                    baseline=base_month.name,
                )
            )

            listed = itertools.cycle([START + dt.timedelta(weeks=w) for w in range(52, 60)])

            def raw_day() -> None:
                cursor.execute(
                    "SELECT b.*, r.name, s.starts FROM booking b JOIN resident r ON"
                    " r.id = b.resident_id JOIN saturday_slot s ON s.id = b.slot_id WHERE"
                    " b.center_id = ? AND b.day = ? AND b.status != 'cancelled' ORDER BY"
                    " b.created_at",
                    (ctx.center_id, next(listed).isoformat()),
                ).fetchall()

            base_day = report.add(measure("raw SQL: a Saturday's bookings", raw_day))
            report.add(
                measure(
                    "day_grid (F5's Saturday: time × service with free places)",
                    lambda: month.day_grid(ctx, admin, next(listed)),
                    baseline=base_day.name,
                )
            )
            report.add(
                measure(
                    "day_list (a Saturday's list by slot)",
                    lambda: screens.day_list(ctx, admin, next(listed)),
                    baseline=base_day.name,
                )
            )

            day = next_saturday(dt.date(2026, 2, 1))
            with ctx.db.read() as session:
                targets = [
                    s.id
                    for s in session.scalars(select(SaturdaySlot).where(SaturdaySlot.day >= day))
                    if s.day <= day + dt.timedelta(weeks=20)
                ]
            picks = iter(range(10**6))
            raw_ids = itertools.count(1)

            def raw_book() -> None:
                n = next(raw_ids)
                cursor.execute(
                    RAW_BOOKING,
                    (uuid7(), residents[n], f"R{n:07d}", targets[n % len(targets)]),
                )
                raw.commit()

            base_book = report.add(measure("raw SQL: insert one booking", raw_book))

            def book() -> None:
                n = next(picks)
                bookings.book(ctx, admin, targets[(n * 7) % len(targets)], residents[-1 - n])

            report.add(measure("book (rules + capacity + insert)", book, baseline=base_book.name))
        finally:
            raw.close()
        ctx.db.dispose()
    report.note("target_ms", TARGET_MS)
