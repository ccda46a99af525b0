"""Finding a service item by Chinese, pinyin initials, full pinyin or English."""

from __future__ import annotations

from desktop.catalog import ServiceItemInfo
from desktop.service_item_search import ServiceItemIndex


def item(item_id: str, name: str, name_en: str) -> ServiceItemInfo:
    return ServiceItemInfo(
        item_id, "C", "民政救助", "Civil affairs", name, name_en, "public", False, ""
    )


INDEX = ServiceItemIndex(
    [
        item("1", "临时救助申请", "Temporary assistance application"),
        item("2", "低保申请受理", "Minimum living allowance application"),
        item("3", "助餐服务登记（爱心小饭桌）", "Community meal registration"),
    ]
)


def names(query: str) -> list[str]:
    return [found.name for found in INDEX.match(query)]


def test_pinyin_initials_and_full_pinyin_find_the_item_first() -> None:
    assert names("db")[0] == "低保申请受理"
    assert names("dibao")[0] == "低保申请受理"
    assert names("DBSQ") == ["低保申请受理"]


def test_chinese_prefix_ranks_before_contained_text() -> None:
    assert names("申请") == ["临时救助申请", "低保申请受理"]
    assert names("助")[0] == "助餐服务登记（爱心小饭桌）"
    assert names("饭桌") == ["助餐服务登记（爱心小饭桌）"]


def test_english_and_empty_queries() -> None:
    assert names("meal") == ["助餐服务登记（爱心小饭桌）"]
    assert len(INDEX.match("")) == 3
    assert INDEX.match("zzzz") == []
    assert INDEX.by_id("2") is not None and INDEX.by_id("9") is None
