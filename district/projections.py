"""Typed copies of the rows the statistics count (visits and requests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from district.database import DistrictDatabase
from district.tables import request_fact, visit_fact
from protocol import Change


def project(
    database: DistrictDatabase, conn: Connection, accepted: list[tuple[Change, dict[str, Any]]]
) -> None:
    visits: dict[str, dict[str, Any]] = {}
    requests: dict[str, dict[str, Any]] = {}
    for item, payload in accepted:
        deleted = item.op == "delete" or payload.get("deleted_at") is not None
        if item.entity == "visit":
            visits[item.entity_id] = {
                "id": item.entity_id,
                "center_id": payload["center_id"],
                "visit_date": dt.date.fromisoformat(str(payload["visit_date"])[:10]),
                "satisfaction": payload.get("satisfaction"),
                "deleted": deleted,
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
    if visits:
        statement = database.upsert(visit_fact, ("id",), ("visit_date", "satisfaction", "deleted"))
        conn.execute(statement, list(visits.values()))
    if requests:
        statement = database.upsert(
            request_fact, ("id",), ("service_item_id", "category", "outcome", "deleted")
        )
        conn.execute(statement, list(requests.values()))
