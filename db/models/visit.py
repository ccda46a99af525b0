"""Walk-in visits (来访登记) and the requests (诉求) recorded within them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced
from protocol.vocabulary import OUTCOMES, URGENCIES, VISIT_STATUSES

__all__ = ["OUTCOMES", "URGENCIES", "VISIT_STATUSES", "ServiceRequest", "Visit"]


class Visit(Synced, Base):
    """One visit of a resident to the desk; holds one or more requests."""

    __tablename__ = "visit"
    __sync_entity__ = "visit"
    __table_args__ = (
        UniqueConstraint("center_id", "visit_date", "queue_number"),
        Index("ix_visit_center_date", "center_id", "visit_date"),
    )

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"), index=True)
    registered_by: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    handler_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    desk_slot: Mapped[int] = mapped_column(default=1)
    visit_date: Mapped[dt.date]
    queue_line: Mapped[str] = mapped_column(String(2))
    queue_number: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    satisfaction: Mapped[int | None] = mapped_column(default=None)
    verification_code: Mapped[str] = mapped_column(String(12), unique=True)
    arrived_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class ServiceRequest(Synced, Base):
    """One request within a visit, with its triage and, later, its outcome."""

    __tablename__ = "request"
    __sync_entity__ = "request"

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"))
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    service_item_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"))
    category: Mapped[str] = mapped_column(String(12))
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    description: Mapped[str] = mapped_column(String(1000), default="")
    outcome: Mapped[str | None] = mapped_column(String(12), default=None)
    outcome_note: Mapped[str] = mapped_column(String(500), default="")
    referred_to: Mapped[str] = mapped_column(String(80), default="")
    due_date: Mapped[dt.date | None] = mapped_column(default=None)
    outcome_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    outcome_at: Mapped[dt.datetime | None] = mapped_column(default=None)
