"""Compressed request bodies, negotiated with the usual headers (RFC 7694).

Every answer says ``Accept-Encoding: gzip``: a desk that reads it sends its push bodies
gzip-compressed with ``Content-Encoding: gzip`` from then on; a plain body is always taken
too. A compressed body is inflated here, before FastAPI reads it, and bounded after
inflation as before it (:data:`protocol.MAX_BODY_BYTES`): a zip bomb is refused with 413
after at most that many bytes, never inflated into memory. A body that claims gzip and is
not gets 400, an encoding the server does not know 415, each with words.
Answers are compressed by Starlette's gzip middleware for clients that accept it.
"""

from __future__ import annotations

import zlib
from typing import Any

from district.middleware import ASGIApp, Scope, header, replaying, send_json
from protocol import ErrorBody, reason

ENCODINGS = ("gzip",)
ANSWER_GZIP_FROM = 1024
"""Answers from this many bytes are compressed for clients that accept gzip."""
ANSWER_GZIP_LEVEL = 5
"""zlib level of answers (Starlette's default is 9; see docs/performance.md for the sizes)."""
ADVERTISED = (b"accept-encoding", b"gzip")
GZIP_WINDOW = 16 + zlib.MAX_WBITS


def _encoding(scope: Scope) -> str:
    value = header(scope, b"content-encoding")
    return "" if value is None else value.decode("latin-1").strip().lower()


def inflate(body: bytes, limit: int) -> bytes | None:
    """The gzip ``body`` inflated, or None past ``limit`` bytes; ValueError if not gzip."""
    inflater = zlib.decompressobj(GZIP_WINDOW)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise ValueError("not gzip") from error
    if len(data) > limit:
        return None
    if not inflater.eof or inflater.unused_data:
        raise ValueError("truncated or trailing bytes")
    return data


class RequestDecoding:
    """Inflates gzip request bodies (already bounded by the body limit outside it)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def advertising(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), ADVERTISED]}
            await send(message)

        encoding = _encoding(scope)
        if encoding in ("", "identity"):
            await self.app(scope, receive, advertising)
            return
        if encoding not in ENCODINGS:
            refused = ErrorBody(error=reason("body_encoding_unsupported", encoding=encoding[:20]))
            await send_json(advertising, 415, refused, {})
            return
        body = await read_body(receive)
        if body is None:
            return
        try:
            data = inflate(body, self.limit)
        except ValueError:
            invalid = ErrorBody(error=reason("body_encoding_invalid", encoding=encoding))
            await send_json(advertising, 400, invalid, {})
            return
        if data is None:
            too_large = ErrorBody(error=reason("body_too_large_inflated", limit=self.limit))
            await send_json(advertising, 413, too_large, {})
            return
        headers = [
            (name, value)
            for name, value in scope["headers"]
            if name not in (b"content-encoding", b"content-length")
        ]
        headers.append((b"content-length", str(len(data)).encode()))
        await self.app({**scope, "headers": headers}, replaying(data, receive), advertising)


async def read_body(receive: Any) -> bytes | None:
    """The whole request body, or None if the client went away."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)
