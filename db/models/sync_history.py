"""Local only: the recent sync rounds the sync panel shows (``desktop/sync/history.py``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import utcnow


class SyncRound(Base):
    """One sync round and how it went."""

    __tablename__ = "sync_round"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    finished_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    state: Mapped[str] = mapped_column(String(16))  # online / offline / attention
    pushed: Mapped[int] = mapped_column(default=0)
    refused: Mapped[int] = mapped_column(default=0)
    pulled: Mapped[int] = mapped_column(default=0)
    message_code: Mapped[str] = mapped_column(String(60), default="")
    message_params: Mapped[str] = mapped_column(Text, default="")  # JSON
