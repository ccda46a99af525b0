"""Compressed bodies over a real server: gzip both ways when both sides say so, plain
always taken, and a body that lies about its encoding or inflates past the limit refused
with words before anything reads it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import httpx

from db.ids import uuid7
from desktop.residents import ResidentDraft, create_resident
from desktop.sync import enrolment
from desktop.sync.push import push_pending
from desktop.sync.transport import HttpTransport
from district import admin
from protocol import MAX_BODY_BYTES
from tests.conftest import Desk as LocalDesk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring


def _resident(center: str, name: str) -> dict[str, Any]:
    return {"id": uuid7(), "center_id": center, "name": name, "name_pinyin": "zhangsan"}


def _post(district: District, token: str, body: bytes, encoding: str) -> httpx.Response:
    return district.http(token).post(
        "/api/v1/push",
        content=body,
        headers={"Content-Type": "application/json", "Content-Encoding": encoding},
    )


def test_gzip_push_is_taken_and_answers_say_so(district: District) -> None:
    center = district.new_center("压缩")
    desk = district.enrol(center)
    changes = [desk.change("resident", _resident(center, f"张三{i}")) for i in range(40)]
    plain = json.dumps({"changes": changes}, ensure_ascii=False).encode()
    response = _post(district, desk.token, gzip.compress(plain), "gzip")
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["accepted"] * 40
    assert "gzip" in response.headers["accept-encoding"]
    other = district.enrol(center, "前台 2")
    page = other.client.get("/api/v1/pull", params={"after": 0, "limit": 500})
    assert page.headers["content-encoding"] == "gzip"  # httpx asked for it and inflated it
    assert sum(c["entity"] == "resident" for c in page.json()["changes"]) == 40


def test_bodies_that_lie_or_inflate_past_the_limit_are_refused(district: District) -> None:
    center = district.new_center("压缩炸弹")
    desk = district.enrol(center)
    bomb = gzip.compress(b'{"changes": [' + b" " * (MAX_BODY_BYTES * 8) + b"]}")
    assert len(bomb) < MAX_BODY_BYTES // 100
    refused = _post(district, desk.token, bomb, "gzip")
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "body_too_large_inflated"
    plain = json.dumps({"changes": [desk.change("resident", _resident(center, "李四"))]}).encode()
    lying = _post(district, desk.token, plain, "gzip")
    assert lying.status_code == 400
    assert lying.json()["error"]["code"] == "body_encoding_invalid"
    assert "gzip" in lying.json()["error"]["zh_CN"]
    cut = _post(district, desk.token, gzip.compress(plain)[:-9], "gzip")
    assert cut.status_code == 400
    unknown = _post(district, desk.token, plain, "br")
    assert unknown.status_code == 415
    assert unknown.json()["error"]["code"] == "body_encoding_unsupported"
    assert district.http().get("/api/v1/health").status_code == 200
    taken = _post(district, desk.token, plain, "identity")
    assert taken.status_code == 200 and taken.json()["results"][0]["status"] == "accepted"


def test_the_desk_compresses_once_the_server_accepts_it(
    district: District, desk: LocalDesk, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    center = district.new_center("压缩前台")
    code = admin.issue_enrolment_code(district.database, center)
    enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, "前台 1")
    sent: list[httpx.Request] = []
    client = httpx.Client(
        base_url=district.base_url, timeout=30, event_hooks={"request": [sent.append]}
    )
    transport = HttpTransport(district.base_url, client)
    try:
        for i in range(60):
            create_resident(
                desk.ctx, desk.admin, ResidentDraft(name=f"王{i}", phone=f"1380013{i:04d}")
            )
        first = push_pending(desk.ctx, transport, batch=20)
        for i in range(30):
            create_resident(
                desk.ctx, desk.admin, ResidentDraft(name=f"赵{i}", phone=f"1390013{i:04d}")
            )
        second = push_pending(desk.ctx, transport, batch=20)
    finally:
        transport.close()
    assert first.accepted >= 60 and second.accepted == 30
    pushes = [r for r in sent if r.url.path == "/api/v1/push"]
    assert pushes[0].headers.get("content-encoding") is None  # nothing known yet: plain
    assert all(r.headers["content-encoding"] == "gzip" for r in pushes[1:])
    reader = district.enrol(center, "前台 2")
    residents = [c for c in reader.pull_all() if c["entity"] == "resident"]
    assert len(residents) == 90
