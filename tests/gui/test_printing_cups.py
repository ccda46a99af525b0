"""Printing against a real CUPS scheduler: a print counts only when a job exists, every
printer fault is said in words, and a sick print service never holds the screen."""

from __future__ import annotations

import itertools
import subprocess
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Slip
from desktop import visits
from desktop.catalog import list_service_items
from desktop.print_system import cups as cups_client
from desktop.residents import ResidentSummary
from desktop.settings import change_setting
from desktop.slips import service
from desktop.slips.visit_slips import prepare_queue_ticket, prepare_service_receipt
from desktop.visits import RequestDraft
from tests.cups_server import CupsServer
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.printing.preview_dialog import PreviewDialog
from ui.printing.quick_print import print_slip
from ui.printing.slip_printing import SlipPrinter


def _visit(desk: DeskUi, resident: ResidentSummary) -> str:
    items = list_service_items(desk.ctx)
    return visits.register_visit(
        desk.ctx, desk.signed_in, resident.id, [RequestDraft(items[0].id, description="低保")]
    ).id


def _print_count(desk: DeskUi) -> int:
    with desk.ctx.db.read() as session:
        return sum(session.scalars(select(Slip.print_count)))


def _print(qtbot: QtBot, desk: DeskUi, printer: SlipPrinter, name: str) -> tuple[bool, str]:
    with qtbot.waitSignal(printer.done, timeout=30_000) as done:
        printer.print_to(name)
    assert done.args is not None
    return bool(done.args[0]), str(done.args[1])


def test_a_slip_goes_to_cups_as_its_own_pdf_with_its_size_and_number(
    qtbot: QtBot, cups: CupsServer, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    slip = prepare_service_receipt(
        signed_in_ui.ctx, signed_in_ui.signed_in, _visit(signed_in_ui, zhang_san)
    )
    ok, said = _print(qtbot, signed_in_ui, SlipPrinter(signed_in_ui, slip), "Thermal80")
    assert ok, said
    assert "Thermal80" in said and "Thermal80-1" in said
    assert cups.jobs() == ["Thermal80-1"]
    control = cups.job_control("Thermal80-1")
    assert slip.number.encode() in control  # the queue shows the slip number as the job name
    assert b"Custom.226.77x" in control  # an 80 mm roll page exactly as tall as the slip
    assert cups.job_document("Thermal80-1") == slip.pdf  # the vector PDF itself, no raster
    assert _print_count(signed_in_ui) == 1


def test_a_queue_refusing_jobs_prints_nothing_counts_nothing_and_says_why(
    qtbot: QtBot, cups: CupsServer, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    cups.admin("cupsreject", "-r", "Paper jam", "Thermal80")
    visit_id = _visit(signed_in_ui, zhang_san)
    slip = prepare_queue_ticket(signed_in_ui.ctx, signed_in_ui.signed_in, visit_id)
    ok, said = _print(qtbot, signed_in_ui, SlipPrinter(signed_in_ui, slip), "Thermal80")
    assert not ok
    assert "拒收作业" in said and "Paper jam" in said and "没有计数" in said
    assert cups.jobs() == [] and _print_count(signed_in_ui) == 0
    again = prepare_queue_ticket(signed_in_ui.ctx, signed_in_ui.signed_in, visit_id)
    assert again.copy == 1  # the resident's slip is still a first print, not 补打


def test_a_stopped_printer_is_said_in_words_and_no_job_waits_on_it(
    qtbot: QtBot, cups: CupsServer, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    cups.admin("cupsdisable", "-r", "Out of paper", "Thermal80")
    slip = prepare_queue_ticket(
        signed_in_ui.ctx, signed_in_ui.signed_in, _visit(signed_in_ui, zhang_san)
    )
    ok, said = _print(qtbot, signed_in_ui, SlipPrinter(signed_in_ui, slip), "Thermal80")
    assert not ok
    assert "已停用" in said and "Out of paper" in said
    assert cups.jobs() == [] and _print_count(signed_in_ui) == 0


def test_the_preview_lists_each_printer_with_its_state(
    qtbot: QtBot, cups: CupsServer, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    cups.admin("cupsdisable", "-r", "Out of paper", "Laser")
    slip = prepare_service_receipt(
        signed_in_ui.ctx, signed_in_ui.signed_in, _visit(signed_in_ui, zhang_san)
    )
    dialog = PreviewDialog(signed_in_ui, slip)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.printers.isEnabled, timeout=10_000)
    texts = [dialog.printers.itemText(i) for i in range(2)]
    assert texts == ["Laser（已停用（Out of paper））", "Thermal80（空闲）"]
    assert dialog.printers.chosen() == "Thermal80"  # the system's default
    assert dialog.print_button.isEnabled()
    save_shot(dialog, "print_preview_cups")
    dialog.reject()


def test_a_deleted_remembered_printer_is_said_and_asked_never_replaced(
    qtbot: QtBot, cups: CupsServer, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    ctx = signed_in_ui.ctx
    service.remember_printer(ctx, signed_in_ui.signed_in, "queue_ticket", "Laser")
    cups.admin("lpadmin", "-x", "Laser")
    parent = QWidget()
    qtbot.addWidget(parent)
    said: list[tuple[bool, str]] = []
    visit_id = _visit(signed_in_ui, zhang_san)
    print_slip(
        parent,
        signed_in_ui,
        lambda: prepare_queue_ticket(ctx, signed_in_ui.signed_in, visit_id),
        lambda ok, text: said.append((ok, text)),
    )
    qtbot.waitUntil(lambda: parent.findChild(PreviewDialog) is not None, timeout=20_000)
    dialog = parent.findChild(PreviewDialog)
    assert isinstance(dialog, PreviewDialog)
    assert said[-1][0] is False and "找不到打印机“Laser”" in said[-1][1]
    qtbot.waitUntil(dialog.printers.isEnabled, timeout=10_000)
    assert "Laser" in dialog.status.text() and "已不在" in dialog.status.text()
    assert dialog.printers.chosen() == "" and not dialog.print_button.isEnabled()
    assert service.slip_options(ctx, "queue_ticket").printer == "Laser"  # unchanged
    assert cups.jobs() == [] and _print_count(signed_in_ui) == 0
    save_shot(dialog, "print_preview_printer_gone")
    dialog.printers.setCurrentIndex(0)  # she chooses Thermal80
    dialog.printers.activated.emit(0)
    assert dialog.remember.isChecked()
    with qtbot.waitSignal(dialog.printer.done, timeout=30_000):
        dialog.print_slip()
    assert cups.jobs() == ["Thermal80-1"]
    assert service.slip_options(ctx, "queue_ticket").printer == "Thermal80"


def test_a_frozen_print_service_never_holds_the_screen(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    cups: CupsServer,
    signed_in_ui: DeskUi,
    zhang_san: ResidentSummary,
) -> None:
    monkeypatch.setattr(cups_client, "ASK_SECONDS", 1.5)
    slip = prepare_service_receipt(
        signed_in_ui.ctx, signed_in_ui.signed_in, _visit(signed_in_ui, zhang_san)
    )
    ticks: list[float] = []
    beat = QTimer()
    beat.timeout.connect(lambda: ticks.append(time.monotonic()))
    beat.start(20)
    cups.freeze()
    try:
        started = time.monotonic()
        dialog = PreviewDialog(signed_in_ui, slip)
        qtbot.addWidget(dialog)
        dialog.show()
        assert time.monotonic() - started < 1.0  # the dialog opens at once
        qtbot.waitUntil(lambda: "没有响应" in dialog.status.text(), timeout=15_000)
        printer = SlipPrinter(signed_in_ui, slip)
        ok, said = _print(qtbot, signed_in_ui, printer, "Thermal80")
    finally:
        cups.thaw()
        beat.stop()
    assert not ok and "没有响应" in said and _print_count(signed_in_ui) == 0
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 50 and max(gaps) < 0.5  # the screen kept answering throughout
    dialog.reject()


def test_an_unmasked_receipt_reaches_the_printer_in_full_and_the_data_folder_never(
    qtbot: QtBot, cups: CupsServer, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    ctx = signed_in_ui.ctx
    change_setting(ctx, signed_in_ui.signed_in, "slip.service_receipt.unmask", True)
    slip = prepare_service_receipt(ctx, signed_in_ui.signed_in, _visit(signed_in_ui, zhang_san))
    ok, said = _print(qtbot, signed_in_ui, SlipPrinter(signed_in_ui, slip), "Thermal80")
    assert ok, said
    printed = subprocess.run(
        ["pdftotext", "-", "-"], input=cups.job_document("Thermal80-1"), capture_output=True
    ).stdout.decode()
    assert "13812345678" in printed  # the paper carries the full number, as set in F9
    ctx.db.engine.dispose()  # the WAL checkpointed into the database file, too
    holding = [
        path.name
        for path in ctx.paths.root.rglob("*")
        if path.is_file() and b"13812345678" in path.read_bytes()
    ]
    assert holding == []
    kept = [path for path in ctx.paths.slips.glob("*.pdf")]
    assert len(kept) == 1
    text = subprocess.run(["pdftotext", str(kept[0]), "-"], capture_output=True).stdout.decode()
    assert "138****5678" in text and "13812345678" not in text
