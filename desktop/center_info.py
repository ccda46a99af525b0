"""What the desk shows about its own center (name in the title bar and on the lock screen)."""

from __future__ import annotations

from db.models import Center
from desktop.context import DeskContext


def center_name(ctx: DeskContext) -> str:
    with ctx.db.read() as session:
        center = session.get(Center, ctx.center_id)
        return center.name if center is not None else ""
