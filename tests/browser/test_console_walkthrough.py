"""The whole loop, as people do it: a district admin sets up a street, a center, a
department and accounts in the browser; a desk of that center enrols with the code the
page shows and refers a request (the desk's own sync engine, against the real server);
the dispatcher assigns it, the handler accepts and closes it with a reply; the desk pulls
and shows 办结 with the reply, on screen and on the reprinted receipt, whose QR opens the
public progress page."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path
from typing import Any

import pytest

from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.slips.visit_slips import prepare_service_receipt
from desktop.sync import enrolment
from desktop.sync.pull import pull_all
from desktop.sync.push import push_pending
from desktop.sync.transport import HttpTransport
from desktop.visits import OutcomeDraft, RequestDraft, get_visit, record_outcome, register_visit
from district import operators, statistics
from tests.browser.console_world import DESKTOP, PASSWORD, PHONE, shot, sign_in
from tests.conftest import Desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring
from tests.unit.slip_helpers import pdf_text, qr_codes

pytestmark = pytest.mark.slow


def _select_by_text(page: Any, selector: str, text: str) -> None:
    page.select_option(selector, label=text)


def test_referral_walks_from_desk_to_department_and_back(
    console_district: District,
    browser: Any,
    desk: Desk,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    screenshots: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = console_district.base_url
    tag = secrets.token_hex(3)
    monkeypatch.setattr(operators, "PASSWORD_PARAMS", operators.PasswordParams(1, 64, 1))
    operators.create_operator(
        console_district.database, f"qu.admin.{tag}", "区管理员", "district_admin", PASSWORD
    )
    admin_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    admin = admin_context.new_page()
    sign_in(admin, base, f"qu.admin.{tag}")
    assert "区级工作台" in admin.title()

    # The admin sets up the district: street, center, department, two accounts.
    street, center_name, department = f"解放碑街道{tag}", f"幸福里党群服务中心{tag}", f"城管{tag}"
    admin.goto(f"{base}/admin/streets")
    admin.fill("input[name=name]", street)
    admin.click("form.form button[type=submit]")
    admin.wait_for_url(re.compile(r".*/admin/streets\?done=1"))
    admin.goto(f"{base}/admin/departments")
    admin.fill("input[name=name]", department)
    admin.click("form.form button[type=submit]")
    admin.goto(f"{base}/admin/centers")
    admin.fill("input[name=name]", center_name)
    _select_by_text(admin, "select[name=street_id]", street)
    admin.click("form.form button[type=submit]")
    admin.wait_for_url(re.compile(r".*/admin/centers/[0-9a-f-]+\?done=created"))
    center_url = admin.url.split("?")[0]
    admin.goto(f"{base}/admin/operators")
    for username, name, role, scope_select, scope in (
        (f"jfb.{tag}", "派单员小李", "dispatcher", "select[name=street_id]", street),
        (f"cg.{tag}", "承办人老王", "handler", "select[name=department_id]", department),
    ):
        admin.fill("input[name=username]", username)
        admin.fill("input[name=display_name]", name)
        admin.select_option("select[name=role]", role)
        _select_by_text(admin, scope_select, scope)
        admin.fill("form.grid input[name=password]", PASSWORD)
        admin.click("form.grid button[type=submit]")
        admin.wait_for_url(re.compile(r".*/admin/operators\?done=created"))
    admin.goto(f"{base}/admin/settings")
    admin.fill("input[name=public_base_url]", base)
    admin.click("form.form button[type=submit]")
    admin.wait_for_url(re.compile(r".*/admin/settings\?done=1"))

    # An enrolment code, shown large; the desk enrols with it.
    admin.goto(center_url)
    admin.click("form[action$='/code'] button")
    code = admin.inner_text("#enrolment-code").strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    shot(admin, screenshots, "center-code-1366")
    enrolment.enrol(desk.ctx, desk.admin, base, code, "前台 1")

    resident = create_resident(
        desk.ctx, desk.admin, ResidentDraft(name="张三丰", phone="13912345678")
    )
    item = list_service_items(desk.ctx)[0]
    visit = register_visit(
        desk.ctx,
        desk.admin,
        resident.id,
        [RequestDraft(item.id, description="楼道灯坏了 <script>alert(1)</script>")],
    )
    record_outcome(
        desk.ctx,
        desk.admin,
        visit.requests[0].id,
        OutcomeDraft("referred", referred_to="城管", due_date=desk.ctx.today()),
    )
    transport = HttpTransport(base)
    try:
        push_pending(desk.ctx, transport)

        # The dispatcher finds it by the receipt's code and assigns it.
        dispatcher = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
        sign_in(dispatcher, base, f"jfb.{tag}")
        number = f"{visit.verification_code}-1"
        dispatcher.goto(f"{base}/work-orders?q={number}")
        assert "共 1 件" in dispatcher.inner_text("main")
        dispatcher.click(f"text={number}")
        page_text = dispatcher.inner_text("main")
        assert "张**" in page_text and "139****5678" in page_text and "张三丰" not in page_text
        assert "<script>alert(1)</script>" in page_text  # shown as text, never run
        _select_by_text(dispatcher, "form[data-action=assign] select", department)
        dispatcher.click("form[data-action=assign] button")
        dispatcher.wait_for_url(re.compile(r".*done=assign"))
        shot(dispatcher, screenshots, "work-order-assigned-390")

        # The handler accepts and closes it with a reply.
        handler = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
        sign_in(handler, base, f"cg.{tag}")
        handler.goto(f"{base}/work-orders")
        handler.click(f"text={number}")
        handler.click("form[data-action=accept] button")
        handler.wait_for_url(re.compile(r".*done=accept"))
        handler.fill("form[data-action=close] textarea", "已更换楼道灯，请居民确认")
        handler.click("form[data-action=close] button")
        handler.wait_for_url(re.compile(r".*done=close"))
        assert "已办结" in handler.inner_text("h1")
        shot(handler, screenshots, "work-order-closed-1366")

        # The desk pulls: 办结 and the reply, on screen and on the reprinted receipt.
        pull_all(desk.ctx, transport)
    finally:
        transport.close()
    request = get_visit(desk.ctx, desk.admin, visit.id).requests[0]
    assert (request.referral_status, request.referral_note) == (
        "closed",
        "已更换楼道灯，请居民确认",
    )
    receipt = prepare_service_receipt(desk.ctx, desk.admin, visit.id)
    text = "".join(pdf_text(receipt.pdf, tmp_path).split())
    assert "办理进度：已办结" in text and "办理答复：已更换楼道灯，请居民确认" in text
    progress_url = f"{base}/p/{visit.verification_code}"
    assert qr_codes(receipt.pdf, tmp_path) == [progress_url]

    # The receipt's QR opens the public page: steps, no personal data.
    public = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    public.goto(progress_url)
    shown = public.inner_text("main")
    assert "已办结" in shown and "前台转办" in shown and "受理" in shown and department in shown
    assert "张" not in shown and "5678" not in shown and "已更换楼道灯" not in shown
    shot(public, screenshots, "progress-390")

    # 回访: the dispatcher records the resident's grade of the result.
    dispatcher.goto(f"{base}/work-orders?q={number}")
    dispatcher.click(f"text={number}")
    dispatcher.check("form[data-action=callback] input[value='5']")
    dispatcher.click("form[data-action=callback] button")
    dispatcher.wait_for_url(re.compile(r".*done=callback"))
    assert "非常满意" in dispatcher.inner_text("main")
    # Both grades count: the desk's for the visit, the callback's for the result.
    today = dt.datetime.now(dt.UTC).date()
    center_id = center_url.rsplit("/", 1)[-1]
    figures = statistics.statistics(
        console_district.database,
        today - dt.timedelta(days=1),
        today + dt.timedelta(days=1),
        center_id,
    ).centers[0]
    assert figures.callback_satisfaction == {"5": 1} and figures.outcomes == {"referred": 1}
    for context in browser.contexts:
        context.close()
