"""The desk's main window: a page stack with F-key navigation and a status bar.

Other features add a page or a status-bar widget with one entry in
:data:`ui.page_list.PAGES` or :data:`ui.page_list.STATUS_WIDGETS`.
"""

from __future__ import annotations

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

from ui.desk_ui import DeskUi
from ui.page_list import PAGES, STATUS_WIDGETS


class LockPage(QWidget):
    """Shown while nobody is signed in."""

    def __init__(self, desk: DeskUi, on_sign_in: Any) -> None:
        super().__init__()
        self.setObjectName("lockPage")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        labels = []
        for text, name in (
            (desk.center_name, "lockCenter"),
            (desk.tr("ui.lock.title"), "lockTitle"),
        ):
            label = QLabel(text)
            label.setObjectName(name)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
            labels.append(label)
        self.center_label = labels[0]
        self.button = QPushButton(desk.tr("ui.lock.hint"))
        self.button.setObjectName("lockButton")
        self.button.clicked.connect(on_sign_in)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(on_sign_in)


class MainWindow(QMainWindow):
    signed_out = Signal()

    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.desk = desk
        tr = desk.tr
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

        self.center_label = QLabel()
        self.staff_label = QLabel()
        self.sign_out_button = QPushButton(tr("ui.action.sign_out"))
        self.sign_out_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sign_out_button.clicked.connect(self.lock)
        self.statusBar().addWidget(self.center_label)
        self.statusBar().addWidget(self.staff_label)
        for factory in STATUS_WIDGETS:
            self.statusBar().addPermanentWidget(factory(desk))
        self.statusBar().addPermanentWidget(self.sign_out_button)

        for spec in self._specs:
            shortcut = QShortcut(QKeySequence(spec.shortcut), self)
            shortcut.activated.connect(lambda key=spec.key: self.show_page(key))
        for key in ("F1", "?"):  # "?" typed in a text field stays text: fields take it first
            QShortcut(QKeySequence(key), self).activated.connect(self.show_shortcuts)
        self.shortcut_sheet: QDialog | None = None
        self._show_identity()
        desk.on_identity_changed(self, self._identity_changed)
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

    # -- which center and desk this is --------------------------------------------------
    def _show_identity(self) -> None:
        desk = self.desk
        self.setWindowTitle(f"{desk.tr('ui.app.title')} · {desk.center_name}")
        self.center_label.setText(
            desk.tr("ui.status.center", center=desk.center_name, slot=desk.ctx.desk_slot)
        )
        self.lock_page.center_label.setText(desk.center_name)

    def _identity_changed(self) -> None:
        """The desk joined the district's center (new ids, catalog, name, desk number):
        pages built before hold the old ones, so every page but the one on screen is built
        afresh when next shown, and the one on screen is refreshed."""
        self._show_identity()
        current = self.stack.currentWidget()
        for key, page in list(self._pages.items()):
            if page is current:
                continue
            self.stack.removeWidget(page)
            page.deleteLater()
            del self._pages[key]
        refresh = getattr(current, "identity_changed", None)
        if callable(refresh):
            refresh()

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

    def lock(self) -> None:
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
            widget = spec.load()(self.desk)
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
