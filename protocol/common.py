"""Pieces every message shares: readable reasons, error bodies, recovery advice."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
"""Bumped when a change to the wire format would break an existing desk."""

MIN_PROTOCOL_VERSION = 1
"""The oldest desk protocol this server still answers."""

MAX_CHANGES_PER_PUSH = 500
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_PULL_PAGE = 1000

ENTITY_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"
ID_PATTERN = r"^[0-9A-Za-z-]{1,36}$"


class Message(BaseModel):
    """Base for every wire model: unknown fields are refused, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Reason(Message):
    """Why something was refused, as a stable code and in words a person can act on."""

    code: str = Field(examples=["version_conflict"])
    zh_CN: str
    en: str


RecoveryAction = Literal["resend_from", "renumber_and_repull", "pull_from", "upgrade", "enrol"]


class Recovery(Message):
    """What a desk must do to get going again after a mismatch."""

    action: RecoveryAction
    resend_from_seq: int | None = Field(
        default=None, description="Re-send the desk's changes from this desk sequence on."
    )
    continue_after_seq: int | None = Field(
        default=None, description="Number new changes after this desk sequence."
    )
    pull_after: int | None = Field(
        default=None, description="Pull again from this server sequence (0 = from the start)."
    )


class ErrorBody(Message):
    """Every error answer (4xx/5xx) has this shape."""

    error: Reason
    recovery: Recovery | None = None
    details: list[str] = Field(default_factory=list)
