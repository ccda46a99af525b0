"""The change log (outbox), written in the same transaction as every synced change.

A session event turns each flushed insert or update of a :class:`db.base.Synced` row into
a :class:`db.models.ChangeLogEntry`. Because it runs inside the flush, the entry and the
change commit or roll back together: a crash at any instant leaves both or neither.
Hard deletes of synced rows are refused; set the tombstone instead.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from db.base import Synced
from db.ids import uuid7
from db.models.local import ChangeLogEntry
from db.types import utcnow


class HardDeleteError(RuntimeError):
    """A synced row was deleted outright instead of being given a tombstone."""


def row_payload(obj: Synced) -> dict[str, Any]:
    """The row's mapped columns as JSON-ready values (dates as ISO text)."""
    mapper = inspect(obj).mapper
    return json_ready({attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs})


def _before_flush(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise HardDeleteError(
                f"{type(obj).__name__} rows are synced and never deleted; call mark_deleted()"
            )


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    entries: list[dict[str, Any]] = []
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, Synced):
            entries.append(_entry(obj, "insert", now))
    for obj in session.dirty:
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            history = inspect(obj).attrs.deleted_at.history
            op = "delete" if history.added and history.added[0] is not None else "update"
            entries.append(_entry(obj, op, now))
    if entries:
        session.connection().execute(insert(ChangeLogEntry), entries)


def _entry(obj: Synced, op: str, now: dt.datetime) -> dict[str, Any]:
    return entry(obj.__sync_entity__, obj.id, op, obj.version, row_payload(obj), now)


def entry(
    entity: str, entity_id: str, op: str, version: int, payload: dict[str, Any], now: dt.datetime
) -> dict[str, Any]:
    """One change-log row, for ``insert(ChangeLogEntry)``. Code that writes synced rows with
    Core statements (not through the session's flush) writes their entries with this, in
    the same transaction, and the payload as :func:`row_payload` gives it: every mapped
    column in the mapper's order, dates and moments as ISO text."""
    return {
        "change_id": uuid7(),
        "entity": entity,
        "entity_id": entity_id,
        "op": op,
        "version": version,
        "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        "created_at": now,
        "pushed_at": None,
    }


def json_ready(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as :func:`row_payload` gives a row's (dates and moments as ISO text)."""
    return {
        key: value.isoformat() if isinstance(value, dt.datetime | dt.date) else value
        for key, value in values.items()
    }


def install(session_class: type[Session]) -> None:
    """Attach the change-log hooks to a session class (idempotent)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush", _after_flush)
