"""The desk's pages and status-bar widgets, by reference.

A page is one :class:`PageSpec`: its key, title, F-key and a loader that imports the page's
module the first time the page is shown (so start-up stays cheap) and returns its class. A
page class takes a :class:`ui.desk_ui.DeskUi`; it may define ``activate()``, called each
time it is shown. Status-bar widgets are built once the desk's context is there (after the
first paint at a usual start); their modules are imported then too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from ui.desk_ui import DeskUi

PageFactory = Callable[[DeskUi], QWidget]


@dataclass(frozen=True)
class PageSpec:
    key: str
    title_code: str
    shortcut: str
    load: Callable[[], PageFactory]


def _register() -> PageFactory:
    from ui.pages.register_page import RegisterPage

    return RegisterPage


def _today() -> PageFactory:
    from ui.pages.today_page import TodayPage

    return TodayPage


def _residents() -> PageFactory:
    from ui.pages.residents_page import ResidentsPage

    return ResidentsPage


def _saturday() -> PageFactory:
    from ui.pages.saturday_page import SaturdayPage

    return SaturdayPage


def _saturday_day() -> PageFactory:
    from ui.pages.saturday_day_page import SaturdayDayPage

    return SaturdayDayPage


def _statistics() -> PageFactory:
    from ui.pages.statistics_page import StatisticsPage

    return StatisticsPage


def _settings() -> PageFactory:
    from ui.pages.settings_page import SettingsPage

    return SettingsPage


PAGES: list[PageSpec] = [
    PageSpec("register", "ui.nav.register", "F2", _register),
    PageSpec("today", "ui.nav.today", "F3", _today),
    PageSpec("residents", "ui.nav.residents", "F4", _residents),
    PageSpec("saturday", "ui.nav.saturday", "F5", _saturday),
    PageSpec("saturday_day", "ui.nav.saturday_day", "F6", _saturday_day),
    PageSpec("statistics", "ui.nav.statistics", "F7", _statistics),
    PageSpec("settings", "ui.nav.settings", "F9", _settings),
]


def _backup_widget(desk: DeskUi) -> QWidget:
    from ui.backup.status_widget import make_backup_widget

    return make_backup_widget(desk)


def _sync_widget(desk: DeskUi) -> QWidget:
    from ui.sync.status_widget import make_status_widget

    return make_status_widget(desk)


STATUS_WIDGETS: list[Callable[[DeskUi], QWidget]] = [_backup_widget, _sync_widget]
"""Factories taking a DeskUi and returning a widget for the status bar, left to right."""
