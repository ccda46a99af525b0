"""F5 星期六预约: pick a Saturday and a slot, find the resident, book in a few keys.

Left: the month's Saturdays with booked/total places. Middle: the chosen Saturday's slots
with free places and who is on duty. Right: resident, channel, note; Ctrl+S books,
Ctrl+W joins the waitlist, Ctrl+P prints the confirmation; Alt+↑/↓ picks the slot and
Alt+←/→ the Saturday while the cursor stays in the name field; an admin sets a slot's
places by hand with Ctrl+M. A slot that filled up meanwhile
is reported with the nearest free slots, and Enter on one of them books it instead.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
from desktop.saturday import bookings, screens
from desktop.saturday.calendar import next_saturday
from desktop.saturday.setup import get_setup
from desktop.saturday.views import BookingView, SlotView
from desktop.slips.booking_slips import prepare_booking_confirmation
from protocol.vocabulary import DESK_CHANNELS as CHANNELS
from ui.changes import follow_changes
from ui.desk_ui import DeskUi
from ui.dialogs.saturday_places import SlotPlacesDialog
from ui.printing.quick_print import print_slip
from ui.widgets.resident_picker import ResidentPicker


class SaturdayPage(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("saturdayPage")
        self.desk = desk
        self.month = next_saturday(desk.ctx.today()).replace(day=1)
        self.day = next_saturday(desk.ctx.today())
        self.last_booking: BookingView | None = None
        self._build()
        self._wire()
        self._fill_services()
        self.show_month()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        """Lay the page out (Saturdays, slots, booking form); nothing is connected here."""
        layout = QHBoxLayout(self)
        layout.addLayout(self._build_days(), 2)
        layout.addLayout(self._build_slots(), 4)
        layout.addLayout(self._build_booking(), 3)

    def _build_days(self) -> QVBoxLayout:
        tr = self.desk.tr
        self.month_title = QLabel()
        self.month_title.setObjectName("sectionTitle")
        self.prev_button = QPushButton(tr("ui.sat.prev_month"))
        self.next_button = QPushButton(tr("ui.sat.next_month"))
        for button in (self.prev_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.days = QListWidget()
        self.days.setObjectName("saturdays")
        left = QVBoxLayout()
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        left.addWidget(self.month_title)
        left.addLayout(nav)
        left.addWidget(self.days, 1)
        return left

    def _build_slots(self) -> QVBoxLayout:
        tr = self.desk.tr
        self.service = QComboBox()
        self.service.setObjectName("saturdayService")
        self.on_duty = QLabel()
        self.on_duty.setObjectName("muted")
        keys_hint = QLabel(tr("ui.sat.keys_hint"))
        keys_hint.setObjectName("muted")
        self.slots = QTableWidget(0, 4)
        self.slots.setObjectName("slotTable")
        self.slots.setHorizontalHeaderLabels(
            [tr(f"ui.sat.col.{c}") for c in ("time", "service", "places", "free")]
        )
        self.slots.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.slots.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.slots.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.slots.verticalHeader().hide()
        self.slots.horizontalHeader().setStretchLastSection(True)
        self.places_button = QPushButton(tr("ui.sat.places"))
        self.places_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.places_button.setVisible(self.desk.signed_in.is_admin)
        middle = QVBoxLayout()
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(tr("ui.sat.service")))
        filter_row.addWidget(self.service, 1)
        middle.addLayout(filter_row)
        middle.addWidget(self.on_duty)
        middle.addWidget(keys_hint)
        middle.addWidget(self.slots, 1)
        middle.addWidget(self.places_button)
        return middle

    def _build_booking(self) -> QVBoxLayout:
        tr = self.desk.tr
        self.picker = ResidentPicker(self.desk.ctx, self.desk.signed_in, tr("ui.sat.resident"))
        self.channel = QComboBox()
        for channel in CHANNELS:
            self.channel.addItem(tr(f"saturday.channel.{channel}"), channel)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        form = QFormLayout()
        form.addRow(tr("ui.sat.channel"), self.channel)
        form.addRow(tr("ui.sat.note"), self.note)
        self.book_button = QPushButton(tr("ui.sat.book"))
        self.book_button.setObjectName("primary")
        self.waitlist_button = QPushButton(tr("ui.sat.waitlist"))
        self.print_button = QPushButton(tr("ui.sat.print_confirmation"))
        self.print_button.setEnabled(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.alternatives = QListWidget()
        self.alternatives.setObjectName("alternatives")
        self.alternatives.hide()
        right = QVBoxLayout()
        right.addWidget(self.picker)
        right.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.waitlist_button)
        buttons.addWidget(self.book_button)
        right.addLayout(buttons)
        right.addWidget(self.message)
        right.addWidget(self.alternatives)
        right.addWidget(self.print_button)
        right.addStretch(1)
        return right

    def _wire(self) -> None:
        """Connect what the page does: navigation, booking, keys, changed data."""
        self.prev_button.clicked.connect(lambda: self.move_month(-1))
        self.next_button.clicked.connect(lambda: self.move_month(1))
        self.days.currentRowChanged.connect(self._day_changed)
        self.service.currentIndexChanged.connect(lambda _: self.show_slots())
        self.book_button.clicked.connect(lambda: self.book())
        self.waitlist_button.clicked.connect(self.join_waitlist)
        self.print_button.clicked.connect(self.print_confirmation)
        self.places_button.clicked.connect(self.set_places)
        self.alternatives.itemActivated.connect(self._take_alternative)
        for keys, slot in (
            ("Ctrl+S", lambda: self.book()),
            ("Ctrl+W", self.join_waitlist),
            ("Ctrl+P", self.print_confirmation),
            ("Ctrl+M", self.set_places),
            ("PgUp", lambda: self.move_month(-1)),
            ("PgDown", lambda: self.move_month(1)),
            ("Alt+Down", lambda: self.move_slot(1)),
            ("Alt+Up", lambda: self.move_slot(-1)),
            ("Alt+Right", lambda: self.move_day(1)),
            ("Alt+Left", lambda: self.move_day(-1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        follow_changes(self, SATURDAY_KINDS, self.show_month, keep_scroll=(self.slots,))

    # -- navigation ---------------------------------------------------------------------
    def activate(self) -> None:
        self.show_month()
        self.picker.search.setFocus()

    def _fill_services(self) -> None:
        self.service.blockSignals(True)
        self.service.clear()
        self.service.addItem(self.desk.tr("ui.sat.all_services"), None)
        for offered in get_setup(self.desk.ctx).services:
            self.service.addItem(offered.name, offered.service_item_id)
        self.service.blockSignals(False)

    def move_month(self, step: int) -> None:
        month = self.month.month - 1 + step
        self.month = dt.date(self.month.year + month // 12, month % 12 + 1, 1)
        self.day = next_saturday(self.month)
        self.show_month()

    def show_month(self) -> None:
        tr = self.desk.tr
        self.month_title.setText(tr("ui.sat.month", year=self.month.year, month=self.month.month))
        self.days.blockSignals(True)
        self.days.clear()
        selected = 0
        for row, day in enumerate(
            screens.month_view(self.desk.ctx, self.month.year, self.month.month)
        ):
            text_day = f"{day.day:%m-%d}"
            if day.day < self.desk.ctx.today():
                text = tr("ui.sat.day_past", day=text_day, booked=day.booked)
            elif day.closed_reason:
                reason = tr(f"saturday.exception.{day.closed_reason}")
                text = tr("ui.sat.day_closed", day=text_day, reason=reason)
            elif day.total == 0 and not day.booked:
                text = tr("ui.sat.day_no_places", day=text_day)
            else:
                text = tr("ui.sat.day_line", day=text_day, booked=day.booked, total=day.total)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, day.day)
            self.days.addItem(item)
            if day.day == self.day:
                selected = row
        self.days.blockSignals(False)
        self.days.setCurrentRow(selected)
        self._day_changed(selected)

    def _day_changed(self, row: int) -> None:
        item = self.days.item(row)
        if item is not None:
            self.day = item.data(Qt.ItemDataRole.UserRole)
            self.show_slots()

    def show_slots(self) -> None:
        tr = self.desk.tr
        overview = screens.day_overview(self.desk.ctx, self.day, self.service.currentData())
        if overview.closed_reason:
            note = f"（{overview.note}）" if overview.note else ""
            reason = tr(f"saturday.exception.{overview.closed_reason}")
            self.on_duty.setText(tr("ui.sat.closed_day", reason=reason, note=note))
        elif overview.on_duty:
            self.on_duty.setText(tr("ui.sat.on_duty", names="、".join(overview.on_duty)))
        else:
            self.on_duty.setText(tr("ui.sat.nobody_on_duty"))
        current = self.selected_slot()
        self.slots.setRowCount(0)
        for slot in overview.slots:
            row = self.slots.rowCount()
            self.slots.insertRow(row)
            cells = (
                f"{slot.starts}–{slot.ends}",
                slot.service_name,
                f"{slot.booked}/{slot.capacity}"
                + (tr("ui.sat.places_overridden") if slot.overridden else ""),
                tr("ui.sat.free_held", free=slot.free, held=slot.held)
                if slot.held
                else str(slot.free),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, slot)
                if slot.past or slot.free == 0:
                    cell.setForeground(Qt.GlobalColor.gray)
                self.slots.setItem(row, column, cell)
            if current is not None and slot.id == current.id:
                self.slots.selectRow(row)
        self.slots.resizeColumnsToContents()

    def move_slot(self, step: int) -> None:
        """Alt+↑/↓ from anywhere on the page (also while typing a name): the next slot."""
        if self.slots.rowCount():
            row = min(max(self.slots.currentRow() + step, 0), self.slots.rowCount() - 1)
            self.slots.selectRow(row)

    def move_day(self, step: int) -> None:
        """Alt+←/→: the previous or next Saturday of the month list."""
        row = self.days.currentRow() + step
        if 0 <= row < self.days.count():
            self.days.setCurrentRow(row)
        else:
            self.move_month(step)
            if step < 0:
                self.days.setCurrentRow(self.days.count() - 1)

    def selected_slot(self) -> SlotView | None:
        row = self.slots.currentRow()
        item = self.slots.item(row, 0) if row >= 0 else None
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def select_slot(self, slot_id: str) -> None:
        for row in range(self.slots.rowCount()):
            item = self.slots.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole).id == slot_id:
                self.slots.selectRow(row)
                return

    def set_places(self) -> None:
        """Admin: set the selected slot's places by hand (or back to the roster's figure)."""
        slot = self.selected_slot()
        if not self.desk.signed_in.is_admin:
            return
        if slot is None:
            self._say(self.desk.tr("ui.sat.pick_slot"), False)
            return
        dialog = SlotPlacesDialog(self.desk, slot, self)
        dialog.accepted.connect(lambda: self._places_set(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _places_set(self, dialog: SlotPlacesDialog) -> None:
        tr = self.desk.tr
        slot_id = dialog.slot.id
        self.show_month()
        self.select_slot(slot_id)
        places = (self.selected_slot() or dialog.slot).capacity
        if dialog.moved:
            self._say(tr("ui.satplaces.moved", places=places, count=len(dialog.moved)), False)
        else:
            self._say(tr("ui.satplaces.saved", places=places), True)

    # -- booking ------------------------------------------------------------------------
    def _say(self, text: str, ok: bool) -> None:
        self.message.setObjectName("success" if ok else "fieldError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def book(self, slot: SlotView | None = None) -> None:
        tr = self.desk.tr
        slot = slot or self.selected_slot()
        resident = self.picker.resident
        if resident is None:
            self._say(tr("saturday.resident_missing"), False)
            self.picker.search.setFocus()
            return
        if slot is None:
            self._say(tr("ui.sat.pick_slot"), False)
            self.slots.setFocus()
            return
        self.alternatives.hide()
        try:
            booking = bookings.book(
                self.desk.ctx,
                self.desk.signed_in,
                slot.id,
                resident.id,
                self.channel.currentData(),
                self.note.text(),
            )
        except bookings.SlotFullError as full:
            self._say(tr.message(full.message), False)
            self._show_alternatives(full.alternatives)
            self.show_slots()
            return
        except UserError as error:
            self._say(tr.message(error.message), False)
            return
        self.last_booking = booking
        self.print_button.setEnabled(True)
        status = tr(f"saturday.status.{booking.status}")
        self._say(
            tr(
                "ui.sat.booked",
                name=booking.resident_name,
                day=f"{booking.day:%Y-%m-%d}",
                time=f"{booking.starts}–{booking.ends}",
                number=booking.number,
                status=status,
            ),
            True,
        )
        self.picker.clear()
        self.note.clear()
        self.show_month()
        self.select_slot(slot.id)
        self.picker.search.setFocus()

    def _show_alternatives(self, alternatives: list[SlotView]) -> None:
        tr = self.desk.tr
        self.alternatives.clear()
        for slot in alternatives:
            text = tr(
                "ui.sat.alternative",
                day=f"{slot.day:%m-%d}",
                time=f"{slot.starts}–{slot.ends}",
                service=slot.service_name,
                free=slot.free,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, slot)
            self.alternatives.addItem(item)
        self.alternatives.setVisible(bool(alternatives))
        if alternatives:
            self.alternatives.setCurrentRow(0)
            self.alternatives.setFocus()

    def _take_alternative(self, item: QListWidgetItem) -> None:
        self.book(item.data(Qt.ItemDataRole.UserRole))

    def join_waitlist(self) -> None:
        tr = self.desk.tr
        slot = self.selected_slot()
        resident = self.picker.resident
        if resident is None or slot is None:
            self._say(
                tr("saturday.resident_missing" if resident is None else "ui.sat.pick_slot"), False
            )
            return
        try:
            entry = bookings.join_waitlist(
                self.desk.ctx,
                self.desk.signed_in,
                slot.day,
                slot.service_item_id,
                resident.id,
                self.channel.currentData(),
            )
        except UserError as error:
            self._say(tr.message(error.message), False)
            return
        self.alternatives.hide()
        self._say(
            tr(
                "ui.sat.waitlisted",
                name=entry.resident_name,
                day=f"{entry.day:%Y-%m-%d}",
                service=entry.service_name,
            ),
            True,
        )
        self.picker.clear()

    def print_confirmation(self) -> None:
        booking = self.last_booking
        if booking is None:
            return
        print_slip(
            self,
            self.desk,
            lambda: prepare_booking_confirmation(self.desk.ctx, self.desk.signed_in, booking.id),
            self._say_printed,
        )

    def _say_printed(self, ok: bool, message: str) -> None:
        self._say(message, ok)
