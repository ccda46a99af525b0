"""What each kind of slip says, as plain data (built from visits and bookings by the service).

Personal data arrives here already masked, or unmasked only where the center admin turned
unmasking on for that slip kind: the layout never decides what is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CenterHeader:
    name: str
    address: str
    hotline: str


@dataclass(frozen=True)
class SlipMeta:
    """The slip's own identity: number, which print this is, when it was printed."""

    number: str
    copy: int  # 1 for the first print, 2 for the first reprint (补打), …
    printed_at: dt.datetime  # local time of the center

    @property
    def is_reprint(self) -> bool:
        return self.copy > 1


@dataclass(frozen=True)
class QueueTicket:
    center: CenterHeader
    meta: SlipMeta
    queue_number: str
    services: tuple[str, ...]
    arrived_at: dt.datetime  # local
    waiting_ahead: int
    resident_name: str


@dataclass(frozen=True)
class ReceiptLine:
    service: str
    category: str  # 公事 / 家事 / 共事, already in words
    description: str
    outcome: str  # in words; empty while open
    referred_to: str = ""
    due_date: dt.date | None = None
    progress: str = ""  # how far the district has carried a referral, in words
    reply: str = ""  # the district's words for the resident (the reply once closed)


@dataclass(frozen=True)
class ServiceReceipt:
    center: CenterHeader
    meta: SlipMeta
    verification_code: str
    queue_number: str
    visit_date: dt.date
    arrived_at: dt.datetime  # local
    resident_name: str
    resident_phone: str
    handler: str
    lines: tuple[ReceiptLine, ...]
    progress_url: str = ""  # the district's progress page; empty: the QR holds the bare code


@dataclass(frozen=True)
class BookingConfirmation:
    center: CenterHeader
    meta: SlipMeta
    booking_number: str
    day: dt.date
    starts: str  # "09:00"
    ends: str
    service: str
    resident_name: str
    resident_phone: str
    pending: bool  # not yet confirmed by the district: 待确认
    bring: tuple[str, ...] = ()


@dataclass(frozen=True)
class DaySheetEntry:
    booking_number: str
    resident_name: str
    resident_phone: str
    service: str
    status: str  # in words
    note: str = ""


@dataclass(frozen=True)
class DaySheetSlot:
    starts: str
    ends: str
    capacity: int
    on_duty: tuple[str, ...]
    entries: tuple[DaySheetEntry, ...]
    service: str = ""  # the slot's service (each slot offers one)


@dataclass(frozen=True)
class DaySheet:
    center: CenterHeader
    meta: SlipMeta
    day: dt.date
    slots: tuple[DaySheetSlot, ...] = field(default=())
    empty_slots: bool = False  # also list slots nobody booked (F9 → 打印)


SlipContent = QueueTicket | ServiceReceipt | BookingConfirmation | DaySheet
