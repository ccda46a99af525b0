"""A pulled page is checked from the answer's bytes in one step, or, given parsed, in parts
(the UI thread gets its turn between them); both read the same as one checked whole;
anything off is the server's garbage, in words."""

from __future__ import annotations

import json
from typing import Any

import pytest

from desktop.sync.pull import CHECKED_AT_ONCE, _page
from desktop.sync.transport import SyncError
from protocol.changes import PullResponse


def _body(count: int) -> dict[str, Any]:
    changes = [
        {
            "server_seq": n + 1,
            "change_id": f"change-{n}",
            "center_id": "c",
            "entity": "resident",
            "entity_id": f"resident-{n}",
            "op": "insert",
            "version": 1,
            "payload": {"name": f"居民{n}"},
        }
        for n in range(count)
    ]
    return {"changes": changes, "cursor": count, "cursor_change_id": None, "has_more": False}


def test_checked_in_parts_reads_as_checked_whole() -> None:
    body = _body(CHECKED_AT_ONCE * 2 + 7)
    assert _page(body) == PullResponse.model_validate(body)
    assert _page(_body(0)) == PullResponse.model_validate(_body(0))


def test_checked_from_the_bytes_reads_as_checked_whole() -> None:
    body = _body(CHECKED_AT_ONCE * 2 + 7)
    body["changes"][5]["payload"].update(count=3, share=0.5, flags=[True, None], tag={"a": "乙"})
    raw = json.dumps(body, ensure_ascii=False).encode()
    assert _page(raw) == PullResponse.model_validate(body) == _page(body)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda body: body["changes"][150].pop("entity_id"),
        lambda body: body["changes"][3].update(version="many"),
        lambda body: body.update(cursor="later"),
        lambda body: body.update(changes={"not": "a list"}),
        lambda body: body.update(surprise=True),
    ],
)
def test_a_page_that_does_not_fit_is_garbage(spoil: Any) -> None:
    body = _body(CHECKED_AT_ONCE * 2)
    spoil(body)
    for given in (body, json.dumps(body).encode()):
        with pytest.raises(SyncError) as refused:
            _page(given)
        assert refused.value.message.code == "sync.garbage"


@pytest.mark.parametrize("answer", [["changes"], b'["changes"]', b"{not json", b"", b"null"])
def test_an_answer_that_is_not_a_page(answer: Any) -> None:
    with pytest.raises(SyncError) as refused:
        _page(answer)
    assert refused.value.message.code == "sync.garbage"
