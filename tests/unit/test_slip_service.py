"""Slips for a visit: numbers, reprints marked 补打, every print audited, masking by setting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from db.models import AuditEvent, Slip
from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.settings import Settings
from desktop.slips.service import record_print
from desktop.slips.visit_slips import prepare_queue_ticket, prepare_service_receipt
from desktop.visits import (
    OutcomeDraft,
    RequestDraft,
    get_visit,
    record_outcome,
    register_visit,
)
from tests.conftest import Desk
from tests.unit.slip_helpers import pdf_text, qr_codes


def _visit(desk: Desk) -> str:
    resident = create_resident(
        desk.ctx,
        desk.admin,
        ResidentDraft(name="张三丰", phone="13812345678", estate="幸福里小区", building="3"),
    )
    items = list_service_items(desk.ctx)
    visit = register_visit(
        desk.ctx,
        desk.admin,
        resident.id,
        [
            RequestDraft(items[0].id, description="想申请低保，材料不全"),
            RequestDraft(items[5].id, description="3栋想加装电梯"),
        ],
    )
    return visit.id


def _audit_actions(desk: Desk) -> list[str]:
    with desk.ctx.db.read() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.at)))


def test_queue_ticket_masks_the_resident_and_is_kept_as_pdf(desk: Desk, tmp_path: Path) -> None:
    visit_id = _visit(desk)
    slip = prepare_queue_ticket(desk.ctx, desk.admin, visit_id)
    assert slip.copy == 1 and not slip.is_reprint and slip.paper == "80mm"
    assert slip.number.startswith("Q" + desk.ctx.today().strftime("%Y%m%d") + "1")
    assert slip.pdf_path.parent == desk.ctx.paths.slips and slip.pdf_path.read_bytes() == slip.pdf
    text = pdf_text(slip.pdf, tmp_path)
    assert "张**" in text and "张三丰" not in text and "测试社区党群服务中心" in text


def test_reprint_is_marked_and_every_print_is_audited(desk: Desk, tmp_path: Path) -> None:
    visit_id = _visit(desk)
    first = prepare_queue_ticket(desk.ctx, desk.admin, visit_id)
    assert record_print(desk.ctx, desk.admin, first.slip_id, "Thermal-80") == 1
    second = prepare_queue_ticket(desk.ctx, desk.admin, visit_id)
    assert (second.slip_id, second.number, second.copy) == (first.slip_id, first.number, 2)
    assert "补打（第 2 次打印）" in pdf_text(second.pdf, tmp_path)
    assert record_print(desk.ctx, desk.admin, second.slip_id, "Thermal-80") == 2
    assert _audit_actions(desk).count("print_slip") == 1
    assert _audit_actions(desk).count("reprint_slip") == 1
    with desk.ctx.db.read() as session:
        slip = session.get(Slip, first.slip_id)
        assert slip is not None and slip.print_count == 2 and slip.last_printer == "Thermal-80"


def test_a_print_that_never_reached_the_printer_is_not_a_reprint(desk: Desk) -> None:
    visit_id = _visit(desk)
    failed = prepare_queue_ticket(desk.ctx, desk.admin, visit_id)
    again = prepare_queue_ticket(desk.ctx, desk.admin, visit_id)
    assert failed.copy == again.copy == 1 and failed.pdf_path.exists()


def test_each_kind_and_visit_gets_its_own_number(desk: Desk) -> None:
    numbers = {
        prepare(desk.ctx, desk.admin, visit_id).number
        for visit_id in (
            _visit_for(desk, "李四", "13900000001"),
            _visit_for(desk, "王五", "13900000002"),
        )
        for prepare in (prepare_queue_ticket, prepare_service_receipt)
    }
    assert len(numbers) == 4


def _visit_for(desk: Desk, name: str, phone: str) -> str:
    resident = create_resident(desk.ctx, desk.admin, ResidentDraft(name=name, phone=phone))
    item = list_service_items(desk.ctx)[0]
    return register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item.id)]).id


def test_receipt_shows_outcomes_referral_and_a_scannable_code(desk: Desk, tmp_path: Path) -> None:
    visit_id = _visit(desk)
    summary = record_outcome(
        desk.ctx,
        desk.admin,
        register_requests(desk, visit_id)[0],
        OutcomeDraft(
            "referred", referred_to="街道民政科", due_date=desk.ctx.today() + dt.timedelta(days=7)
        ),
    )
    slip = prepare_service_receipt(desk.ctx, desk.admin, visit_id)
    text = "".join(pdf_text(slip.pdf, tmp_path).split())
    assert "办事回执" in text and "街道民政科" in text and "转办" in text and "未处理" in text
    assert summary.verification_code in text
    assert qr_codes(slip.pdf, tmp_path) == [summary.verification_code]
    assert "138****5678" in text and "13812345678" not in text


def register_requests(desk: Desk, visit_id: str) -> list[str]:
    return [request.id for request in get_visit(desk.ctx, desk.admin, visit_id).requests]


def test_unmasking_turned_on_by_the_admin_prints_full_data_and_audits_it(
    desk: Desk, tmp_path: Path
) -> None:
    visit_id = _visit(desk)
    Settings(desk.ctx.db).set("slip.service_receipt.unmask", True)
    slip = prepare_service_receipt(desk.ctx, desk.admin, visit_id)
    text = pdf_text(slip.pdf, tmp_path)
    assert "张三丰" in text and "13812345678" in text
    assert "reveal_phone" in _audit_actions(desk)
    ticket = prepare_queue_ticket(desk.ctx, desk.admin, visit_id)
    assert "张三丰" not in pdf_text(ticket.pdf, tmp_path)
