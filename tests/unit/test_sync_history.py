"""The recent sync rounds: what each round did, kept on the desk (the last 50)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.errors import Message
from desktop.settings import Settings
from desktop.sync import runner as runner_module
from desktop.sync.history import KEEP, recent_rounds, record_round
from desktop.sync.pull import PullSummary
from desktop.sync.push import PushSummary
from desktop.sync.runner import SyncRunner
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import Reply, SyncError
from tests.conftest import Desk
from tests.memory_keyring import MemoryKeyring


class Unreachable:
    def __init__(self) -> None:
        self.closed = False

    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        raise SyncError("sync.offline", server="https://qu.example.cn")

    def close(self) -> None:
        self.closed = True


class Healthy:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        self.asked.append((method, path))
        return Reply(200, {"status": "ok"})


def _connected(desk: Desk) -> None:
    settings = Settings(desk.ctx.db)
    settings.set("sync.server_url", "https://qu.example.cn")
    settings.set("sync.center_id", desk.ctx.center_id)  # joined: the ids are the center's
    TokenStore(desk.ctx.paths).save("tok")


def test_rounds_are_kept_newest_first_up_to_the_limit(desk: Desk) -> None:
    assert recent_rounds(desk.ctx) == []
    for number in range(KEEP + 5):
        record_round(desk.ctx, "online", number, 0, 2 * number, None)
    record_round(desk.ctx, "offline", 0, 0, 0, Message("sync.offline", {"server": "qu"}))
    last = recent_rounds(desk.ctx)
    assert len(last) == 20
    assert last[0].state == "offline" and last[0].message == Message(
        "sync.offline", {"server": "qu"}
    )
    assert (last[1].pushed, last[1].pulled, last[1].message) == (KEEP + 4, 2 * KEEP + 8, None)
    assert last[0].finished_at.tzinfo is not None
    kept = recent_rounds(desk.ctx, limit=1000)
    assert len(kept) == KEEP and kept[-1].pushed == 6  # the oldest ones go


def test_a_round_reports_what_it_sent_refused_and_received(
    desk: Desk, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    _connected(desk)
    monkeypatch.setattr(runner_module, "push_pending", lambda *a: PushSummary(7, 2, 0))
    monkeypatch.setattr(runner_module, "keep_shares", lambda *a: None)
    monkeypatch.setattr(runner_module, "pull_all", lambda *a: PullSummary(11, 1, 1))
    status = SyncRunner(desk.ctx, lambda url: Healthy()).run_once()
    assert status.state == "online"
    done = recent_rounds(desk.ctx)[0]
    assert (done.state, done.pushed, done.refused, done.pulled) == ("online", 7, 2, 11)


def test_an_offline_round_is_kept_with_its_reason(
    desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    SyncRunner(desk.ctx, lambda url: Unreachable()).run_once()
    assert recent_rounds(desk.ctx) == []  # not connected: no round
    _connected(desk)
    transport = Unreachable()
    SyncRunner(desk.ctx, lambda url: transport).run_once()
    done = recent_rounds(desk.ctx)[0]
    assert (done.state, done.pushed, done.refused, done.pulled) == ("offline", 0, 0, 0)
    assert done.message is not None and done.message.code == "sync.offline"
    assert transport.closed


def test_the_probe_asks_the_health_check_through_the_runners_transport(
    desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    healthy = Healthy()
    assert not SyncRunner(desk.ctx, lambda url: healthy).district_answers()  # not connected
    _connected(desk)
    assert SyncRunner(desk.ctx, lambda url: healthy).district_answers()
    assert healthy.asked == [("GET", "/api/v1/health")]
    down = Unreachable()
    assert not SyncRunner(desk.ctx, lambda url: down).district_answers()
    assert down.closed
