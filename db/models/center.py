"""The service center and its staff accounts."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced
from protocol.vocabulary import ROLES

STAFF_ROLES = ROLES


class Center(Synced, Base):
    """A neighbourhood Party-mass service center (党群服务中心)."""

    __tablename__ = "center"
    __sync_entity__ = "center"

    center_id: Mapped[str | None] = mapped_column(String(36), default=None)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    hotline: Mapped[str] = mapped_column(String(40), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")


class Staff(Synced, Base):
    """A staff member who signs in at the desk (社工)."""

    __tablename__ = "staff"
    __sync_entity__ = "staff"
    __table_args__ = (UniqueConstraint("center_id", "username"),)

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"), index=True)
    username: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
