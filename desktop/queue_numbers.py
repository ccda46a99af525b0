"""Queue numbers (排队号) such as ``A012``: per center, local day and service line.

Two desks of one center must never hand out the same number on the same day, even while
both are offline and cannot ask each other. So each desk issues only from its own blocks
of one hundred, chosen by its desk slot ``k`` (1–9, setting ``desk_slot``):

* desk ``k`` first issues ``(k-1)*100 + 1`` … ``(k-1)*100 + 99``: desk 1 gives A001–A099,
  desk 2 gives A101–A199, … desk 9 gives A801–A899;
* when a desk has used its 99 numbers it continues in block ``k+9``, then ``k+18`` …:
  desk 1 goes on with A901–A999, then A1801…; desk 2 with A1001–A1099, then A1901…
  Block ``b`` covers ``(b-1)*100 + 1`` … ``(b-1)*100 + 99``, and blocks ``k, k+9, k+18 …``
  belong to desk ``k`` alone, so no two desks ever share a number;
* numbers ending in ``00`` are never issued; numbers have at least three digits.

The counter (table ``queue_counter``, one row per center, day, line and desk slot) is
incremented (or made) by one upsert inside the caller's write transaction, which SQLite starts with
``BEGIN IMMEDIATE`` (:meth:`db.engine.Database.write`): the whole read-increment-insert of
a visit is serialised between windows and processes, so two windows never get the same
number, and a rolled-back visit gives its number back. If a number is somehow already
taken (a restored counter, or two desks set to the same slot by mistake), the desk skips
forward to the next free one rather than fail.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import Connection, Exists, Table, bindparam, exists, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import QueueCounter, Visit

NUMBERS_PER_BLOCK = 99
DESK_SLOTS = 9
MAX_SKIPS = 1000


def number_for(desk_slot: int, sequence: int) -> int:
    """The ``sequence``-th number (1-based) that desk ``desk_slot`` issues on a day and line."""
    if not 1 <= desk_slot <= DESK_SLOTS:
        raise ValueError("desk slot must be 1-9")
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    round_index, offset = divmod(sequence - 1, NUMBERS_PER_BLOCK)
    block = desk_slot + DESK_SLOTS * round_index
    return (block - 1) * 100 + offset + 1


def format_number(line: str, number: int) -> str:
    """``("A", 12)`` → ``"A012"``; ``("B", 1001)`` → ``"B1001"``."""
    return f"{line}{number:03d}"


def issue_queue_number(
    session: Session, center_id: str, day: dt.date, line: str, desk_slot: int
) -> str:
    """Take the next number of this desk for ``day`` and ``line`` (in the caller's write)."""
    conn = session.connection()
    for _ in range(MAX_SKIPS):
        text = format_number(
            line, number_for(desk_slot, bump_counter(conn, center_id, day, line, desk_slot))
        )
        if not _taken(conn, center_id, day, text):
            return text
    raise RuntimeError("no free queue number found")  # pragma: no cover - 1000 taken in a row


def bump_counter(conn: Connection, center_id: str, day: dt.date, line: str, desk_slot: int) -> int:
    """Add one to the counter of ``day``, ``line`` and ``desk_slot`` (made at 1 if there is
    none yet) and return it: one statement, in the caller's write transaction."""
    return int(
        conn.execute(
            _BUMP, {"center_id": center_id, "day": day, "line": line, "desk_slot": desk_slot}
        ).scalar_one()
    )


_COUNTER = cast(Table, QueueCounter.__table__)
_BUMP = (
    sqlite_insert(_COUNTER)
    .values(
        center_id=bindparam("center_id"),
        day=bindparam("day"),
        line=bindparam("line"),
        desk_slot=bindparam("desk_slot"),
        last=1,
    )
    .on_conflict_do_update(
        index_elements=[
            _COUNTER.c.center_id,
            _COUNTER.c.day,
            _COUNTER.c.line,
            _COUNTER.c.desk_slot,
        ],
        set_={"last": _COUNTER.c.last + 1},
    )
    .returning(_COUNTER.c.last)
)


def number_taken(center_id: str, day: dt.date, text: str) -> Exists:
    """Whether a visit of the center already has the number ``text`` on ``day``."""
    return exists().where(
        Visit.center_id == center_id, Visit.visit_date == day, Visit.queue_number == text
    )


def _taken(conn: Connection, center_id: str, day: dt.date, text: str) -> bool:
    return bool(conn.execute(select(number_taken(center_id, day, text))).scalar())
