"""The HTTP protocol the server runs: uvicorn's httptools parser with Nagle's algorithm off.

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
