"""Search puts the person meant first: common readings before rare ones, before the cut."""

from __future__ import annotations

from desktop.context import DeskContext, StaffIdentity
from desktop.residents import ResidentDraft, create_resident, search_residents


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
