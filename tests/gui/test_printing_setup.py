"""F9 设置 → 打印: printer and paper per slip kind, a test print, the receipt printed by
itself once a visit is 办结; against a real CUPS scheduler."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import auth, visits
from desktop.catalog import list_service_items
from desktop.context import StaffIdentity
from desktop.errors import UserError
from desktop.residents import ResidentSummary
from desktop.slips import service
from desktop.slips.print_setup import print_setup, save_print_setup
from desktop.slips.visit_slips import prepare_service_receipt
from desktop.visits import RequestDraft
from tests.cups_server import CupsServer
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.outcome import OutcomeDialog
from ui.pages.settings_page import SettingsPage
from ui.pages.today_page import TodayPage
from ui.printing.settings_section import PrintingSection


def test_the_admin_sets_printer_and_paper_per_slip_and_test_prints(
    qtbot: QtBot, cups: CupsServer, signed_in_ui: DeskUi
) -> None:
    service.remember_printer(
        signed_in_ui.ctx, signed_in_ui.signed_in, "day_sheet", "OldLaser"
    )  # since deleted
    page = SettingsPage(signed_in_ui)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    section = page.findChild(PrintingSection)
    assert isinstance(section, PrintingSection)
    ticket = section.printers["queue_ticket"]
    qtbot.waitUntil(lambda: ticket.count() == 3, timeout=10_000)  # ask, Laser, Thermal80
    assert [ticket.itemText(i) for i in range(3)] == [
        "（每次询问）",
        "Laser（空闲）",
        "Thermal80（空闲）",
    ]
    sheet = section.printers["day_sheet"]
    assert sheet.currentData() == "OldLaser" and "已不在" in sheet.currentText()
    ticket.setCurrentIndex(ticket.findData("Thermal80"))
    section.papers["queue_ticket"].setCurrentIndex(section.papers["queue_ticket"].findData("58mm"))
    section.auto_receipt.setChecked(True)
    section.save_button.click()
    assert section.status.text() == "打印设置已保存"
    saved = print_setup(signed_in_ui.ctx)
    assert saved.of("queue_ticket").printer == "Thermal80"
    assert saved.of("queue_ticket").paper == "58mm"
    assert saved.of("day_sheet").printer == "OldLaser"  # never swapped unasked
    assert saved.auto_print_receipt

    section.tests["queue_ticket"].click()
    qtbot.waitUntil(lambda: "测试页已送到" in section.status.text(), timeout=20_000)
    assert cups.jobs() == ["Thermal80-1"]
    control = cups.job_control("Thermal80-1")
    assert "打印测试".encode() in control and b"Custom.164.41x" in control  # 58 mm wide
    save_shot(section, "settings_printing")


def test_only_a_center_admin_changes_the_printing_settings(
    signed_in_ui: DeskUi, admin: StaffIdentity
) -> None:
    ctx = signed_in_ui.ctx
    auth.create_staff(ctx, admin, "qiantai", "李前台", "front_desk", "desk-pass-2026")
    clerk = auth.sign_in(ctx, "qiantai", "desk-pass-2026")
    setup = print_setup(ctx)
    with pytest.raises(UserError) as refused:
        save_print_setup(ctx, clerk, setup)
    assert refused.value.message.code == "access.not_allowed"
    page = SettingsPage(
        DeskUi(ctx, signed_in_ui.tr, signed_in_ui.settings, signed_in_ui.center_name, clerk)
    )
    assert page.findChild(PrintingSection) is None


def test_the_receipt_prints_by_itself_once_a_visit_is_closed(
    qtbot: QtBot,
    cups: CupsServer,
    signed_in_ui: DeskUi,
    admin: StaffIdentity,
    zhang_san: ResidentSummary,
) -> None:
    ctx = signed_in_ui.ctx
    setup = print_setup(ctx)
    kinds = tuple(
        k.__class__(k.kind, "Thermal80", k.paper) if k.kind == "service_receipt" else k
        for k in setup.kinds
    )
    save_print_setup(ctx, admin, setup.__class__(kinds, True))
    item = list_service_items(ctx)[0]
    visit = visits.register_visit(ctx, admin, zhang_san.id, [RequestDraft(item.id)])
    page = TodayPage(signed_in_ui)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.table.selectRow(page.model.row_of(visit.id))

    def done_on_the_spot() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, OutcomeDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("done"))
        dialog.save()

    QTimer.singleShot(100, done_on_the_spot)
    page.record_outcome()
    qtbot.waitUntil(lambda: "已接收" in page.print_status.text(), timeout=20_000)
    assert cups.jobs() == ["Thermal80-1"]
    assert prepare_service_receipt(ctx, admin, visit.id).copy == 2  # counted: next is 补打
