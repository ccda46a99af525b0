"""Search puts the person meant first: common readings before rare ones, before the cut."""

from __future__ import annotations

import datetime as dt

from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.resident_search import search_residents
from desktop.residents import ResidentDraft, create_resident
from desktop.validation import id_check_char
from desktop.visits import RequestDraft, register_visit
from tests.conftest import Desk


def _people(ctx: DeskContext, staff: StaffIdentity, names: list[str]) -> None:
    for n, name in enumerate(names):
        create_resident(ctx, staff, ResidentDraft(name=name, phone=f"1390000{n:04d}"))


def test_rare_surname_readings_no_longer_match(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    _people(bare_ctx, bare_staff, ["陶盖", "谭刚", "余刚", "吴刚", "汤国"])
    found = [r.name for r in search_residents(bare_ctx, bare_staff, "tg")]
    assert found == ["谭刚", "汤国", "陶盖"]  # 余 tu / 吴 tun are nobody's reading


def test_a_match_on_the_common_reading_ranks_before_a_rare_one(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    _people(bare_ctx, bare_staff, ["张乐", "张阳", "单明", "曾华"])
    assert [r.name for r in search_residents(bare_ctx, bare_staff, "zy")] == ["张阳", "张乐"]
    assert [r.name for r in search_residents(bare_ctx, bare_staff, "shanming")] == [
        "单明"
    ]  # surname table
    assert [r.name for r in search_residents(bare_ctx, bare_staff, "zenghua")] == ["曾华"]


def test_ranking_happens_before_the_cut(bare_ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    # ten people whose only match for "zy" is the rare reading of 乐, made first
    _people(bare_ctx, bare_staff, [f"张乐{c}" for c in "一二三四五六七八九十"] + ["张阳"])
    assert search_residents(bare_ctx, bare_staff, "zy", limit=5)[0].name == "张阳"


def test_within_a_tier_recent_visitors_come_first_latest_first(desk: Desk) -> None:
    ctx, staff = desk.ctx, desk.admin
    _people(ctx, staff, ["张安", "张北", "张春", "张丹"])
    ids = {r.name: r.id for r in search_residents(ctx, staff, "张")}
    item = list_service_items(ctx)[0].id
    clock = ctx.clock
    for name, days_ago in (("张丹", 40), ("张春", 3), ("张北", 400)):
        ctx.clock = lambda days=days_ago: clock() - dt.timedelta(days=days)
        register_visit(ctx, staff, ids[name], [RequestDraft(item)])
    ctx.clock = clock
    # 张春 came 3 days ago, 张丹 40 days ago; 张北's visit is over half a year old
    assert [r.name for r in search_residents(ctx, staff, "z")] == ["张春", "张丹", "张安", "张北"]
    # a recent visit never lifts anyone above a better tier
    assert [r.name for r in search_residents(ctx, staff, "zhangan")] == ["张安"]


def test_each_result_says_which_field_a_number_matched(desk: Desk) -> None:
    ctx, staff = desk.ctx, desk.admin
    create_resident(ctx, staff, ResidentDraft(name="王五", phone="13912345678"))
    # an ID number ending in the same four digits (check digit valid)
    create_resident(
        ctx, staff, ResidentDraft("李四", phone="13800000000", id_number=id_number_ending("5678"))
    )
    found = search_residents(ctx, staff, "5678")
    assert [(r.name, r.matched) for r in found] == [("王五", "phone_tail"), ("李四", "id_tail")]
    assert [r.matched for r in search_residents(ctx, staff, "13912345678")] == ["phone"]
    assert [r.matched for r in search_residents(ctx, staff, "王")] == [""]


def id_number_ending(tail: str) -> str:
    """A valid GB 11643 number (Beijing, born in 1990) whose last four characters are ``tail``."""
    for day in range(365):
        birth = dt.date(1990, 1, 1) + dt.timedelta(days=day)
        first17 = f"110105{birth:%Y%m%d}{tail[:3]}"
        if id_check_char(first17) == tail[3]:
            return first17 + tail[3]
    raise AssertionError("no birth date in 1990 gives that check character")
