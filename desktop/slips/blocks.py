"""The pieces a slip is made of, and how they are measured and drawn.

A slip is a list of blocks. Each block is first measured against the paper's content width
(wrapping long text, never letting it run off the edge), which gives its height; the page
is then made exactly as tall as the content on a roll, or the blocks are spread over pages
on a sheet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from desktop.line_breaks import (
    BREAK_AFTER,
    BREAK_BEFORE,
    LATIN_WORD_CHAR,
    NO_LINE_START,
    is_cjk,
)
from desktop.slips.fonts import printable, runs, text_width
from desktop.slips.paper import Paper
from desktop.slips.qr import draw_qr, qr_matrix, qr_side

Align = Literal["left", "center", "right"]
LEADING = 1.4
"""Line height as a multiple of the font size."""


@dataclass(frozen=True)
class Text:
    text: str
    scale: float = 1.0  # of the paper's base size
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class Field:
    """``label：value``, the value wrapped under itself."""

    label: str
    value: str
    scale: float = 1.0
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    dashed: bool = True


@dataclass(frozen=True)
class Space:
    lines: float = 0.5


@dataclass(frozen=True)
class Banner:
    """A boxed, bold notice that cannot be missed: 补打, 待确认."""

    text: str
    scale: float = 1.3


@dataclass(frozen=True)
class QrCode:
    data: str
    caption: str = ""
    width_fraction: float = 0.5  # of the content width, on a roll


@dataclass(frozen=True)
class Row:
    """One row of a table: cells with relative widths, each cell wrapped in its column."""

    cells: tuple[str, ...]
    widths: tuple[float, ...]
    bold: bool = False
    scale: float = 1.0
    line_below: bool = False


@dataclass(frozen=True)
class Graphic:
    """A drawing (a chart) of a given height across the content width:
    ``draw(canvas, x, top, width)`` draws it with its top-left corner at (x, top)."""

    height: float
    draw: Callable[[Canvas, float, float, float], None]


Block = Text | Field | Rule | Space | Banner | QrCode | Row | Graphic
Draw = Callable[[Canvas, float, float], None]
"""Draws a measured block with its top-left corner at (x, top)."""


@dataclass(frozen=True)
class Placed:
    height: float
    draw: Draw


_TOKEN = re.compile(rf"□[^ □]+|{LATIN_WORD_CHAR.pattern}+| +|.")
"""A tick box with its words (□非常不满意), a Latin word, a run of spaces, or one character."""


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``: CJK breaks between any two characters but
    prefers a break after punctuation a few characters back (…，仅供演示 not …，仅供演/示) and
    never starts a line with closing punctuation; Latin words stay whole (the rules of
    ``desktop/line_breaks.py``, shared with labels on screens)."""
    lines: list[str] = []
    line, used = "", 0.0
    for token in _TOKEN.findall(printable(text)):
        token_width = text_width(token, size)
        if used + token_width <= width:
            line, used = line + token, used + token_width
            continue
        if token.isspace():
            lines.append(line)
            line, used = "", 0.0
            continue
        carried = _carried(line, token, size, width)
        if line[: len(line) - len(carried)]:
            lines.append(line[: len(line) - len(carried)].rstrip())
            line, used = carried, text_width(carried, size)
        for char in token if token_width > width else (token,):
            char_width = text_width(char, size)
            if used + char_width > width and line:
                lines.append(line)
                line, used = "", 0.0
            line, used = line + char, used + char_width
    if line or not lines:
        lines.append(line.rstrip())
    return lines


MAX_CARRIED = 4
"""At most this many characters move down to the next line for a nicer break."""


def _carried(line: str, token: str, size: float, width: float) -> str:
    """The end of ``line`` that moves to the next line with ``token``: back to a break after
    punctuation (or before an opening bracket) a few CJK characters back, or one character
    so that closing punctuation never starts a line; "" when nothing moves or would not fit."""
    start = len(line)
    for back in range(1, min(MAX_CARRIED, len(line) - 1) + 1):
        index = len(line) - back
        if not is_cjk(line[index]):
            break
        if line[index - 1] in BREAK_AFTER:
            start = index
            break
        if line[index - 1] in BREAK_BEFORE and index > 1:
            start = index - 1
            break
    if start == len(line) and token in NO_LINE_START and len(line) > 1:
        start = len(line) - 1
    carried = line[start:]
    return carried if text_width(carried + token, size) <= width else ""


def _draw_line(
    canvas: Canvas, text: str, x: float, baseline: float, size: float, bold: bool
) -> None:
    obj = canvas.beginText(x, baseline)
    if not bold:
        _text_out(obj, text, size)
        canvas.drawText(obj)
        return
    # Fill and stroke gives bold from a single-weight font. The rendering mode and line
    # width belong to the graphics state: keep them inside save/restore.
    canvas.saveState()
    canvas.setLineWidth(size * 0.035)
    obj.setTextRenderMode(2)
    _text_out(obj, text, size)
    canvas.drawText(obj)
    canvas.restoreState()


def _text_out(obj: PDFTextObject, text: str, size: float) -> None:
    """Each run in the font that has its characters (rare ones from the fallback)."""
    for font_name, run in runs(text):
        obj.setFont(font_name, size)
        obj.textOut(run)


def _aligned_x(text: str, size: float, x: float, width: float, align: Align) -> float:
    if align == "left":
        return x
    free = width - text_width(text, size)
    return x + (free / 2 if align == "center" else free)


def _lines_block(lines: list[str], size: float, width: float, bold: bool, align: Align) -> Placed:
    step = size * LEADING

    def draw(canvas: Canvas, x: float, top: float) -> None:
        for i, line in enumerate(lines):
            baseline = top - i * step - size * 1.05
            _draw_line(canvas, line, _aligned_x(line, size, x, width, align), baseline, size, bold)

    return Placed(len(lines) * step, draw)


def _field(block: Field, size: float, width: float) -> Placed:
    label = printable(block.label) + "："
    indent = min(text_width(label, size), width * 0.45)
    lines = wrap(block.value, size, width - indent)
    step = size * LEADING

    def draw(canvas: Canvas, x: float, top: float) -> None:
        _draw_line(canvas, label, x, top - size * 1.05, size, False)
        for i, line in enumerate(lines):
            _draw_line(canvas, line, x + indent, top - i * step - size * 1.05, size, block.bold)

    return Placed(len(lines) * step, draw)


def _rule(block: Rule, size: float, width: float) -> Placed:
    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.6)
        if block.dashed:
            canvas.setDash(2, 2)
        y = top - size * 0.5
        canvas.line(x, y, x + width, y)
        canvas.restoreState()

    return Placed(size, draw)


def _banner(block: Banner, size: float, width: float) -> Placed:
    big = size * block.scale
    inner = _lines_block(wrap(block.text, big, width - big), big, width - big, True, "center")
    pad = big * 0.35

    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.saveState()
        canvas.setLineWidth(1.2)
        canvas.rect(x, top - inner.height - 2 * pad, width, inner.height + 2 * pad)
        canvas.restoreState()
        inner.draw(canvas, x + big / 2, top - pad)

    return Placed(inner.height + 2 * pad + size * 0.4, draw)


def _qr(block: QrCode, size: float, width: float, paper: Paper) -> Placed:
    target = width * (block.width_fraction if paper.is_roll else 0.28)
    rows = qr_matrix(block.data)
    module = target / qr_side(rows, 1.0)
    side = qr_side(rows, module)
    caption = _lines_block(wrap(block.caption, size, width), size, width, False, "center")

    def draw(canvas: Canvas, x: float, top: float) -> None:
        draw_qr(canvas, rows, x + (width - side) / 2, top, module)
        if block.caption:
            caption.draw(canvas, x, top - side)

    return Placed(side + (caption.height if block.caption else 0), draw)


def _row(block: Row, size: float, width: float) -> Placed:
    total = sum(block.widths)
    columns = [width * w / total for w in block.widths]
    gap = size * 0.4
    cells = [wrap(text, size, col - gap) for text, col in zip(block.cells, columns, strict=True)]
    step = size * LEADING
    height = max(len(lines) for lines in cells) * step + (size * 0.3 if block.line_below else 0)

    def draw(canvas: Canvas, x: float, top: float) -> None:
        left = x
        for lines, col in zip(cells, columns, strict=True):
            for i, line in enumerate(lines):
                _draw_line(canvas, line, left, top - i * step - size * 1.05, size, block.bold)
            left += col
        if block.line_below:
            canvas.saveState()
            canvas.setLineWidth(0.4)
            canvas.line(x, top - height + size * 0.15, x + width, top - height + size * 0.15)
            canvas.restoreState()

    return Placed(height, draw)


def measure(block: Block, paper: Paper) -> Placed:
    """The block laid out for ``paper``: its height and how to draw it."""
    base = paper.base_size
    width = paper.content_width
    match block:
        case Text():
            size = base * block.scale
            lines = wrap(block.text, size, width)
            return _lines_block(lines, size, width, block.bold, block.align)
        case Field():
            return _field(block, base * block.scale, width)
        case Rule():
            return _rule(block, base, width)
        case Space():
            return Placed(base * LEADING * block.lines, lambda canvas, x, top: None)
        case Banner():
            return _banner(block, base, width)
        case QrCode():
            return _qr(block, base, width, paper)
        case Row():
            return _row(block, base * block.scale, width)
        case Graphic():
            graphic = block
            return Placed(
                graphic.height, lambda canvas, x, top: graphic.draw(canvas, x, top, width)
            )
    raise TypeError(f"not a slip block: {block!r}")


def measure_all(blocks: Sequence[Block], paper: Paper) -> list[Placed]:
    return [measure(block, paper) for block in blocks]
