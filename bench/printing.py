"""Printing a slip through a real CUPS scheduler: from the key to a job CUPS accepted.

Baseline (same run): ``lp`` of the same PDF, the floor for handing a file to CUPS. Cases:
the desk's route (``lpstat`` for the printer's state, then ``lp`` of the slip's own PDF
with its page size) and, for reference, the route before it (Qt's CUPS engine with QtPdf
rendering the page at the printer's resolution), which never learns whether a job exists.
The scheduler is a private ``cupsd`` (``tests/cups_server.py``) with a queue printing to
``/dev/null``; sizes are what the scheduler spooled for one job.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from bench.harness import Report, measure
from bench.slips import CASES, RECEIPT
from desktop.slips.paper import paper
from desktop.slips.render import render_slip
from tests.cups_server import CupsServer, cups_installed
from ui.printing.pdf_printer import PrintTarget, print_pdf
from ui.printing.send import PrintRequest, send

REPEAT = 30


def _spooled_bytes(server: CupsServer) -> int:
    newest = max(server.spool.glob("d*-001"), key=lambda p: p.stat().st_mtime)
    return newest.stat().st_size


def run(report: Report) -> None:
    if not cups_installed():
        report.note("skipped", "CUPS is not installed (Debian: cups-daemon cups-client)")
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication([])
    receipt = render_slip(RECEIPT, paper("80mm"))
    day_sheet = render_slip(next(c for n, c, s in CASES if s == "A4"), paper("A4"))
    with tempfile.TemporaryDirectory(prefix="bench-cups-") as folder:
        server = CupsServer(Path(folder))
        server.start()
        os.environ["CUPS_SERVER"] = str(server.socket)
        try:
            server.add_queue("Thermal80", default=True)
            pdf_file = Path(folder) / "receipt.pdf"
            pdf_file.write_bytes(receipt)

            def lp() -> None:
                subprocess.run(
                    ["lp", "-d", "Thermal80", str(pdf_file)], check=True, capture_output=True
                )

            base = report.add(measure("baseline: lp of the receipt PDF", lp, repeat=REPEAT))
            request = PrintRequest(receipt, "Thermal80", "R202611251001", "80mm")
            report.add(
                measure(
                    "desk: state, then lp of the receipt",
                    lambda: send(request),
                    repeat=REPEAT,
                    baseline=base.name,
                )
            )
            report.note("receipt_spooled_bytes_desk", _spooled_bytes(server))
            sheet = PrintRequest(day_sheet, "Thermal80", "D202611281001", "A4")
            report.add(
                measure(
                    "desk: day sheet (A4, 8 slots)",
                    lambda: send(sheet),
                    repeat=REPEAT,
                    baseline=base.name,
                )
            )
            report.note("day_sheet_spooled_bytes_desk", _spooled_bytes(server))
            report.add(
                measure(
                    "before: Qt engine, QtPdf raster (receipt)",
                    lambda: print_pdf(receipt, PrintTarget("Thermal80"), "R202611251001"),
                    repeat=REPEAT,
                    baseline=base.name,
                )
            )
            report.note("receipt_spooled_bytes_qt_raster", _spooled_bytes(server))
        finally:
            server.stop()
    del app
