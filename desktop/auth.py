"""Local staff accounts: Argon2id password hashes, offline sign-in, roles.

CONTRACT — signatures are fixed; bodies to be implemented.
"""

from __future__ import annotations

from desktop.context import DeskContext, StaffIdentity


def hash_password(password: str) -> str:
    raise NotImplementedError


def sign_in(ctx: DeskContext, username: str, password: str) -> StaffIdentity:
    """Raise :class:`desktop.errors.UserError` (``auth.*`` codes) on failure or lock-out."""
    raise NotImplementedError


def create_staff(
    ctx: DeskContext,
    actor: StaffIdentity | None,
    username: str,
    display_name: str,
    role: str,
    password: str,
) -> StaffIdentity:
    """Only a center admin (or first-run set-up, ``actor=None``) creates accounts."""
    raise NotImplementedError


def list_staff(ctx: DeskContext) -> list[StaffIdentity]:
    raise NotImplementedError
