"""Residents: validate, create, find (as you type), detect duplicates, reveal with audit.

CONTRACT — signatures are fixed; bodies to be implemented.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.context import DeskContext, StaffIdentity


@dataclass
class ResidentDraft:
    """What the desk typed for a new or edited resident (kept as typed on errors)."""

    name: str = ""
    phone: str = ""
    id_number: str = ""
    estate: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    grid: str = ""
    note: str = ""


@dataclass(frozen=True)
class ResidentSummary:
    """A resident as lists show it: personal data masked."""

    id: str
    name: str
    phone_masked: str
    id_masked: str
    address: str  # e.g. "幸福里小区 3栋 2单元 501"
    grid: str


class DuplicateResidentError(Exception):
    """Creating this resident would duplicate existing ones (same ID, or same name+phone)."""

    def __init__(self, matches: list[ResidentSummary]) -> None:
        super().__init__("duplicate resident")
        self.matches = matches


def search_residents(ctx: DeskContext, query: str, limit: int = 20) -> list[ResidentSummary]:
    """Name prefix, phone (full or last 4), pinyin initials / full pinyin, ID last 4."""
    raise NotImplementedError


def validate_resident(draft: ResidentDraft) -> None:
    """Raise :class:`desktop.errors.ValidationError` listing every wrong field."""
    raise NotImplementedError


def find_duplicates(ctx: DeskContext, draft: ResidentDraft) -> list[ResidentSummary]:
    raise NotImplementedError


def create_resident(
    ctx: DeskContext, staff: StaffIdentity, draft: ResidentDraft, *, allow_duplicate: bool = False
) -> ResidentSummary:
    """Validate, check duplicates (raise :class:`DuplicateResidentError`), store."""
    raise NotImplementedError


def update_resident(
    ctx: DeskContext, staff: StaffIdentity, resident_id: str, draft: ResidentDraft
) -> ResidentSummary:
    raise NotImplementedError


def get_resident(ctx: DeskContext, resident_id: str) -> ResidentSummary:
    raise NotImplementedError


def edit_draft(ctx: DeskContext, staff: StaffIdentity, resident_id: str) -> ResidentDraft:
    """The resident's full data for the edit form (decrypts; recorded in the audit log)."""
    raise NotImplementedError


def reveal_phone(ctx: DeskContext, staff: StaffIdentity, resident_id: str) -> str:
    """The full phone number; recorded in the audit log."""
    raise NotImplementedError


def reveal_id_number(ctx: DeskContext, staff: StaffIdentity, resident_id: str) -> str:
    """The full ID number; recorded in the audit log."""
    raise NotImplementedError
