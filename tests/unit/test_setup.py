"""First-run set-up of a real center, the demo center, and the catalog import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from db.models import (
    AuditEvent,
    Booking,
    Center,
    ChangeLogEntry,
    Resident,
    ServiceItem,
    Staff,
    Visit,
)
from desktop import auth, demo
from desktop.bootstrap import Startup, desk_context, is_set_up, start
from desktop.catalog import import_catalog, list_service_items, load_default_catalog
from desktop.context import DeskContext
from desktop.demo import open_demo_center
from desktop.errors import UserError, ValidationError
from desktop.paths import DataPaths
from desktop.resident_search import search_residents
from desktop.saturday.calendar import next_saturday
from desktop.saturday.screens import day_overview
from desktop.setup import CenterSetup, set_up_center
from desktop.validation import check_id_number, check_phone
from desktop.visits import list_visits
from tests.conftest import Desk


@pytest.fixture
def startup(tmp_path: Path, fast_passwords: None, no_keyring: None) -> Startup:
    return start(DataPaths(tmp_path / "desk"))


def _count(ctx: DeskContext, model: type[object], *where: object) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


def test_the_desk_fixture_is_set_up(desk: Desk) -> None:
    assert is_set_up(desk.startup)
    assert desk.admin.is_admin
    assert desk.ctx.desk_slot == 1
    assert desk.ctx.timezone == "Asia/Shanghai"
    items = list_service_items(desk.ctx)
    assert len(items) == len(load_default_catalog()["items"])
    assert {i.line_code for i in items} == set("ABCDEF")
    assert all(i.saturday for i in list_service_items(desk.ctx, saturday_only=True))


def test_set_up_validates_every_field(startup: Startup) -> None:
    wrong = CenterSetup(
        center_name="",
        address="x" * 201,
        hotline="热线",
        admin_username="管理员",
        admin_display_name="",
        admin_password="1234",
        desk_slot=12,
    )
    with pytest.raises(ValidationError) as errors:
        set_up_center(startup, wrong)
    assert {f: m.code for f, m in errors.value.fields.items()} == {
        "center_name": "field.required",
        "address": "field.too_long",
        "hotline": "setup.hotline_format",
        "admin_username": "auth.username_format",
        "admin_display_name": "field.required",
        "admin_password": "auth.password_too_short",
        "desk_slot": "setup.desk_slot_range",
    }
    assert not is_set_up(startup)
    startup.db.dispose()


def test_set_up_a_real_center(startup: Startup) -> None:
    form = CenterSetup(
        center_name="  幸福社区党群服务中心 ",
        address="幸福路 8 号",
        hotline="023-6868 1234",
        admin_username="Zhang.Wei",
        admin_display_name="张伟",
        admin_password="long enough",
        desk_slot=2,
    )
    ctx = set_up_center(startup, form)
    assert ctx.desk_slot == 2 and startup.settings.get("desk_slot") == 2
    assert auth.sign_in(ctx, "zhang.wei", "long enough").role == "center_admin"
    assert _count(ctx, ChangeLogEntry, ChangeLogEntry.entity == "center") == 1
    assert _count(ctx, AuditEvent, AuditEvent.action == "staff_created") == 1
    with pytest.raises(UserError) as twice:
        set_up_center(startup, form)
    assert twice.value.message.code == "setup.already_done"
    assert twice.value.message.params == {"center": "幸福社区党群服务中心"}
    with pytest.raises(UserError):
        open_demo_center(startup)  # a real center is never mixed with demo data
    startup.db.dispose()


def test_catalog_import_is_idempotent_and_checked(desk: Desk) -> None:
    ctx = desk.ctx
    before = _count(ctx, ChangeLogEntry)
    with ctx.db.write() as session:
        assert import_catalog(session, ctx.center_id, load_default_catalog()) == 0
    assert _count(ctx, ChangeLogEntry) == before  # nothing rewritten
    extra = {
        "lines": [{"code": "G", "name": "文体活动", "name_en": "Culture and sport"}],
        "items": [{"line": "G", "name": "乒乓球室预约", "category": "shared", "saturday": True}],
    }
    with ctx.db.write() as session:
        assert import_catalog(session, ctx.center_id, extra) == 1
    assert any(i.name == "乒乓球室预约" for i in list_service_items(ctx, saturday_only=True))
    broken = {"lines": [], "items": [{"line": "Z", "name": "无主事项", "category": "public"}]}
    with pytest.raises(UserError) as invalid, ctx.db.write() as session:
        import_catalog(session, ctx.center_id, broken)
    assert invalid.value.message.code == "catalog.invalid"
    assert _count(ctx, ServiceItem, ServiceItem.name == "无主事项") == 0


def test_demo_residents_are_fake_but_valid() -> None:
    drafts = demo.resident_drafts()
    assert len(drafts) == 200
    assert [d.name for d in drafts[:3]] == ["张三", "李四", "王五"]
    assert len({d.phone for d in drafts}) == 200
    assert all(d.phone.startswith("1700000") and check_phone(d.phone) is None for d in drafts)
    ids = [d.id_number for d in drafts if d.id_number]
    assert 120 < len(ids) < 200 and len(set(ids)) == len(ids)
    today = dt.date(2026, 3, 1)
    for id_number in ids:
        assert check_id_number(id_number, today=today) is None
        assert id_number[:6] in demo.REGIONS
        assert 1938 <= int(id_number[6:10]) <= 2004
    assert demo.resident_drafts() == drafts  # the same on every run


@pytest.mark.parametrize(
    ("local_now", "day"),
    [
        ("2026-12-02 03:10", "2026-12-01"),  # the middle of the night: yesterday's morning
        ("2026-12-02 08:50", "2026-12-01"),  # just opened: nothing today yet
        ("2026-12-02 10:05", "2026-12-02"),
        ("2026-12-02 21:40", "2026-12-02"),  # after closing: the day's visits, none late
    ],
)
def test_demo_visits_arrive_within_opening_hours(local_now: str, day: str) -> None:
    now = dt.datetime.fromisoformat(local_now).replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    moments = demo.demo_moments(now, 9)
    assert len(moments) == 9 and moments == sorted(moments)
    assert {m.date().isoformat() for m in moments} == {day}
    assert all(demo.DEMO_OPENS <= m.time() <= demo.DEMO_CLOSES and m <= now for m in moments)


def test_demo_center(startup: Startup) -> None:
    ctx = open_demo_center(startup)
    with ctx.db.read() as session:
        names = set(session.scalars(select(Staff.username)))
    assert names == {"admin", "qiantai", "zhiban"}
    for username in names:
        auth.sign_in(ctx, username, demo.DEMO_PASSWORD)
    assert _count(ctx, Resident) == demo.DEMO_RESIDENTS
    front_desk = auth.sign_in(ctx, "qiantai", demo.DEMO_PASSWORD)
    assert [r.name for r in search_residents(ctx, front_desk, "zs")][:1] == ["张三"]
    # the demo morning: today once the desk has been open a while, else the day before
    morning = demo.demo_moments(ctx.local_now(), 1)[0].date()
    today = list_visits(ctx, auth.sign_in(ctx, "qiantai", demo.DEMO_PASSWORD), morning)
    assert {v.status for v in today} == {"waiting", "serving", "closed"}
    outcomes = {r.outcome for v in today for r in v.requests}
    assert outcomes == {None, "done", "referred", "booked", "follow_up"}
    assert any(v.satisfaction for v in today)
    assert len({v.queue_number for v in today}) == len(today)
    assert all(v.arrived_at <= ctx.now() for v in today)

    saturday = next_saturday(ctx.today() + dt.timedelta(days=1))
    overview = day_overview(ctx, saturday)
    assert len(overview.on_duty) == 2 and sum(s.capacity for s in overview.slots) > 0
    booked = _count(ctx, Booking)
    assert 0 < booked <= 6 and sum(s.booked for s in overview.slots) == booked

    again = open_demo_center(startup)  # opening the demo twice duplicates nothing
    assert again.center_id == ctx.center_id
    assert _count(ctx, Resident) == demo.DEMO_RESIDENTS
    assert _count(ctx, Visit) == len(today)
    assert _count(ctx, Booking) == booked
    assert desk_context(startup).center_id == ctx.center_id
    startup.db.dispose()


def test_create_center_refuses_a_folder_that_holds_a_center(desk: Desk) -> None:
    from desktop.setup import create_center

    with pytest.raises(UserError) as refused:
        create_center(
            desk.startup, name="第二个中心", address="", hotline="", desk_slot=1, staff=[]
        )
    assert refused.value.message.code == "setup.already_done"
    assert refused.value.message.params["center"] == "测试社区党群服务中心"
    with desk.ctx.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Center)) == 1
