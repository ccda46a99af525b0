"""Printed slips: one record per slip (kind and what it is for), counting its prints."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class Slip(Synced, Base):
    """A slip handed to a resident; reprints (补打) raise ``print_count``."""

    __tablename__ = "slip"
    __sync_entity__ = "slip"
    __table_args__ = (
        UniqueConstraint("center_id", "number"),
        UniqueConstraint("center_id", "kind", "subject_id"),
    )

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    number: Mapped[str] = mapped_column(String(30))
    subject_entity: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64))
    paper: Mapped[str] = mapped_column(String(10))
    print_count: Mapped[int] = mapped_column(default=0)
    last_printed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_printer: Mapped[str] = mapped_column(String(120), default="")
    last_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    unmasked: Mapped[bool] = mapped_column(default=False)
