"""Joining the district from F9 as a user does it, against a real district process: the
signed-in desk works at once with the district's center, name, desk number and catalog,
and no round of sync runs while the desk is joining."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.models import Visit
from desktop import catalog
from desktop.center_info import center_name
from desktop.i18n import Translator
from desktop.residents import ResidentDraft, create_resident
from desktop.sync import enrolment, link
from tests.conftest import Desk
from tests.gui.conftest import save_shot
from tests.gui.district_desks import Center, gui_district, two_desks
from ui.desk_ui import DeskUi
from ui.main_window import MainWindow
from ui.pages.register_page import RegisterPage
from ui.pages.settings_page import SettingsPage
from ui.sync.status_widget import SyncStatusButton

__all__ = ["gui_district", "two_desks"]  # fixtures


def _window(qtbot: QtBot, desk: Desk) -> tuple[DeskUi, MainWindow]:
    ui = DeskUi(
        desk.ctx, Translator("zh_CN"), desk.startup.settings, center_name(desk.ctx), desk.admin
    )
    window = MainWindow(ui)
    qtbot.addWidget(window)
    window.show()
    window.unlock()
    return ui, window


def _connect(qtbot: QtBot, window: MainWindow, center: Center) -> None:
    window.show_page("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    panel = page.district
    panel.server_url.setText(center.district.base_url)
    panel.code.setText(center.code())
    shots: list[int] = []

    def shoot(value: int) -> None:  # a picture while the center's ids are being taken
        if value == 3 and not shots:
            shots.append(value)
            save_shot(panel, "connect_progress")

    panel.progress.valueChanged.connect(shoot)
    panel.start()
    assert panel.progress.isVisible() and panel.progress.maximum() == len(enrolment.STEPS)
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert "已连接" in panel.status.text(), panel.status.text()
    joined = link.connection(panel.desk.ctx)
    assert joined is not None and joined.device_id not in panel.status.text()  # words, no uuid
    assert f"第 {panel.desk.ctx.desk_slot} 号服务台" in panel.status.text()
    assert panel.steps_seen == list(enrolment.STEPS)  # every step told, in order
    assert shots and not panel.progress.isVisible()


def test_registration_works_right_after_connecting_without_signing_out(
    qtbot: QtBot, styled_app: object, two_desks: Center
) -> None:
    for number, desk in enumerate(two_desks.desks, start=1):
        _join_and_register(qtbot, two_desks, desk, number)


def _join_and_register(qtbot: QtBot, center: Center, desk: Desk, number: int) -> None:
    resident = create_resident(
        desk.ctx, desk.admin, ResidentDraft(name=f"李{number}", phone=f"1391234567{number}")
    )
    ui, window = _window(qtbot, desk)
    register = window.page("register")  # built before joining: the old catalog
    assert isinstance(register, RegisterPage)
    old_ids = {item.id for item in register.items.items}

    _connect(qtbot, window, center)

    assert desk.ctx.center_id == center.center_id
    assert ui.center_name == center.name
    status = window.center_label.text()
    assert center.name in status and f"第 {desk.ctx.desk_slot} 号服务台" in status
    assert desk.ctx.desk_slot == number  # the district numbers the desks
    assert center.name in window.windowTitle()

    window.show_page("register")  # F2 right after, same sign-in
    page = window.page("register")
    assert isinstance(page, RegisterPage)
    now_ids = {item.id for item in page.items.items}
    assert now_ids == {item.id for item in catalog.list_service_items(desk.ctx)}
    assert not now_ids & old_ids
    page.pick_resident(resident)
    page.row_widgets[0].picker.set_item(page.items.items[0])
    page.submit()
    qtbot.waitUntil(lambda: not page.writes.busy, timeout=20_000)  # on the database lane
    assert page.registered is not None, page.general_error.text()
    # desk 1 numbers A001…, desk 2 A101…
    assert page.registered.queue_number.startswith(f"{page.items.items[0].line_code}{number - 1}")
    with desk.ctx.db.read() as session:
        # (the other desk's visit may have been pulled meanwhile: count this resident's)
        mine = select(func.count()).select_from(Visit).where(Visit.resident_id == resident.id)
        assert session.scalar(mine) == 1
    save_shot(window, f"joined_desk_{number}")
    sync = window.findChild(SyncStatusButton)
    assert sync is not None
    # the first round runs at once after joining, and the district takes everything
    qtbot.waitUntil(
        lambda: not sync.busy and sync.last is not None and sync.last.state == "online",
        timeout=60_000,
    )
