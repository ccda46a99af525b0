"""The recovery sheet: see it, print it (or save it as PDF where the admin chooses).

The sheet is rendered in memory and printed from memory: no copy of the key is left in the
data folder. Printing or saving it is remembered, so F9 stops reminding the admin until the
key changes (connecting to the district gives the desk the center's shared key).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.backup import admin
from desktop.backup.snapshot import new_private_file
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import Message, UserError
from desktop.i18n import Translator
from desktop.print_system.states import PrinterList, SubmittedJob
from ui.ops import Op
from ui.printing.preview_dialog import render_pages
from ui.printing.print_job import start_print
from ui.printing.printer_choice import PrinterChoice
from ui.printing.send import PrintRequest

PREVIEW_DPI = 72


class RecoverySheetDialog(QDialog):
    def __init__(
        self,
        ctx: DeskContext,
        staff: StaffIdentity,
        tr: Translator,
        parent: QWidget | None = None,
        intro_code: str = "ui.sheet.intro",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoverySheetDialog")
        self.ctx, self.staff, self.texts = ctx, staff, tr
        self.pdf = admin.recovery_sheet_pdf(ctx, staff, tr.language)  # checks the role
        self.job: Op[SubmittedJob] | None = None
        self.setWindowTitle(tr("sheet.title"))
        intro = QLabel(tr(intro_code))
        intro.setObjectName("sheetIntro")
        intro.setWordWrap(True)
        pages = QWidget()
        column = QVBoxLayout(pages)
        for pixmap in render_pages(self.pdf, PREVIEW_DPI):
            label = QLabel()
            label.setPixmap(pixmap)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(label)
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        self.printers = PrinterChoice(tr)
        self.printers.listed.connect(self._listed)
        self.printers.unavailable.connect(self._unavailable)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(tr("print.print"))
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(lambda: self.print_to(self.printers.chosen()))
        self.print_button.setEnabled(False)  # until the printers are known
        self.printers.currentIndexChanged.connect(
            lambda _: self.print_button.setEnabled(bool(self.printers.chosen()) and not self.job)
        )
        save = QPushButton(tr("print.save_pdf"))
        save.setObjectName("saveSheetPdf")
        save.clicked.connect(self.choose_file)
        save.setAutoDefault(False)
        close = QPushButton(tr("print.close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("print.printer")))
        bar.addWidget(self.printers, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.print_button.setDefault(True)
        self.resize(700, 780)
        self.printers.look_up()

    def _unavailable(self, message: Message) -> None:
        self.status.setText(self.texts.message(message))

    def _listed(self, printers: PrinterList) -> None:
        if not printers.printers:
            self.status.setText(self.texts("ui.sheet.no_printer"))
            return
        self.printers.choose(printers.default)

    def print_to(self, printer: str, pdf_file: Path | None = None) -> None:
        """Print on ``printer`` (or through Qt's print path into ``pdf_file``)."""
        if self.job is not None:
            return
        self.print_button.setEnabled(False)
        self.status.setText(self.texts("print.printing"))
        request = PrintRequest(self.pdf, printer, self.texts("sheet.title"), "A4", pdf_file)
        self.job = start_print(request, self._printed, self._failed, owner=self)

    def _printed(self, job: SubmittedJob) -> None:
        self.job = None
        self.print_button.setEnabled(True)
        admin.mark_sheet_printed(self.ctx, self.staff)
        self.status.setText(self.texts("ui.sheet.printed", printer=job.printer))

    def _failed(self, error: UserError) -> None:
        self.job = None
        self.print_button.setEnabled(True)
        self.status.setText(self.texts.message(error.message))

    def choose_file(self) -> None:
        suggested = str(Path.home() / f"{self.texts('sheet.title')}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, self.texts("print.save_pdf"), suggested, "PDF (*.pdf)"
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """The sheet as a PDF file only its owner can read; said where it went."""
        try:
            new_private_file(path)
            path.write_bytes(self.pdf)
        except OSError as error:
            self.status.setText(self.texts("ui.sheet.not_saved", reason=error.strerror or ""))
            return
        admin.mark_sheet_printed(self.ctx, self.staff)
        self.status.setText(self.texts("ui.sheet.saved", path=str(path)))
