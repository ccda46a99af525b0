"""The push's fast encodings say exactly what the plain ones said.

A change's digest (``fingerprint``) is stored: a change id sent again after an upgrade must
give the same digest, or its replay would be refused as ``change_id_reused``. The push
endpoint reads the body in pydantic's fast JSON mode and walks only the payloads after:
it must take exactly what :class:`protocol.PushRequest` takes and leave every refusal to
the FastAPI route (which names the field at fault).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from district.change_rules import Verdict
from district.push import PushAnswer, fingerprint
from district.push_endpoint import PushBody, PushEndpoint
from protocol import Change, ChangeResult, PushRequest

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
PLAIN = st.one_of(TEXT, st.integers(), st.booleans(), st.none())
ANY_VALUE = st.recursive(
    st.one_of(PLAIN, st.floats(allow_nan=False, allow_infinity=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)


def canonical_digest(item: Change) -> str:
    """The digest as first written: ``json.dumps`` with sorted keys, no encrypted fields."""
    payload = {k: v for k, v in item.payload.items() if not k.endswith("_cipher")}
    content = [item.entity, item.entity_id, item.op, item.version, payload]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def change(payload: dict[str, Any]) -> Change:
    return Change(
        change_id="c-1", seq=1, entity="resident", entity_id="r-1", op="insert", version=3,
        payload=payload,
    )  # fmt: skip


@given(st.dictionaries(TEXT, PLAIN, max_size=8))
def test_the_digest_of_plain_payloads_is_unchanged(payload: dict[str, Any]) -> None:
    item = change({**payload, "phone_cipher": "v1:abc"})
    assert fingerprint(item) == canonical_digest(item)


@given(st.dictionaries(TEXT, ANY_VALUE, max_size=6))
def test_the_digest_of_any_payload_is_unchanged(payload: dict[str, Any]) -> None:
    item = change(payload)
    assert fingerprint(item) == canonical_digest(item)


def test_the_fast_body_takes_what_the_request_takes() -> None:
    def schema(model: Any) -> dict[str, Any]:
        found: dict[str, Any] = model.model_json_schema()
        found.pop("title")
        found.pop("description", None)
        return found

    assert schema(PushBody) == schema(PushRequest)
    assert PushBody.model_config == PushRequest.model_config


def body_with(value: str) -> bytes:
    item = change({"name": "x"}).model_dump()
    return json.dumps({"changes": [item]}).replace('"x"', value).encode()


def test_unstorable_or_malformed_bodies_are_left_to_the_route() -> None:
    endpoint = PushEndpoint(app=None, database=None)  # type: ignore[arg-type]
    for value in ('"a\\u0000b"', "NaN", "-Infinity", "1e999", '"\\ud800"', '"x"}, "extra": {'):
        assert endpoint._answer("token", body_with(value)) is None, value
    assert endpoint._answer("token", b"{not json") is None
    assert endpoint._answer("token", b'{"changes": [], "more": 1}') is None


def test_an_answer_encodes_as_its_response() -> None:
    rejected = Verdict.rejected("change_id_reused").reason
    results: list[dict[str, Any]] = [
        {
            "change_id": "a",
            "status": "accepted",
            "server_seq": 7,
            "reason": None,
            "server_version": None,
            "server_payload": None,
            "alternatives": [],
            "replayed": False,
        },
        {
            "change_id": "b",
            "status": "conflict",
            "server_seq": None,
            "reason": rejected,
            "server_version": 3,
            "server_payload": {"day": dt.date(2026, 12, 5), "name": "张三", "n": 1.5},
            "alternatives": [{"slot_id": "s", "free": 2}],
            "replayed": False,
        },
        ChangeResult(change_id="c", status="rejected", reason=rejected).model_dump(),
    ]
    answer = PushAnswer(results, 12)
    assert answer.encoded() == answer.response().model_dump_json().encode()
    assert list(results[0]) == list(ChangeResult.model_fields)
