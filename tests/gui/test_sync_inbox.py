"""The inbox: a Saturday booking the district refused is rebooked in one step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.models import Booking, SyncIssue
from desktop import catalog
from desktop.i18n import Translator
from desktop.saturday import bookings, screens
from desktop.saturday.slots import slot_id
from desktop.sync import inbox
from tests.conftest import Desk
from tests.gui.conftest import save_shot
from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk
from ui.desk_ui import DeskUi
from ui.printing.preview_dialog import PreviewDialog
from ui.sync.inbox_dialog import InboxDialog


def test_refused_booking_is_rebooked_and_its_confirmation_offered(
    qtbot: QtBot, styled_app: object, desk: Desk
) -> None:
    sat = make_saturday_desk(desk, residents=1)
    ctx = desk.ctx
    screens.day_overview(ctx, SATURDAY)
    refused = bookings.book(
        ctx, desk.admin, slot_id(ctx.center_id, SATURDAY, "09:00", sat.item), sat.residents[0]
    )
    with ctx.db.write() as session:
        session.add(
            SyncIssue(
                change_id="ch-1",
                entity="booking",
                entity_id=refused.id,
                status="conflict",
                reason_code="slot_full",
                reason_zh="这个时段已经约满，请改约到其他有空位的时段",
                reason_en="This slot is fully booked",
            )
        )
    ui = DeskUi(ctx, Translator("zh_CN"), desk.startup.settings, "测试中心", desk.admin)
    dialog = InboxDialog(ui)
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.items.item(0).text()
    assert "【有冲突】" in text and refused.number in text and "139****0000" in text
    assert "居民0" in text and "约满" in text  # the resident and the district's reason
    # the nearest free slots of the same service: that Saturday, closest times first
    choices = [dialog.choices.item(n).text() for n in range(dialog.choices.count())]
    service = catalog.get_service_item(ctx, sat.item).name
    assert choices and all(service in c for c in choices), choices
    assert choices[0].startswith(f"{SATURDAY:%m-%d} 周六 09:30")
    assert dialog.focusWidget() is dialog.choices and dialog.choices.currentRow() == 0
    save_shot(dialog, "sync_inbox")
    dialog.reveal_phone()
    assert "13900000000" in dialog.message.text()  # revealed on purpose, audited
    dialog.choices.setFocus()
    qtbot.keyClick(dialog.choices, Qt.Key.Key_Return)  # one key: rebook and print
    assert "已改约" in dialog.message.text() and "09:30" in dialog.message.text()
    assert inbox.open_issues(ctx, desk.admin) == [] and dialog.items.count() == 0
    with ctx.db.read() as session:
        old = session.get(Booking, refused.id)
        assert old is not None and old.status == "cancelled"
    qtbot.waitUntil(lambda: dialog.findChild(PreviewDialog) is not None)
