"""Print preview: the slip as it will come out, the printer to use, print or save as PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import Message
from desktop.print_system.states import PrinterList
from desktop.slips.service import PreparedSlip
from ui.desk_ui import DeskUi
from ui.printing.page_view import SlipPageView
from ui.printing.printer_choice import PrinterChoice, state_words
from ui.printing.slip_printing import SlipPrinter

PREVIEW_DPI = 110


def render_pages(pdf: bytes, dpi: int = PREVIEW_DPI) -> list[QPixmap]:
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    pages = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
        pages.append(QPixmap.fromImage(document.render(page, size)))
    document.close()
    buffer.close()
    return pages


def _preview_size(dialog: QWidget, paper: str) -> tuple[int, int]:
    """Tall enough for a whole sheet where the screen allows; a roll slip stays narrow."""
    screen = dialog.screen().availableGeometry()
    height = min(900, screen.height() - 60)
    width = 560 if paper.endswith("mm") else min(820, screen.width() - 80)
    return width, max(480, height)


class PreviewDialog(QDialog):
    def __init__(self, desk: DeskUi, slip: PreparedSlip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.desk = desk
        self.slip = slip
        tr = desk.tr
        self.setWindowTitle(tr("print.preview.title", kind=tr(f"print.kind.{slip.kind}")))

        self.pages = SlipPageView(slip.pdf, roll=slip.paper.endswith("mm"), parent=self)
        keys = QLabel(tr("print.preview.keys"))
        keys.setObjectName("muted")
        keys.setWordWrap(True)

        self.printers = PrinterChoice(desk.tr)
        self.printers.listed.connect(self._listed)
        self.printers.unavailable.connect(self._unavailable)
        self.printers.activated.connect(self._chosen_by_user)
        self.printers.currentIndexChanged.connect(self._show_state)
        kind = tr(f"print.kind.{slip.kind}")
        self.remember = QCheckBox(tr("print.remember", kind=kind))
        self.remember.setObjectName("rememberPrinter")
        self.remember.setChecked(not slip.printer)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(tr("print.print"))
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_slip)
        self.print_button.setEnabled(False)  # until the printers are known
        save = QPushButton(tr("print.save_pdf"))
        save.clicked.connect(self.save_pdf)
        close = QPushButton(tr("print.close"))
        close.clicked.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("print.printer")))
        bar.addWidget(self.printers, 1)
        bar.addWidget(QLabel(f"{tr('print.paper')}：{slip.paper}"))
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(keys)
        layout.addLayout(bar)
        layout.addWidget(self.remember)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(*_preview_size(self, slip.paper))

        self.printer = SlipPrinter(desk, slip, self)
        self.printer.done.connect(self._done)
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.print_slip)
        for key, action in (
            ("Ctrl++", lambda: self.pages.zoom(1)),
            ("Ctrl+=", lambda: self.pages.zoom(1)),
            ("Ctrl+-", lambda: self.pages.zoom(-1)),
            ("Ctrl+0", self.pages.fit),
            ("PgDown", lambda: self.pages.turn(1)),
            ("PgUp", lambda: self.pages.turn(-1)),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(action)
        self.print_button.setDefault(True)
        self.status.setText(tr("print.finding"))
        self.printers.look_up()

    def _listed(self, printers: PrinterList) -> None:
        tr = self.desk.tr
        if not printers.printers:
            self._say(tr("print.no_printer", path=str(self.slip.pdf_path)), warning=True)
            return
        remembered = self.slip.printer
        if remembered and printers.named(remembered) is None:
            # never silently another printer: say the remembered one is gone and ask
            self._say(
                tr(
                    "print.remembered_gone",
                    kind=tr(f"print.kind.{self.slip.kind}"),
                    printer=remembered,
                ),
                warning=True,
            )
            self.remember.setChecked(True)
            self.printers.setFocus()
            return
        self.printers.choose(remembered or printers.default)
        self._show_state()

    def _unavailable(self, message: Message) -> None:
        params = {**message.params, "path": str(self.slip.pdf_path)}
        self._say(self.desk.tr(message.code, **params), warning=True)

    def _chosen_by_user(self, _index: int) -> None:
        self._show_state()

    def _show_state(self) -> None:
        status = self.printers.chosen_status()
        self.print_button.setEnabled(status is not None and not self.printer.busy)
        if status is not None:
            self._say(
                self.desk.tr(
                    "print.state.line",
                    printer=status.name,
                    state=state_words(self.desk.tr, status),
                ),
                warning=not status.ready,
            )

    def print_slip(self) -> None:
        if self.printer.busy or not self.print_button.isEnabled():
            return
        self.print_button.setEnabled(False)
        self.status.setText(self.desk.tr("print.printing"))
        self.printer.print_to(self.printers.chosen(), remember=self.remember.isChecked())

    def done(self, result: int) -> None:
        self.pages.release()
        super().done(result)

    def _say(self, text: str, warning: bool = False) -> None:
        self.status.setObjectName("warning" if warning else "muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)

    def _done(self, ok: bool, message: str) -> None:
        self._say(message, warning=not ok)
        self.print_button.setEnabled(self.printers.chosen_status() is not None)
        if ok:
            self.accept()

    def save_pdf(self) -> None:
        suggested = str(Path.home() / f"{self.slip.number}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, self.desk.tr("print.save_pdf"), suggested, "PDF (*.pdf)"
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        shutil.copyfile(self.slip.pdf_path, path)
        self.status.setText(self.desk.tr("print.saved", path=str(path)))
