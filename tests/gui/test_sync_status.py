"""The status bar's sync button and the sync panel: rounds off the UI thread, state,
pending and the recent rounds in words; a local change brings the next round near."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.errors import Message
from desktop.residents import ResidentDraft, create_resident
from desktop.settings import Settings
from desktop.sync.history import record_round
from desktop.sync.runner import SyncRunner
from desktop.sync.status import SyncStatus, current_status
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
    ctx = signed_in_ui.ctx
    record_round(ctx, "online", 12, 0, 30, None)
    refused = Message("sync.refused", {"reason_zh": "该时段名额已满", "reason_en": "full"})
    record_round(ctx, "attention", 3, 1, 0, refused)
    button.click()
    panel = button.panel
    assert isinstance(panel, SyncPanel) and panel.isVisible()
    assert panel.rounds.rowCount() == 2 and panel.rounds.item(0, 2).text() == "1"
    assert panel.rounds.item(0, 4).text() == "需处理：该时段名额已满"
    qtbot.keyClick(panel, Qt.Key.Key_Return)  # Enter = sync now
    assert button.busy and "正在同步" in button.text()  # returned at once
    assert not panel.sync_button.isEnabled()  # not twice at once
    qtbot.waitUntil(lambda: not button.busy, timeout=10_000)
    assert panel.sync_button.isEnabled()
    assert "离线" in button.text() and "待上传" in button.text()
    assert "连不上区级服务器" in button.toolTip()
    assert "离线" in panel.state.text() and "连不上区级服务器" in panel.message.text()
    assert panel.rounds.rowCount() == 3  # refreshed when the round ended
    assert panel.rounds.item(0, 4).text().startswith("离线：连不上区级服务器")
    assert panel.inbox_button.text() == "需处理（0）" and not panel.inbox_button.isEnabled()
    assert button.round_timer.isActive()  # the next round is planned (with backoff)
    assert button.probe_timer.isActive()  # and the district is probed meanwhile
    qtbot.wait(50)  # let the table lay its columns out before the picture
    panel.grab().save(str(tmp_path / "sync_panel.png"))
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert not panel.isVisible()


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
    qtbot.waitUntil(lambda: button.schedule.due == 1003.0, timeout=10_000)
    assert button.round_timer.isActive() and button.round_timer.remainingTime() <= 3_500
    assert "待上传" in button.text()


class Flaky:
    """A runner whose district is down until ``up`` is set."""

    def __init__(self, desk: DeskUi) -> None:
        self.ctx = desk.ctx
        self.up = False
        self.rounds = 0
        self.probes = 0

    def status(self, state: Any) -> SyncStatus:
        return current_status(self.ctx, state)

    def run_once(self) -> SyncStatus:
        self.rounds += 1
        return self.status("online" if self.up else "offline")

    def district_answers(self) -> bool:
        self.probes += 1
        return self.up


def test_when_the_district_answers_again_a_round_starts_at_once(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    Settings(signed_in_ui.ctx.db).set("sync.server_url", "https://qu.example.cn")
    runner = Flaky(signed_in_ui)
    button = SyncStatusButton(signed_in_ui, runner)
    qtbot.addWidget(button)
    button.sync_now()
    qtbot.waitUntil(lambda: not button.busy, timeout=20_000)
    assert button.schedule.offline and button.probe_timer.isActive()
    assert button.round_timer.remainingTime() > 3_000  # backing off
    button.probe_timer.timeout.emit()  # 20 s later: still down
    qtbot.waitUntil(lambda: runner.probes == 1 and button.probe_job is None, timeout=20_000)
    assert runner.rounds == 1 and button.probe_timer.isActive()  # probing on
    runner.up = True
    button.probe_timer.timeout.emit()
    qtbot.waitUntil(lambda: runner.rounds == 2 and not button.busy, timeout=20_000)
    assert "在线" in button.text() and not button.probe_timer.isActive()
