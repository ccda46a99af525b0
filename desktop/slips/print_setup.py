"""F9 设置 → 打印: per slip kind the printer and the paper, and whether a service receipt
prints by itself once a visit is 办结. A center admin sets them; everyone reads them."""

from __future__ import annotations

from dataclasses import dataclass

from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.i18n import Translator
from desktop.settings import PAPER_SIZES, SLIP_KINDS, Settings
from desktop.slips.blocks import Block, Field, Rule, Text
from desktop.slips.paper import paper
from desktop.slips.render import render_pdf
from desktop.slips.service import center_header

AUTO_PRINT_RECEIPT = "slip.service_receipt.auto_print"
EMPTY_SLOTS = "slip.day_sheet.empty_slots"


@dataclass(frozen=True)
class KindSetup:
    kind: str
    printer: str  # empty: ask (the preview opens)
    paper: str  # one of PAPER_SIZES


@dataclass(frozen=True)
class PrintSetup:
    kinds: tuple[KindSetup, ...]
    auto_print_receipt: bool
    day_sheet_empty_slots: bool = False

    def of(self, kind: str) -> KindSetup:
        return next(k for k in self.kinds if k.kind == kind)


def print_setup(ctx: DeskContext) -> PrintSetup:
    settings = Settings(ctx.db)
    kinds = tuple(
        KindSetup(kind, settings.get(f"slip.{kind}.printer"), settings.get(f"slip.{kind}.paper"))
        for kind in SLIP_KINDS
    )
    return PrintSetup(
        kinds, bool(settings.get(AUTO_PRINT_RECEIPT)), bool(settings.get(EMPTY_SLOTS))
    )


@access.guarded("settings.admin")
def save_print_setup(ctx: DeskContext, staff: StaffIdentity, setup: PrintSetup) -> None:
    """Keep the admin's choices (checked against the database: center admins only)."""
    access.check(ctx, staff, "settings.admin")
    for item in setup.kinds:
        if item.kind not in SLIP_KINDS or item.paper not in PAPER_SIZES:
            raise UserError("print.setup_invalid")
    settings = Settings(ctx.db)
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "settings.admin")
        for item in setup.kinds:
            settings.set_in(session, f"slip.{item.kind}.printer", item.printer.strip()[:120])
            settings.set_in(session, f"slip.{item.kind}.paper", item.paper)
        settings.set_in(session, AUTO_PRINT_RECEIPT, setup.auto_print_receipt)
        settings.set_in(session, EMPTY_SLOTS, setup.day_sheet_empty_slots)


def test_page(ctx: DeskContext, kind: str, printer: str, paper_name: str, language: str) -> bytes:
    """A short page to check a printer and its paper: what it is for, the width, a text
    sample. Not a slip: it is not numbered, kept or counted."""
    tr = Translator(language)
    center = center_header(ctx)
    blocks: list[Block] = [
        Text(center.name, 1.2, bold=True, align="center"),
        Text(tr("print.test.title"), 1.4, bold=True, align="center"),
        Rule(),
        Field(tr("print.test.kind"), tr(f"print.kind.{kind}")),
        Field(tr("print.printer"), printer or "—"),
        Field(tr("print.paper"), paper_name),
        Field(tr("print.test.time"), f"{ctx.local_now():%Y-%m-%d %H:%M}"),
        Rule(dashed=False),
        Text(tr("print.test.sample")),
        Text("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789"),
        Rule(),
        Text(tr("print.test.check"), 0.9),
    ]
    return render_pdf(blocks, paper(paper_name), tr("print.test.title"))
