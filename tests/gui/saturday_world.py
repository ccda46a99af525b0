"""A center's December of Saturdays as the desk would see it, for the F5 screens: the demo's
two sessions and six Saturday services, a rotating roster, one Saturday busy, one shortened
and nearly full, one a make-up working day (调休) and one closed."""

from __future__ import annotations

import datetime as dt
import itertools

from desktop import auth, residents
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.residents import ResidentDraft
from desktop.saturday import bookings, roster, screens, setup
from desktop.saturday.calendar import OpeningHours

WEDNESDAY = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
BUSY = dt.date(2026, 12, 5)
SHORT = dt.date(2026, 12, 12)
WORKDAY = dt.date(2026, 12, 19)
CLOSED = dt.date(2026, 12, 26)
SESSIONS = [OpeningHours("09:00", "12:00", 30), OpeningHours("14:00", "17:00", 30)]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"


def december_of_saturdays(ctx: DeskContext, admin: StaffIdentity, people: int = 24) -> list[str]:
    """Set the center up and book; returns the Saturday services' ids in the order shown."""
    ctx.clock = lambda: WEDNESDAY
    worker = auth.create_staff(ctx, admin, "zhiban", "值班老王", "on_duty", "duty-pass-9")
    items = [item.id for item in list_service_items(ctx, saturday_only=True)[:6]]
    setup.save_sessions(ctx, admin, SESSIONS)
    setup.save_services(ctx, admin, {item: 1 for item in items})
    roster.rotate(ctx, admin, [admin.id, worker.id], BUSY, 8, 1)
    roster.set_roster(ctx, admin, BUSY, [admin.id, worker.id])
    setup.set_exception(ctx, admin, SHORT, "short_hours", "09:00", "10:00", "社区活动")
    setup.set_exception(ctx, admin, WORKDAY, "workday", note="调休上班")
    setup.set_exception(ctx, admin, CLOSED, "closed", note="设备检修")
    ids = [
        residents.create_resident(
            ctx, admin, ResidentDraft(name=f"{SURNAMES[n % 16]}小{n}", phone=f"1390000{n:04d}")
        ).id
        for n in range(people)
    ]
    busy = [s for s in screens.day_overview(ctx, BUSY).slots if s.capacity]
    short = [s for s in screens.day_overview(ctx, SHORT).slots if s.capacity]
    person = itertools.cycle(ids)
    for n, slot in enumerate(busy):  # some slots full, some half, some free: about half
        for _ in range(min((n * 5 + n // 6) % 3, slot.capacity)):
            _book(ctx, admin, slot.id, person)
    for slot in short[:-1]:
        _book(ctx, admin, slot.id, person)
    return items


def _book(
    ctx: DeskContext, admin: StaffIdentity, slot_id: str, person: itertools.cycle[str]
) -> None:
    for _ in range(16):
        try:
            bookings.book(ctx, admin, slot_id, next(person))
            return
        except bookings.SlotFullError:
            return
        except Exception:  # this resident already holds a place of the service: the next one
            continue
