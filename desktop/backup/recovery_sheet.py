"""The recovery sheet: an A4 page with the data key, typeset like the slips.

The center, the date, the desk, the key's number (its fingerprint, which the restore screen
shows too), the key as 14 numbered groups of four and as a QR code a scanner types back, what
the key is for, where to keep the sheet, and that a connected desk can get its key back
from the district by enrolling again. The PDF is built in memory and never kept on disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.backup.recovery_key import key_groups, qr_payload
from desktop.i18n import Translator
from desktop.slips.blocks import Banner, Block, Field, QrCode, Row, Rule, Space, Text
from desktop.slips.paper import paper
from desktop.slips.render import render_pdf

PER_ROW = 7


@dataclass(frozen=True)
class SheetFacts:
    center_name: str
    desk_slot: int
    printed_at: dt.datetime  # local time of the center
    key: bytes
    fingerprint: str
    connected: bool


def _section(tr: Translator, code: str) -> list[Block]:
    return [
        Space(0.4),
        Text(tr(f"{code}.title"), scale=1.1, bold=True),
        Text(tr(f"{code}.body"), scale=0.95),
    ]


def sheet_blocks(tr: Translator, facts: SheetFacts) -> list[Block]:
    groups = key_groups(facts.key)
    numbered: list[Block] = []
    widths = (1.0,) * PER_ROW
    for start in range(0, len(groups), PER_ROW):
        labels = tuple(str(n) for n in range(start + 1, start + PER_ROW + 1))
        numbered += [
            Row(labels, widths, scale=0.75),
            Row(tuple(groups[start : start + PER_ROW]), widths, bold=True, scale=1.9),
            Space(0.3),
        ]
    blocks: list[Block] = [
        Text(facts.center_name, scale=1.5, bold=True, align="center"),
        Text(tr("sheet.title"), scale=1.35, bold=True, align="center"),
        Space(0.3),
        Banner(tr("sheet.secret"), scale=1.05),
        Field(tr("sheet.center"), facts.center_name),
        Field(tr("sheet.desk"), tr("sheet.desk_number", slot=facts.desk_slot)),
        Field(tr("sheet.printed"), f"{facts.printed_at:%Y-%m-%d %H:%M}"),
        Field(tr("sheet.number"), facts.fingerprint),
        Rule(dashed=False),
        Text(tr("sheet.key"), scale=1.1, bold=True),
        Space(0.2),
        *numbered,
        QrCode(qr_payload(facts.key), tr("sheet.qr_caption")),
        Rule(dashed=False),
        *_section(tr, "sheet.what"),
        *_section(tr, "sheet.when"),
        *_section(tr, "sheet.where"),
        *_section(tr, "sheet.district"),
    ]
    if not facts.connected:
        blocks += [Space(0.4), Text(tr("sheet.reprint_after_connect"), scale=0.9)]
    return blocks


def render_sheet(facts: SheetFacts, language: str = "zh_CN") -> bytes:
    """The sheet as PDF bytes (A4)."""
    tr = Translator(language)
    footer = tr("slip.page", page="{page}", pages="{pages}")
    return render_pdf(sheet_blocks(tr, facts), paper("A4"), tr("sheet.title"), footer)
