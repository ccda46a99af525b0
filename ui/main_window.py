"""The desk's main window: a page stack with F-key navigation and a status bar.

Other features add a page or a status-bar widget with one line in :data:`PAGES` or
:data:`STATUS_WIDGETS`. Targets are ``"module:attribute"`` strings, imported the first time
they are needed, so start-up stays cheap. A page class takes a :class:`ui.desk_ui.DeskUi`;
it may define ``activate()``, called each time it is shown.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import access
from ui.desk_ui import DeskUi


@dataclass(frozen=True)
class PageSpec:
    key: str
    title_code: str
    shortcut: str
    target: str


PAGES: list[PageSpec] = [
    PageSpec("register", "ui.nav.register", "F2", "ui.pages.register_page:RegisterPage"),
    PageSpec("today", "ui.nav.today", "F3", "ui.pages.today_page:TodayPage"),
    PageSpec("residents", "ui.nav.residents", "F4", "ui.pages.residents_page:ResidentsPage"),
    PageSpec("saturday", "ui.nav.saturday", "F5", "ui.pages.saturday_page:SaturdayPage"),
    PageSpec(
        "saturday_day", "ui.nav.saturday_day", "F6", "ui.pages.saturday_day_page:SaturdayDayPage"
    ),
    PageSpec("statistics", "ui.nav.statistics", "F7", "ui.pages.statistics_page:StatisticsPage"),
    PageSpec("settings", "ui.nav.settings", "F9", "ui.pages.settings_page:SettingsPage"),
]

# Factories "module:callable" taking a DeskUi and returning a QWidget for the status bar.
STATUS_WIDGETS: list[str] = [
    "ui.backup.status_widget:make_backup_widget",
    "ui.sync.status_widget:make_status_widget",
]


def load_target(target: str) -> Any:
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


class LockPage(QWidget):
    """Shown while nobody is signed in."""

    def __init__(self, desk: DeskUi, on_sign_in: Any) -> None:
        super().__init__()
        self.setObjectName("lockPage")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for text, name in (
            (desk.center_name, "lockCenter"),
            (desk.tr("ui.lock.title"), "lockTitle"),
        ):
            label = QLabel(text)
            label.setObjectName(name)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self.notice = QLabel()
        self.notice.setObjectName("fieldError")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        self.button = QPushButton(desk.tr("ui.lock.hint"))
        self.button.setObjectName("lockButton")
        self.button.clicked.connect(on_sign_in)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(on_sign_in)

    def say(self, text: str) -> None:
        """A line above the sign-in button (why the desk was signed out); empty hides it."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))


class MainWindow(QMainWindow):
    signed_out = Signal()
    session_ended = Signal()

    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.desk = desk
        tr = desk.tr
        self.setWindowTitle(f"{tr('ui.app.title')} · {desk.center_name}")
        self.resize(1180, 760)
        self._pages: dict[str, QWidget] = {}
        self._specs = list(PAGES)
        self.sign_in_dialog: QDialog | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for spec in self._specs:
            item = QListWidgetItem(f"{spec.shortcut}  {tr(spec.title_code)}")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
        self.nav.itemClicked.connect(
            lambda item: self.show_page(item.data(Qt.ItemDataRole.UserRole))
        )
        self.stack = QStackedWidget()
        self.lock_page = LockPage(desk, self.request_sign_in)
        self.stack.addWidget(self.lock_page)

        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)

        self.center_label = QLabel(
            tr("ui.status.center", center=desk.center_name, slot=desk.ctx.desk_slot)
        )
        self.staff_label = QLabel()
        self.sign_out_button = QPushButton(tr("ui.action.sign_out"))
        self.sign_out_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sign_out_button.clicked.connect(self.lock)
        self.statusBar().addWidget(self.center_label)
        self.statusBar().addWidget(self.staff_label)
        for factory in STATUS_WIDGETS:
            self.statusBar().addPermanentWidget(load_target(factory)(desk))
        self.statusBar().addPermanentWidget(self.sign_out_button)

        for spec in self._specs:
            shortcut = QShortcut(QKeySequence(spec.shortcut), self)
            shortcut.activated.connect(lambda key=spec.key: self.show_page(key))
        for key in ("F1", "?"):  # "?" typed in a text field stays text: fields take it first
            QShortcut(QKeySequence(key), self).activated.connect(self.show_shortcuts)
        self.shortcut_sheet: QDialog | None = None
        # A service found the signed-in account switched off or gone: sign it out (queued,
        # so the page that made the call finishes first).
        self.session_ended.connect(self._end_session, Qt.ConnectionType.QueuedConnection)
        signal = self.session_ended
        unsubscribe: Any = None

        def tell_window() -> None:
            try:
                signal.emit()
            except RuntimeError:  # the window is gone
                unsubscribe()

        unsubscribe = access.on_session_ended(tell_window)
        self.destroyed.connect(lambda *_: unsubscribe())
        self._show_locked()

    def show_shortcuts(self) -> None:
        """F1 or ?: every shortcut and what it means (ui/shortcuts.py)."""
        from ui.shortcuts import ShortcutSheet

        if self.shortcut_sheet is not None:
            return
        titles = {spec.key: self.desk.tr(spec.title_code) for spec in self._specs}
        sheet = ShortcutSheet(self.desk.tr, titles, self)
        self.shortcut_sheet = sheet

        def closed() -> None:
            self.shortcut_sheet = None
            sheet.deleteLater()

        sheet.finished.connect(closed)
        sheet.open()

    # -- signing in and out -------------------------------------------------------------
    def request_sign_in(self) -> None:
        """Open the sign-in dialog over the window (window-modal, not blocking)."""
        from ui.dialogs.sign_in import SignInDialog

        if self.sign_in_dialog is not None or self.desk.staff is not None:
            return
        dialog = SignInDialog(self.desk, self)
        dialog.accepted.connect(self.unlock)
        dialog.finished.connect(self._sign_in_closed)
        self.sign_in_dialog = dialog
        dialog.open()

    def _sign_in_closed(self) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.deleteLater()
        self.sign_in_dialog = None

    def request_sign_in_later(self) -> None:
        QTimer.singleShot(0, self.request_sign_in)

    def unlock(self) -> None:
        """Build the pages for the signed-in staff member and open walk-in registration."""
        staff = self.desk.signed_in
        role = self.desk.tr(f"ui.role.{staff.role}")
        self.staff_label.setText(
            self.desk.tr("ui.status.signed_in", name=staff.display_name, role=role)
        )
        self.nav.setEnabled(True)
        self.sign_out_button.setVisible(True)
        self.show_page(self._specs[0].key)
        self.activateWindow()

    def _end_session(self) -> None:
        if self.desk.staff is None:
            return
        self.lock()
        self.lock_page.say(self.desk.tr("access.switched_off"))

    def lock(self) -> None:
        self.lock_page.say("")
        self.desk.staff = None
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self._show_locked()
        self.signed_out.emit()

    def _show_locked(self) -> None:
        self.staff_label.setText(self.desk.tr("ui.status.signed_out"))
        self.nav.setEnabled(False)
        self.nav.clearSelection()
        self.sign_out_button.setVisible(False)
        self.stack.setCurrentWidget(self.lock_page)
        self.lock_page.button.setFocus()

    # -- pages --------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        if key not in self._pages:
            spec = next(s for s in self._specs if s.key == key)
            widget: QWidget = load_target(spec.target)(self.desk)
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def show_page(self, key: str) -> None:
        if self.desk.staff is None:
            return
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        index = next(i for i, s in enumerate(self._specs) if s.key == key)
        self.nav.setCurrentRow(index)
        activate = getattr(widget, "activate", None)
        if callable(activate):
            activate()

    def current_page_key(self) -> str | None:
        current = self.stack.currentWidget()
        return next((k for k, w in self._pages.items() if w is current), None)
