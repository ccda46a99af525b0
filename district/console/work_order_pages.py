"""The front page, the work-order list and one work order's page with its actions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import Response

from district import monitoring, organisation, work_order_list, work_order_view
from district.console.statistics_pages import avg, rate, this_month
from district.console.web import ConsoleError, Page, need, redirect, render
from district.operators import OperatorError
from district.referrals import StaleOrder, StepInput, act
from protocol.vocabulary import CATEGORIES, WORK_ORDER_STATUSES
from protocol.work_orders import OPEN_STATUSES

router = APIRouter()
Viewer = Annotated[Page, need("work_orders.view")]
ID = re.compile(r"[0-9A-Za-z-]{1,36}")
STATUSES = WORK_ORDER_STATUSES


@router.get("/")
def home(page: Viewer) -> Response:
    counts = work_order_list.counts(page.database, page.operator)
    silent = monitoring.silent_desks(page.database) if page.operator.may("desks.manage") else None
    month = this_month(page) if page.operator.may("statistics.view") else None
    return render(page, "home.html", counts=counts, silent=silent, month=month, rate=rate, avg=avg)


def _day(value: str, errors: list[str], name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(name)
        return None


def _filters(page: Page) -> tuple[work_order_list.Filters, list[str]]:
    q = page.request.query_params
    errors: list[str] = []
    try:
        number = int(q.get("page", "1") or 1)
    except ValueError:
        number = 1
    filters = work_order_list.Filters(
        street_id=q.get("street", "")[:36],
        center_id=q.get("center", "")[:36],
        department_id=q.get("department", "")[:36],
        status=q.get("status", "") if q.get("status", "") in STATUSES else "",
        overdue=q.get("overdue") == "1",
        category=q.get("category", "") if q.get("category", "") in CATEGORIES else "",
        day_from=_day(q.get("from", ""), errors, "from"),
        day_to=_day(q.get("to", ""), errors, "to"),
        search=q.get("q", "")[:40],
        page=max(1, min(number, 100_000)),
    )
    return filters, errors


def _choices(page: Page) -> dict[str, Any]:
    """What the filter lists offer: only streets and centers within the operator's scope."""
    return {
        **work_order_list.filter_choices(page.database, page.operator),
        "statuses": STATUSES,
        "categories": CATEGORIES,
    }


@router.get("/work-orders")
def work_orders_page(page: Viewer) -> Response:
    filters, errors = _filters(page)
    listing = work_order_list.list_page(page.database, page.operator, filters)
    query = {k: v for k, v in page.request.query_params.items() if k != "page" and v}
    return render(
        page,
        "work_orders.html",
        listing=listing,
        filters=filters,
        date_errors=errors,
        base_query=urlencode(query),
        **_choices(page),
    )


def _order_page(
    page: Page,
    work_order_id: str,
    status: int = 200,
    error: str = "",
    error_field: str = "",
    stale: list[dict[str, Any]] | None = None,
    resident: work_order_view.Resident | None = None,
    done: str = "",
) -> Response:
    if not ID.fullmatch(work_order_id):
        raise ConsoleError(404, "error.not_found")
    view = work_order_view.load(page.database, page.operator, work_order_id)
    if view is None:
        raise ConsoleError(404, "error.not_found")
    departments = organisation.list_departments(page.database, active_only=True)
    return render(
        page,
        "work_order.html",
        status=status,
        view=view,
        order=view.order,
        resident=resident or view.resident,
        departments=departments,
        error=error,
        error_field=error_field,
        stale=stale,
        done=done,
        open_statuses=OPEN_STATUSES,
    )


@router.get("/work-orders/{work_order_id}")
def work_order_page(work_order_id: str, page: Viewer) -> Response:
    done = page.request.query_params.get("done", "")
    return _order_page(page, work_order_id, done=done if done.isidentifier() else "")


@router.post("/work-orders/{work_order_id}/reveal")
def reveal_resident(work_order_id: str, page: Viewer) -> Response:
    if not ID.fullmatch(work_order_id):
        raise ConsoleError(404, "error.not_found")
    try:
        resident = work_order_view.reveal(page.database, page.operator, work_order_id, page.address)
    except OperatorError as exc:
        raise ConsoleError(404 if exc.code == "not_found" else 403, f"error.{exc.code}") from None
    return _order_page(page, work_order_id, resident=resident)


@router.post("/work-orders/{work_order_id}/{action}")
def take_action(work_order_id: str, action: str, page: Viewer) -> Response:
    if not ID.fullmatch(work_order_id):
        raise ConsoleError(404, "error.not_found")
    form = page.form
    try:
        version = int(form.get("version", ""))
    except ValueError:
        version = -1
    grade = form.get("satisfaction", "")
    given = StepInput(
        version=version,
        note=form.get("note", ""),
        department_id=form.get("department_id", ""),
        satisfaction=int(grade) if grade.isdigit() and len(grade) == 1 else None,
    )
    try:
        act(page.database, page.operator, work_order_id, action, given, page.address)
    except StaleOrder as stale:
        message = page.t("work_order.changed")
        return _order_page(page, work_order_id, 409, message, stale=stale.steps)
    except OperatorError as exc:
        if exc.code == "not_found":
            raise ConsoleError(404, "error.not_found") from None
        if exc.code == "not_allowed":
            raise ConsoleError(403, "error.not_allowed") from None
        message = page.t(exc.code, **exc.params)
        if "status" in exc.params:
            message = page.t(exc.code, status=page.t(f"status.{exc.params['status']}"))
        return _order_page(page, work_order_id, 422, message, exc.field)
    return redirect(f"/work-orders/{work_order_id}", done=action)
