"""Search keys of residents and what typed queries mean; search as you type end to end."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.context import DeskContext, StaffIdentity
from desktop.resident_search import search_residents
from desktop.residents import ResidentDraft, create_resident
from desktop.search_terms import (
    ID_LAST4,
    INITIALS,
    NAME,
    PHONE_LAST4,
    PINYIN,
    TERM_MAX,
    TermRange,
    pinyin_variants,
    plan_query,
    resident_terms,
)

# ------------------------------------------------------------------ terms of a resident


def test_terms_of_a_plain_name() -> None:
    assert resident_terms("张三", "13812345678", "11010519491231002X") == [
        "n:张三",
        "p:zhangsan",
        "i:zs",
        "t:5678",
        "d:002X",
    ]


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        ("曾小明", {"p:zengxiaoming", "p:cengxiaoming", "i:zxm", "i:cxm"}),
        ("单田芳", {"p:shantianfang", "p:dantianfang", "i:stf", "i:dtf"}),
        ("解晓东", {"p:xiexiaodong", "p:jiexiaodong"}),
        ("仇英", {"p:qiuying", "p:chouying"}),
        ("区志强", {"p:ouzhiqiang"}),
        ("欧阳娜娜", {"p:ouyangnana", "i:oynn"}),
        ("尉迟恭", {"p:yuchigong", "i:ycg"}),
        ("长孙无忌", {"p:zhangsunwuji"}),
        ("吕芳", {"p:lvfang", "p:lufang"}),
    ],
)
def test_surnames_with_several_readings_get_each(name: str, wanted: set[str]) -> None:
    assert wanted <= set(resident_terms(name))


def test_usual_reading_comes_first() -> None:
    assert pinyin_variants("曾小明")[0] == ("zeng", "xiao", "ming")
    assert pinyin_variants("单田芳")[0] == ("shan", "tian", "fang")


def test_variants_are_bounded() -> None:
    terms = resident_terms("阿卜杜拉·买买提")
    assert "p:abudulamaimaiti" in terms or "p:abodulamaimaiti" in terms
    assert len(pinyin_variants("和和和和和和和和和和")) <= 6


def test_mixed_latin_name_and_long_names() -> None:
    assert {"p:litom", "i:lt"} <= set(resident_terms("李 Tom"))
    assert all(len(t) <= TERM_MAX for t in resident_terms("张" * 40))


def test_no_phone_or_id_gives_no_last4_terms() -> None:
    kinds = {t.split(":")[0] for t in resident_terms("王五")}
    assert kinds == {NAME, PINYIN, INITIALS}


# ------------------------------------------------------------------ query classification


def test_chinese_is_a_name_prefix() -> None:
    plan = plan_query(" 张 三 ")
    assert plan.ranges == (TermRange.prefix(NAME, "张三"),)
    assert plan.ranges[0].low == "n:张三"
    assert plan.ranges[0].high > "n:张三丰" and plan.ranges[0].high <= "n:张上"


def test_letters_are_initials_or_pinyin() -> None:
    plan = plan_query("ZhangSan")
    assert plan.ranges == (
        TermRange.prefix(INITIALS, "zhangsan"),
        TermRange.prefix(PINYIN, "zhangsan"),
    )
    assert plan_query("xi'an").ranges[1].low == "p:xian"


def test_four_digits_are_phone_or_id_tail() -> None:
    assert plan_query("5678").ranges == (
        TermRange.prefix(PHONE_LAST4, "5678"),
        TermRange.prefix(ID_LAST4, "5678"),
    )
    assert plan_query("002x").ranges == (TermRange.prefix(ID_LAST4, "002X"),)


def test_full_phone_and_id_go_through_the_hash() -> None:
    assert plan_query("138 1234 5678").phone_key == "13812345678"
    assert plan_query("+8613812345678").phone_key == "13812345678"
    assert plan_query("023-12345678").phone_key == "02312345678"
    assert plan_query("11010519491231002x").id_number == "11010519491231002X"
    assert plan_query("11010519491231002x").ranges == ()


@pytest.mark.parametrize("text", ["", "   ", "12", "123456", "张!", "a1", "1381234567"])
def test_nothing_useful_typed_gives_an_empty_plan_or_a_name(text: str) -> None:
    plan = plan_query(text)
    assert plan.is_empty or plan.kinds == (NAME,)


@given(st.text(max_size=30))
def test_any_text_gives_a_plan_without_error(text: str) -> None:
    plan = plan_query(text)
    for term_range in plan.ranges:
        assert term_range.low < term_range.high


@settings(max_examples=60)
@given(st.text(alphabet="张王李赵曾单欧阳长和乐吕", min_size=1, max_size=4))
def test_each_key_of_a_name_is_found_by_its_own_prefixes(name: str) -> None:
    for key in resident_terms(name):
        value = key.split(":", 1)[1]
        plan = plan_query(value[:2])
        assert any(r.low <= key < r.high for r in plan.ranges)


# ------------------------------------------------------------------ search end to end

PEOPLE = [
    ("张三", "13812345678", "11010519491231002X"),
    ("张三丰", "13900001111", ""),
    ("张珊", "02312340000", ""),
    ("曾小明", "13700005678", ""),
    ("单田芳", "13600002222", "110101199003074477"),
    ("李四", "13500003333", ""),
]


@pytest.fixture
def people(bare_ctx: DeskContext, bare_staff: StaffIdentity) -> dict[str, str]:
    ids = {}
    for name, phone, id_number in PEOPLE:
        draft = ResidentDraft(name=name, phone=phone, id_number=id_number, estate="幸福里小区")
        ids[name] = create_resident(bare_ctx, bare_staff, draft).id
    return ids


def names(ctx: DeskContext, staff: StaffIdentity, query: str, limit: int = 20) -> list[str]:
    return [r.name for r in search_residents(ctx, staff, query, limit)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张", ["张三", "张三丰", "张珊"]),
        ("张三", ["张三", "张三丰"]),
        ("zs", ["张三", "张珊", "张三丰"]),  # exact initials first, then pinyin order
        ("zhangsan", ["张三", "张三丰"]),
        ("zhangs", ["张三", "张三丰", "张珊"]),
        ("zhangshan", ["张珊"]),
        ("zeng", ["曾小明"]),
        ("ceng", ["曾小明"]),
        ("shantf", []),
        ("stf", ["单田芳"]),
        ("dantianfang", ["单田芳"]),
        ("5678", ["张三", "曾小明"]),
        ("4477", ["单田芳"]),
        ("002x", ["张三"]),
        ("13812345678", ["张三"]),
        ("138-1234-5678", ["张三"]),
        ("023-12340000", ["张珊"]),
        ("12340000", []),  # a local number is not the same as one with area code
        ("11010519491231002x", ["张三"]),
        ("wang", []),
        ("", []),
    ],
)
def test_search_as_you_type(
    bare_ctx: DeskContext,
    bare_staff: StaffIdentity,
    people: dict[str, str],
    query: str,
    expected: list[str],
) -> None:
    assert names(bare_ctx, bare_staff, query) == expected


def test_results_are_masked_and_limited(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, people: dict[str, str]
) -> None:
    results = search_residents(bare_ctx, bare_staff, "zs", limit=2)
    assert len(results) == 2
    first = results[0]
    assert first.phone_masked == "138****5678"
    assert first.id_masked == "110***********002X"
    assert first.address == "幸福里小区"


def test_tombstoned_and_other_centers_residents_are_not_found(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, people: dict[str, str]
) -> None:
    from db.models import Center, Resident, ResidentSearchTerm

    with bare_ctx.db.write() as session:
        resident = session.get(Resident, people["张三"])
        assert resident is not None
        resident.mark_deleted()
        other = Center(name="另一个中心")
        session.add(other)
        session.flush()
        session.add(
            ResidentSearchTerm(center_id=other.id, resident_id=people["李四"], term="n:张x")
        )
    assert names(bare_ctx, bare_staff, "张") == ["张三丰", "张珊"]
    assert names(bare_ctx, bare_staff, "13812345678") == []
