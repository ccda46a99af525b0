"""The "needs attention" inbox: what the district refused, in its words, and what to do.

A refused Saturday booking shows the resident, the (masked) phone, the district's reason
and the nearest free slots of the same service (that Saturday first, then the next ones);
Enter rebooks into the chosen one and prints the confirmation. Other items are marked
dealt with once the record was put right.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import residents
from desktop.errors import UserError
from desktop.slips.booking_slips import prepare_booking_confirmation
from desktop.sync import inbox
from ui.desk_ui import DeskUi
from ui.printing.quick_print import print_slip


class InboxDialog(QDialog):
    def __init__(
        self,
        desk: DeskUi,
        sync_now: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncInbox")
        self.desk = desk
        tr = desk.tr
        self.setWindowTitle(tr("ui.inbox.title"))
        self.items = QListWidget()
        self.items.setObjectName("inboxItems")
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(lambda _row: self.show_choices())
        self.choices_title = QLabel(tr("ui.inbox.choices"))
        self.choices_title.setObjectName("sectionTitle")
        self.choices = QListWidget()
        self.choices.setObjectName("rebookChoices")
        self.choices.itemActivated.connect(lambda _item: self.rebook())
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(lambda: self.rebook())
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        self.rebook_button = QPushButton(tr("ui.inbox.rebook"))
        self.rebook_button.clicked.connect(lambda: self.rebook())
        done = QPushButton(tr("ui.inbox.done"))
        done.clicked.connect(self.mark_done)
        phone = QPushButton(tr("ui.inbox.phone"))
        phone.clicked.connect(self.reveal_phone)
        for button in (phone, done):
            button.setAutoDefault(False)
        self.rebook_button.setDefault(True)  # Enter rebooks
        buttons.addWidget(phone)
        buttons.addWidget(self.rebook_button)
        buttons.addWidget(done)
        buttons.addStretch(1)
        if sync_now is not None:
            again = QPushButton(tr("ui.inbox.sync_now"))
            again.clicked.connect(sync_now)
            buttons.addWidget(again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.choices_title)
        layout.addWidget(self.choices, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.resize(760, 520)
        self.refresh()

    def refresh(self) -> None:
        tr = self.desk.tr
        self.items.clear()
        for issue in inbox.open_issues(self.desk.ctx, self.desk.signed_in):
            record = f"{issue.entity} {issue.entity_id[:8]}"
            if issue.booking is not None:
                b = issue.booking
                record = tr(
                    "ui.inbox.booking",
                    number=b.number,
                    name=b.resident_name,
                    day=f"{b.day:%m-%d}",
                    time=f"{b.starts}–{b.ends}",
                    phone=b.resident_phone_masked,
                )
            reason = issue.reason_zh if tr.language == "zh_CN" else issue.reason_en
            text = tr(
                "ui.inbox.line",
                kind=tr(f"ui.inbox.kind.{issue.status}"),
                record=record,
                reason=reason,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, issue)
            self.items.addItem(item)
        if not self.items.count():
            self.message.setText(tr("ui.inbox.empty"))
        else:
            self.items.setCurrentRow(0)

    def selected(self) -> inbox.IssueView | None:
        item = self.items.currentItem()
        if item is None:
            return None
        issue: inbox.IssueView = item.data(Qt.ItemDataRole.UserRole)
        return issue

    def reveal_phone(self) -> None:
        """The resident's full phone, to call them about the booking (recorded in the audit log)."""
        tr = self.desk.tr
        issue = self.selected()
        if issue is None or issue.booking is None:
            self.message.setText(tr("ui.inbox.pick"))
            return
        try:
            phone = residents.reveal_phone(
                self.desk.ctx, self.desk.signed_in, issue.booking.resident_id
            )
        except UserError as error:
            self.message.setText(tr.message(error.message))
            return
        self.message.setText(tr("ui.inbox.call", name=issue.booking.resident_name, phone=phone))

    def mark_done(self) -> None:
        issue = self.selected()
        if issue is None:
            self.message.setText(self.desk.tr("ui.inbox.pick"))
            return
        try:
            inbox.resolve(self.desk.ctx, self.desk.signed_in, issue.id)
        except UserError as error:
            self.message.setText(self.desk.tr.message(error.message))
        self.refresh()

    def show_choices(self) -> None:
        """The nearest free slots of the selected booking's service."""
        tr = self.desk.tr
        self.choices.clear()
        issue = self.selected()
        booking_issue = issue is not None and issue.booking is not None
        self.choices_title.setVisible(booking_issue)
        self.choices.setVisible(booking_issue)
        self.rebook_button.setEnabled(booking_issue)
        if issue is None or issue.booking is None:
            return
        for slot in inbox.rebook_choices(self.desk.ctx, issue):
            entry = QListWidgetItem(
                tr(
                    "ui.inbox.choice",
                    day=f"{slot.day:%m-%d}",
                    time=f"{slot.starts}–{slot.ends}",
                    service=slot.service_name,
                    free=slot.free,
                )
            )
            entry.setData(Qt.ItemDataRole.UserRole, slot.id)
            self.choices.addItem(entry)
        if self.choices.count():
            self.choices.setCurrentRow(0)
            self.choices.setFocus()
        else:
            self.message.setText(tr("ui.inbox.no_choices"))

    def rebook(self, slot_id: str | None = None) -> None:
        """Move a refused booking into the chosen free slot and print its confirmation."""
        tr = self.desk.tr
        issue = self.selected()
        if issue is None or issue.booking is None:
            self.message.setText(tr("ui.inbox.pick"))
            return
        if slot_id is None:
            chosen = self.choices.currentItem()
            if chosen is None:
                self.message.setText(tr("ui.inbox.choose"))
                return
            slot_id = str(chosen.data(Qt.ItemDataRole.UserRole))
        try:
            moved = inbox.rebook(self.desk.ctx, self.desk.signed_in, issue, slot_id)
        except UserError as error:
            self.message.setText(tr.message(error.message))
            return
        self.refresh()
        self.message.setText(
            tr(
                "ui.inbox.rebooked",
                number=moved.number,
                day=f"{moved.day:%m-%d}",
                time=f"{moved.starts}–{moved.ends}",
            )
        )
        print_slip(
            self,
            self.desk,
            lambda: prepare_booking_confirmation(self.desk.ctx, self.desk.signed_in, moved.id),
            lambda ok, text: self.message.setText(f"{self.message.text()}\n{text}"),
        )
