"""What every console page shares: templates, the signed-in session, CSRF, language,
the navigation, and the role-checked route helper :func:`need`.

Adding a page (see docs/architecture.md): write a template that extends ``base.html``,
a route in a module of this package taking ``page: Annotated[Page, need("permission")]``
and returning ``render(page, "name.html", ...)``, register the module in
:mod:`district.console`, and add a :data:`NAV` entry if it belongs in the menu.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from district.console.texts import LANGUAGES, translate
from district.database import DistrictDatabase
from district.operators import IDLE_MINUTES, Operator, Session, resume
from district.working_days import DISTRICT_ZONE

HERE = Path(__file__).parent
SESSION_COOKIE = "scd_session"
LANG_COOKIE = "scd_lang"
SIGNIN_COOKIE = "scd_signin"  # CSRF for the sign-in form (before any session)
FORM_LIMIT = 64 * 1024


@dataclass(frozen=True)
class NavEntry:
    key: str  # text code of its label: ``nav.<key>``
    path: str
    permission: str


NAV: list[NavEntry] = [
    NavEntry("home", "/", "work_orders.view"),
    NavEntry("work_orders", "/work-orders", "work_orders.view"),
    NavEntry("monitoring", "/monitoring", "desks.manage"),
    NavEntry("centers", "/admin/centers", "organisation.manage"),
    NavEntry("streets", "/admin/streets", "organisation.manage"),
    NavEntry("departments", "/admin/departments", "organisation.manage"),
    NavEntry("operators", "/admin/operators", "operators.manage"),
    NavEntry("deadlines", "/admin/deadlines", "settings.manage"),
    NavEntry("calendar", "/admin/calendar", "settings.manage"),
    NavEntry("settings", "/admin/settings", "settings.manage"),
    NavEntry("audit", "/admin/audit", "audit.view"),
]
"""The menu, in order; each entry shows only to the roles holding its permission."""


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["localtime"] = _localtime
    return env


def _localtime(moment: dt.datetime | None) -> str:
    """A stored UTC time as the district reads it (Asia/Shanghai)."""
    if moment is None:
        return ""
    return moment.astimezone(DISTRICT_ZONE).strftime("%Y-%m-%d %H:%M")


TEMPLATES = _environment()


def database_of(request: Request) -> DistrictDatabase:
    database: DistrictDatabase = request.app.state.database
    return database


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def language_of(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, "")
    return lang if lang in LANGUAGES else LANGUAGES[0]


@dataclass
class Page:
    """One request's view of the console: who, in which language, with which CSRF token."""

    request: Request
    lang: str
    session: Session | None = None
    form: dict[str, str] = field(default_factory=dict)

    @property
    def operator(self) -> Operator:
        assert self.session is not None
        return self.session.operator

    @property
    def database(self) -> DistrictDatabase:
        return database_of(self.request)

    @property
    def address(self) -> str:
        return client_address(self.request)

    def t(self, key: str, /, **params: Any) -> str:
        return translate(self.lang, key, **params)


class ConsoleError(Exception):
    """Answered with the error page: 403 (role), 404 (missing or outside the scope)."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


class SignInNeeded(Exception):
    def __init__(self, next_path: str, idle: bool = False) -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.idle = idle


async def read_form(request: Request) -> dict[str, str]:
    """A url-encoded form (the console's only kind), last value of each name."""
    if request.method != "POST":
        return {}
    body = await request.body()
    if len(body) > FORM_LIMIT:
        raise ConsoleError(413, "error.too_large")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ConsoleError(400, "error.bad_form") from None
    parsed = parse_qs(text, keep_blank_values=True, max_num_fields=200)
    return {key: values[-1].replace("\x00", "") for key, values in parsed.items()}


def need(permission: str) -> Any:
    """The dependency of a page or action: a live session whose operator holds
    ``permission`` (checked against the database on every request); for a POST also the
    session's CSRF token. Not signed in → the sign-in page; lacking the role → 403."""

    async def dependency(request: Request) -> Page:
        form = await read_form(request)
        page = await _session_page(request, form)
        if not page.operator.may(permission):
            raise ConsoleError(403, "error.not_allowed")
        return page

    return Depends(dependency)


async def _session_page(request: Request, form: dict[str, str]) -> Page:
    from starlette.concurrency import run_in_threadpool

    token = request.cookies.get(SESSION_COOKIE, "")
    session = await run_in_threadpool(resume, database_of(request), token) if token else None
    if session is None:
        target = request.url.path if request.method == "GET" else "/"
        raise SignInNeeded(target, idle=bool(token))
    if request.method == "POST" and not secrets.compare_digest(
        form.get("csrf", ""), session.csrf_token
    ):
        raise ConsoleError(403, "error.csrf")
    return Page(request, language_of(request), session, form)


async def public_page(request: Request) -> Page:
    """A page anyone may open (sign-in, progress); POSTs carry the sign-in CSRF cookie."""
    form = await read_form(request)
    return Page(request, language_of(request), None, form)


def nav_for(page: Page) -> list[NavEntry]:
    if page.session is None:
        return []
    return [entry for entry in NAV if page.operator.may(entry.permission)]


def render(page: Page, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    context = {
        "page": page,
        "t": page.t,
        "lang": page.lang,
        "nav": nav_for(page),
        "path": page.request.url.path,
        "query": str(page.request.url.query),
        "idle_minutes": IDLE_MINUTES,
        "csrf": page.session.csrf_token if page.session else "",
        "form": page.form,
        **values,
    }
    html = TEMPLATES.get_template(template).render(context)
    return HTMLResponse(html, status_code=status)


def redirect(path: str, **query: str) -> RedirectResponse:
    """After a successful POST: see the result with a GET (303)."""
    if query:
        path += "?" + "&".join(f"{k}={quote(v)}" for k, v in query.items())
    return RedirectResponse(path, status_code=303)


def safe_next(value: str) -> str:
    """Only paths of this site (no ``//host``, no scheme)."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def secure_headers(response: Response) -> Response:
    for key, value in SECURITY_HEADERS.items():
        response.headers.setdefault(key, value)
    return response


def set_cookie(request: Request, response: Response, name: str, value: str, **extra: Any) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        **extra,
    )


Handler = Callable[..., Any]
