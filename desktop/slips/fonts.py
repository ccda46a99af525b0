"""The slip font: WenQuanYi Micro Hei, shipped in ``resources/fonts`` and embedded as a subset.

Slips never rely on fonts installed on the PC or in the printer, so Chinese looks the same
everywhere. Characters the font lacks (emoji, rare symbols) are replaced by a visible
placeholder instead of printing as nothing or failing.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"
PLACEHOLDER = "□"
INVISIBLE = frozenset("\u200b\u200c\u200d\ufe0e\ufe0f")


@functools.cache
def slip_font() -> TTFont:
    """Register the font with reportlab once per process and return it."""
    font = TTFont(FONT_NAME, str(FONT_FILE), subfontIndex=0)
    pdfmetrics.registerFont(font)
    return font


@functools.cache
def _covered() -> frozenset[int]:
    return frozenset(slip_font().face.charToGlyph)


def printable(text: str) -> str:
    """``text`` with every character the font cannot draw replaced by a placeholder.

    Line breaks and tabs become spaces; a run of unsupported characters (an emoji with its
    variation selector or skin tone) becomes one placeholder.
    """
    covered = _covered()
    out: list[str] = []
    for char in text:
        if char in "\r\n\t":
            out.append(" ")
        elif char in INVISIBLE or 0x1F3FB <= ord(char) <= 0x1F3FF:
            continue  # joiners, variation selectors, skin tones: part of an emoji
        elif ord(char) in covered:
            out.append(char)
        elif not out or out[-1] != PLACEHOLDER:
            out.append(PLACEHOLDER)
    return "".join(out)


def text_width(text: str, size: float) -> float:
    return float(slip_font().stringWidth(text, size))
