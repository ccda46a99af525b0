"""Figures and ledgers of a busy center's year (50,000 visits, 80,000 requests).

* F7's figures of one month (:func:`desktop.statistics.figures.center_figures`: the shared
  queries of ``db/figures.py`` and the item names) against plain SQL counting the same
  month on the same file (visits per day, grades, requests by category × item × outcome,
  referrals, Saturday), without the definitions' extra conditions;
* the year's 来访登记台账 written to .xlsx (query, masking, the workbook) against a bare
  openpyxl write-only workbook of the very same rows (no query, no formats).

Budget (issue): month figures ≤ 100 ms, the year's ledger ≤ 3 s.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import tempfile
from pathlib import Path

import openpyxl

from bench.desk_setup import bench_desk
from bench.harness import Report, measure
from db.ids import uuid7
from db.xlsx_table import TableColumn, write_table
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.statistics.export import export_ledger
from desktop.statistics.figures import center_figures
from desktop.statistics.ledgers import build_ledger

VISITS = 50_000
REQUESTS = 80_000
YEAR = 2025
STAMP = "2025-01-01 00:00:00"


def _fill(ctx: DeskContext, staff: StaffIdentity) -> None:
    """A year of rows written with plain SQL (what is measured is reading them)."""
    rng = random.Random(16)
    items = [(i.id, i.category) for i in list_service_items(ctx)]
    conn = sqlite3.connect(ctx.paths.database)
    residents = [
        (uuid7(), ctx.center_id, f"居民{n}", f"138****{n % 10000:04d}") for n in range(3000)
    ]
    conn.executemany(
        "INSERT INTO resident (id, center_id, name, phone_cipher, phone_hash, phone_masked,"
        " id_cipher, id_hash, id_masked, estate, building, unit, room, grid, note, created_at,"
        " updated_at, version) VALUES (?, ?, ?, '', '', ?, '', '', '500***********0000',"
        f" '幸福里', '1', '1', '101', '一网格', '', '{STAMP}', '{STAMP}', 1)",
        residents,
    )
    days = [dt.date(YEAR, 1, 1) + dt.timedelta(days=d) for d in range(365)]
    visits, requests, orders = [], [], []
    per_day: dict[dt.date, int] = {}
    extra = REQUESTS - VISITS
    for n in range(VISITS):
        day = days[n * len(days) // VISITS]
        per_day[day] = per_day.get(day, 0) + 1
        visit_id = uuid7()
        arrived = f"{day} {1 + per_day[day] % 8:02d}:{per_day[day] % 60:02d}:00"
        visits.append(
            (
                visit_id,
                ctx.center_id,
                residents[rng.randrange(3000)][0],
                staff.id,
                f"{day}",
                f"A{per_day[day]:03d}",
                rng.choice((None, 3, 4, 5, 5)),
                visit_id[-12:],
                arrived,
            )
        )
        count = 1 + (1 if extra > 0 and rng.random() < 0.62 else 0)
        extra -= count - 1
        for position in range(1, count + 1):
            item_id, category = items[rng.randrange(len(items))]
            outcome = rng.choice(("done", "done", "done", "referred", "booked", "follow_up", None))
            request_id = uuid7()
            due = f"{day + dt.timedelta(days=7)}" if outcome == "referred" else None
            requests.append(
                (request_id, ctx.center_id, visit_id, position, item_id, category, outcome, due)
            )
            if outcome == "referred" and rng.random() < 0.8:
                closed = rng.random() < 0.7
                orders.append(
                    (
                        request_id,
                        uuid7(),
                        "closed" if closed else "accepted",
                        due,
                        f"{day + dt.timedelta(days=rng.randrange(1, 10))} 06:00:00"
                        if closed
                        else None,
                        rng.choice((None, 4, 5)) if closed else None,
                    )
                )
    conn.executemany(
        "INSERT INTO visit (id, center_id, resident_id, registered_by, desk_slot, visit_date,"
        " queue_line, queue_number, status, satisfaction, verification_code, arrived_at,"
        f" created_at, updated_at, version) VALUES (?, ?, ?, ?, 1, ?, 'A', ?, 'closed', ?, ?, ?,"
        f" '{STAMP}', '{STAMP}', 1)",
        visits,
    )
    conn.executemany(
        "INSERT INTO request (id, center_id, visit_id, position, service_item_id, category,"
        " urgency, description, outcome, outcome_note, referred_to, due_date, created_at,"
        " updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 'normal', '', ?, '', '民政', ?,"
        f" '{STAMP}', '{STAMP}', 1)",
        requests,
    )
    conn.executemany(
        "INSERT INTO work_order_status (request_id, work_order_id, status, note, due_date,"
        " closed_at, satisfaction, version, updated_at)"
        f" VALUES (?, ?, ?, '', ?, ?, ?, 1, '{STAMP}')",
        orders,
    )
    conn.commit()
    conn.close()


_RAW_MONTH = (
    (
        "SELECT visit_date, count(*) FROM visit WHERE center_id = ? AND visit_date BETWEEN ? AND ?"
        " GROUP BY visit_date"
    ),
    (
        "SELECT satisfaction, count(*) FROM visit WHERE center_id = ?"
        " AND visit_date BETWEEN ? AND ? AND satisfaction IS NOT NULL GROUP BY satisfaction"
    ),
    (
        "SELECT q.category, q.service_item_id, q.outcome, count(*) FROM request q JOIN visit v"
        " ON v.id = q.visit_id WHERE v.center_id = ? AND v.visit_date BETWEEN ? AND ?"
        " GROUP BY q.category, q.service_item_id, q.outcome"
    ),
    (
        "SELECT count(*), sum(w.status = 'closed') FROM request q JOIN visit v ON v.id = q.visit_id"
        " LEFT JOIN work_order_status w ON w.request_id = q.id WHERE v.center_id = ?"
        " AND v.visit_date BETWEEN ? AND ? AND q.outcome = 'referred'"
    ),
    ("SELECT sum(capacity) FROM saturday_slot WHERE center_id = ? AND day BETWEEN ? AND ?"),
    (
        "SELECT status, count(*) FROM booking WHERE center_id = ? AND day BETWEEN ? AND ?"
        " GROUP BY status"
    ),
)


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        ctx, staff = bench_desk(root / "desk")
        admin = staff[0]
        _fill(ctx, admin)
        ctx.clock = lambda: dt.datetime(YEAR + 1, 1, 10, 4, tzinfo=dt.UTC)
        month = (dt.date(YEAR, 6, 1), dt.date(YEAR, 6, 30))
        year = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
        raw = sqlite3.connect(ctx.paths.database)

        def raw_month() -> None:
            for statement in _RAW_MONTH:
                raw.execute(statement, (ctx.center_id, *(f"{d}" for d in month))).fetchall()

        seen = center_figures(ctx, admin, *month).figures
        report.note("month visits / requests", f"{seen.visits} / {seen.requests}")
        report.add(measure("month figures: raw SQL", raw_month, repeat=30))
        report.add(
            measure(
                "month figures: F7 (center_figures)",
                lambda: center_figures(ctx, admin, *month),
                repeat=30,
                baseline="month figures: raw SQL",
            )
        )
        year_figures = center_figures(ctx, admin, *year).figures
        report.note("year visits / requests", f"{year_figures.visits} / {year_figures.requests}")
        report.add(
            measure(
                "year figures: F7 (center_figures)",
                lambda: center_figures(ctx, admin, *year),
                repeat=5,
                warmup=1,
            )
        )

        ledger = build_ledger(ctx, admin, "visits", *year)
        rows = ledger.rows

        def bare_openpyxl() -> None:
            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet()
            sheet.append([c.header for c in ledger.columns])
            for row in rows:
                sheet.append(list(row))
            book.save(root / "bare.xlsx")

        def ours() -> None:
            export_ledger(ctx, admin, "visits", *year, root / "来访登记台账.xlsx")

        report.note("year ledger rows", len(rows))
        report.add(
            measure(
                "year 来访登记台账: bare openpyxl write",
                bare_openpyxl,
                repeat=3,
                warmup=1,
                items=len(rows),
            )
        )
        report.add(
            measure(
                "year 来访登记台账: export_ledger",
                ours,
                repeat=3,
                warmup=1,
                items=len(rows),
                baseline="year 来访登记台账: bare openpyxl write",
            )
        )
        report.add(
            measure(
                "year 来访登记台账: rows only (build_ledger)",
                lambda: build_ledger(ctx, admin, "visits", *year),
                repeat=3,
                warmup=1,
                items=len(rows),
            )
        )
        columns = [TableColumn(c.header, c.kind) for c in ledger.columns]
        report.add(
            measure(
                "year 来访登记台账: the sheet only (write_table of the built rows)",
                lambda: write_table(root / "sheet.xlsx", ledger.title, columns, rows),
                repeat=3,
                warmup=1,
                items=len(rows),
                baseline="year 来访登记台账: bare openpyxl write",
            )
        )
        report.note("ledger size (bytes)", (root / "来访登记台账.xlsx").stat().st_size)
        raw.close()
        ctx.db.dispose()
