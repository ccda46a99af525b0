"""Work orders: listing them and moving them along 受理 → 处置 → 办结 (or 退回)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from db.types import utcnow
from district import feed
from district.database import DistrictDatabase
from district.errors import ApiError
from district.tables import work_order
from protocol import TRANSITIONS, WorkOrder


def _model(row: Any) -> WorkOrder:
    return WorkOrder.model_validate(dict(row._mapping))


def list_work_orders(
    database: DistrictDatabase,
    center_id: str | None = None,
    status: str | None = None,
    limit: int = 500,
) -> list[WorkOrder]:
    query = select(work_order).order_by(work_order.c.created_at).limit(limit)
    if center_id is not None:
        query = query.where(work_order.c.center_id == center_id)
    if status is not None:
        query = query.where(work_order.c.status == status)
    with database.read() as conn:
        return [_model(row) for row in conn.execute(query)]


def change_status(
    database: DistrictDatabase, work_order_id: str, status: str, note: str = ""
) -> WorkOrder:
    """Move a work order on; the new status flows back to the center's desks by pull."""
    with database.write() as conn:
        row = conn.execute(
            select(work_order).where(work_order.c.id == work_order_id).with_for_update()
        ).one_or_none()
        if row is None:
            raise ApiError(404, "not_found_resource", what=f"work order {work_order_id}")
        if status not in TRANSITIONS.get(row.status, ()):
            raise ApiError(409, "work_order_transition", current=row.status, target=status)
        now = utcnow()
        values = {
            "status": status,
            "note": note[:500],
            "version": row.version + 1,
            "updated_at": now,
        }
        conn.execute(update(work_order).where(work_order.c.id == row.id).values(**values))
        updated = conn.execute(select(work_order).where(work_order.c.id == row.id)).one()
        order = _model(updated)
        feed.store(
            database,
            conn,
            [
                feed.server_row(
                    order.center_id,
                    "work_order",
                    order.id,
                    "update",
                    order.version,
                    order.model_dump(mode="json"),
                )
            ],
        )
    return order
