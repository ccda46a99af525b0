"""Sync through a misbehaving gateway in front of the real district server: 500, 503 with
Retry-After, garbage, slow answers. Each round fails in words, keeps everything pending,
and once the way is clear every change arrives exactly once."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from sqlalchemy import func, select

from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.settings import Settings
from desktop.sync import enrolment
from desktop.sync.runner import SyncRunner
from desktop.sync.status import Backoff
from desktop.sync.transport import HttpTransport, Transport
from desktop.visits import RequestDraft, register_visit
from district import admin
from district.tables import change
from tests.conftest import Desk
from tests.integration.district_server import District
from tests.integration.fault_proxy import FaultProxy, fault_proxy
from tests.memory_keyring import MemoryKeyring


def _transport_for(proxy: FaultProxy) -> Callable[[str], Transport]:
    """Impatient (0.5 s) only while the gateway is slow: on a loaded machine a healthy
    answer may take longer than that, and the other rounds are not about time."""

    def make(url: str) -> Transport:
        timeout = 0.5 if proxy.mode == "slow" else 30.0
        return HttpTransport(url, httpx.Client(base_url=url, timeout=timeout))

    return make


def test_gateway_faults_fail_in_words_and_lose_nothing(
    district: District, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    center = district.new_center("幸福里")
    code = admin.issue_enrolment_code(district.database, center)
    enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, "前台 1")
    resident = create_resident(
        desk.ctx, desk.admin, ResidentDraft(name="张三", phone="13800135678")
    )
    item = list_service_items(desk.ctx)[0]
    register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item.id)])
    with fault_proxy(district.base_url) as (proxy, address):
        runner = SyncRunner(desk.ctx, _transport_for(proxy))
        Settings(desk.ctx.db).set("sync.server_url", address)
        pending = runner.status("offline").pending
        for mode, state, code_ in (
            ("500", "offline", "sync.server_error"),
            ("503", "offline", "sync.busy"),
            ("garbage", "attention", "sync.garbage"),
            ("slow", "offline", "sync.timeout"),
        ):
            proxy.mode = mode
            status = runner.run_once()
            assert (status.state, status.message.code if status.message else None) == (state, code_)
            assert status.pending == pending  # nothing lost, nothing marked sent
            if mode == "503":
                assert status.retry_after == 30.0
                assert Backoff().next_delay(status) >= 24.0
        proxy.mode = "pass"
        done = runner.run_once()
    assert done.state == "online" and done.pending == 0
    with district.database.engine.connect() as conn:
        from_desk = (change.c.center_id == center) & change.c.device_id.is_not(None)
        total = conn.scalar(select(func.count()).select_from(change).where(from_desk))
        distinct = conn.scalar(
            select(func.count(func.distinct(change.c.change_id))).where(from_desk)
        )
    assert (
        total == distinct == pending
    )  # every change once (the slow push is replayed, not doubled)
