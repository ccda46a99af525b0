"""Desk numbers never repeat among a center's active desks; a revoked desk's places go
back to the pool in the same transaction, from the command line and from the console."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from db.ids import uuid7
from district import admin, operators
from district.tables import device, saturday_slot, slot_share
from protocol.derived_ids import slot_id
from tests.integration.district_server import Desk, District

SATURDAY = dt.date.today() + dt.timedelta(days=(5 - dt.date.today().weekday()) % 7 + 7)
CHEAP = operators.PasswordParams(time_cost=1, memory_kib=64, parallelism=1)


def _enrol_answer(district: District, code: str, name: str) -> httpx.Response:
    return district.http().post("/api/v1/enrol", json={"code": code, "device_name": name})


def test_a_tenth_desk_is_refused_and_numbers_never_repeat(district: District) -> None:
    center = district.new_center()
    desks = [district.enrol(center, f"前台 {i}") for i in range(9)]
    numbers = [admin_number(district, desk) for desk in desks]
    assert sorted(numbers) == list(range(1, 10))
    code = admin.issue_enrolment_code(district.database, center)
    tenth = _enrol_answer(district, code, "前台 10")
    assert tenth.status_code == 409, tenth.text
    body = tenth.json()["error"]
    assert body["code"] == "desk_numbers_used_up" and "9" in body["zh_CN"]
    fourth = next(d for d in desks if admin_number(district, d) == 4)
    assert admin.revoke_device(district.database, fourth.device_id)
    again = _enrol_answer(district, code, "前台 10")  # the refused code was not spent
    assert again.status_code == 200 and again.json()["desk_number"] == 4


def test_desks_enrolling_at_once_get_different_numbers(district: District) -> None:
    center = district.new_center()
    codes = [admin.issue_enrolment_code(district.database, center) for _ in range(12)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(
            pool.map(lambda c: _enrol_answer(district, c[1], f"前台 {c[0]}"), enumerate(codes))
        )
    granted = [a.json()["desk_number"] for a in answers if a.status_code == 200]
    refused = [a.json()["error"]["code"] for a in answers if a.status_code != 200]
    assert sorted(granted) == list(range(1, 10))
    assert refused == ["desk_numbers_used_up"] * 3


def admin_number(district: District, desk: Desk) -> int:
    with district.database.read() as conn:
        number = conn.execute(
            select(device.c.desk_number).where(device.c.id == desk.device_id)
        ).scalar_one()
    return int(number)


def _places(district: District, slot_id: str) -> tuple[int, int, int, int]:
    with district.database.read() as conn:
        slot = conn.execute(select(saturday_slot).where(saturday_slot.c.id == slot_id)).one()
        held = conn.execute(
            select(func.coalesce(func.sum(slot_share.c.held), 0)).where(
                slot_share.c.slot_id == slot_id
            )
        ).scalar_one()
    assert slot.booked + held + slot.server_free == slot.capacity
    return slot.capacity, slot.booked, int(held), slot.server_free


def _hold(desk: Desk, slot_id: str, places: int) -> None:
    answer = desk.client.post(
        "/api/v1/saturday/shares/request",
        json={"request_id": uuid7(), "slot_id": slot_id, "places": places},
    )
    assert answer.status_code == 200 and answer.json()["moved"] == places, answer.text


def test_revoking_a_desk_returns_its_places(district: District) -> None:
    center = district.new_center()
    slot = admin.create_slot(district.database, center, SATURDAY, "09:00", "10:00", 10)
    keeper, leaver = district.enrol(center, "留"), district.enrol(center, "走")
    _hold(keeper, slot, 3)
    _hold(leaver, slot, 4)
    assert _places(district, slot) == (10, 0, 7, 3)
    assert admin.revoke_device(district.database, leaver.device_id)
    assert _places(district, slot) == (10, 0, 3, 7)
    assert not admin.revoke_device(district.database, leaver.device_id)  # once only
    assert _places(district, slot) == (10, 0, 3, 7)


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(operators, "PASSWORD_PARAMS", CHEAP)


def _console(district: District) -> tuple[httpx.Client, str]:
    username = f"op.{secrets.token_hex(4)}"
    operators.create_operator(district.database, username, "管理员", "district_admin", "pw-123456")
    client = district.http()
    form = client.get("/signin")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token is not None
    signed = client.post(
        "/signin", data={"csrf": token.group(1), "username": username, "password": "pw-123456"}
    )
    assert signed.status_code == 303
    home = client.get("/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', home.text)
    assert csrf is not None
    return client, csrf.group(1)


def test_revoking_a_desk_in_the_console_returns_its_places(
    district: District, cheap_hashes: None
) -> None:
    center = district.new_center()
    slot = admin.create_slot(district.database, center, SATURDAY, "11:00", "12:00", 6)
    desk = district.enrol(center)
    _hold(desk, slot, 5)
    assert _places(district, slot) == (6, 0, 5, 1)
    console, csrf = _console(district)
    answer = console.post(
        f"/admin/centers/{center}/desks/{desk.device_id}/revoke", data={"csrf": csrf}
    )
    assert answer.status_code == 303, answer.text
    assert _places(district, slot) == (6, 0, 0, 6)
    assert desk.client.get("/api/v1/pull").status_code == 401


def _slot_payload(center: str, slot_id: str, capacity: int) -> dict[str, object]:
    return {
        "id": slot_id,
        "center_id": center,
        "day": SATURDAY.isoformat(),
        "starts": "14:00",
        "ends": "15:00",
        "service_item_id": "item-x",
        "capacity": capacity,
    }


def _booking(center: str, slot_id: str, from_share: bool) -> dict[str, object]:
    return {
        "id": uuid7(),
        "center_id": center,
        "slot_id": slot_id,
        "resident_id": uuid7(),
        "status": "confirmed",
        "from_share": from_share,
    }


def test_a_capacity_cut_below_booked_and_held_is_refused_with_the_figures(
    district: District,
) -> None:
    center = district.new_center()
    desk, other = district.enrol(center, "A"), district.enrol(center, "B")
    slot = slot_id(center, SATURDAY, "14:00", "item-x")
    opened = desk.push([desk.change("saturday_slot", _slot_payload(center, slot, 10))])
    assert opened.json()["results"][0]["status"] == "accepted", opened.text
    booked = [desk.change("booking", _booking(center, slot, False)) for _ in range(3)]
    assert [r["status"] for r in desk.push(booked).json()["results"]] == ["accepted"] * 3
    _hold(other, slot, 4)
    assert _places(district, slot) == (10, 3, 4, 3)
    cut = desk.change("saturday_slot", _slot_payload(center, slot, 5), "update", 2)
    result = desk.push([cut]).json()["results"][0]
    assert result["status"] == "rejected" and result["reason"]["code"] == "capacity_below_taken"
    assert "3" in result["reason"]["zh_CN"] and "4" in result["reason"]["zh_CN"]
    assert _places(district, slot) == (10, 3, 4, 3)
    then = [other.change("booking", _booking(center, slot, True)) for _ in range(4)]
    assert [r["status"] for r in other.push(then).json()["results"]] == ["accepted"] * 4
    assert _places(district, slot) == (10, 7, 0, 3)
    fits = desk.change("saturday_slot", _slot_payload(center, slot, 7), "update", 2)
    assert desk.push([fits]).json()["results"][0]["status"] == "accepted"
    assert _places(district, slot) == (7, 7, 0, 0)


def test_a_booking_is_cancelled_never_deleted(district: District) -> None:
    center = district.new_center()
    desk = district.enrol(center)
    slot = admin.create_slot(district.database, center, SATURDAY, "15:00", "16:00", 2)
    made = _booking(center, slot, False)
    desk.push([desk.change("booking", made)])
    assert _places(district, slot) == (2, 1, 0, 1)
    gone = desk.change("booking", {**made, "deleted_at": "2026-12-01T08:00:00+00:00"}, "delete", 2)
    result = desk.push([gone]).json()["results"][0]
    assert result["status"] == "rejected" and result["reason"]["code"] == "booking_not_deletable"
    assert _places(district, slot) == (2, 1, 0, 1)
    cancelled = desk.change("booking", {**made, "status": "cancelled"}, "update", 2)
    assert desk.push([cancelled]).json()["results"][0]["status"] == "accepted"
    assert _places(district, slot) == (2, 0, 0, 2)
