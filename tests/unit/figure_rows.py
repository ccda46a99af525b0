"""One set of plain rows (visits, requests, work orders, Saturday slots and bookings) that a
test writes into a desk's database and a district's alike, to count figures on both."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert

from db.ids import uuid7
from db.models import (
    Booking,
    Resident,
    SaturdaySlot,
    ServiceItem,
    ServiceLine,
    ServiceRequest,
    Visit,
    WorkOrderStatus,
)
from desktop.context import DeskContext

ITEMS = (("户籍证明", "public"), ("家庭纠纷调解", "household"), ("小区停车议事", "shared"))
STATUSES = ("submitted", "assigned", "accepted", "in_progress", "closed", "returned", None)
BOOKING_STATUSES = ("confirmed", "pending_confirmation", "checked_in", "no_show", "cancelled")


@dataclass
class FigureRows:
    center_id: str
    staff_id: str
    items: list[tuple[str, str, str]] = field(default_factory=list)  # id, name, category
    residents: list[str] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    slots: list[dict[str, Any]] = field(default_factory=list)
    bookings: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def sample(
        cls, center_id: str, staff_id: str, around: dt.date, visits: int = 240, seed: int = 7
    ) -> FigureRows:
        """Visits over the 45 days around ``around`` with every kind of row and edge case:
        deleted visits and requests, open and referred requests, work orders in every
        status (and none), closings before, on and after the due date, Saturdays with
        every booking status."""
        rng = random.Random(seed)
        rows = cls(center_id, staff_id)
        rows.items = [(uuid7(), name, category) for name, category in ITEMS]
        rows.residents = [uuid7() for _ in range(12)]
        start = around - dt.timedelta(days=30)
        numbers: dict[dt.date, int] = {}
        for _ in range(visits):
            day = start + dt.timedelta(days=rng.randrange(45))
            numbers[day] = numbers.get(day, 0) + 1
            visit_id = uuid7()
            rows.visits.append(
                {
                    "id": visit_id,
                    "visit_date": day,
                    "satisfaction": rng.choice((None, 1, 2, 3, 4, 5, 5, 4)),
                    "deleted": rng.random() < 0.04,
                    "queue_number": f"A{numbers[day]:03d}",
                    "arrived_at": dt.datetime.combine(day, dt.time(1, 30), dt.UTC),
                    "resident_id": rng.choice(rows.residents),
                }
            )
            for position in range(1, rng.choice((1, 1, 2, 3)) + 1):
                item_id, _, category = rng.choice(rows.items)
                outcome = rng.choice((None, "done", "done", "referred", "booked", "follow_up"))
                request_id = uuid7()
                due = (
                    day + dt.timedelta(days=rng.randrange(2, 12)) if outcome == "referred" else None
                )
                rows.requests.append(
                    {
                        "id": request_id,
                        "visit_id": visit_id,
                        "position": position,
                        "service_item_id": item_id,
                        "category": category,
                        "outcome": outcome,
                        "due_date": due,
                        "deleted": rng.random() < 0.03,
                    }
                )
                if outcome == "referred" and due is not None:
                    status = rng.choice(STATUSES)
                    closed_at = None
                    if status == "closed":
                        # 23:30 local on a day around the due date: the zone decides on-time
                        closing_day = due + dt.timedelta(days=rng.randrange(-3, 3))
                        closed_at = dt.datetime.combine(closing_day, dt.time(15, 30), dt.UTC)
                    rows.orders.append(
                        {
                            "request_id": request_id,
                            "status": status,
                            "due_date": due,
                            "closed_at": closed_at,
                            "satisfaction": rng.choice((None, 3, 4, 5)) if closed_at else None,
                        }
                    )
        saturday = start + dt.timedelta(days=(5 - start.weekday()) % 7)
        while saturday < start + dt.timedelta(days=45):
            for starts in ("09:00", "10:00"):
                slot_id = uuid7()
                item_id = rows.items[rng.randrange(len(rows.items))][0]
                rows.slots.append(
                    {
                        "id": slot_id,
                        "day": saturday,
                        "starts": starts,
                        "service_item_id": item_id,
                        "capacity": rng.randrange(2, 6),
                    }
                )
                for _ in range(rng.randrange(0, 5)):
                    rows.bookings.append(
                        {
                            "id": uuid7(),
                            "slot_id": slot_id,
                            "day": saturday,
                            "service_item_id": item_id,
                            "status": rng.choice(BOOKING_STATUSES),
                            "resident_id": rng.choice(rows.residents),
                        }
                    )
            saturday += dt.timedelta(days=7)
        return rows

    def expected_visits(self, day_from: dt.date, day_to: dt.date) -> int:
        return sum(
            1 for v in self.visits if not v["deleted"] and day_from <= v["visit_date"] <= day_to
        )


def write_desk(ctx: DeskContext, rows: FigureRows) -> None:
    """The rows as the desk keeps them (written directly, as a pull would)."""
    now = ctx.now()
    orders = {o["request_id"]: o for o in rows.orders}
    with ctx.db.write() as session:
        line = ServiceLine(center_id=ctx.center_id, code="A", name="综合")
        session.add(line)
        session.flush()
        for item_id, name, category in rows.items:
            session.add(
                ServiceItem(
                    id=item_id,
                    center_id=ctx.center_id,
                    line_id=line.id,
                    name=name,
                    category=category,
                    saturday=True,
                )
            )
        for i, resident_id in enumerate(rows.residents):
            session.add(
                Resident(
                    id=resident_id,
                    center_id=ctx.center_id,
                    name=f"居民{i}",
                    grid=f"{i % 3 + 1}网格",
                    phone_cipher=ctx.vault.encrypt(f"1380000{i:04d}"),
                    phone_masked=f"138****{i:04d}",
                    id_cipher=ctx.vault.encrypt(f"50010119800101{i:04d}"),
                    id_masked=f"500***********{i:04d}",
                )
            )
        session.flush()
        for v in rows.visits:
            session.add(
                Visit(
                    id=v["id"],
                    center_id=ctx.center_id,
                    resident_id=v["resident_id"],
                    registered_by=rows.staff_id,
                    handler_id=rows.staff_id,
                    visit_date=v["visit_date"],
                    queue_line="A",
                    queue_number=v["queue_number"],
                    status="closed",
                    satisfaction=v["satisfaction"],
                    verification_code=v["id"][-12:],
                    arrived_at=v["arrived_at"],
                    deleted_at=now if v["deleted"] else None,
                )
            )
        session.flush()
        for r in rows.requests:
            session.add(
                ServiceRequest(
                    id=r["id"],
                    center_id=ctx.center_id,
                    visit_id=r["visit_id"],
                    position=r["position"],
                    service_item_id=r["service_item_id"],
                    category=r["category"],
                    outcome=r["outcome"],
                    due_date=r["due_date"],
                    referred_to="民政" if r["outcome"] == "referred" else "",
                    description=f"诉求 {r['position']}",
                    deleted_at=now if r["deleted"] else None,
                )
            )
            order = orders.get(r["id"])
            if order is not None and order["status"] is not None:
                session.add(
                    WorkOrderStatus(
                        request_id=r["id"],
                        work_order_id=uuid7(),
                        status=order["status"],
                        due_date=order["due_date"],
                        closed_at=order["closed_at"],
                        satisfaction=order["satisfaction"],
                    )
                )
        for s in rows.slots:
            session.add(
                SaturdaySlot(
                    id=s["id"],
                    center_id=ctx.center_id,
                    day=s["day"],
                    starts=s["starts"],
                    ends="09:30",
                    service_item_id=s["service_item_id"],
                    capacity=s["capacity"],
                )
            )
        session.flush()
        for n, b in enumerate(rows.bookings):
            session.add(
                Booking(
                    id=b["id"],
                    center_id=ctx.center_id,
                    slot_id=b["slot_id"],
                    resident_id=b["resident_id"],
                    service_item_id=b["service_item_id"],
                    day=b["day"],
                    number=f"B{n:05d}",
                    status=b["status"],
                )
            )


def write_district(
    conn: Connection, rows: FigureRows, tables: Any, *, with_center: bool = True
) -> None:
    """The same rows as the district keeps them (``tables``: :mod:`district.tables`);
    ``with_center``: the center row too (else it exists already)."""
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    if with_center:
        conn.execute(
            insert(tables.center).values(id=rows.center_id, name="测试党群服务中心", created_at=now)
        )
    conn.execute(
        insert(tables.visit_fact),
        [
            {
                "id": v["id"],
                "center_id": rows.center_id,
                "visit_date": v["visit_date"],
                "satisfaction": v["satisfaction"],
                "deleted": v["deleted"],
            }
            for v in rows.visits
        ],
    )
    conn.execute(
        insert(tables.request_fact),
        [
            {
                "id": r["id"],
                "center_id": rows.center_id,
                "visit_id": r["visit_id"],
                "service_item_id": r["service_item_id"],
                "category": r["category"],
                "outcome": r["outcome"],
                "deleted": r["deleted"],
            }
            for r in rows.requests
        ],
    )
    # A referral the desk has no work order for yet is one the district holds as submitted.
    orders = [{**o, "status": o["status"] or "submitted"} for o in rows.orders]
    conn.execute(
        insert(tables.work_order),
        [
            {
                "id": uuid7(),
                "center_id": rows.center_id,
                "request_id": o["request_id"],
                "due_date": o["due_date"],
                "status": o["status"],
                "closed_at": o["closed_at"],
                "satisfaction": o["satisfaction"],
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for o in orders
        ],
    )
    conn.execute(
        insert(tables.saturday_slot),
        [
            {
                "id": s["id"],
                "center_id": rows.center_id,
                "day": s["day"],
                "starts": s["starts"],
                "ends": "09:30",
                "service_item_id": s["service_item_id"],
                "capacity": s["capacity"],
                "booked": 0,
                "server_free": s["capacity"],
                "created_at": now,
            }
            for s in rows.slots
        ],
    )
    conn.execute(
        insert(tables.booking_state),
        [
            {
                "id": b["id"],
                "center_id": rows.center_id,
                "slot_id": b["slot_id"],
                "status": b["status"],
            }
            for b in rows.bookings
        ],
    )
