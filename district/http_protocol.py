"""The HTTP protocol the server runs: uvicorn's h11 protocol with Nagle's algorithm off.

With ``--workers`` above one, uvicorn binds the listening socket itself without naming
the TCP protocol, and asyncio then leaves ``TCP_NODELAY`` off on every accepted
connection. A response written in two parts (headers, body) then waits for the client's
delayed acknowledgement: 40 ms added to every request. Setting the option per connection
removes that, whatever the number of workers.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
