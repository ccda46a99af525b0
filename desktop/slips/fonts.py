"""The slip fonts: WenQuanYi Micro Hei, and for rare characters (生僻字: CJK Extension A, and
beyond the BMP the characters of names, e.g. 𠮷 U+20BB7, 𫖯 U+2B5AF; see
``scripts/make-fallback-font``) a cut of BabelStone Han; both shipped in ``resources/fonts``
with their licences and embedded as subsets.

Slips never rely on fonts installed on the PC or in the printer, so Chinese looks the same
everywhere. A character the main font lacks is drawn from the fallback; only one neither
has (emoji, rare symbols) is replaced by a visible placeholder instead of printing as
nothing or failing.
"""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"
FALLBACK_NAME = "BabelStoneHanExt"
FALLBACK_FILE = FONT_FILE.with_name("babelstone-han-ext.ttf")
PLACEHOLDER = "□"
INVISIBLE = frozenset("\u200b\u200c\u200d\ufe0e\ufe0f")


def _utf16_hex(code: int) -> str:
    """A code point as the UTF-16BE hex a ToUnicode CMap wants (a surrogate pair beyond
    the BMP)."""
    return code.to_bytes(4, "big").decode("utf-32-be").encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond the BMP written as UTF-16 (its own
    writes ``<20BB7>`` for 𠮷, which copy-paste and pdftotext read as U+20BB)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@functools.cache
def slip_font() -> TTFont:
    """Register the font with reportlab once per process and return it."""
    font = TTFont(FONT_NAME, str(FONT_FILE), subfontIndex=0)
    pdfmetrics.registerFont(font)
    return font


@functools.cache
def fallback_font() -> TTFont:
    """Register the fallback font for rare characters once per process and return it."""
    font = TTFont(FALLBACK_NAME, str(FALLBACK_FILE))
    pdfmetrics.registerFont(font)
    return font


@functools.cache
def _covered() -> frozenset[int]:
    return frozenset(slip_font().face.charToGlyph)


@functools.cache
def _fallback_covered() -> frozenset[int]:
    return frozenset(fallback_font().face.charToGlyph) - _covered()


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` (already :func:`printable`) cut into (font name, run) pieces to draw."""
    main = _covered()
    if all(ord(char) in main for char in text):
        return [(FONT_NAME, text)] if text else []  # the fallback is loaded only when needed
    rare = _fallback_covered()
    pieces: list[tuple[str, str]] = []
    for char in text:
        name = FALLBACK_NAME if ord(char) in rare else FONT_NAME
        if pieces and pieces[-1][0] == name:
            pieces[-1] = (name, pieces[-1][1] + char)
        else:
            pieces.append((name, char))
    return pieces


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
        elif ord(char) in covered or ord(char) in _fallback_covered():
            out.append(char)
        elif not out or out[-1] != PLACEHOLDER:
            out.append(PLACEHOLDER)
    return "".join(out)


def text_width(text: str, size: float) -> float:
    pieces = runs(text)
    if len(pieces) == 1 and pieces[0][0] == FONT_NAME:
        return float(slip_font().stringWidth(text, size))
    fonts = {FONT_NAME: slip_font(), FALLBACK_NAME: fallback_font()}
    return float(sum(fonts[name].stringWidth(run, size) for name, run in pieces))
