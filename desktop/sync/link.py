"""Which district this desk is connected to (from settings)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.context import DeskContext
from desktop.settings import DEVICE_ID, SERVER_URL, SYNC_CENTER_ID, SYNC_CENTER_NAME, Settings


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
    url = settings.get(SERVER_URL)
    if not url:
        return None
    return Connection(
        url,
        settings.get(SYNC_CENTER_ID),
        settings.get(SYNC_CENTER_NAME),
        settings.get(DEVICE_ID),
    )
