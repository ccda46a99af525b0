"""``service-center --self-check``: prove an installation works without a person at it.

Runs after start-up (so the database has been migrated): renders a sample queue ticket for
the desk's center with the shipped font and keeps it in the data folder. Installers and
support staff use it; it never writes a record.
"""

from __future__ import annotations

from pathlib import Path

from db.xlsx_table import TableColumn, write_table
from desktop.context import DeskContext
from desktop.slips.content import QueueTicket, SlipMeta
from desktop.slips.paper import paper
from desktop.slips.render import render_slip
from desktop.slips.service import center_header

FILE_NAME = "self-check.pdf"
LEDGER_NAME = "self-check.xlsx"


def render_sample_slip(ctx: DeskContext) -> Path:
    now = ctx.local_now().replace(tzinfo=None)
    ticket = QueueTicket(
        center=center_header(ctx),
        meta=SlipMeta("SELF-CHECK", 1, now),
        queue_number="A001",
        services=("自检 self-check",),
        arrived_at=now,
        waiting_ahead=0,
        resident_name="张*",
    )
    path = ctx.paths.slips / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_slip(ticket, paper("80mm")))
    return path


def write_sample_ledger(ctx: DeskContext) -> Path:
    """A small 台账 through the ledgers' writer (proves the spreadsheet writer is bundled)."""
    path = ctx.paths.slips / LEDGER_NAME
    columns = [TableColumn("日期", "date"), TableColumn("排队号"), TableColumn("满意度", "int")]
    write_table(path, "自检台账 self-check", columns, [(ctx.today(), "A001", 5)])
    return path
