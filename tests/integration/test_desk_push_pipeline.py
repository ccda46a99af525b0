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
from typing import Any, ClassVar

import httpx
import pytest
from sqlalchemy import func, select

from db.models import ChangeLogEntry
from desktop.sync import enrolment
from desktop.sync.push import push_pending
from desktop.sync.status import pending_count
from desktop.sync.transport import HttpTransport, SyncError
from tests.conftest import Desk
from tests.integration.desk_sync_helpers import center_and_code, server_changes, walk_ins
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


def _held_once(desk: Desk, url: str, center: str) -> None:
    """Every numbered change of the desk is at the district, once."""
    with desk.ctx.db.read() as session:
        sent = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.push_seq.is_not(None))
        )
    total, distinct = server_changes(url, center)
    assert total == distinct == sent


@pytest.mark.parametrize("fault", ["500", "garbage"])
def test_a_failed_answer_mid_pipeline_loses_and_doubles_nothing(
    server_url: str, desk: Desk, memory_keyring: MemoryKeyring, fault: str
) -> None:
    center, code = center_and_code(server_url, "流水线")
    process, base = start_server(server_url)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        walk_ins(desk, 40)  # residents, visits, requests: 16 batches of 10
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
    center, code = center_and_code(server_url, "流水线")
    port = free_port()
    process, base = start_server(server_url, port=port)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        walk_ins(desk, 40)
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
    center, code = center_and_code(server_url, "流水线")
    process, base = start_server(server_url)
    try:
        enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")
        walk_ins(desk, 40)
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
