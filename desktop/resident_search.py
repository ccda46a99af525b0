"""Finding residents as you type: name prefix, phone (full or last 4), pinyin initials or
full pinyin, ID number (full or last 4).

Runs on the derived ``resident_search_term`` keys (see :mod:`desktop.search_terms`):
results come in tiers (exact on the usual reading or the name, prefix on it, then rarer
readings; phone matches before ID-number matches), within a tier residents who visited in
the last half year first (latest first), then in pinyin order; each result says which field
a typed number matched (``ResidentSummary.matched``). Nothing here logs a typed value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from db.models import Resident, ResidentSearchTerm, Visit
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.residents import (
    ID_HASH_KIND,
    PHONE_HASH_KIND,
    SUMMARY_COLUMNS,
    ResidentSummary,
    summary_of,
)
from desktop.search_terms import (
    ID_LAST4,
    INITIALS,
    PHONE_LAST4,
    PINYIN,
    TermRange,
    plan_query,
    usual_keys,
)


@maps_database_errors
@access.guarded("resident.read")
def search_residents(
    ctx: DeskContext, staff: StaffIdentity, query: str, limit: int = 20
) -> list[ResidentSummary]:
    """Name prefix, phone (full or last 4), pinyin initials / full pinyin, ID last 4."""
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "resident.read")
    plan = plan_query(query)
    if plan.is_empty or limit <= 0:
        return []
    found: dict[str, tuple[tuple[int, str, str], str, Any]] = {}

    def offer(key: tuple[int, str, str], matched: str, row: Any) -> None:
        known = found.get(row.id)
        if known is None or key < known[0]:
            found[row.id] = (key, matched, row)

    with ctx.db.read() as session:
        hashed = (
            (PHONE_HASH_KIND, plan.phone_key, _PHONE_HASH_LOOKUP, "phone"),
            (ID_HASH_KIND, plan.id_number, _ID_HASH_LOOKUP, "id_number"),
        )
        for kind, value, statement, matched in hashed:
            if value is not None:
                digest = ctx.vault.blind_hash(kind, value)
                params = {"center": ctx.center_id, "digest": digest, "limit": limit}
                for row in session.connection().execute(statement, params):
                    offer((0, "", row.name), matched, row)
        for term_range in plan.ranges:
            # pinyin matches are ranked before the cut, not the first rows in key order
            reading = term_range.low.partition(":")[0] in (PINYIN, INITIALS)
            pool = max(limit * 10, RANK_POOL) if reading else limit * 2
            for row in _in_range(session, ctx, term_range, pool):
                offer(_rank(row.term, term_range.low, row.name), _matched(row.term), row)
        recent = _recent_visits(session, list(found), ctx.today() - RECENT_VISIT_WINDOW)

    def order(item: tuple[tuple[int, str, str], str, Any]) -> tuple[Any, ...]:
        (tier, spelling, name), _, row = item
        last = recent.get(row.id)
        # within a tier: who came lately first (latest first), then pinyin order
        return (tier, last is None, -last.toordinal() if last else 0, spelling, name)

    ranked = sorted(found.values(), key=order)
    return [replace(summary_of(row), matched=matched) for _, matched, row in ranked[:limit]]


RECENT_VISIT_WINDOW = dt.timedelta(days=180)
"""Residents who visited within this long rank first within their tier of a search."""

_MATCHED_BY_TERM = {PHONE_LAST4: "phone_tail", ID_LAST4: "id_tail"}


def _matched(term_text: str) -> str:
    return _MATCHED_BY_TERM.get(term_text.partition(":")[0], "")


def _recent_visits(session: Session, resident_ids: list[str], since: dt.date) -> dict[str, dt.date]:
    """Each listed resident's latest visit on or after ``since`` (one query per 500 ids)."""
    latest: dict[str, dt.date] = {}
    for start in range(0, len(resident_ids), 500):
        params = {"ids": resident_ids[start : start + 500], "since": since}
        for resident_id, last in session.execute(_RECENT_VISITS, params):
            latest[resident_id] = last
    return latest


RANK_POOL = 400
"""Matches ranked per search before the best ``limit`` are kept."""


def _rank(term_text: str, low: str, name: str) -> tuple[int, str, str]:
    """Tiers: exact on the common reading (or the name), prefix on it, then rarer readings;
    within a tier in pinyin order of the usual reading, then by name."""
    kind, _, value = term_text.partition(":")
    typed = low.partition(":")[2]
    if kind not in (PINYIN, INITIALS):  # a name, phone or ID tail: exact before prefix
        return (0 if value == typed else 1, "" if kind == PHONE_LAST4 else value, name)
    usual = usual_keys(name)
    order = usual.get(PINYIN, value)
    common = usual.get(kind)
    if common is None:
        return (2 if value == typed else 3, order, name)
    if common == typed:
        return (0, order, name)
    if common.startswith(typed):
        return (1, order, name)
    return (2 if value == typed else 3, order, name)


def _in_range(session: Session, ctx: DeskContext, term_range: TermRange, limit: int) -> list[Any]:
    """Residents whose keys fall in the range, in key order (an index range scan)."""
    params = {"center": ctx.center_id, "low": term_range.low, "high": term_range.high}
    return list(session.connection().execute(_RANGE_LOOKUP, {**params, "limit": limit}))


def _hash_lookup(column: Any) -> Any:
    return (
        select(*SUMMARY_COLUMNS)
        .where(Resident.center_id == bindparam("center"), column == bindparam("digest"))
        .where(Resident.deleted_at.is_(None))
        .limit(bindparam("limit"))
    )


# Built once: the search runs on every keystroke, so statements are not rebuilt per call.
_PHONE_HASH_LOOKUP = _hash_lookup(Resident.phone_hash)
_ID_HASH_LOOKUP = _hash_lookup(Resident.id_hash)
_RANGE_LOOKUP = (
    select(ResidentSearchTerm.term, *SUMMARY_COLUMNS)
    .join(Resident, Resident.id == ResidentSearchTerm.resident_id)
    .where(ResidentSearchTerm.center_id == bindparam("center"))
    .where(ResidentSearchTerm.term >= bindparam("low"), ResidentSearchTerm.term < bindparam("high"))
    .where(Resident.deleted_at.is_(None))
    .order_by(ResidentSearchTerm.term)
    .limit(bindparam("limit"))
)
_RECENT_VISITS = (
    select(Visit.resident_id, func.max(Visit.visit_date))
    .where(Visit.resident_id.in_(bindparam("ids", expanding=True)))
    .where(Visit.visit_date >= bindparam("since"), Visit.deleted_at.is_(None))
    .group_by(Visit.resident_id)
)
