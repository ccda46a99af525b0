"""Connecting a desk to the district: token only in the keyring, clear messages on failure."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from desktop import auth
from desktop.errors import UserError, ValidationError
from desktop.pii import PiiVault
from desktop.settings import Settings
from desktop.sync import enrolment, link
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import Reply, SyncError, check_reply
from tests.conftest import Desk
from tests.memory_keyring import MemoryKeyring

CENTER_KEY = base64.b64encode(bytes(range(32))).decode("ascii")
ENROLLED = {
    "device_id": "dev-1",
    "center_id": "c-1",
    "center_name": "幸福里",
    "token": "tok",
    "center_data_key": CENTER_KEY,
    "desk_number": 2,
}
HELLO = {
    "compatible": True,
    "protocol_version": 1,
    "min_protocol_version": 1,
    "center_id": "c-1",
    "device_id": "dev-1",
    "server_last_seq": 0,
    "server_cursor": 0,
}


class StubTransport:
    def __init__(self, *answers: tuple[int, Any, str | None]) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, str, str | None]] = []

    def send(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        params: dict[str, Any] | None = None,
    ) -> Reply:
        self.calls.append((method, path, token))
        status, body, retry_after = self.answers.pop(0)
        return check_reply(status, body, retry_after)


def _enrol(desk: Desk, transport: StubTransport) -> link.Connection:
    return enrolment.enrol(
        desk.ctx, desk.admin, "https://qu.example.cn/", "ABCD-EFGH", "前台 1", transport
    )


def test_enrol_keeps_the_token_in_the_keyring_only(
    desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    transport = StubTransport((200, ENROLLED, None), (200, HELLO, None))
    connection = _enrol(desk, transport)
    assert connection == link.Connection("https://qu.example.cn", "c-1", "幸福里", "dev-1")
    assert link.connection(desk.ctx) == connection
    assert transport.calls == [
        ("POST", "/api/v1/enrol", None),
        ("POST", "/api/v1/handshake", "tok"),
    ]
    assert TokenStore(desk.ctx.paths).get() == "tok"
    assert not any(
        b"tok" in path.read_bytes() for path in desk.ctx.paths.root.rglob("*") if path.is_file()
    )
    with desk.ctx.db.read() as session:
        assert "sync_enrolled" in session.scalars(select(AuditEvent.action)).all()
    # The desk now is the district's center and reads with the center's shared key.
    assert desk.ctx.center_id == "c-1"
    assert desk.ctx.desk_slot == 2 == Settings(desk.ctx.db).get("desk_slot")
    assert desk.ctx.vault.fingerprint == PiiVault(bytes(range(32))).fingerprint
    # Kept where the desk's own key is: this desk was set up without a keyring, so both
    # live in owner-only files (with a keyring, neither would touch a file).
    paths = desk.ctx.paths
    assert paths.key_file.exists() and paths.center_key_file.stat().st_mode & 0o777 == 0o600
    holders = [
        p.name
        for p in paths.root.rglob("*")
        if p.is_file() and CENTER_KEY.encode() in p.read_bytes()
    ]
    assert holders == [paths.center_key_file.name]


def test_without_a_keyring_the_code_is_not_spent(desk: Desk, no_keyring: None) -> None:
    transport = StubTransport()
    with pytest.raises(SyncError) as refused:
        _enrol(desk, transport)
    assert refused.value.message.code == "sync.no_keyring"
    assert transport.calls == []
    assert link.connection(desk.ctx) is None


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ((503, {"error": {}}, "7"), "sync.busy"),
        ((500, None, None), "sync.server_error"),
        ((200, ["not", "an", "object"], None), "sync.garbage"),
        ((200, {"token": 1}, None), "sync.garbage"),
        (
            (
                403,
                {"error": {"code": "enrolment_code_invalid", "zh_CN": "登记码不对", "en": "x"}},
                None,
            ),
            "sync.refused",
        ),
    ],
)
def test_failures_say_what_happened_and_change_nothing(
    desk: Desk, memory_keyring: MemoryKeyring, answer: tuple[int, Any, str | None], code: str
) -> None:
    with pytest.raises(SyncError) as failed:
        _enrol(desk, StubTransport(answer))
    assert failed.value.message.code == code
    if code == "sync.busy":
        assert failed.value.retry_after == 7.0
    if code == "sync.refused":
        assert failed.value.message.params["reason_zh"] == "登记码不对"
    assert Settings(desk.ctx.db).get("sync.server_url") == ""
    assert TokenStore(desk.ctx.paths).get() is None


def test_only_an_admin_connects_and_fields_are_checked(
    desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    with pytest.raises(ValidationError) as bad:
        enrolment.enrol(desk.ctx, desk.admin, "qu.example.cn", "x", "", StubTransport())
    assert set(bad.value.fields) == {"server_url", "code", "device_name"}
    auth.create_staff(desk.ctx, desk.admin, "qiantai", "前台", "front_desk", "clerk-pass-1")
    clerk = auth.sign_in(desk.ctx, "qiantai", "clerk-pass-1")
    with pytest.raises(UserError) as not_admin:
        _enrol_as(desk, clerk)
    assert not_admin.value.message.code == "access.not_allowed"


def _enrol_as(desk: Desk, staff: Any) -> None:
    enrolment.enrol(
        desk.ctx, staff, "https://qu.example.cn", "ABCD-EFGH", "前台 1", StubTransport()
    )
