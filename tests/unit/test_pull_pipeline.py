"""Pull asks for the next page while it prepares and writes the ones it has; a page that
fails to come or to be written stops it there: the pages before stay applied with their
cursor, and nothing after the failure is asked for beyond the request already under way."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from desktop.settings import Settings
from desktop.sync import pull
from desktop.sync.pull import pull_all
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import Reply, SyncError
from tests.conftest import Desk
from tests.memory_keyring import MemoryKeyring

PAGES = 6


def _page(n: int) -> bytes:
    changes = [
        {
            "server_seq": n * 10 + k,
            "change_id": f"change-{n}-{k}",
            "center_id": None,
            "entity": "district_note",  # kept by no desk: passed over, the cursor moves
            "entity_id": f"note-{n}-{k}",
            "op": "insert",
            "version": 1,
            "payload": {},
        }
        for k in range(1, 4)
    ]
    body = {"changes": changes, "cursor": n * 10 + 3, "has_more": n < PAGES}
    return json.dumps(body).encode()


class Pages:
    """Serves pages 1..PAGES in order of the cursor asked for; ``failing``: that page's
    request fails as if the district went away."""

    def __init__(self, failing: int | None = None) -> None:
        self.failing = failing
        self.asked: list[int] = []
        self.lock = threading.Lock()

    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        n = int(kwargs["params"]["after"]) // 10 + 1
        with self.lock:
            self.asked.append(n)
        if n == self.failing:
            raise SyncError("sync.offline", server="https://qu.example.cn")
        return Reply(200, None, _page(n))


def _connected(desk: Desk) -> None:
    settings = Settings(desk.ctx.db)
    settings.set("sync.server_url", "https://qu.example.cn")
    settings.set("sync.center_id", desk.ctx.center_id)
    settings.set("sync.applies", pull.APPLIES)
    TokenStore(desk.ctx.paths).save("tok")


def test_every_page_is_applied_once_in_order(desk: Desk, memory_keyring: MemoryKeyring) -> None:
    _connected(desk)
    transport = Pages()
    summary = pull_all(desk.ctx, transport)
    assert transport.asked == list(range(1, PAGES + 1))
    assert (summary.pages, summary.passed_over) == (PAGES, PAGES * 3)
    assert Settings(desk.ctx.db).get("sync.cursor") == PAGES * 10 + 3


def test_a_page_that_does_not_come_stops_the_pull_there(
    desk: Desk, memory_keyring: MemoryKeyring
) -> None:
    _connected(desk)
    transport = Pages(failing=4)
    with pytest.raises(SyncError):
        pull_all(desk.ctx, transport)
    assert transport.asked == [1, 2, 3, 4]
    assert Settings(desk.ctx.db).get("sync.cursor") == 33  # pages 1-3 applied


def test_a_page_that_cannot_be_written_stops_the_pull_there(
    desk: Desk, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    _connected(desk)
    written = pull._apply_page

    def fails_on_page_two(ctx: Any, page: Any, ahead: Any = None) -> tuple[int, int]:
        if page.cursor == 23:
            raise RuntimeError("disk full")
        return written(ctx, page, ahead)

    monkeypatch.setattr(pull, "_apply_page", fails_on_page_two)
    transport = Pages()
    with pytest.raises(RuntimeError):
        pull_all(desk.ctx, transport)
    assert Settings(desk.ctx.db).get("sync.cursor") == 13
    assert transport.asked[:2] == [1, 2] and len(transport.asked) <= 4  # 3: under way, maybe
