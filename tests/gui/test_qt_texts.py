"""The file dialog of 另存为 PDF speaks Chinese throughout (no "Look in:" beside 文件名称)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from tests.gui.conftest import save_shot

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def test_the_save_dialog_has_no_english_words(
    qtbot: QtBot, styled_app: QApplication, tmp_path: Path
) -> None:
    dialog = QFileDialog(None, "另存为 PDF", str(tmp_path), "PDF (*.pdf)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.resize(760, 460)
    dialog.show()
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() or w.toolTip() for w in dialog.findChildren(QAbstractButton)]
    english = [t for t in texts if ENGLISH.search(t.replace("PDF", ""))]
    assert english == []
    assert {"查找范围(&L)：", "文件类型(&T)：", "文件名称(&N)：", "保存(&S)", "取消"} <= set(texts)
    save_shot(dialog, "save_pdf_dialog")
