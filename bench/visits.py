"""Walk-in registration and today's list: the desk's own cost against plain SQL.

* registering a visit with two requests (queue number, verification code, change log, one
  ``BEGIN IMMEDIATE`` transaction) against raw-SQL inserts of the same three rows in one
  transaction on the same file;
* listing a busy day (200 visits with their requests, names resolved) against one raw-SQL
  join of the same rows;
* the staff check every such call makes (the staff row loaded and checked), alone, against
  the whole registration;
* signing in (Argon2id with the shipped parameters) against a bare Argon2id verify.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from argon2 import PasswordHasher

from bench.desk_setup import bench_desk
from bench.harness import Report, measure
from db.ids import uuid7
from db.models import Resident
from desktop import access, auth
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.visits import RequestDraft, list_visits, register_in, register_visit

DAY_VISITS = 200


def _desk(root: Path) -> tuple[DeskContext, StaffIdentity, list[str]]:
    ctx, staff = bench_desk(root)
    with ctx.db.write() as session:
        residents = [
            Resident(center_id=ctx.center_id, name=f"居民{i}", phone_masked="170****0000")
            for i in range(50)
        ]
        session.add_all(residents)
    return ctx, staff[0], [r.id for r in residents]


_RAW_VISIT = (
    "INSERT INTO visit (id, center_id, resident_id, registered_by, desk_slot, visit_date,"
    " queue_line, queue_number, status, verification_code, arrived_at, created_at,"
    " updated_at, version) VALUES (?, ?, ?, ?, 1, '2000-01-01', 'A', ?, 'waiting', ?,"
    " '2000-01-01 00:00:00', '2000-01-01 00:00:00', '2000-01-01 00:00:00', 1)"
)
_RAW_REQUEST = (
    "INSERT INTO request (id, center_id, visit_id, position, service_item_id, category,"
    " urgency, description, outcome_note, referred_to, created_at, updated_at, version)"
    " VALUES (?, ?, ?, ?, ?, 'public', 'normal', '', '', '', '2000-01-01 00:00:00',"
    " '2000-01-01 00:00:00', 1)"
)
_RAW_DAY = (
    "SELECT v.id, v.queue_number, v.status, r.name, s.display_name, q.category, i.name"
    " FROM visit v JOIN resident r ON r.id = v.resident_id"
    " JOIN staff s ON s.id = v.registered_by JOIN request q ON q.visit_id = v.id"
    " JOIN service_item i ON i.id = q.service_item_id"
    " WHERE v.center_id = ? AND v.visit_date = ? ORDER BY v.arrived_at, q.position"
)


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ctx, staff, residents = _desk(Path(folder))
        items = list_service_items(ctx)
        drafts = [RequestDraft(items[0].id), RequestDraft(items[5].id, description="咨询")]
        people = itertools.cycle(residents)
        counter = itertools.count()

        def register() -> None:
            register_visit(ctx, staff, next(people), drafts)

        def raw_register() -> None:
            n = next(counter)
            with ctx.db.engine.begin() as conn:
                visit_id = uuid7()
                conn.exec_driver_sql(
                    _RAW_VISIT,
                    (visit_id, ctx.center_id, next(people), staff.id, f"Z{n}", f"RAW{n:05d}"),
                )
                for position, draft in enumerate(drafts, start=1):
                    conn.exec_driver_sql(
                        _RAW_REQUEST,
                        (uuid7(), ctx.center_id, visit_id, position, draft.service_item_id),
                    )

        baseline = report.add(measure("raw SQL insert visit + 2 requests", raw_register))

        def unchecked() -> None:  # the same work without the staff check: the cost before it
            with ctx.db.write() as session:
                register_in(session, ctx, staff, next(people), drafts)

        before = report.add(measure("register_in alone (no staff check)", unchecked))
        registered = report.add(
            measure("register_visit, 2 requests", register, baseline=baseline.name)
        )
        report.add(measure("register_visit against register_in", register, baseline=before.name))
        report.add(
            measure(
                "its staff check alone (access.check, own read transaction)",
                lambda: access.check(ctx, staff, "visit.register"),
                repeat=200,
                baseline=registered.name,
            )
        )
        while len(list_visits(ctx, staff, ctx.today())) < DAY_VISITS:
            register()
        day = ctx.today()

        def raw_day() -> None:
            with ctx.db.engine.connect() as conn:
                conn.exec_driver_sql(_RAW_DAY, (ctx.center_id, day.isoformat())).fetchall()

        day_base = report.add(measure(f"raw SQL join, {DAY_VISITS}+ visits", raw_day, repeat=20))
        report.add(
            measure(
                f"list_visits, {DAY_VISITS}+ visits",
                lambda: list_visits(ctx, staff, day),
                repeat=20,
                baseline=day_base.name,
            )
        )
        params = auth.PASSWORD_PARAMS
        hasher = PasswordHasher(
            time_cost=params.time_cost,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
        )
        encoded = hasher.hash("bench-pass")
        verify = report.add(
            measure(
                "argon2id verify", lambda: hasher.verify(encoded, "bench-pass"), repeat=5, warmup=1
            )
        )
        report.add(
            measure(
                "sign_in",
                lambda: auth.sign_in(ctx, "admin", "bench-pass"),
                repeat=5,
                warmup=1,
                baseline=verify.name,
            )
        )
        report.note(
            "argon2id",
            f"t={params.time_cost}, m={params.memory_kib // 1024} MiB, p={params.parallelism}",
        )
        ctx.db.dispose()
