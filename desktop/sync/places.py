"""Saturday places: the share of each open slot this desk may confirm while offline.

The district owns every slot's capacity and lends each desk a few places (its share, an
escrow). The desk confirms a booking at once while it has an unused place of its share;
beyond that the booking is kept as 待确认 (pending) and the district decides when it
arrives (confirmed from what it still holds, or refused with the nearest free slots, into
the inbox). After each push, while online, the desk

* asks for places when a bookable slot has fewer than :data:`LOW` unused ones left,
  up to :data:`KEEP`, never from the half of the slot the district keeps for bookings that
  wait for its decision and for other channels;
* returns every unused place of a slot it can no longer book (too close to its start) and
  of a slot the district holds over capacity (after a cut in staff on duty);
* records its share as the places its own bookings took from the share plus the unused
  places the district says it holds.

Nothing here runs while changes of this desk's bookings are still unsent: the district's
count would not include them yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError as WireError
from sqlalchemy import func, select

from db.ids import uuid7
from db.models import ChangeLogEntry, SaturdaySlot, SlotShare
from desktop.context import DeskContext
from desktop.saturday.bookings import BookingRules
from desktop.saturday.slots import confirmed_from_share
from desktop.saturday.views import slot_start
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import SyncError, Transport
from protocol.saturday import ShareState, Slot, SlotList

KEEP = 2
"""Unused places a desk keeps of each bookable slot (enough to confirm offline)."""
LOW = 1
"""Ask for more when fewer unused places than this are left."""


@dataclass(frozen=True)
class PlacesSummary:
    asked: int = 0
    granted: int = 0
    returned: int = 0


def _unsent_bookings(ctx: DeskContext) -> bool:
    with ctx.db.read() as session:
        count = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.entity == "booking", ChangeLogEntry.pushed_at.is_(None))
        )
    return bool(count)


def keep_shares(
    ctx: DeskContext, transport: Transport, store: TokenStore | None = None
) -> PlacesSummary:
    """One pass over the coming Saturdays' slots (see the module text)."""
    token = (store or TokenStore(ctx.paths)).get()
    if not token:
        raise SyncError("sync.no_token")
    if _unsent_bookings(ctx):
        return PlacesSummary()
    rules = BookingRules.of(ctx)
    today = ctx.today()
    until = today + dt.timedelta(weeks=max(1, rules.weeks_ahead))
    reply = transport.send(
        "GET",
        "/api/v1/saturday/slots",
        token=token,
        params={"from": today.isoformat(), "to": until.isoformat()},
    )
    try:
        slots = SlotList.model_validate(reply.body).slots
    except WireError:
        raise SyncError("sync.garbage") from None
    asked = granted = returned = 0
    held: dict[str, int] = {}
    with ctx.db.read() as session:
        local = {
            s.id: s
            for s in session.scalars(
                select(SaturdaySlot).where(
                    SaturdaySlot.center_id == ctx.center_id, SaturdaySlot.day >= today
                )
            )
        }
    for slot in slots:
        mine = local.get(slot.id)
        if mine is None:
            continue
        unused = slot.my_share
        bookable = _bookable(ctx, mine, rules)
        over = slot.booked + slot.server_free + slot.my_share > slot.capacity
        if unused and (not bookable or over):
            state = _move(transport, token, "return", slot.id, unused)
            returned += state.moved
            unused = state.held
        elif bookable and not over and unused < LOW and _spare(slot) > 0:
            want = min(KEEP - unused, _spare(slot))
            asked += want
            state = _move(transport, token, "request", slot.id, want)
            granted += state.moved
            unused = state.held
        held[slot.id] = unused
    _record_shares(ctx, held)
    return PlacesSummary(asked, granted, returned)


def _spare(slot: Slot) -> int:
    """Places the desk may ask for: half of every slot stays with the district, for
    bookings beyond the desks' shares (decided when they arrive) and for other channels."""
    return slot.server_free - slot.capacity // 2


def _bookable(ctx: DeskContext, slot: SaturdaySlot, rules: BookingRules) -> bool:
    starts = slot_start(ctx, slot.day, slot.starts)
    return starts - ctx.now() >= dt.timedelta(hours=rules.min_notice_hours)


def _move(transport: Transport, token: str, kind: str, slot_id: str, places: int) -> ShareState:
    body: dict[str, Any] = {"request_id": uuid7(), "slot_id": slot_id, "places": places}
    reply = transport.send("POST", f"/api/v1/saturday/shares/{kind}", token=token, json=body)
    try:
        return ShareState.model_validate(reply.body)
    except WireError:
        raise SyncError("sync.garbage") from None


def _record_shares(ctx: DeskContext, held: dict[str, int]) -> None:
    """Share = places the desk's own bookings took from it + unused places it holds."""
    if not held:
        return
    with ctx.db.write() as session:
        for slot_id, unused in held.items():
            places = confirmed_from_share(session, slot_id) + unused
            share = session.get(SlotShare, slot_id)
            if share is None:
                session.add(SlotShare(slot_id=slot_id, places=places))
            elif share.places != places:
                share.places = places
