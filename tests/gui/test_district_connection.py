"""Connecting to the district from the settings page: off the UI thread, failures in words,
nothing typed lost."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.gui.conftest import save_shot
from tests.memory_keyring import MemoryKeyring
from ui.desk_ui import DeskUi
from ui.pages.settings_page import SettingsPage


def test_unreachable_server_is_said_and_typing_kept(
    qtbot: QtBot, signed_in_ui: DeskUi, memory_keyring: MemoryKeyring
) -> None:
    page = SettingsPage(signed_in_ui)
    qtbot.addWidget(page)
    panel = page.district
    assert "尚未连接" in panel.status.text()
    panel.server_url.setText("http://127.0.0.1:9")
    panel.code.setText("ABCD-EFGH")
    panel.start()
    assert panel.busy and not panel.connect_button.isEnabled()  # returned at once
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert "连不上区级服务器" in panel.status.text()
    assert panel.server_url.text() == "http://127.0.0.1:9" and panel.code.text() == "ABCD-EFGH"
    save_shot(page, "settings_district")


def test_missing_fields_are_named_next_to_them(
    qtbot: QtBot, signed_in_ui: DeskUi, memory_keyring: MemoryKeyring
) -> None:
    page = SettingsPage(signed_in_ui)
    qtbot.addWidget(page)
    panel = page.district
    panel.server_url.setText("qu.example.cn")
    panel.start()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert "https://" in panel.fields.fields["server_url"].error
    assert panel.fields.fields["code"].error


def test_without_a_keyring_the_desk_says_so(
    qtbot: QtBot, signed_in_ui: DeskUi, no_keyring: None
) -> None:
    page = SettingsPage(signed_in_ui)
    qtbot.addWidget(page)
    panel = page.district
    panel.server_url.setText("https://qu.example.cn")
    panel.code.setText("ABCD-EFGH")
    panel.start()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert "密钥环" in panel.status.text()
