"""The district admin's settings: deadlines per service item, the calendar of holidays
and 调休 days, the public address of the progress page, and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import Response

from district import audit, district_settings
from district.console.admin_pages import origin
from district.console.web import ConsoleError, Page, need, redirect, render
from district.operators import OperatorError
from district.working_days import DEFAULT_DEADLINE_DAYS, district_today

router = APIRouter(prefix="/admin")
Settings = Annotated[Page, need("settings.manage")]


def _deadlines(page: Page, status: int = 200, **extra: str) -> Response:
    return render(
        page,
        "deadlines.html",
        status=status,
        items=district_settings.service_items(page.database),
        default_days=DEFAULT_DEADLINE_DAYS,
        **extra,
    )


@router.get("/deadlines")
def deadlines_page(page: Settings) -> Response:
    return _deadlines(page, done=page.request.query_params.get("done", ""))


@router.post("/deadlines/{item_id}")
def set_deadline(item_id: str, page: Settings) -> Response:
    raw = page.form.get("days", "").strip()
    if raw and not raw.isdigit():
        error = page.t("deadline.range", max=120)
        return _deadlines(page, 422, error=error, error_item=item_id)
    try:
        district_settings.set_deadline(
            page.database, item_id[:36], int(raw) if raw else None, origin(page)
        )
    except OperatorError as exc:
        if exc.code == "not_found":
            raise ConsoleError(404, "error.not_found") from None
        error = page.t(exc.code, **exc.params)
        return _deadlines(page, 422, error=error, error_item=item_id)
    return redirect("/admin/deadlines", done="1")


def _calendar(page: Page, status: int = 200, **extra: str) -> Response:
    since = district_today() - dt.timedelta(days=31)
    return render(
        page,
        "calendar.html",
        status=status,
        days=district_settings.calendar(page.database, since),
        **extra,
    )


@router.get("/calendar")
def calendar_page(page: Settings) -> Response:
    return _calendar(page, done=page.request.query_params.get("done", ""))


@router.post("/calendar")
def set_day(page: Settings) -> Response:
    try:
        day = dt.date.fromisoformat(page.form.get("day", ""))
    except ValueError:
        return _calendar(page, 422, error=page.t("calendar.day_invalid"), error_field="day")
    try:
        district_settings.set_day(
            page.database,
            day,
            page.form.get("kind", ""),
            page.form.get("note", ""),
            origin(page),
        )
    except OperatorError as exc:
        return _calendar(page, 422, error=page.t(exc.code, **exc.params), error_field=exc.field)
    return redirect("/admin/calendar", done="1")


@router.get("/settings")
def settings_page(page: Settings) -> Response:
    url = district_settings.get_setting(page.database, district_settings.PUBLIC_BASE_URL)
    return render(page, "settings.html", url=url, done=page.request.query_params.get("done", ""))


@router.post("/settings")
def save_settings(page: Settings) -> Response:
    try:
        district_settings.set_public_base_url(
            page.database, page.form.get("public_base_url", ""), origin(page)
        )
    except OperatorError as exc:
        return render(
            page,
            "settings.html",
            status=422,
            url=page.form.get("public_base_url", ""),
            error=page.t(exc.code, **exc.params),
        )
    return redirect("/admin/settings", done="1")


@router.get("/audit")
def audit_page(page: Annotated[Page, need("audit.view")]) -> Response:
    return render(page, "audit.html", events=audit.recent(page.database))
