"""The counting of :mod:`protocol.figures`, one set of queries for the desk and the district.

Each side describes its own tables as :class:`FactSources` — four selectables with the
column names below — and :func:`count_figures` runs the same grouped queries over them, so
a visit of the day, an overdue referral, an on-time closure, a no-show and a satisfaction
grade are counted by one piece of code whichever database holds the rows.

``visits``: ``center_id``, ``visit_id``, ``visit_date``, ``satisfaction`` (deleted rows left out)
``requests``: ``center_id``, ``visit_date``, ``service_item_id``, ``category``, ``outcome``,
and of its work order (referrals): ``status`` (``NULL``: no work order yet), ``due_date``,
``closed_at`` (UTC), ``callback`` (the 回访 grade)
``slots``: ``center_id``, ``day``, ``capacity``
``bookings``: ``center_id``, ``day``, ``status``
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    FromClause,
    Integer,
    and_,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import SQLCoreOperations
from sqlalchemy.sql.functions import FunctionElement

from protocol.figures import (
    CLOSED,
    HOLDING,
    NOT_YET_SENT,
    OPEN_STATUSES,
    REFERRED,
    STILL_EXPECTED,
    Figures,
    Saturday,
    referrals_of,
    satisfaction_of,
)


class local_date(FunctionElement[dt.date]):
    """The local calendar day of a UTC timestamp column in the zone ``zone``."""

    type = Date()
    inherit_cache = True
    name = "local_date"

    def __init__(self, column: SQLCoreOperations[Any], zone: str) -> None:
        self.zone = zone
        super().__init__(column)


@compiles(local_date, "postgresql")
def _local_date_pg(element: local_date, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    zone = compiler.process(literal(element.zone), **kw)
    return f"CAST(({column} AT TIME ZONE 'UTC') AT TIME ZONE {zone} AS DATE)"


@compiles(local_date)
def _local_date_sqlite(element: local_date, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite knows no zones: the zone's offset now (China keeps one offset all year).
    offset = ZoneInfo(element.zone).utcoffset(dt.datetime.now())
    minutes = int(offset.total_seconds() // 60) if offset else 0
    column = compiler.process(element.clauses, **kw)
    return f"date({column}, '{minutes:+d} minutes')"


def owed_answer(status: SQLCoreOperations[Any]) -> ColumnElement[bool]:
    """A referral still owed an answer (no work order yet counts as owed)."""
    return func.coalesce(status, NOT_YET_SENT).in_(OPEN_STATUSES)


def overdue(status: SQLCoreOperations[Any], due: SQLCoreOperations[Any], today: dt.date) -> Any:
    return and_(owed_answer(status), due.is_not(None), due < today)


def closed_on_time(
    status: SQLCoreOperations[Any],
    due: SQLCoreOperations[Any],
    closed_at: SQLCoreOperations[Any],
    zone: str,
) -> Any:
    return and_(status == CLOSED, or_(due.is_(None), local_date(closed_at, zone) <= due))


def no_show(status: SQLCoreOperations[Any], day: SQLCoreOperations[Any], today: dt.date) -> Any:
    return or_(status == "no_show", and_(status.in_(STILL_EXPECTED), day < today))


@dataclass(frozen=True)
class FactSources:
    visits: FromClause
    requests: FromClause
    slots: FromClause
    bookings: FromClause


@dataclass
class _Tally:
    visits_by_day: dict[dt.date, int] = field(default_factory=dict)
    grades: dict[int, int] = field(default_factory=dict)
    callback: dict[int, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_item: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    referrals: tuple[int, int, int, int] = (0, 0, 0, 0)
    offered: int = 0
    bookings: tuple[int, int, int, int] = (0, 0, 0, 0)


def _sum(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def count_figures(
    conn: Connection | Session,
    sources: FactSources,
    day_from: dt.date,
    day_to: dt.date,
    today: dt.date,
    zone: str,
    centers: Collection[str] | None = None,
) -> dict[str, Figures]:
    """Every figure of each center over ``day_from`` … ``day_to`` (centers with nothing
    to count are left out unless named in ``centers``)."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)

    def period(table: FromClause, day_column: str) -> Any:
        day = table.c[day_column]
        condition = and_(day >= day_from, day <= day_to)
        if centers is not None:
            condition = and_(condition, table.c.center_id.in_(list(centers)))
        return condition

    v = sources.visits
    for center_id, day, grade, count in conn.execute(
        select(v.c.center_id, v.c.visit_date, v.c.satisfaction, func.count())
        .where(period(v, "visit_date"))
        .group_by(v.c.center_id, v.c.visit_date, v.c.satisfaction)
    ):
        tally = tallies[center_id]
        day = _as_date(day)
        tally.visits_by_day[day] = tally.visits_by_day.get(day, 0) + int(count)
        if grade is not None:
            tally.grades[int(grade)] = tally.grades.get(int(grade), 0) + int(count)

    # Requests and their referrals in one pass: grouped by what each figure tells apart.
    r = sources.requests
    referred = r.c.outcome == REFERRED
    flagged = (
        select(
            r.c.center_id,
            r.c.category,
            r.c.service_item_id,
            func.coalesce(r.c.outcome, "open").label("result"),
            case((and_(referred, r.c.status == CLOSED), 1), else_=0).label("closed"),
            case((and_(referred, overdue(r.c.status, r.c.due_date, today)), 1), else_=0).label(
                "late"
            ),
            case(
                (and_(referred, closed_on_time(r.c.status, r.c.due_date, r.c.closed_at, zone)), 1),
                else_=0,
            ).label("on_time"),
            case((referred, r.c.callback), else_=None).label("grade"),
        )
        .where(period(r, "visit_date"))
        .subquery()
    )
    keys = [
        flagged.c[name]
        for name in (
            "center_id",
            "category",
            "service_item_id",
            "result",
            "closed",
            "late",
            "on_time",
            "grade",
        )
    ]
    for row in conn.execute(select(*keys, func.count()).group_by(*keys)):
        center_id, category, item, result, closed, late, on_time, grade, count = tuple(row)
        tally = tallies[center_id]
        n = int(count)
        tally.by_category[category] += n
        tally.by_item[item] += n
        tally.outcomes[result] += n
        if result == REFERRED:
            total, closed_n, late_n, on_time_n = tally.referrals
            tally.referrals = (
                total + n,
                closed_n + n * int(closed),
                late_n + n * int(late),
                on_time_n + n * int(on_time),
            )
            if grade is not None:
                tally.callback[int(grade)] = tally.callback.get(int(grade), 0) + n

    s = sources.slots
    for center_id, offered in conn.execute(
        select(s.c.center_id, func.coalesce(func.sum(s.c.capacity.cast(Integer)), 0))
        .where(period(s, "day"))
        .group_by(s.c.center_id)
    ):
        tallies[center_id].offered = int(offered)
    b = sources.bookings
    for center_id, booked, checked_in, missed, cancelled in conn.execute(
        select(
            b.c.center_id,
            _sum(b.c.status.in_(HOLDING)),
            _sum(b.c.status == "checked_in"),
            _sum(no_show(b.c.status, b.c.day, today)),
            _sum(b.c.status == "cancelled"),
        )
        .where(period(b, "day"))
        .group_by(b.c.center_id)
    ):
        tallies[center_id].bookings = (int(booked), int(checked_in), int(missed), int(cancelled))

    for center_id in centers or ():
        _ = tallies[center_id]  # a center with nothing to count still gets its zeros
    return {
        center_id: _figures(tally, day_from, day_to, today) for center_id, tally in tallies.items()
    }


def _figures(tally: _Tally, day_from: dt.date, day_to: dt.date, today: dt.date) -> Figures:
    booked, checked_in, missed, cancelled = tally.bookings
    total, closed, late, on_time = tally.referrals
    return Figures(
        period_from=day_from,
        period_to=day_to,
        today=today,
        visits=sum(tally.visits_by_day.values()),
        visits_by_day=dict(sorted(tally.visits_by_day.items())),
        requests=sum(tally.by_category.values()),
        requests_by_category=dict(tally.by_category),
        requests_by_service_item=dict(tally.by_item),
        outcomes=dict(tally.outcomes),
        referrals=referrals_of(total, closed, late, on_time),
        satisfaction=satisfaction_of(tally.grades),
        callback_satisfaction=satisfaction_of(tally.callback),
        saturday=Saturday(
            offered=tally.offered,
            booked=booked,
            checked_in=checked_in,
            no_show=missed,
            cancelled=cancelled,
        ),
    )
