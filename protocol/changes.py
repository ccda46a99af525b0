"""Push (desk → server) and pull (server → desk) of changes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from protocol.common import (
    ENTITY_PATTERN,
    ID_PATTERN,
    MAX_CHANGES_PER_PUSH,
    MAX_PULL_PAGE,
    Message,
    Reason,
)
from protocol.storable import INT32_MAX, Inbound

Op = Literal["insert", "update", "delete"]
ResultStatus = Literal["accepted", "rejected", "conflict"]


class Change(Message):
    """One insert/update/delete of a synced row, as written to the desk's change log."""

    change_id: str = Field(pattern=ID_PATTERN, description="UUIDv7 made by the desk")
    seq: int = Field(ge=1, le=2**62, description="The desk's change-log sequence")
    entity: str = Field(pattern=ENTITY_PATTERN, examples=["visit"])
    entity_id: str = Field(pattern=ID_PATTERN)
    op: Op
    version: int = Field(ge=1, le=INT32_MAX, description="The row's version after this change")
    payload: dict[str, Any] = Field(description="The row's columns as JSON")


class PushRequest(Inbound):
    changes: list[Change] = Field(max_length=MAX_CHANGES_PER_PUSH)


class ChangeResult(Message):
    change_id: str
    status: ResultStatus
    server_seq: int | None = Field(default=None, description="Where it sits in the pull feed")
    reason: Reason | None = None
    server_version: int | None = Field(default=None, description="On conflict: the server's")
    server_payload: dict[str, Any] | None = Field(
        default=None, description="On conflict, or when the server completed the row"
    )
    alternatives: list[dict[str, Any]] = Field(
        default_factory=list, description="For a Saturday booking refused as full: free slots"
    )
    replayed: bool = Field(default=False, description="Already applied by an earlier push")


class PushResponse(Message):
    results: list[ChangeResult]
    server_last_seq: int = Field(description="The highest desk sequence the server now holds")


class PulledChange(Message):
    server_seq: int
    change_id: str
    center_id: str | None = Field(description="None for district reference data")
    entity: str
    entity_id: str
    op: Op
    version: int
    payload: dict[str, Any]


class PullResponse(Message):
    changes: list[PulledChange]
    cursor: int = Field(description="Pass as `after` next time")
    cursor_change_id: str | None = Field(
        default=None, description="Pass as `after_change_id` next time"
    )
    has_more: bool


PULL_PAGE_DEFAULT = 500
PULL_PAGE_MAX = MAX_PULL_PAGE
