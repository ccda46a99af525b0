"""Residents (居民) and the derived search terms that make finding them instant."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Synced


class Resident(Synced, Base):
    """A resident served by the center.

    Phone and ID number are personal data: stored encrypted (``*_cipher``), with a keyed
    hash (``*_hash``) for exact matching, the masked form shown on screens and slips, and the
    last four characters used by search. The plain values never sit in the database file.
    """

    __tablename__ = "resident"
    __sync_entity__ = "resident"
    __table_args__ = (
        Index("ix_resident_center_phone_hash", "center_id", "phone_hash"),
        Index("ix_resident_center_id_hash", "center_id", "id_hash"),
    )

    center_id: Mapped[str] = mapped_column(ForeignKey("center.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    phone_cipher: Mapped[str] = mapped_column(String(200), default="")
    phone_hash: Mapped[str] = mapped_column(String(64), default="")
    phone_masked: Mapped[str] = mapped_column(String(20), default="")
    id_cipher: Mapped[str] = mapped_column(String(200), default="")
    id_hash: Mapped[str] = mapped_column(String(64), default="")
    id_masked: Mapped[str] = mapped_column(String(20), default="")
    estate: Mapped[str] = mapped_column(String(40), default="")
    building: Mapped[str] = mapped_column(String(10), default="")
    unit: Mapped[str] = mapped_column(String(10), default="")
    room: Mapped[str] = mapped_column(String(10), default="")
    grid: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(String(500), default="")


class ResidentSearchTerm(Base):
    """One searchable key of a resident: ``kind:value`` (name, pinyin, initials, last 4).

    Local and derived: rebuilt from the resident whenever it is written, never synced.
    Searching is a range scan on ``(center_id, term)``.
    """

    __tablename__ = "resident_search_term"
    __table_args__ = (Index("ix_resident_search_term_lookup", "center_id", "term", "resident_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    center_id: Mapped[str] = mapped_column(String(36))
    resident_id: Mapped[str] = mapped_column(
        ForeignKey("resident.id", ondelete="CASCADE"), index=True
    )
    term: Mapped[str] = mapped_column(String(80))
