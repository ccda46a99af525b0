"""Saturday places at the district under random sequences of operations: desks asking for
and returning places, booking (from their share or not, pending), cancelling, moving a
booking, the online channel booking, capacity raised and cut, desks revoked. After every
operation, for every slot: booked + held by desks + server_free = capacity, nothing
negative, and ``booked`` is the number of bookings holding a place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.ids import uuid7
from district import admin, devices, migrate, push, saturday
from district.database import DistrictDatabase
from district.errors import ApiError
from district.saturday_ledger import HOLDING
from district.security import ClientAuth, DeviceAuth
from district.tables import booking_state, saturday_slot, slot_share
from protocol import Change, ChannelBookingRequest, EnrolRequest, ShareRequest
from protocol.derived_ids import slot_id
from tests.integration.district_server import postgres_database, postgres_reachable
from tests.unit.saturday_fixtures import SATURDAY

DESKS = 3
SLOTS = 2


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DistrictDatabase]:
    """The district's database on SQLite, and on PostgreSQL where it is reachable (the
    push path there reads and writes through :mod:`district.bulk`)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            path: Path = tmp_path_factory.mktemp("places") / "district.sqlite"
            url = f"sqlite:///{path}"
        else:
            if not postgres_reachable():
                pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
            url = stack.enter_context(postgres_database())
        db = DistrictDatabase.open(url, pool_size=2)
        migrate.upgrade(db.engine)
        yield db
        db.dispose()


@dataclass
class DeskState:
    auth: DeviceAuth
    token: str
    seq: int = 0
    bookings: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class World:
    database: DistrictDatabase
    center_id: str
    slots: list[str]
    capacity: dict[str, int]
    desks: list[DeskState]
    channel: ClientAuth

    def push(self, desk: DeskState, entity: str, payload: dict[str, Any], op: str) -> Any:
        desk.seq += 1
        version = int(payload.get("version", 1))
        item = Change(
            change_id=uuid7(),
            seq=desk.seq,
            entity=entity,
            entity_id=payload["id"],
            op=op,  # type: ignore[arg-type]
            version=version,
            payload=payload,
        )
        return push.push(self.database, desk.token, [item]).results[0]


ITEM = "item-saturday"


def _slot_payload(center_id: str, slot_n: int, capacity: int) -> dict[str, Any]:
    starts = f"{9 + slot_n:02d}:00"
    return {
        "id": slot_id(center_id, SATURDAY, starts, ITEM),
        "center_id": center_id,
        "day": SATURDAY.isoformat(),
        "starts": starts,
        "ends": "12:00",
        "service_item_id": ITEM,
        "capacity": capacity,
    }


def _world(database: DistrictDatabase) -> World:
    center_id = admin.create_center(database, f"中心-{uuid7()[-6:]}")
    desks = []
    for n in range(DESKS):
        code = admin.issue_enrolment_code(database, center_id)
        answer = devices.enrol(database, EnrolRequest(code=code, device_name=f"前台 {n}"))
        desks.append(DeskState(DeviceAuth(answer.device_id, center_id), answer.token))
    channel = ClientAuth(uuid7(), "小程序", "channel")
    world = World(database, center_id, [], {}, desks, channel)
    for n in range(SLOTS):  # the Saturday's slots, as a desk derives them
        payload = _slot_payload(center_id, n, 4)
        assert world.push(desks[0], "saturday_slot", payload, "insert").status == "accepted"
        world.slots.append(payload["id"])
        world.capacity[payload["id"]] = 4
    return world


def _check(world: World) -> None:
    with world.database.read() as conn:
        for sid in world.slots:
            slot = conn.execute(select(saturday_slot).where(saturday_slot.c.id == sid)).one()
            shares = conn.execute(
                select(slot_share.c.held).where(slot_share.c.slot_id == sid)
            ).scalars()
            held = list(shares)
            holding = conn.execute(
                select(func.count()).where(
                    booking_state.c.slot_id == sid, booking_state.c.status.in_(HOLDING)
                )
            ).scalar_one()
            assert slot.booked + sum(held) + slot.server_free == slot.capacity
            assert slot.server_free >= 0 and slot.booked >= 0 and min(held, default=0) >= 0
            assert slot.booked == holding
            assert slot.capacity == world.capacity[sid]


def _apply(world: World, step: tuple[Any, ...]) -> None:
    kind, desk_n, slot_n, number = step
    desk, the_slot = world.desks[desk_n], world.slots[slot_n]
    try:
        if kind in ("grant", "return"):
            request = ShareRequest(request_id=uuid7(), slot_id=the_slot, places=number)
            saturday.move_share(world.database, desk.auth, request, kind)
        elif kind == "book":
            payload = {
                "id": uuid7(),
                "center_id": world.center_id,
                "slot_id": the_slot,
                "resident_id": uuid7(),
                "status": "pending_confirmation" if number % 3 == 0 else "confirmed",
                "from_share": number % 2 == 0,
            }
            if world.push(desk, "booking", payload, "insert").status == "accepted":
                desk.bookings[payload["id"]] = {**payload, "status": "confirmed"}
        elif kind in ("cancel", "move", "delete") and desk.bookings:
            booking_id = sorted(desk.bookings)[number % len(desk.bookings)]
            old = desk.bookings[booking_id]
            new = {**old, "version": int(old.get("version", 1)) + 1}
            if kind == "cancel":
                new["status"] = "cancelled"
            elif kind == "move":
                new["slot_id"] = the_slot
            else:
                new["deleted_at"] = "2026-12-01T00:00:00+00:00"
            op = "delete" if kind == "delete" else "update"
            if world.push(desk, "booking", new, op).status == "accepted":
                desk.bookings[booking_id] = new
                if new["status"] == "cancelled":
                    del desk.bookings[booking_id]
        elif kind == "channel":
            request = ChannelBookingRequest(
                request_id=uuid7(), slot_id=the_slot, resident_name="王五", phone="13900139000"
            )
            saturday.book_through_channel(world.database, world.channel, request)
        elif kind == "capacity":
            payload = _slot_payload(world.center_id, slot_n, number)
            answer = world.push(desk, "saturday_slot", payload, "update")
            if answer.status == "accepted":
                world.capacity[the_slot] = number
            else:
                assert answer.reason.code in ("capacity_below_taken", "token_invalid")
        elif kind == "revoke":
            admin.revoke_device(world.database, desk.auth.device_id)
    except ApiError as refused:
        # a full slot for the channel, a revoked desk: refused whole, nothing changed
        assert refused.status in (401, 409), refused.body


STEPS = st.tuples(
    st.sampled_from(
        [
            *("grant", "grant", "return", "book", "book", "book", "cancel", "move"),
            *("delete", "channel", "capacity", "capacity", "revoke"),
        ]
    ),
    st.integers(0, DESKS - 1),
    st.integers(0, SLOTS - 1),
    st.integers(1, 8),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(steps=st.lists(STEPS, min_size=1, max_size=40))
def test_places_always_add_up(database: DistrictDatabase, steps: list[tuple[Any, ...]]) -> None:
    world = _world(database)
    _check(world)
    for step in steps:
        _apply(world, step)
        _check(world)
