"""A walk-in registration in progress: the resident picked and the request rows typed.

Holds what the register screen shows so the screen only lays it out. Nothing here touches
the database; :meth:`VisitForm.drafts` produces what :func:`desktop.visits.register_visit`
takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.catalog import ServiceItemInfo
from desktop.errors import Message
from desktop.residents import ResidentSummary
from desktop.visits import RequestDraft
from protocol.vocabulary import CATEGORIES, URGENCIES


@dataclass
class RequestRow:
    """One request as typed; ``category`` follows the item until changed by hand."""

    item: ServiceItemInfo | None = None
    category: str = ""
    urgency: str = "normal"
    description: str = ""

    @property
    def is_blank(self) -> bool:
        return self.item is None and not self.description.strip()


@dataclass
class VisitForm:
    resident: ResidentSummary | None = None
    rows: list[RequestRow] = field(default_factory=lambda: [RequestRow()])

    def pick_resident(self, resident: ResidentSummary) -> None:
        self.resident = resident

    def add_row(self) -> int:
        """Append an empty request row; returns its index."""
        self.rows.append(RequestRow())
        return len(self.rows) - 1

    def remove_row(self, index: int) -> None:
        if len(self.rows) > 1:
            del self.rows[index]

    def choose_item(self, index: int, item: ServiceItemInfo | None) -> None:
        """Set a row's service item; its category becomes the item's default."""
        row = self.rows[index]
        row.item = item
        if item is not None:
            row.category = item.category

    def set_category(self, index: int, category: str) -> None:
        self.rows[index].category = category if category in CATEGORIES else ""

    def set_urgency(self, index: int, urgency: str) -> None:
        self.rows[index].urgency = urgency if urgency in URGENCIES else "normal"

    def set_description(self, index: int, text: str) -> None:
        self.rows[index].description = text

    def problems(self) -> dict[str, Message]:
        """What stops registering: keys ``resident`` or ``row.<index>.item``."""
        found: dict[str, Message] = {}
        if self.resident is None:
            found["resident"] = Message("ui.register.pick_resident_first")
        filled = [i for i, row in enumerate(self.rows) if not row.is_blank]
        if not filled:
            found["row.0.item"] = Message("ui.register.item_required")
        for index in filled:
            if self.rows[index].item is None:
                found[f"row.{index}.item"] = Message("ui.register.item_required")
        return found

    def drafts(self) -> list[RequestDraft]:
        """The filled rows as request drafts (blank rows are left out)."""
        return [
            RequestDraft(
                service_item_id=row.item.id,
                category=row.category,
                urgency=row.urgency,
                description=row.description.strip(),
            )
            for row in self.rows
            if row.item is not None
        ]

    def reset(self) -> None:
        self.resident = None
        self.rows = [RequestRow()]
