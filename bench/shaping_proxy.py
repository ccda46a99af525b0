"""A thin line on loopback: a TCP proxy that limits each direction's rate and delays it.

A center on a 4G router or old ADSL: 2 Mbit/s each way and an 80 ms round trip by default.
Each direction is a queue of chunks: a chunk leaves once the line has sent the chunks before
it at the given rate, and arrives the one-way delay later (order kept, no loss). The proxy
runs on its own event loop in a thread; :func:`shaped` yields its address and the bytes it
carried each way.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

CHUNK = 16 * 1024


@dataclass(frozen=True)
class Line:
    """The line's shape: bits per second each way and the round-trip time."""

    bits_per_s: float = 2_000_000
    round_trip_s: float = 0.080

    @property
    def bytes_per_s(self) -> float:
        return self.bits_per_s / 8

    def seconds_for(self, nbytes: int) -> float:
        """How long ``nbytes`` take at this rate alone (no latency)."""
        return nbytes / self.bytes_per_s


@dataclass
class Carried:
    """Bytes the proxy carried: up (desk → server) and down (server → desk)."""

    up: int = 0
    down: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, up: int = 0, down: int = 0) -> None:
        with self.lock:
            self.up += up
            self.down += down


async def _pipe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    line: Line,
    count: Carried,
    upward: bool,
) -> None:
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    async def deliver() -> None:
        while True:
            due, data = await queue.get()
            if not data:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    sender = asyncio.create_task(deliver())
    line_free = loop.time()
    try:
        while data := await reader.read(CHUNK):
            if upward:
                count.add(up=len(data))
            else:
                count.add(down=len(data))
            line_free = max(line_free, loop.time()) + line.seconds_for(len(data))
            await queue.put((line_free + line.round_trip_s / 2, data))
    except ConnectionError:
        pass
    await queue.put((0.0, b""))
    with suppress(ConnectionError):
        await sender


async def _serve(
    upstream: tuple[str, int], line: Line, count: Carried, ready: threading.Event, box: list[int]
) -> None:
    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*upstream)
        except OSError:
            client_w.close()
            return
        try:
            await asyncio.gather(
                _pipe(client_r, server_w, line, count, upward=True),
                _pipe(server_r, client_w, line, count, upward=False),
            )
        except asyncio.CancelledError:
            # the proxy is stopping with connections still open: end them quietly (a
            # handler that ends cancelled makes Python 3.11's stream callback print a trace)
            client_w.close()
            server_w.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    box.append(server.sockets[0].getsockname()[1])
    ready.set()
    async with server:
        await server.serve_forever()


@contextmanager
def shaped(upstream_url: str, line: Line | None = None) -> Iterator[tuple[str, Carried]]:
    """A proxy in front of ``http://host:port``; yields its own base URL and the counter."""
    host, _, port = upstream_url.removeprefix("http://").rstrip("/").partition(":")
    line = line or Line()
    count = Carried()
    ready = threading.Event()
    box: list[int] = []
    loop = asyncio.new_event_loop()
    task_box: list[asyncio.Task[None]] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        task = loop.create_task(_serve((host, int(port)), line, count, ready, box))
        task_box.append(task)
        with suppress(asyncio.CancelledError):
            loop.run_until_complete(task)
        left = asyncio.all_tasks(loop)  # connections still open: end them before the loop
        for other in left:
            other.cancel()
        loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))

    thread = threading.Thread(target=run, name="shaping-proxy", daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("the shaping proxy did not start")
    try:
        yield f"http://127.0.0.1:{box[0]}", count
    finally:
        loop.call_soon_threadsafe(task_box[0].cancel)
        thread.join(timeout=10)
        loop.close()


def transfer_seconds(line: Line, up_bytes: int, down_bytes: int) -> float:
    """The time the bytes alone need on ``line`` (each direction has its own rate, so the
    larger one bounds it), without latency: the benchmark's yardstick."""
    return max(line.seconds_for(up_bytes), line.seconds_for(down_bytes))
