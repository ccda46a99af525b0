"""Audit log: who revealed personal data, who signed in."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced
from db.types import utcnow


class AuditEvent(Synced, Base):
    """An action on personal data or on the desk that must be accountable."""

    __tablename__ = "audit_event"
    __sync_entity__ = "audit_event"

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"), index=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(String(36), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
