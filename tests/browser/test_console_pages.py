"""Every page as people see it, at 1366×768 and at phone width (screenshots kept where
$CONSOLE_SCREENSHOTS says), and what bad input does: HTML shows as text, a step the
status does not allow is refused in words, a second person acting on a changed order sees
what changed, a form with a mistake keeps what was typed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from district import district_settings, organisation, referrals
from district.console_tables import service_item_ref
from district.operators import Operator
from tests.browser.console_world import (
    DESKTOP,
    ORIGIN,
    PHONE,
    People,
    no_sideways_scroll,
    shot,
    sign_in,
)
from tests.browser.test_console_isolation import referred_order
from tests.integration.district_server import District

pytestmark = pytest.mark.slow

BOSS = Operator("x", "x", "x", "district_admin", None, None)


def _furnish(district: District, people: People) -> str:
    """Something on every page: a catalog item, a holiday, a code, a desk, a work order."""
    with district.database.write() as conn:
        conn.execute(
            service_item_ref.insert().values(
                id=f"item-{people.center[-8:]}",
                center_id=None,
                name="城市管理：路灯、占道",
                category="shared",
            )
        )
    district_settings.set_public_base_url(district.database, district.base_url, ORIGIN)
    organisation.issue_code(district.database, people.center, ORIGIN)
    return referred_order(district, people)


def test_every_page_renders_at_desktop_and_phone_width(
    console_district: District, browser: Any, people: People, screenshots: Path
) -> None:
    base = console_district.base_url
    order = _furnish(console_district, people)
    pages = {
        "home": "/",
        "work-orders": "/work-orders",
        "work-order": f"/work-orders/{order}",
        "monitoring": "/monitoring",
        "centers": "/admin/centers",
        "center": f"/admin/centers/{people.center}",
        "streets": "/admin/streets",
        "departments": "/admin/departments",
        "operators": "/admin/operators",
        "deadlines": "/admin/deadlines",
        "calendar": "/admin/calendar",
        "settings": "/admin/settings",
        "audit": "/admin/audit",
        "progress": "/p/ISOL8TST",
        "progress-unknown": "/p/NOSUCHCD",
        "not-found": "/work-orders/nope",
    }
    for label, viewport in (("1366", DESKTOP), ("390", PHONE)):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{base}/signin")
        shot(page, screenshots, f"signin-{label}")
        sign_in(page, base, people.accounts["admin"])
        for name, path in pages.items():
            page.goto(f"{base}{path}")
            assert no_sideways_scroll(page), (name, label)
            assert "区级工作台" in page.title()
            shot(page, screenshots, f"{name}-{label}")
        context.close()
    # English, chosen once, stays.
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, base, people.accounts["dispatcher"])
    page.click("a.lang")
    page.goto(f"{base}/work-orders/{order}")
    assert "Work order" in page.inner_text("h1") and "Escalate" in page.inner_text("main")
    shot(page, screenshots, "work-order-en-1366")
    context.close()


def test_bad_input_is_answered_in_words_and_keeps_what_was_typed(
    console_district: District, browser: Any, people: People
) -> None:
    base = console_district.base_url
    order = referred_order(console_district, people)
    url = f"{base}/work-orders/{order}"

    handler = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(handler, base, people.accounts["handler"])
    handler.goto(url)
    # A progress note with HTML in it is kept as text.
    handler.click("form[data-action=accept] button")
    handler.fill(
        "form[data-action=progress] textarea", "<b>已到现场</b><img src=x onerror=alert(1)>"
    )
    handler.click("form[data-action=progress] button")
    handler.wait_for_url(re.compile(r".*done=progress"))
    assert "<b>已到现场</b><img src=x onerror=alert(1)>" in handler.inner_text("ol.steps")
    assert handler.locator("ol.steps b").count() == 0

    # A dispatcher opened the page before the handler returned the order: 督办 now is
    # refused with what changed, and what was typed is not taken.
    dispatcher = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(dispatcher, base, people.accounts["dispatcher"])
    dispatcher.goto(url)
    handler.fill("form[data-action=return] textarea", "不属于城管职责")
    handler.click("form[data-action=return] button")
    handler.wait_for_url(re.compile(r".*done=return"))
    dispatcher.fill("form[data-action=escalate] textarea", "请尽快处理")
    dispatcher.click("form[data-action=escalate] button")
    notice = dispatcher.inner_text("div.notice.error")
    assert "已被别人改动" in notice and "退回" in notice and "不属于城管职责" in notice

    # Closing a returned order is a step the status does not allow: said in words.
    handler.goto(url)
    assert handler.locator("form[data-action=close]").count() == 0
    csrf = handler.get_attribute("form[action='/signout'] input[name=csrf]", "value")
    version = str(referrals_version(console_district, order))
    response = handler.request.post(
        f"{url}/close", form={"csrf": csrf, "version": version, "note": "办好了"}
    )
    assert response.status == 422 and "工单已退回，不能办结" in response.text()

    # Assigning again without choosing a department keeps the note typed, and says why.
    dispatcher.goto(url)
    dispatcher.fill("form[data-action=assign] textarea", "请民政科接手")
    dispatcher.evaluate(
        "document.querySelector('form[data-action=assign] select').required = false"
    )
    dispatcher.select_option("form[data-action=assign] select", value="")
    dispatcher.click("form[data-action=assign] button")
    assert "请选择承办部门" in dispatcher.inner_text("p.notice.error")
    assert dispatcher.input_value("form[data-action=assign] textarea") == "请民政科接手"

    # A sign-in with the wrong password keeps the user name; a center form its fields.
    admin_context = browser.new_context(viewport=DESKTOP)
    admin = admin_context.new_page()
    admin.goto(f"{base}/signin")
    admin.fill("input[name=username]", people.accounts["admin"])
    admin.fill("input[name=password]", "wrong-password")
    admin.click("button[type=submit]")
    assert "用户名或密码不对" in admin.inner_text("main")
    assert admin.input_value("input[name=username]") == people.accounts["admin"]
    sign_in(admin, base, people.accounts["admin"])
    admin.goto(f"{base}/admin/operators")
    admin.fill("input[name=username]", "new.dispatcher")
    admin.fill("input[name=display_name]", "<i>新</i>派单员")
    admin.select_option("select[name=role]", "dispatcher")
    admin.fill("form.grid input[name=password]", "long-enough-1")
    admin.click("form.grid button[type=submit]")
    assert "街道派单员必须选一个街道" in admin.inner_text("p.notice.error")
    assert admin.input_value("input[name=display_name]") == "<i>新</i>派单员"
    assert admin.input_value("input[name=username]") == "new.dispatcher"
    for context in browser.contexts:
        context.close()


def referrals_version(district: District, order: str) -> int:
    from district import work_order_view

    view = work_order_view.load(district.database, BOSS, order)
    assert view is not None
    return int(view.order["version"])


__all__ = ["referrals"]
