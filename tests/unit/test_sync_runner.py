"""A sync round's outcome as a state, and when to try again."""

from __future__ import annotations

import random
from typing import Any

from desktop.settings import Settings
from desktop.sync.runner import SyncRunner
from desktop.sync.status import Backoff, SyncStatus
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import Reply, SyncError
from tests.conftest import Desk
from tests.memory_keyring import MemoryKeyring


class Unreachable:
    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        raise SyncError("sync.offline", server="https://qu.example.cn")


class Busy:
    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        raise SyncError("sync.busy", 42.0)


def _connected(desk: Desk) -> None:
    settings = Settings(desk.ctx.db)
    settings.set("sync.server_url", "https://qu.example.cn")
    settings.set("sync.center_id", desk.ctx.center_id)  # joined: the ids are the center's
    TokenStore(desk.ctx.paths).save("tok")


def test_not_connected_is_a_state_not_an_error(desk: Desk) -> None:
    status = SyncRunner(desk.ctx, lambda url: Unreachable()).run_once()
    assert status.state == "not_connected" and status.pending > 0  # set-up made changes


def test_offline_and_busy_rounds_keep_everything_pending(
    desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    _connected(desk)
    offline = SyncRunner(desk.ctx, lambda url: Unreachable()).run_once()
    assert offline.state == "offline" and offline.message is not None
    assert offline.message.code == "sync.offline" and offline.pending > 0
    busy = SyncRunner(desk.ctx, lambda url: Busy()).run_once()
    assert busy.state == "offline" and busy.retry_after == 42.0
    assert busy.pending == offline.pending


def test_a_missing_token_needs_attention(desk: Desk, memory_keyring: MemoryKeyring) -> None:
    _connected(desk)
    TokenStore(desk.ctx.paths).clear()
    status = SyncRunner(desk.ctx, lambda url: Unreachable()).run_once()
    assert status.state == "attention" and status.message is not None
    assert status.message.code == "sync.no_token"


def test_backoff_doubles_with_jitter_up_to_the_cap_and_resets() -> None:
    backoff = Backoff(rng=random.Random(1))
    down = SyncStatus("offline", 3, 0, "")
    delays = [backoff.next_delay(down) for _ in range(10)]
    assert 4.0 <= delays[0] <= 6.0 and 8.0 <= delays[1] <= 12.0
    assert max(delays) <= 600 * 1.2 and delays[-1] >= 600 * 0.8
    assert backoff.next_delay(SyncStatus("offline", 3, 0, "", retry_after=900)) >= 900 * 0.8
    assert backoff.next_delay(SyncStatus("online", 0, 0, "")) == 60.0
    assert backoff.failures == 0
