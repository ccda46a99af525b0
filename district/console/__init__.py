"""The district console (区级工作台): server-rendered pages under ``/`` of the district
server itself (the API stays under ``/api/v1``), with every asset shipped in the package.

See :mod:`district.console.web` for what pages share and how to add one."""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from district import errors
from district.console import (
    admin_pages,
    auth_pages,
    monitoring_pages,
    public_pages,
    settings_pages,
    work_order_pages,
)
from district.console.web import (
    HERE,
    ConsoleError,
    Page,
    SignInNeeded,
    language_of,
    render,
    secure_headers,
)
from protocol import API_PREFIX

ROUTERS = (
    auth_pages.router,
    work_order_pages.router,
    admin_pages.router,
    settings_pages.router,
    monitoring_pages.router,
    public_pages.router,
)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _error_page(request: Request, status: int, code: str) -> Response:
    page = Page(request, language_of(request))
    return secure_headers(render(page, "error.html", status=status, code=code))


async def _on_console_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ConsoleError)
    return _error_page(request, exc.status, exc.code)


async def _on_sign_in_needed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInNeeded)
    target = f"/signin?next={exc.next_path}" + ("&idle=1" if exc.idle else "")
    return secure_headers(RedirectResponse(target, status_code=303))


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _is_api(request):
        return await errors._on_http(request, exc)
    if exc.status_code == 405:
        return _error_page(request, 405, "error.method")
    return _error_page(request, exc.status_code, "error.not_found")


def install(app: FastAPI) -> None:
    """Mount the console's pages and assets on the district app."""
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_exception_handler(ConsoleError, _on_console_error)
    app.add_exception_handler(SignInNeeded, _on_sign_in_needed)
    app.add_exception_handler(StarletteHTTPException, _on_http)

    @app.middleware("http")
    async def console_headers(request: Request, call_next: Any) -> Response:
        started = time.perf_counter()
        response: Response = await call_next(request)
        if not _is_api(request):
            elapsed = (time.perf_counter() - started) * 1000
            response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
            secure_headers(response)
            if request.url.path.startswith("/static/"):
                response.headers["Cache-Control"] = "public, max-age=3600"
        return response
