"""Typed copies of the rows the statistics and the console read: visits (with the receipt's
verification code), requests, and service item names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from district.console_tables import service_item_ref
from district.database import DistrictDatabase
from district.tables import request_fact, visit_fact
from protocol import Change


def project(
    database: DistrictDatabase, conn: Connection, accepted: list[tuple[Change, dict[str, Any]]]
) -> None:
    visits: dict[str, dict[str, Any]] = {}
    requests: dict[str, dict[str, Any]] = {}
    items: list[dict[str, Any]] = []
    for item, payload in accepted:
        deleted = item.op == "delete" or payload.get("deleted_at") is not None
        if item.entity == "service_item":
            items.append(payload)
        elif item.entity == "visit":
            visits[item.entity_id] = {
                "id": item.entity_id,
                "center_id": payload["center_id"],
                "visit_date": dt.date.fromisoformat(str(payload["visit_date"])[:10]),
                "satisfaction": payload.get("satisfaction"),
                "deleted": deleted,
                "verification_code": str(payload.get("verification_code") or "")[:16] or None,
                "queue_number": str(payload.get("queue_number") or "")[:16],
            }
        elif item.entity == "request":
            requests[item.entity_id] = {
                "id": item.entity_id,
                "center_id": payload["center_id"],
                "visit_id": payload["visit_id"],
                "service_item_id": payload["service_item_id"],
                "category": payload["category"],
                "outcome": payload.get("outcome"),
                "deleted": deleted,
            }
    project_service_items(database, conn, items)
    if visits:
        statement = database.upsert(
            visit_fact,
            ("id",),
            ("visit_date", "satisfaction", "deleted", "verification_code", "queue_number"),
        )
        conn.execute(statement, list(visits.values()))
    if requests:
        statement = database.upsert(
            request_fact, ("id",), ("service_item_id", "category", "outcome", "deleted")
        )
        conn.execute(statement, list(requests.values()))


def project_service_items(
    database: DistrictDatabase, conn: Connection, payloads: list[dict[str, Any]]
) -> None:
    """Service item names and categories, as the console lists and filters them (the
    deadline set in the console is kept)."""
    rows = {
        str(p["id"]): {
            "id": str(p["id"]),
            "center_id": p.get("center_id"),
            "name": str(p.get("name", ""))[:80],
            "name_en": str(p.get("name_en", ""))[:80],
            "category": str(p.get("category", "public"))[:12],
        }
        for p in payloads
    }
    if rows:
        statement = database.upsert(
            service_item_ref, ("id",), ("center_id", "name", "name_en", "category")
        )
        conn.execute(statement, list(rows.values()))
