"""First run: set up a real center (the demo center is :mod:`desktop.demo`, built on this).

CONTRACT — signatures are fixed.

Set-up writes the center, its service catalog (the one shipped in
``resources/data/service_catalog.json``), the first admin account and this desk's settings
(``center_id``, ``desk_slot``) in one transaction: it happens completely or not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEvent, Center
from desktop import auth
from desktop.bootstrap import Startup, database_errors, desk_context, is_set_up
from desktop.catalog import import_catalog, load_default_catalog
from desktop.context import DeskContext
from desktop.errors import Message, UserError, ValidationError

HOTLINE_PATTERN = re.compile(r"^[0-9][0-9 -]{5,18}[0-9]$")


@dataclass
class CenterSetup:
    center_name: str = ""
    address: str = ""
    hotline: str = ""
    admin_username: str = ""
    admin_display_name: str = ""
    admin_password: str = ""
    desk_slot: int = 1


@dataclass(frozen=True)
class StaffSeed:
    """An account to create at set-up (password already hashed)."""

    username: str
    display_name: str
    role: str
    password_hash: str


def validate_setup(setup: CenterSetup) -> None:
    """Raise :class:`ValidationError` naming every wrong field of the set-up form."""
    errors: dict[str, Message] = {}
    for name, value, limit in (
        ("center_name", setup.center_name, 100),
        ("address", setup.address, 200),
    ):
        text = value.strip()
        if not text:
            errors[name] = Message("field.required")
        elif len(text) > limit:
            errors[name] = Message("field.too_long", {"max": limit, "length": len(text)})
    hotline = setup.hotline.strip()
    if not hotline:
        errors["hotline"] = Message("field.required")
    elif not HOTLINE_PATTERN.match(hotline):
        errors["hotline"] = Message("setup.hotline_format")
    account = auth.validate_account(
        setup.admin_username, setup.admin_display_name, "center_admin", setup.admin_password
    )
    errors.update({f"admin_{name}": message for name, message in account.items()})
    if isinstance(setup.desk_slot, bool) or setup.desk_slot not in range(1, 10):
        errors["desk_slot"] = Message("setup.desk_slot_range")
    if errors:
        raise ValidationError(errors)


def refuse_if_set_up(startup: Startup) -> None:
    if is_set_up(startup):
        with startup.db.read() as session:
            center = session.get_one(Center, startup.settings.get("center_id"))
        raise UserError("setup.already_done", center=center.name)


def create_center(
    startup: Startup,
    *,
    name: str,
    address: str,
    hotline: str,
    desk_slot: int,
    staff: list[StaffSeed],
) -> str:
    """Center, catalog, accounts and desk settings in one transaction; the center's id.

    A folder that already holds a center is refused (checked inside the transaction, so
    two windows setting up at once make one center)."""
    with database_errors(), startup.db.write() as session:
        held = session.scalars(
            select(Center).where(Center.deleted_at.is_(None)).order_by(Center.created_at)
        ).first()
        if held is not None:
            raise UserError("setup.already_done", center=held.name)
        center = Center(name=name.strip(), address=address.strip(), hotline=hotline.strip())
        session.add(center)
        session.flush()
        import_catalog(session, center.id, load_default_catalog())
        for seed in staff:
            _add_account(session, center.id, seed)
        startup.settings.set_in(session, "center_id", center.id)
        startup.settings.set_in(session, "desk_slot", desk_slot)
        return center.id


def _add_account(session: Session, center_id: str, seed: StaffSeed) -> None:
    account = auth.add_staff(
        session, center_id, seed.username, seed.display_name, seed.role, seed.password_hash
    )
    session.add(
        AuditEvent(
            center_id=center_id,
            action=auth.STAFF_CREATED,
            entity="staff",
            entity_id=account.id,
        )
    )


def set_up_center(startup: Startup, setup: CenterSetup) -> DeskContext:
    """Validate (ValidationError), create center, catalog, first admin; one transaction."""
    validate_setup(setup)
    refuse_if_set_up(startup)
    admin = StaffSeed(
        username=setup.admin_username,
        display_name=setup.admin_display_name,
        role="center_admin",
        password_hash=auth.hash_password(setup.admin_password),
    )
    create_center(
        startup,
        name=setup.center_name,
        address=setup.address,
        hotline=setup.hotline,
        desk_slot=setup.desk_slot,
        staff=[admin],
    )
    return desk_context(startup)
