"""Which district this desk is connected to (from settings), and whether it answers."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.context import DeskContext
from desktop.settings import Settings


@dataclass(frozen=True)
class Connection:
    server_url: str
    center_id: str
    center_name: str
    device_id: str

    def same_center(self, ctx: DeskContext) -> bool:
        return self.center_id == ctx.center_id


def connection(ctx: DeskContext) -> Connection | None:
    """The district this desk is connected to, if any."""
    settings = Settings(ctx.db)
    url = str(settings.get("sync.server_url"))
    if not url:
        return None
    return Connection(
        url,
        str(settings.get("sync.center_id")),
        str(settings.get("sync.center_name")),
        str(settings.get("sync.device_id")),
    )


PROBE_TIMEOUT_S = 2.0


def district_answers(server_url: str) -> bool:
    """Whether the district server answers its health check within two seconds."""
    import httpx

    try:
        with httpx.Client(base_url=server_url, timeout=PROBE_TIMEOUT_S) as client:
            return client.get("/api/v1/health").status_code == 200
    except httpx.HTTPError:
        return False
