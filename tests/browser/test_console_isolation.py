"""Who may open which page and take which action, checked by the server for every role
and scope: each role signs in in the browser and asks for every page and every action;
a dispatcher of another street, or a handler of another department, gets 404 for the
work order; a role without the right gets 403; nothing is decided by hidden buttons."""

from __future__ import annotations

from typing import Any

import pytest

from db.ids import uuid7
from district import referrals, work_order_view
from district.operators import Operator
from tests.browser.console_world import DESKTOP, People, sign_in
from tests.integration.district_server import District

pytestmark = pytest.mark.slow

ALL = ("admin", "dispatcher", "other_dispatcher", "handler", "other_handler")
ADMIN_PAGES = (
    "/monitoring",
    "/admin/centers",
    "/admin/streets",
    "/admin/departments",
    "/admin/operators",
    "/admin/deadlines",
    "/admin/calendar",
    "/admin/settings",
    "/admin/audit",
)
ORDER_ACTIONS = ("assign", "escalate", "accept", "progress", "close", "return", "callback")
MAY = {
    "assign": {"admin", "dispatcher", "other_dispatcher"},
    "escalate": {"admin", "dispatcher", "other_dispatcher"},
    "callback": {"admin", "dispatcher", "other_dispatcher"},
    "accept": {"handler", "other_handler"},
    "progress": {"handler", "other_handler"},
    "close": {"handler", "other_handler"},
    "return": {"handler", "other_handler"},
    "reveal": {"admin", "dispatcher", "other_dispatcher"},
}
SEES_ORDER = {"admin", "dispatcher", "handler"}


def referred_order(district: District, people: People) -> str:
    """A referral pushed by a desk of ``people.center``, assigned to ``people.department``."""
    desk = district.enrol(people.center)
    resident, visit, request = uuid7(), uuid7(), uuid7()
    desk.push(
        [
            desk.change("resident", {"id": resident, "center_id": people.center, "name": "李四"}),
            desk.change(
                "visit",
                {
                    "id": visit,
                    "center_id": people.center,
                    "resident_id": resident,
                    "visit_date": "2026-12-01",
                    "queue_number": "A001",
                    "status": "closed",
                    "verification_code": "ISOL8TST",
                },
            ),
            desk.change(
                "request",
                {
                    "id": request,
                    "center_id": people.center,
                    "visit_id": visit,
                    "service_item_id": uuid7(),
                    "category": "public",
                    "outcome": "referred",
                    "position": 1,
                },
            ),
        ]
    )
    with district.database.read() as conn:
        from district.tables import work_order

        order_id = str(
            conn.execute(
                work_order.select()
                .with_only_columns(work_order.c.id)
                .where(work_order.c.request_id == request)
            ).scalar_one()
        )
    boss = Operator("x", "x", "x", "district_admin", None, None)
    referrals.act(
        district.database,
        boss,
        order_id,
        "assign",
        referrals.StepInput(version=1, department_id=people.department),
        "127.0.0.1",
    )
    return order_id


def _csrf(page: Any, base: str) -> str:
    page.goto(f"{base}/")
    return str(page.get_attribute("form[action='/signout'] input[name=csrf]", "value"))


def _post(page: Any, url: str, form: dict[str, str]) -> int:
    response = page.request.post(url, form=form, max_redirects=0)
    return int(response.status)


def test_every_page_and_action_is_checked_for_every_role(
    console_district: District, browser: Any, people: People
) -> None:
    base = console_district.base_url
    order = referred_order(console_district, people)
    order_page = f"/work-orders/{order}"
    seen: dict[tuple[str, str], int] = {}
    for who in ALL:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        sign_in(page, base, people.accounts[who])
        csrf = _csrf(page, base)
        for path in ("/", "/work-orders", order_page, *ADMIN_PAGES):
            seen[(who, path)] = page.goto(f"{base}{path}").status
        # Every action, with a version that is not the order's: an allowed role within
        # its scope is told the order changed (409) and nothing happens.
        for action in ORDER_ACTIONS:
            form = {"csrf": csrf, "version": "-1", "note": "x", "department_id": people.department}
            seen[(who, action)] = _post(page, f"{base}{order_page}/{action}", form)
        seen[(who, "reveal")] = _post(page, f"{base}{order_page}/reveal", {"csrf": csrf})
        admin_posts = {
            "/admin/streets": {"name": ""},
            "/admin/departments": {"name": ""},
            "/admin/centers": {"name": ""},
            "/admin/operators": {"username": ""},
            f"/admin/centers/{people.center}/street": {"street_id": "nope"},
            f"/admin/centers/{people.center}/desks/nope/revoke": {},
            "/admin/deadlines/nope": {"days": "5"},
            "/admin/calendar": {"day": ""},
            "/admin/settings": {"public_base_url": "ftp://x"},
        }
        for path, form in admin_posts.items():
            seen[(who, "POST " + path)] = _post(page, f"{base}{path}", {"csrf": csrf, **form})
        # A form without the session's CSRF token is refused, whoever sends it.
        seen[(who, "no csrf")] = _post(page, f"{base}{order_page}/escalate", {"version": "-1"})
        context.close()

    for who in ALL:
        assert seen[(who, "/")] == 200 and seen[(who, "/work-orders")] == 200
        assert seen[(who, order_page)] == (200 if who in SEES_ORDER else 404), who
        for path in ADMIN_PAGES:
            assert seen[(who, path)] == (200 if who == "admin" else 403), (who, path)
        for action in (*ORDER_ACTIONS, "reveal"):
            if who not in SEES_ORDER:
                expected = 404
            elif who not in MAY[action]:
                expected = 403
            else:
                expected = 200 if action == "reveal" else 409
            assert seen[(who, action)] == expected, (who, action)
        refused = {
            "/admin/streets": 422,
            "/admin/departments": 422,
            "/admin/centers": 422,
            "/admin/operators": 422,
            f"/admin/centers/{people.center}/street": 422,
            f"/admin/centers/{people.center}/desks/nope/revoke": 404,
            "/admin/deadlines/nope": 404,
            "/admin/calendar": 422,
            "/admin/settings": 422,
        }
        for path, status in refused.items():
            assert seen[(who, "POST " + path)] == (status if who == "admin" else 403), (who, path)
        assert seen[(who, "no csrf")] == 403

    # The reveals were audited, and nothing was changed by the refused actions.
    boss = Operator("x", "x", "x", "district_admin", None, None)
    view = work_order_view.load(console_district.database, boss, order)
    assert view is not None and view.order["version"] == 2 and view.order["status"] == "assigned"
    from district import audit

    reveals = [e for e in audit.recent(console_district.database) if e["target"] == order]
    assert {e["operator_name"] for e in reveals if e["action"] == "resident.reveal"} == {
        people.accounts[w] for w in ("admin", "dispatcher")
    }
