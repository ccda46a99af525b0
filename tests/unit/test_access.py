"""Who may do what: the staff row is loaded and checked on every call, not remembered."""

from __future__ import annotations

import dataclasses
import logging
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import StaffSession
from desktop import access, auth, staff_sessions, visits
from desktop.context import ROLES, DeskContext, StaffIdentity
from desktop.i18n import Translator
from desktop.visits import RequestDraft
from tests.unit.visit_fixtures import add_residents, item_id, with_catalog

DOCS = Path(__file__).resolve().parents[2] / "docs" / "access.md"


@pytest.fixture
def ctx(bare_ctx: DeskContext, fast_passwords: None) -> DeskContext:
    return bare_ctx


@pytest.fixture
def admin(ctx: DeskContext) -> StaffIdentity:
    auth.create_staff(ctx, None, "admin", "管理员", "center_admin", "admin-pass-1")
    return auth.sign_in(ctx, "admin", "admin-pass-1")


def _new_staff(
    ctx: DeskContext, admin: StaffIdentity, username: str, role: str, password: str
) -> StaffIdentity:
    """An account the admin adds, then signed in (at another desk window, say)."""
    auth.create_staff(ctx, admin, username, username, role, password)
    return auth.sign_in(ctx, username, password)


@pytest.fixture
def ended() -> Iterator[list[int]]:
    calls: list[int] = []
    unsubscribe = access.on_session_ended(lambda staff, code: calls.append(1))
    yield calls
    unsubscribe()


def _code(error: pytest.ExceptionInfo[access.AccessRefused]) -> str:
    return error.value.message.code


def test_switched_off_admin_is_refused_at_its_next_admin_action(
    ctx: DeskContext, admin: StaffIdentity, ended: list[int]
) -> None:
    second = _new_staff(ctx, admin, "boss2", "center_admin", "boss-pass-22")
    clerk = auth.create_staff(ctx, admin, "qiantai", "前台", "front_desk", "clerk-pass-1")
    auth.set_active(ctx, second, admin.id, False)  # switched off while signed in elsewhere
    with pytest.raises(access.AccessRefused) as refused:
        auth.reset_password(ctx, admin, clerk.id, "taken-over-1")
    assert _code(refused) == "access.switched_off" and refused.value.ends_session
    with pytest.raises(access.AccessRefused):
        auth.set_active(ctx, admin, clerk.id, False)
    with pytest.raises(access.AccessRefused):
        auth.create_staff(ctx, admin, "mole", "内鬼", "center_admin", "mole-pass-1")
    with pytest.raises(access.AccessRefused):
        auth.list_accounts(ctx, admin)
    assert len(ended) == 4
    assert [a.active for a in auth.list_accounts(ctx, second) if a.id == clerk.id] == [True]
    with pytest.raises(auth.UserError):  # its password was not changed
        auth.sign_in(ctx, "qiantai", "taken-over-1")


def test_forged_identity_is_refused(ctx: DeskContext, admin: StaffIdentity) -> None:
    clerk = _new_staff(ctx, admin, "qiantai", "front_desk", "clerk-pass-1")
    promoted = dataclasses.replace(clerk, role="center_admin")  # its real sign-in, too
    with pytest.raises(access.AccessRefused) as refused:
        auth.reset_password(ctx, promoted, admin.id, "taken-over-1")
    assert _code(refused) == "access.not_allowed" and not refused.value.ends_session
    made_up = StaffIdentity("0190aaaa-0000-7000-8000-000000000000", "x", "x", "center_admin")
    with pytest.raises(access.AccessRefused) as unknown:
        auth.set_active(ctx, made_up, clerk.id, False)
    assert _code(unknown) == "access.unknown_staff" and unknown.value.ends_session
    assert auth.sign_in(ctx, "admin", "admin-pass-1").id == admin.id


def test_a_real_admins_id_without_its_sign_in_is_refused(
    ctx: DeskContext, admin: StaffIdentity, ended: list[int]
) -> None:
    clerk = _new_staff(ctx, admin, "qiantai", "front_desk", "clerk-pass-1")
    by_hand = StaffIdentity(admin.id, admin.username, admin.display_name, admin.role)
    invented = dataclasses.replace(admin, session_token=secrets.token_urlsafe(32))
    others = dataclasses.replace(admin, session_token=clerk.session_token)  # a clerk's
    for forged in (by_hand, invented, others):
        with pytest.raises(access.AccessRefused) as refused:
            auth.reset_password(ctx, forged, clerk.id, "taken-over-1")
        assert _code(refused) == "access.not_signed_in" and refused.value.ends_session
        with pytest.raises(access.AccessRefused):
            auth.set_active(ctx, forged, clerk.id, False)
    assert "session_token" not in repr(admin) and admin.session_token not in repr(admin)
    assert len(ended) == 6
    auth.reset_password(ctx, admin, clerk.id, "new-pass-123")  # the real sign-in works
    with ctx.db.read() as session:
        kept = session.scalars(select(StaffSession.secret_hash)).all()
    assert admin.session_token not in kept  # only hashes are kept
    assert staff_sessions.secret_hash(admin.session_token) in kept


def test_signed_out_identity_is_refused(ctx: DeskContext, admin: StaffIdentity) -> None:
    auth.list_accounts(ctx, admin)
    auth.sign_out(ctx, admin)
    with pytest.raises(access.AccessRefused) as refused:
        auth.list_accounts(ctx, admin)
    assert _code(refused) == "access.signed_out" and refused.value.ends_session
    again = auth.sign_in(ctx, "admin", "admin-pass-1")
    assert again.session_token != admin.session_token
    assert [a.username for a in auth.list_accounts(ctx, again)] == ["admin"]
    auth.sign_out(ctx, admin)  # once more: nothing left to end, no error


def test_a_password_reset_signs_the_account_out_everywhere_but_the_admins_own(
    ctx: DeskContext, admin: StaffIdentity
) -> None:
    clerk = _new_staff(ctx, admin, "qiantai", "front_desk", "clerk-pass-1")
    same_clerk_elsewhere = auth.sign_in(ctx, "qiantai", "clerk-pass-1")
    auth.reset_password(ctx, admin, clerk.id, "new-pass-123")
    for stale in (clerk, same_clerk_elsewhere):
        with pytest.raises(access.AccessRefused) as refused:
            access.check(ctx, stale, "visit.read")
        assert _code(refused) == "access.password_reset"
    auth.reset_password(ctx, admin, admin.id, "admin-pass-2")  # its own: it keeps working
    auth.list_accounts(ctx, admin)
    fresh = auth.sign_in(ctx, "qiantai", "new-pass-123")
    access.check(ctx, fresh, "visit.read")


def test_signing_in_at_the_idle_lock(ctx: DeskContext, admin: StaffIdentity) -> None:
    _new_staff(ctx, admin, "qiantai", "front_desk", "clerk-pass-1")
    same = auth.sign_in(ctx, "admin", "admin-pass-1", replacing=admin)
    assert same.session_token == admin.session_token  # the same sign-in goes on
    auth.list_accounts(ctx, admin)
    other = auth.sign_in(ctx, "qiantai", "clerk-pass-1", replacing=admin)
    assert other.session_token != admin.session_token
    with pytest.raises(access.AccessRefused) as refused:
        auth.list_accounts(ctx, admin)
    assert _code(refused) == "access.signed_out"
    with ctx.db.read() as session:
        row = session.get_one(StaffSession, staff_sessions.secret_hash(admin.session_token))
    assert row.ended_why == staff_sessions.REPLACED and row.ended_at is not None
    access.check(ctx, other, "visit.read")
    with pytest.raises(auth.UserError):  # a wrong password ends nothing
        auth.sign_in(ctx, "admin", "wrong-pass-1", replacing=other)
    access.check(ctx, other, "visit.read")


def test_staff_of_another_center_is_unknown_here(ctx: DeskContext, admin: StaffIdentity) -> None:
    from db.models import Center

    with ctx.db.write() as session:
        other = Center(name="别的中心", address="", hotline="")
        session.add(other)
    elsewhere = DeskContext(ctx.db, ctx.paths, other.id, 1, ctx.vault)
    with pytest.raises(access.AccessRefused) as refused:
        auth.list_accounts(elsewhere, admin)
    assert _code(refused) == "access.unknown_staff"


def test_switched_off_front_desk_cannot_register_visits(
    ctx: DeskContext, admin: StaffIdentity, ended: list[int]
) -> None:
    with_catalog(ctx)
    (resident,) = add_residents(ctx, 1)
    clerk = _new_staff(ctx, admin, "qiantai", "front_desk", "clerk-pass-1")
    draft = [RequestDraft(service_item_id=item_id(ctx, "A"), description="咨询")]
    visit = visits.register_visit(ctx, clerk, resident, draft)
    auth.set_active(ctx, admin, clerk.id, False)
    with pytest.raises(access.AccessRefused) as refused:
        visits.register_visit(ctx, clerk, resident, draft)
    assert _code(refused) == "access.switched_off"
    with pytest.raises(access.AccessRefused):
        visits.record_satisfaction(ctx, clerk, visit.id, 5)
    assert ended == [1, 1]
    assert visits.get_visit(ctx, admin, visit.id).satisfaction is None


def test_refusal_reads_in_words() -> None:
    error = access.AccessRefused(
        "access.not_allowed",
        ends_session=False,
        action=access.Message("access.action.staff.manage"),
        role=access.Message("ui.role.front_desk"),
    )
    assert Translator("zh_CN").message(error.message) == "前台社工不能管理员工账号；请找中心管理员"
    assert Translator("en").message(error.message).startswith("A front desk account cannot")
    for action in access.MATRIX:
        zh = Translator("zh_CN")(f"access.action.{action}")
        assert zh != f"access.action.{action}", action


def test_docs_table_is_the_matrix() -> None:
    rows: dict[str, frozenset[str]] = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `([a-z_.]+)` \| [^|]+ \| (.) \| (.) \| (.) \|$", line)
        if found:
            marks = found.groups()[1:]
            rows[found.group(1)] = frozenset(
                role for role, mark in zip(ROLES, marks, strict=True) if mark == "✓"
            )
    assert rows == access.MATRIX


def test_every_action_is_known_and_marked() -> None:
    with pytest.raises(KeyError):
        access.guarded("visit.delete_everything")
    assert set(access.GUARDED.values()) <= set(access.MATRIX)
    assert access.action_of(visits.register_visit) == "visit.register"


def test_who_may_change_a_setting_is_declared_with_it(
    ctx: DeskContext, admin: StaffIdentity
) -> None:
    from desktop.errors import UserError
    from desktop.settings import SETTINGS, Settings, change_setting

    clerk = _new_staff(ctx, admin, "qiantai", "front_desk", "clerk-pass-1")
    change_setting(ctx, clerk, "slip.queue_ticket.printer", "Thermal80")
    with pytest.raises(UserError) as refused:
        change_setting(ctx, clerk, "slip.service_receipt.unmask", True)
    assert refused.value.message.code == "settings.not_allowed"
    assert Settings(ctx.db).get("slip.service_receipt.unmask") is False
    change_setting(ctx, admin, "slip.service_receipt.unmask", True)
    assert Settings(ctx.db).get("slip.service_receipt.unmask") is True
    for key in ("slip.keep_days", "security.idle_lock_minutes"):  # the admin's
        assert SETTINGS[key].changed_by == frozenset({"center_admin"})
        with pytest.raises(UserError):
            change_setting(ctx, clerk, key, 1)
    auth.set_active(ctx, admin, clerk.id, False)
    with pytest.raises(access.AccessRefused):  # switched off: not even its own printer
        change_setting(ctx, clerk, "slip.queue_ticket.printer", "Laser")


def test_the_sign_in_secret_is_never_logged(
    ctx: DeskContext, admin: StaffIdentity, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    clerk = _new_staff(ctx, admin, "qiantai", "front_desk", "clerk-pass-1")
    logging.getLogger("desk.test").info("signed in: %r %s", clerk, clerk)
    auth.reset_password(ctx, admin, clerk.id, "new-pass-123")
    with pytest.raises(access.AccessRefused):
        auth.list_accounts(ctx, clerk)
    auth.sign_out(ctx, admin)
    for secret in (admin.session_token, clerk.session_token):
        assert secret and secret not in caplog.text
        assert secret not in repr(admin) + str(clerk)
