"""Per-record sync marks: has this row reached the district, is it waiting, was it refused?"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from sqlalchemy import select

from db.models import ChangeLogEntry, SyncIssue
from desktop.context import DeskContext

Mark = Literal["sent", "waiting", "refused"]


def sync_marks(ctx: DeskContext, entity: str, ids: Iterable[str]) -> dict[str, Mark]:
    """For each id: ``refused`` (an open inbox item), ``waiting`` (a change not yet
    answered by the district) or ``sent``."""
    wanted = list(ids)
    if not wanted:
        return {}
    with ctx.db.read() as session:
        waiting = set(
            session.scalars(
                select(ChangeLogEntry.entity_id).where(
                    ChangeLogEntry.entity == entity,
                    ChangeLogEntry.entity_id.in_(wanted),
                    ChangeLogEntry.pushed_at.is_(None),
                )
            )
        )
        refused = set(
            session.scalars(
                select(SyncIssue.entity_id).where(
                    SyncIssue.entity == entity,
                    SyncIssue.entity_id.in_(wanted),
                    SyncIssue.resolved_at.is_(None),
                )
            )
        )
    marks: dict[str, Mark] = {}
    for row_id in wanted:
        marks[row_id] = (
            "refused" if row_id in refused else "waiting" if row_id in waiting else "sent"
        )
    return marks
