"""A good token used at an endpoint of another kind is 403 `not_allowed`, never 401."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import update

from db.ids import uuid7
from district import admin
from district.security import token_hash
from district.tables import api_client
from tests.integration.district_server import District

DAY = dt.date(2026, 11, 28).isoformat()


def _calls(center_id: str) -> dict[str, tuple[str, str, dict[str, object] | None]]:
    """One call per kind of endpoint: method, path, JSON body."""
    hello = {"protocol_version": 1, "schema_version": "x", "app_version": "1"}
    share = {"request_id": uuid7(), "slot_id": uuid7(), "places": 1}
    book = {
        "request_id": uuid7(),
        "slot_id": uuid7(),
        "resident_name": "王五",
        "phone": "13900139000",
    }
    return {
        "desk": ("POST", "/api/v1/handshake", hello),
        "desk-push": ("POST", "/api/v1/push", {"changes": []}),
        "desk-pull": ("GET", "/api/v1/pull", None),
        "desk-slots": ("GET", f"/api/v1/saturday/slots?from={DAY}&to={DAY}", None),
        "desk-share": ("POST", "/api/v1/saturday/shares/request", share),
        "channel": (
            "GET",
            f"/api/v1/channels/slots?center_id={center_id}&from={DAY}&to={DAY}",
            None,
        ),
        "channel-book": ("POST", "/api/v1/channels/bookings", book),
        "operator": ("GET", "/api/v1/district/work-orders", None),
        "operator-stats": ("GET", f"/api/v1/district/statistics?from={DAY}&to={DAY}", None),
    }


def _call(client: httpx.Client, call: tuple[str, str, dict[str, object] | None]) -> httpx.Response:
    method, path, body = call
    return (
        client.request(method, path, json=body)
        if body is not None
        else client.request(method, path)
    )


def test_wrong_kind_tokens_are_not_allowed_not_invalid(district: District) -> None:
    center = district.new_center()
    clients = {
        "desk": district.enrol(center).client,
        "channel": district.channel(),
        "operator": district.operator(),
    }
    for endpoint, call in _calls(center).items():
        kind = endpoint.split("-")[0]
        for holder, client in clients.items():
            if holder == kind:
                continue
            response = _call(client, call)
            assert response.status_code == 403, (holder, endpoint, response.text)
            assert response.json()["error"]["code"] == "not_allowed"


def test_unknown_and_revoked_tokens_are_still_invalid(district: District) -> None:
    center = district.new_center()
    desk = district.enrol(center)
    operator_token = admin.create_client(district.database, "office", "operator")
    assert admin.revoke_device(district.database, desk.device_id)
    with district.database.write() as conn:
        conn.execute(
            update(api_client)
            .where(api_client.c.token_hash == token_hash(operator_token))
            .values(revoked_at=dt.datetime.now(dt.UTC))
        )
    revoked_operator = district.http(operator_token)
    for client in (desk.client, revoked_operator, district.http("no-such-token")):
        for call in _calls(center).values():
            response = _call(client, call)
            assert response.status_code == 401, (call, response.text)
            assert response.json()["error"]["code"] == "token_invalid"
