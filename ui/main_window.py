"""The desk's main window: a page stack with F-key navigation and a status bar.

Other features add a page or a status-bar widget with one entry in
:data:`ui.page_list.PAGES` or :data:`ui.page_list.STATUS_WIDGETS`.

The window can be built before the desk's context exists (the first paint of a usual start,
:meth:`ui.desk_ui.DeskUi.starting`): it then shows the lock page and the sign-in, and adds
the status-bar widgets and its watch on the signed-in account when the context arrives
(:meth:`ui.desk_ui.DeskUi.attach`). This module imports nothing of the database.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.desk_ui import DeskUi
from ui.lock_cover import DialogLock, owned_dialogs
from ui.page_list import PAGES, STATUS_WIDGETS

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desktop.context import StaffIdentity


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


IDLE_EVENTS = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
)


class IdleWatch(QObject):
    """Restarts the idle timer on any key, click, wheel or mouse move in the application."""

    def __init__(self, timer: QTimer, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in IDLE_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    signed_out = Signal()
    session_ended = Signal(object, str)

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
        self.status_widgets = QWidget()  # filled once the desk's context is there
        self.status_widgets.setObjectName("statusWidgets")
        self.status_row = QHBoxLayout(self.status_widgets)
        self.status_row.setContentsMargins(0, 0, 0, 0)
        self.statusBar().addPermanentWidget(self.status_widgets)
        self.statusBar().addPermanentWidget(self.sign_out_button)

        for spec in self._specs:
            shortcut = QShortcut(QKeySequence(spec.shortcut), self)
            shortcut.activated.connect(lambda key=spec.key: self.show_page(key))
        for key in ("F1", "?"):  # "?" typed in a text field stays text: fields take it first
            QShortcut(QKeySequence(key), self).activated.connect(self.show_shortcuts)
        self.shortcut_sheet: QDialog | None = None
        self._show_identity()
        desk.on_identity_changed(self, self._identity_changed)
        # A service found the signed-in account switched off or gone, or its sign-in
        # ended: sign it out (queued, so the page that made the call finishes first).
        self.session_ended.connect(self._end_session, Qt.ConnectionType.QueuedConnection)
        # Left alone for security.idle_lock_minutes, the desk locks; the pages stay as they
        # are under the lock, for the same staff member to carry on.
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock_idle)
        self.ms_per_idle_minute = 60_000
        self.held_by: StaffIdentity | None = None
        self.warn_about_keyring = False  # the app turns it on (its start-up warning)
        self.keyring_warned = False
        self._left_page: QWidget | None = None
        self._left_focus: QWidget | None = None
        self.dialog_lock = DialogLock(desk.tr, self.request_sign_in, self)
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(IdleWatch(self.idle_timer, self))
        self._show_locked()
        desk.when_ready(self._desk_ready)

    def _desk_ready(self) -> None:
        """The desk's context is there: the status-bar widgets, and the watch on the
        signed-in account."""
        from desktop import access

        self._show_identity()
        for factory in STATUS_WIDGETS:
            self.status_row.addWidget(factory(self.desk))
        signal = self.session_ended
        unsubscribe: Any = None

        def tell_window(staff: StaffIdentity | None, code: str) -> None:
            try:
                signal.emit(staff, code)
            except RuntimeError:  # the window is gone
                unsubscribe()

        unsubscribe = access.on_session_ended(tell_window)
        self.destroyed.connect(lambda *_: unsubscribe())

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
            desk.tr("ui.status.center", center=desk.center_name, slot=desk.desk_slot)
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

        if self.sign_in_dialog is not None or (
            self.desk.staff is not None and self.held_by is None
        ):
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

    def lock_idle(self) -> None:
        """Nobody used the desk for a while: cover it, keeping the pages underneath."""
        if self.desk.staff is None or self.held_by is not None:
            return
        self.held_by = self.desk.staff
        self._left_page = self.stack.currentWidget()
        self._left_focus = QApplication.focusWidget()
        self._show_locked()
        self.lock_page.say(self.desk.tr("ui.lock.idle"))
        self.dialog_lock.cover(owned_dialogs(self, besides=self.sign_in_dialog))

    def _resume(self) -> bool:
        """After an idle lock: the same staff member carries on where the desk was left;
        anyone else starts afresh (the pages of the one before are dropped)."""
        held, self.held_by = self.held_by, None
        if held is None:
            return False
        if held.id != self.desk.signed_in.id:
            self.dialog_lock.close_all()
            self._drop_pages()
            self.signed_out.emit()
            return False
        current = self.stack.currentWidget()
        left = next((w for w in self._pages.values() if w is self._left_page), None)
        self.nav.setEnabled(True)
        self.sign_out_button.setVisible(True)
        self._set_staff_label()
        if left is not None and current is self.lock_page:
            self.stack.setCurrentWidget(left)
            index = next(i for i, s in enumerate(self._specs) if self._pages.get(s.key) is left)
            self.nav.setCurrentRow(index)
            focus = self._left_focus
            if focus is not None and left.isAncestorOf(focus):
                focus.setFocus()
        self._start_idle_timer()
        self.activateWindow()
        self.dialog_lock.give_back()
        return left is not None

    def _start_idle_timer(self) -> None:
        minutes = int(self.desk.settings.get("security.idle_lock_minutes"))
        self.idle_timer.start(minutes * self.ms_per_idle_minute)

    def _set_staff_label(self) -> None:
        staff = self.desk.signed_in
        role = self.desk.tr(f"ui.role.{staff.role}")
        self.staff_label.setText(
            self.desk.tr("ui.status.signed_in", name=staff.display_name, role=role)
        )

    def unlock(self) -> None:
        """Build the pages for the signed-in staff member and open walk-in registration."""
        self.lock_page.say("")
        if self._resume():
            return
        self._set_staff_label()
        self.nav.setEnabled(True)
        self.sign_out_button.setVisible(True)
        self.show_page(self._specs[0].key)
        self._start_idle_timer()
        self.activateWindow()
        self._warn_about_the_keyring()

    def _warn_about_the_keyring(self) -> None:
        """Once per start, to the first center admin who signs in: no keyring here."""
        if not self.warn_about_keyring or self.keyring_warned or not self.desk.ctx.key_in_file:
            return
        if not self.desk.signed_in.is_admin:
            return
        self.keyring_warned = True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.desk.tr("ui.keyring.title"),
            self.desk.tr("ui.keyring.missing"),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("keyringWarning")
        box.finished.connect(box.deleteLater)
        box.open()

    def _end_session(self, staff: StaffIdentity | None, code: str) -> None:
        """A check refused the sign-in this window holds (not an older one's late work)."""
        current = self.desk.staff
        if current is None or staff is None or staff.id != current.id:
            return
        if staff.session_token != current.session_token:
            return
        self.lock()
        self.lock_page.say(self.desk.tr(code))

    def lock(self) -> None:
        """Sign out: the sign-in ends (its identity is refused from now on), pages go."""
        self.lock_page.say("")
        self.dialog_lock.close_all(self, besides=self.sign_in_dialog)
        self.end_sign_in()
        self.held_by = None
        self._drop_pages()
        self._show_locked()
        self.signed_out.emit()

    def end_sign_in(self, why: str = "signed_out") -> None:
        """End the sign-in this window holds, if any (sign-out, or the desk closing)."""
        staff, self.desk.staff = self.desk.staff, None
        if staff is None:
            return
        from desktop import auth
        from desktop.errors import UserError

        try:
            auth.sign_out(self.desk.ctx, staff, why)
        except UserError as error:  # the database is unreachable: the window locks anyway
            log.warning("sign-out not recorded: %s", error.message.code)

    def _drop_pages(self) -> None:
        self.idle_timer.stop()
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()

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
        if self.desk.staff is None or self.held_by is not None:
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
