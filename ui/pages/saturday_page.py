"""F5 星期六预约: a month calendar, the chosen Saturday's slot grid, and the booking form.

Left: the month (Monday to Sunday; PgUp/PgDn or the buttons turn it) with each Saturday's
booked / total places and how full it is in a colour and a word, closed and 调休 days in
words, past days grey; arrows move the chosen day and Enter opens its Saturday. Below it,
resident, channel and note: Ctrl+S books, Ctrl+W joins the waitlist, Ctrl+P prints the
confirmation. Right: the chosen Saturday's slots, time rows × service columns (or one
service, chosen above the grid), each cell with its free places; Enter or a double-click
on a cell books it for the resident found, or starts booking it. Alt+↑/↓ moves the slot and
Alt+←/→ the Saturday while the cursor stays in the name field; an admin sets a slot's
places by hand with Ctrl+M. A slot that filled up meanwhile is reported with the nearest
free slots, and Enter on one of them books it instead.

Both the month and the grid load on the database lane (``ui/ops.run_op``); a result asked
for before a newer one is dropped. The page reads, moves between days and books; what it
shows is drawn by its widgets: the month (``widgets/month_calendar.py``), the booking form
(``widgets/saturday_booking_form.py``) and the Saturday's side with its grid
(``widgets/saturday_day_panel.py``, ``widgets/slot_grid.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.changes import SATURDAY_KINDS
from desktop.errors import UserError
from desktop.saturday import bookings
from desktop.saturday.calendar import SATURDAY, next_saturday
from desktop.saturday.month import (
    CELL_FULL,
    DayGrid,
    MonthCalendar,
    cell_state,
    day_grid,
    month_calendar,
)
from desktop.saturday.setup import get_setup
from desktop.saturday.views import BookingView, SlotView, WaitlistView
from desktop.slips.booking_slips import prepare_booking_confirmation
from ui.changes import follow_changes
from ui.desk_ui import DeskUi
from ui.dialogs.saturday_places import SlotPlacesDialog
from ui.ops import run_op
from ui.printing.quick_print import print_slip
from ui.widgets.month_calendar import MonthCalendarView, legend
from ui.widgets.saturday_booking_form import SaturdayBookingForm
from ui.widgets.saturday_day_panel import SaturdayDayPanel
from ui.writes import Writes

LEFT_WIDTH = 400
Loaded = tuple[MonthCalendar | None, DayGrid]


def saturday_of_week(day: dt.date) -> dt.date:
    """The Saturday of ``day``'s Monday-to-Sunday week."""
    return day + dt.timedelta(days=SATURDAY - day.weekday())


class SaturdayPage(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("saturdayPage")
        self.desk = desk
        self.day = next_saturday(desk.ctx.today())
        self.month = self.day.replace(day=1)
        self.last_booking: BookingView | None = None
        self._asked = 0  # the newest load asked for; older answers are dropped
        self._pending = 0
        self._after_load: list[Callable[[], None]] = []
        self.writes = Writes(self, "Saturday booking")
        self._build()
        self._wire()
        self._fill_services()
        self.show_month()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        """Lay the page out (month and form left, the Saturday's grid right); nothing is
        connected here."""
        desk = self.desk
        self.form = SaturdayBookingForm(desk.tr, desk.ctx, desk.signed_in)
        self.panel = SaturdayDayPanel(desk.tr, desk.signed_in.is_admin)
        # The parts the page works with, by their names.
        self.picker, self.note, self.message = self.form.picker, self.form.note, self.form.message
        self.print_button = self.form.print_button
        self.slots, self.service = self.panel.slots, self.panel.service
        self.alternatives, self.on_duty = self.panel.alternatives, self.panel.on_duty
        self.day_title = self.panel.day_title
        layout = QHBoxLayout(self)
        left = QWidget()
        left.setObjectName("saturdayLeft")
        left.setFixedWidth(LEFT_WIDTH)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._build_month())
        column.addWidget(self.form)
        layout.addWidget(left)
        layout.addWidget(self.panel, 1)

    def _build_month(self) -> QVBoxLayout:
        tr = self.desk.tr
        self.month_title = QLabel()
        self.month_title.setObjectName("sectionTitle")
        self.month_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prev_button = QPushButton(tr("ui.sat.prev_month"))
        self.next_button = QPushButton(tr("ui.sat.next_month"))
        for button in (self.prev_button, self.next_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar = MonthCalendarView(tr)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.month_title, 1)
        nav.addWidget(self.next_button)
        box = QVBoxLayout()
        box.addLayout(nav)
        box.addWidget(self.calendar, 3)
        box.addWidget(legend(tr))
        return box

    def _wire(self) -> None:
        """Connect what the page does: navigation, booking, keys, changed data."""
        self.prev_button.clicked.connect(lambda: self.move_month(-1))
        self.next_button.clicked.connect(lambda: self.move_month(1))
        self.calendar.chosen.connect(self._day_chosen)
        self.calendar.opened.connect(self.open_day)
        self.slots.opened.connect(self._slot_opened)
        self.calendar.turned.connect(self.move_month)
        self.slots.turned.connect(self.move_month)
        self.service.currentIndexChanged.connect(lambda _: self.show_slots())
        self.form.book_button.clicked.connect(lambda: self.book())
        self.form.waitlist_button.clicked.connect(self.join_waitlist)
        self.print_button.clicked.connect(self.print_confirmation)
        self.panel.places_button.clicked.connect(self.set_places)
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
        self.follower = follow_changes(self, SATURDAY_KINDS, self.show_month)

    # -- loading ------------------------------------------------------------------------
    def activate(self) -> None:
        self._fill_services()  # an admin may have changed the Saturday services meanwhile
        self.show_month()
        self.picker.search.setFocus()

    @property
    def loading(self) -> bool:
        """A month or a Saturday is being read (tests wait for this to end)."""
        return self._pending > 0

    def _fill_services(self) -> None:
        """The service picker: all services, or one (kept when it is still offered)."""
        self.panel.show_services(get_setup(self.desk.ctx).services)

    def show_month(self, then: Callable[[], None] | None = None) -> None:
        """Read the month and the chosen Saturday again (after a change, a turn, a sync)."""
        self._load(with_month=True, then=then)

    def show_slots(self, then: Callable[[], None] | None = None) -> None:
        """Read the chosen Saturday's grid again."""
        self._load(with_month=False, then=then)

    def _load(self, with_month: bool, then: Callable[[], None] | None) -> None:
        ctx, staff = self.desk.ctx, self.desk.signed_in
        year, month, day = self.month.year, self.month.month, self.day
        service = self.service.currentData()
        self._asked += 1
        self._pending += 1
        asked = self._asked
        if then is not None:
            self._after_load.append(then)

        def work() -> Loaded:
            shown = month_calendar(ctx, staff, year, month) if with_month else None
            return shown, day_grid(ctx, staff, day, service)

        run_op(
            work,
            lambda loaded: self._loaded(asked, loaded),
            lambda error: self._load_failed(asked, error),
            owner=self,
            what="Saturday month",
        )

    def _loaded(self, asked: int, loaded: Loaded) -> None:
        self._pending -= 1
        if asked != self._asked:
            return  # asked again since: the newer answer shows
        shown, grid = loaded
        if shown is not None:
            self.month_title.setText(
                self.desk.tr("ui.sat.month", year=shown.year, month=shown.month)
            )
            self.calendar.show_calendar(shown, self.day)
        self.panel.show_grid(grid, self.desk.ctx.today())
        callbacks, self._after_load = self._after_load, []
        for callback in callbacks:
            callback()

    def _load_failed(self, asked: int, error: UserError) -> None:
        self._pending -= 1
        if asked == self._asked:
            self._after_load = []
            self._say(self.desk.tr.message(error.message), False)

    # -- navigation ---------------------------------------------------------------------
    def move_month(self, step: int) -> None:
        month = self.month.month - 1 + step
        self.month = dt.date(self.month.year + month // 12, month % 12 + 1, 1)
        self.day = next_saturday(self.month)
        self.show_month()

    def _day_chosen(self, day: dt.date) -> None:
        """The calendar's chosen day moved (arrows, a click): its week's Saturday shows."""
        saturday = saturday_of_week(day)
        if day.replace(day=1) != self.month:
            self.month = day.replace(day=1)
            self.day = saturday
            self._load(with_month=True, then=lambda: self.calendar.choose(day))
            return
        if saturday != self.day:
            self.day = saturday
            self.show_slots()

    def open_day(self, day: dt.date) -> None:
        """Enter on the calendar: its week's Saturday, into the grid on the first free cell."""
        saturday = saturday_of_week(day)

        def into_grid() -> None:
            if self.slots.currentRow() < 0:
                place = self.slots.first_open()
                if place is not None:
                    self.slots.setCurrentCell(*place)
            self.slots.setFocus()

        if saturday != self.day or self.loading:
            self.day = saturday
            self.show_slots(then=into_grid)
        else:
            into_grid()

    def move_slot(self, step: int) -> None:
        """Alt+↑/↓ from anywhere on the page (also while typing a name): the next slot."""
        self.slots.move_row(step)

    def move_day(self, step: int) -> None:
        """Alt+←/→: the previous or next Saturday (into the next month when it is there)."""
        self.day += dt.timedelta(weeks=step)
        if self.day.replace(day=1) != self.month:
            self.month = self.day.replace(day=1)
            self.show_month()
        else:
            self.calendar.choose(self.day)
            self.show_slots()

    def selected_slot(self) -> SlotView | None:
        return self.slots.selected_slot()

    def select_slot(self, slot_id: str) -> None:
        self.slots.select_slot(slot_id)

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
        slot, moved = dialog.slot, list(dialog.moved)

        def say() -> None:
            self.select_slot(slot.id)
            places = (self.selected_slot() or slot).capacity
            if moved:
                self._say(tr("ui.satplaces.moved", places=places, count=len(moved)), False)
            else:
                self._say(tr("ui.satplaces.saved", places=places), True)

        if dialog.changed:  # the change notice brings the one reload, then it is said
            self._after_load.append(say)
        else:
            say()

    # -- booking ------------------------------------------------------------------------
    def _say(self, text: str, ok: bool) -> None:
        self.form.say(text, ok)

    def _slot_opened(self, slot: SlotView) -> None:
        """Enter or a double-click on a cell: book it for the resident found, or start
        booking it (the cursor goes to the resident's name)."""
        if self.picker.resident is not None:
            self.book(slot)
            return
        full = cell_state(slot) == CELL_FULL
        self._say(
            self.desk.tr(
                "ui.sat.slot_chosen_full" if full else "ui.sat.slot_chosen",
                day=f"{slot.day:%m-%d}",
                time=f"{slot.starts}–{slot.ends}",
                service=slot.service_name,
            ),
            True,
        )
        self.picker.search.setFocus()

    def book(self, slot: SlotView | None = None) -> None:
        """Book ``slot`` (or the chosen cell) for the resident found, on the database lane;
        the book button is held meanwhile and a second Ctrl+S books nothing more."""
        tr = self.desk.tr
        slot = slot or self.selected_slot()
        resident = self.picker.resident
        if self.writes.busy:
            return
        if resident is None:
            self._say(tr("saturday.resident_missing"), False)
            self.picker.search.setFocus()
            return
        if slot is None:
            self._say(tr("ui.sat.pick_slot"), False)
            self.slots.setFocus()
            return
        self.alternatives.hide()
        ctx, staff, slot_id, resident_id = self.desk.ctx, self.desk.signed_in, slot.id, resident.id
        channel, note = self.form.channel.currentData(), self.note.text()
        self.writes.run(
            lambda: bookings.book(ctx, staff, slot_id, resident_id, channel, note),
            lambda booking: self._booked(booking, slot_id),
            self._not_booked,
            controls=(self.form.book_button,),
            what="Saturday booking",
        )

    def _booked(self, booking: BookingView, slot_id: str) -> None:
        tr = self.desk.tr
        self.last_booking = booking
        self.print_button.setEnabled(True)
        status = tr(f"saturday.status.{booking.status}")
        self._say(
            tr(
                "ui.sat.booked",
                name=booking.resident_name,
                day=f"{booking.day:%Y-%m-%d}",
                time=f"{booking.starts}–{booking.ends}",
                service=booking.service_name,
                number=booking.number,
                status=status,
            ),
            True,
        )
        self.form.clear()
        if booking.day != self.day:  # booked into another Saturday's alternative
            self.day = booking.day
            self.month = booking.day.replace(day=1)
        # The change bus brings the one reload (month and grid); the cell stays chosen.
        self._after_load.append(lambda: self._keep_chosen(slot_id))
        self.picker.search.setFocus()

    def _not_booked(self, error: UserError) -> None:
        """Refused: said in words; the resident, channel and note stay as typed. A slot
        found full meanwhile offers the nearest free ones, and the grid is read again (it
        showed a free place; nothing was written, so no change will come)."""
        self._say(self.desk.tr.message(error.message), False)
        if isinstance(error, bookings.SlotFullError):
            self.panel.show_alternatives(error.alternatives)
            self.show_month()

    def _keep_chosen(self, slot_id: str) -> None:
        """After a booking the grid keeps the chosen cell (moved on meanwhile, it stays
        moved); booked into another Saturday, the booked slot becomes the chosen one."""
        if self.selected_slot() is None:
            self.select_slot(slot_id)

    def _take_alternative(self, item: QListWidgetItem) -> None:
        self.book(item.data(Qt.ItemDataRole.UserRole))

    def join_waitlist(self) -> None:
        tr = self.desk.tr
        slot = self.selected_slot()
        resident = self.picker.resident
        if self.writes.busy:
            return
        if resident is None or slot is None:
            self._say(
                tr("saturday.resident_missing" if resident is None else "ui.sat.pick_slot"), False
            )
            return
        ctx, staff, resident_id = self.desk.ctx, self.desk.signed_in, resident.id
        day, item, channel = slot.day, slot.service_item_id, self.form.channel.currentData()
        self.writes.run(
            lambda: bookings.join_waitlist(ctx, staff, day, item, resident_id, channel),
            self._waitlisted,
            lambda error: self._say(tr.message(error.message), False),
            controls=(self.form.waitlist_button,),
            what="Saturday waitlist",
        )

    def _waitlisted(self, entry: WaitlistView) -> None:
        tr = self.desk.tr
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
