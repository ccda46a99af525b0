"""F7 统计: the center's figures for a day, week, month or any range, with charts and tables;
a day's bar opens that day's visits; the four 台账 export to .xlsx and the monthly report
previews and prints like a slip. Everything from the desk's own database (works offline).

Keyboard: the period kind, the dates and 统计 (Enter) are in tab order; PgUp/PgDn move to
the previous/next period; Ctrl+Tab moves between tabs; the day chart takes ←/→ and Enter;
Alt+1…4 export the ledgers, Ctrl+P / Ctrl+Shift+P print / preview the monthly report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import visits
from desktop.changes import COUNTED_KINDS
from desktop.errors import UserError
from desktop.statistics.charts import GRADE_COLOURS, percent
from desktop.statistics.export import default_name, export_ledger
from desktop.statistics.figures import CenterFigures, center_figures
from desktop.statistics.ledgers import KINDS as LEDGERS
from desktop.statistics.ledgers import ZH
from desktop.statistics.monthly_report import prepare_monthly_report
from desktop.statistics.periods import KINDS, Period, period_of, shifted
from protocol.figures import CATEGORY_KEYS, GRADES, OUTCOME_KEYS
from ui.changes import follow_changes
from ui.desk_ui import DeskUi
from ui.dialogs.messages import show_user_error
from ui.models.visit_model import HISTORY_COLUMNS, VisitTableModel
from ui.ops import run_op
from ui.printing.quick_print import print_slip
from ui.widgets.charts import BarChart, PieChart

WEEKDAYS = "一二三四五六日"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _fill(view: QTableView, headers: list[str], rows: list[list[str]]) -> None:
    model = QStandardItemModel(len(rows), len(headers), view)
    model.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QStandardItem(value)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            model.setItem(r, c, item)
    old = view.model()
    view.setModel(model)
    if old is not None:
        old.deleteLater()
    view.resizeColumnsToContents()


class StatisticsPage(QWidget):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__()
        self.setObjectName("statisticsPage")
        self.desk = desk
        tr = desk.tr
        self.seen: CenterFigures | None = None
        self.days: list[dt.date] = []

        self.kind = QComboBox()
        self.kind.setObjectName("periodKind")
        for kind in KINDS:
            self.kind.addItem(tr(f"ui.stats.kind.{kind}"), kind)
        self.kind.setCurrentIndex(KINDS.index("month"))
        self.day_from, self.day_to = QDateEdit(), QDateEdit()
        for edit, name in ((self.day_from, "dayFrom"), (self.day_to, "dayTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(tr("ui.stats.show"))
        self.show_button.setObjectName("showFigures")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.as_of = QLabel()
        self.as_of.setWordWrap(True)  # a long note wraps instead of widening the window
        bar = QHBoxLayout()
        for widget in (
            QLabel(tr("ui.stats.period")),
            self.kind,
            QLabel(tr("ui.stats.from")),
            self.day_from,
            QLabel(tr("ui.stats.to")),
            self.day_to,
            self.show_button,
        ):
            bar.addWidget(widget)
        bar.addWidget(self.as_of, 1)
        self.kind.currentIndexChanged.connect(lambda _: self._kind_changed())

        self.cards: dict[str, QLabel] = {}
        cards = QGridLayout()
        for i, code in enumerate(
            ("visits", "requests", "referrals", "on_time", "satisfaction", "saturday")
        ):
            title = QLabel(tr(f"ui.stats.card.{code}"))
            value = QLabel("—")
            value.setObjectName(f"card_{code}")
            value.setStyleSheet("font-size: 20px; font-weight: bold;")
            cards.addWidget(title, 0, i)
            cards.addWidget(value, 1, i)
            self.cards[code] = value

        self.tabs = QTabWidget()
        self.tabs.setObjectName("statsTabs")
        self.day_chart = BarChart(tr("ui.stats.chart.by_day"))
        self.day_chart.setObjectName("dayChart")
        self.day_chart.activated.connect(self._open_day)
        self.day_table = _table("dayTable")
        self.day_table.activated.connect(lambda index: self._open_day(index.row()))
        self.category_chart = PieChart(tr("ui.stats.chart.categories"))
        self.category_table = _table("categoryTable")
        self.item_table = _table("itemTable")
        self.outcome_table = _table("outcomeTable")
        self.referral_table = _table("referralTable")
        self.grade_chart = BarChart(tr("ui.stats.chart.satisfaction"))
        self.grade_chart.setObjectName("gradeChart")
        self.grade_table = _table("gradeTable")
        self.saturday_table = _table("saturdayTable")
        for code, widgets in (
            ("by_day", (self.day_chart, self.day_table)),
            ("categories", (self.category_chart, self.category_table)),
            ("items", (self.item_table,)),
            ("outcomes", (self.outcome_table, self.referral_table)),
            ("satisfaction", (self.grade_chart, self.grade_table)),
            ("saturday", (self.saturday_table,)),
        ):
            pane = QSplitter(Qt.Orientation.Horizontal)
            for part in widgets:
                pane.addWidget(part)
            self.tabs.addTab(pane, tr(f"ui.stats.tab.{code}"))

        self.visits_title = QLabel(tr("ui.stats.pick_day"))
        self.visit_model = VisitTableModel(
            desk.ctx, tr, ("number", "time", "resident", *HISTORY_COLUMNS[2:])
        )
        self.visit_table = _table("dayVisits")
        self.visit_table.setModel(self.visit_model)

        self.unmasked = QCheckBox(tr("ui.stats.unmasked"))
        self.unmasked.setObjectName("unmaskedLedger")
        actions = QHBoxLayout()
        for n, kind in enumerate(LEDGERS, start=1):
            button = QPushButton(tr(f"ui.stats.export.{kind}"))
            button.setObjectName(f"export_{kind}")
            button.clicked.connect(lambda _=False, k=kind: self.export(k))
            actions.addWidget(button)
            QShortcut(QKeySequence(f"Alt+{n}"), self, lambda k=kind: self.export(k))
        actions.addStretch(1)
        reports = QHBoxLayout()  # a second row, so the page fits a 1280-pixel screen
        reports.addWidget(self.unmasked)
        reports.addStretch(1)
        for code, key, preview in (
            ("ui.stats.report_preview", "Ctrl+Shift+P", True),
            ("ui.stats.report_print", "Ctrl+P", False),
        ):
            button = QPushButton(tr(code))
            button.clicked.connect(lambda _=False, p=preview: self.monthly_report(p))
            reports.addWidget(button)
            QShortcut(QKeySequence(key), self, lambda p=preview: self.monthly_report(p))
        for field in (self.kind, self.day_from, self.day_to):
            for key in ("Return", "Enter"):
                enter = QShortcut(QKeySequence(key), field, self.refresh)
                enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("PgUp"), self, lambda: self.step(-1))
        QShortcut(QKeySequence("PgDown"), self, lambda: self.step(1))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addLayout(cards)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.visits_title)
        lower_layout.addWidget(self.visit_table)
        split.addWidget(lower)
        split.setSizes([420, 180])
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        layout.addLayout(reports)
        self.setTabOrder(self.kind, self.day_from)
        self.setTabOrder(self.day_from, self.day_to)
        self.setTabOrder(self.day_to, self.show_button)
        self.setTabOrder(self.show_button, self.tabs)
        self._set_period(period_of("month", desk.ctx.today()))
        follow_changes(self, COUNTED_KINDS, self.refresh, sync_marks=False, debounce_ms=1_000)

    # -- period ---------------------------------------------------------------------------
    @property
    def period_kind(self) -> str:
        return str(self.kind.currentData())

    def period(self) -> Period:
        return Period(_pydate(self.day_from.date()), _pydate(self.day_to.date()))

    def _set_period(self, period: Period) -> None:
        self.day_from.setDate(_qdate(period.day_from))
        self.day_to.setDate(_qdate(period.day_to))

    def _kind_changed(self) -> None:
        if self.period_kind != "range":
            self._set_period(period_of(self.period_kind, self.period().day_from))
            self.refresh()

    def step(self, steps: int) -> None:
        kind = self.period_kind if self.period_kind != "range" else "day"
        self._set_period(
            shifted(kind, self.period(), steps)
            if kind != "day" or self.period_kind == "day"
            else self._shift_range(steps)
        )
        self.refresh()

    def _shift_range(self, steps: int) -> Period:
        period = self.period()
        return Period(
            period.day_from + dt.timedelta(days=period.days * steps),
            period.day_to + dt.timedelta(days=period.days * steps),
        )

    def activate(self) -> None:
        self.refresh()
        self.kind.setFocus()

    # -- figures --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Count the period's figures off the UI thread; they show when counted."""
        period, ctx, staff = self.period(), self.desk.ctx, self.desk.signed_in
        run_op(
            lambda: center_figures(ctx, staff, period.day_from, period.day_to),
            self._counted,
            self._refused,
            owner=self,
            what="figures",
        )

    def _counted(self, seen: CenterFigures) -> None:
        self.error.clear()
        self.show_figures(seen)

    def _refused(self, error: UserError) -> None:
        self.error.setText(self.desk.tr.message(error.message))  # the last figures stay

    def show_figures(self, seen: CenterFigures) -> None:
        tr = self.desk.tr
        self.seen = seen
        f = seen.figures
        self.as_of.setText(
            tr(
                "ui.stats.as_of",
                day_from=f"{f.period_from:%Y-%m-%d}",
                day_to=f"{f.period_to:%Y-%m-%d}",
                days=(f.period_to - f.period_from).days + 1,
                today=f"{f.today:%Y-%m-%d}",
            )
        )
        ref = f.referrals
        values = {
            "visits": f"{f.visits}",
            "requests": f"{f.requests}",
            "referrals": f"{ref.open} / {ref.overdue}",
            "on_time": percent(ref.on_time_rate),
            "satisfaction": (
                f"{_avg(f.satisfaction.average)} / {_avg(f.callback_satisfaction.average)}"
            ),
            "saturday": f"{f.saturday.checked_in} / {f.saturday.booked}",
        }
        for code, text in values.items():
            self.cards[code].setText(text)
        self.days = [
            f.period_from + dt.timedelta(days=i)
            for i in range((f.period_to - f.period_from).days + 1)
        ]
        counts = [f.visits_by_day.get(d, 0) for d in self.days]
        labels = [f"{d.day}" if len(self.days) > 7 else f"{d:%m-%d}" for d in self.days]
        self.day_chart.set_data([float(c) for c in counts], labels)
        _fill(
            self.day_table,
            [tr("ui.stats.col.day"), tr("ui.stats.col.weekday"), tr("ui.stats.col.visits")],
            [
                [f"{d:%Y-%m-%d}", WEEKDAYS[d.weekday()], f"{c}"]
                for d, c in zip(self.days, counts, strict=True)
            ],
        )
        by_category = [
            (tr(f"ui.category.{c}"), float(f.requests_by_category.get(c, 0))) for c in CATEGORY_KEYS
        ]
        self.category_chart.set_data(by_category)
        _fill(
            self.category_table,
            [tr("ui.stats.col.category"), tr("ui.stats.col.count"), tr("ui.stats.col.share")],
            [
                [name, f"{n:g}", percent(n / f.requests if f.requests else None)]
                for name, n in by_category
            ],
        )
        _fill(
            self.item_table,
            [tr("ui.stats.col.item"), tr("ui.stats.col.count"), tr("ui.stats.col.share")],
            [
                [i.name, f"{i.requests}", percent(i.requests / f.requests if f.requests else None)]
                for i in seen.items
            ],
        )
        _fill(
            self.outcome_table,
            [tr("report.col.outcome"), tr("ui.stats.col.count"), tr("ui.stats.col.share")],
            [
                [
                    tr(f"ui.outcome.{'none' if o == 'open' else o}"),
                    f"{f.outcomes.get(o, 0)}",
                    percent(f.outcomes.get(o, 0) / f.requests if f.requests else None),
                ]
                for o in OUTCOME_KEYS
            ],
        )
        _fill(
            self.referral_table,
            [tr("ui.stats.col.figure"), tr("ui.stats.col.value")],
            [
                [tr("ui.stats.referrals.total"), f"{ref.total}"],
                [tr("ui.stats.referrals.open"), f"{ref.open}"],
                [tr("ui.stats.referrals.closed"), f"{ref.closed}"],
                [tr("ui.stats.referrals.overdue"), f"{ref.overdue}"],
                [tr("ui.stats.referrals.on_time"), f"{ref.closed_on_time}"],
                [tr("ui.stats.referrals.rate"), percent(ref.on_time_rate)],
            ],
        )
        self.grade_chart.set_data(
            [float(f.satisfaction.grades.get(g, 0)) for g in GRADES],
            [tr(f"ui.satisfaction.{g}") for g in GRADES],
            [GRADE_COLOURS[g] for g in GRADES],
        )
        _fill(
            self.grade_table,
            [tr("ui.stats.col.grade"), tr("ui.stats.col.desk"), tr("ui.stats.col.callback")],
            [
                [
                    tr(f"ui.satisfaction.{g}"),
                    f"{f.satisfaction.grades.get(g, 0)}",
                    f"{f.callback_satisfaction.grades.get(g, 0)}",
                ]
                for g in reversed(GRADES)
            ]
            + [
                [
                    tr("ledger.average"),
                    _avg(f.satisfaction.average),
                    _avg(f.callback_satisfaction.average),
                ]
            ],
        )
        sat = f.saturday
        _fill(
            self.saturday_table,
            [tr("ui.stats.col.figure"), tr("ui.stats.col.value")],
            [
                [tr(f"ui.stats.saturday.{k}"), f"{getattr(sat, k)}"]
                for k in ("offered", "booked", "checked_in", "no_show", "cancelled")
            ],
        )

    def _open_day(self, index: int) -> None:
        if not 0 <= index < len(self.days):
            return
        day = self.days[index]
        try:
            found = visits.list_visits(self.desk.ctx, self.desk.signed_in, day)
        except UserError as error:
            show_user_error(self, self.desk.tr, error)
            return
        self.visit_model.set_visits(found)
        self.visits_title.setText(
            self.desk.tr("ui.stats.day_visits", day=f"{day:%Y-%m-%d}", count=len(found))
        )
        self.visit_table.resizeColumnsToContents()

    # -- ledgers and report --------------------------------------------------------------
    def choose_path(self, suggested: Path) -> Path | None:
        """Ask where to save (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(
            self, self.desk.tr("ui.stats.save_title"), str(suggested), "Excel (*.xlsx)"
        )
        return Path(name) if name else None

    def export(self, kind: str) -> None:
        period = self.period()
        stem = f"{ZH(f'ledger.{kind}')}_{period.day_from:%Y%m%d}-{period.day_to:%Y%m%d}"
        path = self.choose_path(default_name(stem))
        while path is not None:
            try:
                done = export_ledger(
                    self.desk.ctx,
                    self.desk.signed_in,
                    kind,
                    period.day_from,
                    period.day_to,
                    path,
                    unmasked=self.unmasked.isChecked(),
                )
            except UserError as error:
                suggestion = error.message.params.get("suggestion")
                if not suggestion:
                    show_user_error(self, self.desk.tr, error)
                    return
                path = self.choose_path(Path(suggestion)) if self._try_other(error) else None
                continue
            QMessageBox.information(
                self,
                self.desk.tr("ui.app.title"),
                self.desk.tr("ui.stats.saved", rows=done.rows, path=str(done.path)),
            )
            return

    def _try_other(self, error: UserError) -> bool:
        text = self.desk.tr("ui.stats.try_other", message=self.desk.tr.message(error.message))
        answer = QMessageBox.question(self, self.desk.tr("ui.app.problem"), text)
        return answer == QMessageBox.StandardButton.Yes

    def monthly_report(self, preview: bool) -> None:
        month = self.period().day_from
        print_slip(
            self,
            self.desk,
            lambda: prepare_monthly_report(
                self.desk.ctx, self.desk.signed_in, month, self.desk.tr.language
            ),
            self._printed,
            preview=preview,
        )

    def _printed(self, ok: bool, message: str) -> None:
        if not ok:
            QMessageBox.warning(self, self.desk.tr("ui.app.problem"), message)


def _avg(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
