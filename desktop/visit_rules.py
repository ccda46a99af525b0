"""Checks on what the desk typed for a visit, and its verification code.

Every function returns field errors as ``{field: Message}`` (empty when all is well) so the
form can show each one next to its field; :mod:`desktop.visits` raises them together.
"""

from __future__ import annotations

import datetime as dt
import secrets

from db.models.catalog import CATEGORIES
from db.models.visit import OUTCOMES, URGENCIES
from desktop.errors import Message

SATURDAY = 5
MAX_DESCRIPTION = 1000
MAX_NOTE = 500
MAX_REFERRED_TO = 80
SATISFACTION_GRADES = range(1, 6)  # 1 非常不满意 … 5 非常满意

# No 0/O, 1/I/L: the code is read aloud and typed back from a slip.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def too_long(value: str, limit: int) -> Message | None:
    if len(value) > limit:
        return Message("field.too_long", {"max": limit, "length": len(value)})
    return None


def request_errors(
    position: int, category: str, urgency: str, description: str
) -> dict[str, Message]:
    """Triage errors of the request at ``position`` (0-based; fields ``requests.N.*``)."""
    errors: dict[str, Message] = {}
    prefix = f"requests.{position}."
    if category and category not in CATEGORIES:
        errors[prefix + "category"] = Message("visit.category_unknown")
    if urgency not in URGENCIES:
        errors[prefix + "urgency"] = Message("visit.urgency_unknown")
    long_text = too_long(description, MAX_DESCRIPTION)
    if long_text:
        errors[prefix + "description"] = long_text
    return errors


def outcome_errors(
    outcome: str, note: str, referred_to: str, due_date: dt.date | None, today: dt.date
) -> dict[str, Message]:
    """Rules of an outcome: referred needs whom and a due date not in the past; follow-up
    needs a date not in the past; booked needs a Saturday from today on."""
    errors: dict[str, Message] = {}
    if not outcome:
        errors["outcome"] = Message("field.required")
    elif outcome not in OUTCOMES:
        errors["outcome"] = Message("visit.outcome_unknown")
    for field, value, limit in (("note", note, MAX_NOTE), ("referred_to", referred_to, 80)):
        long_text = too_long(value, limit)
        if long_text:
            errors[field] = long_text
    if outcome == "referred" and not referred_to.strip():
        errors["referred_to"] = Message("visit.referred_to_required")
    if outcome in ("referred", "follow_up", "booked"):
        if due_date is None:
            errors["due_date"] = Message(f"visit.due_date_required.{outcome}")
        elif due_date < today:
            errors["due_date"] = Message("visit.due_date_past")
        elif outcome == "booked" and due_date.weekday() != SATURDAY:
            errors["due_date"] = Message("visit.booked_not_saturday")
    return errors
