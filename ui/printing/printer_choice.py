"""The printer box of the preview: filled off the UI thread, each printer with its state."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.errors import Message
from desktop.i18n import Translator
from desktop.print_system.states import PrinterCondition, PrinterList, PrinterStatus
from ui.printing.print_job import PrinterFinder


def state_words(tr: Translator, status: PrinterStatus) -> str:
    """A printer's state as the desk says it: 空闲, 正在打印, 已停用（原因）, 拒收作业（原因）."""
    if not status.accepting:
        state = tr("print.state.refusing")
    elif status.condition is PrinterCondition.STOPPED:
        state = tr("print.state.stopped")
    elif status.condition is PrinterCondition.PRINTING:
        state = tr("print.state.printing")
    else:
        return tr("print.state.idle")
    return tr("print.state.reason", state=state, reason=status.reason) if status.reason else state


class PrinterChoice(QComboBox):
    """Lists printers as "name（state）"; the item data is the printer's name."""

    listed = Signal(object)  # PrinterList, once found
    unavailable = Signal(object)  # Message: the print service could not say

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerChoice")
        self.tr_ = tr
        self.printers = PrinterList((), "")
        self.addItem(tr("print.finding"))
        self.setEnabled(False)
        self.finder = PrinterFinder(self)
        self.finder.found.connect(self._fill)
        self.finder.failed.connect(self._failed)

    def look_up(self) -> None:
        self.finder.start()

    def _fill(self, printers: PrinterList) -> None:
        self.printers = printers
        self.clear()
        for status in printers.printers:
            self.addItem(f"{status.name}（{state_words(self.tr_, status)}）", status.name)
        self.setCurrentIndex(-1)
        self.setPlaceholderText(self.tr_("print.choose_printer"))
        self.setEnabled(bool(printers.printers))
        self.listed.emit(printers)

    def _failed(self, message: Message) -> None:
        self.clear()
        self.setEnabled(False)
        self.unavailable.emit(message)

    def chosen(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def choose(self, name: str) -> None:
        index = self.findData(name)
        self.setCurrentIndex(index)

    def chosen_status(self) -> PrinterStatus | None:
        return self.printers.named(self.chosen())
