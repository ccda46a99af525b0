"""QR codes drawn straight into the PDF: one path of rectangles, one per run of dark modules.

reportlab's QR widget builds a drawing object per module and costs ~20 ms for a receipt's
code; computing the matrix with segno and emitting one filled path keeps it near 1 ms.
"""

from __future__ import annotations

import segno
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 2
"""Modules of white border kept around the code (the slip's margin adds to it)."""


Matrix = tuple[tuple[bool, ...], ...]


def qr_matrix(data: str) -> Matrix:
    """Dark (True) and light modules, row by row from the top, without the quiet zone."""
    code = segno.make(data, error="m", micro=False)
    return tuple(tuple(bool(module) for module in row) for row in code.matrix)


def qr_side(rows: Matrix, module: float) -> float:
    """Width and height in points, quiet zone included, for modules of ``module`` points."""
    return (len(rows) + 2 * QUIET_ZONE) * module


def draw_qr(canvas: Canvas, rows: Matrix, x: float, top: float, module: float) -> None:
    """Draw the code with its top-left corner (quiet zone included) at ``x``, ``top``."""
    path = canvas.beginPath()
    left = x + QUIET_ZONE * module
    for r, row in enumerate(rows):
        y = top - (QUIET_ZONE + r + 1) * module
        start = None
        for c, dark in enumerate((*row, False)):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                path.rect(left + start * module, y, (c - start) * module, module)
                start = None
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
