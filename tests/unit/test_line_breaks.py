"""Where a line of Chinese may end well: the breaks slips and screen labels share."""

from __future__ import annotations

import pytest

from desktop.line_breaks import allowed_breaks, sensible_breaks


def _cut(text: str) -> list[str]:
    return [f"{text[:i]}|{text[i:]}" for i in sensible_breaks(text)]


@pytest.mark.parametrize(
    ("name", "cuts"),
    [
        ("居住证明开具", ["居住证明|开具"]),
        ("老年人优待证办理", ["老年人优待证|办理"]),
        ("就业指导", ["就业|指导"]),
        ("心理疏导", ["心理|疏导"]),
        ("义诊", []),  # too short to break
        (
            "助餐服务登记（爱心小饭桌）",
            [
                "助餐服务|登记（爱心小饭桌）",
                "助餐服务登记|（爱心小饭桌）",
                "助餐服务登记（爱心小|饭桌）",
            ],
        ),
        ("法律咨询，律师", ["法律|咨询，律师", "法律咨询，|律师"]),
        ("社保卡Wi-Fi帮助", ["社保卡|Wi-Fi帮助", "社保卡Wi-Fi|帮助"]),
        ("Senior citizen card", ["Senior |citizen card", "Senior citizen |card"]),
    ],
)
def test_breaks_fall_between_words_never_inside_one(name: str, cuts: list[str]) -> None:
    assert _cut(name) == cuts


def test_no_line_starts_with_closing_punctuation() -> None:
    for text in ("登记服务，咨询", "老年人优待证。办理", "办理（急）！"):
        assert all(text[i] not in "，。！）" for i in sensible_breaks(text)), text


def test_where_no_break_reads_well_chinese_breaks_anywhere_latin_words_stay_whole() -> None:
    text = "证明Wi-Fi，办"
    assert [f"{text[:i]}|{text[i:]}" for i in allowed_breaks(text)] == [
        "证|明Wi-Fi，办",
        "证明|Wi-Fi，办",
        "证明Wi-Fi，|办",
    ]
