"""Every public function of the desk's services × every role × switched off × made up.

A function that takes the desk context either checks who is calling (``access.guarded``),
says in ``access.UNGUARDED`` why it needs no check, or is one of the few reads listed in
``access.NOT_YET_CHECKED``; a new function that does none of these fails here. Each checked
function is then called as every role (with arguments that fail the test if the function
touches them before its check), as a switched-off account, as a made-up one, and as a
real center admin's id without its sign-in (no secret, an invented one, a signed-out one).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

import desktop
from db.models import AuditEvent, ChangeLogEntry
from desktop import access, auth
from desktop.context import ROLES, DeskContext, StaffIdentity
from tests.conftest import signed_in_staff

SKIPPED_MODULES = ("desktop.texts", "desktop.app")


def _service_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        if info.name.startswith(SKIPPED_MODULES):
            continue
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue
            annotations = [str(p.annotation) for p in _parameters(function)]
            if "DeskContext" not in annotations:
                continue
            if {"Session", "Connection"} & set(annotations):
                continue  # runs inside a transaction its caller opened (and checked)
            yield f"{module.__name__}.{name}", function


def _parameters(function: Callable[..., Any]) -> list[inspect.Parameter]:
    return list(inspect.signature(function).parameters.values())


SERVICES = dict(_service_functions())
CHECKED = sorted(name for name in SERVICES if name in access.GUARDED)


def test_every_service_function_checks_or_says_why_not() -> None:
    unaccounted = sorted(
        name
        for name in SERVICES
        if name not in access.GUARDED
        and name not in access.UNGUARDED
        and name not in access.NOT_YET_CHECKED
    )
    assert unaccounted == [], "a service function without a staff check: " + ", ".join(unaccounted)
    stale = sorted(
        (set(access.UNGUARDED) | access.NOT_YET_CHECKED | set(access.GUARDED)) - set(SERVICES)
    )
    assert stale == []
    assert len(CHECKED) >= 40


class Touched(Exception):
    """The function used an argument before checking who is calling."""


class Untouchable:
    """An argument that may be passed along but not looked at."""

    def __repr__(self) -> str:
        return "<untouchable>"

    def _touched(self, *args: Any, **kwargs: Any) -> Any:
        raise Touched

    __getattr__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _touched  # type: ignore[assignment]
    __hash__ = __bool__ = __iter__ = __len__ = __str__ = __format__ = _touched  # type: ignore[assignment]
    __int__ = __index__ = __float__ = __fspath__ = __getitem__ = __call__ = _touched  # type: ignore[assignment]
    __contains__ = __add__ = __radd__ = __sub__ = __rsub__ = _touched  # type: ignore[assignment]


def _call(function: Callable[..., Any], ctx: DeskContext, staff: StaffIdentity) -> None:
    arguments: list[Any] = []
    staff_given = False
    for parameter in _parameters(function):
        annotation = str(parameter.annotation)
        if annotation == "DeskContext":
            arguments.append(ctx)
        elif "StaffIdentity" in annotation and not staff_given:
            arguments.append(staff)
            staff_given = True
        elif parameter.default is inspect.Parameter.empty:
            arguments.append(Untouchable())
        else:
            break
    assert staff_given, "a checked function takes the signed-in staff"
    function(*arguments)


def _staff(ctx: DeskContext, role: str, *, active: bool = True) -> StaffIdentity:
    """Signed in; ``active=False``: switched off afterwards (its sign-in left open)."""
    username = f"{role.replace('_', '')}{'on' if active else 'off'}"
    return signed_in_staff(ctx, username, role, active=active)


def _traces(ctx: DeskContext) -> tuple[int, int]:
    with ctx.db.read() as session:
        changes = session.scalar(select(func.count()).select_from(ChangeLogEntry)) or 0
        audits = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    return changes, audits


def _refused(function: Callable[..., Any], ctx: DeskContext, staff: StaffIdentity) -> str:
    before = _traces(ctx)
    with pytest.raises(access.AccessRefused) as refused:
        _call(function, ctx, staff)
    assert _traces(ctx) == before, "a refused call left a trace"
    return refused.value.message.code


@pytest.mark.parametrize("name", CHECKED)
def test_checked_function_refuses_whom_the_matrix_refuses(
    name: str, bare_ctx: DeskContext, fast_passwords: None
) -> None:
    function = SERVICES[name]
    action = access.GUARDED[name]
    ctx = bare_ctx
    for role in ROLES:
        off = _staff(ctx, role, active=False)
        assert _refused(function, ctx, off) == "access.switched_off", (name, role)
    made_up = StaffIdentity("0190aaaa-0000-7000-8000-000000000000", "x", "x", "center_admin")
    assert _refused(function, ctx, made_up) == "access.unknown_staff", name
    admin = signed_in_staff(ctx, "realadmin", "center_admin")
    for forged in (
        StaffIdentity(admin.id, admin.username, admin.display_name, admin.role),
        dataclasses.replace(admin, session_token=secrets.token_urlsafe(32)),
    ):
        assert _refused(function, ctx, forged) == "access.not_signed_in", name
    auth.sign_out(ctx, admin)
    assert _refused(function, ctx, admin) == "access.signed_out", name
    for role in ROLES:
        staff = _staff(ctx, role)
        if access.allowed(role, action):
            try:
                _call(function, ctx, staff)
            except access.AccessRefused as refused:  # pragma: no cover - the failure
                pytest.fail(f"{name} refused {role}: {refused.message.code}")
            except Exception:  # any other outcome is past the check
                pass
        else:
            assert _refused(function, ctx, staff) == "access.not_allowed", (name, role)
            claims_admin = dataclasses.replace(staff, role="center_admin")
            assert _refused(function, ctx, claims_admin) == "access.not_allowed", (name, role)
