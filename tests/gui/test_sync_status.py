"""The status bar's sync button and the sync panel: rounds off the UI thread, state,
pending and the recent rounds in words; a local change brings the next round near."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.residents import ResidentDraft, create_resident
from desktop.settings import Settings
from desktop.sync.runner import SyncRunner
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import Reply, SyncError
from tests.memory_keyring import MemoryKeyring
from ui.desk_ui import DeskUi
from ui.main_window import MainWindow
from ui.sync.panel_dialog import SyncPanel
from ui.sync.status_widget import SyncStatusButton


class Unreachable:
    def send(self, method: str, path: str, **kwargs: Any) -> Reply:
        raise SyncError("sync.offline", server="https://qu.example.cn")


def _connected(desk: DeskUi) -> SyncStatusButton:
    settings = Settings(desk.ctx.db)
    settings.set("sync.server_url", "https://qu.example.cn")
    settings.set("sync.center_id", desk.ctx.center_id)
    TokenStore(desk.ctx.paths).save("tok")
    return SyncStatusButton(desk, SyncRunner(desk.ctx, lambda url: Unreachable()))


def test_not_connected_desk_says_it_works_offline(qtbot: QtBot, signed_in_ui: DeskUi) -> None:
    window = MainWindow(signed_in_ui)
    qtbot.addWidget(window)
    button = window.findChild(SyncStatusButton)
    assert button is not None and "未连接" in button.text()


def test_the_panel_syncs_in_the_background_and_shows_the_rounds(
    qtbot: QtBot, signed_in_ui: DeskUi, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    button = _connected(signed_in_ui)
    qtbot.addWidget(button)
    button.click()
    panel = button.panel
    assert isinstance(panel, SyncPanel) and panel.isVisible()
    qtbot.keyClick(panel, Qt.Key.Key_Return)  # Enter = sync now
    assert button.busy and "正在同步" in button.text()  # returned at once
    qtbot.waitUntil(lambda: not button.busy, timeout=10_000)
    assert "离线" in button.text() and "待上传" in button.text()
    assert "连不上区级服务器" in button.toolTip()
    assert "离线" in panel.state.text() and "连不上区级服务器" in panel.message.text()
    assert panel.rounds.rowCount() == 1
    assert panel.rounds.item(0, 4).text().startswith("离线")
    assert button.round_timer.isActive()  # the next round is planned (with backoff)
    assert button.probe_timer.isActive()  # and the district is probed meanwhile
    qtbot.wait(50)  # let the table lay its columns out before the picture
    panel.grab().save(str(tmp_path / "sync_panel.png"))


def test_a_local_change_brings_the_next_round_near(
    qtbot: QtBot, signed_in_ui: DeskUi, memory_keyring: MemoryKeyring
) -> None:
    now = [1000.0]
    button = _connected(signed_in_ui)
    button.clock = lambda: now[0]
    button.schedule.planned = 2000.0  # a round a long way off
    qtbot.addWidget(button)
    create_resident(
        signed_in_ui.ctx, signed_in_ui.signed_in, ResidentDraft(name="赵六", phone="13800138000")
    )
    qtbot.waitUntil(lambda: button.schedule.due == 1003.0, timeout=2_000)
    assert button.round_timer.isActive() and button.round_timer.remainingTime() <= 3_500
    assert "待上传" in button.text()
