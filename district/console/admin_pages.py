"""The district admin's pages: streets, departments, centers with their desks (enrolment
codes, revoking), operator accounts."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import Response

from district import monitoring, operators, organisation
from district.audit import Origin
from district.console.web import ConsoleError, Page, need, redirect, render
from district.operators import OperatorError

router = APIRouter(prefix="/admin")
Organiser = Annotated[Page, need("organisation.manage")]
DeskAdmin = Annotated[Page, need("desks.manage")]
OperatorAdmin = Annotated[Page, need("operators.manage")]
ID = re.compile(r"[0-9A-Za-z-]{1,36}")


def origin(page: Page) -> Origin:
    return Origin(page.operator.id, page.operator.username, page.address)


def _error(page: Page, exc: OperatorError) -> dict[str, str]:
    return {"error": page.t(exc.code, **exc.params), "error_field": exc.field}


def _checked_id(value: str) -> str:
    if not ID.fullmatch(value):
        raise ConsoleError(404, "error.not_found")
    return value


# streets -------------------------------------------------------------------------------


def _streets(page: Page, status: int = 200, **extra: str) -> Response:
    streets = organisation.list_streets(page.database)
    return render(page, "streets.html", status=status, streets=streets, **extra)


@router.get("/streets")
def streets_page(page: Organiser) -> Response:
    return _streets(page, done=page.request.query_params.get("done", ""))


@router.post("/streets")
def create_street(page: Organiser) -> Response:
    try:
        organisation.create_street(page.database, page.form.get("name", ""), origin(page))
    except OperatorError as exc:
        return _streets(page, 422, **_error(page, exc))
    return redirect("/admin/streets", done="1")


# departments ---------------------------------------------------------------------------


def _departments(page: Page, status: int = 200, **extra: str) -> Response:
    departments = organisation.list_departments(page.database)
    return render(page, "departments.html", status=status, departments=departments, **extra)


@router.get("/departments")
def departments_page(page: Organiser) -> Response:
    return _departments(page, done=page.request.query_params.get("done", ""))


@router.post("/departments")
def create_department(page: Organiser) -> Response:
    try:
        organisation.create_department(page.database, page.form.get("name", ""), origin(page))
    except OperatorError as exc:
        return _departments(page, 422, **_error(page, exc))
    return redirect("/admin/departments", done="1")


@router.post("/departments/{department_id}/active")
def switch_department(department_id: str, page: Organiser) -> Response:
    active = page.form.get("active") == "1"
    try:
        organisation.set_department_active(
            page.database, _checked_id(department_id), active, origin(page)
        )
    except OperatorError:
        raise ConsoleError(404, "error.not_found") from None
    return redirect("/admin/departments")


# centers and desks ---------------------------------------------------------------------


def _centers(page: Page, status: int = 200, **extra: str) -> Response:
    return render(
        page,
        "centers.html",
        status=status,
        centers=organisation.list_centers(page.database),
        streets=organisation.list_streets(page.database),
        **extra,
    )


@router.get("/centers")
def centers_page(page: Organiser) -> Response:
    return _centers(page, done=page.request.query_params.get("done", ""))


@router.post("/centers")
def create_center(page: Organiser) -> Response:
    form = page.form
    try:
        center_id = organisation.create_center(
            page.database,
            form.get("name", ""),
            form.get("street_id") or None,
            origin(page),
            form.get("address", ""),
            form.get("hotline", ""),
        )
    except OperatorError as exc:
        return _centers(page, 422, **_error(page, exc))
    return redirect(f"/admin/centers/{center_id}", done="created")


def _center(page: Page, center_id: str, status: int = 200, **extra: str) -> Response:
    found = organisation.get_center(page.database, _checked_id(center_id))
    if found is None:
        raise ConsoleError(404, "error.not_found")
    desks: list[dict[str, object]] = next(
        (c["desks"] for c in monitoring.overview(page.database) if c["id"] == center_id), []
    )
    return render(
        page,
        "center.html",
        status=status,
        center=found,
        desks=desks,
        streets=organisation.list_streets(page.database),
        **extra,
    )


@router.get("/centers/{center_id}")
def center_page(center_id: str, page: Organiser) -> Response:
    return _center(page, center_id, done=page.request.query_params.get("done", ""))


@router.post("/centers/{center_id}/street")
def set_street(center_id: str, page: Organiser) -> Response:
    try:
        organisation.set_center_street(
            page.database, _checked_id(center_id), page.form.get("street_id") or None, origin(page)
        )
    except OperatorError as exc:
        if exc.code == "not_found":
            raise ConsoleError(404, "error.not_found") from None
        return _center(page, center_id, 422, **_error(page, exc))
    return redirect(f"/admin/centers/{center_id}", done="street")


@router.post("/centers/{center_id}/code")
def enrolment_code(center_id: str, page: DeskAdmin) -> Response:
    if organisation.get_center(page.database, _checked_id(center_id)) is None:
        raise ConsoleError(404, "error.not_found")
    code = organisation.issue_code(page.database, center_id, origin(page))
    return _center(page, center_id, code=code)


@router.post("/centers/{center_id}/desks/{device_id}/revoke")
def revoke_desk(center_id: str, device_id: str, page: DeskAdmin) -> Response:
    try:
        organisation.revoke_desk(
            page.database, _checked_id(center_id), _checked_id(device_id), origin(page)
        )
    except OperatorError:
        raise ConsoleError(404, "error.not_found") from None
    return redirect(f"/admin/centers/{center_id}", done="revoked")


# operators -----------------------------------------------------------------------------


def _operators(page: Page, status: int = 200, **extra: str) -> Response:
    return render(
        page,
        "operators.html",
        status=status,
        operators=operators.list_operators(page.database),
        streets=organisation.list_streets(page.database),
        departments=organisation.list_departments(page.database, active_only=True),
        roles=operators.ROLES,
        min_password=operators.MIN_PASSWORD,
        **extra,
    )


@router.get("/operators")
def operators_page(page: OperatorAdmin) -> Response:
    return _operators(page, done=page.request.query_params.get("done", ""))


@router.post("/operators")
def create_operator(page: OperatorAdmin) -> Response:
    form = page.form
    try:
        operators.create_operator(
            page.database,
            form.get("username", ""),
            form.get("display_name", ""),
            form.get("role", ""),
            form.get("password", ""),
            form.get("street_id") or None,
            form.get("department_id") or None,
            origin(page),
        )
    except OperatorError as exc:
        return _operators(page, 422, **_error(page, exc))
    return redirect("/admin/operators", done="created")


@router.post("/operators/{operator_id}/active")
def switch_operator(operator_id: str, page: OperatorAdmin) -> Response:
    try:
        operators.set_active(
            page.database, _checked_id(operator_id), page.form.get("active") == "1", origin(page)
        )
    except OperatorError as exc:
        if exc.code == "not_found":
            raise ConsoleError(404, "error.not_found") from None
        return _operators(page, 422, **_error(page, exc))
    return redirect("/admin/operators", done="switched")


@router.post("/operators/{operator_id}/password")
def reset_password(operator_id: str, page: OperatorAdmin) -> Response:
    try:
        operators.reset_password(
            page.database, _checked_id(operator_id), page.form.get("password", ""), origin(page)
        )
    except OperatorError as exc:
        if exc.code == "not_found":
            raise ConsoleError(404, "error.not_found") from None
        return _operators(page, 422, **_error(page, exc))
    return redirect("/admin/operators", done="password")
