"""Residents' phone and ID number in a 台账: masked, or in full for a center admin's ledger."""

from __future__ import annotations

from typing import Any

from db.models import Resident
from desktop.context import DeskContext
from desktop.i18n import Translator
from desktop.pii import VaultError

ZH = Translator("zh_CN")


class LedgerPeople:
    """Residents' phone and ID number, masked or (for an admin's ledger) in full."""

    def __init__(self, ctx: DeskContext, unmasked: bool) -> None:
        self.ctx, self.unmasked = ctx, unmasked

    def columns(self) -> list[Any]:
        if self.unmasked:
            return [Resident.phone_cipher, Resident.id_cipher]
        return [Resident.phone_masked, Resident.id_masked]

    def show(self, value: str) -> str:
        if not self.unmasked or not value:
            return value
        try:
            return self.ctx.vault.decrypt(value)
        except VaultError:
            return ZH("ledger.unreadable")
