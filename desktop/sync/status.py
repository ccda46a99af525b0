"""How sync stands, for the status bar: plain Python, no network code (it loads fast).

:class:`SyncStatus` is what a round ends with (and what the status bar shows before the
first one); :class:`Backoff` says how long to wait after it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import func, select

from db.models import ChangeLogEntry, SyncIssue
from desktop.context import DeskContext
from desktop.db_errors import maps_database_errors
from desktop.errors import Message
from desktop.settings import LAST_PULL, Settings

NOT_PUSHED = frozenset({"center"})
"""The district owns centers. Staff accounts are the center's: they go to its other desks."""

State = Literal["not_connected", "online", "offline", "attention"]
OFFLINE_CODES = frozenset({"sync.offline", "sync.timeout", "sync.busy", "sync.server_error"})


@dataclass(frozen=True)
class SyncStatus:
    state: State
    pending: int
    issues: int
    last_success: str  # ISO UTC, "" if never
    message: Message | None = None
    retry_after: float | None = None


@dataclass
class Backoff:
    """Exponential backoff with jitter: 5 s, 10 s, 20 s … up to 10 minutes."""

    base_s: float = 5.0
    cap_s: float = 600.0
    idle_s: float = 60.0  # between rounds while everything works
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self, status: SyncStatus) -> float:
        if status.state in ("online", "not_connected"):
            self.failures = 0
            return self.idle_s
        self.failures += 1
        delay = min(self.cap_s, self.base_s * 2 ** (self.failures - 1))
        if status.retry_after is not None:
            delay = max(delay, status.retry_after)
        jitter: float = self.rng.uniform(0.8, 1.2)
        return float(delay) * jitter


def _issues(ctx: DeskContext) -> int:
    with ctx.db.read() as session:
        count = session.scalar(
            select(func.count()).select_from(SyncIssue).where(SyncIssue.resolved_at.is_(None))
        )
        return int(count or 0)


@maps_database_errors
def pending_count(ctx: DeskContext) -> int:
    """Changes not yet sent to the district."""
    with ctx.db.read() as session:
        count = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.pushed_at.is_(None), ChangeLogEntry.entity.not_in(NOT_PUSHED))
        )
        return int(count or 0)


@maps_database_errors
def current_status(
    ctx: DeskContext, state: State, message: Message | None = None, retry: float | None = None
) -> SyncStatus:
    """The status with today's counts; online with open inbox items is "needs attention"."""
    last = Settings(ctx.db).get(LAST_PULL)
    issues = _issues(ctx)
    if state == "online" and issues:
        state = "attention"
    return SyncStatus(state, pending_count(ctx), issues, last, message, retry)
