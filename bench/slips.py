"""Slip rendering: each kind on its usual paper, against a bare reportlab canvas.

Baseline (same run): a bare reportlab canvas on an 80 mm page writing the same lines of
text with the same embedded font, no layout, no QR code: the floor any slip pays for
reportlab and font subsetting. A reference row draws the receipt's QR code with
reportlab's own QR widget, the usual recipe, to show what drawing it as one path saves.
Target: ≤ 12 ms for a receipt with its QR code.
"""

from __future__ import annotations

import datetime as dt
import functools
import io

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bench.harness import Report, measure
from desktop.i18n import Translator
from desktop.slips.blocks import Field, Text
from desktop.slips.content import (
    BookingConfirmation,
    CenterHeader,
    DaySheet,
    DaySheetEntry,
    DaySheetSlot,
    QueueTicket,
    ReceiptLine,
    ServiceReceipt,
    SlipContent,
    SlipMeta,
)
from desktop.slips.fonts import FONT_NAME, slip_font
from desktop.slips.kinds import blocks_for
from desktop.slips.paper import paper
from desktop.slips.render import render_slip

TARGET_MS = 12.0
CENTER = CenterHeader("幸福里党群服务中心", "幸福路 8 号（社区服务大厅一楼）", "023-12345678")
NOW = dt.datetime(2026, 11, 25, 10, 3)
META = SlipMeta("R202611251001", 1, NOW)

RECEIPT = ServiceReceipt(
    CENTER,
    META,
    "K7Q2M9XD",
    "C001",
    NOW.date(),
    NOW,
    "张*",
    "138****5678",
    "王小红",
    (
        ReceiptLine(
            "低保申请受理",
            "公事",
            "想申请低保，材料不全",
            "转办",
            "街道民政科",
            dt.date(2026, 12, 9),
        ),
        ReceiptLine("加装电梯协调", "共事", "3栋想加装电梯", "当场办结"),
    ),
)
CASES: list[tuple[str, SlipContent, str]] = [
    ("queue ticket", QueueTicket(CENTER, META, "A012", ("社保卡补办",), NOW, 3, "张*"), "80mm"),
    ("service receipt + QR", RECEIPT, "80mm"),
    ("service receipt + QR", RECEIPT, "58mm"),
    (
        "appointment confirmation + QR",
        BookingConfirmation(
            CENTER,
            META,
            "S1128-0003",
            dt.date(2026, 11, 28),
            "09:00",
            "09:30",
            "社保卡补办",
            "李*",
            "139****9000",
            True,
            ("身份证原件", "一寸照片两张"),
        ),
        "80mm",
    ),
    (
        "day sheet, 8 slots × 4",
        DaySheet(
            CENTER,
            META,
            dt.date(2026, 11, 28),
            tuple(
                DaySheetSlot(
                    f"{9 + h:02d}:00",
                    f"{9 + h:02d}:30",
                    4,
                    ("王小红",),
                    tuple(
                        DaySheetEntry(f"S{h}{n}", "赵*", "139****9000", "社保卡补办", "已确认")
                        for n in range(4)
                    ),
                )
                for h in range(8)
            ),
        ),
        "A4",
    ),
]


def _receipt_lines() -> list[str]:
    tr = Translator("zh_CN")
    lines = []
    for block in blocks_for(tr, RECEIPT):
        if isinstance(block, Text):
            lines.append(block.text)
        elif isinstance(block, Field):
            lines.append(f"{block.label}：{block.value}")
    return lines


def _bare_canvas(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(80 * mm, 200 * mm), pageCompression=0)
    canvas.setFont(FONT_NAME, 9.5)
    y = 190 * mm
    for line in lines:
        canvas.drawString(4 * mm, y, line)
        y -= 13
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _qr_widget(data: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(80 * mm, 80 * mm), pageCompression=0)
    widget = QrCodeWidget(data, barLevel="M")
    drawing = Drawing(36 * mm, 36 * mm)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 22 * mm, 22 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def run(report: Report) -> None:
    slip_font()  # registering the font is a once-per-process cost, outside the samples
    lines = _receipt_lines()
    base = report.add(measure("bare canvas, same text (80mm)", lambda: _bare_canvas(lines)))
    for name, content, size in CASES:
        report.add(
            measure(
                f"{name} ({size})",
                functools.partial(render_slip, content, paper(size)),
                baseline=base.name,
            )
        )
    report.add(measure("reference: reportlab QR widget alone", lambda: _qr_widget("K7Q2M9XD")))
    receipt = next(t for t in report.timings if t.name == "service receipt + QR (80mm)")
    report.note("target_ms", TARGET_MS)
    report.note("receipt_meets_target", receipt.median_ms <= TARGET_MS)
    report.note("receipt_pdf_bytes", len(render_slip(RECEIPT, paper("80mm"))))
