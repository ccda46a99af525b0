"""Names: emoji and symbols refused in words; every CJK character accepted, rare ones beyond
the BMP (𠮷 U+20BB7) included, stored, found by search and printed with their glyph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.context import DeskContext, StaffIdentity
from desktop.errors import ValidationError
from desktop.i18n import Translator
from desktop.resident_search import search_residents
from desktop.residents import ResidentDraft, create_resident, get_resident
from desktop.slips.content import CenterHeader, QueueTicket, SlipMeta
from desktop.slips.fonts import printable
from desktop.slips.paper import paper
from desktop.slips.render import render_slip
from protocol.masking import mask_name
from tests.unit.slip_helpers import pdf_fonts, pdf_text

RARE = "\U00020bb7田"  # 𠮷田
# Names whose characters the main font lacks, from the sets the fallback is cut to: the
# 通用规范汉字表 beyond the BMP (Extensions C and E), Extension A, Hong Kong's HKSCS.
NAMED_RARE = ["赵孟\U0002b5af", "王\U0002c029", "刘\u4dae", "陈\U00020c8d"]


@pytest.mark.parametrize("name", ["张三😀", "王☆明", "李\u0007四", "赵⊕"])
def test_emoji_and_symbols_are_refused_naming_the_character(name: str) -> None:
    from desktop.residents import validate_resident

    with pytest.raises(ValidationError) as refused:
        validate_resident(ResidentDraft(name=name, phone="13812345678"))
    message = refused.value.fields["name"]
    assert message.code == "resident.name.symbol"
    said = Translator("zh_CN").message(message)
    assert message.params["char"] in said and "生僻字" in said


@pytest.mark.parametrize("name", [RARE, "阿卜杜·热合曼", "䶮", "𪚥", "Mary-Jane"])
def test_every_cjk_character_and_name_punctuation_is_accepted(name: str) -> None:
    from desktop.residents import validate_resident

    validate_resident(ResidentDraft(name=name, phone="13812345678"))


def test_a_rare_name_is_stored_found_and_printed_with_its_glyph(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, tmp_path: Path
) -> None:
    made = create_resident(bare_ctx, bare_staff, ResidentDraft(name=RARE, phone="13812345678"))
    assert get_resident(bare_ctx, bare_staff, made.id).name == RARE
    for query in (RARE, "\U00020bb7", "5678"):
        assert [r.name for r in search_residents(bare_ctx, bare_staff, query)] == [RARE], query

    assert printable(RARE) == RARE  # the fallback font has it: no box
    now = dt.datetime(2026, 12, 2, 9, 30)
    ticket = QueueTicket(
        CenterHeader(f"{RARE}村党群服务中心", "幸福路 8 号", "023-12345678"),
        SlipMeta("Q202612021001", 1, now),
        "A012",
        ("社保卡补办",),
        now,
        3,
        mask_name(RARE),
    )
    pdf = render_slip(ticket, paper("80mm"))
    names = " ".join(row[0] for row in pdf_fonts(pdf, tmp_path))
    assert "BabelStoneHan" in names and "WenQuanYiMicroHei" in names  # both embedded
    text = pdf_text(pdf, tmp_path)
    assert f"{RARE}村" in text and mask_name(RARE) in text and "□" not in text


@pytest.mark.parametrize("name", [RARE, *NAMED_RARE])
def test_name_characters_beyond_the_main_font_print_with_their_glyph(
    name: str, tmp_path: Path
) -> None:
    assert printable(name) == name
    now = dt.datetime(2026, 12, 2, 9, 30)
    ticket = QueueTicket(
        CenterHeader("幸福路党群服务中心", "幸福路 8 号", "023-12345678"),
        SlipMeta("Q202612021002", 1, now),
        "A013",
        (name,),
        now,
        3,
        name,
    )
    text = pdf_text(render_slip(ticket, paper("80mm")), tmp_path)
    assert name in text and "□" not in text


def test_a_dictionary_only_character_is_accepted_and_prints_as_a_box() -> None:
    """𪚥 (U+2A6A5, Hanyu Da Zidian only, in no name set) is not in the shipped cut."""
    assert printable("张\U0002a6a5") == "张□"
