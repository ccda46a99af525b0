"""Protection at the door: a request size and time limit, then a bounded concurrency gate.

All are plain ASGI so they answer before FastAPI parses anything. The body is read first,
outside the gate: a client that sends its body slowly (or never finishes) waits on its own,
cut off with 408 once no byte has come for :data:`BODY_IDLE_SECONDS` (or the whole body
took :data:`BODY_TOTAL_SECONDS`), and never holds a place of the concurrency limit. Over
the gate's limit the server answers 503 with ``Retry-After`` at once rather than queueing
without bound; ``/api/v1/health`` never waits for the gate.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from typing import Any

from protocol import ErrorBody, reason

Scope = dict[str, Any]
ASGIApp = Any


def header(scope: Scope, name: bytes) -> bytes | None:
    """The request's first header called ``name`` (lower case, as ASGI gives names), or None."""
    for key, value in scope.get("headers", []):
        if key == name:
            found: bytes = value
            return found
    return None


async def send_json(send: Any, status: int, body: ErrorBody, headers: dict[str, str]) -> None:
    data = json.dumps(body.model_dump(mode="json"), ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})


HEALTH_PATH = "/api/v1/health"

BODY_IDLE_SECONDS = float(os.environ.get("DISTRICT_BODY_IDLE_SECONDS", "5"))
"""A request body that sends nothing for this long is cut off (408)."""
BODY_TOTAL_SECONDS = float(os.environ.get("DISTRICT_BODY_TOTAL_SECONDS", "120"))
"""Nor may a whole body take longer than this (2 MiB at about 140 kbit/s)."""


def replaying(body: bytes, receive: Any) -> Any:
    """A ``receive`` that gives the app ``body`` whole, then whatever the client sends next
    (its disconnect): for middleware that has read the body before the app."""
    delivered = False

    async def replay() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        message: dict[str, Any] = await receive()
        return message

    return replay


class ConcurrencyGate:
    def __init__(self, app: ASGIApp, limit: int, retry_after: int = 1) -> None:
        self.app, self.limit, self.retry_after = app, limit, retry_after
        self.active = 0

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") == HEALTH_PATH:
            await self.app(scope, receive, send)
            return
        if self.active >= self.limit:
            body = ErrorBody(error=reason("overloaded", retry_after=self.retry_after))
            await send_json(send, 503, body, {"Retry-After": str(self.retry_after)})
            return
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1


class AddressGuard:
    """A path or query string with a NUL character (``%00``) is refused (400) before any
    page or endpoint sees it: no database column can store or compare such text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            query = scope.get("query_string", b"")
            if "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query:
                body = ErrorBody(error=reason("request_invalid", detail="NUL in the address"))
                await send_json(send, 400, body, {})
                return
        await self.app(scope, receive, send)


DRAIN_FACTOR = 8
"""An oversized body is still read (and thrown away) up to this many times the limit."""


def _declared_length(scope: Scope) -> int:
    value = header(scope, b"content-length")
    if value is None:
        return 0
    try:
        return int(value)
    except ValueError:
        return 2**62


class BodyLimit:
    """Reads the body up to ``limit`` bytes; beyond it answers 413 and the app never runs.

    Before answering, the rest of an oversized body is read and discarded (up to
    :data:`DRAIN_FACTOR` times the limit): a client that is still sending would otherwise
    see its connection reset instead of the 413 and its reason.
    """

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        idle_seconds: float = BODY_IDLE_SECONDS,
        total_seconds: float = BODY_TOTAL_SECONDS,
    ) -> None:
        self.app, self.limit = app, limit
        self.idle_seconds, self.total_seconds = idle_seconds, total_seconds

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if _declared_length(scope) > self.limit:
            await self._refuse(receive, send, 0)
            return
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.total_seconds
        while True:
            wait = min(self.idle_seconds, deadline - time.monotonic())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(wait, 0.0))
            except TimeoutError:
                late = ErrorBody(error=reason("body_timeout", seconds=int(self.idle_seconds)))
                await send_json(send, 408, late, {"Connection": "close"})
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                more = message.get("more_body", False)
                await self._refuse(receive, send, size if more else -1)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replaying(b"".join(chunks), receive), send)

    async def _refuse(self, receive: Any, send: Any, drained: int) -> None:
        """Answer 413; ``drained`` is what was read so far, or -1 if the body has ended."""
        too_large = ErrorBody(error=reason("body_too_large", limit=self.limit))
        while 0 <= drained <= self.limit * DRAIN_FACTOR:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            drained += len(message.get("body", b""))
            if not message.get("more_body", False):
                break
        await send_json(send, 413, too_large, {"Connection": "close"})
