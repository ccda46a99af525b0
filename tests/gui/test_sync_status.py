"""The status bar's sync button: rounds off the UI thread, state and pending in words."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from desktop.settings import Settings
from desktop.sync.runner import SyncRunner
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import Reply, SyncError
from tests.memory_keyring import MemoryKeyring
from ui.desk_ui import DeskUi
from ui.main_window import MainWindow
from ui.sync.status_widget import SyncStatusButton


class Unreachable:
    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        raise SyncError("sync.offline", server="https://qu.example.cn")


def test_not_connected_desk_says_it_works_offline(qtbot: QtBot, signed_in_ui: DeskUi) -> None:
    window = MainWindow(signed_in_ui)
    qtbot.addWidget(window)
    button = window.findChild(SyncStatusButton)
    assert button is not None and "未连接" in button.text()


def test_click_runs_a_round_in_the_background_and_shows_offline(
    qtbot: QtBot, signed_in_ui: DeskUi, memory_keyring: MemoryKeyring
) -> None:
    settings = Settings(signed_in_ui.ctx.db)
    settings.set("sync.server_url", "https://qu.example.cn")
    settings.set("sync.center_id", "c-1")
    TokenStore(signed_in_ui.ctx.paths).save("tok")
    button = SyncStatusButton(signed_in_ui, SyncRunner(signed_in_ui.ctx, lambda url: Unreachable()))
    qtbot.addWidget(button)
    button.click()
    assert button.busy and "正在同步" in button.text()  # returned at once
    qtbot.waitUntil(lambda: not button.busy, timeout=10_000)
    assert "离线" in button.text() and "待上传" in button.text()
    assert "连不上区级服务器" in button.toolTip()
    assert button.timer.isActive()  # the next round is scheduled (with backoff)
