"""A connected desk shows, per resident and per booking, whether it reached the district."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from db.models import ChangeLogEntry, SyncIssue
from db.types import utcnow
from desktop.bootstrap import Startup
from desktop.context import StaffIdentity
from desktop.residents import ResidentDraft, create_resident
from desktop.saturday import bookings, screens
from desktop.settings import Settings
from tests.conftest import Desk
from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk
from ui.desk_ui import DeskUi
from ui.pages.residents_page import ResidentsPage
from ui.pages.saturday_day_page import SaturdayDayPage


def test_residents_and_bookings_show_their_sync_mark(
    qtbot: QtBot, signed_in_ui: DeskUi, startup: Startup, admin: StaffIdentity
) -> None:
    ctx = signed_in_ui.ctx
    plain = ResidentsPage(signed_in_ui)
    qtbot.addWidget(plain)
    assert "sync" not in plain.model.columns  # not connected: no such column
    saturday = make_saturday_desk(Desk(startup, ctx, admin), residents=1)
    Settings(ctx.db).set("sync.server_url", "https://qu.example.cn")
    resident = create_resident(ctx, admin, ResidentDraft(name="钱七", phone="13800138007"))

    page = ResidentsPage(signed_in_ui)
    qtbot.addWidget(page)
    page.search.setText("钱七")
    page.run_search()
    qtbot.waitUntil(lambda: not page.searching)
    column = page.model.columns.index("sync")
    assert page.model.resident(0) is not None and page.model.resident(0).id == resident.id  # type: ignore[union-attr]
    assert page.model.index(0, column).data() == "待上报"
    with ctx.db.write() as session:  # the district took it
        session.execute(
            update(ChangeLogEntry)
            .where(ChangeLogEntry.entity_id == resident.id)
            .values(pushed_at=utcnow())
        )
    page.run_search()
    qtbot.waitUntil(lambda: not page.searching)
    assert page.model.index(0, column).data() == "已上报"

    slot = screens.day_overview(ctx, SATURDAY).slots[0]
    bookings.book(ctx, admin, slot.id, saturday.residents[0])
    day = SaturdayDayPage(signed_in_ui)
    qtbot.addWidget(day)
    day.date.setDate(QDate(SATURDAY.year, SATURDAY.month, SATURDAY.day))
    day.refresh()
    last = day.table.columnCount() - 1
    assert day.table.horizontalHeaderItem(last).text() == "上报"
    assert day.table.item(0, last).text() == "待上报"
    booked = day.table.item(0, 0).data(Qt.ItemDataRole.UserRole)
    with ctx.db.write() as session:  # the district refused it: in the inbox
        session.add(
            SyncIssue(
                change_id="c-refused",
                entity="booking",
                entity_id=booked.id,
                status="rejected",
                reason_zh="名额已满",
            )
        )
    day.refresh()
    assert day.table.item(0, last).text() == "被退回"
