"""The center's service catalog as the desk uses it.

CONTRACT — signatures are fixed; bodies to be implemented.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.context import DeskContext


@dataclass(frozen=True)
class ServiceItemInfo:
    id: str
    line_code: str
    line_name: str
    line_name_en: str
    name: str
    name_en: str
    category: str
    saturday: bool
    bring: str


def list_service_items(ctx: DeskContext, *, saturday_only: bool = False) -> list[ServiceItemInfo]:
    raise NotImplementedError
