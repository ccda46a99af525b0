"""Sign-ins at this desk: who is signed in is a row here, not only an object in memory."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class StaffSession(Base):
    """One sign-in of a staff member at this desk, from sign-in until it ends.

    The desk holds the session's random token in memory only; the table keeps its SHA-256,
    so a copy of the database does not sign anyone in. Desk-only: never synced.
    ``ended_why`` says what ended it: ``signed_out``, ``replaced`` (another staff member
    signed in at the idle lock), ``switched_off``, ``password_reset``, ``closed`` (the
    desk was closed) or ``left_open`` (ended at a later start: the process holding it had
    ended without closing).
    """

    __tablename__ = "staff_session"

    secret_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    started_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    ended_why: Mapped[str] = mapped_column(String(20), default="")
