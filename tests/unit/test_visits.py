"""Visits: validation, statuses, outcomes, satisfaction, lists, history, queue position."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

import pytest
from sqlalchemy import select

import db.sqlite_engine
from db.engine import Database
from db.models import ChangeLogEntry, ServiceItem
from desktop import visits
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError, ValidationError
from desktop.visit_rules import CODE_ALPHABET
from desktop.visits import OutcomeDraft, RequestDraft, VisitFilter
from tests.unit.visit_fixtures import add_residents, item_id, with_catalog

MONDAY_MORNING = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
TODAY = dt.date(2026, 3, 2)
NEXT_SATURDAY = dt.date(2026, 3, 7)


class Clock:
    def __init__(self) -> None:
        self.now = MONDAY_MORNING

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)  # every reading a second later
        return self.now


@pytest.fixture
def ctx(bare_ctx: DeskContext) -> DeskContext:
    with_catalog(bare_ctx)
    bare_ctx.clock = Clock()
    return bare_ctx


@pytest.fixture
def residents(ctx: DeskContext) -> list[str]:
    return add_residents(ctx, 3)


def _codes(error: ValidationError) -> dict[str, str]:
    return {name: message.code for name, message in error.fields.items()}


def test_register_two_requests(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str]
) -> None:
    drafts = [
        RequestDraft(service_item_id=item_id(ctx, "B"), description="  咨询医保缴费  "),
        RequestDraft(service_item_id=item_id(ctx, "F"), category="household", urgency="urgent"),
    ]
    visit = visits.register_visit(ctx, bare_staff, residents[0], drafts)
    assert visit.queue_number == "B001"
    assert visit.status == "waiting"
    assert visit.visit_date == TODAY
    assert visit.resident_name == "居民0"
    assert visit.registered_by_name == "管理员"
    assert len(visit.verification_code) == 8
    assert set(visit.verification_code) <= set(CODE_ALPHABET)
    first, second = visit.requests
    assert (first.position, first.line_code, first.category) == (1, "B", "public")
    assert first.description == "咨询医保缴费"
    assert (second.category, second.urgency) == ("household", "urgent")  # changed by hand
    with ctx.db.read() as session:
        entities = list(session.scalars(select(ChangeLogEntry.entity)))
    assert entities.count("visit") == 1 and entities.count("request") == 2


def test_register_lists_every_wrong_field(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str]
) -> None:
    with pytest.raises(ValidationError) as none:
        visits.register_visit(ctx, bare_staff, residents[0], [])
    assert _codes(none.value) == {"requests": "visit.no_requests"}
    bad = [
        RequestDraft(service_item_id=""),
        RequestDraft(
            service_item_id=item_id(ctx, "A"),
            category="private",
            urgency="asap",
            description="长" * 1001,
        ),
        RequestDraft(service_item_id="no-such-item"),
    ]
    with pytest.raises(ValidationError) as wrong:
        visits.register_visit(ctx, bare_staff, residents[0], bad)
    assert _codes(wrong.value) == {
        "requests.0.service_item_id": "field.required",
        "requests.1.category": "visit.category_unknown",
        "requests.1.urgency": "visit.urgency_unknown",
        "requests.1.description": "field.too_long",
        "requests.2.service_item_id": "visit.service_item_unavailable",
    }
    assert visits.list_visits(ctx, bare_staff, TODAY) == []


def test_inactive_item_and_missing_resident_are_refused(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str]
) -> None:
    retired = item_id(ctx, "A")
    with ctx.db.write() as session:
        session.get_one(ServiceItem, retired).active = False
    with pytest.raises(ValidationError) as inactive:
        visits.register_visit(ctx, bare_staff, residents[0], [RequestDraft(retired)])
    assert _codes(inactive.value) == {
        "requests.0.service_item_id": "visit.service_item_unavailable"
    }
    with pytest.raises(UserError) as missing:
        visits.register_visit(ctx, bare_staff, "nobody", [RequestDraft(item_id(ctx, "B"))])
    assert missing.value.message.code == "visit.resident_missing"


def test_waiting_serving_closed(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str]
) -> None:
    drafts = [RequestDraft(item_id(ctx, "C")), RequestDraft(item_id(ctx, "E"))]
    visit = visits.register_visit(ctx, bare_staff, residents[0], drafts)
    serving = visits.start_serving(ctx, bare_staff, visit.id)
    assert (serving.status, serving.handler_name) == ("serving", "管理员")
    first, second = serving.requests
    after_one = visits.record_outcome(ctx, bare_staff, first.id, OutcomeDraft("done", note="已办"))
    assert after_one.status == "serving" and after_one.closed_at is None
    referral = OutcomeDraft("referred", referred_to="第三网格 王网格员", due_date=TODAY)
    closed = visits.record_outcome(ctx, bare_staff, second.id, referral)
    assert closed.status == "closed" and closed.closed_at is not None
    assert [r.outcome for r in closed.requests] == ["done", "referred"]
    assert closed.requests[1].referred_to == "第三网格 王网格员"
    with pytest.raises(UserError) as again:
        visits.start_serving(ctx, bare_staff, visit.id)
    assert again.value.message.code == "visit.already_closed"
    rated = visits.record_satisfaction(ctx, bare_staff, visit.id, 5)
    assert rated.satisfaction == 5


def test_an_outcome_without_serving_first_takes_the_visit(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str]
) -> None:
    drafts = [RequestDraft(item_id(ctx, "C")), RequestDraft(item_id(ctx, "E"))]
    visit = visits.register_visit(ctx, bare_staff, residents[0], drafts)
    booked = OutcomeDraft("booked", due_date=NEXT_SATURDAY)
    after = visits.record_outcome(ctx, bare_staff, visit.requests[0].id, booked)
    assert (after.status, after.handler_id) == ("serving", bare_staff.id)
    assert after.requests[0].due_date == NEXT_SATURDAY


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        (OutcomeDraft(""), {"outcome": "field.required"}),
        (OutcomeDraft("lost"), {"outcome": "visit.outcome_unknown"}),
        (
            OutcomeDraft("referred"),
            {
                "referred_to": "visit.referred_to_required",
                "due_date": "visit.due_date_required.referred",
            },
        ),
        (
            OutcomeDraft("referred", referred_to="民政科", due_date=TODAY - dt.timedelta(days=1)),
            {"due_date": "visit.due_date_past"},
        ),
        (OutcomeDraft("follow_up"), {"due_date": "visit.due_date_required.follow_up"}),
        (OutcomeDraft("booked"), {"due_date": "visit.due_date_required.booked"}),
        (
            OutcomeDraft("booked", due_date=NEXT_SATURDAY + dt.timedelta(days=1)),
            {"due_date": "visit.booked_not_saturday"},
        ),
        (OutcomeDraft("done", note="x" * 501), {"note": "field.too_long"}),
    ],
)
def test_outcome_rules(
    ctx: DeskContext,
    bare_staff: StaffIdentity,
    residents: list[str],
    draft: OutcomeDraft,
    expected: dict[str, str],
) -> None:
    visit = visits.register_visit(ctx, bare_staff, residents[0], [RequestDraft(item_id(ctx, "A"))])
    with pytest.raises(ValidationError) as wrong:
        visits.record_outcome(ctx, bare_staff, visit.requests[0].id, draft)
    assert _codes(wrong.value) == expected
    assert visits.get_visit(ctx, bare_staff, visit.id).requests[0].outcome is None


def test_follow_up_and_done_keep_only_what_fits(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str]
) -> None:
    visit = visits.register_visit(ctx, bare_staff, residents[0], [RequestDraft(item_id(ctx, "A"))])
    request_id = visit.requests[0].id
    follow = OutcomeDraft("follow_up", referred_to="ignored", due_date=TODAY)
    after = visits.record_outcome(ctx, bare_staff, request_id, follow).requests[0]
    assert (after.referred_to, after.due_date) == ("", TODAY)
    done = visits.record_outcome(ctx, bare_staff, request_id, OutcomeDraft("done", due_date=TODAY))
    assert done.requests[0].due_date is None


@pytest.mark.parametrize("grade", [0, 6, True])
def test_satisfaction_is_one_to_five(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str], grade: int
) -> None:
    visit = visits.register_visit(ctx, bare_staff, residents[0], [RequestDraft(item_id(ctx, "A"))])
    with pytest.raises(ValidationError) as wrong:
        visits.record_satisfaction(ctx, bare_staff, visit.id, grade)
    assert _codes(wrong.value) == {"satisfaction": "visit.satisfaction_range"}


def test_list_filters_and_waiting_ahead(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str]
) -> None:
    other = replace(bare_staff)  # the same sign-in, held by another screen
    a1 = visits.register_visit(ctx, bare_staff, residents[0], [RequestDraft(item_id(ctx, "A"))])
    a2 = visits.register_visit(ctx, bare_staff, residents[1], [RequestDraft(item_id(ctx, "A"))])
    shared = RequestDraft(item_id(ctx, "F"))  # 加装电梯协调: shared
    b1 = visits.register_visit(ctx, bare_staff, residents[2], [RequestDraft(item_id(ctx, "B"))])
    a3 = visits.register_visit(
        ctx, bare_staff, residents[2], [RequestDraft(item_id(ctx, "A")), shared]
    )
    assert [v.queue_number for v in visits.list_visits(ctx, bare_staff, TODAY)] == [
        "A001",
        "A002",
        "B001",
        "A003",
    ]
    assert [visits.waiting_ahead(ctx, bare_staff, v.id) for v in (a1, a2, b1, a3)] == [0, 1, 0, 2]
    visits.start_serving(ctx, other, a1.id)
    assert visits.waiting_ahead(ctx, bare_staff, a3.id) == 1
    assert visits.waiting_ahead(ctx, bare_staff, a1.id) == 0
    waiting = visits.list_visits(ctx, bare_staff, TODAY, VisitFilter(status="waiting"))
    assert [v.queue_number for v in waiting] == ["A002", "B001", "A003"]
    by_handler = visits.list_visits(ctx, bare_staff, TODAY, VisitFilter(handler_id=bare_staff.id))
    assert [v.queue_number for v in by_handler] == ["A001"]
    sharing = visits.list_visits(ctx, bare_staff, TODAY, VisitFilter(category="shared"))
    assert [v.queue_number for v in sharing] == ["A003"]
    assert sharing[0].categories == {"public", "shared"}
    assert visits.list_visits(ctx, bare_staff, TODAY + dt.timedelta(days=1)) == []


def test_resident_history_newest_first(
    ctx: DeskContext, bare_staff: StaffIdentity, residents: list[str]
) -> None:
    first = visits.register_visit(ctx, bare_staff, residents[0], [RequestDraft(item_id(ctx, "A"))])
    later = replace(ctx, clock=lambda: MONDAY_MORNING + dt.timedelta(days=3))
    second = visits.register_visit(
        later, bare_staff, residents[0], [RequestDraft(item_id(ctx, "C"))]
    )
    visits.register_visit(ctx, bare_staff, residents[1], [RequestDraft(item_id(ctx, "A"))])
    history = visits.resident_history(ctx, bare_staff, residents[0])
    assert [v.id for v in history] == [second.id, first.id]
    assert history[0].requests[0].line_code == "C"
    assert visits.resident_history(ctx, bare_staff, "nobody") == []


def test_unknown_visit_or_request(ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    with pytest.raises(UserError) as visit:
        visits.get_visit(ctx, bare_staff, "nope")
    assert visit.value.message.code == "visit.not_found"
    with pytest.raises(UserError) as request:
        visits.record_outcome(ctx, bare_staff, "nope", OutcomeDraft("done"))
    assert request.value.message.code == "visit.request_not_found"


def test_a_locked_database_gives_a_message_and_no_visit(
    ctx: DeskContext,
    bare_staff: StaffIdentity,
    residents: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(db.sqlite_engine, "BUSY_TIMEOUT_MS", 100)
    impatient = replace(ctx, db=Database.open(ctx.paths.database))
    other_program = sqlite3.connect(ctx.paths.database, isolation_level=None)
    other_program.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError) as locked:
            visits.register_visit(
                impatient, bare_staff, residents[0], [RequestDraft(item_id(ctx, "A"))]
            )
        assert locked.value.message.code == "db.locked"
    finally:
        other_program.execute("ROLLBACK")
        other_program.close()
        impatient.db.dispose()
    assert visits.list_visits(ctx, bare_staff, TODAY) == []
