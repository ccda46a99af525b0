"""Helpers for visit tests: a center with the shipped catalog and residents written directly."""

from __future__ import annotations

from db.models import Resident
from desktop.catalog import import_catalog, list_service_items, load_default_catalog
from desktop.context import DeskContext


def with_catalog(ctx: DeskContext) -> None:
    with ctx.db.write() as session:
        import_catalog(session, ctx.center_id, load_default_catalog())


def add_residents(ctx: DeskContext, count: int) -> list[str]:
    with ctx.db.write() as session:
        rows = [
            Resident(center_id=ctx.center_id, name=f"居民{i}", phone_masked=f"170****{i:04d}")
            for i in range(count)
        ]
        session.add_all(rows)
    return [r.id for r in rows]


def item_id(ctx: DeskContext, line: str, index: int = 0) -> str:
    return [i.id for i in list_service_items(ctx) if i.line_code == line][index]
