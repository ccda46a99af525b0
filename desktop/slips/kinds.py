"""Each slip kind as a list of blocks: what goes where, in the order it prints."""

from __future__ import annotations

import datetime as dt

from desktop.i18n import Translator
from desktop.slips.blocks import Banner, Block, Field, QrCode, Row, Rule, Space, Text
from desktop.slips.content import (
    BookingConfirmation,
    CenterHeader,
    DaySheet,
    QueueTicket,
    ServiceReceipt,
    SlipContent,
    SlipMeta,
)


def _day(tr: Translator, day: dt.date) -> str:
    return f"{day:%Y-%m-%d} {tr(f'slip.weekday.{day.weekday()}')}"


def _head(tr: Translator, center: CenterHeader, meta: SlipMeta, title_code: str) -> list[Block]:
    blocks: list[Block] = [
        Text(center.name, scale=1.15, bold=True, align="center"),
        Text(tr(title_code), scale=1.05, align="center"),
    ]
    if meta.is_reprint:
        blocks.append(Banner(tr("slip.reprint", copy=meta.copy)))
    blocks.append(Rule())
    return blocks


def _foot(tr: Translator, center: CenterHeader, meta: SlipMeta) -> list[Block]:
    blocks: list[Block] = [Rule()]
    if center.hotline:
        blocks.append(Field(tr("slip.hotline"), center.hotline))
    if center.address:
        blocks.append(Field(tr("slip.address"), center.address, scale=0.9))
    blocks.append(Text(tr("slip.slip_number", number=meta.number), scale=0.85))
    blocks.append(Text(tr("slip.printed_at", time=f"{meta.printed_at:%Y-%m-%d %H:%M}"), scale=0.85))
    return blocks


def queue_ticket(tr: Translator, slip: QueueTicket) -> list[Block]:
    return [
        *_head(tr, slip.center, slip.meta, "slip.queue_ticket.title"),
        Text(tr("slip.queue_number"), align="center"),
        Text(slip.queue_number, scale=4.2, bold=True, align="center"),
        Text(tr("slip.waiting", count=slip.waiting_ahead), scale=1.1, align="center"),
        Space(),
        Field(tr("slip.services"), "、".join(slip.services)),
        Field(tr("slip.resident"), slip.resident_name),
        Field(tr("slip.arrived"), f"{slip.arrived_at:%Y-%m-%d %H:%M}"),
        *_foot(tr, slip.center, slip.meta),
    ]


def service_receipt(tr: Translator, slip: ServiceReceipt) -> list[Block]:
    blocks: list[Block] = [
        *_head(tr, slip.center, slip.meta, "slip.service_receipt.title"),
        Field(tr("slip.verification"), slip.verification_code, scale=1.1, bold=True),
        Field(tr("slip.queue_number"), slip.queue_number),
        Field(tr("slip.visit_date"), f"{slip.arrived_at:%Y-%m-%d %H:%M}"),
        Field(tr("slip.resident"), slip.resident_name),
    ]
    if slip.resident_phone:
        blocks.append(Field(tr("slip.phone"), slip.resident_phone))
    for n, line in enumerate(slip.lines, start=1):
        blocks += [
            Rule(),
            Text(f"{tr('slip.request', n=n)}  {line.service}", bold=True),
            Field(tr("slip.category"), line.category),
        ]
        if line.description:
            blocks.append(Text(line.description, scale=0.95))
        blocks.append(Field(tr("slip.outcome"), line.outcome or tr("slip.outcome.open")))
        if line.referred_to:
            blocks.append(Field(tr("slip.referred_to"), line.referred_to))
        if line.due_date is not None:
            blocks.append(Field(tr("slip.due"), f"{line.due_date:%Y-%m-%d}"))
        if line.progress:
            blocks.append(Field(tr("slip.progress"), line.progress))
        if line.reply:
            blocks.append(Field(tr("slip.reply"), line.reply))
    blocks += [
        Rule(),
        Field(tr("slip.handler"), slip.handler),
        Space(0.3),
        QrCode(
            f"{slip.progress_url}/p/{slip.verification_code}"
            if slip.progress_url
            else slip.verification_code,
            tr("slip.qr_caption"),
        ),
        Space(0.3),
        Field(tr("slip.feedback"), tr("slip.feedback_options"), scale=0.9),
        *_foot(tr, slip.center, slip.meta),
    ]
    return blocks


def booking_confirmation(tr: Translator, slip: BookingConfirmation) -> list[Block]:
    blocks: list[Block] = [
        *_head(tr, slip.center, slip.meta, "slip.booking_confirmation.title"),
        Text(tr("slip.saturday"), scale=1.1, bold=True, align="center"),
    ]
    if slip.pending:
        blocks.append(Banner(tr("slip.pending"), scale=1.1))
    blocks += [
        Field(tr("slip.booking_number"), slip.booking_number, scale=1.1, bold=True),
        Field(tr("slip.day"), _day(tr, slip.day), scale=1.1, bold=True),
        Field(tr("slip.time"), f"{slip.starts}–{slip.ends}", scale=1.1, bold=True),
        Field(tr("slip.services"), slip.service),
        Field(tr("slip.resident"), slip.resident_name),
    ]
    if slip.resident_phone:
        blocks.append(Field(tr("slip.phone"), slip.resident_phone))
    if slip.bring:
        blocks.append(Field(tr("slip.bring"), "；".join(slip.bring)))
    blocks += [
        Space(0.3),
        QrCode(slip.booking_number),
        Text(tr("slip.confirmed_hint"), scale=0.9),
        *_foot(tr, slip.center, slip.meta),
    ]
    return blocks


DAY_SHEET_COLUMNS = (2.2, 0.5, 1.5, 2.1, 2.6, 1.2, 1.1)
"""时段, 序, 姓名, 电话, 服务事项, 状态, 签到: one compact table for the whole day."""


def _day_sheet_header(tr: Translator, slip: DaySheet) -> list[Block]:
    booked = [slot for slot in slip.slots if slot.entries]
    services = list(dict.fromkeys(slot.service for slot in booked if slot.service))
    on_duty = list(dict.fromkeys(name for slot in slip.slots for name in slot.on_duty))
    summary = tr(
        "slip.day_sheet.summary",
        bookings=sum(len(slot.entries) for slot in slip.slots),
        slots=len(booked),
    )
    blocks: list[Block] = [
        Text(slip.center.name, scale=1.2, bold=True, align="center"),
        Text(f"{tr('slip.day_sheet.title')}  {_day(tr, slip.day)}", scale=1.1, align="center"),
    ]
    if slip.meta.is_reprint:
        blocks.append(Banner(tr("slip.reprint", copy=slip.meta.copy)))
    if services:
        blocks.append(Field(tr("slip.col.service"), "、".join(services), scale=0.95))
    if on_duty:
        blocks.append(Field(tr("slip.on_duty"), "、".join(on_duty), scale=0.95))
    blocks.append(Text(summary, scale=0.95))
    return blocks


def day_sheet(tr: Translator, slip: DaySheet, compact: bool = False) -> list[Block]:
    """The Saturday's list: only slots with bookings (unless asked for the empty ones too),
    one compact table on a sheet, one entry per line on a roll."""
    blocks = _day_sheet_header(tr, slip)
    shown = [slot for slot in slip.slots if slot.entries or slip.empty_slots]
    header = tuple(
        tr(code)
        for code in (
            "slip.col.time",
            "slip.col.no",
            "slip.col.name",
            "slip.col.phone",
            "slip.col.service",
            "slip.col.status",
            "slip.col.sign",
        )
    )
    if not compact:
        blocks += [
            Space(0.3),
            Row(header, DAY_SHEET_COLUMNS, bold=True, scale=0.9, line_below=True),
        ]
    for slot in shown:
        when = f"{slot.starts}–{slot.ends}"
        if compact:
            booked = tr("slip.booked_of", booked=len(slot.entries), capacity=slot.capacity)
            blocks += [Space(0.4), Text(f"{when} {slot.service}  {booked}", bold=True)]
        if not slot.entries:
            cells = (when, "", tr("slip.no_bookings"), "", slot.service, "", "")
            blocks.append(
                Text(tr("slip.no_bookings"), scale=0.9)
                if compact
                else Row(cells, DAY_SHEET_COLUMNS, scale=0.9, line_below=True)
            )
        for n, entry in enumerate(slot.entries, start=1):
            note = f"（{entry.note}）" if entry.note else ""
            if compact:
                line = f"{n}. {entry.resident_name} {entry.resident_phone} {entry.service}{note}"
                blocks.append(Text(f"{line} [{entry.status}]", scale=0.95))
                continue
            cells = (
                when if n == 1 else "",
                str(n),
                entry.resident_name,
                entry.resident_phone,
                entry.service + note,
                entry.status,
                "",
            )
            blocks.append(Row(cells, DAY_SHEET_COLUMNS, scale=0.9, line_below=True))
    left_out = len(slip.slots) - len(shown)
    if left_out:
        blocks += [Space(0.3), Text(tr("slip.day_sheet.left_out", slots=left_out), scale=0.85)]
    blocks += [Space(0.5), Text(tr("slip.slip_number", number=slip.meta.number), scale=0.85)]
    return blocks


def blocks_for(tr: Translator, content: SlipContent, compact: bool = False) -> list[Block]:
    """The slip's blocks; ``compact`` on a narrow roll."""
    match content:
        case QueueTicket():
            return queue_ticket(tr, content)
        case ServiceReceipt():
            return service_receipt(tr, content)
        case BookingConfirmation():
            return booking_confirmation(tr, content)
        case DaySheet():
            return day_sheet(tr, content, compact)
    raise TypeError(f"not slip content: {content!r}")
