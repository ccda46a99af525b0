"""Staff accounts: Argon2id hashes, sign-in, lock-out, roles, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import extract_parameters
from sqlalchemy import select

from db.models import AuditEvent, Staff, StaffSession
from desktop import auth
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError, ValidationError
from tests.conftest import Desk


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def ctx(bare_ctx: DeskContext, fast_passwords: None) -> DeskContext:
    bare_ctx.clock = Clock()
    return bare_ctx


@pytest.fixture
def admin(ctx: DeskContext) -> StaffIdentity:
    auth.create_staff(ctx, None, "Admin", "管理员", "center_admin", "correct horse")
    return auth.sign_in(ctx, "admin", "correct horse")


def _actions(ctx: DeskContext) -> list[str]:
    with ctx.db.read() as session:
        return list(
            session.scalars(select(AuditEvent.action).order_by(AuditEvent.at, AuditEvent.id))
        )


def test_shipped_parameters_are_memory_hard() -> None:
    # The fixture lowers them for speed; the module default stays memory-hard.
    assert auth.PASSWORD_PARAMS.memory_kib >= 19 * 1024
    assert auth.PASSWORD_PARAMS.time_cost >= 2


def test_hash_is_argon2id_with_current_parameters(fast_passwords: None) -> None:
    encoded = auth.hash_password("secret password")
    params = extract_parameters(encoded)
    assert encoded.startswith("$argon2id$")
    assert params.memory_cost == auth.PASSWORD_PARAMS.memory_kib
    assert "secret password" not in encoded


def test_sign_in_works_and_is_audited(ctx: DeskContext, admin: StaffIdentity) -> None:
    who = auth.sign_in(ctx, " ADMIN ", "correct horse")
    assert who == admin
    assert who.is_admin
    assert _actions(ctx) == ["staff_created", "sign_in", "sign_in"]  # the fixture's, this
    assert who.session_token and who.session_token != admin.session_token
    with ctx.db.read() as session:
        opened = session.scalars(select(StaffSession).where(StaffSession.staff_id == who.id))
        assert sorted(row.ended_at is None for row in opened) == [True, True]


def test_wrong_password_warns_and_unknown_user_fails_plainly(
    ctx: DeskContext, admin: StaffIdentity
) -> None:
    with pytest.raises(UserError) as wrong:
        auth.sign_in(ctx, "admin", "wrong horse")
    assert wrong.value.message.code == "auth.failed_attempts_left"
    assert wrong.value.message.params == {"left": 4}
    with pytest.raises(UserError) as unknown:
        auth.sign_in(ctx, "nobody", "whatever1")
    assert unknown.value.message.code == "auth.failed"
    assert _actions(ctx).count("sign_in_failed") == 2


def test_five_failures_lock_for_sixty_seconds(ctx: DeskContext, admin: StaffIdentity) -> None:
    clock = ctx.clock
    assert isinstance(clock, Clock)
    for _ in range(4):
        with pytest.raises(UserError):
            auth.sign_in(ctx, "admin", "wrong horse")
    with pytest.raises(UserError) as fifth:
        auth.sign_in(ctx, "admin", "wrong horse")
    assert fifth.value.message.code == "auth.locked"
    clock.advance(30)
    with pytest.raises(UserError) as locked:
        auth.sign_in(ctx, "admin", "correct horse")  # even the right password waits
    assert locked.value.message.code == "auth.locked"
    assert locked.value.message.params == {"seconds": 30}
    clock.advance(31)
    assert auth.sign_in(ctx, "admin", "correct horse") == admin
    actions = _actions(ctx)
    assert actions.count("sign_in_locked") == 1
    assert actions[-1] == "sign_in"


def test_the_count_restarts_after_a_success(ctx: DeskContext, admin: StaffIdentity) -> None:
    for _ in range(4):
        with pytest.raises(UserError):
            auth.sign_in(ctx, "admin", "wrong horse")
    auth.sign_in(ctx, "admin", "correct horse")
    with pytest.raises(UserError) as again:
        auth.sign_in(ctx, "admin", "wrong horse")
    assert again.value.message.params == {"left": 4}


def test_inactive_and_tombstoned_staff_cannot_sign_in(
    ctx: DeskContext, admin: StaffIdentity
) -> None:
    auth.create_staff(ctx, admin, "qiantai", "前台", "front_desk", "password1")
    auth.create_staff(ctx, admin, "gone", "离职", "on_duty", "password2")
    with ctx.db.write() as session:
        session.scalars(select(Staff).where(Staff.username == "qiantai")).one().active = False
        session.scalars(select(Staff).where(Staff.username == "gone")).one().mark_deleted()
    with pytest.raises(UserError) as inactive:
        auth.sign_in(ctx, "qiantai", "password1")
    assert inactive.value.message.code == "auth.inactive"
    with pytest.raises(UserError) as gone:
        auth.sign_in(ctx, "gone", "password2")
    assert gone.value.message.code == "auth.failed"
    assert [s.username for s in auth.list_staff(ctx)] == ["admin"]


def test_rehash_when_parameters_change(
    ctx: DeskContext, admin: StaffIdentity, monkeypatch: pytest.MonkeyPatch
) -> None:
    stronger = auth.PasswordParams(time_cost=2, memory_kib=16, parallelism=1)
    monkeypatch.setattr(auth, "PASSWORD_PARAMS", stronger)
    auth.sign_in(ctx, "admin", "correct horse")
    with ctx.db.read() as session:
        stored = session.get_one(Staff, admin.id).password_hash
    assert extract_parameters(stored).time_cost == 2
    assert auth.sign_in(ctx, "admin", "correct horse") == admin


def test_only_admins_create_accounts(ctx: DeskContext, admin: StaffIdentity) -> None:
    made = auth.create_staff(ctx, admin, "qiantai", "前台社工", "front_desk", "password1")
    assert made.role == "front_desk"
    clerk = auth.sign_in(ctx, "qiantai", "password1")
    with pytest.raises(UserError) as refused:
        auth.create_staff(ctx, clerk, "other", "其他", "front_desk", "password1")
    assert refused.value.message.code == "access.not_allowed"
    with pytest.raises(UserError):
        auth.create_staff(ctx, None, "sneaky", "后门", "center_admin", "password1")


def test_account_validation_lists_every_field(ctx: DeskContext, admin: StaffIdentity) -> None:
    with pytest.raises(ValidationError) as bad:
        auth.create_staff(ctx, admin, "张三", "", "boss", "short")
    assert {f: m.code for f, m in bad.value.fields.items()} == {
        "username": "auth.username_format",
        "display_name": "field.required",
        "role": "auth.role_unknown",
        "password": "auth.password_too_short",
    }
    with pytest.raises(ValidationError) as taken:
        auth.create_staff(ctx, admin, "ADMIN", "另一个", "front_desk", "password1")
    assert taken.value.fields["username"].code == "auth.username_taken"


def test_admin_switches_accounts_off_and_on_and_resets_passwords(desk: Desk) -> None:
    ctx, admin = desk.ctx, desk.admin
    colleague = auth.create_staff(ctx, admin, "qiantai", "前台小李", "front_desk", "first-pass-1")
    auth.set_active(ctx, admin, colleague.id, False)
    with pytest.raises(UserError) as off:
        auth.sign_in(ctx, "qiantai", "first-pass-1")
    assert off.value.message.code == "auth.inactive"
    assert [a.active for a in auth.list_accounts(ctx, admin) if a.id == colleague.id] == [False]
    auth.set_active(ctx, admin, colleague.id, True)
    auth.reset_password(ctx, admin, colleague.id, "second-pass-2")
    signed_in = auth.sign_in(ctx, "qiantai", "second-pass-2")
    assert signed_in.id == colleague.id
    with pytest.raises(ValidationError):
        auth.reset_password(ctx, admin, colleague.id, "short")
    with pytest.raises(UserError) as not_admin:
        auth.set_active(ctx, signed_in, admin.id, False)
    assert not_admin.value.message.code == "access.not_allowed"
    with pytest.raises(UserError) as last:
        auth.set_active(ctx, admin, admin.id, False)
    assert last.value.message.code == "auth.last_admin"
    with ctx.db.read() as session:
        actions = set(
            session.scalars(select(AuditEvent.action).where(AuditEvent.staff_id == admin.id))
        )
    assert {"staff_deactivated", "staff_reactivated", "password_reset"} <= actions
