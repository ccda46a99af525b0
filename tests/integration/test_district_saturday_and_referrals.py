"""Saturday place shares under concurrent desks, other channels, and referral work orders."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from db.ids import uuid7
from district import admin
from district.tables import saturday_slot, slot_share
from tests.integration.district_server import Desk, District

SATURDAY = dt.date.today() + dt.timedelta(days=(5 - dt.date.today().weekday()) % 7 + 7)


def booking(
    desk: Desk, slot_id: str, status: str = "confirmed", from_share: bool = True
) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "center_id": desk.center_id,
        "slot_id": slot_id,
        "resident_id": uuid7(),
        "status": status,
        "from_share": from_share,
    }


def ask(desk: Desk, slot_id: str, places: int, kind: str = "request") -> dict[str, Any]:
    response = desk.client.post(
        f"/api/v1/saturday/shares/{kind}",
        json={"request_id": uuid7(), "slot_id": slot_id, "places": places},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def invariant_holds(district: District, slot_id: str) -> tuple[int, int, int, int]:
    with district.database.read() as conn:
        slot = conn.execute(select(saturday_slot).where(saturday_slot.c.id == slot_id)).one()
        held = conn.execute(
            select(func.coalesce(func.sum(slot_share.c.held), 0)).where(
                slot_share.c.slot_id == slot_id
            )
        ).scalar_one()
    assert slot.booked + held + slot.server_free == slot.capacity
    return slot.capacity, slot.booked, int(held), slot.server_free


def test_shares_never_overbook_whatever_order_desks_sync(district: District) -> None:
    center = district.new_center()
    slot = admin.create_slot(district.database, center, SATURDAY, "09:00", "10:00", 10)
    desks = [district.enrol(center, f"前台 {i}") for i in range(3)]
    grants = [ask(desk, slot, 4)["moved"] for desk in desks]
    assert grants == [4, 4, 2]
    invariant_holds(district, slot)

    # offline, each desk confirms its share and then some more that wait for the server
    batches = [[d.change("booking", booking(d, slot)) for _ in range(5)] for d in desks]
    with ThreadPoolExecutor(len(desks)) as pool:
        answers = list(
            pool.map(lambda pair: pair[0].push(pair[1]).json(), zip(desks, batches, strict=True))
        )
    statuses = [r["status"] for answer in answers for r in answer["results"]]
    assert statuses.count("accepted") == 10
    assert statuses.count("conflict") == 5
    conflict = next(r for a in answers for r in a["results"] if r["status"] == "conflict")
    assert conflict["reason"]["code"] == "slot_full"
    assert invariant_holds(district, slot) == (10, 10, 0, 0)


def test_cancel_returns_the_place_to_where_it_came_from(district: District) -> None:
    center = district.new_center()
    slot = admin.create_slot(district.database, center, SATURDAY, "10:00", "11:00", 3)
    other = admin.create_slot(district.database, center, SATURDAY, "14:00", "15:00", 2)
    desk = district.enrol(center)
    ask(desk, slot, 1)
    mine = booking(desk, slot)
    pending = booking(desk, slot, "pending_confirmation", from_share=False)
    results = desk.push([desk.change("booking", mine), desk.change("booking", pending)]).json()[
        "results"
    ]
    assert results[1]["server_payload"]["status"] == "confirmed"
    assert invariant_holds(district, slot) == (3, 2, 0, 1)
    desk.push([desk.change("booking", {**mine, "status": "cancelled"}, "update", 2)])
    assert invariant_holds(district, slot) == (3, 1, 1, 1)  # back to the desk's share
    desk.push([desk.change("booking", {**pending, "status": "cancelled"}, "update", 2)])
    assert invariant_holds(district, slot) == (3, 0, 1, 2)  # back to the server
    assert ask(desk, slot, 5, "return")["held"] == 0
    full = admin.create_slot(district.database, center, SATURDAY, "11:00", "12:00", 0)
    refused = desk.push([desk.change("booking", booking(desk, full))]).json()["results"][0]
    assert refused["status"] == "conflict"
    assert [a["slot_id"] for a in refused["alternatives"]][:2] == [slot, other]


def test_other_channels_book_only_server_held_places(district: District) -> None:
    center = district.new_center()
    slot = admin.create_slot(district.database, center, SATURDAY, "09:00", "10:00", 2)
    desk = district.enrol(center)
    ask(desk, slot, 1)
    channel = district.channel()
    listed = channel.get(
        "/api/v1/channels/slots",
        params={"center_id": center, "from": SATURDAY.isoformat(), "to": SATURDAY.isoformat()},
    ).json()["slots"]
    assert [(s["id"], s["server_free"]) for s in listed] == [(slot, 1)]
    request = {
        "request_id": uuid7(),
        "slot_id": slot,
        "resident_name": "李四",
        "phone": "13900001111",
    }
    first = channel.post("/api/v1/channels/bookings", json=request)
    replay = channel.post("/api/v1/channels/bookings", json=request)
    assert first.status_code == 200 and replay.json()["replayed"] is True
    second = channel.post("/api/v1/channels/bookings", json={**request, "request_id": uuid7()})
    assert second.status_code == 409 and second.json()["error"]["code"] == "slot_full"
    assert invariant_holds(district, slot) == (2, 1, 1, 0)
    pulled = [c for c in desk.pull_all() if c["entity"] == "booking"]
    assert [c["entity_id"] for c in pulled] == [first.json()["booking_id"]]
    not_a_channel = desk.client.get(
        "/api/v1/channels/slots",
        params={"center_id": center, "from": SATURDAY.isoformat(), "to": SATURDAY.isoformat()},
    )
    assert not_a_channel.status_code == 403  # a good desk token, the wrong kind


def test_referral_goes_from_accepted_to_closed_and_flows_back(district: District) -> None:
    center = district.new_center()
    desk = district.enrol(center)
    visit_id = uuid7()
    request = {
        "id": uuid7(),
        "center_id": center,
        "visit_id": visit_id,
        "service_item_id": uuid7(),
        "category": "shared",
        "outcome": "referred",
        "referred_to": "城管中队",
        "description": "小区路灯坏了",
        "due_date": "2026-12-31",
    }
    visit = {
        "id": visit_id,
        "center_id": center,
        "resident_id": uuid7(),
        "visit_date": "2026-11-20",
        "queue_number": "A001",
        "status": "closed",
        "satisfaction": 4,
    }
    desk.push([desk.change("visit", visit), desk.change("request", request)])
    orders = [c for c in desk.pull_all() if c["entity"] == "work_order"]
    assert len(orders) == 1 and orders[0]["payload"]["status"] == "submitted"
    order_id = orders[0]["entity_id"]
    operator = district.operator()
    path = f"/api/v1/district/work-orders/{order_id}/status"
    skip = operator.post(path, json={"status": "closed"})
    assert skip.status_code == 409 and skip.json()["error"]["code"] == "work_order_transition"
    for status in ("assigned", "accepted"):
        assert operator.post(path, json={"status": status}).status_code == 200
    assert operator.post(path, json={"status": "in_progress", "note": "已派人"}).status_code == 200
    closed = operator.post(path, json={"status": "closed", "note": "已修好"})
    assert closed.status_code == 200 and closed.json()["version"] == 5
    assert closed.json()["reply"] == "已修好" and closed.json()["note"] == "已修好"
    updates = [c["payload"]["status"] for c in desk.pull_all() if c["entity"] == "work_order"]
    assert updates == ["assigned", "accepted", "in_progress", "closed"]
    assert desk.client.post(path, json={"status": "returned"}).status_code == 403
    stats = operator.get(
        "/api/v1/district/statistics",
        params={"from": "2026-01-01", "to": "2026-12-31", "center_id": center},
    ).json()["centers"][0]
    assert stats["visits"] == 1
    assert stats["outcomes"] == {"referred": 1}
    assert stats["requests_by_category"] == {"shared": 1}
    assert stats["satisfaction"] == {"4": 1} and stats["satisfaction_average"] == 4.0
