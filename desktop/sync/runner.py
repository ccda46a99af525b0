"""One sync round (push, then pull) and when to try again: plain Python, no Qt.

The UI runs :meth:`SyncRunner.run_once` off its thread, shows the :class:`SyncStatus` it
returns, and waits :meth:`Backoff.next_delay` before the next automatic round. Failures
never raise out of a round: they become a state and a message.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import func, select

from db.models import SyncIssue
from desktop.context import DeskContext
from desktop.errors import Message
from desktop.settings import Settings
from desktop.sync.enrolment import connection
from desktop.sync.history import record_round
from desktop.sync.places import keep_shares
from desktop.sync.pull import PullSummary, pull_all
from desktop.sync.push import PushSummary, pending_count, push_pending
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import HttpTransport, SyncError, Transport

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


class SyncRunner:
    def __init__(
        self,
        ctx: DeskContext,
        transport_for: Callable[[str], Transport] | None = None,
        store: TokenStore | None = None,
    ) -> None:
        self.ctx = ctx
        self.transport_for = transport_for or HttpTransport
        self.store = store or TokenStore(ctx.paths)

    def status(
        self, state: State, message: Message | None = None, retry: float | None = None
    ) -> SyncStatus:
        last = str(Settings(self.ctx.db).get("sync.last_pull"))
        issues = _issues(self.ctx)
        if state == "online" and issues:
            state = "attention"
        return SyncStatus(state, pending_count(self.ctx), issues, last, message, retry)

    def run_once(self) -> SyncStatus:
        """Push, keep the Saturday shares, pull; the round is kept in the history."""
        linked = connection(self.ctx)
        if linked is None:
            return self.status("not_connected")
        transport = self.transport_for(linked.server_url)
        pushed = PushSummary()
        pulled = PullSummary()
        try:
            pushed = push_pending(self.ctx, transport, self.store)
            keep_shares(self.ctx, transport, self.store)
            pulled = pull_all(self.ctx, transport, self.store)
        except SyncError as error:
            state: State = "offline" if error.message.code in OFFLINE_CODES else "attention"
            status = self.status(state, error.message, error.retry_after)
        else:
            status = self.status("online")
        finally:
            close = getattr(transport, "close", None)
            if callable(close):
                close()
        record_round(
            self.ctx,
            status.state,
            pushed.accepted,
            pushed.refused,
            pulled.applied,
            status.message,
        )
        return status


PROBE_TIMEOUT_S = 2.0


def district_answers(server_url: str) -> bool:
    """Whether the district server answers its health check within two seconds."""
    import httpx

    try:
        with httpx.Client(base_url=server_url, timeout=PROBE_TIMEOUT_S) as client:
            return client.get("/api/v1/health").status_code == 200
    except httpx.HTTPError:
        return False
