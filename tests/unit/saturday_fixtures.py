"""A desk with Saturdays set up: one morning session, two services, two workers on duty."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop import auth
from desktop.catalog import list_service_items
from desktop.context import StaffIdentity
from desktop.residents import ResidentDraft, create_resident
from desktop.saturday import roster, setup
from desktop.saturday.calendar import OpeningHours
from tests.conftest import Desk

WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
SATURDAY = dt.date(2026, 11, 28)


@dataclass
class SaturdayDesk:
    desk: Desk
    worker: StaffIdentity
    item: str  # offered, 1 case per worker per slot
    other_item: str  # offered, 2 cases per worker per slot
    residents: list[str]

    def at(self, moment: dt.datetime) -> None:
        self.desk.ctx.clock = lambda: moment


def make_saturday_desk(desk: Desk, residents: int = 8) -> SaturdayDesk:
    desk.ctx.clock = lambda: WEDNESDAY_MORNING
    auth.create_staff(desk.ctx, desk.admin, "zhiban", "值班老王", "on_duty", "duty-pass-9")
    worker = auth.sign_in(desk.ctx, "zhiban", "duty-pass-9")
    items = [i.id for i in list_service_items(desk.ctx)]
    setup.save_sessions(desk.ctx, desk.admin, [OpeningHours("09:00", "12:00", 30)])
    setup.save_services(desk.ctx, desk.admin, {items[0]: 1, items[1]: 2})
    roster.set_roster(desk.ctx, desk.admin, SATURDAY, [desk.admin.id, worker.id])
    ids = [
        create_resident(
            desk.ctx, desk.admin, ResidentDraft(name=f"居民{n}", phone=f"1390000{n:04d}")
        ).id
        for n in range(residents)
    ]
    return SaturdayDesk(desk, worker, items[0], items[1], ids)
