"""F5's month calendar: Monday to Sunday, each Saturday with booked / total places and how
full it is in a colour *and* a word (never colour alone), closed and 调休 days in words,
past days grey, today marked. Arrows move the chosen day (past the month's edge into the
next or previous month), Enter or a double-click opens it."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from desktop.i18n import Translator
from desktop.saturday.month import (
    FILLING,
    FREE,
    FULL,
    NEARLY_FULL,
    NO_PLACES,
    CalendarDay,
    MonthCalendar,
)
from ui.shortcuts import CALENDAR_MOVE, CALENDAR_OPEN, PERIOD
from ui.widgets.chosen_frame import ChosenFrameDelegate

# Light fills that differ in lightness as well as hue, with dark text on each: the word in
# the cell says the level, the colour only helps the eye.
LEVEL_COLOURS = {
    FREE: "#dcefe3",
    FILLING: "#fdf0c4",
    NEARLY_FULL: "#fbd3a5",
    FULL: "#f2b8b5",
    NO_PLACES: "#eceff3",
}
CLOSED_COLOUR = "#e1e4e8"
OUTSIDE_TEXT = "#b8c2cc"
PAST_TEXT = "#8a949e"
# What each of CALENDAR_MOVE's arrows moves the chosen day by.
DAY_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
SATURDAY_COLUMN = 5
DAY_WIDTH = 44  # the other days' columns: a date and a short word (今天 / today)
ROW_HEIGHT = 40


class MonthCalendarView(QTableWidget):
    chosen = Signal(object)  # dt.date: the chosen day moved
    opened = Signal(object)  # dt.date: Enter or a double-click on the chosen day
    turned = Signal(int)  # PgUp -1 / PgDn +1: the page turns the month (not a page of rows)

    def __init__(self, tr: Translator) -> None:
        super().__init__(0, 7)
        self.texts = tr
        self.setObjectName("monthCalendar")
        self.calendar: MonthCalendar | None = None
        self.setHorizontalHeaderLabels([tr(f"ui.sat.weekday.{n}") for n in range(7)])
        self.verticalHeader().hide()
        self.setItemDelegate(ChosenFrameDelegate(self, text_inset=4))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setSectionsClickable(False)
        for column in range(7):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == SATURDAY_COLUMN
                else QHeaderView.ResizeMode.Fixed
            )
            header.setSectionResizeMode(column, mode)
            if column != SATURDAY_COLUMN:
                self.setColumnWidth(column, DAY_WIDTH)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.currentCellChanged.connect(self._moved)
        self.cellDoubleClicked.connect(lambda row, column: self._open(row, column))

    def _height(self) -> int:
        """As tall as the month's weeks (five or six), no empty band below them."""
        rows = max(self.rowCount(), 5)
        return (
            self.horizontalHeader().sizeHint().height() + rows * ROW_HEIGHT + 2 * self.frameWidth()
        )

    # -- filling ------------------------------------------------------------------------
    def show_calendar(self, calendar: MonthCalendar, chosen: dt.date) -> None:
        self.calendar = calendar
        self.blockSignals(True)
        self.clearContents()
        self.setRowCount(len(calendar.weeks))
        for row, week in enumerate(calendar.weeks):
            for column, day in enumerate(week):
                self.setItem(row, column, self._item(day))
        self.blockSignals(False)
        self.setFixedHeight(self._height())
        self.choose(chosen)

    def choose(self, day: dt.date) -> None:
        """Make ``day`` the chosen cell (no signal when it already is)."""
        place = self.place_of(day)
        if place is not None and (self.currentRow(), self.currentColumn()) != place:
            self.setCurrentCell(*place)

    def place_of(self, day: dt.date) -> tuple[int, int] | None:
        if self.calendar is None:
            return None
        for row, week in enumerate(self.calendar.weeks):
            for column, shown in enumerate(week):
                if shown.day == day:
                    return row, column
        return None

    def day_at(self, row: int, column: int) -> CalendarDay | None:
        if self.calendar is None or not 0 <= row < len(self.calendar.weeks):
            return None
        week = self.calendar.weeks[row]
        return week[column] if 0 <= column < len(week) else None

    def text_of(self, day: dt.date) -> str:
        """What the day's square says (its words, for people and tests alike)."""
        place = self.place_of(day)
        item = None if place is None else self.item(*place)
        return "" if item is None else item.text()

    def _item(self, day: CalendarDay) -> QTableWidgetItem:
        item = QTableWidgetItem(self._text(day))
        item.setData(Qt.ItemDataRole.UserRole, day.day)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if day.is_saturday and day.in_month:
            item.setToolTip(self._tip(day))
            fill = CLOSED_COLOUR if day.closed_reason else LEVEL_COLOURS.get(day.level)
            if fill and not day.past:
                item.setBackground(QBrush(QColor(fill)))
        if not day.in_month:
            item.setForeground(QBrush(QColor(OUTSIDE_TEXT)))
        elif day.past:
            item.setForeground(QBrush(QColor(PAST_TEXT)))
        if day.is_today:
            font = QFont(item.font())
            font.setBold(True)
            font.setUnderline(True)
            item.setFont(font)
        return item

    def _text(self, day: CalendarDay) -> str:
        tr = self.texts
        first = str(day.day.day)
        if not (day.is_saturday and day.in_month):
            return f"{first}\n{tr('ui.sat.cal.today')}" if day.is_today else first
        if day.is_today:
            first += " " + tr("ui.sat.cal.today")
        if day.closed_reason:
            return f"{first} {tr(f'ui.sat.cal.{day.closed_reason}')}\n{day.note}".rstrip()
        places = tr("ui.sat.cal.places", booked=day.booked, total=day.total)
        if day.past:
            return f"{first} {tr('ui.sat.cal.past')}\n{places}"
        second = places + (f" {tr('ui.sat.cal.short')}" if day.short_hours else "")
        return f"{first} {tr(f'ui.sat.level.{day.level}')}\n{second}"

    def _tip(self, day: CalendarDay) -> str:
        tr = self.texts
        shown = f"{day.day:%Y-%m-%d}"
        note = tr("ui.sat.note_aside", note=day.note) if day.note else ""
        if day.closed_reason:
            reason = tr(f"saturday.exception.{day.closed_reason}")
            return tr("ui.sat.cal.tip_closed", day=shown, reason=reason, note=note)
        tip = tr(
            "ui.sat.cal.tip",
            day=shown,
            booked=day.booked,
            total=day.total,
            free=day.free,
            level=tr(f"ui.sat.level.{day.level}"),
        )
        if day.short_hours:
            tip += tr("ui.sat.cal.tip_short", hours=day.short_hours) + note
        return tip

    # -- keys and clicks ----------------------------------------------------------------
    def _moved(self, row: int, column: int, _row: int, _column: int) -> None:
        day = self.day_at(row, column)
        if day is not None:
            self.chosen.emit(day.day)

    def _open(self, row: int, column: int) -> None:
        day = self.day_at(row, column)
        if day is not None:
            self.opened.emit(day.day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The keys declared in ``ui/shortcuts.py`` (listed on the F1 sheet)."""
        if CALENDAR_OPEN.matches(event):
            self._open(self.currentRow(), self.currentColumn())
            return
        if PERIOD.matches(event):
            self.turned.emit(-1 if event.key() == Qt.Key.Key_PageUp else 1)
            return
        current = self.day_at(self.currentRow(), self.currentColumn())
        if CALENDAR_MOVE.matches(event) and current is not None and not event.modifiers():
            step = DAY_STEPS[Qt.Key(event.key())]
            target = current.day + dt.timedelta(days=step)
            if self.place_of(target) is not None:
                self.choose(target)
            else:
                self.chosen.emit(target)  # beyond the squares shown: the page turns the month
            return
        super().keyPressEvent(event)


def legend(tr: Translator) -> QLabel:
    """The calendar's colours with their words; wraps when the column is narrow."""
    chips = [(f"ui.sat.legend.{level}", LEVEL_COLOURS[level]) for level in LEVELS_SHOWN]
    chips.append(("ui.sat.legend.closed", CLOSED_COLOUR))
    parts = [html.escape(tr("ui.sat.legend"))]
    parts += [
        f'<span style="background-color:{colour};">&nbsp;{_unbroken(tr(code))}&nbsp;</span>'
        for code, colour in chips
    ]
    parts.insert(len(LEVELS_SHOWN) + 1, "<br>")
    parts.append(f'<span style="color:{PAST_TEXT};">{html.escape(tr("ui.sat.legend.past"))}</span>')
    label = QLabel(" ".join(parts))
    label.setObjectName("calendarLegend")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


LEVELS_SHOWN = (FREE, FILLING, NEARLY_FULL, FULL)


def _unbroken(text: str) -> str:
    """A legend entry kept on one line (the legend wraps between entries only)."""
    return html.escape(text).replace(" ", "&nbsp;")
