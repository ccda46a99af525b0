"""An id used again with other content is refused, never answered as a replay: change ids,
share request ids, channel request ids; and a desk that meets one is never stuck."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from sqlalchemy import select

from db.ids import uuid7
from db.models import ChangeLogEntry, SyncIssue
from desktop.residents import ResidentDraft, create_resident
from desktop.sync import enrolment
from desktop.sync.push import push_pending
from desktop.sync.status import pending_count
from desktop.sync.transport import HttpTransport
from district import admin
from tests.conftest import Desk as DeskApp
from tests.integration.district_server import Desk, District
from tests.memory_keyring import MemoryKeyring

SATURDAY = dt.date.today() + dt.timedelta(days=(5 - dt.date.today().weekday()) % 7 + 7)


def _person(center_id: str, name: str = "张三") -> dict[str, Any]:
    return {"id": uuid7(), "center_id": center_id, "name": name}


def _results(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def test_a_change_id_sent_again_with_other_content_is_refused(district: District) -> None:
    desk = district.enrol(district.new_center())
    person = _person(desk.center_id)
    first = desk.change("resident", person)
    assert _results(desk.push([first]))[0]["status"] == "accepted"
    assert _results(desk.push([first]))[0]["replayed"] is True
    other = {**first, "payload": {**person, "name": "李四"}}
    answer = _results(desk.push([other]))[0]
    assert answer["status"] == "rejected" and answer["replayed"] is False
    assert answer["reason"]["code"] == "change_id_reused"
    assert "重新登记" in answer["reason"]["zh_CN"]
    names = [
        c["payload"]["name"]
        for c in district.enrol(desk.center_id, "B").pull_all()
        if c["entity"] == "resident"
    ]
    assert names == ["张三"]  # the first content stays, the second is not stored


def test_a_change_id_reused_at_a_new_number_is_refused_and_the_sequence_goes_on(
    district: District,
) -> None:
    desk = district.enrol(district.new_center())
    person = _person(desk.center_id)
    first = desk.change("resident", person)
    desk.push([first])
    reused = {
        **desk.change("resident", {**person, "name": "王五"}),
        "change_id": first["change_id"],
    }
    following = desk.change("resident", _person(desk.center_id, "赵六"))
    answer = _results(desk.push([reused, following]))
    assert [r["status"] for r in answer] == ["rejected", "accepted"]
    assert answer[0]["reason"]["code"] == "change_id_reused"
    assert desk.push([desk.change("resident", _person(desk.center_id))]).status_code == 200


def test_a_held_change_beyond_the_next_number_is_a_gap_not_a_silent_skip(
    district: District,
) -> None:
    desk = district.enrol(district.new_center())
    first = desk.change("resident", _person(desk.center_id))
    desk.push([first])  # the server holds 1
    missing = desk.change("resident", _person(desk.center_id))  # 2, never sent
    again = {**first, "seq": desk.seq + 1}  # the held change renumbered 3
    gap = desk.push([again])
    assert gap.status_code == 409 and gap.json()["recovery"]["resend_from_seq"] == 2
    resent = desk.push([missing, again])
    assert [r["status"] for r in _results(resent)] == ["accepted", "accepted"]
    assert resent.json()["server_last_seq"] == 3


def test_the_same_change_id_twice_in_one_batch(district: District) -> None:
    desk = district.enrol(district.new_center())
    person = _person(desk.center_id)
    first = desk.change("resident", person)
    same = {**first, "seq": desk.seq + 1}
    desk.seq += 1
    other = {**first, "seq": desk.seq + 1, "payload": {**person, "name": "钱七"}}
    desk.seq += 1
    answer = _results(desk.push([first, same, other]))
    assert [r["status"] for r in answer] == ["accepted", "accepted", "rejected"]
    assert answer[1]["replayed"] is True and answer[1]["server_seq"] == answer[0]["server_seq"]
    assert answer[2]["reason"]["code"] == "change_id_reused"


def _share(desk: Desk, kind: str, body: dict[str, Any]) -> httpx.Response:
    return desk.client.post(f"/api/v1/saturday/shares/{kind}", json=body)


def test_a_share_request_id_used_again_for_another_request_is_refused(district: District) -> None:
    center = district.new_center()
    slot = admin.create_slot(district.database, center, SATURDAY, "09:00", "10:00", 10)
    other_slot = admin.create_slot(district.database, center, SATURDAY, "10:00", "11:00", 10)
    desk, other_desk = district.enrol(center, "A"), district.enrol(center, "B")
    asked = {"request_id": uuid7(), "slot_id": slot, "places": 2}
    assert _share(desk, "request", asked).json()["moved"] == 2
    assert _share(desk, "request", asked).json()["replayed"] is True
    for kind, body in (
        ("request", {**asked, "places": 3}),
        ("return", asked),
        ("request", {**asked, "slot_id": other_slot}),
    ):
        refused = _share(desk, kind, body)
        assert refused.status_code == 409, (kind, body, refused.text)
        assert refused.json()["error"]["code"] == "request_id_reused"
    by_other = _share(other_desk, "request", asked)
    assert by_other.status_code == 409
    assert by_other.json()["error"]["code"] == "duplicate_change_id"
    listed = desk.client.get(
        "/api/v1/saturday/slots", params={"from": SATURDAY.isoformat(), "to": SATURDAY.isoformat()}
    ).json()["slots"]
    assert [(s["my_share"], s["server_free"]) for s in listed] == [(2, 8), (0, 10)]


def test_a_channel_request_id_used_again_for_another_booking_is_refused(
    district: District,
) -> None:
    center = district.new_center()
    slot = admin.create_slot(district.database, center, SATURDAY, "09:00", "10:00", 5)
    other_slot = admin.create_slot(district.database, center, SATURDAY, "10:00", "11:00", 5)
    channel = district.channel()
    booking = {
        "request_id": uuid7(),
        "slot_id": slot,
        "resident_name": "王五",
        "phone": "13900139000",
    }
    first = channel.post("/api/v1/channels/bookings", json=booking)
    assert first.status_code == 200
    replay = channel.post("/api/v1/channels/bookings", json=booking)
    assert replay.json() == {**first.json(), "replayed": True}
    for changed in (
        {"slot_id": other_slot},
        {"resident_name": "王六"},
        {"phone": "13900139001"},
        {"note": "带轮椅"},
    ):
        refused = channel.post("/api/v1/channels/bookings", json={**booking, **changed})
        assert refused.status_code == 409, (changed, refused.text)
        assert refused.json()["error"]["code"] == "request_id_reused"
    by_other = district.channel().post("/api/v1/channels/bookings", json=booking)
    assert by_other.status_code == 409
    assert by_other.json()["error"]["code"] == "request_id_reused"


def test_a_desk_meeting_a_reused_change_id_moves_it_to_its_inbox(
    district: District, desk: DeskApp, memory_keyring: MemoryKeyring
) -> None:
    center = district.new_center("幸福里")
    code = admin.issue_enrolment_code(district.database, center)
    enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, "前台 1")
    resident = create_resident(
        desk.ctx, desk.admin, ResidentDraft(name="张三", phone="13800135678")
    )
    with desk.ctx.db.read() as session:
        taken = session.scalars(
            select(ChangeLogEntry.change_id).where(ChangeLogEntry.entity_id == resident.id)
        ).one()
    intruder = district.enrol(center, "别的前台")
    clash = {**intruder.change("resident", _person(center, "李四")), "change_id": taken}
    assert _results(intruder.push([clash]))[0]["status"] == "accepted"
    transport = HttpTransport(district.base_url)
    try:
        summary = push_pending(desk.ctx, transport)
        assert summary.pending == 0 and summary.refused == 1
        assert push_pending(desk.ctx, transport).refused == 0  # nothing goes round again
    finally:
        transport.close()
    assert pending_count(desk.ctx) == 0
    with desk.ctx.db.read() as session:
        issue = session.scalars(select(SyncIssue).where(SyncIssue.entity_id == resident.id)).one()
    assert issue.status == "rejected" and issue.reason_code == "change_id_reused"
