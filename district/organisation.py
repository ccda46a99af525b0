"""Streets (街道), departments (部门) and which street each center belongs to: what the
district admin keeps in the console. Each change is audited in its own transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from db.ids import uuid7
from db.types import utcnow
from district import admin, audit
from district.console_tables import department, street
from district.database import DistrictDatabase
from district.operators import OperatorError
from district.tables import center, device, work_order

NAME_MAX = 60


def _name(value: str, limit: int = NAME_MAX) -> str:
    value = value.strip()
    if not value:
        raise OperatorError("field.required", "name")
    if len(value) > limit:
        raise OperatorError("field.too_long", "name", max=limit)
    return value


def _unique(conn: Connection, table: Any, name: str) -> None:
    if conn.execute(select(table.c.id).where(table.c.name == name)).first():
        raise OperatorError("name_taken", "name")


def create_street(database: DistrictDatabase, name: str, origin: audit.Origin) -> str:
    name = _name(name)
    with database.write() as conn:
        _unique(conn, street, name)
        street_id = uuid7()
        conn.execute(insert(street).values(id=street_id, name=name, created_at=utcnow()))
        audit.record(conn, origin, "street.create", street_id, name)
    return street_id


def list_streets(database: DistrictDatabase) -> list[dict[str, Any]]:
    query = (
        select(street.c.id, street.c.name, func.count(center.c.id).label("centers"))
        .outerjoin(center, center.c.street_id == street.c.id)
        .group_by(street.c.id, street.c.name)
        .order_by(street.c.name)
    )
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def create_department(database: DistrictDatabase, name: str, origin: audit.Origin) -> str:
    name = _name(name)
    with database.write() as conn:
        _unique(conn, department, name)
        department_id = uuid7()
        conn.execute(
            insert(department).values(id=department_id, name=name, active=True, created_at=utcnow())
        )
        audit.record(conn, origin, "department.create", department_id, name)
    return department_id


def list_departments(database: DistrictDatabase, active_only: bool = False) -> list[dict[str, Any]]:
    query = select(department).order_by(department.c.name)
    if active_only:
        query = query.where(department.c.active.is_(True))
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def set_department_active(
    database: DistrictDatabase, department_id: str, active: bool, origin: audit.Origin
) -> None:
    with database.write() as conn:
        result = conn.execute(
            update(department).where(department.c.id == department_id).values(active=active)
        )
        if not result.rowcount:
            raise OperatorError("not_found")
        action = "department.enable" if active else "department.disable"
        audit.record(conn, origin, action, department_id)


def create_center(
    database: DistrictDatabase,
    name: str,
    street_id: str | None,
    origin: audit.Origin,
    address: str = "",
    hotline: str = "",
) -> str:
    name = _name(name, 100)
    if len(address) > 200 or len(hotline) > 40:
        raise OperatorError("field.too_long", "address" if len(address) > 200 else "hotline")
    if street_id:
        with database.read() as conn:
            if not conn.execute(select(street.c.id).where(street.c.id == street_id)).first():
                raise OperatorError("operator.street_required", "street_id")
    center_id = admin.create_center(database, name, address.strip(), hotline.strip())
    with database.write() as conn:
        conn.execute(update(center).where(center.c.id == center_id).values(street_id=street_id))
        audit.record(conn, origin, "center.create", center_id, name)
    return center_id


def set_center_street(
    database: DistrictDatabase, center_id: str, street_id: str | None, origin: audit.Origin
) -> None:
    with database.write() as conn:
        if (
            street_id
            and not conn.execute(select(street.c.id).where(street.c.id == street_id)).first()
        ):
            raise OperatorError("operator.street_required", "street_id")
        result = conn.execute(
            update(center).where(center.c.id == center_id).values(street_id=street_id or None)
        )
        if not result.rowcount:
            raise OperatorError("not_found")
        conn.execute(
            update(work_order)
            .where(work_order.c.center_id == center_id)
            .values(street_id=street_id or None)
        )
        audit.record(conn, origin, "center.street", center_id, street_id or "")


def list_centers(database: DistrictDatabase) -> list[dict[str, Any]]:
    active = (
        select(device.c.center_id, func.count().label("desks"))
        .where(device.c.revoked_at.is_(None))
        .group_by(device.c.center_id)
        .subquery()
    )
    query = (
        select(
            center.c.id,
            center.c.name,
            center.c.address,
            center.c.hotline,
            center.c.street_id,
            street.c.name.label("street_name"),
            func.coalesce(active.c.desks, 0).label("desks"),
        )
        .outerjoin(street, street.c.id == center.c.street_id)
        .outerjoin(active, active.c.center_id == center.c.id)
        .order_by(street.c.name, center.c.name)
    )
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def get_center(database: DistrictDatabase, center_id: str) -> dict[str, Any] | None:
    query = (
        select(center.c.id, center.c.name, center.c.address, center.c.hotline, center.c.street_id)
        .add_columns(street.c.name.label("street_name"))
        .outerjoin(street, street.c.id == center.c.street_id)
        .where(center.c.id == center_id)
    )
    with database.read() as conn:
        row = conn.execute(query).one_or_none()
    return None if row is None else dict(row._mapping)


def issue_code(database: DistrictDatabase, center_id: str, origin: audit.Origin) -> str:
    """A one-time enrolment code for a desk of ``center_id`` (shown once, stored hashed)."""
    code = admin.issue_enrolment_code(database, center_id)
    with database.write() as conn:
        audit.record(conn, origin, "desk.code", center_id)
    return code


def revoke_desk(
    database: DistrictDatabase, center_id: str, device_id: str, origin: audit.Origin
) -> bool:
    """Revoke a desk of ``center_id``: its token stops working and the Saturday places it
    held go back to the district's pool in the same transaction."""
    with database.read() as conn:
        owner = conn.execute(
            select(device.c.center_id).where(device.c.id == device_id)
        ).scalar_one_or_none()
    if owner != center_id:
        raise OperatorError("not_found")
    revoked = bool(admin.revoke_device(database, device_id))
    with database.write() as conn:
        audit.record(conn, origin, "desk.revoke", device_id, center_id)
    return revoked
