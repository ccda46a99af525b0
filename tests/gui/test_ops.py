"""Work off the UI thread (ui.ops): results come back on the UI thread, failures are said
in words and logged."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.errors import UserError
from desktop.i18n import Translator
from ui import ops


def _broken() -> int:
    raise RuntimeError("the disk went away")


def test_the_result_comes_back_on_the_ui_thread(qtbot: QtBot) -> None:
    threads: list[str] = []
    results: list[int] = []

    def work() -> int:
        threads.append(threading.current_thread().name)
        return 42

    def done(result: int) -> None:
        threads.append(threading.current_thread().name)
        results.append(result)

    op = ops.run_op(work, done, lane="database")
    qtbot.waitUntil(lambda: not op.running)
    assert results == [42]
    assert threads[0] != threading.main_thread().name
    assert threads[1] == threading.main_thread().name


def test_an_unexpected_failure_is_said_in_words_and_logged(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    failures: list[UserError] = []
    with caplog.at_level(logging.ERROR, logger="ui.ops"):
        op = ops.run_op(_broken, lambda n: None, failures.append, what="resident search")
        qtbot.waitUntil(lambda: not op.running)
    assert [f.message.code for f in failures] == ["ui.app.unexpected"]
    assert Translator("zh_CN").message(failures[0].message)  # words, not a code
    record = next(r for r in caplog.records if r.name == "ui.ops")
    assert record.getMessage() == "resident search failed"
    assert record.exc_info is not None and "the disk went away" in str(record.exc_info[1])


def test_a_refusal_comes_back_as_it_was_raised(qtbot: QtBot) -> None:
    failures: list[UserError] = []

    def refused() -> None:
        raise UserError("print.failed", path="/tmp/x.pdf")

    op = ops.run_op(refused, lambda n: None, failures.append, lane="printer")
    qtbot.waitUntil(lambda: not op.running)
    assert failures[0].message.code == "print.failed"
    assert failures[0].message.params == {"path": "/tmp/x.pdf"}


def test_without_a_handler_the_failure_is_shown_over_its_screen(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    screen = QWidget()
    qtbot.addWidget(screen)
    screen.show()
    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(20, read_and_close)
    with caplog.at_level(logging.ERROR, logger="ui.ops"):
        op = ops.run_op(_broken, lambda n: None, owner=screen, tr=Translator("zh_CN"))
        qtbot.waitUntil(lambda: not op.running)
    assert shown == [Translator("zh_CN")("ui.app.unexpected")]
    assert any(r.getMessage() == "background work failed" for r in caplog.records)


def test_a_closed_screen_is_not_called_back(qtbot: QtBot) -> None:
    screen = QWidget()
    gate = threading.Event()
    called: list[int] = []
    op = ops.run_op(lambda: gate.wait(5) and 1, called.append, owner=screen)
    screen.deleteLater()
    qtbot.waitUntil(lambda: not _alive(screen))
    gate.set()
    qtbot.waitUntil(lambda: not op.running)
    assert called == []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
