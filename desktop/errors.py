"""Errors the desk shows to people: a message code plus parameters, translated by the UI.

Core code never builds display strings; it raises these with a code from the catalog in
:mod:`desktop.texts` so the same error reads right in Chinese and in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """A translatable message: catalog ``code`` and its ``params``."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class UserError(Exception):
    """Something the person at the desk can understand and act on."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.message = Message(code, params)


class ValidationError(UserError):
    """One or more fields are wrong; ``fields`` maps field name to its message."""

    def __init__(self, fields: dict[str, Message]) -> None:
        super().__init__("validation.failed", count=len(fields))
        self.fields = fields
