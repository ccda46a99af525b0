"""Residents and Saturday services say a locked database in words, as visits do."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

import db.sqlite_engine
from db.engine import Database
from desktop.context import DeskContext
from desktop.errors import UserError
from desktop.residents import ResidentDraft, create_resident
from desktop.saturday import bookings, roster, screens
from tests.conftest import Desk
from tests.unit.saturday_fixtures import SATURDAY, make_saturday_desk


@pytest.mark.parametrize("service", ["create_resident", "book", "set_roster"])
def test_a_locked_database_is_said_in_words(
    desk: Desk, service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    saturday = make_saturday_desk(desk, residents=1)
    slot = screens.day_overview(desk.ctx, SATURDAY).slots[0]
    calls: dict[str, Callable[[DeskContext], Any]] = {
        "create_resident": lambda ctx: create_resident(
            ctx, desk.admin, ResidentDraft(name="孙八", phone="13700000000")
        ),
        "book": lambda ctx: bookings.book(ctx, desk.admin, slot.id, saturday.residents[0]),
        "set_roster": lambda ctx: roster.set_roster(ctx, desk.admin, SATURDAY, [desk.admin.id]),
    }
    monkeypatch.setattr(db.sqlite_engine, "BUSY_TIMEOUT_MS", 100)
    impatient = replace(desk.ctx, db=Database.open(desk.ctx.paths.database))
    other_program = sqlite3.connect(desk.ctx.paths.database, isolation_level=None)
    other_program.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError) as said:
            calls[service](impatient)
        assert said.value.message.code == "db.locked"
    finally:
        other_program.execute("ROLLBACK")
        other_program.close()
        impatient.db.dispose()
