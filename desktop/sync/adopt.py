"""Joining the district's center: the desk takes the center's id and its shared data key.

A desk is set up offline first, so it makes its own center id and its own data key. The
center's desks must agree on both: Saturday slot ids are derived from the center id (two
desks making the same Saturday name its slots alike) and phones and ID numbers recorded
at one desk must be readable and searchable at the others. At enrolment, and at start-up
when an earlier adoption did not finish, the desk therefore

1. keeps the center's key beside its own (:func:`desktop.pii.store_center_key`); from then
   on the vault encrypts and hashes with the center's key and still reads the old values;
2. in one transaction: moves every row to the district's center id, renames the rows whose
   ids derive from it (service lines and items, Saturday slots) to the ids the center's
   other desks give them, re-encrypts phones and ID numbers with the center's key (new
   keyed hashes too) and rewrites the changes not yet sent the same way, so what leaves
   the desk is already in the center's terms.

The transaction is all or nothing, and the key is stored before it starts; an adoption cut
short by a crash is simply run again (:func:`needs_adoption`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, bindparam, select

from db.base import Base
from db.models import ChangeLogEntry, Resident
from desktop import catalog
from desktop.context import DeskContext
from desktop.pii import PiiVault, load_center_key, load_or_create_vault, store_center_key
from desktop.residents import ID_HASH_KIND, PHONE_HASH_KIND
from desktop.saturday.slots import slot_id
from desktop.settings import Settings
from desktop.validation import phone_match_key

PII_FIELDS = (
    (PHONE_HASH_KIND, "phone_cipher", "phone_hash"),
    (ID_HASH_KIND, "id_cipher", "id_hash"),
)
"""(hash kind, encrypted column, keyed-hash column) of each personal-data field."""


def _hash(vault: PiiVault, kind: str, plain: str) -> str:
    """The keyed hash residents are matched by (a phone by its digits only)."""
    if kind == PHONE_HASH_KIND and plain:
        plain = phone_match_key(plain)
    return vault.blind_hash(kind, plain)


def needs_adoption(ctx: DeskContext) -> bool:
    """Whether this connected desk still has its own center id or its own key's hashes."""
    settings = Settings(ctx.db)
    district_center = str(settings.get("sync.center_id"))
    if not district_center:
        return False
    hashed_with = str(settings.get("pii.hash_key"))
    return ctx.center_id != district_center or hashed_with != ctx.vault.fingerprint


def _quiet(step: str) -> None:
    """No one is watching the steps."""


def adopt_center(
    ctx: DeskContext,
    district_center_id: str,
    center_key: bytes,
    progress: Callable[[str], None] = _quiet,
) -> None:
    """Make this desk's data the district center's (see the module text)."""
    store_center_key(ctx.paths, center_key)
    vault, _storage = load_or_create_vault(ctx.paths, district_center_id)
    finish_adoption(ctx, district_center_id, vault, progress)


def resume_adoption(ctx: DeskContext) -> None:
    """Finish an adoption a crash cut short (run at start-up; cheap when there is none)."""
    district_center = str(Settings(ctx.db).get("sync.center_id"))
    if not needs_adoption(ctx) or load_center_key(ctx.paths) is None:
        return
    finish_adoption(ctx, district_center, ctx.vault)


def finish_adoption(
    ctx: DeskContext,
    district_center_id: str,
    vault: PiiVault,
    progress: Callable[[str], None] = _quiet,
) -> None:
    old_center = ctx.center_id
    settings = Settings(ctx.db)
    with ctx.db.write() as session:
        conn = session.connection()
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        renamed: dict[str, str] = {}
        progress("sync.step.rename")
        if old_center != district_center_id:
            renamed = _new_ids(conn, old_center, district_center_id)
            _rename(conn, renamed)
        progress("sync.step.encrypt")
        _reencrypt_residents(conn, vault)
        progress("sync.step.unsent")
        _rewrite_unsent(conn, renamed, vault)
        settings.set_in(session, "center_id", district_center_id)
        settings.set_in(session, "pii.hash_key", vault.fingerprint)
    ctx.center_id = district_center_id
    ctx.vault = vault


def _new_ids(conn: Connection, old: str, new: str) -> dict[str, str]:
    """Old → new id of the center and of every row whose id derives from it: service
    lines and items (from their codes and names), then Saturday slots (from the items)."""
    tables = Base.metadata.tables
    lines, items, slots = tables["service_line"], tables["service_item"], tables["saturday_slot"]
    renamed = {old: new}
    codes: dict[str, str] = {}
    for row in conn.execute(select(lines.c.id, lines.c.code).where(lines.c.center_id == old)):
        codes[row.id] = row.code
        renamed[row.id] = catalog.line_id(new, row.code)
    item_rows = conn.execute(
        select(items.c.id, items.c.line_id, items.c.name).where(items.c.center_id == old)
    )
    for item in item_rows:
        if item.line_id in codes:
            renamed[item.id] = catalog.item_id(new, codes[item.line_id], item.name)
    slot_rows = conn.execute(
        select(slots.c.id, slots.c.day, slots.c.starts, slots.c.service_item_id).where(
            slots.c.center_id == old
        )
    )
    for slot in slot_rows:
        service = renamed.get(slot.service_item_id, slot.service_item_id)
        renamed[slot.id] = slot_id(new, slot.day, slot.starts, service)
    return {o: n for o, n in renamed.items() if o != n}


def _rename(conn: Connection, renamed: dict[str, str]) -> None:
    """Every id column of every table, through one mapping table: one pass per column."""
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS id_map (old TEXT PRIMARY KEY, new TEXT)")
    conn.exec_driver_sql("DELETE FROM id_map")
    conn.exec_driver_sql("INSERT INTO id_map (old, new) VALUES (?, ?)", list(renamed.items()))
    for table in Base.metadata.sorted_tables:
        if table.name == "change_log":
            continue
        for column in table.c:
            if column.name == "id" or column.name.endswith("_id"):
                name = f'"{table.name}"."{column.name}"'
                conn.exec_driver_sql(
                    f'UPDATE "{table.name}" SET "{column.name}" = '
                    f"(SELECT new FROM id_map WHERE old = {name}) "
                    f"WHERE {name} IN (SELECT old FROM id_map)"
                )
    conn.exec_driver_sql("DELETE FROM id_map")


def _reencrypt_residents(conn: Connection, vault: PiiVault) -> None:
    table = Resident.__table__
    rows = conn.execute(select(table.c.id, table.c.phone_cipher, table.c.id_cipher)).all()
    values = []
    for row in rows:
        phone = vault.decrypt(row.phone_cipher)
        id_number = vault.decrypt(row.id_cipher)
        values.append(
            {
                "row_id": row.id,
                "phone_cipher": vault.encrypt(phone),
                "phone_hash": _hash(vault, PHONE_HASH_KIND, phone),
                "id_cipher": vault.encrypt(id_number),
                "id_hash": _hash(vault, ID_HASH_KIND, id_number),
            }
        )
    if values:
        conn.execute(
            table.update()  # type: ignore[attr-defined]
            .where(table.c.id == bindparam("row_id"))
            .values(
                phone_cipher=bindparam("phone_cipher"),
                phone_hash=bindparam("phone_hash"),
                id_cipher=bindparam("id_cipher"),
                id_hash=bindparam("id_hash"),
            ),
            values,
        )


def _rewrite_unsent(conn: Connection, renamed: dict[str, str], vault: PiiVault) -> None:
    """Changes not sent yet say what the rows now say: new ids, the center's encryption."""
    log = ChangeLogEntry.__table__
    rows = conn.execute(
        select(log.c.seq, log.c.entity, log.c.entity_id, log.c.payload).where(
            log.c.pushed_at.is_(None)
        )
    ).all()
    rewritten = []
    for row in rows:
        payload: dict[str, Any] = {
            key: renamed.get(value, value) if isinstance(value, str) else value
            for key, value in json.loads(row.payload).items()
        }
        if row.entity == "resident":
            _reencrypt_payload(payload, vault)
        rewritten.append(
            {
                "row_seq": row.seq,
                "entity_id": renamed.get(row.entity_id, row.entity_id),
                "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
            }
        )
    if rewritten:
        conn.execute(
            log.update()  # type: ignore[attr-defined]
            .where(log.c.seq == bindparam("row_seq"))
            .values(entity_id=bindparam("entity_id"), payload=bindparam("payload")),
            rewritten,
        )


def _reencrypt_payload(payload: dict[str, Any], vault: PiiVault) -> None:
    """The vault reads the desk's own key too, so every earlier value decrypts."""
    for kind, cipher, hashed in PII_FIELDS:
        token = payload.get(cipher)
        if isinstance(token, str):
            plain = vault.decrypt(token)
            payload[cipher] = vault.encrypt(plain)
            payload[hashed] = _hash(vault, kind, plain)
