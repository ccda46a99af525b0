"""The preview fits the page to the window, zooms with Ctrl+plus/minus, turns pages with
PgUp/PgDn, and opens without rendering every page first."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.slips.paper import paper
from desktop.slips.render import render_slip
from desktop.slips.service import PreparedSlip
from tests.gui.conftest import save_shot
from tests.unit.test_slip_layout import day_sheet
from ui.desk_ui import DeskUi
from ui.printing.preview_dialog import PreviewDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_day_sheet_preview_fits_zooms_and_turns_pages(
    qtbot: QtBot, signed_in_ui: DeskUi, tmp_path: Path
) -> None:
    pdf = render_slip(day_sheet(per_slot=30), paper("A4"))
    slip = PreparedSlip("s1", "day_sheet", "D2026112810001", 1, "A4", "", pdf, tmp_path / "d.pdf")
    started = time.monotonic()
    dialog = PreviewDialog(signed_in_ui, slip)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    opened = time.monotonic() - started
    view = dialog.pages
    assert view.pages >= 2
    qtbot.wait(100)  # the page is fitted again once the window has its size
    assert view.fitted  # the whole sheet in the window
    shown = view.sheet.pixmap().size()
    assert shown.height() <= view.viewport().height() and shown.width() <= view.viewport().width()
    assert (
        dialog.height() >= 680
        or dialog.height() >= dialog.screen().availableGeometry().height() - 60
    )
    save_shot(dialog, "print_preview_day_sheet")
    fitted = view.scale
    QTest.keyClick(dialog, Qt.Key.Key_Plus, CTRL)
    assert not view.fitted and view.scale > fitted
    assert view.sheet.pixmap().height() > shown.height()
    QTest.keyClick(dialog, Qt.Key.Key_Minus, CTRL)
    QTest.keyClick(dialog, Qt.Key.Key_Minus, CTRL)
    assert view.scale < fitted
    QTest.keyClick(dialog, Qt.Key.Key_0, CTRL)
    assert view.fitted and view.scale == fitted
    QTest.keyClick(dialog, Qt.Key.Key_PageDown)
    assert view.page == 1
    QTest.keyClick(dialog, Qt.Key.Key_PageUp)
    assert view.page == 0
    assert opened < 2.0, opened  # no page is rendered before the dialog shows
    dialog.reject()
