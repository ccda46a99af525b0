"""One work order as its console page shows it: the request as the desk recorded it (the
resident masked), every step with who, when and what, and the actions the operator's role
allows. Revealing the resident is a separate, role-checked and audited call."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from district import audit
from district.console_tables import department, service_item_ref, street, work_order_step
from district.database import DistrictDatabase
from district.operators import Operator, OperatorError
from district.referrals import allowed_actions, in_scope
from district.tables import center, change, entity_state, visit_fact, work_order
from district.work_order_list import request_number
from district.working_days import district_today
from protocol import is_overdue
from protocol.masking import mask_name
from protocol.pii_vault import PiiVault, VaultError


@dataclass(frozen=True)
class Resident:
    name: str
    phone: str
    revealed: bool = False


@dataclass(frozen=True)
class OrderView:
    order: dict[str, Any]
    steps: list[dict[str, Any]]
    resident: Resident
    actions: list[str]
    overdue: bool


def _latest_payload(conn: Connection, entity: str, entity_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(change.c.payload)
        .join(entity_state, entity_state.c.server_seq == change.c.server_seq)
        .where(entity_state.c.entity == entity, entity_state.c.entity_id == entity_id)
    ).one_or_none()
    if row is None:
        return None
    payload: dict[str, Any] = json.loads(row.payload)
    return payload


def _resident_payload(conn: Connection, order: dict[str, Any]) -> dict[str, Any] | None:
    visit = _latest_payload(conn, "visit", order["visit_id"] or "")
    resident_id = (visit or {}).get("resident_id")
    if not isinstance(resident_id, str):
        return None
    return _latest_payload(conn, "resident", resident_id)


def load(database: DistrictDatabase, actor: Operator, work_order_id: str) -> OrderView | None:
    """The order, or None when it does not exist for ``actor`` (outside its scope)."""
    with database.read() as conn:
        if not in_scope(conn, actor, work_order_id):
            return None
        row = conn.execute(
            select(
                work_order,
                center.c.name.label("center_name"),
                street.c.name.label("street_name"),
                department.c.name.label("department_name"),
                service_item_ref.c.name.label("service_item_name"),
                visit_fact.c.verification_code,
                visit_fact.c.queue_number,
                visit_fact.c.visit_date,
                visit_fact.c.satisfaction.label("visit_satisfaction"),
            )
            .join(center, center.c.id == work_order.c.center_id)
            .outerjoin(street, street.c.id == center.c.street_id)
            .outerjoin(department, department.c.id == work_order.c.department_id)
            .outerjoin(service_item_ref, service_item_ref.c.id == work_order.c.service_item_id)
            .outerjoin(visit_fact, visit_fact.c.id == work_order.c.visit_id)
            .where(work_order.c.id == work_order_id)
        ).one()
        order = dict(row._mapping)
        steps = [
            dict(step._mapping)
            for step in conn.execute(
                select(work_order_step, department.c.name.label("department_name"))
                .outerjoin(department, department.c.id == work_order_step.c.department_id)
                .where(work_order_step.c.work_order_id == work_order_id)
                .order_by(work_order_step.c.version, work_order_step.c.at)
            )
        ]
        payload = _resident_payload(conn, order)
    order["request_number"] = request_number(order["verification_code"], order["position"])
    resident = Resident(
        mask_name(str((payload or {}).get("name", ""))),
        str((payload or {}).get("phone_masked") or ""),
    )
    return OrderView(
        order=order,
        steps=steps,
        resident=resident,
        actions=allowed_actions(actor, order["status"], order["satisfaction"]),
        overdue=is_overdue(order["status"], order["due_date"], district_today()),
    )


def reveal(
    database: DistrictDatabase, actor: Operator, work_order_id: str, address: str
) -> Resident:
    """The resident's full name and phone (decrypted with the center's key), for a role
    that may see them; audited before anything is shown."""
    with database.write() as conn:
        if not in_scope(conn, actor, work_order_id):
            raise OperatorError("not_found")
        if not actor.may("residents.reveal"):
            raise OperatorError("not_allowed")
        order = conn.execute(
            select(work_order.c.visit_id, work_order.c.center_id, center.c.data_key)
            .join(center, center.c.id == work_order.c.center_id)
            .where(work_order.c.id == work_order_id)
        ).one()
        payload = _resident_payload(conn, dict(order._mapping)) or {}
        origin = audit.Origin(actor.id, actor.username, address)
        audit.record(conn, origin, "resident.reveal", work_order_id)
    phone = ""
    cipher = str(payload.get("phone_cipher") or "")
    if cipher and order.data_key:
        try:
            key = database.master_key().unwrap(order.center_id, order.data_key)
            phone = PiiVault(key).decrypt(cipher)
        except VaultError:
            phone = str(payload.get("phone_masked") or "")
    name = str(payload.get("name", ""))
    return Resident(name, phone or str(payload.get("phone_masked") or ""), True)
