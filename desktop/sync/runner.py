"""One sync round (push, then pull) and when to try again: plain Python, no Qt.

The UI runs :meth:`SyncRunner.run_once` off its thread, shows the :class:`SyncStatus` it
returns, and waits :meth:`Backoff.next_delay` before the next automatic round. Failures
never raise out of a round: they become a state and a message.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from desktop.context import DeskContext
from desktop.errors import Message
from desktop.sync.history import record_round
from desktop.sync.hold import round_allowed
from desktop.sync.link import connection
from desktop.sync.places import keep_shares
from desktop.sync.pull import PullSummary, pull_all
from desktop.sync.push import PushSummary, push_pending
from desktop.sync.recovery import RENUMBER, recover_after_restore, renumber_and_repull
from desktop.sync.status import OFFLINE_CODES, State, SyncStatus, current_status
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import HttpTransport, SyncError, Transport
from protocol.common import Recovery

PROBE_TIMEOUT_S = 2.0


def _probe_transport(server_url: str) -> Transport:
    """The real transport with a short timeout, for the health probe."""
    return HttpTransport(server_url, httpx.Client(base_url=server_url, timeout=PROBE_TIMEOUT_S))


class SyncRunner:
    def __init__(
        self,
        ctx: DeskContext,
        transport_for: Callable[[str], Transport] | None = None,
        store: TokenStore | None = None,
    ) -> None:
        self.ctx = ctx
        self.transport_for = transport_for or HttpTransport
        self.probe_transport_for = transport_for or _probe_transport
        self.store = store or TokenStore(ctx.paths)

    def status(
        self, state: State, message: Message | None = None, retry: float | None = None
    ) -> SyncStatus:
        return current_status(self.ctx, state, message, retry)

    def district_answers(self) -> bool:
        """Whether the district answers ``GET /api/v1/health`` (in 2 s): a cheap probe while
        offline, so a round can start as soon as the network is back."""
        linked = connection(self.ctx)
        if linked is None:
            return False
        transport = self.probe_transport_for(linked.server_url)
        try:
            transport.send("GET", "/api/v1/health")
        except SyncError:
            return False
        finally:
            _close(transport)
        return True

    def run_once(self) -> SyncStatus:
        """Push, keep the Saturday shares, pull; the round is kept in the history.

        No round runs while the desk joins the district's center (:mod:`desktop.sync.hold`)
        or while a join is unfinished: what would leave still bears the ids from before."""
        with round_allowed(self.ctx) as allowed:
            if not allowed:
                return self.status("not_connected", Message("sync.held_joining"))
            return self._round()

    def _round(self) -> SyncStatus:
        linked = connection(self.ctx)
        if linked is None:
            return self.status("not_connected")
        if linked.center_id != self.ctx.center_id:  # joined, but the ids are not the center's yet
            return self.status("attention", Message("sync.join_unfinished"))
        transport = self.transport_for(linked.server_url)
        pushed = PushSummary()
        pulled = PullSummary()
        try:
            recover_after_restore(self.ctx, transport, self.store)
            pushed = self._push(transport)
            keep_shares(self.ctx, transport, self.store)
            pulled = pull_all(self.ctx, transport, self.store)
        except SyncError as error:
            state: State = "offline" if error.message.code in OFFLINE_CODES else "attention"
            status = self.status(state, error.message, error.retry_after)
        else:
            status = self.status("online")
        finally:
            _close(transport)
        record_round(
            self.ctx,
            status.state,
            pushed.accepted,
            pushed.refused,
            pulled.applied,
            status.message,
        )
        return status

    def _push(self, transport: Transport) -> PushSummary:
        """Push; a district that holds more of this device's changes than the desk numbered
        (a restored backup) is caught up with first, then the push runs again."""
        try:
            return push_pending(self.ctx, transport, self.store)
        except SyncError as error:
            recovery = error.recovery or {}
            if recovery.get("action") != RENUMBER:
                raise
            renumber_and_repull(self.ctx, transport, self.store, Recovery.model_validate(recovery))
            return push_pending(self.ctx, transport, self.store)


def _close(transport: Transport) -> None:
    close = getattr(transport, "close", None)
    if callable(close):
        close()
