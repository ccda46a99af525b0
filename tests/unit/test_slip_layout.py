"""Every slip kind on every paper: Chinese text, embedded fonts, QR codes, hard content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.slips.blocks import wrap
from desktop.slips.content import (
    BookingConfirmation,
    CenterHeader,
    DaySheet,
    DaySheetEntry,
    DaySheetSlot,
    QueueTicket,
    ReceiptLine,
    ServiceReceipt,
    SlipContent,
    SlipMeta,
)
from desktop.slips.fonts import PLACEHOLDER, printable, text_width
from desktop.slips.paper import PAPERS, paper
from desktop.slips.render import render_slip
from tests.unit.slip_helpers import pdf_fonts, pdf_page_sizes, pdf_text, qr_codes

CENTER = CenterHeader("幸福里党群服务中心", "幸福路 8 号（社区服务大厅一楼）", "023-12345678")
NOW = dt.datetime(2026, 11, 25, 10, 3)


def meta(copy: int = 1) -> SlipMeta:
    return SlipMeta("R202611251001", copy, NOW)


def receipt(lines: int = 2, name: str = "张*", copy: int = 1) -> ServiceReceipt:
    items = tuple(
        ReceiptLine(
            f"低保申请受理 {n}",
            "公事",
            "想申请低保，材料不全",
            "转办",
            "街道民政科",
            dt.date(2026, 12, 9),
        )
        for n in range(lines)
    )
    return ServiceReceipt(
        CENTER,
        meta(copy),
        "K7Q2M9XD",
        "C001",
        NOW.date(),
        NOW,
        name,
        "138****5678",
        "王小红",
        items,
    )


def ticket() -> QueueTicket:
    return QueueTicket(CENTER, meta(), "A012", ("社保卡补办",), NOW, 3, "张*")


def booking(pending: bool = True) -> BookingConfirmation:
    return BookingConfirmation(
        CENTER,
        meta(),
        "S1128-0003",
        dt.date(2026, 11, 28),
        "09:00",
        "09:30",
        "社保卡补办",
        "李*",
        "139****9000",
        pending,
        ("身份证原件", "一寸照片两张"),
    )


def day_sheet(per_slot: int = 3) -> DaySheet:
    slots = tuple(
        DaySheetSlot(
            f"{9 + h:02d}:00",
            f"{9 + h:02d}:30",
            4,
            ("王小红", "李明"),
            tuple(
                DaySheetEntry(f"S{h}{n:03d}", "赵*", "139****9000", "社保卡补办", "已确认")
                for n in range(per_slot)
            ),
        )
        for h in range(4)
    )
    return DaySheet(CENTER, meta(), dt.date(2026, 11, 28), slots)


KINDS: dict[str, SlipContent] = {
    "queue_ticket": ticket(),
    "service_receipt": receipt(),
    "booking_confirmation": booking(),
    "day_sheet": day_sheet(),
}
EXPECTED = {
    "queue_ticket": ["取号单", "A012", "前面还有 3 位在等候", "社保卡补办"],
    "service_receipt": ["办事回执", "K7Q2M9XD", "街道民政科", "2026-12-09", "非常满意"],
    "booking_confirmation": ["预约回执", "待确认", "2026-11-28 星期六", "09:00–09:30"],
    "day_sheet": ["星期六社区预约名单", "10:00–10:30", "赵*", "已确认"],
}


@pytest.mark.parametrize("size", sorted(PAPERS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_renders_on_every_paper_with_embedded_chinese(
    kind: str, size: str, tmp_path: Path
) -> None:
    pdf = render_slip(KINDS[kind], paper(size))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    flat = "".join(text.split())  # wrapped lines joined, as a reader reads them
    for expected in EXPECTED[kind]:
        assert "".join(expected.split()) in flat, (expected, text)
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all(row[-5] == "yes" and row[-4] == "yes" for row in fonts), fonts
    assert "138****5678" not in text or kind == "service_receipt"
    width = pdf_page_sizes(pdf, tmp_path)[0][0]
    assert width == pytest.approx(paper(size).width, abs=0.5)


@pytest.mark.parametrize("size", ["58mm", "80mm"])
def test_a_roll_page_is_as_tall_as_its_content(size: str, tmp_path: Path) -> None:
    short = pdf_page_sizes(render_slip(receipt(lines=1), paper(size)), tmp_path)
    long = pdf_page_sizes(render_slip(receipt(lines=12), paper(size)), tmp_path)
    assert len(short) == len(long) == 1
    assert 300 < short[0][1] < long[0][1]


def test_the_receipt_qr_code_scans_to_the_verification_code(tmp_path: Path) -> None:
    assert qr_codes(render_slip(receipt(), paper("80mm")), tmp_path) == ["K7Q2M9XD"]


def test_the_confirmation_qr_code_scans_to_the_booking_number(tmp_path: Path) -> None:
    assert qr_codes(render_slip(booking(), paper("58mm")), tmp_path) == ["S1128-0003"]


def test_reprint_is_marked_with_its_copy_number(tmp_path: Path) -> None:
    text = pdf_text(render_slip(receipt(copy=3), paper("80mm")), tmp_path)
    assert "补打（第 3 次打印）" in text
    assert "补打" not in pdf_text(render_slip(receipt(copy=1), paper("80mm")), tmp_path)


def test_confirmed_booking_prints_no_pending_notice(tmp_path: Path) -> None:
    assert "待确认" not in pdf_text(render_slip(booking(pending=False), paper("80mm")), tmp_path)


def test_long_names_many_requests_and_emoji_stay_on_the_page(tmp_path: Path) -> None:
    long_name = "欧阳" + "娜" * 60 + " Alexandrina-Wilhelmina-Supercalifragilistic"
    content = receipt(lines=30, name=long_name + " 😀👍🏽")
    for size in ("58mm", "A5"):
        pdf = render_slip(content, paper(size))
        text = pdf_text(pdf, tmp_path)
        assert "低保申请受理 29" in text
        assert PLACEHOLDER in text and "😀" not in text
    assert len(pdf_page_sizes(render_slip(content, paper("A5")), tmp_path)) > 1


def test_a_day_sheet_with_many_bookings_runs_over_pages_with_numbers(tmp_path: Path) -> None:
    pdf = render_slip(day_sheet(per_slot=40), paper("A4"))
    pages = pdf_page_sizes(pdf, tmp_path)
    assert len(pages) >= 3
    text = pdf_text(pdf, tmp_path)
    assert f"第 1/{len(pages)} 页" in text and "签到" in text


def test_wrapping_never_exceeds_the_width() -> None:
    text = (
        "幸福里小区 3 栋 2 单元 501 室的居民 Zhang San 想了解"
        " averyveryverylongwordwithoutspaces 办理"
    )
    for width in (40.0, 90.0, 200.0):
        lines = wrap(text, 9.5, width)
        assert all(text_width(line, 9.5) <= width + 0.01 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_unprintable_characters_become_one_placeholder_each() -> None:
    assert printable("张三👨‍👩‍👧好\n") == f"张三{PLACEHOLDER}好 "


def test_wrapping_breaks_after_punctuation_and_never_starts_a_line_with_it() -> None:
    address = "演示市星光区星光路 1 号（虚构地址，仅供演示）"
    for width in range(60, 200, 4):
        lines = wrap(address, 9.5, float(width))
        assert all(text_width(line, 9.5) <= width + 0.01 for line in lines)
        assert "".join(lines).replace(" ", "") == address.replace(" ", "")
        assert not any(line[0] in "，）" for line in lines[1:]), lines
        assert not any(line.endswith(("仅供演", "仅供", "仅", "虚构地", "虚构")) for line in lines)
    # "仅供演示" moves down whole once the line cannot hold it
    assert wrap("虚构地址，仅供演示", 10, text_width("虚构地址，仅供演", 10)) == [
        "虚构地址，",
        "仅供演示",
    ]
