"""Residents: validate, create, find (as you type), detect duplicates, reveal with audit.

CONTRACT — signatures are fixed; bodies implemented here.

Phones and ID numbers are stored encrypted with the desk's vault, with a keyed hash for exact
matching and the masked form for lists; nothing here logs or raises with a plain value.
Each resident's search keys are written here with it (``resident_search_term``, see
:mod:`desktop.search_terms`); finding residents as you type is
:mod:`desktop.resident_search`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from db.bulk import insert_values, listed
from db.models import AuditEvent, Resident, ResidentSearchTerm
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import Message, UserError, ValidationError
from desktop.pii import VaultError
from desktop.search_terms import (
    normalise_name,
    resident_terms,
)
from desktop.validation import (
    check_id_number,
    check_length,
    check_phone,
    name_symbol,
    normalise_id_number,
    normalise_phone,
    phone_match_key,
)
from protocol.masking import mask_id_number, mask_phone

PHONE_HASH_KIND = "phone"
ID_HASH_KIND = "id_number"

#: Maximum lengths of the free-text fields (name is also required).
FIELD_LIMITS = dict(name=40, estate=40, building=10, unit=10, room=10, grid=40, note=500)


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
    matched: str = ""
    """Which field a number typed in a search matched: one of :data:`MATCHED_FIELDS`, or
    "" (found by name or pinyin, or not found by a search)."""


MATCHED_FIELDS = ("phone", "id_number", "phone_tail", "id_tail")
"""Phone and ID-number matches of a search, told apart on screen."""


class DuplicateResidentError(Exception):
    """Creating this resident would duplicate existing ones (same ID, or same name+phone)."""

    def __init__(self, matches: list[ResidentSummary]) -> None:
        super().__init__("duplicate resident")
        self.matches = matches
        self.message = Message("resident.duplicate", {"count": len(matches)})


# ---------------------------------------------------------------- validation and storage


def validate_resident(draft: ResidentDraft) -> None:
    """Raise :class:`desktop.errors.ValidationError` listing every wrong field."""
    fields: dict[str, Message] = {}
    for name, limit in FIELD_LIMITS.items():
        problem = check_length(getattr(draft, name), limit, required=name == "name")
        if problem is not None:
            fields[name] = problem
    if "name" not in fields and normalise_name(draft.name).replace(" ", "").isdigit():
        fields["name"] = Message("resident.name.digits_only")
    symbol = name_symbol(draft.name) if "name" not in fields else None
    if symbol is not None:
        fields["name"] = Message("resident.name.symbol", {"char": symbol})
    phone_problem = check_phone(draft.phone, required=True)
    if phone_problem is not None:
        fields["phone"] = phone_problem
    if draft.id_number.strip():
        id_problem = check_id_number(draft.id_number)
        if id_problem is not None:
            fields["id_number"] = id_problem
    if fields:
        raise ValidationError(fields)


ADDRESS_FIELDS = ("estate", "building", "unit", "room", "grid", "note")


@dataclass(frozen=True)
class _Clean:
    """A validated draft in stored form."""

    name: str
    phone: str  # display form: 13812345678, 023-12345678
    phone_key: str  # digits only, what the hash is taken of
    id_number: str
    other: dict[str, str]  # address parts, grid and note, trimmed

    @classmethod
    def of(cls, draft: ResidentDraft) -> _Clean:
        has_phone = bool(draft.phone.strip())
        return cls(
            name=normalise_name(draft.name),
            phone=normalise_phone(draft.phone) if has_phone else "",
            phone_key=phone_match_key(draft.phone) if has_phone else "",
            id_number=normalise_id_number(draft.id_number),
            other={key: getattr(draft, key).strip() for key in ADDRESS_FIELDS},
        )


def _apply(ctx: DeskContext, resident: Resident, clean: _Clean) -> None:
    vault = ctx.vault
    resident.name = clean.name
    resident.phone_cipher = vault.encrypt(clean.phone)
    resident.phone_hash = vault.blind_hash(PHONE_HASH_KIND, clean.phone_key)
    resident.phone_masked = mask_phone(clean.phone) if clean.phone else ""
    resident.id_cipher = vault.encrypt(clean.id_number)
    resident.id_hash = vault.blind_hash(ID_HASH_KIND, clean.id_number)
    resident.id_masked = mask_id_number(clean.id_number) if clean.id_number else ""
    for key, value in clean.other.items():
        setattr(resident, key, value)


SEARCH_TERMS: Table = ResidentSearchTerm.__table__  # type: ignore[assignment]


def _write_terms(session: Session, center_id: str, resident_id: str, clean: _Clean) -> None:
    """Replace the resident's search keys (same transaction as the resident)."""
    session.execute(delete(ResidentSearchTerm).where(ResidentSearchTerm.resident_id == resident_id))
    terms = resident_terms(clean.name, clean.phone_key, clean.id_number)
    session.execute(
        insert(ResidentSearchTerm),
        [{"center_id": center_id, "resident_id": resident_id, "term": t} for t in terms],
    )


_TERMS_HEAD = "INSERT INTO resident_search_term (center_id, resident_id, term) VALUES "

SearchRow = tuple[str, str, str]
"""(center id, resident id, search key): one row of ``resident_search_term``."""


def search_rows(ctx: DeskContext, residents: Iterable[Mapping[str, Any]]) -> list[SearchRow]:
    """The search keys of residents given by their stored values (``id``, ``center_id``,
    ``name``, ``phone_cipher``, ``id_cipher``). Needs no database: a pull works them out
    for the next page while it writes this one. A value the vault cannot read (written
    under another center's key) leaves the resident searchable by name only."""
    terms: list[SearchRow] = []
    for row in residents:
        phone = _readable(ctx, row.get("phone_cipher") or "")
        key = phone_match_key(phone) if phone else ""
        center_id, resident_id = row["center_id"], row["id"]
        for term in resident_terms(row["name"], key, _readable(ctx, row.get("id_cipher") or "")):
            terms.append((center_id, resident_id, term))
    return terms


def reindex_residents(
    ctx: DeskContext,
    session: Session,
    ids: list[str],
    written: list[dict[str, Any]] | None = None,
    terms: list[SearchRow] | None = None,
    *,
    new: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Rewrite the search keys of stored residents (ones that arrived by sync), in bulk.

    ``written``: the values of exactly these residents as the caller has just stored them
    (a pulled page), so they are not read back; ``terms``: their keys, already worked out
    from those values (:func:`search_rows`); ``new``: those of them inserted in this
    transaction, which have no keys yet to remove (a key cannot outlive its resident)."""
    if not ids:
        return
    conn = session.connection()
    stale = [rid for rid in ids if rid not in new] if new else ids
    if stale:
        conn.exec_driver_sql(
            "DELETE FROM resident_search_term"
            " WHERE resident_id IN (SELECT value FROM json_each(?))",
            (json.dumps(stale),),
        )
    if terms is None:
        rows: list[Any] = list(written or [])
        if written is None:
            columns = (Resident.id, Resident.center_id, Resident.name)
            secrets = (Resident.phone_cipher, Resident.id_cipher)
            found = session.execute(select(*columns, *secrets).where(Resident.id.in_(listed(ids))))
            rows = [row._asdict() for row in found]
        terms = search_rows(ctx, rows)
    # plain SQL, many rows to a statement: no ORM, no per-row compiling (see db.bulk)
    insert_values(conn, _TERMS_HEAD, terms)


def _readable(ctx: DeskContext, token: str) -> str:
    try:
        return ctx.vault.decrypt(token)
    except VaultError:
        return ""


def format_address(estate: str, building: str, unit: str, room: str) -> str:
    """``幸福里小区 3栋 2单元 501``: only the parts given; Chinese address order and words."""
    parts = [estate.strip()]
    building, unit = building.strip(), unit.strip()
    if building:
        parts.append(building if building.endswith(("栋", "幢", "楼", "座")) else building + "栋")
    if unit:
        parts.append(unit if unit.endswith("单元") else unit + "单元")
    parts.append(room.strip())
    return " ".join(p for p in parts if p)


_LISTED = ["id", "name", "phone_masked", "id_masked", "estate", "building", "unit", "room", "grid"]
SUMMARY_COLUMNS = tuple(getattr(Resident, name) for name in _LISTED)


def summary_of(row: Any) -> ResidentSummary:
    """A row of :data:`SUMMARY_COLUMNS` as lists show it."""
    return ResidentSummary(
        id=row.id,
        name=row.name,
        phone_masked=row.phone_masked,
        id_masked=row.id_masked,
        address=format_address(row.estate, row.building, row.unit, row.room),
        grid=row.grid,
    )


# ---------------------------------------------------------------- duplicates


@maps_database_errors
@access.guarded("resident.read")
def find_duplicates(
    ctx: DeskContext, staff: StaffIdentity, draft: ResidentDraft
) -> list[ResidentSummary]:
    """Residents with the same ID number, or with the same name and phone."""
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "resident.read")
        return _duplicates(session, ctx, _Clean.of(draft), exclude_id=None)


def _duplicates(
    session: Session, ctx: DeskContext, clean: _Clean, exclude_id: str | None
) -> list[ResidentSummary]:
    rows: dict[str, Any] = {}
    base = select(*SUMMARY_COLUMNS).where(
        Resident.center_id == ctx.center_id, Resident.deleted_at.is_(None)
    )
    if exclude_id is not None:
        base = base.where(Resident.id != exclude_id)
    if clean.id_number:
        id_hash = ctx.vault.blind_hash(ID_HASH_KIND, clean.id_number)
        for row in session.execute(base.where(Resident.id_hash == id_hash)):
            rows[row.id] = row
    if clean.phone_key and clean.name:
        phone_hash = ctx.vault.blind_hash(PHONE_HASH_KIND, clean.phone_key)
        stmt = base.where(Resident.phone_hash == phone_hash, Resident.name == clean.name)
        for row in session.execute(stmt):
            rows.setdefault(row.id, row)
    return [summary_of(row) for row in rows.values()]


# ---------------------------------------------------------------- create, update, get


@maps_database_errors
@access.guarded("resident.write")
def create_resident(
    ctx: DeskContext, staff: StaffIdentity, draft: ResidentDraft, *, allow_duplicate: bool = False
) -> ResidentSummary:
    """Validate, check duplicates (raise :class:`DuplicateResidentError`), store."""
    access.check(ctx, staff, "resident.write")
    validate_resident(draft)
    clean = _Clean.of(draft)
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "resident.write")
        if not allow_duplicate:
            matches = _duplicates(session, ctx, clean, exclude_id=None)
            if matches:
                raise DuplicateResidentError(matches)
        resident = Resident(center_id=ctx.center_id)
        _apply(ctx, resident, clean)
        session.add(resident)
        session.flush()
        _write_terms(session, ctx.center_id, resident.id, clean)
        return summary_of(resident)


@maps_database_errors
@access.guarded("resident.write")
def update_resident(
    ctx: DeskContext, staff: StaffIdentity, resident_id: str, draft: ResidentDraft
) -> ResidentSummary:
    """Store an edited resident; an ID number already used by another resident is refused."""
    access.check(ctx, staff, "resident.write")
    validate_resident(draft)
    clean = _Clean.of(draft)
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "resident.write")
        resident = _load(session, ctx, resident_id, allow_deleted=False)
        if clean.id_number:
            same_id = _Clean("", "", "", clean.id_number, {})
            others = _duplicates(session, ctx, same_id, exclude_id=resident_id)
            if others:
                raise ValidationError({"id_number": Message("resident.id_number.taken")})
        _apply(ctx, resident, clean)
        session.flush()
        _write_terms(session, ctx.center_id, resident.id, clean)
        return summary_of(resident)


@maps_database_errors
@access.guarded("resident.read")
def get_resident(ctx: DeskContext, staff: StaffIdentity, resident_id: str) -> ResidentSummary:
    """One resident, masked (also a deleted one, so old visits still show who came)."""
    with ctx.db.read() as session:
        access.require(session, ctx, staff, "resident.read")
        return summary_of(_load(session, ctx, resident_id, allow_deleted=True))


def _load(session: Session, ctx: DeskContext, resident_id: str, *, allow_deleted: bool) -> Resident:
    resident = session.get(Resident, resident_id)
    if resident is None or resident.center_id != ctx.center_id:
        raise UserError("resident.not_found")
    if resident.is_deleted and not allow_deleted:
        raise UserError("resident.deleted")
    return resident


# ---------------------------------------------------------------- full data, audited


def _audited(
    ctx: DeskContext, staff: StaffIdentity, resident_id: str, action: str, *, allow_deleted: bool
) -> Resident:
    """Load the resident and record ``action`` by ``staff`` (never the value itself)."""
    with ctx.db.write() as session:
        access.require(session, ctx, staff, "resident.reveal")
        resident = _load(session, ctx, resident_id, allow_deleted=allow_deleted)
        session.add(
            AuditEvent(
                center_id=ctx.center_id,
                staff_id=staff.id,
                action=action,
                entity="resident",
                entity_id=resident.id,
                at=ctx.now(),
            )
        )
        return resident


def _decrypt(ctx: DeskContext, token: str) -> str:
    try:
        return ctx.vault.decrypt(token)
    except VaultError:
        raise UserError("resident.data_unreadable") from None


@maps_database_errors
@access.guarded("resident.reveal")
def edit_draft(ctx: DeskContext, staff: StaffIdentity, resident_id: str) -> ResidentDraft:
    """The resident's full data for the edit form (decrypts; recorded in the audit log)."""
    resident = _audited(ctx, staff, resident_id, "open_for_edit", allow_deleted=False)
    return ResidentDraft(
        name=resident.name,
        phone=_decrypt(ctx, resident.phone_cipher),
        id_number=_decrypt(ctx, resident.id_cipher),
        estate=resident.estate,
        building=resident.building,
        unit=resident.unit,
        room=resident.room,
        grid=resident.grid,
        note=resident.note,
    )


@maps_database_errors
@access.guarded("resident.reveal")
def reveal_phone(ctx: DeskContext, staff: StaffIdentity, resident_id: str) -> str:
    """The full phone number; recorded in the audit log."""
    resident = _audited(ctx, staff, resident_id, "reveal_phone", allow_deleted=True)
    return _decrypt(ctx, resident.phone_cipher)


@maps_database_errors
@access.guarded("resident.reveal")
def reveal_id_number(ctx: DeskContext, staff: StaffIdentity, resident_id: str) -> str:
    """The full ID number; recorded in the audit log."""
    resident = _audited(ctx, staff, resident_id, "reveal_id_number", allow_deleted=True)
    return _decrypt(ctx, resident.id_cipher)
