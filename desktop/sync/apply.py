"""Applying pulled rows: what the center's other desks and the district wrote, in bulk.

Rules, for every pulled row of an entity the desk keeps (:data:`MODELS`):

* it is written only when it is newer than the desk's copy (a higher version), so a page
  applied twice changes nothing;
* a row with a change of this desk not yet sent is left alone: the desk's change goes up
  next, and if the district holds a newer version it answers with a conflict that lands in
  the inbox. Data from the server never silently overwrites an unsent local change;
* rows are written in bulk, one prepared statement per entity and page (:mod:`db.bulk`;
  Core statements for a row that lacks a column): they are the district's rows, so they
  make no change-log entries (they are not sent back); the rows held here and the unsent
  changes are looked up with one query each per entity and page;
* a resident's search keys are rebuilt from the row as written, without reading it back
  (phones are encrypted with the center's shared key, so every desk can read them);
* staff accounts are the center's: an account another desk made under a name taken here
  (every desk set up offline made an ``admin``) is stored as ``name.xxxx``, same password,
  and listed as a clash for a center admin to settle (:mod:`desktop.staff_clashes`);
* a booking made through another channel (a web page, a mini-program) names the person, not
  a resident: the desk matches the phone to a resident or records a new one, under an id
  derived from the phone so every desk of the center records the same one.

A row that still cannot be stored (a reference the desk does not hold) is passed over and
counted, never allowed to block the pages after it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Dialect, Table, TypeDecorator, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.base import Base, Synced
from db.bulk import (
    every_column,
    insert_rows,
    insert_stored,
    processors,
    stored_order,
    update_rows,
    update_stored,
    utc_text,
)
from db.models import Resident, SaturdaySlot, Staff
from db.models.saturday import HOLDING_STATUSES
from desktop import staff_sessions
from desktop.context import DeskContext
from desktop.residents import (
    ID_HASH_KIND,
    PHONE_HASH_KIND,
    SearchRow,
    reindex_residents,
    search_rows,
)
from desktop.validation import phone_match_key
from protocol.changes import PulledChange
from protocol.masking import mask_phone
from protocol.pii_vault import VaultError

log = logging.getLogger(__name__)

ORDER = (
    "center",
    "staff",
    "service_line",
    "service_item",
    "resident",
    "saturday_session",
    "saturday_service",
    "saturday_exception",
    "roster_entry",
    "saturday_slot",
    "visit",
    "request",
    "booking",
    "waitlist_entry",
)
"""Entities the desk keeps from pulls, referenced rows first."""


CHANNEL_RESIDENTS = uuid.UUID("8c3e1f52-54a0-4d2b-9d7e-2b9a3c6f0e11")


def _models() -> dict[str, type[Any]]:
    found: dict[str, type[Any]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        entity = getattr(cls, "__sync_entity__", None)
        if isinstance(entity, str) and issubclass(cls, Synced) and entity in ORDER:
            found[entity] = cls
    return found


MODELS = _models()


@dataclass
class Applied:
    applied: int = 0
    passed_over: int = 0


_YIELD_EVERY = 50
"""Residents whose search keys are worked out between two offers of Python's GIL to a
waiting thread: the preparing thread runs beside the UI's, which then waits less."""


@dataclass(frozen=True)
class Ahead:
    """What applying a page needs that no database does: the latest change of each row, the
    values of each row that gives every column, converted as they are stored, residents'
    search keys. A pull works it out for the next page on its fetching thread while this
    page is written."""

    latest: dict[str, dict[str, PulledChange]]
    held_places: set[str]  # bookings with a version holding a place in this page
    other: int  # changes of entities the desk does not keep
    stored: dict[tuple[str, str], tuple[Any, ...]]  # in :func:`db.bulk.stored_order`
    terms: dict[str, list[SearchRow]]


def work_ahead(ctx: DeskContext, changes: Iterable[PulledChange]) -> Ahead:
    latest: dict[str, dict[str, PulledChange]] = {}
    held_places: set[str] = set()
    other = 0
    for change in changes:
        if change.entity in MODELS:
            latest.setdefault(change.entity, {})[change.entity_id] = change
            if change.entity == "booking" and change.payload.get("status") in HOLDING_STATUSES:
                held_places.add(change.entity_id)
        else:
            other += 1
    stored: dict[tuple[str, str], tuple[Any, ...]] = {}
    dialect = ctx.db.engine.dialect
    for entity, rows in latest.items():
        body, steps = _storing(MODELS[entity].__table__, dialect)
        for entity_id, change in rows.items():
            row = _stored(body, steps, change)
            if row is not None:
                stored[(entity, entity_id)] = row
    residents = [
        {**change.payload, "id": entity_id}
        for entity_id, change in latest.get("resident", {}).items()
    ]
    terms: dict[str, list[SearchRow]] = {}
    for start in range(0, len(residents), _YIELD_EVERY):
        for found in search_rows(ctx, residents[start : start + _YIELD_EVERY]):
            terms.setdefault(found[1], []).append(found)
        time.sleep(0)  # let a waiting thread (the UI's) have the GIL now, not in 5 ms
    return Ahead(latest, held_places, other, stored, terms)


def apply_changes(
    session: Session, ctx: DeskContext, changes: Iterable[PulledChange], ahead: Ahead | None = None
) -> Applied:
    """Apply the rows of one page in the caller's transaction (see the module text);
    ``ahead``: :func:`work_ahead` of the same changes, when already worked out."""
    ahead = ahead if ahead is not None else work_ahead(ctx, changes)
    result = Applied(passed_over=ahead.other)
    for entity in ORDER:
        rows = ahead.latest.get(entity)
        if rows:
            _apply_entity(session, ctx, entity, list(rows.values()), result, ahead)
    return result


@dataclass
class _Rows:
    """Rows of one table to insert (or update): as stored values, with their changes (to
    type them should one not fit), and typed for SQLAlchemy (rows the desk completes or
    renames, rows that lack a column)."""

    stored: list[tuple[Any, ...]] = field(default_factory=list)
    changes: list[PulledChange] = field(default_factory=list)
    typed: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.stored) + len(self.typed)

    def ids(self) -> list[str]:
        return [c.entity_id for c in self.changes] + [v["id"] for v in self.typed]

    def all_typed(self, table: Table) -> list[dict[str, Any]]:
        return [_row(table, change) for change in self.changes] + self.typed


def _apply_entity(
    session: Session,
    ctx: DeskContext,
    entity: str,
    changes: list[PulledChange],
    result: Applied,
    ahead: Ahead,
) -> None:
    table: Table = MODELS[entity].__table__
    ids = [c.entity_id for c in changes]
    held = _versions(session, table, ids)
    unsent = _unsent(session, entity, ids)
    inserts, updates = _Rows(), _Rows()
    for change in changes:
        local = held.get(change.entity_id)
        if change.entity_id in unsent or (local is not None and local >= change.version):
            result.passed_over += 1
            continue
        rows = inserts if local is None else updates
        payload = change.payload
        if local is None and entity == "booking" and _never_held(change, ahead.held_places):
            result.passed_over += 1
            continue
        channel = entity == "booking" and not payload.get("resident_id")
        stored = ahead.stored.get((entity, change.entity_id))
        if stored is not None and not channel and entity != "staff":
            rows.stored.append(stored)
            rows.changes.append(change)
            continue
        values = _row(table, change)
        if entity == "staff":
            _distinct_username(session, values)
        if channel and not _channel_booking(session, ctx, change, values):
            result.passed_over += 1
            continue
        rows.typed.append(values)
    reset = staff_sessions.new_passwords(session, updates.typed) if entity == "staff" else []
    written = _write(session, table, inserts, updates)
    if entity == "staff":
        _names_back(session)
        for staff_id in reset:  # as a reset made here: whoever knew the old password is out
            staff_sessions.end_all_of(session, staff_id, staff_sessions.PASSWORD_RESET, ctx.now())
    result.applied += written
    result.passed_over += len(inserts) + len(updates) - written
    if entity == "resident":
        ids = inserts.ids() + updates.ids()
        if written == len(ids):  # all stored as given: their keys as worked out ahead
            terms = [found for rid in ids for found in ahead.terms.get(rid, ())]
            reindex_residents(ctx, session, ids, terms=terms, new=set(inserts.ids()))
        else:
            reindex_residents(ctx, session, ids)


def _never_held(change: PulledChange, held_places: set[str]) -> bool:
    """A booking that arrives already cancelled, never seen holding a place: another desk's
    booking the district refused and that desk then moved. It never was a booking, so it
    is not recorded as a cancelled one (the figures would count a cancellation that never
    happened)."""
    return change.payload.get("status") == "cancelled" and change.entity_id not in held_places


def _versions(session: Session, table: Table, ids: list[str]) -> dict[str, int]:
    sql = f"SELECT id, version FROM {table.name} WHERE id IN (SELECT value FROM json_each(?))"
    found = session.connection().exec_driver_sql(sql, (json.dumps(ids),))
    return {row_id: version for row_id, version in found}


def _unsent(session: Session, entity: str, ids: list[str]) -> set[str]:
    found = session.connection().exec_driver_sql(
        "SELECT entity_id FROM change_log WHERE entity = ? AND pushed_at IS NULL"
        " AND entity_id IN (SELECT value FROM json_each(?))",
        (entity, json.dumps(ids)),
    )
    return set(found.scalars())


def _row(table: Table, change: PulledChange) -> dict[str, Any]:
    """The payload's values for the table's columns, typed as the columns want them."""
    payload = change.payload
    names, typed = _converters(table)
    values = {name: payload[name] for name in names if name in payload}
    for name, convert in typed:
        value = values.get(name)
        if value is not None:
            values[name] = convert(value)
    values["id"] = change.entity_id
    values["version"] = change.version
    return values


@lru_cache(maxsize=64)
def _converters(
    table: Table,
) -> tuple[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    """The table's columns, and for those whose JSON value is not already the column's
    Python value, how it becomes one (worked out once)."""
    typed = ((column.name, _converter(column.type)) for column in table.c)
    return tuple(column.name for column in table.c), tuple(
        (name, convert) for name, convert in typed if convert is not _same
    )


def _converter(kind: Any) -> Callable[[Any], Any]:
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    try:
        python = kind.python_type
    except NotImplementedError:
        return _same
    if python is dt.datetime:
        return _moment
    if python is dt.date:
        return _day
    if python in (bool, int):
        return cast(Callable[[Any], Any], python)
    return _same


def _same(value: Any) -> Any:
    return value


Step = tuple[int, Callable[[Any], Any]]


@lru_cache(maxsize=64)
def _storing(table: Table, dialect: Dialect) -> tuple[tuple[str, ...], tuple[Step, ...]]:
    """The payload fields a stored row is read from (:func:`db.bulk.stored_order` but its
    last two, ``version`` and ``id``, which the change gives), and for the values that need it, how
    a JSON value becomes the stored one: typed as :func:`_row` types it, then as the column
    stores it (worked out once)."""
    order = stored_order(table)
    store = processors(table, dialect)
    steps: list[Step] = []
    for at, name in enumerate(order):
        typed, bind = _converter(table.c[name].type), store[name]
        if typed is _moment and bind is utc_text:
            steps.append((at, _moment_text))
        elif bind is None:
            if typed is not _same:
                steps.append((at, typed))
        else:
            steps.append((at, bind if typed is _same else _then(typed, bind)))
    assert order[-2:] == ("version", "id")  # every synced table has both
    return order[:-2], tuple(steps)


def _then(first: Callable[[Any], Any], second: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: second(first(value))


def _stored(body: tuple[str, ...], steps: tuple[Step, ...], change: PulledChange) -> Any:
    """The row's values as stored, in :func:`db.bulk.stored_order`; None when the payload
    lacks a column (that row goes through SQLAlchemy, which fills in the defaults)."""
    payload = change.payload
    try:
        values = [payload[name] for name in body]
    except KeyError:
        return None
    values.append(change.version)
    values.append(change.entity_id)
    for at, step in steps:
        value = values[at]
        if value is not None:
            values[at] = step(value)
    return tuple(values)


def _moment_text(value: Any) -> str:
    """``utc_text(_moment(value))``, read straight off the text when it already is UTC with
    microseconds, as the district writes it (``2026-12-02T07:33:59.502513+00:00``): the
    same text, at a sixth of the work. Parsed either way, so a wrong date still fails."""
    text = str(value)
    moment = dt.datetime.fromisoformat(text)
    if (
        len(text) == 32
        and text[26:] == "+00:00"
        and text[4] == text[7] == "-"
        and text[10] == "T"
        and text[13] == text[16] == ":"
        and text[19] == "."
    ):
        return f"{text[:10]} {text[11:26]}"
    return utc_text(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


def _moment(value: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def _write(session: Session, table: Table, inserts: _Rows, updates: _Rows) -> int:
    """Insert and update in bulk; when a row cannot be stored, fall back to one by one and
    pass over the ones that fail."""
    try:
        with session.begin_nested():
            insert_stored(session.connection(), table, inserts.stored)
            _insert_all(session, table, inserts.typed)
            update_stored(session.connection(), table, updates.stored)
            _update_all(session, table, updates.typed)
        return len(inserts) + len(updates)
    except IntegrityError:
        pass
    written = 0
    typed = (inserts.all_typed(table), _insert_all), (updates.all_typed(table), _update_all)
    for rows, write in typed:
        for values in rows:
            for attempt in (values, _told_apart(table, values)):
                if attempt is None:
                    log.warning("pulled %s row passed over: it does not fit here", table.name)
                    break
                try:
                    with session.begin_nested():
                        write(session, table, [attempt])
                    written += 1
                    break
                except IntegrityError:
                    continue
    return written


TOLD_APART = {"booking": ("number", 20), "visit": ("queue_number", 10)}
"""Numbers that are unique on one desk: two desks that worked before they were connected
(both desk 1 then) may have handed out the same one. The other desk's row is kept under its
number with a mark of its own, rather than lost."""


def _told_apart(table: Table, values: dict[str, Any]) -> dict[str, Any] | None:
    field = TOLD_APART.get(table.name)
    if field is None or not values.get(field[0]):
        return None
    name, limit = field
    mark = f"-{values['id'][-3:]}"
    return {**values, name: str(values[name])[: limit - len(mark)] + mark}


def _insert_all(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    complete, partial = _complete(table, rows)
    insert_rows(session.connection(), table, complete)
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for values in partial:
        by_keys.setdefault(tuple(sorted(values)), []).append(values)
    for group in by_keys.values():
        session.execute(insert(table), group)


def _update_all(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    complete, partial = _complete(table, rows)
    update_rows(session.connection(), table, complete)
    for values in partial:
        fields = {k: v for k, v in values.items() if k != "id"}
        session.execute(update(table).where(table.c.id == values["id"]).values(**fields))


def _complete(
    table: Table, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows giving every column (written with a prepared statement), and the others
    (written through Core, which fills in the models' defaults)."""
    every = every_column(table)
    complete = [values for values in rows if every.issubset(values)]
    if len(complete) == len(rows):
        return rows, []
    return complete, [values for values in rows if not every.issubset(values)]


def _distinct_username(session: Session, values: dict[str, Any]) -> None:
    """A desk set up offline made its own accounts (its own ``admin``, say): an account of
    another desk with a name taken here keeps its password under ``name.xxxx``."""
    name = str(values.get("username") or "")
    taken = session.scalar(
        select(Staff.id).where(
            Staff.center_id == values.get("center_id"),
            Staff.username == name,
            Staff.id != values["id"],
        )
    )
    if taken is not None:
        values["username"] = f"{name[:35]}.{values['id'][-4:]}"


def _names_back(session: Session) -> None:
    """An account held as ``name.xxxx`` whose name another desk freed (it settled the clash)
    takes its own name again."""
    rows = session.execute(select(Staff.id, Staff.center_id, Staff.username)).all()
    taken = {(row.center_id, row.username) for row in rows}
    for row in rows:
        name, dot, tail = row.username.rpartition(".")
        if dot and tail == row.id[-4:] and (row.center_id, name) not in taken:
            session.execute(update(Staff).where(Staff.id == row.id).values(username=name))
            taken.add((row.center_id, name))


def _channel_booking(
    session: Session, ctx: DeskContext, change: PulledChange, values: dict[str, Any]
) -> bool:
    """Fill in what a channel booking leaves out: resident, service, day and number."""
    payload = change.payload
    slot = session.get(SaturdaySlot, str(payload.get("slot_id", "")))
    phone = _channel_phone(ctx, payload)
    name = str(payload.get("resident_name") or "").strip()[:40]
    if slot is None or not name:
        return False
    values["resident_id"] = _channel_resident(session, ctx, name, phone)
    values["service_item_id"] = slot.service_item_id
    values["day"] = slot.day
    values["number"] = f"W{slot.day:%y%m%d}-{change.entity_id[-6:]}"
    values["channel"] = "online"
    values["from_share"] = False
    values["note"] = str(payload.get("note") or "")[:200]
    for name in ("phone", "phone_cipher", "phone_masked"):
        values.pop(name, None)
    return True


def _channel_phone(ctx: DeskContext, payload: dict[str, Any]) -> str:
    """The phone of a channel booking: encrypted with the center's key (``phone_cipher``),
    or in plain from a district older than that."""
    cipher = str(payload.get("phone_cipher") or "")
    if cipher:
        try:
            return ctx.vault.decrypt(cipher)
        except VaultError:
            return ""
    return str(payload.get("phone") or "")


def _channel_resident(session: Session, ctx: DeskContext, name: str, phone: str) -> str:
    digits = phone_match_key(phone) if phone else ""
    digest = ctx.vault.blind_hash(PHONE_HASH_KIND, digits) if digits else ""
    if digest:
        known = session.scalar(
            select(Resident.id).where(
                Resident.center_id == ctx.center_id,
                Resident.phone_hash == digest,
                Resident.deleted_at.is_(None),
            )
        )
        if known is not None:
            return str(known)
    resident_id = str(uuid.uuid5(CHANNEL_RESIDENTS, f"{ctx.center_id}/{digest or name}"))
    if session.get(Resident, resident_id) is None:
        now = ctx.now()
        session.execute(
            insert(Resident),
            [
                {
                    "id": resident_id,
                    "center_id": ctx.center_id,
                    "name": name,
                    "phone_cipher": ctx.vault.encrypt(phone),
                    "phone_hash": digest,
                    "phone_masked": mask_phone(phone) if phone else "",
                    "id_hash": ctx.vault.blind_hash(ID_HASH_KIND, ""),
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        reindex_residents(ctx, session, [resident_id])
    return resident_id
