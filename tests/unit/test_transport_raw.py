"""A pull asks for a successful answer's bytes as they came (parsed and checked in one step
afterwards); an answer that is not a success is still read and turned into its error."""

from __future__ import annotations

import httpx
import pytest

from desktop.sync.transport import HttpTransport, SyncError

PAGE = b'{"changes":[],"cursor":7,"cursor_change_id":null,"has_more":false}'
REFUSED = b'{"error":{"code":"x","zh_CN":"\xe4\xb8\x8d\xe8\xa1\x8c","en":"no"}}'


def _transport(status: int, content: bytes) -> HttpTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content)

    client = httpx.Client(base_url="http://district.test", transport=httpx.MockTransport(answer))
    return HttpTransport("http://district.test", client)


def test_a_successful_answer_comes_as_its_bytes() -> None:
    reply = _transport(200, PAGE).send("GET", "/api/v1/pull", token="t", raw=True)
    assert (reply.status, reply.body, reply.raw) == (200, None, PAGE)
    parsed = _transport(200, PAGE).send("GET", "/api/v1/pull", token="t")
    assert parsed.raw is None and parsed.body["cursor"] == 7


@pytest.mark.parametrize(
    ("status", "content", "code"),
    [(422, REFUSED, "sync.refused"), (500, b"oops", "sync.server_error"), (503, b"", "sync.busy")],
)
def test_a_failed_answer_is_its_error_also_when_bytes_were_asked(
    status: int, content: bytes, code: str
) -> None:
    with pytest.raises(SyncError) as failed:
        _transport(status, content).send("GET", "/api/v1/pull", raw=True)
    assert failed.value.message.code == code
