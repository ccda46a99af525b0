"""Talking to the district server: one request, one answer, failures as desk messages.

The transport is a small protocol so the sync client can be driven by a stub in tests;
:class:`HttpTransport` is the real one (httpx, bounded timeouts, Nagle off). Every way a
request can fail becomes a :class:`SyncError` whose message a person can act on: the
server unreachable, busy (with its Retry-After), broken (5xx), answering garbage, or
refusing with one of the protocol's readable reasons.
"""

from __future__ import annotations

import gzip
import json as json_module
import socket
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from desktop.errors import UserError

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 30.0


class SyncError(UserError):
    """A request to the district did not give a usable answer."""

    def __init__(
        self,
        code: str,
        retry_after: float | None = None,
        recovery: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code, **params)
        self.retry_after = retry_after
        self.recovery = recovery  # what the server says to do after a sequence mismatch


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    raw: bytes | None = None
    """A successful answer's bytes as they came, not parsed (asked for with ``raw=True``;
    ``body`` is then None): the caller checks them itself, in one step from the bytes."""


class Transport(Protocol):
    def send(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        params: dict[str, Any] | None = None,
        raw: bool = False,
    ) -> Reply: ...


def _retry_after(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None


def check_reply(response_status: int, body: Any, retry_after: str | None) -> Reply:
    """Turn an HTTP answer into a :class:`Reply`, or the :class:`SyncError` it means."""
    if response_status == 503:
        raise SyncError("sync.busy", _retry_after(retry_after) or 5.0)
    if response_status >= 500:
        raise SyncError("sync.server_error", status=response_status)
    if not isinstance(body, dict):
        raise SyncError("sync.garbage")
    if response_status >= 400:
        error = body.get("error")
        if response_status == 401 and isinstance(error, dict):
            raise SyncError("sync.token_revoked")
        if isinstance(error, dict) and isinstance(error.get("zh_CN"), str):
            recovery = body.get("recovery")
            raise SyncError(
                "sync.refused",
                recovery=recovery if isinstance(recovery, dict) else None,
                reason_code=str(error.get("code", "")),
                reason_zh=error["zh_CN"],
                reason_en=str(error.get("en", "")),
                status=response_status,
            )
        raise SyncError("sync.garbage")
    return Reply(response_status, body)


GZIP_FROM = 1024
"""Request bodies from this many bytes go gzip-compressed once the server accepts it."""
GZIP_LEVEL = 5


def _json_body(value: Any) -> bytes:
    return json_module.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class HttpTransport:
    """The real transport over HTTP(S) to ``base_url`` (e.g. ``https://district.example``).

    Answers come gzip-compressed when the server offers it (httpx asks and inflates).
    Request bodies go compressed once an answer said ``Accept-Encoding: gzip`` (RFC 7694);
    should the server then refuse the encoding (415, a proxy in between), the same request
    is sent once more plain and the transport stops compressing.
    """

    def __init__(
        self, base_url: str, client: httpx.Client | None = None, *, compress: bool = True
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.compress = compress  # False: plain bodies both ways (a benchmark's baseline)
        self.compress_requests = False
        self.own_client = client is None  # a client given (hooks, short timeouts) is kept to
        self.client = client or httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
            transport=httpx.HTTPTransport(
                socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
            ),
            headers=None if compress else {"Accept-Encoding": "identity"},
        )

    def send(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        params: dict[str, Any] | None = None,
        raw: bool = False,
    ) -> Reply:
        """One request; ``raw``: a successful answer's body is returned as its bytes
        (:attr:`Reply.raw`), left for the caller to parse and check (a pull page)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        content = None if json is None else _json_body(json)
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = self._request(method, path, content, params, headers)
        except httpx.TimeoutException:
            raise SyncError("sync.timeout") from None
        except (httpx.TransportError, ValueError):
            raise SyncError("sync.offline", server=self.base_url) from None
        if raw and 200 <= response.status_code < 300:
            return Reply(response.status_code, None, response.content)
        try:
            body = response.json()
        except ValueError:
            body = None
        return check_reply(response.status_code, body, response.headers.get("Retry-After"))

    def _request(
        self,
        method: str,
        path: str,
        content: bytes | None,
        params: dict[str, Any] | None,
        headers: dict[str, str],
    ) -> httpx.Response:
        compress = self.compress_requests and content is not None and len(content) >= GZIP_FROM
        if compress and content is not None:
            packed = gzip.compress(content, GZIP_LEVEL, mtime=0)
            zipped = {**headers, "Content-Encoding": "gzip"}
            response = self.client.request(
                method, path, content=packed, params=params, headers=zipped
            )
            if response.status_code != 415:
                return response
            self.compress_requests = False
        response = self.client.request(
            method, path, content=content, params=params, headers=headers
        )
        if self.compress and "gzip" in response.headers.get("accept-encoding", "").lower():
            self.compress_requests = True
        return response

    def close(self) -> None:
        self.client.close()
