"""A desk enrols with the real district server process and proves its token works."""

from __future__ import annotations

import pytest

from desktop.sync import enrolment, link
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import HttpTransport, SyncError
from district import admin
from tests.conftest import Desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring


def test_desk_enrols_and_its_token_opens_the_handshake(
    district: District, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    center = district.new_center("幸福里")
    code = admin.issue_enrolment_code(district.database, center)
    connection = enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, "前台 1")
    assert connection.center_id == center and connection.center_name.startswith("幸福里")
    assert connection.same_center(desk.ctx)  # the desk took the district center's id
    token = TokenStore(desk.ctx.paths).get()
    assert token
    transport = HttpTransport(district.base_url)
    try:
        reply = transport.send(
            "POST",
            "/api/v1/handshake",
            token=token,
            json={"protocol_version": 1, "schema_version": "x", "app_version": "t"},
        )
    finally:
        transport.close()
    assert reply.body["device_id"] == connection.device_id

    with pytest.raises(SyncError) as again:  # a code works once
        enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, "前台 2")
    assert again.value.message.code == "sync.refused"
    assert again.value.message.params["reason_code"] == "enrolment_code_invalid"
    assert link.connection(desk.ctx) == connection  # the first connection stays


def test_an_unreachable_server_is_said_plainly(desk: Desk, memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(SyncError) as offline:
        enrolment.enrol(desk.ctx, desk.admin, "http://127.0.0.1:9", "ABCD-EFGH", "前台 1")
    assert offline.value.message.code == "sync.offline"
