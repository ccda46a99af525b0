"""A small channel client written from docs/sync-protocol.md alone (no import from the
project): the administrator's commands as the document gives them, then plain HTTP with
httpx, ids derived and phones decrypted as the document describes."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
import sys
import uuid
from typing import Any

import httpx
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.integration.district_server import ROOT, District

SLOT_NAMESPACE = uuid.UUID("5b1f3c0e-7d4a-4e9b-9a51-2f0c8e6d1a77")  # "Payload reference"
SATURDAY = dt.date.today() + dt.timedelta(days=(5 - dt.date.today().weekday()) % 7 + 7)


def _admin(url: str, *args: str) -> Any:
    """`district-server admin …`, as "Enrolment and tokens" shows it."""
    command = [sys.executable, "-m", "district", "--database-url", url, "admin", *args]
    answer = subprocess.run(command, cwd=ROOT, capture_output=True, check=True, text=True)
    return json.loads(answer.stdout)


def _fernet(center_data_key: str) -> Fernet:
    """ "Personal fields": Fernet under HKDF-SHA256 of the center's key."""
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"scd/pii/fernet/v1"
    ).derive(base64.b64decode(center_data_key))
    return Fernet(base64.urlsafe_b64encode(derived))


def test_a_channel_client_from_the_document_books_and_the_desk_reads_it(
    district: District,
) -> None:
    url = str(district.database.engine.url.render_as_string(hide_password=False))
    api = f"{district.base_url}/api/v1"
    center = _admin(url, "center", "create", "--name", "文档中心")["center_id"]
    code = _admin(url, "enrol", center)["code"]
    channel_token = _admin(url, "client", "create", "--name", "小程序", "--role", "channel")[
        "token"
    ]
    with httpx.Client(timeout=30) as http:
        enrolled = http.post(f"{api}/enrol", json={"code": code, "device_name": "前台 1"}).json()
        desk = {"Authorization": f"Bearer {enrolled['token']}"}
        channel = {"Authorization": f"Bearer {channel_token}"}
        item = "item-from-doc"
        slot_id = str(uuid.uuid5(SLOT_NAMESPACE, f"{center}/{SATURDAY}/09:00/{item}"))
        slot = {
            "id": slot_id,
            "center_id": center,
            "day": SATURDAY.isoformat(),
            "starts": "09:00",
            "ends": "10:00",
            "service_item_id": item,
            "capacity": 3,
        }
        change = {
            "change_id": str(uuid.uuid4()),
            "seq": 1,
            "entity": "saturday_slot",
            "entity_id": slot_id,
            "op": "insert",
            "version": 1,
            "payload": slot,
        }
        pushed = http.post(f"{api}/push", headers=desk, json={"changes": [change]}).json()
        assert pushed["results"][0]["status"] == "accepted", pushed

        period = {"center_id": center, "from": SATURDAY.isoformat(), "to": SATURDAY.isoformat()}
        slots = http.get(f"{api}/channels/slots", headers=channel, params=period).json()["slots"]
        assert [(s["id"], s["server_free"]) for s in slots] == [(slot_id, 3)]
        booking = {
            "request_id": str(uuid.uuid4()),
            "slot_id": slot_id,
            "resident_name": "王五",
            "phone": "13900139000",
        }
        first = http.post(f"{api}/channels/bookings", headers=channel, json=booking)
        assert first.status_code == 200 and first.json()["status"] == "confirmed"
        again = http.post(f"{api}/channels/bookings", headers=channel, json=booking).json()
        assert again["replayed"] is True and again["booking_id"] == first.json()["booking_id"]
        other = http.post(
            f"{api}/channels/bookings", headers=channel, json={**booking, "resident_name": "王六"}
        )
        assert other.status_code == 409
        assert other.json()["error"]["code"] == "request_id_reused"
        wrong_kind = http.get(f"{api}/pull", headers=channel)
        assert wrong_kind.status_code == 403 and wrong_kind.json()["error"]["code"] == (
            "not_allowed"
        )

        feed = http.get(f"{api}/pull", headers=desk, params={"after": 0}).json()
        bookings = [c for c in feed["changes"] if c["entity"] == "booking"]
    assert len(bookings) == 1
    payload = bookings[0]["payload"]
    assert payload["slot_id"] == slot_id and payload["status"] == "confirmed"
    assert payload["resident_name"] == "王五" and payload["phone_masked"] == "139****9000"
    phone = _fernet(enrolled["center_data_key"]).decrypt(payload["phone_cipher"].encode())
    assert phone.decode() == "13900139000"
