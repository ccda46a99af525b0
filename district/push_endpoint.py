"""``POST /api/v1/push`` served in one step: the body checked from its bytes, the answer
encoded once.

A push is the district's busiest request, and FastAPI's generic handling of it cost as
much as the push's own work: the body decoded into Python objects and then validated,
the answer validated again against its model, converted to plain objects and encoded by
``json``, and every layer of the router and its middleware in between. Here a well-formed
push is validated straight from its bytes (:meth:`pydantic.BaseModel.model_validate_json`),
applied (:func:`district.push.answer`) and answered with the bytes pydantic encodes, in one
trip to the thread pool. Everything else goes on to the FastAPI route, which stays the
one described in the OpenAPI schema: a body that does not validate (it is answered
there, with the field at fault), a request without a bearer token, a body that is not
JSON. Both paths apply a push the same way and answer with the same JSON.

It runs inside the body limit, the concurrency gate, the inflation of gzip bodies and the
compression of answers (see :func:`district.app.create_app`), like every endpoint.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from pydantic import Field, ValidationError

from district import monitoring, push
from district.database import DistrictDatabase
from district.errors import ApiError
from district.middleware import ASGIApp, Scope, header, replaying
from district.request_encoding import read_body
from protocol import API_PREFIX, MAX_CHANGES_PER_PUSH, Change
from protocol.common import Message
from protocol.storable import find_unstorable

PUSH_PATH = f"{API_PREFIX}/push"
JSON_HEADERS = [(b"content-type", b"application/json")]

Answer = tuple[int, bytes, list[tuple[bytes, bytes]]]


class PushBody(Message):
    """:class:`protocol.PushRequest` read in pydantic's fast JSON mode: without the walk of
    every value before the fields (:class:`protocol.storable.Inbound`), which makes pydantic
    build the whole body as Python objects first. Every field but the payloads is held
    to a pattern or a range no unstorable value passes; the payloads are walked after."""

    changes: list[Change] = Field(max_length=MAX_CHANGES_PER_PUSH)


def bearer_token(scope: Scope) -> str | None:
    """The bearer token, or None when the request has none (the route answers 401)."""
    value = header(scope, b"authorization")
    if value is None:
        return None
    scheme, _, token = value.decode("latin-1").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _is_json(scope: Scope) -> bool:
    """No content type, or a JSON one (anything else is the route's to refuse)."""
    value = header(scope, b"content-type")
    if value is None:
        return True
    kind = value.split(b";", 1)[0].strip().lower()
    return kind == b"application/json" or (
        kind.startswith(b"application/") and kind.endswith(b"+json")
    )


class PushEndpoint:
    """ASGI: answers well-formed pushes itself; every other request goes on to ``app``."""

    def __init__(self, app: ASGIApp, database: DistrictDatabase) -> None:
        self.app, self.database = app, database

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != PUSH_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope)
        if token is None or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        if body is None:
            return
        answer = await anyio.to_thread.run_sync(self._answer, token, body)
        if answer is None:  # not a valid push: the route says what is wrong with it
            await self.app(scope, replaying(body, receive), send)
            return
        status, data, headers = answer
        headers = [*JSON_HEADERS, (b"content-length", str(len(data)).encode()), *headers]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})
        if status == 200:  # after the answer is sent: the desk does not wait for it
            await anyio.to_thread.run_sync(monitoring.record_sync_by_token, self.database, token)

    def _answer(self, token: str, body: bytes) -> Answer | None:
        try:
            request = PushBody.model_validate_json(body)
        except ValidationError:
            return None
        if find_unstorable([item.payload for item in request.changes]) is not None:
            return None
        try:
            answer = push.answer(self.database, token, request.changes)
        except ApiError as refusal:
            headers = [
                (name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in (refusal.headers or {}).items()
            ]
            return refusal.status, refusal.body.model_dump_json().encode(), headers
        return 200, answer.encoded(), []
