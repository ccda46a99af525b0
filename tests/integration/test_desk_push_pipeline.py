"""Pipelined push (several batches in flight on one connection) against a real district
server process, with a gateway in between that fails one request mid-pipeline: answers
500 without passing it on, passes it on and answers garbage, or kills the district
outright. After each, pushing again leaves every change held once at the district."""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from sqlalchemy import func, select

from db.models import ChangeLogEntry
from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.sync import enrolment
from desktop.sync.push import push_pending
from desktop.sync.status import pending_count
from desktop.sync.transport import HttpTransport, SyncError
from desktop.visits import RequestDraft, register_visit
from district import admin
from district.database import DistrictDatabase
from district.migrate import upgrade
from district.tables import change
from tests.conftest import Desk
from tests.integration.district_server import free_port, start_server, stop_server
from tests.memory_keyring import MemoryKeyring

Fault = Callable[[int], str]
"""For the n-th push (from 1): "pass", "500", "garbage" (passed on, answer spoilt) or
"kill" (the district killed before it is passed on)."""


class Gateway(BaseHTTPRequestHandler):
    """Passes pushes on to the district, one connection's requests in the order read."""

    protocol_version = "HTTP/1.1"
    district = ""
    fault: Fault = staticmethod(lambda n: "pass")
    process: subprocess.Popen[bytes] | None = None
    seen: ClassVar[list[str]] = []  # each push's Content-Encoding, in the order read
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.lock:
            self.seen.append(self.headers.get("Content-Encoding", ""))
            n = len(self.seen)
        what = self.fault(n)
        if what == "500":
            self._answer(500, b'{"detail":"boom"}', {})
            return
        if what == "kill" and self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() in ("authorization", "content-type", "content-encoding")
        }
        try:
            answer = httpx.post(
                self.district + self.path,
                content=body,
                headers={**headers, "Accept-Encoding": "identity"},
                timeout=30,
            )
        except httpx.TransportError:
            self.close_connection = True
            return
        content = b"<html>bad gateway</html>" if what == "garbage" else answer.content
        accepts = answer.headers.get("accept-encoding")
        self._answer(answer.status_code, content, {"Accept-Encoding": accepts} if accepts else {})

    def _answer(self, status: int, content: bytes, headers: dict[str, str]) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content)
        except OSError:
            self.close_connection = True


@contextmanager
def gateway(
    district: str, fault: Fault, process: subprocess.Popen[bytes] | None = None
) -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type(
        "FaultyGateway",
        (Gateway,),
        {"district": district, "fault": staticmethod(fault), "process": process, "seen": seen},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'district.sqlite'}"
    database = DistrictDatabase.open(url)
    upgrade(database.engine)
    database.dispose()
    return url


def _center_and_code(url: str) -> tuple[str, str]:
    database = DistrictDatabase.open(url)
    try:
        center = admin.create_center(database, "流水线")
        return center, admin.issue_enrolment_code(database, center)
    finally:
        database.dispose()


def _walk_ins(desk: Desk, count: int) -> None:
    item = list_service_items(desk.ctx)[0]
    for n in range(count):
        resident = create_resident(
            desk.ctx, desk.admin, ResidentDraft(name=f"居民{n}", phone=f"1380013{n:04d}")
        )
        register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item.id)])


def _held_once(desk: Desk, url: str, center: str) -> None:
    """Every numbered change of the desk is at the district, once."""
    with desk.ctx.db.read() as session:
        sent = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.push_seq.is_not(None))
        )
    database = DistrictDatabase.open(url)
    try:
        with database.engine.connect() as conn:
            ours = (change.c.center_id == center) & change.c.device_id.is_not(None)
            total = conn.scalar(select(func.count()).select_from(change).where(ours))
            ids = func.count(func.distinct(change.c.change_id))
            distinct = conn.scalar(select(ids).where(ours))
    finally:
        database.dispose()
    assert total == distinct == sent


@pytest.mark.parametrize("fault", ["500", "garbage"])
def test_a_failed_answer_mid_pipeline_loses_and_doubles_nothing(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring, fault: str
) -> None:
    center, code = _center_and_code(server_url)
    process, base = start_server(server_url)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        _walk_ins(desk, 40)  # residents, visits, requests: 16 batches of 10
        with gateway(base, lambda n: fault if n == 3 else "pass") as (through, seen):
            transport = HttpTransport(through)
            with pytest.raises(SyncError) as cut:
                push_pending(desk.ctx, transport, batch=10)
            transport.close()
        expected = "sync.server_error" if fault == "500" else "sync.garbage"
        assert cut.value.message.code == expected
        assert len(seen) > 3  # the batches after the third were already on their way
        assert pending_count(desk.ctx) > 0
        transport = HttpTransport(base)
        summary = push_pending(desk.ctx, transport, batch=10)
        transport.close()
    finally:
        stop_server(process)
    assert summary.pending == 0 and summary.refused == 0
    _held_once(desk, server_url, center)


def test_district_killed_mid_pipeline_loses_and_doubles_nothing(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    center, code = _center_and_code(server_url)
    port = free_port()
    process, base = start_server(server_url, port=port)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        _walk_ins(desk, 40)
        faults = lambda n: "kill" if n == 4 else "pass"  # noqa: E731
        with gateway(base, faults, process) as (through, _):
            transport = HttpTransport(through)
            with pytest.raises(SyncError):
                push_pending(desk.ctx, transport, batch=10)
            transport.close()
        assert pending_count(desk.ctx) > 0
    finally:
        stop_server(process)
    process, base = start_server(server_url, port=port)
    try:
        transport = HttpTransport(base)
        summary = push_pending(desk.ctx, transport, batch=10)
        transport.close()
    finally:
        stop_server(process)
    assert summary.pending == 0 and summary.refused == 0
    _held_once(desk, server_url, center)


def test_pipelined_push_goes_compressed_once_the_district_takes_it(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    center, code = _center_and_code(server_url)
    process, base = start_server(server_url)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        _walk_ins(desk, 40)
        with gateway(base, lambda n: "pass") as (through, seen):
            transport = HttpTransport(through)
            summary = push_pending(desk.ctx, transport, batch=10)
            transport.close()
    finally:
        stop_server(process)
    assert summary.pending == 0 and summary.accepted > 100
    assert seen[0] == ""  # nothing known yet: plain, and alone until its answer says
    assert len(seen) > 10 and all(encoding == "gzip" for encoding in seen[1:])
    _held_once(desk, server_url, center)
