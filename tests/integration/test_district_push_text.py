"""What a desk pushes comes back to the center's other desks exactly as it was written.

The district stores a push's rows through array literals it writes itself (PostgreSQL,
``district.bulk.array_literal``), so text with the characters such a literal gives meaning
to (quotes, backslashes, braces, commas, the word NULL, empty strings) must arrive intact.
"""

from __future__ import annotations

from db.ids import uuid7
from tests.integration.district_server import District

AWKWARD = ['"quoted"', "back\\slash", "{a,b}", "NULL", "", " spaced ", "张三, 李四", '\\"', "x\ny"]


def test_awkward_text_is_stored_and_pulled_as_written(district: District) -> None:
    desk = district.enrol(district.new_center())
    sent = []
    for text in AWKWARD:
        entity_id = f"{uuid7()}"
        payload = {"id": entity_id, "center_id": desk.center_id, "note": text, "tags": [text]}
        sent.append(desk.change("note_card", payload))
    answer = desk.push(sent)
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"accepted"}
    pulled = district.enrol(desk.center_id, "前台 2").pull_all()
    notes = {c["entity_id"]: c["payload"] for c in pulled if c["entity"] == "note_card"}
    for change in sent:
        assert notes[change["entity_id"]]["note"] == change["payload"]["note"]
        assert notes[change["entity_id"]]["tags"] == change["payload"]["tags"]
    again = desk.push(sent).json()["results"]  # the same changes again: replays, not reuse
    assert all(r["replayed"] and r["status"] == "accepted" for r in again)
