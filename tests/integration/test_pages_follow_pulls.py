"""Open screens follow a sync: what another desk recorded appears on F3, F4, F5 and F6 of
this desk once its pull is applied, without anyone pressing refresh, and the selection
stays where it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.catalog import list_service_items
from desktop.i18n import Translator
from desktop.residents import ResidentDraft, create_resident
from desktop.saturday import bookings, screens
from desktop.saturday.slots import slot_id
from desktop.sync import enrolment
from desktop.sync.runner import SyncRunner
from desktop.sync.status import SyncStatus
from desktop.visits import RequestDraft, register_visit
from district import admin
from tests.conftest import Desk, new_desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring
from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk
from ui import ops
from ui.desk_ui import DeskUi
from ui.pages.residents_page import ResidentsPage
from ui.pages.saturday_day_page import SaturdayDayPage
from ui.pages.saturday_page import SaturdayPage
from ui.pages.today_page import TodayPage


@pytest.fixture
def two_desks(
    district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> Iterator[list[Desk]]:
    center = district.new_center("幸福里")
    desks = []
    for n in (1, 2):
        desk = new_desk(tmp_path / f"desk-{n}")
        make_saturday_desk(desk, residents=0)
        code = admin.issue_enrolment_code(district.database, center)
        enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, f"前台 {n}")
        desks.append(desk)
    yield desks
    ops.wait_for_all()
    for desk in desks:
        desk.startup.db.dispose()


def _sync_on_the_network_lane(qtbot: QtBot, desk: Desk) -> SyncStatus:
    """A round as the status bar runs it: off the UI thread, the pages' events meanwhile."""
    done: list[SyncStatus] = []
    ops.run_op(lambda: SyncRunner(desk.ctx).run_once(), done.append, lane="network")
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    return done[0]


def test_a_pull_updates_the_open_pages(
    qtbot: QtBot, qapp: QApplication, two_desks: list[Desk]
) -> None:
    first, second = two_desks
    desk = DeskUi(second.ctx, Translator("zh_CN"), second.startup.settings, "幸福里", second.admin)
    # Something of this desk's own, selected on F3 before the pull.
    own = create_resident(second.ctx, second.admin, ResidentDraft(name="王五", phone="13700001111"))
    item = list_service_items(second.ctx)[0].id
    own_visit = register_visit(second.ctx, second.admin, own.id, [RequestDraft(item)])

    today, found, saturday, day = (
        TodayPage(desk),
        ResidentsPage(desk),
        SaturdayPage(desk),
        SaturdayDayPage(desk),
    )
    for page in (today, found, saturday, day):
        qtbot.addWidget(page)
        page.show()
    today.refresh(keep=own_visit.id)
    found.search.setText("张三丰")
    found.run_search()
    qtbot.waitUntil(lambda: not found.searching)
    day.date.setDate(QDate(SATURDAY.year, SATURDAY.month, SATURDAY.day))
    day.refresh()
    saturday.day = SATURDAY
    saturday.show_month()
    assert today.model.rowCount() == 1 and not found.model.residents and day.table.rowCount() == 0

    resident = create_resident(
        first.ctx, first.admin, ResidentDraft(name="张三丰", phone="13912345678")
    )
    visit = register_visit(first.ctx, first.admin, resident.id, [RequestDraft(item)])
    screens.day_overview(first.ctx, SATURDAY)
    booking = bookings.book(
        first.ctx, first.admin, slot_id(first.ctx.center_id, SATURDAY, "09:00", item), resident.id
    )
    assert SyncRunner(first.ctx).run_once().state == "online"

    assert _sync_on_the_network_lane(qtbot, second).state == "online"

    qtbot.waitUntil(lambda: today.model.row_of(visit.id) >= 0, timeout=10_000)
    assert today.selected() is not None and today.selected().id == own_visit.id  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: [r.id for r in found.model.residents] == [resident.id])
    qtbot.waitUntil(
        lambda: (
            booking.number in [day.table.item(row, 2).text() for row in range(day.table.rowCount())]
        )
    )
    qtbot.waitUntil(lambda: _booked(saturday) == 1)


def _booked(page: SaturdayPage) -> int:
    return sum(
        page.slots.item(row, 0).data(Qt.ItemDataRole.UserRole).booked
        for row in range(page.slots.rowCount())
    )
