"""New resident: errors next to the fields, prefill from the search, duplicates offered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.residents import ResidentSummary
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.resident_form import ResidentFormDialog, prefill


def test_prefill_takes_a_phone_or_a_chinese_name() -> None:
    assert prefill("13812345678").phone == "13812345678"
    assert prefill("张三").name == "张三"
    assert prefill("zs") == prefill("")


def test_bad_input_is_shown_by_the_field_and_kept(qtbot: QtBot, signed_in_ui: DeskUi) -> None:
    dialog = ResidentFormDialog(signed_in_ui, typed="13812345678")
    qtbot.addWidget(dialog)
    dialog.show()
    editors = {name: field.editor for name, field in dialog.fields.fields.items()}
    assert dialog.fields.text("phone") == "13812345678"
    QTest.keyClicks(editors["id_number"], "110101199003071235")  # wrong check digit
    QTest.keyClick(editors["id_number"], Qt.Key.Key_Return)
    assert dialog.resident is None and dialog.isVisible()
    assert dialog.fields.fields["name"].error == "此项必填"
    assert dialog.fields.fields["id_number"].error != ""
    assert dialog.fields.fields["phone"].error == ""
    assert dialog.fields.text("id_number") == "110101199003071235"
    save_shot(dialog, "resident_form_error")


def test_duplicate_offers_the_existing_record_and_enter_picks_it(
    qtbot: QtBot, signed_in_ui: DeskUi, zhang_san: ResidentSummary
) -> None:
    dialog = ResidentFormDialog(signed_in_ui, typed="13812345678")
    qtbot.addWidget(dialog)
    dialog.show()
    name = dialog.fields.fields["name"].editor
    QTest.keyClicks(name, "zs")
    name.setProperty("text", "张三")  # as the input method commits it
    QTest.keyClick(name, Qt.Key.Key_Return)
    assert not dialog.duplicate_box.isHidden()
    assert dialog.matches == [zhang_san]
    save_shot(dialog, "resident_form_duplicate")
    QTest.keyClick(dialog.use_button, Qt.Key.Key_Return)
    assert dialog.resident == zhang_san
    assert not dialog.isVisible()
