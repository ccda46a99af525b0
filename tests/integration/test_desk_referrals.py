"""A referred request reaches the district as a work order; its progress comes back by pull
and shows at the desk and on the receipt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from sqlalchemy import select

from db.models import WorkOrderStatus
from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.settings import Settings
from desktop.slips.visit_slips import prepare_service_receipt
from desktop.statistics.export import export_ledger
from desktop.sync import enrolment
from desktop.sync.pull import pull_all
from desktop.sync.push import push_pending
from desktop.sync.transport import HttpTransport
from desktop.visits import OutcomeDraft, RequestDraft, get_visit, record_outcome, register_visit
from district import admin, work_orders
from tests.conftest import Desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring
from tests.unit.slip_helpers import pdf_text


def test_referral_progress_comes_back_to_the_desk(
    district: District, desk: Desk, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    center = district.new_center("幸福里")
    enrolment.enrol(
        desk.ctx,
        desk.admin,
        district.base_url,
        admin.issue_enrolment_code(district.database, center),
        "前台 1",
    )
    resident = create_resident(
        desk.ctx, desk.admin, ResidentDraft(name="张三", phone="13800135678")
    )
    item = list_service_items(desk.ctx)[0]
    visit = register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item.id)])
    request_id = visit.requests[0].id
    due = desk.ctx.today() + dt.timedelta(days=10)
    record_outcome(
        desk.ctx,
        desk.admin,
        request_id,
        OutcomeDraft("referred", referred_to="街道城建科", due_date=due),
    )
    transport = HttpTransport(district.base_url)
    try:
        push_pending(desk.ctx, transport)
        orders = work_orders.list_work_orders(district.database, center, None)
        order = next(o for o in orders if o.request_id == request_id)
        assert order.status == "submitted"
        work_orders.change_status(district.database, order.id, "assigned")
        work_orders.change_status(district.database, order.id, "accepted")
        work_orders.change_status(district.database, order.id, "in_progress", "已联系电梯公司")
        first = pull_all(desk.ctx, transport, page_size=2)
        assert first.applied >= 1 and first.pages >= 1
        assert (
            get_visit(desk.ctx, desk.admin, visit.id).requests[0].referral_status == "in_progress"
        )
        work_orders.change_status(district.database, order.id, "closed", "加装方案已公示")
        pull_all(desk.ctx, transport)
        again = pull_all(desk.ctx, transport)  # nothing new: nothing applied twice
    finally:
        transport.close()
    assert again.applied == 0
    summary = get_visit(desk.ctx, desk.admin, visit.id).requests[0]
    assert (summary.referral_status, summary.referral_note) == ("closed", "加装方案已公示")
    with desk.ctx.db.read() as session:
        assert len(session.scalars(select(WorkOrderStatus)).all()) == 1
    assert Settings(desk.ctx.db).get("sync.cursor") > 0
    receipt = prepare_service_receipt(desk.ctx, desk.admin, visit.id)
    text = "".join(pdf_text(receipt.pdf, tmp_path).split())
    assert "办理进度：已办结" in text and "街道城建科" in text
    assert "办理答复：加装方案已公示" in text
    today = desk.ctx.today()
    ledger = export_ledger(desk.ctx, desk.admin, "requests", today, today, tmp_path / "诉求")
    sheet = openpyxl.load_workbook(ledger.path).active
    header = [c.value for c in sheet[2]]
    row = next(sheet.iter_rows(min_row=3, values_only=True))
    steps = str(row[header.index("办理过程")]).split("；")
    assert [s.split(" ", 2)[2].split("：")[0] for s in steps] == [
        "转办",
        "已派单至部门",
        "部门已受理",
        "处置中",
        "已办结",
    ]
    assert steps[3].endswith("：已联系电梯公司") and steps[4].endswith("：加装方案已公示")
