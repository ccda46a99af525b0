"""Blocks to PDF bytes: a roll page exactly as tall as its content, or paginated sheets."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

from desktop.i18n import Translator
from desktop.slips.blocks import Block, Placed, measure_all
from desktop.slips.content import SlipContent
from desktop.slips.fonts import FONT_NAME, slip_font
from desktop.slips.kinds import blocks_for
from desktop.slips.paper import Paper

CREATOR = "Service Center Desk"


def _canvas(buffer: io.BytesIO, width: float, height: float, title: str) -> Canvas:
    slip_font()
    canvas = Canvas(
        buffer,
        pagesize=(width, height),
        pageCompression=0,
        initialFontName=FONT_NAME,
        initialFontSize=10,
    )
    canvas.setTitle(title)
    canvas.setCreator(CREATOR)
    return canvas


def _pages(placed: list[Placed], usable: float) -> list[list[Placed]]:
    pages: list[list[Placed]] = [[]]
    used = 0.0
    for item in placed:
        if pages[-1] and used + item.height > usable:
            pages.append([])
            used = 0.0
        pages[-1].append(item)
        used += item.height
    return pages


def render_pdf(blocks: Sequence[Block], paper: Paper, title: str, footer: str = "") -> bytes:
    """The slip as PDF bytes. ``footer`` is printed on every sheet with ``{page}/{pages}``."""
    placed = measure_all(blocks, paper)
    buffer = io.BytesIO()
    if paper.height is None:
        height = sum(item.height for item in placed) + 2 * paper.margin
        canvas = _canvas(buffer, paper.width, height, title)
        top = height - paper.margin
        for item in placed:
            item.draw(canvas, paper.margin, top)
            top -= item.height
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    footer_size = paper.base_size * 0.8
    usable = paper.height - 2 * paper.margin - (footer_size * 2 if footer else 0)
    pages = _pages(placed, usable)
    canvas = _canvas(buffer, paper.width, paper.height, title)
    for number, page in enumerate(pages, start=1):
        top = paper.height - paper.margin
        for item in page:
            item.draw(canvas, paper.margin, top)
            top -= item.height
        if footer:
            canvas.setFont(FONT_NAME, footer_size)
            canvas.drawCentredString(
                paper.width / 2,
                paper.margin * 0.6,
                footer.format(page=number, pages=len(pages)),
            )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_slip(content: SlipContent, paper: Paper, language: str = "zh_CN") -> bytes:
    """One slip of any kind as PDF bytes."""
    tr = Translator(language)
    footer = tr("slip.page", page="{page}", pages="{pages}") if not paper.is_roll else ""
    blocks = blocks_for(tr, content, compact=paper.is_roll)
    return render_pdf(blocks, paper, content.meta.number, footer)
