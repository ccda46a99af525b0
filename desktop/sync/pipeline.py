"""Several push requests in flight on one HTTP/1.1 connection (pipelining, RFC 9112 §9.3).

The district answers a desk's batches one after the other, in push-number order; waiting
for each answer before sending the next batch costs a round trip per batch (80 ms on a 4G
router) plus the district's work. Here the next batch leaves while the district still
works on the one before: requests are written back to back on one connection, and the
server, which reads them in order, answers them in that order. Nothing is reordered: a
batch whose predecessor was not applied is refused by the district as a gap, never
applied out of order.

:class:`PushPipe` speaks HTTP/1.1 itself over a socket (``h11`` frames the messages), with
the transport's manners: Nagle off, bounded timeouts, answers gzip-compressed when asked,
request bodies compressed once the server said it takes them. Failures become the same
:class:`SyncError` as :class:`~desktop.sync.transport.HttpTransport`'s.
"""

from __future__ import annotations

import gzip
import json
import socket
import ssl
import urllib.request
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import certifi
import h11

from desktop.sync.transport import (
    CONNECT_TIMEOUT_S,
    GZIP_FROM,
    GZIP_LEVEL,
    READ_TIMEOUT_S,
    HttpTransport,
    Reply,
    SyncError,
    Transport,
    check_reply,
)

RECEIVE_BYTES = 65536


@dataclass(frozen=True)
class Answer:
    """One answer as it came: the reply, or the error it means; whether the server still
    takes requests on this connection; whether it takes gzip bodies."""

    reply: Reply | None
    error: SyncError | None
    closing: bool
    accepts_gzip: bool


def can_pipeline(base_url: str) -> bool:
    """A direct connection (no proxy configured for it) to an http(s) address."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    proxies = urllib.request.getproxies()
    return parts.scheme not in proxies or bool(urllib.request.proxy_bypass(parts.hostname))


def pipelines(transport: Transport) -> HttpTransport | None:
    """``transport`` when pushes can be pipelined through it (the plain HTTP transport
    with its own client, straight to the district); else None, and batches go one at a
    time through the transport."""
    if type(transport) is not HttpTransport or not transport.own_client:
        return None
    if not can_pipeline(transport.base_url):
        return None
    return transport


def open_pipe(transport: HttpTransport) -> PushPipe:
    """A pipe to ``transport``'s district with its compression settings."""
    return PushPipe(
        transport.base_url,
        compress_requests=transport.compress_requests,
        accept_gzip=transport.compress,
    )


class PushPipe:
    """One connection to the district; :meth:`send` writes a request, :meth:`receive`
    reads the oldest answer not yet read."""

    def __init__(
        self,
        base_url: str,
        *,
        compress_requests: bool,
        accept_gzip: bool = True,
        timeout: float = READ_TIMEOUT_S,
    ) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or ""
        self.authority = parts.netloc.rpartition("@")[2]
        self.prefix = parts.path.rstrip("/")
        self.compress_requests = compress_requests
        self.accept_gzip = accept_gzip
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            sock = socket.create_connection((self.host, port), timeout=CONNECT_TIMEOUT_S)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if parts.scheme == "https":
                context = ssl.create_default_context(cafile=certifi.where())
                sock = context.wrap_socket(sock, server_hostname=self.host)
            sock.settimeout(timeout)
        except TimeoutError:
            raise SyncError("sync.timeout") from None
        except OSError:
            raise SyncError("sync.offline", server=base_url) from None
        self.base_url = base_url
        self.sock: socket.socket | None = sock
        self.waiting: deque[h11.Connection] = deque()
        self.unread = b""

    @property
    def in_flight(self) -> int:
        return len(self.waiting)

    def send(self, path: str, token: str, body: Any) -> None:
        """Write one POST of ``body`` (JSON) to ``path``; its answer comes by :meth:`receive`."""
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        headers = [
            ("Host", self.authority),
            ("Authorization", f"Bearer {token}"),
            ("Content-Type", "application/json"),
            ("Accept-Encoding", "gzip" if self.accept_gzip else "identity"),
        ]
        if self.compress_requests and len(content) >= GZIP_FROM:
            content = gzip.compress(content, GZIP_LEVEL, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(content))))
        framing = h11.Connection(h11.CLIENT)
        request = h11.Request(method="POST", target=self.prefix + path, headers=headers)
        data = framing.send(request) or b""
        data += (framing.send(h11.Data(data=content)) or b"") + (
            framing.send(h11.EndOfMessage()) or b""
        )
        self._io(lambda sock: sock.sendall(data))
        self.waiting.append(framing)

    def receive(self) -> Answer:
        """The oldest outstanding answer (raises :class:`SyncError` when none comes)."""
        framing = self.waiting.popleft()
        if self.unread:  # (no bytes at all would tell h11 the connection closed)
            framing.receive_data(self.unread)
        self.unread = b""
        status, parts = 0, []
        headers: Any = []
        while True:
            try:
                event = framing.next_event()
            except h11.RemoteProtocolError:
                self.close()
                raise SyncError("sync.garbage") from None
            if event is h11.NEED_DATA:
                chunk = self._io(lambda sock: sock.recv(RECEIVE_BYTES))
                if not chunk:  # the server closed the connection before answering
                    self.close()
                    raise SyncError("sync.offline", server=self.base_url)
                framing.receive_data(chunk)
                continue
            if isinstance(event, h11.Response):
                status, headers = event.status_code, event.headers
            elif isinstance(event, h11.Data):
                parts.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                self.close()
                raise SyncError("sync.offline", server=self.base_url)
        trailing, closed = framing.trailing_data
        self.unread = bytes(trailing)
        named = {bytes(k).lower(): bytes(v).decode("latin-1") for k, v in headers}
        closing = closed or "close" in named.get(b"connection", "").lower()
        accepts = "gzip" in named.get(b"accept-encoding", "").lower()
        error: SyncError | None = None
        reply: Reply | None = None
        try:
            reply = check_reply(status, _json(named, b"".join(parts)), named.get(b"retry-after"))
        except SyncError as refused:
            error = refused
        return Answer(reply, error, closing, accepts)

    def _io(self, step: Any) -> Any:
        if self.sock is None:
            raise SyncError("sync.offline", server=self.base_url)
        try:
            return step(self.sock)
        except TimeoutError:
            self.close()
            raise SyncError("sync.timeout") from None
        except OSError:
            self.close()
            raise SyncError("sync.offline", server=self.base_url) from None

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None


def _json(headers: dict[bytes, str], body: bytes) -> Any:
    try:
        if "gzip" in headers.get(b"content-encoding", "").lower():
            body = gzip.decompress(body)
        return json.loads(body)
    except (ValueError, OSError, EOFError):
        return None
