"""Signing in and out, and choosing the language."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from district.console.texts import LANGUAGES
from district.console.web import (
    LANG_COOKIE,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    Page,
    need,
    public_page,
    redirect,
    render,
    safe_next,
    set_cookie,
)
from district.operators import OperatorError, sign_in, sign_out

router = APIRouter()
Public = Annotated[Page, Depends(public_page)]


def _signin_form(page: Page, status: int = 200, error: str = "", **params: object) -> Response:
    token = page.request.cookies.get(SIGNIN_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        page,
        "signin.html",
        status=status,
        signin_csrf=token,
        error=page.t(error, **params) if error else "",
        next=safe_next(page.request.query_params.get("next") or page.form.get("next", "/")),
        idle=page.request.query_params.get("idle") == "1",
    )
    set_cookie(page.request, response, SIGNIN_COOKIE, token)
    return response


@router.get("/signin")
def signin_page(page: Public) -> Response:
    return _signin_form(page)


@router.post("/signin")
async def signin(page: Public) -> Response:
    cookie = page.request.cookies.get(SIGNIN_COOKIE, "")
    if not cookie or not secrets.compare_digest(page.form.get("csrf", ""), cookie):
        return _signin_form(page, 403, "error.csrf")
    username = page.form.get("username", "")
    password = page.form.get("password", "")
    if not username.strip() or not password:
        return _signin_form(page, 422, "sign_in.missing")
    try:
        session = await run_in_threadpool(
            sign_in, page.database, username[:40], password[:200], page.address
        )
    except OperatorError as exc:
        return _signin_form(page, 401, exc.code, **exc.params)
    response = redirect(safe_next(page.form.get("next", "/")))
    set_cookie(page.request, response, SESSION_COOKIE, session.token)
    response.delete_cookie(SIGNIN_COOKIE, path="/")
    return response


@router.post("/signout")
def signout(page: Annotated[Page, need("work_orders.view")]) -> Response:
    assert page.session is not None
    sign_out(page.database, page.session, page.address)
    response = redirect("/signin")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def choose_language(code: str, page: Public) -> Response:
    response = RedirectResponse(safe_next(page.request.query_params.get("next", "/")), 303)
    if code in LANGUAGES:
        set_cookie(page.request, response, LANG_COOKIE, code, max_age=365 * 24 * 3600)
    return response
