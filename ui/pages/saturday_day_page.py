"""F6 预约名单: a Saturday's bookings by slot; check in, cancel, reschedule, waitlist offers.

No-shows are marked once a slot is over (on showing the list and every minute while it
is open); staff can undo one. The list prints on A4 (Ctrl+Shift+P) and the day before
gives the reminder call list with phone numbers (revealing them is audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import SATURDAY_KINDS
from desktop.errors import UserError
from desktop.saturday import arrivals, bookings, screens
from desktop.saturday.calendar import next_saturday
from desktop.saturday.views import BookingView, WaitlistView
from desktop.slips.booking_slips import prepare_booking_confirmation, prepare_day_sheet
from desktop.sync.link import connection
from desktop.sync.marks import sync_marks
from ui.changes import follow_changes
from ui.desk_ui import DeskUi
from ui.printing.quick_print import print_slip
from ui.writes import Writes

REFRESH_MS = 60_000
T = TypeVar("T")
COLUMNS = ("time", "service", "number", "resident", "phone", "status", "channel")


class SaturdayDayPage(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("saturdayDayPage")
        self.desk = desk
        self.connected = connection(desk.ctx) is not None
        self.writes = Writes(self, "Saturday list")
        self._select_after: str | None = None  # a booking to choose once the list shows it
        self._build()
        self._wire()
        self.refresh()

    def _actions(self) -> tuple[tuple[str, str, Callable[[], object], str], ...]:
        """(text code, key, what it does, button row) of each action."""
        return (
            ("ui.sat.check_in", "Ctrl+1", self.check_in, "actions"),
            ("ui.sat.finish", "Ctrl+2", self.finish, "actions"),
            ("ui.sat.cancel", "Ctrl+D", self.cancel, "actions"),
            ("ui.sat.reschedule", "Ctrl+R", self.reschedule, "actions"),
            ("ui.sat.undo_no_show", "Ctrl+U", self.undo_no_show, "actions"),
            ("ui.sat.reprint", "Ctrl+P", self.print_confirmation, "printing"),
            ("ui.sat.print_sheet", "Ctrl+Shift+P", self.print_sheet, "printing"),
            ("ui.sat.call_list", "Ctrl+L", self.show_call_list, "printing"),
            ("ui.sat.accept_offer", "Ctrl+J", self.accept_offer, "offers"),
            ("ui.sat.decline_offer", "Ctrl+K", self.decline_offer, "offers"),
        )

    def _build(self) -> None:
        """Lay the page out; nothing is connected here."""
        tr = self.desk.tr
        self.date = QDateEdit()
        self.date.setObjectName("saturdayDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd dddd")
        day = next_saturday(self.desk.ctx.today())
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.on_duty = QLabel()
        self.on_duty.setObjectName("muted")
        header = QHBoxLayout()
        header.addWidget(QLabel(tr("ui.sat.day")))
        header.addWidget(self.date)
        header.addWidget(self.on_duty, 1)

        headers = [tr(f"ui.sat.col.{c}") for c in COLUMNS]
        if self.connected:  # whether each booking reached the district
            headers.append(tr("ui.today.col.sync"))
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("bookingTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        columns = self.table.horizontalHeader()  # the table uses the page's whole width
        columns.setStretchLastSection(False)
        columns.setMinimumSectionSize(60)
        for index in range(len(headers)):
            columns.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
        for name in ("service", "resident"):
            columns.setSectionResizeMode(COLUMNS.index(name), QHeaderView.ResizeMode.Stretch)

        self.waiting = QListWidget()
        self.waiting.setObjectName("waitlist")
        self.waiting.setMaximumHeight(130)
        self.message = QLabel()
        self.message.setWordWrap(True)

        # Two rows of buttons, so the page fits a 1366-pixel screen: the day's actions, then
        # printing and set-up. Accept/decline sit next to the waitlist further down.
        rows = {"actions": QHBoxLayout(), "printing": QHBoxLayout(), "offers": QHBoxLayout()}
        rows["offers"].addWidget(QLabel(tr("ui.sat.waiting")))
        rows["offers"].addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for code, _key, _slot, row in self._actions():
            button = QPushButton(tr(code))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            rows[row].addWidget(button)
            self.buttons[code] = button
        rows["actions"].addStretch(1)
        self.setup_button = QPushButton(tr("ui.sat.setup"))
        self.setup_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setup_button.setVisible(self.desk.signed_in.is_admin)
        rows["printing"].addStretch(1)
        rows["printing"].addWidget(self.setup_button)

        title = QLabel(tr("ui.nav.saturday_day"))
        title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(header)
        layout.addWidget(self.table, 3)
        layout.addLayout(rows["actions"])
        layout.addLayout(rows["printing"])
        layout.addWidget(self.message)
        layout.addLayout(rows["offers"])
        layout.addWidget(self.waiting, 1)

    def _wire(self) -> None:
        """Connect what the page does: the day, buttons and their keys, the clock, changes."""
        self.date.dateChanged.connect(lambda _: self.refresh())
        for code, key, slot, _row in self._actions():
            self.buttons[code].clicked.connect(lambda _=False, s=slot: s())
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setup_button.clicked.connect(self.open_setup)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.follower = follow_changes(
            self, (*SATURDAY_KINDS, "visit"), self.refresh, keep_scroll=(self.table,)
        )

    @property
    def day(self) -> dt.date:
        value = self.date.date()
        return dt.date(value.year(), value.month(), value.day())

    def activate(self) -> None:
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        tr = self.desk.tr
        selected = self.selected()
        listing = screens.day_list(self.desk.ctx, self.desk.signed_in, self.day)
        names = "、".join(listing.overview.on_duty)
        self.on_duty.setText(
            tr("ui.sat.on_duty", names=names) if names else tr("ui.sat.nobody_on_duty")
        )
        self.table.setRowCount(0)
        rows: list[BookingView] = listing.to_reschedule + [
            b for slot in listing.overview.slots for b in listing.bookings.get(slot.id, [])
        ]
        marks = sync_marks(self.desk.ctx, "booking", (b.id for b in rows)) if self.connected else {}
        for booking in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            status = tr(f"saturday.status.{booking.stage}")
            cells: tuple[str, ...] = (
                f"{booking.starts}–{booking.ends}",
                booking.service_name,
                booking.number,
                booking.resident_name,
                booking.resident_phone_masked,
                status,
                tr(f"saturday.channel.{booking.channel}"),
            )
            if self.connected:
                mark = marks.get(booking.id)
                cells = (*cells, tr(f"ui.sync.mark.{mark}") if mark else "")
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)  # an elided cell in full on hover
                cell.setData(Qt.ItemDataRole.UserRole, booking)
                if booking.needs_reschedule or booking.status == "no_show":
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, cell)
            if selected is not None and booking.id == selected.id:
                self.table.selectRow(row)
            if booking.number == self._select_after:
                self.table.selectRow(row)
                self._select_after = None
        self.table.resizeColumnsToContents()
        self.waiting.clear()
        for entry in listing.waitlist:
            code = "ui.sat.offer_line" if entry.status == "offered" else "ui.sat.waiting_line"
            text = tr(
                code,
                name=entry.resident_name,
                phone=entry.resident_phone_masked,
                service=entry.service_name,
                time=entry.offered_time,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.waiting.addItem(item)
            if entry.status == "offered" and self.waiting.currentRow() < 0:
                self.waiting.setCurrentItem(item)

    def selected(self) -> BookingView | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def select_number(self, number: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 2)
            if item is not None and item.text() == number:
                self.table.selectRow(row)
                return

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setObjectName("success" if ok else "fieldError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _need_booking(self) -> BookingView | None:
        booking = self.selected()
        if booking is None:
            self._say(self.desk.tr("ui.sat.pick_booking"), False)
        return booking

    def _run(self, action: object) -> object | None:
        try:
            return action() if callable(action) else None
        except UserError as error:
            self._say(self.desk.tr.message(error.message), False)
            return None

    # -- actions (writes, on the database lane) -------------------------------------
    def _write(self, code: str, work: Callable[[], T], on_done: Callable[[T], None]) -> None:
        """Run the action of button ``code`` on the database lane, its button held; a
        refusal is said in words. The list refreshes once, when the change comes back."""
        self.writes.run(
            work,
            on_done,
            lambda error: self._say(self.desk.tr.message(error.message), False),
            controls=(self.buttons[code],),
            what=code.removeprefix("ui.sat."),
        )

    def _select_when_shown(self, number: str) -> None:
        """Choose the booking ``number`` once the list shows it (after the coming refresh)."""
        self._select_after = number
        self.select_number(number)

    def check_in(self) -> None:
        booking = self._need_booking()
        if booking is None or self.writes.busy:
            return
        ctx, staff, name = self.desk.ctx, self.desk.signed_in, booking.resident_name
        self._write(
            "ui.sat.check_in",
            lambda: arrivals.check_in(ctx, staff, booking.id),
            lambda visit: self._say(
                self.desk.tr("ui.sat.checked_in", name=name, number=visit.queue_number)
            ),
        )

    def finish(self) -> None:
        booking = self._need_booking()
        if booking is None or self.writes.busy:
            return
        ctx, staff, name = self.desk.ctx, self.desk.signed_in, booking.resident_name
        self._write(
            "ui.sat.finish",
            lambda: arrivals.finish(ctx, staff, booking.id),
            lambda visit: self._say(
                self.desk.tr("ui.sat.finished", name=name, number=visit.queue_number)
            ),
        )

    def cancel(self, reason: str | None = None) -> None:
        tr = self.desk.tr
        booking = self._need_booking()
        if booking is None or self.writes.busy:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, tr("ui.sat.cancel"), tr("ui.sat.cancel_reason"))
            if not ok:
                return
        ctx, staff, why = self.desk.ctx, self.desk.signed_in, reason

        def cancelled(offer: WaitlistView | None) -> None:
            self._say(tr("ui.sat.cancelled", number=booking.number))
            if offer is not None:
                self._say(tr("ui.sat.offered", name=offer.resident_name))

        self._write(
            "ui.sat.cancel", lambda: bookings.cancel(ctx, staff, booking.id, why), cancelled
        )

    def reschedule(self, slot_id: str | None = None) -> None:
        tr = self.desk.tr
        booking = self._need_booking()
        if booking is None or self.writes.busy:
            return
        if slot_id is None:
            free = screens.free_slots(self.desk.ctx, booking.service_item_id, booking.day)
            choices = {
                tr(
                    "ui.sat.alternative",
                    day=f"{s.day:%m-%d}",
                    time=f"{s.starts}–{s.ends}",
                    service=s.service_name,
                    free=s.free,
                ): s.id
                for s in free
                if s.id != booking.slot_id
            }
            if not choices:
                self._say(tr("ui.sat.no_free_slots"), False)
                return
            label, ok = QInputDialog.getItem(
                self, tr("ui.sat.reschedule"), tr("ui.sat.choose_slot"), list(choices), 0, False
            )
            if not ok or label not in choices:
                return
            slot_id = choices[label]
        ctx, staff, target = self.desk.ctx, self.desk.signed_in, slot_id

        def moved(new: BookingView) -> None:
            self._say(
                tr(
                    "ui.sat.rescheduled",
                    day=f"{new.day:%Y-%m-%d}",
                    time=f"{new.starts}–{new.ends}",
                    number=new.number,
                )
            )
            self._select_when_shown(new.number)

        self._write(
            "ui.sat.reschedule",
            lambda: bookings.reschedule(ctx, staff, booking.id, target),
            moved,
        )

    def undo_no_show(self) -> None:
        booking = self._need_booking()
        if booking is None or self.writes.busy:
            return
        ctx, staff = self.desk.ctx, self.desk.signed_in
        self._write(
            "ui.sat.undo_no_show",
            lambda: arrivals.undo_no_show(ctx, staff, booking.id),
            lambda undone: self._say(
                self.desk.tr(
                    "ui.sat.undone_no_show", name=undone.resident_name, number=undone.number
                )
            ),
        )

    def _need_offer(self) -> WaitlistView | None:
        item = self.waiting.currentItem()
        if item is None:
            self._say(self.desk.tr("ui.sat.pick_offer"), False)
            return None
        entry: WaitlistView = item.data(Qt.ItemDataRole.UserRole)
        return entry

    def accept_offer(self) -> None:
        entry = self._need_offer()
        if entry is None or self.writes.busy:
            return
        ctx, staff, tr = self.desk.ctx, self.desk.signed_in, self.desk.tr

        def accepted(booked: BookingView) -> None:
            self._select_when_shown(booked.number)
            self._say(
                tr(
                    "ui.sat.booked",
                    name=booked.resident_name,
                    day=f"{booked.day:%Y-%m-%d}",
                    time=f"{booked.starts}–{booked.ends}",
                    service=booked.service_name,
                    number=booked.number,
                    status=tr(f"saturday.status.{booked.status}"),
                )
            )

        self._write(
            "ui.sat.accept_offer", lambda: bookings.accept_offer(ctx, staff, entry.id), accepted
        )

    def decline_offer(self) -> None:
        entry = self._need_offer()
        if entry is None or self.writes.busy:
            return
        ctx, staff, tr = self.desk.ctx, self.desk.signed_in, self.desk.tr

        def declined(offer: WaitlistView | None) -> None:
            self._say(tr("ui.sat.declined", name=entry.resident_name))
            if offer is not None:
                self._say(tr("ui.sat.offered", name=offer.resident_name))

        self._write(
            "ui.sat.decline_offer",
            lambda: bookings.decline_offer(ctx, staff, entry.id),
            declined,
        )

    def print_confirmation(self) -> None:
        booking = self._need_booking()
        if booking is None:
            return
        print_slip(
            self,
            self.desk,
            lambda: prepare_booking_confirmation(self.desk.ctx, self.desk.signed_in, booking.id),
            self._reported,
        )

    def _reported(self, ok: bool, text: str) -> None:
        self._say(text, ok)

    def print_sheet(self) -> None:
        day = self.day
        print_slip(
            self,
            self.desk,
            lambda: prepare_day_sheet(self.desk.ctx, self.desk.signed_in, day),
            self._reported,
            preview=True,
        )

    def show_call_list(self) -> None:
        from ui.dialogs.saturday_calls import CallListDialog

        calls = self._run(lambda: screens.call_list(self.desk.ctx, self.desk.signed_in, self.day))
        if isinstance(calls, list):
            dialog = CallListDialog(self.desk, self.day, calls, self)
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()

    def open_setup(self) -> None:
        from ui.dialogs.saturday_setup import SaturdaySetupDialog

        dialog = SaturdaySetupDialog(self.desk, self.day, self)
        dialog.finished.connect(lambda _: self.refresh())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
