"""What the desk shows about its own center (name in the title bar and on the lock screen)."""

from __future__ import annotations

from db.models import Center
from desktop.context import DeskContext
from desktop.settings import SYNC_CENTER_ID, SYNC_CENTER_NAME, Settings


def center_name(ctx: DeskContext) -> str:
    """The district's name of the center once this desk joined it, else the desk's own."""
    district_name = Settings(ctx.db).get(SYNC_CENTER_NAME)
    district_center = Settings(ctx.db).get(SYNC_CENTER_ID)
    if district_name and district_center == ctx.center_id:
        return district_name
    with ctx.db.read() as session:
        center = session.get(Center, ctx.center_id)
        return center.name if center is not None else ""
