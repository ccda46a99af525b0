"""Slots of a Saturday: which exist, their capacity from the roster, this desk's share.

Slots are made on demand for a Saturday (when it is shown or booked) from the session
template, the offered services and the day's exception. A slot's id is derived from
center, day, start and service, so two desks that make the same Saturday agree on it.
Capacity = workers on duty that day × cases one worker takes per slot for the service,
unless an admin overrode it for the slot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Booking,
    RosterEntry,
    SaturdayException,
    SaturdayService,
    SaturdaySession,
    SaturdaySlot,
    Setting,
    SlotShare,
    WaitlistEntry,
)
from db.models.saturday import HOLDING_STATUSES
from desktop.saturday.calendar import OpeningHours, slot_times
from protocol.derived_ids import slot_id as slot_id


@dataclass(frozen=True)
class DayPlan:
    """What a Saturday is: open with these slot times, or why it is not."""

    day: dt.date
    closed_reason: str  # "" open; "closed" holiday; "workday" 调休 runs as a normal day
    times: tuple[tuple[str, str], ...]
    note: str = ""

    @property
    def is_open(self) -> bool:
        return not self.closed_reason and bool(self.times)


def day_plan(session: Session, center_id: str, day: dt.date) -> DayPlan:
    exception = session.scalar(
        select(SaturdayException).where(
            SaturdayException.center_id == center_id,
            SaturdayException.day == day,
            SaturdayException.deleted_at.is_(None),
        )
    )
    if exception is not None and exception.kind in ("closed", "workday"):
        return DayPlan(day, exception.kind, (), exception.note)
    sessions = [
        OpeningHours(s.starts, s.ends, s.slot_minutes)
        for s in session.scalars(
            select(SaturdaySession).where(
                SaturdaySession.center_id == center_id, SaturdaySession.deleted_at.is_(None)
            )
        )
    ]
    window = (exception.starts, exception.ends) if exception is not None else None
    note = exception.note if exception is not None else ""
    return DayPlan(day, "", tuple(slot_times(sessions, window)), note)


def on_duty(session: Session, center_id: str, day: dt.date) -> list[str]:
    """Staff ids on duty that day."""
    return list(
        session.scalars(
            select(RosterEntry.staff_id).where(
                RosterEntry.center_id == center_id,
                RosterEntry.day == day,
                RosterEntry.deleted_at.is_(None),
            )
        )
    )


def offered(session: Session, center_id: str) -> dict[str, int]:
    """Service item id → cases one worker takes per slot."""
    return {
        row.service_item_id: row.cases_per_worker
        for row in session.scalars(
            select(SaturdayService).where(
                SaturdayService.center_id == center_id, SaturdayService.deleted_at.is_(None)
            )
        )
    }


def ensure_slots(
    session: Session, center_id: str, day: dt.date, today: dt.date | None = None
) -> list[SaturdaySlot]:
    """The day's slots, made if missing and with capacities brought up to date.

    Slots of a day that closed, or of a service no longer offered, are not deleted (they
    may hold bookings): they drop to capacity 0 so their bookings show up for rescheduling.
    A day before ``today`` is history: its slots are shown as they were, never remade.
    """
    if today is not None and day < today:
        return _as_they_were(session, center_id, day)
    plan = day_plan(session, center_id, day)
    services = offered(session, center_id)
    workers = len(on_duty(session, center_id, day))
    existing = {
        slot.id: slot
        for slot in session.scalars(
            select(SaturdaySlot).where(SaturdaySlot.center_id == center_id, SaturdaySlot.day == day)
        )
    }
    wanted: set[str] = set()
    if plan.is_open:
        for starts, ends in plan.times:
            for item_id, per_worker in services.items():
                sid = slot_id(center_id, day, starts, item_id)
                wanted.add(sid)
                capacity = workers * per_worker
                slot = existing.get(sid)
                if slot is None:
                    slot = SaturdaySlot(
                        id=sid,
                        center_id=center_id,
                        day=day,
                        starts=starts,
                        ends=ends,
                        service_item_id=item_id,
                        capacity=capacity,
                    )
                    session.add(slot)
                    existing[sid] = slot
                else:
                    if slot.is_deleted:
                        slot.deleted_at = None
                    target = (
                        slot.capacity_override if slot.capacity_override is not None else capacity
                    )
                    if slot.capacity != target:
                        slot.capacity = target
    for sid, slot in existing.items():
        if sid not in wanted and slot.capacity != 0:
            slot.capacity = 0
    session.flush()
    return sorted(
        (s for s in existing.values() if s.id in wanted or holding_count(session, s.id)),
        key=lambda s: (s.starts, s.service_item_id),
    )


def _as_they_were(session: Session, center_id: str, day: dt.date) -> list[SaturdaySlot]:
    stored = session.scalars(
        select(SaturdaySlot).where(
            SaturdaySlot.center_id == center_id,
            SaturdaySlot.day == day,
            SaturdaySlot.deleted_at.is_(None),
        )
    )
    return sorted(
        (s for s in stored if s.capacity or holding_count(session, s.id)),
        key=lambda s: (s.starts, s.service_item_id),
    )


def held_by_offers(session: Session, slot: str) -> int:
    """Places of the slot kept for waitlisted residents who were offered them."""
    count = session.scalar(
        select(func.count())
        .select_from(WaitlistEntry)
        .where(
            WaitlistEntry.offered_slot_id == slot,
            WaitlistEntry.status == "offered",
            WaitlistEntry.deleted_at.is_(None),
        )
    )
    return int(count or 0)


def holding_count(session: Session, slot: str) -> int:
    """Bookings holding a place in the slot (checked in and no-shows included)."""
    count = session.scalar(
        select(func.count())
        .select_from(Booking)
        .where(
            Booking.slot_id == slot,
            Booking.status.in_(HOLDING_STATUSES),
            Booking.needs_reschedule.is_(False),
            Booking.deleted_at.is_(None),
        )
    )
    return int(count or 0)


def places_taken(session: Session, slots: list[SaturdaySlot]) -> dict[str, tuple[int, int, int]]:
    """Slot id → (bookings holding a place, places kept for offers, this desk's share),
    for many slots in three queries (the screens show a whole day at once)."""
    ids = [slot.id for slot in slots]
    if not ids:
        return {}
    holding: dict[str | None, int] = {
        key: value
        for key, value in session.execute(
            select(Booking.slot_id, func.count())
            .where(
                Booking.slot_id.in_(ids),
                Booking.status.in_(HOLDING_STATUSES),
                Booking.needs_reschedule.is_(False),
                Booking.deleted_at.is_(None),
            )
            .group_by(Booking.slot_id)
        )
    }
    offered: dict[str | None, int] = {
        key: value
        for key, value in session.execute(
            select(WaitlistEntry.offered_slot_id, func.count())
            .where(
                WaitlistEntry.offered_slot_id.in_(ids),
                WaitlistEntry.status == "offered",
                WaitlistEntry.deleted_at.is_(None),
            )
            .group_by(WaitlistEntry.offered_slot_id)
        )
    }
    shares: dict[str | None, int] = {
        key: value
        for key, value in session.execute(
            select(SlotShare.slot_id, SlotShare.places).where(SlotShare.slot_id.in_(ids))
        )
    }
    return {
        slot.id: (
            int(holding.get(slot.id, 0)),
            int(offered.get(slot.id, 0)),
            min(shares[slot.id], slot.capacity) if slot.id in shares else unshared,
        )
        for slot in slots
        for unshared in (_unshared(session, slot),)
    }


def share_of(session: Session, slot: SaturdaySlot) -> int:
    """Places this desk may confirm on its own (its escrow, see :mod:`desktop.sync.places`)."""
    share = session.get(SlotShare, slot.id)
    return _unshared(session, slot) if share is None else min(share.places, slot.capacity)


def _unshared(session: Session, slot: SaturdaySlot) -> int:
    """A slot without a share: a desk on its own owns every place; a desk connected to a
    district owns none until the district grants some (its bookings wait for the district)."""
    return 0 if connected(session) else slot.capacity


def connected(session: Session) -> bool:
    setting = session.get(Setting, "sync.server_url")
    return setting is not None and setting.value.strip('"') != ""


def confirmed_from_share(session: Session, slot: str) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(Booking)
        .where(
            Booking.slot_id == slot,
            Booking.status.in_(HOLDING_STATUSES),
            Booking.from_share.is_(True),
            Booking.needs_reschedule.is_(False),
            Booking.deleted_at.is_(None),
        )
    )
    return int(count or 0)


def over_capacity(session: Session, slot: SaturdaySlot) -> list[Booking]:
    """Flag the latest bookings that no longer fit the slot's capacity for rescheduling.

    Never silently keeps a slot over capacity: the bookings beyond it (the most recently
    made first, checked-in ones never) get ``needs_reschedule`` and are returned.
    """
    holding = list(
        session.scalars(
            select(Booking)
            .where(
                Booking.slot_id == slot.id,
                Booking.status.in_(("confirmed", "pending_confirmation")),
                Booking.needs_reschedule.is_(False),
                Booking.deleted_at.is_(None),
            )
            .order_by(Booking.created_at.desc(), Booking.id.desc())
        )
    )
    excess = holding_count(session, slot.id) - slot.capacity
    flagged = holding[: max(excess, 0)]
    for booking in flagged:
        booking.needs_reschedule = True
    session.flush()
    _withdraw_offers_beyond(session, slot)
    return flagged


def _withdraw_offers_beyond(session: Session, slot: SaturdaySlot) -> None:
    """Offers to waitlisted residents for places that no longer exist go back to waiting
    (the residents keep their turn); the most recent offers go first."""
    offers = list(
        session.scalars(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.offered_slot_id == slot.id,
                WaitlistEntry.status == "offered",
                WaitlistEntry.deleted_at.is_(None),
            )
            .order_by(WaitlistEntry.created_at.desc(), WaitlistEntry.id.desc())
        )
    )
    room = max(slot.capacity - holding_count(session, slot.id), 0)
    for entry in offers[: max(len(offers) - room, 0)]:
        entry.status = "waiting"
        entry.offered_slot_id = None
