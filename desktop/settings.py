"""Desk settings, each declared once with its type and default.

CONTRACT — ``SETTINGS`` declarations and the ``Settings`` API are fixed; bodies to be
implemented (stored in the local ``setting`` table as JSON).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.engine import Database


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    description: str


SLIP_KINDS = {
    "queue_ticket": "80mm",
    "service_receipt": "80mm",
    "booking_confirmation": "80mm",
    "day_sheet": "A4",
}

SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("language", str, "zh_CN", "UI language: zh_CN or en"),
        SettingSpec("center_id", str, "", "The center this desk belongs to"),
        SettingSpec("desk_slot", int, 1, "This desk's number within the center (1-9)"),
        *(
            spec
            for kind, paper in SLIP_KINDS.items()
            for spec in (
                SettingSpec(f"slip.{kind}.paper", str, paper, "80mm, 58mm, A5 or A4"),
                SettingSpec(f"slip.{kind}.printer", str, "", "Printer name; empty = ask"),
                SettingSpec(f"slip.{kind}.unmask", bool, False, "Print personal data unmasked"),
            )
        ),
    )
}


class Settings:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> Any:
        raise NotImplementedError

    def set(self, key: str, value: Any) -> None:
        raise NotImplementedError
