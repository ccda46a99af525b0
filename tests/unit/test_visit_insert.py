"""The Core-written registration (desktop/visit_insert.py) against the ORM's: a visit with
two requests written both ways must give the same stored rows, the same change-log entries
and the same summary, all but what is new for every visit (ids, moments of writing, the
queue number and the verification code); a commit tells the screens as a flush does."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from sqlalchemy import text

from db.models import ServiceRequest, Visit
from desktop import changes, visits
from desktop.catalog import find_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.queue_numbers import issue_queue_number
from desktop.visit_rules import new_verification_code
from desktop.visit_summaries import summarize
from desktop.visits import RequestDraft
from tests.unit.visit_fixtures import add_residents, item_id, with_catalog

MORNING = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
NEW_EACH_TIME = {"id", "visit_id", "created_at", "updated_at", "queue_number", "verification_code"}
UTC_TEXT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")  # how a moment is stored
UTC_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")  # in a payload


@pytest.fixture
def ctx(bare_ctx: DeskContext) -> DeskContext:
    with_catalog(bare_ctx)
    bare_ctx.clock = lambda: MORNING
    return bare_ctx


def _drafts(ctx: DeskContext) -> list[RequestDraft]:
    return [
        RequestDraft(service_item_id=item_id(ctx, "B"), description="  咨询医保缴费  "),
        RequestDraft(service_item_id=item_id(ctx, "F"), category="household", urgency="urgent"),
    ]


def _by_orm(
    ctx: DeskContext, staff: StaffIdentity, resident_id: str, drafts: list[RequestDraft]
) -> visits.VisitSummary:
    """The registration as the ORM wrote it before (its unit of work, flush and hooks)."""
    with ctx.db.write() as session:
        items = find_service_items(session, ctx.center_id, [d.service_item_id for d in drafts])
        day, line = ctx.today(), items[drafts[0].service_item_id].line_code
        visit = Visit(
            center_id=ctx.center_id,
            resident_id=resident_id,
            registered_by=staff.id,
            desk_slot=ctx.desk_slot,
            visit_date=day,
            queue_line=line,
            queue_number=issue_queue_number(session, ctx.center_id, day, line, ctx.desk_slot),
            status="waiting",
            verification_code=new_verification_code(),
            arrived_at=ctx.now(),
        )
        session.add(visit)
        session.flush()
        for position, draft in enumerate(drafts, start=1):
            item = items[draft.service_item_id]
            session.add(
                ServiceRequest(
                    center_id=ctx.center_id,
                    visit_id=visit.id,
                    position=position,
                    service_item_id=item.id,
                    category=draft.category or item.category,
                    urgency=draft.urgency,
                    description=draft.description.strip(),
                )
            )
        session.flush()
        return summarize(session, [visit])[0]


def _stored(ctx: DeskContext, table: str, where: str, value: str) -> list[dict[str, Any]]:
    """Rows as SQLite holds them (the stored text of dates and moments, not Python values)."""
    with ctx.db.engine.connect() as conn:
        result = conn.execute(
            text(f"SELECT * FROM {table} WHERE {where} = :v ORDER BY rowid"), {"v": value}
        )
        return [dict(row._mapping) for row in result]


def _logged(ctx: DeskContext, ids: list[str]) -> list[dict[str, Any]]:
    entries = []
    for entity_id in ids:
        (entry,) = _stored(ctx, "change_log", "entity_id", entity_id)
        entries.append(entry)
    return entries


def _same_but_new(core: dict[str, Any], orm: dict[str, Any], moments: re.Pattern[str]) -> None:
    assert list(core) == list(orm)  # the same columns (or payload keys), in the same order
    for key in core:
        if key in NEW_EACH_TIME:
            assert type(core[key]) is type(orm[key]), key
            if key in ("created_at", "updated_at"):
                assert moments.match(core[key]) and moments.match(orm[key]), key
        else:
            assert core[key] == orm[key], key


def test_core_and_orm_write_the_same_rows_and_change_log(
    ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    first, second = add_residents(ctx, 2)
    heard: list[changes.EntityChanges] = []
    unsubscribe = changes.subscribe(heard.append)
    try:
        orm = _by_orm(ctx, bare_staff, first, _drafts(ctx))
        core = visits.register_visit(ctx, bare_staff, second, _drafts(ctx))
    finally:
        unsubscribe()

    # The summary: the same as read back, but for the visit's own new values.
    assert (core.queue_number, orm.queue_number) == ("B002", "B001")  # one counter, bumped
    assert core.registered_by_name == orm.registered_by_name == "管理员"
    assert core.resident_name == "居民1" and core.resident_phone_masked == "170****0001"
    new = {"id", "queue_number", "verification_code", "resident_id", "resident_name"}
    new.add("resident_phone_masked")
    assert [dict(vars(r), id="") for r in core.requests] == [
        dict(vars(r), id="") for r in orm.requests
    ]
    core_fields = {k: v for k, v in vars(core).items() if k not in new and k != "requests"}
    orm_fields = {k: v for k, v in vars(orm).items() if k not in new and k != "requests"}
    assert core_fields == orm_fields

    # The stored rows, column by column, as SQLite holds them.
    (core_visit,) = _stored(ctx, "visit", "id", core.id)
    (orm_visit,) = _stored(ctx, "visit", "id", orm.id)
    core_visit["resident_id"] = orm_visit["resident_id"]
    _same_but_new(core_visit, orm_visit, UTC_TEXT)
    core_requests = _stored(ctx, "request", "visit_id", core.id)
    orm_requests = _stored(ctx, "request", "visit_id", orm.id)
    assert len(core_requests) == len(orm_requests) == 2
    for mine, theirs in zip(core_requests, orm_requests, strict=True):
        _same_but_new(mine, theirs, UTC_TEXT)

    # The change log: one entry a row, visit first, payloads with the same keys and values.
    core_log = _logged(ctx, [core.id, *(r["id"] for r in core_requests)])
    orm_log = _logged(ctx, [orm.id, *(r["id"] for r in orm_requests)])
    assert [e["seq"] for e in core_log] == sorted(e["seq"] for e in core_log)
    for mine, theirs in zip(core_log, orm_log, strict=True):
        assert (mine["entity"], mine["op"], mine["version"], mine["pushed_at"]) == (
            theirs["entity"],
            theirs["op"],
            theirs["version"],
            None,
        )
        assert UTC_TEXT.match(mine["created_at"])
        core_payload, orm_payload = json.loads(mine["payload"]), json.loads(theirs["payload"])
        if mine["entity"] == "visit":
            core_payload["resident_id"] = orm_payload["resident_id"]
        _same_but_new(core_payload, orm_payload, UTC_ISO)

    # Each commit told the screens what it wrote.
    assert [sorted(h.ids.get("visit", ())) for h in heard] == [[orm.id], [core.id]]
    assert [len(h.ids.get("request", ())) for h in heard] == [2, 2]


def test_a_taken_number_is_skipped_and_a_refusal_writes_nothing(
    ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    first, second = add_residents(ctx, 2)
    visits.register_visit(ctx, bare_staff, first, _drafts(ctx))  # B001
    with ctx.db.write() as session:  # the counter set back (a restored backup)
        session.execute(text("UPDATE queue_counter SET last = 0"))
    again = visits.register_visit(ctx, bare_staff, second, _drafts(ctx))
    assert again.queue_number == "B002"
    before = _stored(ctx, "queue_counter", "line", "B")
    with pytest.raises(UserError):
        visits.register_visit(ctx, bare_staff, "no-such-resident", _drafts(ctx))
    assert _stored(ctx, "queue_counter", "line", "B") == before
    assert len(_stored(ctx, "visit", "center_id", ctx.center_id)) == 2
