"""Joining the district's center: two desks set up apart end up naming everything alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db.base import Base
from db.models import Booking, ChangeLogEntry, Resident, SaturdaySlot
from desktop.pii import load_center_key, load_or_create_vault, store_center_key
from desktop.resident_search import search_residents
from desktop.saturday import bookings
from desktop.saturday.slots import ensure_slots, slot_id
from desktop.settings import Settings
from desktop.sync import adopt
from tests.conftest import Desk, new_desk
from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk

DISTRICT_CENTER = "01a2b3c4-0000-7000-8000-00000000c0de"
CENTER_KEY = bytes(range(32))


@pytest.fixture
def two_desks(tmp_path: Path, fast_passwords: None, no_keyring: None) -> Iterator[list[Desk]]:
    desks = [new_desk(tmp_path / f"desk-{n}") for n in (1, 2)]
    yield desks
    for made in desks:
        made.startup.db.dispose()


def _connect(desk: Desk) -> None:
    """What enrolment records before it adopts the center."""
    settings = Settings(desk.ctx.db)
    with desk.ctx.db.write() as session:
        settings.set_in(session, "sync.server_url", "https://qu.example.cn")
        settings.set_in(session, "sync.center_id", DISTRICT_CENTER)


def _ids_everywhere(desk: Desk, value: str) -> list[str]:
    """Every table.column (id-like) still holding ``value``."""
    found = []
    with desk.ctx.db.read() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.c:
                if column.name == "id" or column.name.endswith("_id"):
                    hit = session.execute(select(column).where(column == value).limit(1)).first()
                    if hit is not None:
                        found.append(f"{table.name}.{column.name}")
    return found


def test_a_desk_takes_the_centers_id_and_key_and_loses_nothing(desk: Desk) -> None:
    saturday = make_saturday_desk(desk, residents=3)
    with desk.ctx.db.write() as session:
        slot = ensure_slots(session, desk.ctx.center_id, SATURDAY)[0]
        slot_key = (slot.starts, slot.service_item_id)
    booked = bookings.book(desk.ctx, desk.admin, slot.id, saturday.residents[0])
    old_center = desk.ctx.center_id
    _connect(desk)

    adopt.adopt_center(desk.ctx, DISTRICT_CENTER, CENTER_KEY)

    assert desk.ctx.center_id == DISTRICT_CENTER
    assert _ids_everywhere(desk, old_center) == []
    assert not adopt.needs_adoption(desk.ctx)
    with desk.ctx.db.read() as session:
        assert session.execute(select(1).select_from(Base.metadata.tables["center"])).all()
        fk_problems = session.connection().exec_driver_sql("PRAGMA foreign_key_check").all()
        assert fk_problems == []
        booking = session.get(Booking, booked.id)
        assert booking is not None
        moved = session.get(SaturdaySlot, booking.slot_id)
        assert moved is not None
        assert moved.starts == slot_key[0] and moved.service_item_id != slot_key[1]
        assert moved.id == slot_id(DISTRICT_CENTER, SATURDAY, moved.starts, moved.service_item_id)
    # Phones were re-encrypted and re-hashed with the center's key: still found, still read.
    assert [r.id for r in search_residents(desk.ctx, desk.admin, "13900000001")] == [
        saturday.residents[1]
    ]
    assert desk.ctx.vault.fingerprint == load_or_create_vault(desk.ctx.paths, "")[0].fingerprint
    # What is still to be sent says the same as the rows.
    with desk.ctx.db.read() as session:
        unsent = session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.pushed_at.is_(None))
        ).all()
        stored = {r.id: r for r in session.scalars(select(Resident))}
    assert unsent
    for entry in unsent:
        assert old_center not in entry.payload
        payload = json.loads(entry.payload)
        if entry.entity == "resident" and entry.entity_id in stored:
            assert desk.ctx.vault.decrypt(payload["phone_cipher"]) == desk.ctx.vault.decrypt(
                stored[entry.entity_id].phone_cipher
            )


def test_two_desks_of_one_center_name_catalog_slots_and_phones_alike(
    two_desks: list[Desk],
) -> None:
    made = [make_saturday_desk(desk, residents=2) for desk in two_desks]
    for desk in two_desks:
        _connect(desk)
        adopt.adopt_center(desk.ctx, DISTRICT_CENTER, CENTER_KEY)
    slots = []
    for desk in two_desks:
        with desk.ctx.db.write() as session:
            slots.append([s.id for s in ensure_slots(session, desk.ctx.center_id, SATURDAY)])
    assert slots[0] == slots[1] and slots[0]
    first, second = (desk.ctx.vault.blind_hash("phone", "13900000001") for desk in two_desks)
    assert first == second
    with two_desks[1].ctx.db.read() as session:
        token = session.get(Resident, made[1].residents[1])
        assert token is not None
        cipher = token.phone_cipher
    assert two_desks[0].ctx.vault.decrypt(cipher) == "13900000001"


def test_an_adoption_cut_short_is_finished_at_the_next_start(desk: Desk) -> None:
    make_saturday_desk(desk, residents=1)
    _connect(desk)
    store_center_key(desk.ctx.paths, CENTER_KEY)  # the crash came before the transaction
    assert load_center_key(desk.ctx.paths) == CENTER_KEY
    assert adopt.needs_adoption(desk.ctx)
    desk.ctx.vault = load_or_create_vault(desk.ctx.paths, desk.ctx.center_id)[0]

    adopt.resume_adoption(desk.ctx)

    assert desk.ctx.center_id == DISTRICT_CENTER
    assert not adopt.needs_adoption(desk.ctx)
    assert search_residents(desk.ctx, desk.admin, "13900000000")
