"""The recent sync rounds, kept on the desk for the sync panel (the last :data:`KEEP`)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import delete, select

from db.models import SyncRound
from desktop.context import DeskContext
from desktop.db_errors import maps_database_errors
from desktop.errors import Message

KEEP = 50


@dataclass(frozen=True)
class RoundView:
    finished_at: dt.datetime  # aware UTC
    state: str  # online / offline / attention
    pushed: int
    refused: int
    pulled: int
    message: Message | None


def record_round(
    ctx: DeskContext,
    state: str,
    pushed: int,
    refused: int,
    pulled: int,
    message: Message | None,
) -> None:
    with ctx.db.write() as session:
        session.add(
            SyncRound(
                finished_at=ctx.now(),
                state=state,
                pushed=pushed,
                refused=refused,
                pulled=pulled,
                message_code=message.code if message else "",
                message_params=json.dumps(dict(message.params), ensure_ascii=False)
                if message
                else "",
            )
        )
        session.flush()
        kept = select(SyncRound.id).order_by(SyncRound.id.desc()).limit(KEEP)
        session.execute(delete(SyncRound).where(SyncRound.id.not_in(kept)))


@maps_database_errors
def recent_rounds(ctx: DeskContext, limit: int = 20) -> list[RoundView]:
    with ctx.db.read() as session:
        rows = session.scalars(select(SyncRound).order_by(SyncRound.id.desc()).limit(limit))
        return [
            RoundView(
                finished_at=row.finished_at,
                state=row.state,
                pushed=row.pushed,
                refused=row.refused,
                pulled=row.pulled,
                message=Message(row.message_code, json.loads(row.message_params or "{}"))
                if row.message_code
                else None,
            )
            for row in rows
        ]
