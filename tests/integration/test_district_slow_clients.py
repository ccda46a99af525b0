"""Slow clients: bodies that never finish are cut off (408) without holding places of the
concurrency limit; meanwhile /health answers and a desk's push goes through."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from db.ids import uuid7
from district.database import DistrictDatabase
from tests.integration.district_server import District, running_server

LIMIT = 16
HALF_SENT = 70
IDLE_SECONDS = 2


@pytest.fixture
def small_district(backend_url: str) -> Iterator[District]:
    """A server of its own, one worker with a small concurrency limit."""
    database = DistrictDatabase.open(backend_url, pool_size=2)
    env = {"DISTRICT_BODY_IDLE_SECONDS": str(IDLE_SECONDS)}
    with running_server(backend_url, "--max-concurrent", str(LIMIT), env=env) as base:
        world = District(base, database)
        yield world
        world.close()
    database.dispose()


def _half_sent(base: str) -> socket.socket:
    """An unauthenticated enrolment whose body stops after its first bytes."""
    address = urlsplit(base)
    sock = socket.create_connection((address.hostname, address.port), timeout=30)
    head = (
        "POST /api/v1/enrol HTTP/1.1\r\n"
        f"Host: {address.hostname}\r\n"
        "Content-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n"
    )
    sock.sendall(head.encode() + b'{"code": "AB')
    return sock


def _answer(sock: socket.socket) -> str:
    """Everything the server sends until it closes the connection."""
    sock.settimeout(IDLE_SECONDS * 5)
    received = b""
    while chunk := sock.recv(4096):
        received += chunk
    return received.decode(errors="replace")


def test_half_sent_bodies_beyond_the_limit_never_stop_a_desk(small_district: District) -> None:
    desk = small_district.enrol(small_district.new_center())
    stalled = [_half_sent(small_district.base_url) for _ in range(HALF_SENT)]
    try:
        time.sleep(0.5)  # every one of them is waiting for the rest of its body
        http = small_district.http()
        assert http.get("/api/v1/health").status_code == 200
        person = {"id": uuid7(), "center_id": desk.center_id, "name": "张三"}
        pushed = desk.push([desk.change("resident", person)])
        assert pushed.status_code == 200, pushed.text
        assert pushed.json()["results"][0]["status"] == "accepted"
        assert desk.client.get("/api/v1/pull").status_code == 200
        answers = [_answer(sock) for sock in stalled]
    finally:
        for sock in stalled:
            sock.close()
    assert all(a.startswith("HTTP/1.1 408") for a in answers), answers[:3]
    assert all("body_timeout" in a for a in answers)
    assert http.get("/api/v1/health").status_code == 200
