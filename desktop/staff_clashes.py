"""Accounts of one center with the same username, resolved at the center admin's choice.

Every desk set up offline made its own accounts (each its own ``admin``). Once desks join
one center, their accounts are one set: an account of another desk whose username is
taken here is stored under ``name.xxxx`` (the unique name the table needs) and listed here
as a clash until a center admin says which it is:

* **the same person**: the account made later gives way to the older one (it is removed,
  its records keep naming it), so the person signs in with one account and its password at
  every desk. The older one, not "this desk's", so two desks that both say "same person"
  before they sync remove the same account, never both;
* **different people**: this desk's account takes a new username the admin types, and the
  other account gets its own name back.

Either way the change syncs, so the other desks hold the same set. Who may do this is
checked against the database in the transaction (a switched-on center admin).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import AuditEvent, Staff
from desktop import access
from desktop.auth import USERNAME_PATTERN, normalize_username
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import Message, UserError, ValidationError

MERGED = "staff_clash_merged"
RENAMED = "staff_clash_renamed"
_SUFFIXED = re.compile(r"^(?P<name>.+)\.(?P<tail>[0-9a-f]{4})$")


@dataclass(frozen=True)
class Clash:
    username: str  # the name both accounts have
    mine_id: str  # this desk's account, holding the name here
    mine_display: str
    mine_role: str
    theirs_id: str  # the other desk's account, held here as name.xxxx
    theirs_display: str
    theirs_role: str


def _clashes(session: Session, center_id: str) -> list[Clash]:
    rows = session.scalars(
        select(Staff).where(Staff.center_id == center_id, Staff.deleted_at.is_(None))
    ).all()
    by_name = {row.username: row for row in rows}
    found = []
    for row in rows:
        match = _SUFFIXED.match(row.username)
        if match is None or match["tail"] != row.id[-4:]:
            continue
        mine = by_name.get(match["name"])
        if mine is None or mine.id == row.id:
            continue
        found.append(
            Clash(
                mine.username,
                mine.id,
                mine.display_name,
                mine.role,
                row.id,
                row.display_name,
                row.role,
            )
        )
    return sorted(found, key=lambda clash: clash.username)


@maps_database_errors
def list_clashes(ctx: DeskContext) -> list[Clash]:
    """Usernames two accounts of the center share (none once every desk resolved them)."""
    with ctx.db.read() as session:
        return _clashes(session, ctx.center_id)


def _admin(session: Session, ctx: DeskContext, actor: StaffIdentity) -> None:
    access.require(session, ctx, actor, "staff.manage")


def _clash(session: Session, ctx: DeskContext, mine_id: str) -> Clash:
    clash = next((c for c in _clashes(session, ctx.center_id) if c.mine_id == mine_id), None)
    if clash is None:
        raise UserError("staff.clash_gone")
    return clash


def _give_name_back(session: Session, clash: Clash) -> None:
    """The other desk's account under its own name again: a local correction of how this
    desk stores the center's row (no change-log entry: nothing to send)."""
    session.flush()
    session.execute(
        update(Staff).where(Staff.id == clash.theirs_id).values(username=clash.username)
    )


def _audit(
    session: Session, ctx: DeskContext, actor: StaffIdentity, action: str, clash: Clash
) -> None:
    session.add(
        AuditEvent(
            center_id=ctx.center_id,
            staff_id=actor.id,
            action=action,
            entity="staff",
            entity_id=clash.mine_id,
            detail=clash.theirs_id,
            at=ctx.now(),
        )
    )


@maps_database_errors
@access.guarded("staff.manage")
def same_person(ctx: DeskContext, actor: StaffIdentity, mine_id: str) -> str:
    """The account made later gives way to the older one; returns the username to sign in
    with (the older account's password)."""
    with ctx.db.write() as session:
        _admin(session, ctx, actor)
        clash = _clash(session, ctx, mine_id)
        mine, theirs = session.get(Staff, clash.mine_id), session.get(Staff, clash.theirs_id)
        assert mine is not None and theirs is not None
        keep, gone = (
            (mine, theirs)
            if (mine.created_at, mine.id) < (theirs.created_at, theirs.id)
            else (theirs, mine)
        )
        if gone.role == "center_admin" and keep.role != "center_admin":
            raise UserError("staff.clash_keeps_admin")
        gone.username = f"~{gone.id[-12:]}"  # frees the name; the row stays for history
        gone.active = False
        gone.mark_deleted()
        if keep is theirs:
            _give_name_back(session, clash)
        _audit(session, ctx, actor, MERGED, clash)
        return clash.username


@maps_database_errors
@access.guarded("staff.manage")
def different_people(
    ctx: DeskContext, actor: StaffIdentity, mine_id: str, new_username: str
) -> str:
    """This desk's account takes ``new_username``; the other one keeps the shared name."""
    access.check(ctx, actor, "staff.manage")
    name = normalize_username(new_username)
    if not name:
        raise ValidationError({"username": Message("field.required")})
    if not USERNAME_PATTERN.match(name) or _SUFFIXED.match(name):
        raise ValidationError({"username": Message("auth.username_format")})
    with ctx.db.write() as session:
        _admin(session, ctx, actor)
        clash = _clash(session, ctx, mine_id)
        taken = session.scalar(
            select(Staff.id).where(Staff.center_id == ctx.center_id, Staff.username == name)
        )
        if taken is not None:
            raise ValidationError({"username": Message("auth.username_taken", {"username": name})})
        mine = session.get(Staff, clash.mine_id)
        assert mine is not None
        mine.username = name
        _give_name_back(session, clash)
        _audit(session, ctx, actor, RENAMED, clash)
        return name
