"""The center's service catalog as the desk uses it.

CONTRACT — signatures are fixed.

A catalog is a list of service lines (their code is the queue-number prefix) and the
service items under them, each with its default category (公事/家事/共事). Items of the
center itself and district reference items (``center_id`` NULL) are both offered.
:func:`import_catalog` reads the JSON format of ``resources/data/service_catalog.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import ServiceItem, ServiceLine
from db.models.catalog import CATEGORIES
from desktop.context import DeskContext
from desktop.db_errors import maps_database_errors
from desktop.errors import UserError
from protocol.derived_ids import item_id as item_id
from protocol.derived_ids import line_id as line_id

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "resources/data/service_catalog.json"


@dataclass(frozen=True)
class ServiceItemInfo:
    id: str
    line_code: str
    line_name: str
    line_name_en: str
    name: str
    name_en: str
    category: str
    saturday: bool
    bring: str


def _info(item: ServiceItem, line: ServiceLine) -> ServiceItemInfo:
    return ServiceItemInfo(
        id=item.id,
        line_code=line.code,
        line_name=line.name,
        line_name_en=line.name_en,
        name=item.name,
        name_en=item.name_en,
        category=item.category,
        saturday=item.saturday,
        bring=item.bring,
    )


def _offered(center_id: str) -> Any:
    return or_(ServiceItem.center_id == center_id, ServiceItem.center_id.is_(None))


@maps_database_errors
def list_service_items(ctx: DeskContext, *, saturday_only: bool = False) -> list[ServiceItemInfo]:
    """Active items the center offers, by service line and then catalog order."""
    query = (
        select(ServiceItem, ServiceLine)
        .join(ServiceLine, ServiceItem.line_id == ServiceLine.id)
        .where(
            _offered(ctx.center_id),
            ServiceItem.active.is_(True),
            ServiceItem.deleted_at.is_(None),
            ServiceLine.deleted_at.is_(None),
        )
        .order_by(ServiceLine.sort_order, ServiceLine.code, ServiceItem.sort_order)
    )
    if saturday_only:
        query = query.where(ServiceItem.saturday.is_(True))
    with ctx.db.read() as session:
        return [_info(item, line) for item, line in session.execute(query)]


def find_service_item(session: Session, center_id: str, item_id: str) -> ServiceItemInfo | None:
    """An item the center may use (active, not deleted), or ``None``."""
    row = session.execute(
        select(ServiceItem, ServiceLine)
        .join(ServiceLine, ServiceItem.line_id == ServiceLine.id)
        .where(
            ServiceItem.id == item_id,
            _offered(center_id),
            ServiceItem.active.is_(True),
            ServiceItem.deleted_at.is_(None),
        )
    ).one_or_none()
    return None if row is None else _info(*row)


def find_service_items(
    session: Session, center_id: str, item_ids: Iterable[str]
) -> dict[str, ServiceItemInfo]:
    """:func:`find_service_item` for several ids in one statement: those the center may use,
    by id (an id missing from the answer is not usable)."""
    rows = session.execute(
        select(ServiceItem, ServiceLine)
        .join(ServiceLine, ServiceItem.line_id == ServiceLine.id)
        .where(
            ServiceItem.id.in_(set(item_ids)),
            _offered(center_id),
            ServiceItem.active.is_(True),
            ServiceItem.deleted_at.is_(None),
        )
    )
    return {item.id: _info(item, line) for item, line in rows}


@maps_database_errors
def get_service_item(ctx: DeskContext, item_id: str) -> ServiceItemInfo:
    """One item by id, even if no longer active (history shows it); ``catalog.unknown_item``."""
    with ctx.db.read() as session:
        row = session.execute(
            select(ServiceItem, ServiceLine)
            .join(ServiceLine, ServiceItem.line_id == ServiceLine.id)
            .where(ServiceItem.id == item_id, _offered(ctx.center_id))
        ).one_or_none()
    if row is None:
        raise UserError("catalog.unknown_item")
    return _info(*row)


def load_default_catalog() -> dict[str, Any]:
    """The starting catalog shipped with the app."""
    data: dict[str, Any] = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    return data


def _text(entry: Mapping[str, Any], key: str, limit: int, *, required: bool = False) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or len(value.strip()) > limit or (required and not value):
        raise UserError("catalog.invalid", entry=str(entry.get("name", "?"))[:40])
    return value.strip()


def import_catalog(session: Session, center_id: str, data: Mapping[str, Any]) -> int:
    """Add the lines and items of ``data`` to the center's catalog in the caller's transaction.

    Lines are matched by code and items by (line, name), so importing the same file again
    adds nothing; a changed English name, category, Saturday flag or "bring" text is
    updated. Returns the number of items added. Raises ``catalog.invalid`` on a malformed
    entry (nothing is written then: the caller's transaction rolls back).
    """
    lines_data = data.get("lines")
    items_data = data.get("items")
    if not isinstance(lines_data, list) or not isinstance(items_data, list):
        raise UserError("catalog.invalid", entry="lines/items")
    existing_lines = {
        line.code: line
        for line in session.scalars(
            select(ServiceLine).where(
                ServiceLine.center_id == center_id, ServiceLine.deleted_at.is_(None)
            )
        )
    }
    for order, entry in enumerate(lines_data, start=1):
        code = _text(entry, "code", 2, required=True).upper()
        line = existing_lines.get(code)
        if line is None:
            line = ServiceLine(
                id=line_id(center_id, code),
                center_id=center_id,
                code=code,
                name="",
                sort_order=order,
            )
            session.add(line)
            existing_lines[code] = line
        line.name = _text(entry, "name", 40, required=True)
        line.name_en = _text(entry, "name_en", 80)
    session.flush()
    known_items = {
        (item.line_id, item.name): item
        for item in session.scalars(
            select(ServiceItem).where(
                ServiceItem.center_id == center_id, ServiceItem.deleted_at.is_(None)
            )
        )
    }
    added = 0
    for order, entry in enumerate(items_data, start=1):
        name = _text(entry, "name", 80, required=True)
        line = existing_lines.get(str(entry.get("line", "")).upper())
        category = entry.get("category")
        if line is None or category not in CATEGORIES:
            raise UserError("catalog.invalid", entry=name[:40])
        item = known_items.get((line.id, name))
        if item is None:
            item = ServiceItem(
                id=item_id(center_id, line.code, name),
                center_id=center_id,
                line_id=line.id,
                name=name,
                sort_order=order,
            )
            session.add(item)
            known_items[(line.id, name)] = item
            added += 1
        item.name_en = _text(entry, "name_en", 120)
        item.category = str(category)
        item.saturday = bool(entry.get("saturday", False))
        item.bring = _text(entry, "bring", 200)
    session.flush()
    return added
