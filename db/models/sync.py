"""Local sync bookkeeping: what the district refused or found in conflict (the inbox)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import utcnow


class SyncIssue(Base):
    """A change the district rejected or answered with a conflict; staff resolve it."""

    __tablename__ = "sync_issue"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(10))  # rejected / conflict
    reason_code: Mapped[str] = mapped_column(String(60), default="")
    reason_zh: Mapped[str] = mapped_column(Text, default="")
    reason_en: Mapped[str] = mapped_column(Text, default="")
    server_version: Mapped[int | None] = mapped_column(default=None)
    detail: Mapped[str] = mapped_column(Text, default="")  # JSON: server row, free slots
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class WorkOrderStatus(Base):
    """Local only: how far the district has carried a referred request (派单交办).

    Filled from pulled ``work_order`` changes; kept apart from the request row so that
    news from the district never becomes a local change to push back.
    """

    __tablename__ = "work_order_status"

    request_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    work_order_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12))  # accepted / in_progress / closed / returned
    note: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[dt.date | None] = mapped_column(default=None)  # the district's deadline
    closed_at: Mapped[dt.datetime | None] = mapped_column(default=None)  # 办结, UTC
    satisfaction: Mapped[int | None] = mapped_column(default=None)  # 回访: grade of the result
    steps: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the district's steps so far
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
