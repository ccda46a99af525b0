"""What the desk-sync fault tests share: a district database file, a center with a one-time
code on it, a desk's walk-ins, and the district's count of a center's changes."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.visits import RequestDraft, register_visit
from district import admin
from district.database import DistrictDatabase
from district.tables import change
from tests.conftest import Desk


def center_and_code(url: str, name: str = "幸福里") -> tuple[str, str]:
    """A new center on the district database at ``url`` and a one-time code for it."""
    database = DistrictDatabase.open(url)
    try:
        center = admin.create_center(database, name)
        return center, admin.issue_enrolment_code(database, center)
    finally:
        database.dispose()


def walk_ins(desk: Desk, count: int, first: int = 0) -> None:
    """``count`` new residents registered with one visit and one request each."""
    item = list_service_items(desk.ctx)[0]
    for n in range(first, first + count):
        resident = create_resident(
            desk.ctx, desk.admin, ResidentDraft(name=f"居民{n}", phone=f"1380013{n:04d}")
        )
        register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item.id)])


def server_changes(url: str, center: str) -> tuple[int, int]:
    """The center's changes from desks at the district: (rows, distinct change ids)."""
    database = DistrictDatabase.open(url)
    try:
        with database.engine.connect() as conn:
            from_desks = (change.c.center_id == center) & change.c.device_id.is_not(None)
            total = conn.scalar(select(func.count()).select_from(change).where(from_desks))
            distinct = conn.scalar(
                select(func.count(func.distinct(change.c.change_id))).where(from_desks)
            )
        return int(total or 0), int(distinct or 0)
    finally:
        database.dispose()
