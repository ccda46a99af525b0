"""Enrolment, push and pull against a real district server (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from db.ids import uuid7
from district import admin
from district.tables import change
from tests.integration.district_server import Desk, District


def resident(center_id: str, name: str = "张三") -> dict[str, Any]:
    return {"id": uuid7(), "center_id": center_id, "name": name, "phone": "13800001234"}


def visit(center_id: str, resident_id: str) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "center_id": center_id,
        "resident_id": resident_id,
        "visit_date": "2026-11-20",
        "queue_number": "A001",
        "status": "closed",
        "satisfaction": 5,
    }


def test_enrolment_code_is_one_time(district: District) -> None:
    center = district.new_center()
    code = admin.issue_enrolment_code(district.database, center)
    http = district.http()
    first = http.post("/api/v1/enrol", json={"code": code, "device_name": "前台 1"})
    again = http.post("/api/v1/enrol", json={"code": code, "device_name": "前台 2"})
    assert first.status_code == 200 and first.json()["center_id"] == center
    assert again.status_code == 403
    assert again.json()["error"]["code"] == "enrolment_code_invalid"


def test_wrong_or_missing_token_is_refused(district: District) -> None:
    missing = district.http().get("/api/v1/pull")
    wrong = district.http("not-a-token").get("/api/v1/pull")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "token_missing"
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "token_invalid"


def test_incompatible_protocol_is_told_to_upgrade(district: District) -> None:
    desk = district.enrol(district.new_center())
    old = desk.client.post(
        "/api/v1/handshake", json={"protocol_version": 0, "schema_version": "", "app_version": "0"}
    )
    ok = desk.client.post(
        "/api/v1/handshake", json={"protocol_version": 1, "schema_version": "x", "app_version": "1"}
    )
    assert old.status_code == 422  # below the lowest protocol the schema admits
    assert ok.status_code == 200 and ok.json()["compatible"] is True
    newer = desk.client.post(
        "/api/v1/handshake", json={"protocol_version": 99, "schema_version": "", "app_version": "9"}
    )
    assert newer.status_code == 426
    assert "升级" in newer.json()["error"]["zh_CN"]


def test_push_is_applied_exactly_once_under_retries(district: District) -> None:
    desk = district.enrol(district.new_center())
    person = resident(desk.center_id)
    batch = [
        desk.change("resident", person),
        desk.change("visit", visit(desk.center_id, person["id"])),
    ]
    results = [desk.push(batch) for _ in range(3)]
    assert all(r.status_code == 200 for r in results)
    first, *replays = (r.json()["results"] for r in results)
    assert [x["status"] for x in first] == ["accepted", "accepted"]
    for replay in replays:
        assert [x["replayed"] for x in replay] == [True, True]
        assert [x["server_seq"] for x in replay] == [x["server_seq"] for x in first]
    with district.database.read() as conn:
        stored = conn.execute(
            select(func.count()).where(change.c.change_id.in_([c["change_id"] for c in batch]))
        ).scalar_one()
    assert stored == 2


def test_results_are_per_change(district: District) -> None:
    desk = district.enrol(district.new_center())
    good = resident(desk.center_id)
    bad = {"id": uuid7(), "center_id": desk.center_id}  # no name
    read_only = {"id": uuid7(), "center_id": None, "code": "Z", "name": "x"}
    batch = [
        desk.change("resident", good),
        desk.change("resident", bad),
        desk.change("service_line", read_only),
    ]
    results = desk.push(batch).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected"]
    assert results[1]["reason"]["code"] == "payload_invalid"
    assert results[1]["reason"]["zh_CN"] and results[1]["reason"]["en"]
    assert results[2]["reason"]["code"] == "read_only_entity"


def test_dependent_change_later_in_batch_or_next_batch_is_accepted(district: District) -> None:
    desk = district.enrol(district.new_center())
    person = resident(desk.center_id)
    first = desk.push([desk.change("visit", visit(desk.center_id, person["id"]))])
    second = desk.push([desk.change("resident", person)])
    assert first.json()["results"][0]["status"] == "accepted"
    assert second.json()["results"][0]["status"] == "accepted"


def test_wrong_version_is_a_conflict_with_the_servers_row(district: District) -> None:
    center = district.new_center()
    desk_a, desk_b = district.enrol(center, "A"), district.enrol(center, "B")
    person = resident(center)
    desk_a.push([desk_a.change("resident", person)])
    edit_a = {**person, "name": "张三丰"}
    edit_b = {**person, "name": "张三四"}
    assert (
        desk_a.push([desk_a.change("resident", edit_a, "update", 2)]).json()["results"][0]["status"]
        == "accepted"
    )
    result = desk_b.push([desk_b.change("resident", edit_b, "update", 2)]).json()["results"][0]
    assert result["status"] == "conflict"
    assert result["server_version"] == 2
    assert result["server_payload"]["name"] == "张三丰"
    assert result["reason"]["code"] == "version_conflict"


def test_pull_pages_other_desks_changes_and_reference_data(district: District) -> None:
    center = district.new_center()
    writer, reader = district.enrol(center, "A"), district.enrol(center, "B")
    people = [resident(center, f"居民{i}") for i in range(25)]
    assert writer.push([writer.change("resident", p) for p in people]).status_code == 200
    admin.import_catalog(
        district.database,
        {
            "service_lines": [
                {"code": "A", "name": "综合", "items": [{"name": "开证明", "category": "public"}]}
            ]
        },
    )
    pulled = reader.pull_all(limit=7)
    ids = [c["entity_id"] for c in pulled if c["entity"] == "resident"]
    assert ids == [p["id"] for p in people]
    assert {"service_line", "service_item", "center"} <= {c["entity"] for c in pulled}
    seqs = [c["server_seq"] for c in pulled]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert writer.pull_all() == [c for c in pulled if c["entity"] != "resident"]
    assert reader.pull_all() == []


def test_center_isolation(district: District) -> None:
    mine, theirs = (
        district.enrol(district.new_center("甲")),
        district.enrol(district.new_center("乙")),
    )
    their_person = resident(theirs.center_id)
    theirs.push([theirs.change("resident", their_person)])
    assert all(c["center_id"] in (None, mine.center_id) for c in mine.pull_all())
    steal = {**their_person, "center_id": mine.center_id, "name": "改名"}
    results = mine.push(
        [
            mine.change("resident", {**their_person, "name": "改名"}, "update", 2),
            mine.change("resident", steal, "update", 2),
            mine.change("visit", visit(mine.center_id, their_person["id"])),
        ]
    ).json()["results"]
    assert [r["reason"]["code"] for r in results] == [
        "other_center",
        "other_center",
        "reference_other_center",
    ]


def test_revoked_device_is_refused(district: District) -> None:
    desk = district.enrol(district.new_center())
    assert desk.client.get("/api/v1/pull").status_code == 200
    assert admin.revoke_device(district.database, desk.device_id)
    response = desk.push([desk.change("resident", resident(desk.center_id))])
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_invalid"


def test_oversized_bodies_and_batches_get_413(district: District) -> None:
    desk = district.enrol(district.new_center())
    huge = desk.client.post(
        "/api/v1/push",
        content=b"{" + b" " * (3 * 1024 * 1024) + b"}",
        headers={"content-type": "application/json"},
    )
    assert huge.status_code == 413 and huge.json()["error"]["code"] == "body_too_large"
    many = [
        desk.change("audit_event", {"id": uuid7(), "center_id": desk.center_id, "action": "x"})
        for _ in range(501)
    ]
    response = desk.push(many)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "batch_too_large"


def _restore(desk: Desk, seq: int) -> None:
    desk.seq = seq


def test_sequence_mismatches_are_told_how_to_recover(district: District) -> None:
    desk = district.enrol(district.new_center())
    desk.push([desk.change("resident", resident(desk.center_id)) for _ in range(3)])
    # server behind (restored from a backup): the desk's next change leaves a gap
    skipped = desk.change("resident", resident(desk.center_id))
    after_gap = desk.change("resident", resident(desk.center_id))
    gap = desk.push([after_gap])
    assert gap.status_code == 409
    assert gap.json()["recovery"] == {
        "action": "resend_from",
        "resend_from_seq": 4,
        "continue_after_seq": None,
        "pull_after": None,
    }
    resent = desk.push([skipped, after_gap])
    assert resent.status_code == 200 and resent.json()["server_last_seq"] == 5
    # desk behind (restored from a backup): it numbers changes the server already holds
    _restore(desk, 2)
    reused = desk.push([desk.change("resident", resident(desk.center_id))])
    assert reused.status_code == 409
    assert reused.json()["recovery"]["action"] == "renumber_and_repull"
    hello = desk.client.post(
        "/api/v1/handshake",
        json={"protocol_version": 1, "schema_version": "x", "app_version": "1", "last_seq": 2},
    ).json()
    assert hello["recovery"]["continue_after_seq"] == 5
    _restore(desk, 5)
    assert desk.push([desk.change("resident", resident(desk.center_id))]).status_code == 200
    own = desk.client.get("/api/v1/pull", params={"after": 0, "include_own": True}).json()
    assert len([c for c in own["changes"] if c["entity"] == "resident"]) == 6


def test_cursor_the_server_does_not_hold_is_reset(district: District) -> None:
    desk = district.enrol(district.new_center())
    response = desk.client.get("/api/v1/pull", params={"after": 10**12, "after_change_id": uuid7()})
    assert response.status_code == 409
    assert response.json()["recovery"]["pull_after"] == 0
