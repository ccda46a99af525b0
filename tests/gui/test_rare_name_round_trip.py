"""A resident named 𠮷田 (U+20BB7) from the form to a printed receipt; emoji refused."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop import visits
from desktop.catalog import list_service_items
from desktop.slips.visit_slips import prepare_service_receipt
from desktop.visits import RequestDraft
from tests.cups_server import CupsServer
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.resident_form import ResidentFormDialog
from ui.pages.residents_page import ResidentsPage
from ui.printing.slip_printing import SlipPrinter

RARE = "\U00020bb7田"


def test_a_rare_name_goes_from_the_form_to_the_printed_receipt(
    qtbot: QtBot, cups: CupsServer, signed_in_ui: DeskUi, tmp_path: Path
) -> None:
    dialog = ResidentFormDialog(signed_in_ui, typed="13812345678")
    qtbot.addWidget(dialog)
    dialog.show()
    name = dialog.fields.fields["name"].editor
    name.setProperty("text", "张三😀")
    QTest.keyClick(name, Qt.Key.Key_Return)
    assert dialog.resident is None
    assert (
        "😀" in dialog.fields.fields["name"].error and "符号" in dialog.fields.fields["name"].error
    )
    assert dialog.fields.text("name") == "张三😀"  # kept as typed
    save_shot(dialog, "resident_form_emoji")
    name.setProperty("text", RARE)  # as the input method commits it
    QTest.keyClick(name, Qt.Key.Key_Return)
    assert dialog.resident is not None and dialog.resident.name == RARE

    page = ResidentsPage(signed_in_ui)
    qtbot.addWidget(page)
    page.resize(1100, 500)
    page.show()
    page.search.setText("\U00020bb7")
    page.run_search()
    qtbot.waitUntil(lambda: not page.searching)
    assert page.model.rowCount() == 1 and page.model.index(0, 0).data() == RARE
    save_shot(page, "residents_rare_name")

    item = list_service_items(signed_in_ui.ctx)[0]
    visit = visits.register_visit(
        signed_in_ui.ctx, signed_in_ui.signed_in, dialog.resident.id, [RequestDraft(item.id)]
    )
    slip = prepare_service_receipt(signed_in_ui.ctx, signed_in_ui.signed_in, visit.id)
    printer = SlipPrinter(signed_in_ui, slip)
    with qtbot.waitSignal(printer.done, timeout=30_000) as done:
        printer.print_to("Thermal80")
    assert done.args is not None and done.args[0] is True
    sent = tmp_path / "sent.pdf"
    sent.write_bytes(cups.job_document(cups.jobs()[0]))
    fonts = subprocess.run(["pdffonts", str(sent)], capture_output=True, text=True, check=True)
    assert "BabelStoneHan" in fonts.stdout
    text = subprocess.run(["pdftotext", str(sent), "-"], capture_output=True, text=True).stdout
    assert "居民：\U00020bb7*" in text  # the masked name, with its own glyph
