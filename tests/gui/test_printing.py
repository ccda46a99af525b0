"""Printing slips through Qt: the real QPrinter path, off the UI thread, previews, failures."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Slip
from desktop import visits
from desktop.catalog import list_service_items
from desktop.errors import UserError
from desktop.residents import ResidentSummary
from desktop.slips.paper import paper
from desktop.slips.visit_slips import prepare_queue_ticket, prepare_service_receipt
from desktop.visits import RequestDraft
from tests.cups_server import CupsServer
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.pages.today_page import TodayPage
from ui.printing.pdf_printer import PrintTarget, print_pdf
from ui.printing.preview_dialog import PreviewDialog
from ui.printing.send import PrintRequest, send
from ui.printing.slip_printing import SlipPrinter


def _visit(desk: DeskUi, resident: ResidentSummary) -> str:
    items = list_service_items(desk.ctx)
    drafts = [RequestDraft(items[0].id, description="想申请低保"), RequestDraft(items[5].id)]
    return visits.register_visit(desk.ctx, desk.signed_in, resident.id, drafts).id


def _page_size(path: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Page size:"))
    parts = line.split(":", 1)[1].split()
    return float(parts[0]), float(parts[2])


def test_qprinter_prints_a_roll_width_page_without_margins_or_tail(
    signed_in_ui: DeskUi, zhang_san: ResidentSummary, tmp_path: Path
) -> None:
    slip = prepare_service_receipt(
        signed_in_ui.ctx, signed_in_ui.signed_in, _visit(signed_in_ui, zhang_san)
    )
    out = tmp_path / "printed.pdf"
    assert print_pdf(slip.pdf, PrintTarget(pdf_file=out)) == str(out)
    width, height = _page_size(out)
    source_width, source_height = _page_size(slip.pdf_path)
    assert width == pytest.approx(paper("80mm").width, abs=1.0)
    assert height == pytest.approx(source_height, abs=1.0) and source_width == pytest.approx(
        width, abs=1.0
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(out), str(tmp_path / "printed")], check=True
    )
    assert list(tmp_path.glob("printed*.png"))


def test_no_printer_a_missing_one_and_no_print_service_are_said_plainly(
    cups: CupsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UserError) as raised:
        send(PrintRequest(b"%PDF-1.4", "Thermal-58", "Q1", "58mm"))
    assert raised.value.message.code == "print.printer_missing"
    cups.admin("lpadmin", "-x", "Thermal80")
    cups.admin("lpadmin", "-x", "Laser")
    with pytest.raises(UserError) as raised:
        send(PrintRequest(b"%PDF-1.4", "", "Q1", "58mm"))
    assert raised.value.message.code == "print.no_printer"
    monkeypatch.setenv("CUPS_SERVER", "/nonexistent/desk-tests/cups.sock")
    with pytest.raises(UserError) as raised:
        send(PrintRequest(b"%PDF-1.4", "Thermal80", "Q1", "58mm"))
    assert raised.value.message.code == "print.service_down"


def test_printing_runs_off_the_ui_thread_and_counts_the_print(
    qtbot: QtBot, signed_in_ui: DeskUi, zhang_san: ResidentSummary, tmp_path: Path
) -> None:
    visit_id = _visit(signed_in_ui, zhang_san)
    slip = prepare_queue_ticket(signed_in_ui.ctx, signed_in_ui.signed_in, visit_id)
    printer = SlipPrinter(signed_in_ui, slip)
    with qtbot.waitSignal(printer.done, timeout=10_000) as done:
        printer.print_to("", pdf_file=tmp_path / "out.pdf")
        assert printer.busy  # returned at once; the job runs on the thread pool
    assert done.args is not None and done.args[0] is True
    with signed_in_ui.ctx.db.read() as session:
        assert session.scalars(select(Slip.print_count)).one() == 1
    again = prepare_queue_ticket(signed_in_ui.ctx, signed_in_ui.signed_in, visit_id)
    assert again.copy == 2


def test_preview_shows_the_slip_and_saves_it_as_pdf(
    qtbot: QtBot,
    cups: CupsServer,
    signed_in_ui: DeskUi,
    zhang_san: ResidentSummary,
    tmp_path: Path,
) -> None:
    cups.admin("lpadmin", "-x", "Thermal80")
    cups.admin("lpadmin", "-x", "Laser")
    slip = prepare_service_receipt(
        signed_in_ui.ctx, signed_in_ui.signed_in, _visit(signed_in_ui, zhang_san)
    )
    dialog = PreviewDialog(signed_in_ui, slip)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "没有可用的打印机" in dialog.status.text(), timeout=10_000)
    assert not dialog.print_button.isEnabled()
    assert str(slip.pdf_path) in dialog.status.text() and "没有可用的打印机" in dialog.status.text()
    save_shot(dialog, "print_preview")
    dialog.save_to(tmp_path / "copy.pdf")
    assert (tmp_path / "copy.pdf").read_bytes() == slip.pdf
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_ctrl_p_on_today_page_opens_the_receipt_preview_when_no_printer_is_remembered(
    qtbot: QtBot,
    signed_in_ui: DeskUi,
    zhang_san: ResidentSummary,
) -> None:
    _visit(signed_in_ui, zhang_san)
    page = TodayPage(signed_in_ui)
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.refresh()
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.findChild(PreviewDialog) is not None)
    dialog = page.findChild(PreviewDialog)
    assert isinstance(dialog, PreviewDialog) and dialog.slip.kind == "service_receipt"
    dialog.reject()
