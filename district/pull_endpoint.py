"""``GET /api/v1/pull`` served in one step: the page read and its JSON written at once.

A pull page of 1,000 changes cost the district far more in FastAPI's generic handling
than in its query: every stored payload parsed from its JSON text, built into a
:class:`protocol.PulledChange`, the whole :class:`protocol.PullResponse` validated again
against its model, converted to plain objects and encoded by ``json``. Here a well-formed
pull (a bearer token, the route's query parameters each in a form the route reads the
same way) is answered with :func:`district.feed.pull_encoded`, which splices the stored
payloads into the answer as they are, in one trip to the thread pool. Everything else
goes on to the FastAPI route, which stays the one described in the OpenAPI schema and
answers every refusal: no token or a bad one (401/403), a cursor the server does not
hold (409), a parameter out of range (422), parameters repeated or unknown. Both paths
read the same rows (the device's own center and district reference data only) and
answer with the same JSON.

It runs inside the concurrency gate (see :func:`district.app.create_app`), like every
endpoint, and compresses its own answers for clients that accept gzip, in the same trip
to the thread pool, at :data:`PULL_GZIP_LEVEL` (the answer compression outside leaves an
answer that says its encoding as it is).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread

from district import feed, monitoring
from district.database import DistrictDatabase
from district.errors import ApiError
from district.middleware import ASGIApp, Scope, header
from district.push_endpoint import JSON_HEADERS, bearer_token
from district.request_encoding import ANSWER_GZIP_FROM, GZIP_WINDOW
from district.security import authenticate_device
from protocol import API_PREFIX
from protocol.changes import PULL_PAGE_DEFAULT, PULL_PAGE_MAX

PULL_PATH = f"{API_PREFIX}/pull"
_NUMBER = re.compile(r"[0-9]{1,19}")
_ID = re.compile(r"[0-9A-Za-z-]{1,36}")
_FLAGS = {"true": True, "1": True, "false": False, "0": False}
AFTER_MAX = 2**62
PULL_GZIP_LEVEL = 3
"""zlib level of pull pages: half the time of level 5 for 6-7 % more bytes (a page of 1,000
changes, see docs/performance.md); other answers keep :data:`ANSWER_GZIP_LEVEL`."""
GZIP_HEADERS = [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]


def accepts_gzip(scope: Scope) -> bool:
    """As the answer compression outside decides it (``gzip`` in ``Accept-Encoding``)."""
    value = header(scope, b"accept-encoding")
    return value is not None and b"gzip" in value


def compressed(data: bytes) -> bytes:
    packer = zlib.compressobj(PULL_GZIP_LEVEL, zlib.DEFLATED, GZIP_WINDOW)
    return packer.compress(data) + packer.flush()


@dataclass(frozen=True, slots=True)
class PullQuery:
    """The route's query parameters, read from a query string in their plain forms."""

    after: int
    after_change_id: str | None
    limit: int
    include_own: bool

    @classmethod
    def read(cls, query_string: bytes) -> PullQuery | None:
        """Only plain forms are taken here (decimal digits, an id of the route's pattern,
        ``true``/``false``/``1``/``0``); anything else, a name twice or a name the route
        does not know is left to the route, which either reads it the same way or says
        what is wrong with it."""
        try:
            pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
        except ValueError:
            return None
        given = dict(pairs)
        if len(given) != len(pairs) or not given.keys() <= {
            "after",
            "after_change_id",
            "limit",
            "include_own",
        }:
            return None
        after, limit = given.get("after", "0"), given.get("limit", str(PULL_PAGE_DEFAULT))
        change_id = given.get("after_change_id")
        own = _FLAGS.get(given.get("include_own", "false"))
        if not (_NUMBER.fullmatch(after) and _NUMBER.fullmatch(limit)) or own is None:
            return None
        if change_id is not None and not _ID.fullmatch(change_id):
            return None
        if int(after) > AFTER_MAX or not 1 <= int(limit) <= PULL_PAGE_MAX:
            return None
        return cls(int(after), change_id, int(limit), own)


class PullEndpoint:
    """ASGI: answers well-formed pulls itself; every other request goes on to ``app``."""

    def __init__(self, app: ASGIApp, database: DistrictDatabase) -> None:
        self.app, self.database = app, database

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != PULL_PATH or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope)
        query = PullQuery.read(scope.get("query_string", b""))
        if token is None or query is None:
            await self.app(scope, receive, send)
            return
        gzip = accepts_gzip(scope)
        answer = await anyio.to_thread.run_sync(self._answer, token, query, gzip)
        if answer is None:  # refused: the route gives the refusal its words and headers
            await self.app(scope, receive, send)
            return
        device_id, data, packed = answer
        headers = [*JSON_HEADERS, *(GZIP_HEADERS if packed else [])]
        headers.append((b"content-length", str(len(data)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": data})
        # after the answer is sent, as the route's background task: the desk does not wait
        await anyio.to_thread.run_sync(monitoring.record_sync, self.database, device_id)

    def _answer(self, token: str, query: PullQuery, gzip: bool) -> tuple[str, bytes, bool] | None:
        try:
            auth = authenticate_device(self.database, token)
            data = feed.pull_encoded(
                self.database,
                auth,
                query.after,
                query.after_change_id,
                query.limit,
                query.include_own,
            )
        except ApiError:
            return None
        if gzip and len(data) >= ANSWER_GZIP_FROM:
            return auth.device_id, compressed(data), True
        return auth.device_id, data, False
