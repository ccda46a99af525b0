"""Paper the desk prints on: thermal rolls (width only) and A5/A4 sheets."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm


@dataclass(frozen=True)
class Paper:
    name: str
    width: float  # points
    height: float | None  # points; None: a roll, as tall as the content
    margin: float  # points, every side
    base_size: float  # body text size in points

    @property
    def is_roll(self) -> bool:
        return self.height is None

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin


PAPERS: dict[str, Paper] = {
    "58mm": Paper("58mm", 58 * mm, None, 4 * mm, 8.5),
    "80mm": Paper("80mm", 80 * mm, None, 4 * mm, 9.5),
    "A5": Paper("A5", A5[0], A5[1], 12 * mm, 10.5),
    "A4": Paper("A4", A4[0], A4[1], 15 * mm, 10.5),
}


def paper(name: str) -> Paper:
    try:
        return PAPERS[name]
    except KeyError:
        raise ValueError(f"unknown paper {name!r}; one of {', '.join(PAPERS)}") from None
