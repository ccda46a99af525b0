"""Declarative base, naming convention and the columns every synced row carries."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from db.ids import uuid7
from db.types import NAMING_CONVENTION, UTCDateTime, utcnow


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime()}


class Synced:
    """Mixin for rows that travel between desk and district.

    * ``id``: UUIDv7 text made where the row is created, never reused;
    * ``center_id``: the owning service center (NULL for district reference data);
    * ``created_at`` / ``updated_at``: UTC;
    * ``version``: bumped on every update, used for conflict detection;
    * ``deleted_at``: tombstone; synced rows are never deleted outright.

    Every insert or update of a ``Synced`` row appends an entry to the change log in the
    same transaction (see :mod:`db.changelog`).
    """

    __sync_entity__: ClassVar[str]

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def mark_deleted(self) -> None:
        self.deleted_at = utcnow()
