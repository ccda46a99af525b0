"""Inputs that once answered 500: each is now refused with the field it concerns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from db.ids import uuid7
from district import admin
from tests.integration.district_server import Desk, District

SATURDAY = dt.date.today() + dt.timedelta(days=(5 - dt.date.today().weekday()) % 7 + 7)


def _raw_post(client: httpx.Client, path: str, body: str) -> httpx.Response:
    """A JSON body written by hand, so escapes such as a lone surrogate reach the server."""
    return client.post(path, content=body.encode(), headers={"content-type": "application/json"})


def _refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"]["code"] == "request_invalid"
    assert any(field in detail for detail in body["details"]), body


def _resident(desk: Desk, **extra: Any) -> dict[str, Any]:
    return {"id": uuid7(), "center_id": desk.center_id, "name": "张三", **extra}


def test_nul_in_device_name_at_enrolment_is_refused(district: District) -> None:
    code = admin.issue_enrolment_code(district.database, district.new_center())
    http = district.http()
    response = http.post("/api/v1/enrol", json={"code": code, "device_name": "前台\x001"})
    _refused(response, "device_name")
    # the code was not spent by the refused request
    again = http.post("/api/v1/enrol", json={"code": code, "device_name": "前台 1"})
    assert again.status_code == 200, again.text


def test_lone_surrogate_in_a_pushed_string_or_key_is_refused(district: District) -> None:
    desk = district.enrol(district.new_center())
    person = _resident(desk)
    change = desk.change("resident", person)
    text = httpx.Response(200, json={"changes": [change]}).text
    in_value = text.replace('"张三"', '"\\ud800"')
    _refused(_raw_post(desk.client, "/api/v1/push", in_value), "changes.0.payload.name")
    in_key = text.replace('"name":', '"name\\udfff":1,"name":')
    _refused(_raw_post(desk.client, "/api/v1/push", in_key), "changes.0.payload")
    nul = text.replace('"张三"', '"张\\u0000三"')
    _refused(_raw_post(desk.client, "/api/v1/push", nul), "changes.0.payload.name")
    # the same change, clean, still goes through under the same number
    assert desk.push([change]).json()["results"][0]["status"] == "accepted"


def test_surrogate_pairs_and_rare_characters_still_pass(district: District) -> None:
    desk = district.enrol(district.new_center())
    person = _resident(desk, name="𠮷野")
    change = desk.change("resident", person)
    text = httpx.Response(200, json={"changes": [change]}).text.replace("𠮷", "\\ud842\\udfb7")
    result = _raw_post(desk.client, "/api/v1/push", text).json()["results"][0]
    assert result["status"] == "accepted"
    pulled = district.enrol(desk.center_id, "前台 2").pull_all()
    assert any(c["payload"].get("name") == "𠮷野" for c in pulled)


def test_non_finite_numbers_in_a_payload_are_refused(district: District) -> None:
    desk = district.enrol(district.new_center())
    change = desk.change("resident", _resident(desk, weight=1.5))
    text = httpx.Response(200, json={"changes": [change]}).text.replace("1.5", "NaN")
    _refused(_raw_post(desk.client, "/api/v1/push", text), "changes.0.payload.weight")


def test_version_beyond_the_database_is_refused(district: District) -> None:
    desk = district.enrol(district.new_center())
    person = _resident(desk)
    change = desk.change("resident", person, "update", 2147483648)
    _refused(desk.push([change]), "changes.0.version")
    highest = desk.change("resident", person, "update", 2147483647)
    highest["seq"] = change["seq"]
    assert desk.push([highest]).status_code == 200


def test_position_beyond_the_database_is_refused(district: District) -> None:
    desk = district.enrol(district.new_center())
    request = {
        "id": uuid7(),
        "center_id": desk.center_id,
        "visit_id": uuid7(),
        "service_item_id": uuid7(),
        "category": "public",
        "outcome": "referred",
        "position": 2**40,
    }
    result = desk.push([desk.change("request", request)]).json()["results"][0]
    assert result["status"] == "rejected"
    assert result["reason"]["code"] == "payload_invalid"
    assert "position" in result["reason"]["en"]


def test_dates_with_a_time_part_are_refused(district: District) -> None:
    desk = district.enrol(district.new_center())
    request = {
        "id": uuid7(),
        "center_id": desk.center_id,
        "visit_id": uuid7(),
        "service_item_id": uuid7(),
        "category": "public",
        "outcome": "referred",
        "due_date": "2025-02-03T00:00:00",
    }
    slot = {
        "id": uuid7(),
        "center_id": desk.center_id,
        "day": f"{SATURDAY.isoformat()}T00:00:00",
        "starts": "09:00",
        "ends": "10:00",
        "service_item_id": uuid7(),
        "capacity": 5,
    }
    far = {**request, "id": uuid7(), "due_date": "9999-12-31"}
    response = desk.push(
        [
            desk.change("request", request),
            desk.change("saturday_slot", slot),
            desk.change("request", far),
        ]
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected", "rejected"]
    assert "due_date" in results[0]["reason"]["en"]
    assert "day" in results[1]["reason"]["en"]
    assert "due_date" in results[2]["reason"]["en"]
    fixed = {**request, "due_date": "2025-02-03"}
    assert desk.push([desk.change("request", fixed)]).json()["results"][0]["status"] == ("accepted")


def test_channel_and_work_order_texts_are_checked(district: District) -> None:
    channel = district.channel()
    response = channel.post(
        "/api/v1/channels/bookings",
        json={
            "request_id": uuid7(),
            "slot_id": uuid7(),
            "resident_name": "王\x00五",
            "phone": "13900139000",
        },
    )
    _refused(response, "resident_name")
    operator = district.operator()
    moved = _raw_post(
        operator,
        f"/api/v1/district/work-orders/{uuid7()}/status",
        '{"status": "assigned", "note": "\\ud800"}',
    )
    _refused(moved, "note")


def test_nul_in_an_address_is_refused_everywhere(district: District) -> None:
    desk = district.enrol(district.new_center())
    for path in (
        "/api/v1/pull?after_change_id=%00",
        "/api/v1/saturday/slots?from=2026-01-01&to=2026-01-02%00",
        "/centers/%00",
        "/work-orders?q=%00",
    ):
        response = desk.client.get(path)
        assert response.status_code == 400, (path, response.text)
        assert response.json()["error"]["code"] == "request_invalid"
