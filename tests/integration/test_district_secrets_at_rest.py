"""A copy of the district database alone reveals no phone, ID number or key: centers' data
keys are wrapped by the master key kept outside it, channel phones are encrypted with the
center's key. The database is dumped and searched."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import subprocess
from pathlib import Path

from db.ids import uuid7
from district import admin
from protocol.derived_ids import slot_id
from protocol.pii_vault import PiiVault
from tests.integration.district_server import District

SATURDAY = dt.date.today() + dt.timedelta(days=(5 - dt.date.today().weekday()) % 7 + 7)
DESK_PHONE = "13812345671"
CHANNEL_PHONE = "13998765432"
ID_NUMBER = "11010519491231002X"


def _dump(district: District, folder: Path) -> bytes:
    url = district.database.engine.url
    if district.database.is_postgres:
        answer = subprocess.run(
            ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "--data-only", str(url.database)],
            check=True,
            capture_output=True,
        )
        return answer.stdout
    source = Path(str(url.database))
    copied = b""
    for suffix in ("", "-wal"):
        part = source.with_name(source.name + suffix)
        if part.exists():
            target = folder / part.name
            shutil.copyfile(part, target)
            copied += target.read_bytes()
    return copied


def test_a_database_copy_holds_no_phone_id_number_or_key(
    district: District, tmp_path: Path
) -> None:
    center = district.new_center()
    desk = district.enrol(center)
    enrolled = district.enrol(center, "前台 2")
    key_text = enrolled.client.post(  # a third desk, to see the key a desk receives
        "/api/v1/enrol",
        json={"code": admin.issue_enrolment_code(district.database, center), "device_name": "3"},
    ).json()["center_data_key"]
    key = base64.b64decode(key_text)
    vault = PiiVault(key)
    resident = {
        "id": uuid7(),
        "center_id": center,
        "name": "张三",
        "phone_cipher": vault.encrypt(DESK_PHONE),
        "phone_masked": "138****5671",
        "id_cipher": vault.encrypt(ID_NUMBER),
        "id_masked": "110***********002X",
    }
    item = "item-secrets"
    slot = {
        "id": slot_id(center, SATURDAY, "09:00", item),
        "center_id": center,
        "day": SATURDAY.isoformat(),
        "starts": "09:00",
        "ends": "10:00",
        "service_item_id": item,
        "capacity": 5,
    }
    pushed = desk.push([desk.change("resident", resident), desk.change("saturday_slot", slot)])
    assert [r["status"] for r in pushed.json()["results"]] == ["accepted", "accepted"]
    booked = district.channel().post(
        "/api/v1/channels/bookings",
        json={
            "request_id": uuid7(),
            "slot_id": slot["id"],
            "resident_name": "王五",
            "phone": CHANNEL_PHONE,
        },
    )
    assert booked.status_code == 200, booked.text
    fed = [c for c in desk.pull_all() if c["entity"] == "booking"]
    assert len(fed) == 1 and "phone" not in fed[0]["payload"]
    assert vault.decrypt(fed[0]["payload"]["phone_cipher"]) == CHANNEL_PHONE
    assert fed[0]["payload"]["phone_masked"] == "139****5432"

    dumped = _dump(district, tmp_path)
    assert b"\xe5\xbc\xa0\xe4\xb8\x89" in dumped  # the dump is real: it holds the name 张三
    for secret in (DESK_PHONE, CHANNEL_PHONE, ID_NUMBER, key_text):
        assert secret.encode() not in dumped, secret
    assert key not in dumped
    assert base64.urlsafe_b64encode(key) not in dumped
