"""What a single pushed change must satisfy: entity rules, center isolation, versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from protocol import Change, Reason, reason
from protocol.entities import (
    DERIVED_ENTITIES,
    PAYLOAD_MODELS,
    READ_ONLY_ENTITIES,
    REFERENCE_ENTITY,
    REFERENCES,
)

DISTRICT_OWNED = frozenset({"service_line", "service_item"})
"""Entities whose rows may be district reference data (``center_id`` empty)."""


@dataclass
class State:
    """The server's latest version of one row, as known while a batch is evaluated."""

    center_id: str | None
    version: int
    server_seq: int | None
    payload: dict[str, Any] | None = None


@dataclass
class Verdict:
    status: str
    reason: Reason | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    server_version: int | None = None
    conflict_seq: int | None = None
    conflict_payload: dict[str, Any] | None = None
    alternatives: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def rejected(cls, code: str, **params: Any) -> Verdict:
        return cls("rejected", reason(code, **params))


def validate_payload(item: Change, center_id: str) -> Verdict:
    """Shape and ownership of the payload (before looking at the server's state)."""
    if item.entity in READ_ONLY_ENTITIES:
        return Verdict.rejected("read_only_entity")
    payload = dict(item.payload)
    if item.entity == "booking" and (item.op == "delete" or payload.get("deleted_at")):
        return Verdict.rejected("booking_not_deletable")
    model = PAYLOAD_MODELS.get(item.entity)
    if model is not None:
        try:
            model.model_validate(payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            return Verdict.rejected("payload_invalid", detail=f"{where}: {first['msg']}")
    if str(payload.get("id", item.entity_id)) != item.entity_id:
        return Verdict.rejected("payload_invalid", detail="id differs from entity_id")
    owner = payload.get("center_id")
    if owner is None and item.entity in DISTRICT_OWNED:
        return Verdict.rejected("read_only_entity")
    if owner != center_id:
        return Verdict.rejected("other_center")
    payload["id"] = item.entity_id
    payload["version"] = item.version
    return Verdict("accepted", payload=payload)


def check_against_state(
    item: Change,
    center_id: str,
    payload: dict[str, Any],
    states: dict[tuple[str, str], State],
) -> Verdict | None:
    """Isolation of the row and its references, then the version; None when all is well."""
    state = states.get((item.entity, item.entity_id))
    if state is not None and state.center_id != center_id:
        return Verdict.rejected("other_center")
    for name in REFERENCES.get(item.entity, ()):
        target = payload.get(name)
        if not target:
            continue
        referenced = states.get((REFERENCE_ENTITY[name], str(target)))
        if referenced is not None and referenced.center_id != center_id:
            return Verdict.rejected("reference_other_center", field=name)
    if state is None:
        # Not held yet: an insert, or an update of a row an earlier push could not store
        # (a refused booking being rescheduled); either way this is its first version here.
        return None
    if item.entity in DERIVED_ENTITIES:
        payload["version"] = max(state.version + 1, item.version)
        return None
    if item.op == "insert" or item.version != state.version + 1:
        return Verdict(
            "conflict",
            reason("version_conflict", server_version=state.version),
            server_version=state.version,
            conflict_seq=state.server_seq,
            conflict_payload=state.payload,
        )
    return None


def reference_keys(item: Change) -> set[tuple[str, str]]:
    keys = {(item.entity, item.entity_id)}
    for name in REFERENCES.get(item.entity, ()):
        target = item.payload.get(name)
        if isinstance(target, str) and target:
            keys.add((REFERENCE_ENTITY[name], target))
    return keys
