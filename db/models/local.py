"""Tables that belong to this desk only and never sync as rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import utcnow


class ChangeLogEntry(Base):
    """The outbox: one entry per insert or update of a synced row, in commit order.

    Written in the same transaction as the change itself. ``payload`` is the row's columns
    as stored (personal data stays encrypted); the sync client reads entries in ``seq``
    order and marks them pushed.
    """

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))
    version: Mapped[int]
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    pushed_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
    push_seq: Mapped[int | None] = mapped_column(default=None, unique=True)
    """The number this change carries to the district (contiguous over what is sent);
    given once, before the first attempt, so a retried batch is the same batch."""


class QueueCounter(Base):
    """The last queue number issued by this desk, per day and service line."""

    __tablename__ = "queue_counter"

    center_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    line: Mapped[str] = mapped_column(String(2), primary_key=True)
    desk_slot: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class Setting(Base):
    """A desk setting; keys, types and defaults are declared in ``desktop.settings``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DeskState(Base):
    """The desk's own bookkeeping (sync cursors, last push and pull), apart from the
    preferences; keys declared in ``desktop.settings`` with ``store="desk_state"``."""

    __tablename__ = "desk_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
