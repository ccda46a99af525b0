"""A well-formed pull is answered before FastAPI's routing (``district/pull_endpoint.py``),
with the stored payloads spliced into the answer: it must say exactly what the route says
for the same request, keep each center's feed to itself and leave every refusal to the
route (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import or_, select

from db.ids import uuid7
from district import admin, feed
from district.pull_endpoint import PullQuery
from district.security import DeviceAuth
from district.tables import change
from protocol.changes import PULL_PAGE_DEFAULT
from tests.integration.district_server import Desk, District

AWKWARD = [
    '张三 "quoted" back\\slash',
    "line\nbreak\ttab \u0001 control",
    "emoji 🙂 and \u2028 separator",
    "</script>&<>'",
]


def resident(center_id: str, name: str, n: int) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "center_id": center_id,
        "name": name,
        "phone": "13800001234",
        "age": 60 + n,
        "score": n / 7,
        "big": 2**53 + n,
        "flags": [True, False, None],
        "nested": {"键": [1, 2.5, {"x": name}], "empty": {}},
    }


def filled(district: District) -> tuple[Desk, Desk, Desk]:
    """Two desks of one center (the first pushes awkward payloads), one of another center
    pushing its own; district reference data besides."""
    center, other = district.new_center("甲"), district.new_center("乙")
    writer, reader = district.enrol(center, "A"), district.enrol(center, "B")
    stranger = district.enrol(other, "C")
    people = [resident(center, AWKWARD[n % len(AWKWARD)], n) for n in range(23)]
    theirs = [resident(other, "他们的", n) for n in range(5)]
    # the center's, the other center's and the district's changes interleaved in the feed
    assert writer.push([writer.change("resident", p) for p in people[:9]]).status_code == 200
    assert stranger.push([stranger.change("resident", p) for p in theirs]).status_code == 200
    admin.import_catalog(
        district.database,
        {
            "service_lines": [
                {"code": "A", "name": "综合", "items": [{"name": "开证明", "category": "public"}]}
            ]
        },
    )
    assert writer.push([writer.change("resident", p) for p in people[9:]]).status_code == 200
    return writer, reader, stranger


def pages(desk: Desk, limit: int, **extra: str) -> list[tuple[dict[str, Any], bytes]]:
    """Every page of ``desk``'s feed: the parameters sent and the answer's bytes."""
    found: list[tuple[dict[str, Any], bytes]] = []
    params: dict[str, Any] = {"after": 0, "limit": limit, **extra}
    while True:
        response = desk.client.get("/api/v1/pull", params=params)
        assert response.status_code == 200, response.text
        found.append((dict(params), response.content))
        page = json.loads(response.content)
        if not page["has_more"]:
            return found
        params = {**params, "after": page["cursor"], "after_change_id": page["cursor_change_id"]}


def test_the_fast_answer_is_the_routes_answer(district: District) -> None:
    writer, reader, stranger = filled(district)
    for desk, own in ((reader, "false"), (writer, "true"), (stranger, "false")):
        fast = pages(desk, 4, include_own=own)
        # "off"/"on" are read by the route alone (the fast path takes only the plain forms)
        routed = pages(desk, 4, include_own="on" if own == "true" else "off")
        assert [json.loads(body) for _, body in fast] == [json.loads(body) for _, body in routed]
        auth = DeviceAuth(desk.device_id, desk.center_id)
        for params, body in fast:
            page = feed.pull(
                district.database,
                auth,
                params["after"],
                params.get("after_change_id"),
                params["limit"],
                own == "true",
            )
            assert json.loads(body) == page.model_dump(mode="json")
            encoded = feed.pull_encoded(
                district.database,
                auth,
                params["after"],
                params.get("after_change_id"),
                params["limit"],
                own == "true",
            )
            assert encoded == body
    changes = [
        c
        for _, body in pages(writer, 1000, include_own="true")
        for c in json.loads(body)["changes"]
    ]
    names = {c["payload"]["name"] for c in changes if c["entity"] == "resident"}
    assert names == set(AWKWARD)


def test_each_center_reads_only_its_own_feed(district: District) -> None:
    writer, reader, stranger = filled(district)
    for desk in (reader, stranger):
        changes = [c for _, body in pages(desk, 3) for c in json.loads(body)["changes"]]
        assert changes and all(c["center_id"] in (None, desk.center_id) for c in changes)
        seqs = [c["server_seq"] for c in changes]
        assert seqs == sorted(set(seqs))
        assert changes == json.loads(pages(desk, 1000)[0][1])["changes"]
        with district.database.read() as conn:
            expected = conn.execute(
                select(change.c.change_id)
                .where(
                    change.c.status == "accepted",
                    or_(change.c.center_id == desk.center_id, change.c.center_id.is_(None)),
                    or_(change.c.device_id.is_(None), change.c.device_id != desk.device_id),
                )
                .order_by(change.c.server_seq)
            ).scalars()
            assert [c["change_id"] for c in changes] == list(expected)
        assert all(c["payload"].get("center_id") in (None, desk.center_id) for c in changes)
    own = [c for _, body in pages(writer, 1000) for c in json.loads(body)["changes"]]
    assert not [c for c in own if c["entity"] == "resident"]  # its own changes are not sent back


def test_refusals_are_the_routes(district: District) -> None:
    _, reader, _ = filled(district)
    bad = district.http("not-a-token").get("/api/v1/pull")
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "token_invalid"
    assert district.http().get("/api/v1/pull").status_code == 401
    held = reader.client.get("/api/v1/pull", params={"after": 2**40})
    assert held.status_code == 409 and held.json()["error"]["code"] == "cursor_mismatch"
    for params in ({"limit": 0}, {"limit": 1001}, {"after": -1}, {"after_change_id": "a/b"}):
        assert reader.client.get("/api/v1/pull", params=params).status_code == 422, params


def test_only_plain_query_strings_are_read_here() -> None:
    assert PullQuery.read(b"") == PullQuery(0, None, PULL_PAGE_DEFAULT, False)
    assert PullQuery.read(b"after=12&limit=1000&after_change_id=ab-9&include_own=true") == (
        PullQuery(12, "ab-9", 1000, True)
    )
    assert PullQuery.read(b"after=007&include_own=0") == PullQuery(
        7, None, PULL_PAGE_DEFAULT, False
    )
    for left in (
        b"after=1&after=2",
        b"after=-1",
        b"after=+1",
        b"after=1.0",
        b"after=",
        b"after=" + str(2**62 + 1).encode(),
        b"limit=0",
        b"limit=1001",
        b"include_own=yes",
        b"include_own=True",
        b"after_change_id=a%2Fb",
        b"after_change_id=",
        b"cursor=3",
    ):
        assert PullQuery.read(left) is None, left


def test_pages_are_compressed_for_clients_that_take_gzip(district: District) -> None:
    writer, _, _ = filled(district)
    answers = {}
    for encoding in ("gzip", "identity"):
        response = writer.client.get(
            "/api/v1/pull", params={"include_own": "true"}, headers={"Accept-Encoding": encoding}
        )
        assert response.status_code == 200
        assert response.headers.get("content-encoding") == (
            None if encoding == "identity" else "gzip"
        )
        answers[encoding] = response.content
    assert (
        answers["gzip"] == answers["identity"] and len(json.loads(answers["gzip"])["changes"]) > 23
    )
