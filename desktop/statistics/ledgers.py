"""The four 台账 of a period as rows: 来访登记, 诉求办理, 星期六社区预约, 满意度统计.

Phones and ID numbers are masked unless a center admin asks for an unmasked ledger
(:func:`build_ledger` with ``unmasked=True``): that is checked against the database,
recorded in the audit log, and the ledger's title says so. Per-row flags (overdue, on
time, no-show) use the expressions of :mod:`db.figures`, the same that count them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from db.figures import closed_on_time, no_show, overdue
from db.models import (
    AuditEvent,
    Booking,
    Center,
    Resident,
    SaturdaySlot,
    ServiceItem,
    ServiceRequest,
    Staff,
    Visit,
    WorkOrderStatus,
)
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.i18n import Translator
from desktop.statistics.figures import count_center
from desktop.statistics.ledger_people import LedgerPeople
from desktop.statistics.periods import Period, checked
from desktop.statistics.referral_steps import steps_text
from protocol.figures import GRADES

KINDS = ("visits", "requests", "saturday", "satisfaction")
ZH = Translator("zh_CN")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text / date / time / datetime / int / number / percent


@dataclass
class Ledger:
    kind: str
    title: str
    columns: list[Column]
    rows: list[Sequence[Any]]
    unmasked: bool
    period: Period
    center_name: str

    @property
    def file_stem(self) -> str:
        name = ZH(f"ledger.{self.kind}")
        return f"{name}_{self.period.day_from:%Y%m%d}-{self.period.day_to:%Y%m%d}"


def _col(code: str, kind: str = "text") -> Column:
    return Column(ZH(f"ledger.col.{code}"), kind)


def _label(prefix: str) -> Callable[[str | None], str]:
    return lambda value: ZH(f"{prefix}.{value}") if value else ""


_category = _label("ui.category")
_outcome = _label("ui.outcome")


def _local(ctx: DeskContext) -> Callable[[dt.datetime | None], dt.datetime | None]:
    zone = ZoneInfo(ctx.timezone)

    def convert(moment: dt.datetime | None) -> dt.datetime | None:
        return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)

    return convert


def _in_period(period: Period) -> Any:
    return Visit.visit_date.between(period.day_from, period.day_to)


def _visit_requests(session: Session, ctx: DeskContext, period: Period) -> dict[str, list[Any]]:
    rows = session.execute(
        select(
            ServiceRequest.visit_id,
            ServiceRequest.description,
            ServiceRequest.category,
            ServiceItem.name,
            ServiceRequest.outcome,
        )
        .join(Visit, Visit.id == ServiceRequest.visit_id)
        .join(ServiceItem, ServiceItem.id == ServiceRequest.service_item_id)
        .where(
            Visit.center_id == ctx.center_id,
            _in_period(period),
            Visit.deleted_at.is_(None),
            ServiceRequest.deleted_at.is_(None),
        )
        .order_by(ServiceRequest.visit_id, ServiceRequest.position)
    )
    by_visit: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_visit[row[0]].append(row)
    return by_visit


def _visits(session: Session, ctx: DeskContext, period: Period, people: LedgerPeople) -> Ledger:
    handler = aliased(Staff)
    requests = _visit_requests(session, ctx, period)
    local = _local(ctx)
    query = (
        select(
            Visit.id,
            Visit.visit_date,
            Visit.arrived_at,
            Visit.queue_number,
            Resident.name,
            *people.columns(),
            Resident.grid,
            handler.display_name,
            Visit.satisfaction,
        )
        .join(Resident, Resident.id == Visit.resident_id)
        .outerjoin(handler, handler.id == func.coalesce(Visit.handler_id, Visit.registered_by))
        .where(Visit.center_id == ctx.center_id, _in_period(period), Visit.deleted_at.is_(None))
        .order_by(Visit.visit_date, Visit.arrived_at, Visit.queue_number)
    )
    rows: list[Sequence[Any]] = []
    for visit_id, day, arrived, number, name, phone, id_no, grid, staff, grade in session.execute(
        query
    ):
        asked = requests.get(visit_id, [])
        arrived_local = local(arrived)
        rows.append(
            (
                day,
                arrived_local.time() if arrived_local else None,
                number,
                name,
                people.show(phone),
                people.show(id_no),
                grid,
                "；".join(r.description or r.name for r in asked),
                "；".join(dict.fromkeys(_category(r.category) for r in asked)),
                "；".join(r.name for r in asked),
                "；".join(_outcome(r.outcome or "none") for r in asked),
                staff or "",
                grade,
            )
        )
    columns = [
        _col("date", "date"),
        _col("time", "time"),
        _col("queue_number"),
        _col("resident"),
        _col("phone"),
        _col("id_number"),
        _col("grid"),
        _col("request"),
        _col("category"),
        _col("service_item"),
        _col("outcome"),
        _col("handler"),
        _col("satisfaction", "int"),
    ]
    return _ledger("visits", columns, rows, people, period, session, ctx)


def _requests(session: Session, ctx: DeskContext, period: Period, people: LedgerPeople) -> Ledger:
    today = ctx.today()
    due = func.coalesce(WorkOrderStatus.due_date, ServiceRequest.due_date)
    referred = ServiceRequest.outcome == "referred"
    query = (
        select(
            Visit.visit_date,
            Visit.queue_number,
            Resident.name,
            *people.columns(),
            ServiceItem.name,
            ServiceRequest.category,
            ServiceRequest.description,
            ServiceRequest.outcome,
            ServiceRequest.referred_to,
            case((referred, due), else_=None),
            WorkOrderStatus.status,
            WorkOrderStatus.closed_at,
            case(
                (
                    referred
                    & closed_on_time(
                        WorkOrderStatus.status, due, WorkOrderStatus.closed_at, ctx.timezone
                    ),
                    1,
                ),
                else_=0,
            ),
            case((referred & overdue(WorkOrderStatus.status, due, today), 1), else_=0),
            WorkOrderStatus.steps,
            WorkOrderStatus.note,
            ServiceRequest.outcome_note,
            WorkOrderStatus.satisfaction,
        )
        .join(Visit, Visit.id == ServiceRequest.visit_id)
        .join(Resident, Resident.id == Visit.resident_id)
        .join(ServiceItem, ServiceItem.id == ServiceRequest.service_item_id)
        .outerjoin(WorkOrderStatus, WorkOrderStatus.request_id == ServiceRequest.id)
        .where(
            Visit.center_id == ctx.center_id,
            _in_period(period),
            Visit.deleted_at.is_(None),
            ServiceRequest.deleted_at.is_(None),
        )
        .order_by(Visit.visit_date, Visit.arrived_at, Visit.queue_number, ServiceRequest.position)
    )
    local = _local(ctx)
    rows: list[Sequence[Any]] = []
    for (
        day,
        number,
        name,
        phone,
        id_no,
        item,
        category,
        text,
        outcome,
        referred_to,
        due_day,
        status,
        closed_at,
        on_time,
        late,
        steps,
        reply,
        note,
        callback,
    ) in session.execute(query):
        if outcome == "referred":
            state = ZH(f"referral.{status}") if status else ZH("ledger.not_sent")
            timeliness = ZH("ledger.on_time") if on_time else ZH("ledger.late") if closed_at else ""
            if late:
                timeliness = ZH("ledger.overdue")
        else:
            state = timeliness = ""
        rows.append(
            (
                day,
                number,
                name,
                people.show(phone),
                people.show(id_no),
                item,
                _category(category),
                text,
                _outcome(outcome or "none"),
                referred_to,
                due_day,
                state,
                local(closed_at),
                timeliness,
                steps_text(steps, ctx.timezone, ZH),
                reply or note,
                callback,
            )
        )
    columns = [
        _col("date", "date"),
        _col("queue_number"),
        _col("resident"),
        _col("phone"),
        _col("id_number"),
        _col("service_item"),
        _col("category"),
        _col("request"),
        _col("outcome"),
        _col("referred_to"),
        _col("due_date", "date"),
        _col("referral_status"),
        _col("closed_at", "datetime"),
        _col("timeliness"),
        _col("steps"),
        _col("reply"),
        _col("callback", "int"),
    ]
    return _ledger("requests", columns, rows, people, period, session, ctx)


def _saturday(session: Session, ctx: DeskContext, period: Period, people: LedgerPeople) -> Ledger:
    today = ctx.today()
    query = (
        select(
            Booking.day,
            SaturdaySlot.starts,
            SaturdaySlot.ends,
            ServiceItem.name,
            Booking.number,
            Resident.name,
            *people.columns(),
            Booking.channel,
            Booking.status,
            case((no_show(Booking.status, Booking.day, today), 1), else_=0),
            Booking.note,
        )
        .join(SaturdaySlot, SaturdaySlot.id == Booking.slot_id)
        .join(ServiceItem, ServiceItem.id == Booking.service_item_id)
        .join(Resident, Resident.id == Booking.resident_id)
        .where(
            Booking.center_id == ctx.center_id,
            Booking.day.between(period.day_from, period.day_to),
            Booking.deleted_at.is_(None),
        )
        .order_by(Booking.day, SaturdaySlot.starts, Booking.number)
    )
    yes, no = ZH("ledger.yes"), ZH("ledger.no")
    found = session.execute(query).all()
    rows: list[Sequence[Any]] = [
        (
            day,
            f"{starts}–{ends}",
            item,
            number,
            name,
            people.show(phone),
            people.show(id_no),
            ZH(f"saturday.channel.{channel}"),
            ZH(f"saturday.status.{status}"),
            yes if status == "checked_in" else no,
            yes if missed else no,
            note,
        )
        for (
            day,
            starts,
            ends,
            item,
            number,
            name,
            phone,
            id_no,
            channel,
            status,
            missed,
            note,
        ) in found
    ]
    columns = [
        _col("date", "date"),
        _col("slot"),
        _col("service_item"),
        _col("booking_number"),
        _col("resident"),
        _col("phone"),
        _col("id_number"),
        _col("channel"),
        _col("status"),
        _col("checked_in"),
        _col("no_show"),
        _col("note"),
    ]
    return _ledger("saturday", columns, rows, people, period, session, ctx)


def _satisfaction(
    session: Session, ctx: DeskContext, period: Period, people: LedgerPeople
) -> Ledger:
    figures = count_center(session, ctx, period.day_from, period.day_to)
    desk, callback = figures.satisfaction, figures.callback_satisfaction

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    rows: list[Sequence[Any]] = [
        (
            f"{grade} {ZH(f'ui.satisfaction.{grade}')}",
            desk.grades.get(grade, 0),
            share(desk.grades.get(grade, 0), desk.graded),
            callback.grades.get(grade, 0),
            share(callback.grades.get(grade, 0), callback.graded),
        )
        for grade in reversed(GRADES)
    ]
    rows.append(
        (
            ZH("ledger.total"),
            desk.graded,
            share(desk.graded, desk.graded),
            callback.graded,
            share(callback.graded, callback.graded),
        )
    )
    rows.append((ZH("ledger.average"), desk.average, None, callback.average, None))
    columns = [
        _col("grade"),
        _col("desk_count", "number"),
        _col("desk_share", "percent"),
        _col("callback_count", "number"),
        _col("callback_share", "percent"),
    ]
    return _ledger("satisfaction", columns, rows, people, period, session, ctx)


def _ledger(
    kind: str,
    columns: list[Column],
    rows: list[Sequence[Any]],
    people: LedgerPeople,
    period: Period,
    session: Session,
    ctx: DeskContext,
) -> Ledger:
    center = session.get(Center, ctx.center_id)
    center_name = center.name if center is not None else ""
    title = ZH(
        "ledger.title",
        center=center_name,
        ledger=ZH(f"ledger.{kind}"),
        day_from=f"{period.day_from:%Y-%m-%d}",
        day_to=f"{period.day_to:%Y-%m-%d}",
    )
    if people.unmasked:
        title += ZH("ledger.unmasked_mark")
    return Ledger(kind, title, columns, rows, people.unmasked, period, center_name)


BUILDERS: dict[str, Callable[[Session, DeskContext, Period, LedgerPeople], Ledger]] = {
    "visits": _visits,
    "requests": _requests,
    "saturday": _saturday,
    "satisfaction": _satisfaction,
}


@maps_database_errors
@access.guarded("statistics.read")
def build_ledger(
    ctx: DeskContext,
    staff: StaffIdentity,
    kind: str,
    day_from: dt.date,
    day_to: dt.date,
    *,
    unmasked: bool = False,
) -> Ledger:
    """The rows of one 台账 over the range; unmasked only for a center admin, audited."""
    transaction = ctx.db.write() if unmasked else ctx.db.read()
    with transaction as session:
        access.require(session, ctx, staff, "ledger.unmasked" if unmasked else "statistics.read")
        if kind not in BUILDERS:
            raise ValueError(kind)
        period = checked(day_from, day_to)
        people = LedgerPeople(ctx, unmasked)
        if unmasked:
            session.add(
                AuditEvent(
                    center_id=ctx.center_id,
                    staff_id=staff.id,
                    action="ledger_unmasked",
                    entity="ledger",
                    entity_id=kind,
                    detail=f"{period.day_from:%Y-%m-%d}..{period.day_to:%Y-%m-%d}",
                    at=ctx.now(),
                )
            )
        return BUILDERS[kind](session, ctx, period, people)
