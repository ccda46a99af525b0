"""The HTTP protocol the server runs: uvicorn's httptools parser with Nagle's algorithm off,
and the cycle collector set for a server process (:func:`collect_garbage_less`).

httptools (C) parses a request several times faster than uvicorn's pure-Python h11 parser,
which is the fallback where httptools is not installed.

With ``--workers`` above one, uvicorn binds the listening socket itself without naming
the TCP protocol, and asyncio then leaves ``TCP_NODELAY`` off on every accepted
connection. A response written in two parts (headers, body) then waits for the client's
delayed acknowledgement: 40 ms added to every request. Setting the option per connection
removes that, whatever the number of workers.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def _no_delay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        _no_delay(transport)
        super().connection_made(transport)  # type: ignore[arg-type]


HAS_HTTPTOOLS = importlib.util.find_spec("httptools") is not None
HAS_UVLOOP = importlib.util.find_spec("uvloop") is not None

if HAS_HTTPTOOLS:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class NoDelayHttpToolsProtocol(HttpToolsProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            _no_delay(transport)
            super().connection_made(transport)  # type: ignore[arg-type]


def protocol_path() -> str:
    """The ``http=`` setting for uvicorn: the fastest protocol installed."""
    name = "NoDelayHttpToolsProtocol" if HAS_HTTPTOOLS else "NoDelayH11Protocol"
    return f"{__name__}:{name}"


def event_loop() -> str:
    """The ``loop=`` setting for uvicorn: uvloop where installed (Linux), else asyncio."""
    return "uvloop" if HAS_UVLOOP else "asyncio"


YOUNG_COLLECTION_EVERY = 20_000
"""Allocations between two collections of the youngest objects (Python's default: 700)."""


def collect_garbage_less() -> None:
    """Python's cycle collector, set for a server process: what start-up made (modules,
    the app, the tables) is frozen out of every later collection, and young objects are
    collected every :data:`YOUNG_COLLECTION_EVERY` allocations instead of 700.

    A 100-change push allocates tens of thousands of short-lived objects, nearly all
    freed by their reference counts; with the defaults the collector ran several times
    per push and walked the whole start-up heap on its older passes: a fifth of a push's
    CPU (4.9 → 3.8–3.9 ms per push in-process, see docs/performance.md)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, 20, 100)
