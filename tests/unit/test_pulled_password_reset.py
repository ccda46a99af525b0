"""A password reset made on another desk or at the district, arriving by a pull, ends the
account's sign-ins on this desk as a reset made here does; other changes to the account,
and a sign-in elsewhere that rehashed the same password with a newer cost, do not."""

from __future__ import annotations

from typing import Any

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import update

from db.changelog import row_payload
from db.ids import uuid7
from db.models import ChangeLogEntry, Staff
from desktop import access, auth
from desktop.context import DeskContext, StaffIdentity
from desktop.sync.apply import apply_changes
from protocol.changes import PulledChange


@pytest.fixture
def ctx(bare_ctx: DeskContext, fast_passwords: None) -> DeskContext:
    return bare_ctx


@pytest.fixture
def admin(ctx: DeskContext) -> StaffIdentity:
    auth.create_staff(ctx, None, "admin", "管理员", "center_admin", "admin-pass-1")
    return auth.sign_in(ctx, "admin", "admin-pass-1")


@pytest.fixture
def clerk(ctx: DeskContext, admin: StaffIdentity) -> StaffIdentity:
    auth.create_staff(ctx, admin, "qiantai", "前台小李", "front_desk", "clerk-pass-1")
    return auth.sign_in(ctx, "qiantai", "clerk-pass-1")


def _pull(ctx: DeskContext, staff_id: str, **changed: Any) -> None:
    """The account's row as the district sends it after a change elsewhere, applied."""
    with ctx.db.write() as session:
        session.execute(update(ChangeLogEntry).values(pushed_at=ctx.now()))  # all sent
        row = session.get_one(Staff, staff_id)
        change = PulledChange(
            server_seq=1,
            change_id=str(uuid7()),
            center_id=ctx.center_id,
            entity="staff",
            entity_id=staff_id,
            op="update",
            version=row.version + 1,
            payload={**row_payload(row), **changed, "version": row.version + 1},
        )
    with ctx.db.write() as session:
        assert apply_changes(session, ctx, [change]).applied == 1


def _refused(ctx: DeskContext, staff: StaffIdentity) -> str | None:
    try:
        access.check(ctx, staff, "visit.read")
    except access.AccessRefused as refused:
        return refused.message.code
    return None


def test_a_reset_elsewhere_signs_the_account_out_here(
    ctx: DeskContext, admin: StaffIdentity, clerk: StaffIdentity
) -> None:
    again = auth.sign_in(ctx, "qiantai", "clerk-pass-1")  # a second window
    _pull(ctx, clerk.id, password_hash=auth.hash_password("new-pass-123"))
    assert _refused(ctx, clerk) == _refused(ctx, again) == "access.password_reset"
    assert _refused(ctx, admin) is None  # other accounts keep working
    with pytest.raises(auth.UserError):
        auth.sign_in(ctx, "qiantai", "clerk-pass-1")
    assert _refused(ctx, auth.sign_in(ctx, "qiantai", "new-pass-123")) is None


def test_other_changes_to_the_account_keep_it_signed_in(
    ctx: DeskContext, admin: StaffIdentity, clerk: StaffIdentity
) -> None:
    _pull(ctx, clerk.id, display_name="前台李明")
    assert _refused(ctx, clerk) is None
    # Signed in on another desk whose newer code hashes with a higher cost: the same
    # password hashed again, not a reset.
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1, type=Type.ID)
    _pull(ctx, clerk.id, password_hash=stronger.hash("clerk-pass-1"))
    assert _refused(ctx, clerk) is None
