"""Queue tickets and service receipts for a visit."""

from __future__ import annotations

from desktop import access, residents, visits
from desktop.context import DeskContext, StaffIdentity
from desktop.i18n import Translator
from desktop.settings import PROGRESS_URL, Settings
from desktop.slips.content import (
    CenterHeader,
    QueueTicket,
    ReceiptLine,
    ServiceReceipt,
    SlipMeta,
)
from desktop.slips.service import PreparedSlip, prepare_slip
from desktop.visits import VisitSummary
from protocol.masking import mask_name


def _resident(
    ctx: DeskContext, staff: StaffIdentity, visit: VisitSummary, unmask: bool
) -> tuple[str, str]:
    """Name and phone as the slip prints them: masked unless the admin turned that off."""
    if not unmask:
        return mask_name(visit.resident_name), visit.resident_phone_masked
    return visit.resident_name, residents.reveal_phone(ctx, staff, visit.resident_id)


def _services(visit: VisitSummary, language: str) -> tuple[str, ...]:
    names: list[str] = []
    for request in visit.requests:
        name = request.service_item_name_en if language == "en" else request.service_item_name
        if name not in names:
            names.append(name or request.service_item_name)
    return tuple(names)


@access.guarded("slip.print")
def prepare_queue_ticket(
    ctx: DeskContext, staff: StaffIdentity, visit_id: str, language: str = "zh_CN"
) -> PreparedSlip:
    access.check(ctx, staff, "slip.print")
    visit = visits.get_visit(ctx, staff, visit_id)
    ahead = visits.waiting_ahead(ctx, staff, visit_id)

    def build(center: CenterHeader, meta: SlipMeta, unmask: bool) -> QueueTicket:
        name, _phone = _resident(ctx, staff, visit, unmask)
        return QueueTicket(
            center=center,
            meta=meta,
            queue_number=visit.queue_number,
            services=_services(visit, language),
            arrived_at=ctx.to_local(visit.arrived_at).replace(tzinfo=None),
            waiting_ahead=ahead,
            resident_name=name,
        )

    return prepare_slip(ctx, "queue_ticket", "visit", visit_id, build, language)


@access.guarded("slip.print")
def prepare_service_receipt(
    ctx: DeskContext, staff: StaffIdentity, visit_id: str, language: str = "zh_CN"
) -> PreparedSlip:
    access.check(ctx, staff, "slip.print")
    visit = visits.get_visit(ctx, staff, visit_id)
    tr = Translator(language)
    progress_url = Settings(ctx.db).get(PROGRESS_URL)

    def build(center: CenterHeader, meta: SlipMeta, unmask: bool) -> ServiceReceipt:
        name, phone = _resident(ctx, staff, visit, unmask)
        lines = tuple(
            ReceiptLine(
                service=(
                    request.service_item_name_en
                    if language == "en" and request.service_item_name_en
                    else request.service_item_name
                ),
                category=tr(f"ui.category.{request.category}"),
                description=request.description,
                outcome=tr(f"ui.outcome.{request.outcome}") if request.outcome else "",
                referred_to=request.referred_to,
                due_date=request.due_date,
                progress=(
                    tr(f"referral.{request.referral_status}") if request.referral_status else ""
                ),
                reply=request.referral_note,
            )
            for request in visit.requests
        )
        return ServiceReceipt(
            center=center,
            meta=meta,
            verification_code=visit.verification_code,
            queue_number=visit.queue_number,
            visit_date=visit.visit_date,
            arrived_at=ctx.to_local(visit.arrived_at).replace(tzinfo=None),
            resident_name=name,
            resident_phone=phone,
            handler=visit.handler_name or visit.registered_by_name,
            lines=lines,
            progress_url=progress_url,
        )

    return prepare_slip(ctx, "service_receipt", "visit", visit_id, build, language)
