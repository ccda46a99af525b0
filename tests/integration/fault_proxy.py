"""A misbehaving gateway in front of the real district server, for sync fault tests.

Forwards every request unchanged, unless told to answer 500, 503 with ``Retry-After``,
garbage, or to answer only after a delay.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.mode = "pass"  # pass / 500 / 503 / garbage / slow
        self.delay_s = 2.0
        self.forwarded = 0


def _handler(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if proxy.mode == "500":
                self._answer(500, b"Internal Server Error", {"Content-Type": "text/plain"})
                return
            if proxy.mode == "503":
                self._answer(503, b"{}", {"Retry-After": "30", "Content-Type": "application/json"})
                return
            if proxy.mode == "garbage":
                self._answer(200, b"<html>portal login</html>", {"Content-Type": "text/html"})
                return
            if proxy.mode == "slow":
                time.sleep(proxy.delay_s)
            headers = {
                k: v
                for k, v in self.headers.items()
                if k.lower() in ("authorization", "content-type")
            }
            answer = httpx.request(
                self.command, proxy.upstream + self.path, content=body, headers=headers, timeout=30
            )
            proxy.forwarded += 1
            self._answer(
                answer.status_code,
                answer.content,
                {"Content-Type": answer.headers.get("content-type", "application/json")},
            )

        def do_GET(self) -> None:
            self._forward()

        def do_POST(self) -> None:
            self._forward()

    return Handler


@contextmanager
def fault_proxy(upstream: str) -> Iterator[tuple[FaultProxy, str]]:
    proxy = FaultProxy(upstream)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(proxy))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
