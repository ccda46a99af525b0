"""The console's work-order list with 100,000 work orders across 200 centers (10 streets,
10 departments) on PostgreSQL: the p95 time of a filtered page, against the raw SQL of
the same page (its count and its rows, through the driver alone) in the same run.

Four figures per filter: ``page server time`` (the whole request inside a real server
process: session, count, rows, filter lists, template; from its ``Server-Timing``
header), ``page round trip`` (the same seen by the client over loopback), ``list`` (the
page's queries through the console's code, in process), and ``raw SQL`` (the same
statements as text through psycopg alone, the baseline: the count, the count of overdue
orders, and the rows of the page's half or halves).
Needs PostgreSQL on 127.0.0.1:5432; the benchmark makes and drops its own database."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from dataclasses import replace
from typing import Any

import httpx
import psycopg
from sqlalchemy import Select, insert
from sqlalchemy.dialects import postgresql

from bench.harness import Report, Timing, measure
from db.ids import uuid7
from district import migrate, operators, organisation, work_order_list
from district.audit import Origin
from district.console_tables import service_item_ref
from district.database import DistrictDatabase
from district.tables import center, visit_fact, work_order
from district.work_order_list import Filters
from district.working_days import district_today
from tests.integration.district_server import postgres_database, running_server

ORDERS = int(os.environ.get("BENCH_WORK_ORDERS", "100000"))
CENTERS = 200
STREETS = 10
DEPARTMENTS = 10
ITEMS = 40
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))
ORIGIN = Origin(None, "bench", "127.0.0.1")
STATUSES = ("submitted", "assigned", "accepted", "in_progress", "closed", "closed", "returned")


def _populate(database: DistrictDatabase) -> dict[str, Any]:
    rng = random.Random(15)
    streets = [organisation.create_street(database, f"街道{i}", ORIGIN) for i in range(STREETS)]
    departments = [
        organisation.create_department(database, f"部门{i}", ORIGIN) for i in range(DEPARTMENTS)
    ]
    now = dt.datetime.now(dt.UTC)
    centers = [
        {
            "id": uuid7(),
            "name": f"中心{i}",
            "address": "",
            "hotline": "",
            "timezone": "Asia/Shanghai",
            "created_at": now,
            "street_id": streets[i % STREETS],
        }
        for i in range(CENTERS)
    ]
    items = [
        {
            "id": uuid7(),
            "center_id": None,
            "name": f"事项{i}",
            "name_en": "",
            "category": ("public", "household", "shared")[i % 3],
        }
        for i in range(ITEMS)
    ]
    today = district_today()
    visits, orders = [], []
    for n in range(ORDERS):
        created = now - dt.timedelta(minutes=rng.randrange(180 * 24 * 60))
        status = rng.choice(STATUSES)
        item = rng.choice(items)
        visit_id = uuid7()
        code = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(8))
        home = rng.choice(centers)
        visits.append(
            {
                "id": visit_id,
                "center_id": home["id"],
                "visit_date": created.date(),
                "satisfaction": None,
                "deleted": False,
                "verification_code": code,
                "queue_number": f"A{n % 999:03d}",
            }
        )
        orders.append(
            {
                "id": uuid7(),
                "center_id": home["id"],
                "request_id": uuid7(),
                "referred_to": "",
                "description": "楼道灯坏了",
                "due_date": today + dt.timedelta(days=rng.randrange(-60, 30)),
                "status": status,
                "note": "",
                "version": 1,
                "created_at": created,
                "updated_at": created,
                "visit_id": visit_id,
                "position": 1,
                "service_item_id": item["id"],
                "category": item["category"],
                "urgency": "normal",
                "department_id": None if status == "submitted" else rng.choice(departments),
                "street_id": home["street_id"],
                "reply": "",
                "escalations": 0,
            }
        )
    with database.write() as conn:
        conn.execute(insert(center), centers)
        conn.execute(insert(service_item_ref), items)
        for start in range(0, ORDERS, 5000):
            conn.execute(insert(visit_fact), visits[start : start + 5000])
            conn.execute(insert(work_order), orders[start : start + 5000])
    with database.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    return {
        "streets": streets,
        "departments": departments,
        "codes": [v["verification_code"] for v in visits[:50]],
    }


def _raw(query: Select[Any]) -> tuple[str, dict[str, Any]]:
    """The statement as PostgreSQL receives it, with its parameters (UTC times naive, as
    the column type stores them)."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    compiled = query.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = {
        key: value.astimezone(dt.UTC).replace(tzinfo=None)
        if isinstance(value, dt.datetime)
        else value
        for key, value in compiled.params.items()
    }
    sql = re.sub(r"%\((\w+)\)s", r"%(\1)s", str(compiled))
    return sql, params


def run(report: Report) -> None:
    with postgres_database() as url:
        database = DistrictDatabase.open(url, pool_size=2)
        migrate.upgrade(database.engine)
        world = _populate(database)
        street, department = world["streets"][3], world["departments"][2]
        operators.create_operator(
            database, "bench.admin", "区管理员", "district_admin", "bench-pass-1"
        )
        operators.create_operator(
            database, "bench.dispatcher", "派单员", "dispatcher", "bench-pass-1", street_id=street
        )
        admin = operators.Operator("a", "bench.admin", "区管理员", "district_admin", None, None)
        dispatcher = operators.Operator(
            "d", "bench.dispatcher", "派单员", "dispatcher", street, None
        )
        week_ago = district_today() - dt.timedelta(days=7)
        cases = {
            "dispatcher, overdue": (dispatcher, Filters(overdue=True), "overdue=1"),
            "dispatcher, status + department": (
                dispatcher,
                Filters(status="in_progress", department_id=department),
                f"status=in_progress&department={department}",
            ),
            "admin, category + last 7 days, page 3": (
                admin,
                Filters(category="household", day_from=week_ago, page=3),
                f"category=household&from={week_ago}&page=3",
            ),
            "admin, request number": (
                admin,
                Filters(search=world["codes"][7]),
                f"q={world['codes'][7]}",
            ),
        }
        plain = url.replace("postgresql+psycopg://", "postgresql://")
        with running_server(url) as base, psycopg.connect(plain) as raw:
            clients = {}
            for name in ("bench.admin", "bench.dispatcher"):
                client = httpx.Client(base_url=base, timeout=30)
                form = client.get("/signin").text
                token = re.search(r'name="csrf" value="([^"]+)"', form)
                assert token is not None
                client.post(
                    "/signin",
                    data={"csrf": token.group(1), "username": name, "password": "bench-pass-1"},
                )
                clients[name] = client
            for label, (actor, filters, query) in cases.items():
                today = district_today()
                statements = [_raw(work_order_list.count_query(actor, filters, today))]
                if not filters.overdue:
                    overdue = work_order_list.count_query(actor, filters, today, True)
                    statements.append(_raw(overdue))
                with database.read() as conn:
                    overdue_total = int(
                        conn.execute(
                            work_order_list.count_query(actor, filters, today, True)
                        ).scalar_one()
                    )
                statements += [
                    _raw(query)
                    for _, query in work_order_list.page_queries(
                        actor, filters, today, overdue_total
                    )
                ]

                def raw_sql(statements: list[Any] = statements) -> None:
                    with raw.cursor() as cur:
                        for statement in statements:
                            cur.execute(*statement)
                            cur.fetchall()
                    raw.rollback()

                baseline = report.add(measure(f"raw SQL: {label}", raw_sql, repeat=REPEAT)).name

                def listing(actor: operators.Operator = actor, filters: Filters = filters) -> None:
                    work_order_list.list_page(database, actor, filters)

                report.add(measure(f"list: {label}", listing, repeat=REPEAT, baseline=baseline))
                client = clients[actor.username]
                server_ms: list[float] = []

                def page(
                    client: httpx.Client = client,
                    query: str = query,
                    server_ms: list[float] = server_ms,
                ) -> None:
                    answer = client.get(f"/work-orders?{query}")
                    assert answer.status_code == 200, answer.status_code
                    timing = answer.headers["server-timing"]
                    server_ms.append(float(timing.split("dur=")[1]))

                measured = measure(f"page round trip: {label}", page, repeat=REPEAT)
                server = server_ms[-REPEAT:]
                report.add(Timing(f"page server time: {label}", server, baseline=baseline))
                report.add(replace(measured, baseline=baseline))
            for client in clients.values():
                client.close()
        report.note("work orders", ORDERS)
        report.note("centers / streets / departments", f"{CENTERS} / {STREETS} / {DEPARTMENTS}")
        database.dispose()
