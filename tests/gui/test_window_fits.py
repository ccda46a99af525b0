"""Every page fits a 1280×720 and a 1366×768 screen, in Chinese and in English, also after
every page was opened once and a long message was shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.context import StaffIdentity
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.main_window import PAGES, MainWindow
from ui.pages.today_page import TodayPage

SCREENS = ((1280, 720), (1366, 768))
LONG = "打印机“Thermal80”现在拒收作业（Paper jam），没有打印，也没有计数。" * 4


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_page_fits_small_screens(
    qtbot: QtBot, make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity, language: str
) -> None:
    window = MainWindow(make_desk_ui(admin, language))
    qtbot.addWidget(window)
    window.show()
    window.unlock()
    for spec in PAGES:
        window.show_page(spec.key)
        page = window.page(spec.key)
        if isinstance(page, TodayPage):
            page.print_status.setText(LONG)
        QApplication.processEvents()
        for width, height in SCREENS:
            window.resize(width, height)
            QApplication.processEvents()
            needs = window.minimumSizeHint()
            assert needs.width() <= width and needs.height() <= height, (spec.key, needs)
            assert (window.width(), window.height()) == (width, height), spec.key
        window.resize(*SCREENS[0])
        save_shot(window, f"fits_1280x720_{language}_{spec.key}")
