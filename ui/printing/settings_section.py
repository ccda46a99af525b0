"""F9 设置 → 打印 (center admin): per slip kind the printer and the paper, a test print,
and whether the service receipt prints by itself once a visit is 办结.

Printers are listed off the UI thread; a saved printer the system no longer has stays
chosen and is marked gone, so saving never swaps it for another one unasked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from desktop.errors import Message, UserError
from desktop.print_system.states import PrinterList, SubmittedJob
from desktop.settings import PAPER_SIZES, SLIP_KINDS
from desktop.slips.print_setup import (
    KindSetup,
    PrintSetup,
    print_setup,
    save_print_setup,
    test_page,
)
from ui.desk_ui import DeskUi
from ui.printing.print_job import PrinterFinder, start_print
from ui.printing.printer_choice import state_words
from ui.printing.send import PrintRequest


class PrintingSection(QGroupBox):
    def __init__(self, desk: DeskUi) -> None:
        super().__init__(desk.tr("print.setup.title"))
        self.setObjectName("printingSection")
        self.desk = desk
        tr = desk.tr
        setup = print_setup(desk.ctx)
        self.printers: dict[str, QComboBox] = {}
        self.papers: dict[str, QComboBox] = {}
        self.tests: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel(tr("print.setup.kind")), 0, 0)
        grid.addWidget(QLabel(tr("print.printer")), 0, 1)
        grid.addWidget(QLabel(tr("print.paper")), 0, 2)
        for row, kind in enumerate(SLIP_KINDS, start=1):
            saved = setup.of(kind)
            printer = QComboBox()
            printer.setObjectName(f"printer_{kind}")
            printer.setMinimumContentsLength(18)
            printer.addItem(tr("print.setup.ask"), "")
            if saved.printer:
                printer.addItem(saved.printer, saved.printer)
                printer.setCurrentIndex(1)
            paper = QComboBox()
            paper.setObjectName(f"paper_{kind}")
            for size in PAPER_SIZES:
                paper.addItem(size, size)
            paper.setCurrentIndex(max(0, paper.findData(saved.paper)))
            test = QPushButton(tr("print.setup.test"))
            test.setObjectName(f"test_{kind}")
            test.clicked.connect(lambda _=False, k=kind: self.test_print(k))
            grid.addWidget(QLabel(tr(f"print.kind.{kind}")), row, 0)
            grid.addWidget(printer, row, 1)
            grid.addWidget(paper, row, 2)
            grid.addWidget(test, row, 3)
            self.printers[kind], self.papers[kind], self.tests[kind] = printer, paper, test
        grid.setColumnStretch(1, 1)
        self.auto_receipt = QCheckBox(tr("print.setup.auto_receipt"))
        self.auto_receipt.setObjectName("autoPrintReceipt")
        self.auto_receipt.setChecked(setup.auto_print_receipt)
        self.empty_slots = QCheckBox(tr("print.setup.empty_slots"))
        self.empty_slots.setObjectName("daySheetEmptySlots")
        self.empty_slots.setChecked(setup.day_sheet_empty_slots)
        note = QLabel(tr("print.setup.note"))
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(tr("print.setup.save"))
        self.save_button.setObjectName("savePrinting")
        self.save_button.clicked.connect(self.save)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(self.auto_receipt)
        layout.addWidget(self.empty_slots)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self.finder = PrinterFinder(self)
        self.finder.found.connect(self._listed)
        self.finder.failed.connect(self._unavailable)
        self.finder.start()

    def _listed(self, printers: PrinterList) -> None:
        tr = self.desk.tr
        for combo in self.printers.values():
            saved = combo.currentData()
            combo.clear()
            combo.addItem(tr("print.setup.ask"), "")
            for status in printers.printers:
                combo.addItem(f"{status.name}（{state_words(tr, status)}）", status.name)
            if saved and printers.named(saved) is None:
                gone = tr("print.state.reason", state=saved, reason=tr("print.setup.gone"))
                combo.addItem(gone, saved)  # kept as chosen until the admin picks another
            combo.setCurrentIndex(max(0, combo.findData(saved)))

    def _unavailable(self, message: Message) -> None:
        self.status.setText(self.desk.tr.message(message))

    def chosen(self) -> PrintSetup:
        kinds = tuple(
            KindSetup(kind, str(self.printers[kind].currentData() or ""), str(paper.currentData()))
            for kind, paper in self.papers.items()
        )
        return PrintSetup(kinds, self.auto_receipt.isChecked(), self.empty_slots.isChecked())

    def save(self) -> None:
        try:
            save_print_setup(self.desk.ctx, self.desk.signed_in, self.chosen())
        except UserError as error:
            self.status.setText(self.desk.tr.message(error.message))
            return
        self.status.setText(self.desk.tr("print.setup.saved"))

    def test_print(self, kind: str) -> None:
        tr = self.desk.tr
        printer = str(self.printers[kind].currentData() or "")
        paper = str(self.papers[kind].currentData())
        pdf = test_page(self.desk.ctx, kind, printer, paper, tr.language)
        self.tests[kind].setEnabled(False)
        self.status.setText(tr("print.printing"))

        def printed(job: SubmittedJob) -> None:
            self.tests[kind].setEnabled(True)
            self.status.setText(tr("print.test.sent", printer=job.printer, job=job.job_id))

        def failed(error: UserError) -> None:
            self.tests[kind].setEnabled(True)
            self.status.setText(tr.message(error.message))

        request = PrintRequest(pdf, printer, tr("print.test.title"), paper)
        start_print(request, printed, failed, owner=self)
