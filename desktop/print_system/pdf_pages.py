"""The page size a slip PDF asks for, read from its first page (our PDFs come from reportlab)."""

from __future__ import annotations

import re

_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


def first_page_points(pdf: bytes) -> tuple[float, float]:
    """Width and height in points of the first page; ValueError when the PDF names none."""
    found = _MEDIA_BOX.search(pdf)
    if found is None:
        raise ValueError("the PDF has no page size")
    left, bottom, right, top = (float(x) for x in found.groups())
    return right - left, top - bottom
