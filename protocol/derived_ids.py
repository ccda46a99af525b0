"""Ids every desk of a center derives alike, and the district checks against the center.

Service lines and items are named from the center and their code and name, Saturday slots
from the center, day, start and service item: two desks that import the same catalog or
open the same Saturday name the rows alike, and the district merges them. A row under
another center's derivation (a desk that sent its rows before it finished joining the
district's center) is refused, so the center never lists a catalog twice.
"""

from __future__ import annotations

import datetime as dt
import uuid

CATALOG_NAMESPACE = uuid.UUID("0d6a4f4e-31c2-4b8e-a0c4-6f1b7e5d2c90")
SLOT_NAMESPACE = uuid.UUID("5b1f3c0e-7d4a-4e9b-9a51-2f0c8e6d1a77")


def line_id(center_id: str, code: str) -> str:
    """A service line's id, derived from center and code: every desk of the center that
    imports the same catalog names its rows alike (and so its Saturday slots)."""
    return str(uuid.uuid5(CATALOG_NAMESPACE, f"{center_id}/line/{code}"))


def item_id(center_id: str, line_code: str, name: str) -> str:
    return str(uuid.uuid5(CATALOG_NAMESPACE, f"{center_id}/item/{line_code}/{name}"))


def slot_id(center_id: str, day: dt.date, starts: str, service_item_id: str) -> str:
    return str(
        uuid.uuid5(SLOT_NAMESPACE, f"{center_id}/{day.isoformat()}/{starts}/{service_item_id}")
    )
