"""A walk-in visit written in a few Core statements (the hot path of 取号).

The same rows, values and change-log entries as the ORM would write for a new
:class:`db.models.Visit` and its :class:`db.models.ServiceRequest` rows (a test compares
them), in the caller's write transaction: the resident read with the two columns the answer
needs, the queue counter bumped by one upsert, the number and the verification code checked
free in one statement, the visit, its requests and their change-log entries inserted
(``db/bulk.py`` converts the values as the columns store them), and the answer built from
what was written instead of read back. The commit tells the screens what changed as a
flush would (:mod:`desktop.sync.notify`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, insert, inspect, select
from sqlalchemy.orm import Session

from db import bulk, changelog
from db.ids import uuid7
from db.models import Resident, ServiceRequest, Staff, Visit
from db.models.local import ChangeLogEntry
from db.types import utcnow
from desktop import queue_numbers, visit_rules
from desktop.catalog import ServiceItemInfo
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.sync.notify import CHANGES_WRITTEN
from desktop.visit_summaries import RequestSummary, VisitSummary

VISIT_KEYS = tuple(attr.key for attr in inspect(Visit).column_attrs)
REQUEST_KEYS = tuple(attr.key for attr in inspect(ServiceRequest).column_attrs)
_VISIT = cast(Table, Visit.__table__)
_REQUEST = cast(Table, ServiceRequest.__table__)


_SHOWN = select(
    Resident.name,
    Resident.phone_masked,
    select(Staff.display_name).where(Staff.id == bindparam("staff_id")).scalar_subquery(),
).where(
    Resident.id == bindparam("resident_id"),
    Resident.center_id == bindparam("center_id"),
    Resident.deleted_at.is_(None),
)
_FREE = select(
    exists().where(
        Visit.center_id == bindparam("center_id"),
        Visit.visit_date == bindparam("day"),
        Visit.queue_number == bindparam("number"),
    ),
    exists().where(Visit.verification_code == bindparam("code")),
)
"""Statements built once: only their values change from one registration to the next."""


def resident_shown(
    session: Session, ctx: DeskContext, staff: StaffIdentity, resident_id: str
) -> tuple[str, str, str]:
    """The resident's name and masked phone, and the registering staff member's name as the
    staff table has it now (one statement), or ``visit.resident_missing``."""
    found = (
        session.connection()
        .execute(
            _SHOWN,
            {"staff_id": staff.id, "resident_id": resident_id, "center_id": ctx.center_id},
        )
        .one_or_none()
    )
    if found is None:
        raise UserError("visit.resident_missing")
    return found[0], found[1], found[2] or ""


def _number_and_code(
    session: Session, center_id: str, day: dt.date, line: str, desk_slot: int
) -> tuple[str, str]:
    """This desk's next free queue number and an unused verification code."""
    conn = session.connection()
    code = visit_rules.new_verification_code()
    bumps = 0
    while bumps < queue_numbers.MAX_SKIPS:
        last = queue_numbers.bump_counter(conn, center_id, day, line, desk_slot)
        bumps += 1
        number = queue_numbers.format_number(line, queue_numbers.number_for(desk_slot, last))
        while True:
            number_taken, code_taken = conn.execute(
                _FREE, {"center_id": center_id, "day": day, "number": number, "code": code}
            ).one()
            if not code_taken:
                break
            code = visit_rules.new_verification_code()
        if not number_taken:
            return number, code
    raise RuntimeError("no free queue number found")  # pragma: no cover - 1000 taken in a row


def insert_visit(
    session: Session,
    ctx: DeskContext,
    staff: StaffIdentity,
    resident_id: str,
    shown: tuple[str, str, str],
    checked: list[tuple[Any, ServiceItemInfo]],
) -> VisitSummary:
    """Write the visit of ``resident_id`` with the ``checked`` requests (draft, item);
    ``shown`` is what :func:`resident_shown` gave. Returns the visit's summary as a
    read-back would give it."""
    resident_name, resident_phone, registrar = shown
    day = ctx.today()
    line = checked[0][1].line_code
    number, code = _number_and_code(session, ctx.center_id, day, line, ctx.desk_slot)
    now = utcnow()
    visit: dict[str, Any] = {
        "center_id": ctx.center_id,
        "resident_id": resident_id,
        "registered_by": staff.id,
        "handler_id": None,
        "desk_slot": ctx.desk_slot,
        "visit_date": day,
        "queue_line": line,
        "queue_number": number,
        "status": "waiting",
        "satisfaction": None,
        "verification_code": code,
        "arrived_at": ctx.now(),
        "closed_at": None,
        "id": uuid7(),
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "deleted_at": None,
    }
    requests: list[dict[str, Any]] = []
    for position, (draft, item) in enumerate(checked, start=1):
        requests.append(
            {
                "center_id": ctx.center_id,
                "visit_id": visit["id"],
                "position": position,
                "service_item_id": item.id,
                "category": draft.category or item.category,
                "urgency": draft.urgency,
                "description": draft.description.strip(),
                "outcome": None,
                "outcome_note": "",
                "referred_to": "",
                "due_date": None,
                "outcome_by": None,
                "outcome_at": None,
                "id": uuid7(),
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "deleted_at": None,
            }
        )
    conn = session.connection()
    bulk.insert_rows(conn, _VISIT, [visit])
    bulk.insert_rows(conn, _REQUEST, requests)
    logged = [("visit", visit, VISIT_KEYS)] + [("request", row, REQUEST_KEYS) for row in requests]
    conn.execute(
        insert(ChangeLogEntry),
        [
            changelog.entry(
                entity,
                row["id"],
                "insert",
                1,
                changelog.json_ready({key: row[key] for key in keys}),
                now,
            )
            for entity, row, keys in logged
        ],
    )
    written: set[tuple[str, str]] = session.info.setdefault(CHANGES_WRITTEN, set())
    written.update((entity, row["id"]) for entity, row, _ in logged)
    return VisitSummary(
        id=visit["id"],
        visit_date=day,
        queue_number=number,
        status="waiting",
        arrived_at=visit["arrived_at"],
        closed_at=None,
        resident_id=resident_id,
        resident_name=resident_name,
        resident_phone_masked=resident_phone,
        registered_by_name=registrar,
        handler_id=None,
        handler_name="",
        satisfaction=None,
        verification_code=code,
        requests=[
            RequestSummary(
                id=row["id"],
                position=row["position"],
                service_item_id=item.id,
                service_item_name=item.name,
                service_item_name_en=item.name_en,
                line_code=item.line_code,
                category=row["category"],
                urgency=row["urgency"],
                description=row["description"],
                outcome=None,
                outcome_note="",
                referred_to="",
                due_date=None,
            )
            for row, (_, item) in zip(requests, checked, strict=True)
        ],
        booking_number="",
    )
