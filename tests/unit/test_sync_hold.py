"""No round runs while the desk joins the district's center, nor after a join cut short."""

from __future__ import annotations

import threading
from typing import Any

from desktop.settings import Settings
from desktop.sync import hold
from desktop.sync.runner import SyncRunner
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import Reply
from tests.conftest import Desk
from tests.memory_keyring import MemoryKeyring


class Counting:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        self.sent.append(path)
        raise AssertionError("nothing may be sent")


def _connect(desk: Desk, center_id: str) -> None:
    settings = Settings(desk.ctx.db)
    settings.set("sync.server_url", "https://qu.example.cn")
    settings.set("sync.center_id", center_id)
    TokenStore(desk.ctx.paths).save("tok")


def test_a_round_while_joining_sends_nothing(desk: Desk, memory_keyring: MemoryKeyring) -> None:
    _connect(desk, desk.ctx.center_id)
    transport = Counting()
    runner = SyncRunner(desk.ctx, lambda url: transport)
    with hold.joining(desk.ctx):
        status = runner.run_once()
        assert hold.is_held(desk.ctx)
    assert status.message is not None and status.message.code == "sync.held_joining"
    assert transport.sent == [] and not hold.is_held(desk.ctx)


def test_joining_waits_for_a_round_already_running(desk: Desk) -> None:
    order: list[str] = []
    with hold.round_allowed(desk.ctx) as allowed:
        assert allowed
        joiner = threading.Thread(target=lambda: _join(desk, order))
        joiner.start()
        joiner.join(0.3)
        assert joiner.is_alive()  # waits for the round
        order.append("round ends")
    joiner.join(5)
    assert order == ["round ends", "joined"]


def _join(desk: Desk, order: list[str]) -> None:
    with hold.joining(desk.ctx):
        order.append("joined")


def test_a_join_cut_short_sends_nothing_until_finished(
    desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    _connect(desk, "district-center")  # the ids are still the desk's own
    transport = Counting()
    status = SyncRunner(desk.ctx, lambda url: transport).run_once()
    assert status.state == "attention" and status.message is not None
    assert status.message.code == "sync.join_unfinished" and transport.sent == []
