"""Residents: validation, storage of personal data, duplicates, updates, audited reveals."""

from __future__ import annotations

import logging
from dataclasses import asdict

import pytest
from sqlalchemy import select

from db.models import AuditEvent, ChangeLogEntry, Resident, ResidentSearchTerm
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import Message, UserError, ValidationError
from desktop.i18n import CATALOG, Translator
from desktop.resident_search import search_residents
from desktop.residents import (
    DuplicateResidentError,
    ResidentDraft,
    create_resident,
    edit_draft,
    find_duplicates,
    format_address,
    get_resident,
    reveal_id_number,
    reveal_phone,
    update_resident,
    validate_resident,
)

PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"


def draft(**changes: str) -> ResidentDraft:
    base = ResidentDraft(
        name="张三",
        phone=PHONE,
        id_number=ID_NUMBER.lower(),
        estate="幸福里小区",
        building="3",
        unit="2",
        room="501",
        grid="第一网格",
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


# ------------------------------------------------------------------ validation


def test_every_wrong_field_is_listed_and_nothing_typed_is_lost() -> None:
    typed = draft(name="", phone="1381234", id_number="110105194912310021", room="1" * 11)
    before = asdict(typed)
    with pytest.raises(ValidationError) as caught:
        validate_resident(typed)
    fields = caught.value.fields
    assert fields["name"] == Message("field.required")
    assert fields["phone"].code == "resident.phone.mobile"
    assert fields["id_number"].code == "resident.id_number.check_digit"
    assert fields["room"] == Message("field.too_long", {"max": 10, "length": 11})
    assert caught.value.message.params == {"count": 4}
    assert asdict(typed) == before


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "12345", "resident.name.digits_only"),
        ("name", "张" * 41, "field.too_long"),
        ("phone", "", "field.required"),
        ("estate", "幸" * 41, "field.too_long"),
        ("grid", "格" * 41, "field.too_long"),
        ("building", "1" * 11, "field.too_long"),
        ("unit", "1" * 11, "field.too_long"),
        ("note", "记" * 501, "field.too_long"),
        ("id_number", "1234", "resident.id_number.length"),
    ],
)
def test_single_field_rules(field: str, value: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_resident(draft(**{field: value}))
    assert caught.value.fields[field].code == code


def test_optional_parts_may_be_empty() -> None:
    validate_resident(ResidentDraft(name="李四", phone="023-12345678"))


def test_every_code_raised_has_both_languages() -> None:
    codes = {
        "resident.name.digits_only",
        "resident.id_number.length",
        "resident.id_number.characters",
        "resident.id_number.region",
        "resident.id_number.birth_date",
        "resident.id_number.check_digit",
        "resident.id_number.taken",
        "resident.phone.characters",
        "resident.phone.mobile",
        "resident.phone.invalid",
        "resident.duplicate",
        "resident.not_found",
        "resident.deleted",
        "resident.data_unreadable",
    }
    for code in codes:
        zh, en = CATALOG[code]
        assert zh and en and zh != en
    assert Translator("en")("resident.id_number.length", length=17).endswith("(17 now)")


# ------------------------------------------------------------------ create and store


def test_create_stores_personal_data_encrypted(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    summary = create_resident(bare_ctx, bare_staff, draft(phone="+86 138-1234-5678"))
    assert summary.name == "张三"
    assert summary.phone_masked == "138****5678"
    assert summary.id_masked == "110***********002X"
    assert summary.address == "幸福里小区 3栋 2单元 501"
    assert summary.grid == "第一网格"
    assert get_resident(bare_ctx, bare_staff, summary.id) == summary
    with bare_ctx.db.read() as session:
        row = session.get(Resident, summary.id)
        assert row is not None
        stored = " ".join(str(v) for v in vars(row).values())
        log_rows = session.scalars(select(ChangeLogEntry.payload)).all()
    for plain in (PHONE, ID_NUMBER, ID_NUMBER.lower()):
        assert plain not in stored
        assert all(plain not in payload for payload in log_rows)
    bare_ctx.db.dispose()
    raw = bare_ctx.paths.database.read_bytes()
    wal = bare_ctx.paths.database.with_name("desk.sqlite-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert PHONE.encode() not in raw and ID_NUMBER.encode() not in raw


def test_change_log_and_search_terms_written_with_the_resident(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    summary = create_resident(bare_ctx, bare_staff, draft())
    with bare_ctx.db.read() as session:
        entries = session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.entity_id == summary.id)
        ).all()
        terms = session.scalars(
            select(ResidentSearchTerm.term).where(ResidentSearchTerm.resident_id == summary.id)
        ).all()
    assert [(e.entity, e.op) for e in entries] == [("resident", "insert")]
    assert set(terms) == {"n:张三", "p:zhangsan", "i:zs", "t:5678", "d:002X"}


def test_address_shows_only_the_parts_given() -> None:
    assert format_address("幸福里小区", "3", "2", "501") == "幸福里小区 3栋 2单元 501"
    assert format_address("幸福里小区", "3栋", "2单元", "") == "幸福里小区 3栋 2单元"
    assert format_address("", "", "", "501") == "501"
    assert format_address("", "", "", "") == ""


# ------------------------------------------------------------------ duplicates


def test_same_id_number_is_a_duplicate(bare_ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    first = create_resident(bare_ctx, bare_staff, draft())
    other = draft(name="张叁", phone="13900000000", id_number=ID_NUMBER)
    with pytest.raises(DuplicateResidentError) as caught:
        create_resident(bare_ctx, bare_staff, other)
    assert [m.id for m in caught.value.matches] == [first.id]
    assert caught.value.message.code == "resident.duplicate"


def test_same_name_and_phone_is_a_duplicate(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    first = create_resident(bare_ctx, bare_staff, draft(id_number=""))
    again = draft(id_number="", phone="138 1234 5678", estate="")
    assert [m.id for m in find_duplicates(bare_ctx, bare_staff, again)] == [first.id]
    assert find_duplicates(bare_ctx, bare_staff, draft(id_number="", name="李四")) == []
    with pytest.raises(DuplicateResidentError):
        create_resident(bare_ctx, bare_staff, again)
    second = create_resident(bare_ctx, bare_staff, again, allow_duplicate=True)
    assert second.id != first.id
    assert len(search_residents(bare_ctx, bare_staff, PHONE)) == 2


# ------------------------------------------------------------------ update


def test_update_rewrites_search_terms_and_logs_the_change(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    summary = create_resident(bare_ctx, bare_staff, draft())
    changed = draft(name="曾小明", phone="023-87654321", id_number="")
    updated = update_resident(bare_ctx, bare_staff, summary.id, changed)
    assert updated.id == summary.id and updated.phone_masked == "023-****4321"
    assert updated.id_masked == ""
    assert search_residents(bare_ctx, bare_staff, "zs") == []
    assert [r.id for r in search_residents(bare_ctx, bare_staff, "cxm")] == [summary.id]
    assert [r.id for r in search_residents(bare_ctx, bare_staff, "4321")] == [summary.id]
    assert search_residents(bare_ctx, bare_staff, "5678") == []
    with bare_ctx.db.read() as session:
        ops = session.scalars(
            select(ChangeLogEntry.op).where(ChangeLogEntry.entity_id == summary.id)
        ).all()
        resident = session.get(Resident, summary.id)
    assert ops == ["insert", "update"]
    assert resident is not None and resident.version == 2


def test_update_refuses_another_residents_id_number(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    create_resident(bare_ctx, bare_staff, draft())
    other = create_resident(bare_ctx, bare_staff, draft(name="李四", id_number=""))
    with pytest.raises(ValidationError) as caught:
        update_resident(bare_ctx, bare_staff, other.id, draft(name="李四"))
    assert caught.value.fields["id_number"].code == "resident.id_number.taken"
    # keeping one's own ID number is fine
    first = search_residents(bare_ctx, bare_staff, ID_NUMBER)[0]
    update_resident(bare_ctx, bare_staff, first.id, draft(note="常来"))


def test_unknown_or_deleted_residents(bare_ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    with pytest.raises(UserError) as caught:
        get_resident(bare_ctx, bare_staff, "no-such-id")
    assert caught.value.message.code == "resident.not_found"
    summary = create_resident(bare_ctx, bare_staff, draft())
    with bare_ctx.db.write() as session:
        resident = session.get(Resident, summary.id)
        assert resident is not None
        resident.mark_deleted()
    assert (
        get_resident(bare_ctx, bare_staff, summary.id).name == "张三"
    )  # old visits still show who came
    with pytest.raises(UserError) as caught:
        update_resident(bare_ctx, bare_staff, summary.id, draft())
    assert caught.value.message.code == "resident.deleted"


# ------------------------------------------------------------------ reveal with audit


def audit_rows(ctx: DeskContext) -> list[AuditEvent]:
    with ctx.db.read() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.action != "sign_in").order_by(AuditEvent.at)
            )
        )


def test_reveal_and_edit_are_audited_without_the_values(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    summary = create_resident(bare_ctx, bare_staff, draft())
    assert reveal_phone(bare_ctx, bare_staff, summary.id) == PHONE
    assert reveal_id_number(bare_ctx, bare_staff, summary.id) == ID_NUMBER
    form = edit_draft(bare_ctx, bare_staff, summary.id)
    assert form == draft(id_number=ID_NUMBER)
    events = audit_rows(bare_ctx)
    assert [e.action for e in events] == ["reveal_phone", "reveal_id_number", "open_for_edit"]
    for event in events:
        assert event.staff_id == bare_staff.id
        assert (event.entity, event.entity_id) == ("resident", summary.id)
        assert PHONE not in event.detail and ID_NUMBER not in event.detail
    assert PHONE not in caplog.text and ID_NUMBER not in caplog.text


def test_reveal_needs_staff_of_this_center(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    summary = create_resident(bare_ctx, bare_staff, draft())
    stranger = StaffIdentity("not-a-staff-id", "x", "x", "front_desk")
    with pytest.raises(UserError) as caught:
        reveal_phone(bare_ctx, stranger, summary.id)
    assert caught.value.message.code == "access.unknown_staff"
    assert audit_rows(bare_ctx) == []


def test_wrong_key_gives_a_clear_error(bare_ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    from desktop.pii import PiiVault

    summary = create_resident(bare_ctx, bare_staff, draft())
    bare_ctx.vault = PiiVault(b"z" * 32)
    with pytest.raises(UserError) as caught:
        reveal_phone(bare_ctx, bare_staff, summary.id)
    assert caught.value.message.code == "resident.data_unreadable"
    assert PHONE not in str(caught.value)


def test_reindex_rebuilds_the_keys_of_a_stored_resident(
    bare_ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    from sqlalchemy import delete

    from desktop.residents import reindex_residents

    summary = create_resident(bare_ctx, bare_staff, draft())
    with bare_ctx.db.write() as session:
        session.execute(delete(ResidentSearchTerm))
    assert search_residents(bare_ctx, bare_staff, "zs") == []
    with bare_ctx.db.write() as session:
        reindex_residents(bare_ctx, session, [summary.id])
    for query in ("zs", "张三", "5678", "002x"):
        assert [r.id for r in search_residents(bare_ctx, bare_staff, query)] == [summary.id]
