"""Helpers for backup tests: a desk with residents and visits, a clock to move, damage."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from pathlib import Path

from desktop.catalog import list_service_items
from desktop.residents import ResidentDraft, create_resident
from desktop.visits import RequestDraft, register_visit
from tests.conftest import Desk

_PEOPLE = itertools.count()
START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # Monday 09:00 in Shanghai


class MovableClock:
    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def fill(desk: Desk, residents: int = 5, visits_each: int = 2) -> list[str]:
    """Residents with phones (encrypted at rest) and their visits; returns the visit ids."""
    item = list_service_items(desk.ctx)[0].id
    visits = []
    for _ in range(residents):
        n = next(_PEOPLE)
        resident = create_resident(
            desk.ctx, desk.admin, ResidentDraft(name=f"张{n}", phone=f"1391234{n % 10000:04d}")
        )
        for _ in range(visits_each):
            visit = register_visit(desk.ctx, desk.admin, resident.id, [RequestDraft(item)])
            visits.append(visit.id)
    return visits


def corrupt_an_index(database: Path) -> None:
    """Damage one page of an index so that ``PRAGMA integrity_check`` fails while the
    database still opens (the damage a failing disk does)."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'index'"
        " AND tbl_name = 'resident_search_term' ORDER BY rootpage LIMIT 1"
    ).fetchone()[0]
    conn.close()
    with open(database, "r+b") as handle:
        offset = (root - 1) * page_size
        handle.seek(offset + page_size - 40)
        handle.write(b"\xff" * 24)
