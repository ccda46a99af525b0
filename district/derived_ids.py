"""Refusing derived rows (service lines and items, Saturday slots) whose ids do not derive
from the pushing desk's center (see :mod:`protocol.derived_ids`).

Such rows come from a desk that sent its own set-up under the district's center id before
it finished taking the center's ids; accepted, they would reach the center's other desks
as a second catalog. A line's code is read from the batch, else from the latest change the
district holds for it (refused ones too, so the items of a refused line are refused).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, select

from district.change_rules import Verdict
from district.tables import change
from protocol import Change
from protocol.derived_ids import item_id, line_id, slot_id

REASON = "derived_id_other_center"


def foreign_derivations(
    conn: Connection, center_id: str, fresh: list[Change]
) -> dict[str, Verdict]:
    """change id → refusal, for each derived row not named from ``center_id``."""
    codes = _line_codes(conn, center_id, fresh)
    refused: dict[str, Verdict] = {}
    for item in fresh:
        expected = _expected_id(item, center_id, codes)
        if expected is not None and expected != item.entity_id:
            refused[item.change_id] = Verdict.rejected(REASON)
    return refused


def _expected_id(item: Change, center_id: str, codes: dict[str, str]) -> str | None:
    """The id the row must have at ``center_id``; None when it cannot be told (a row of
    the district's own catalog, or a payload too incomplete to say, refused elsewhere)."""
    payload: dict[str, Any] = item.payload
    if payload.get("center_id") != center_id:
        return None
    try:
        if item.entity == "service_line":
            return line_id(center_id, str(payload["code"]))
        if item.entity == "service_item":
            code = codes.get(str(payload["line_id"]))
            return None if code is None else item_id(center_id, code, str(payload["name"]))
        if item.entity == "saturday_slot":
            day = dt.date.fromisoformat(str(payload["day"]))
            return slot_id(center_id, day, str(payload["starts"]), str(payload["service_item_id"]))
    except (KeyError, ValueError):
        return None
    return None


def _line_codes(conn: Connection, center_id: str, fresh: list[Change]) -> dict[str, str]:
    codes = {
        item.entity_id: str(item.payload["code"])
        for item in fresh
        if item.entity == "service_line" and "code" in item.payload
    }
    wanted = {
        str(item.payload["line_id"])
        for item in fresh
        if item.entity == "service_item" and "line_id" in item.payload
    } - codes.keys()
    if wanted:
        rows = conn.execute(
            select(change.c.entity_id, change.c.payload)
            .where(
                change.c.center_id == center_id,
                change.c.entity == "service_line",
                change.c.entity_id.in_(wanted),
            )
            .order_by(change.c.server_seq)
        )
        for row in rows:  # the latest change of each line wins
            code = json.loads(row.payload).get("code")
            if isinstance(code, str):
                codes[row.entity_id] = code
    return codes
