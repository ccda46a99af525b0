"""Saturday places while a push is applied: who holds each place of a slot.

For every slot, at every commit: ``booked + Σ held by desks + server_free = capacity``.
The slot rows (and this desk's share rows) are locked for the transaction
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's write transaction is exclusive), so
desks coming back online in any order never overbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from db.types import utcnow
from district.change_rules import Verdict
from district.database import DistrictDatabase
from district.tables import booking_state, saturday_slot, slot_share
from protocol import reason

HOLDING = frozenset({"confirmed", "checked_in", "no_show"})


@dataclass
class SlotRow:
    id: str
    center_id: str
    day: dt.date
    capacity: int
    booked: int
    server_free: int
    dirty: bool = False


@dataclass
class BookingRow:
    id: str
    center_id: str
    slot_id: str
    status: str
    source: str | None
    device_id: str | None


def nearest_free_slots(
    conn: Connection, center_id: str, day: dt.date, exclude: str, limit: int = 5
) -> list[dict[str, Any]]:
    rows = list(
        conn.execute(
            select(saturday_slot)
            .where(
                saturday_slot.c.center_id == center_id,
                saturday_slot.c.server_free > 0,
                saturday_slot.c.id != exclude,
                saturday_slot.c.day >= dt.date.today(),
            )
            .order_by(saturday_slot.c.day, saturday_slot.c.starts)
            .limit(200)
        ).all()
    )
    rows.sort(key=lambda row: (abs((row.day - day).days), row.day, row.starts))
    return [
        {
            "slot_id": row.id,
            "day": row.day.isoformat(),
            "starts": row.starts,
            "ends": row.ends,
            "free": row.server_free,
        }
        for row in rows[:limit]
    ]


class SlotLedger:
    """The slots, this desk's shares and the bookings a batch touches, locked and in memory."""

    def __init__(
        self,
        database: DistrictDatabase,
        conn: Connection,
        center_id: str,
        device_id: str,
        booking_payloads: dict[str, dict[str, Any]],
        slot_changes: set[str] | None = None,
    ) -> None:
        self.database, self.conn = database, conn
        self.center_id, self.device_id = center_id, device_id
        found = conn.execute(
            select(booking_state).where(booking_state.c.id.in_(list(booking_payloads)))
        ).all()
        self.bookings = {row.id: BookingRow(*row) for row in found}
        slot_ids = {str(p.get("slot_id")) for p in booking_payloads.values()}
        slot_ids |= {row.slot_id for row in self.bookings.values()}
        slot_ids |= slot_changes or set()
        locked = select(saturday_slot).where(saturday_slot.c.id.in_(sorted(slot_ids)))
        locked = locked.order_by(saturday_slot.c.id).with_for_update()
        self.slots = {
            row.id: SlotRow(
                row.id, row.center_id, row.day, row.capacity, row.booked, row.server_free
            )
            for row in conn.execute(locked)
        }
        self.new_slots: dict[str, dict[str, Any]] = {}
        share_rows = conn.execute(
            select(slot_share.c.slot_id, slot_share.c.held)
            .where(slot_share.c.device_id == device_id, slot_share.c.slot_id.in_(list(self.slots)))
            .with_for_update()
        )
        self.shares: dict[str, int] = {row.slot_id: row.held for row in share_rows}
        self.shares_before = dict(self.shares)
        self.touched: dict[str, BookingRow] = {}

    def apply(self, booking_id: str, payload: dict[str, Any]) -> Verdict | None:
        """Take or give back a place for this version of a booking; a refusal, or None."""
        slot = self.slots.get(str(payload["slot_id"]))
        if slot is None:
            return Verdict.rejected("slot_unknown")
        if slot.center_id != self.center_id:
            return Verdict.rejected("reference_other_center", field="slot_id")
        old = self.bookings.get(booking_id)
        old_holds = old is not None and old.status in HOLDING and old.source is not None
        status = str(payload["status"])
        wants = status in HOLDING or status == "pending_confirmation"
        source = old.source if old is not None and old_holds else None
        if wants and not (old_holds and old is not None and old.slot_id == slot.id):
            source = self._take(slot, bool(payload.get("from_share")))
            if source is None:
                alternatives = nearest_free_slots(self.conn, self.center_id, slot.day, slot.id)
                return Verdict("conflict", reason("slot_full"), alternatives=alternatives)
            if old_holds and old is not None:
                self._give_back(old)
        elif not wants and old_holds and old is not None:
            self._give_back(old)
            source = None
        elif not wants and old is None:
            # a booking the district never held (refused, then cancelled or moved at the
            # desk): nothing was booked, so nothing is cancelled either
            return None
        if status == "pending_confirmation":
            payload["status"] = "confirmed"
        row = BookingRow(
            booking_id,
            self.center_id,
            slot.id,
            str(payload["status"]),
            source,
            self.device_id if source == "share" else (old.device_id if old else self.device_id),
        )
        self.bookings[booking_id] = row
        self.touched[booking_id] = row
        return None

    def put_slot(self, slot_id: str, payload: dict[str, Any]) -> Verdict | None:
        """A slot as a desk derived it: new, or with a new capacity; a refusal, or None.

        A capacity cut comes out of the places the server holds. A cut below what is booked
        plus what desks hold is refused with the figures (never a silent overbooking): the
        center cancels or reschedules bookings, or its desks return places, then cuts."""
        capacity = int(payload["capacity"])
        slot = self.slots.get(slot_id)
        if slot is not None and capacity < slot.capacity:
            held = self._held_by_all(slot_id)
            if capacity < slot.booked + held:
                return Verdict.rejected(
                    "capacity_below_taken",
                    capacity=capacity,
                    booked=slot.booked,
                    held=held,
                    over=slot.booked + held - capacity,
                )
        if slot is None:
            slot = SlotRow(
                slot_id, self.center_id, dt.date.fromisoformat(str(payload["day"])), 0, 0, 0
            )
            self.slots[slot_id] = slot
            self.new_slots[slot_id] = payload
        slot.server_free = slot.server_free + capacity - slot.capacity
        slot.capacity = capacity
        slot.dirty = True
        return None

    def _held_by_all(self, slot_id: str) -> int:
        """Places of the slot every desk holds (this desk's as this batch left them)."""
        others = self.conn.execute(
            select(func.coalesce(func.sum(slot_share.c.held), 0)).where(
                slot_share.c.slot_id == slot_id, slot_share.c.device_id != self.device_id
            )
        ).scalar_one()
        return int(others) + self.shares.get(slot_id, 0)

    def _take(self, slot: SlotRow, from_share: bool) -> str | None:
        if from_share and self.shares.get(slot.id, 0) > 0:
            self.shares[slot.id] -= 1
            source = "share"
        elif slot.server_free > 0:
            slot.server_free -= 1
            source = "server"
        else:
            return None
        slot.booked += 1
        slot.dirty = True
        return source

    def _give_back(self, booking: BookingRow) -> None:
        slot = self.slots[booking.slot_id]
        slot.booked -= 1
        slot.dirty = True
        if booking.source == "share" and booking.device_id == self.device_id:
            self.shares[slot.id] = self.shares.get(slot.id, 0) + 1
        else:
            slot.server_free += 1

    def flush(self) -> None:
        if self.new_slots:
            now = utcnow()
            self.conn.execute(
                insert(saturday_slot),
                [
                    {
                        "id": slot_id,
                        "center_id": self.center_id,
                        "day": self.slots[slot_id].day,
                        "starts": str(payload["starts"]),
                        "ends": str(payload["ends"]),
                        "service_item_id": payload.get("service_item_id"),
                        "capacity": self.slots[slot_id].capacity,
                        "booked": self.slots[slot_id].booked,
                        "server_free": self.slots[slot_id].server_free,
                        "version": 1,
                        "created_at": now,
                    }
                    for slot_id, payload in self.new_slots.items()
                ],
            )
        for slot in self.slots.values():
            if slot.dirty and slot.id not in self.new_slots:
                self.conn.execute(
                    update(saturday_slot)
                    .where(saturday_slot.c.id == slot.id)
                    .values(
                        booked=slot.booked, server_free=slot.server_free, capacity=slot.capacity
                    )
                )
        changed = [
            {"slot_id": slot_id, "device_id": self.device_id, "held": held}
            for slot_id, held in self.shares.items()
            if held != self.shares_before.get(slot_id)
        ]
        if changed:
            statement = self.database.upsert(slot_share, ("slot_id", "device_id"), ("held",))
            self.conn.execute(statement, changed)
        if self.touched:
            statement = self.database.upsert(
                booking_state, ("id",), ("slot_id", "status", "source", "device_id")
            )
            self.conn.execute(statement, [vars(row) for row in self.touched.values()])


def held_by_devices(conn: Connection, slot_id: str) -> int:
    total = conn.execute(
        select(func.coalesce(func.sum(slot_share.c.held), 0)).where(slot_share.c.slot_id == slot_id)
    ).scalar_one()
    return int(total)
