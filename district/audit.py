"""The console's audit trail: who did what, when and from where (every action, every
sign-in, every reveal of personal data). Details never hold the revealed values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from db.types import utcnow
from district.console_tables import console_audit
from district.database import DistrictDatabase


@dataclass(frozen=True)
class Origin:
    """Who is acting and from which address (operator id empty before sign-in)."""

    operator_id: str | None
    operator_name: str
    address: str


def record(
    conn: Connection, origin: Origin, action: str, target: str = "", detail: str = ""
) -> None:
    conn.execute(
        insert(console_audit).values(
            at=utcnow(),
            operator_id=origin.operator_id,
            operator_name=origin.operator_name[:40],
            action=action[:40],
            target=target[:80],
            detail=detail[:2000],
            address=origin.address[:64],
        )
    )


def recent(
    database: DistrictDatabase, limit: int = 200, operator_id: str | None = None
) -> list[dict[str, Any]]:
    query = select(console_audit).order_by(console_audit.c.id.desc()).limit(limit)
    if operator_id is not None:
        query = query.where(console_audit.c.operator_id == operator_id)
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
