"""Slips at the desk: prepare one (number, copy, PDF kept in the data folder), record prints.

Printing itself happens in the UI (Qt); this module decides what is printed and keeps the
record. A slip is identified by its kind and what it is for (a visit, a booking, a
Saturday): the first print is copy 1, every later print of the same slip is a reprint
(补打) with its copy number. A print counts only once the UI reports it reached the printer,
so a failed attempt never turns the resident's first slip into a "reprint". Every print
is written to the audit log; printing personal data unmasked (an admin setting per kind)
goes through the audited reveal of the resident's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from db.models import AuditEvent, Center, Slip
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import UserError
from desktop.file_privacy import write_private
from desktop.settings import Settings
from desktop.slips.content import CenterHeader, SlipContent, SlipMeta
from desktop.slips.paper import Paper
from desktop.slips.paper import paper as paper_named
from desktop.slips.render import render_slip

NUMBER_PREFIX = {
    "queue_ticket": "Q",
    "service_receipt": "R",
    "booking_confirmation": "B",
    "day_sheet": "D",
    "monthly_report": "M",
}


@dataclass(frozen=True)
class SlipOptions:
    """How a slip kind prints at this desk (from the settings)."""

    paper: str
    printer: str  # remembered printer; empty: ask
    unmask: bool


@dataclass(frozen=True)
class PreparedSlip:
    slip_id: str
    kind: str
    number: str
    copy: int
    paper: str
    printer: str
    pdf: bytes
    pdf_path: Path

    @property
    def is_reprint(self) -> bool:
        return self.copy > 1


def slip_options(ctx: DeskContext, kind: str) -> SlipOptions:
    settings = Settings(ctx.db)
    return SlipOptions(
        paper=settings.get(f"slip.{kind}.paper"),
        printer=settings.get(f"slip.{kind}.printer"),
        unmask=settings.get(f"slip.{kind}.unmask"),
    )


@access.guarded("settings.desk")
def remember_printer(ctx: DeskContext, staff: StaffIdentity, kind: str, printer: str) -> None:
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "settings.desk")
        Settings(ctx.db).set_in(session, f"slip.{kind}.printer", printer)


def center_header(ctx: DeskContext) -> CenterHeader:
    with ctx.db.read() as session:
        center = session.get(Center, ctx.center_id)
        if center is None:
            return CenterHeader("", "", "")
        return CenterHeader(center.name, center.address, center.hotline)


def _next_number(ctx: DeskContext, kind: str, day: dt.date, taken: Callable[[str], int]) -> str:
    stem = f"{NUMBER_PREFIX[kind]}{day:%Y%m%d}{ctx.desk_slot}"
    return f"{stem}{taken(stem) + 1:04d}"


@maps_database_errors
def _slip_record(
    ctx: DeskContext, kind: str, subject_entity: str, subject_id: str, paper: str
) -> tuple[str, str, int]:
    """The slip's id, number and the copy about to be printed (creating the record)."""
    with ctx.db.write() as session:
        slip = session.scalar(
            select(Slip).where(
                Slip.center_id == ctx.center_id,
                Slip.kind == kind,
                Slip.subject_id == subject_id,
                Slip.deleted_at.is_(None),
            )
        )
        if slip is None:

            def taken(stem: str) -> int:
                count = session.scalar(  # a range, not LIKE: the unique index answers it
                    select(func.count())
                    .select_from(Slip)
                    .where(
                        Slip.center_id == ctx.center_id,
                        Slip.number >= stem,
                        Slip.number < stem + "~",
                    )
                )
                return int(count or 0)

            slip = Slip(
                center_id=ctx.center_id,
                kind=kind,
                number=_next_number(ctx, kind, ctx.today(), taken),
                subject_entity=subject_entity,
                subject_id=subject_id,
                paper=paper,
            )
            session.add(slip)
            session.flush()
        return slip.id, slip.number, slip.print_count + 1


def _keep_pdf(ctx: DeskContext, number: str, copy: int, pdf: bytes) -> Path:
    """Keep the PDF owner-only in ``slips/`` (deleted after ``slip.keep_days``)."""
    folder = ctx.paths.slips
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{number}-{copy}.pdf"
    write_private(path, pdf)
    return path


def prepare_slip(
    ctx: DeskContext,
    kind: str,
    subject_entity: str,
    subject_id: str,
    build: Callable[[CenterHeader, SlipMeta, bool], SlipContent],
    language: str = "zh_CN",
) -> PreparedSlip:
    """Number the slip, build its content, render it and keep the PDF for reprints.

    ``build(center, meta, unmask)`` returns the slip's content; ``unmask`` tells it whether
    the admin turned on unmasked personal data for this kind.
    """

    def render(center: CenterHeader, meta: SlipMeta, paper: Paper, unmask: bool) -> bytes:
        return render_slip(build(center, meta, unmask), paper, language)

    return prepare_document(ctx, kind, subject_entity, subject_id, render)


def prepare_document(
    ctx: DeskContext,
    kind: str,
    subject_entity: str,
    subject_id: str,
    render: Callable[[CenterHeader, SlipMeta, Paper, bool], bytes],
) -> PreparedSlip:
    """:func:`prepare_slip` for a document that typesets itself (the monthly report):
    ``render(center, meta, paper, unmask)`` returns its PDF."""
    options = slip_options(ctx, kind)
    slip_id, number, copy = _slip_record(ctx, kind, subject_entity, subject_id, options.paper)
    meta = SlipMeta(number, copy, ctx.local_now().replace(tzinfo=None))
    center, paper = center_header(ctx), paper_named(options.paper)
    pdf = render(center, meta, paper, options.unmask)
    # An unmasked slip is printed from memory; the copy kept for reprints is masked.
    kept = render(center, meta, paper, False) if options.unmask else pdf
    path = _keep_pdf(ctx, number, copy, kept)
    return PreparedSlip(slip_id, kind, number, copy, options.paper, options.printer, pdf, path)


@maps_database_errors
@access.guarded("slip.print")
def record_print(ctx: DeskContext, staff: StaffIdentity, slip_id: str, printer: str) -> int:
    """The slip reached ``printer``: count the print and audit it. Returns the print count."""
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "slip.print")
        kind = session.scalar(select(Slip.kind).where(Slip.id == slip_id))
    if kind is None:
        raise UserError("print.slip_unknown")
    options = slip_options(ctx, kind)
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "slip.print")
        slip = session.get(Slip, slip_id)
        if slip is None or slip.center_id != ctx.center_id:
            raise UserError("print.slip_unknown")
        slip.print_count += 1
        slip.last_printed_at = ctx.now()
        slip.last_printer = printer[:120]
        slip.last_staff_id = staff.id
        slip.unmasked = options.unmask
        session.add(
            AuditEvent(
                center_id=ctx.center_id,
                staff_id=staff.id,
                action="print_slip" if slip.print_count == 1 else "reprint_slip",
                entity="slip",
                entity_id=slip.id,
                detail=f"{slip.kind} {slip.number} copy {slip.print_count}"[:200],
                at=ctx.now(),
            )
        )
        return slip.print_count
