"""The service catalog (服务事项目录): service lines and the items under them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced
from protocol.vocabulary import CATEGORIES

__all__ = ["CATEGORIES", "ServiceItem", "ServiceLine"]


class ServiceLine(Synced, Base):
    """A service line; its code is the queue-number prefix (A, B, …)."""

    __tablename__ = "service_line"
    __sync_entity__ = "service_line"

    center_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    code: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(80), default="")
    sort_order: Mapped[int] = mapped_column(default=0)


class ServiceItem(Synced, Base):
    """One thing the center handles, with its default category (公事/家事/共事)."""

    __tablename__ = "service_item"
    __sync_entity__ = "service_item"

    center_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    line_id: Mapped[str] = mapped_column(ForeignKey("service_line.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    category: Mapped[str] = mapped_column(String(12))
    saturday: Mapped[bool] = mapped_column(default=False)
    bring: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
