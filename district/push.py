"""Applying a pushed batch: exactly once per change id, answered change by change."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import weakref
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticSerializationError, to_json
from sqlalchemy import Connection, select

from db.types import utcnow
from district import bulk, feed, work_orders
from district.change_rules import (
    State,
    Verdict,
    check_against_state,
    reference_keys,
    validate_payload,
)
from district.database import DistrictDatabase
from district.derived_ids import foreign_derivations
from district.errors import ApiError
from district.group_commit import GroupCommit
from district.projections import project
from district.saturday_ledger import SlotLedger
from district.security import DeviceAuth, refuse_token, token_hash
from district.tables import change, device, work_order
from protocol import Change, ChangeResult, PushResponse, Reason, Recovery

CIPHER_SUFFIX = "_cipher"
"""Encrypted personal fields (``phone_cipher``, ``id_cipher``) differ each time the same
value is encrypted (a desk restored on a new PC encrypts its records again with the
center's key); their keyed hashes (``phone_hash``) say whether the value is the same."""


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
"""``json.dumps`` with these settings, made once (not on every call)."""
_PLAIN = frozenset({str, int, bool, type(None)})
"""Values pydantic's encoder writes exactly as :data:`_CANONICAL` does (floats it may
write otherwise, ``1e-05`` as ``0.00001``; nested objects would not have sorted keys)."""


def fingerprint(item: Change) -> str:
    """What a change says, as a digest: a change id sent again must say the same.

    The digest of the canonical JSON text (sorted keys, no spaces, UTF-8) of the change's
    entity, id, operation, version and payload without its encrypted fields. A payload of
    plain values (the usual case) is written by pydantic's encoder, several times faster
    and byte for byte the same; any other by ``json``."""
    payload = item.payload
    kept = {key: payload[key] for key in sorted(payload) if not key.endswith(CIPHER_SUFFIX)}
    content = [item.entity, item.entity_id, item.op, item.version, kept]
    if all(type(value) in _PLAIN for value in kept.values()):
        return hashlib.sha256(to_json(content)).hexdigest()
    return hashlib.sha256(_CANONICAL.encode(content).encode()).hexdigest()


def _payload_text(payload: dict[str, Any]) -> str:
    """A pushed payload as stored: values read from JSON, written back by pydantic's
    encoder (``json`` for anything it cannot write)."""
    try:
        return to_json(payload).decode()
    except PydanticSerializationError:
        return feed.dumps(payload)


@dataclass(frozen=True)
class _Start:
    """What the push reads first: the device (locked), what is stored, the states it needs."""

    auth: DeviceAuth
    last_seq: int
    stored: dict[str, Any]
    states: dict[tuple[str, str], State]


def push(database: DistrictDatabase, token: str, changes: list[Change]) -> PushResponse:
    """Apply a batch for the device holding ``token``, answered once it is committed.

    Pushes arriving while another is written are committed together (see
    :mod:`district.group_commit`); each is applied as if alone."""
    return answer(database, token, changes).response()


def answer(database: DistrictDatabase, token: str, changes: list[Change]) -> PushAnswer:
    """:func:`push`, its answer as plain values (for the endpoint to encode at once)."""
    return _committer(database).run(PushJob.of(database, token, changes))


@dataclass(frozen=True)
class PushAnswer:
    """A push's answer as plain values: each result a dict of :class:`ChangeResult`'s
    fields in its order, so that encoding it gives the JSON of :class:`PushResponse`
    without building a model per change."""

    results: list[dict[str, Any]]
    server_last_seq: int

    def response(self) -> PushResponse:
        return PushResponse.model_validate(
            {"results": self.results, "server_last_seq": self.server_last_seq}
        )

    def encoded(self) -> bytes:
        """The JSON of :meth:`response`."""
        return to_json({"results": self.results, "server_last_seq": self.server_last_seq})


_committers: weakref.WeakKeyDictionary[DistrictDatabase, GroupCommit[PushAnswer]] = (
    weakref.WeakKeyDictionary()
)
_committers_lock = threading.Lock()


def _committer(database: DistrictDatabase) -> GroupCommit[PushAnswer]:
    with _committers_lock:
        found = _committers.get(database)
        if found is None:

            def store(
                conn: Connection, rows: list[dict[str, Any]], moves: list[tuple[str, int]]
            ) -> dict[str, int]:
                return feed.store(database, conn, rows, moves)

            found = _committers[database] = GroupCommit(database.write, store)
        return found


@dataclass(frozen=True)
class PushJob:
    """One pushed batch: the device's token, its changes, the entities it reads or writes."""

    database: DistrictDatabase
    token: str
    changes: list[Change]
    change_ids: frozenset[str]
    keys: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, database: DistrictDatabase, token: str, changes: list[Change]) -> PushJob:
        keys: set[tuple[str, str]] = set()
        for item in changes:
            keys |= reference_keys(item)
        ids = frozenset(item.change_id for item in changes)
        return cls(database, token, changes, ids, frozenset(keys))

    def prepare(self, conn: Connection) -> PreparedPush:
        """Every read, then every write but the feed's (the device row stays locked to the
        commit); the feed rows are stored by the caller, right before the commit (they take
        the feed lock, see :mod:`district.feed`)."""
        database, changes = self.database, self.changes
        start = _start(database, conn, self.token, changes, self.keys)
        fresh = _first_of_each(changes, start.stored)
        new_last = _check_sequence(changes, start.stored, start.last_seq)
        verdicts, feed_rows = _evaluate(database, conn, start.auth, fresh, start.states)
        project(database, conn, _accepted(fresh, verdicts))
        conflicts = _conflict_payloads(conn, verdicts)
        moved = (start.auth.device_id, new_last) if new_last != start.last_seq else None
        return PreparedPush(feed_rows, moved, changes, start, verdicts, conflicts, new_last)


@dataclass(frozen=True)
class PreparedPush:
    """A push applied in its transaction, but for its feed rows."""

    rows: list[dict[str, Any]]
    moved: tuple[str, int] | None
    changes: list[Change]
    start: _Start
    verdicts: dict[str, Verdict]
    conflicts: dict[str, dict[str, Any]]
    new_last: int

    def finish(self, seqs: dict[str, int]) -> PushAnswer:
        """The answer, change by change, once the feed rows are stored."""
        start, auth = self.start, self.start.auth
        results: list[dict[str, Any]] = []
        answered: dict[str, tuple[Change, dict[str, Any]]] = {}
        for item in self.changes:
            if item.change_id in start.stored:
                results.append(_replayed(start.stored[item.change_id], auth, item))
                continue
            if item.change_id in answered:  # the same id twice in one batch
                results.append(_repeated(item, *answered[item.change_id]))
                continue
            verdict = self.verdicts[item.change_id]
            accepted = verdict.status == "accepted"
            result = {  # ChangeResult's fields, in its order
                "change_id": item.change_id,
                "status": verdict.status,
                "server_seq": seqs.get(item.change_id) if accepted else None,
                "reason": verdict.reason,
                "server_version": verdict.server_version,
                "server_payload": self.conflicts.get(item.change_id) or _completed(item, verdict),
                "alternatives": verdict.alternatives,
                "replayed": False,
            }
            answered[item.change_id] = (item, result)
            results.append(result)
        return PushAnswer(results, self.new_last)


def _first_of_each(changes: list[Change], stored: dict[str, Any]) -> list[Change]:
    """The changes to apply: not held yet, and each change id once (its first occurrence)."""
    seen: set[str] = set()
    fresh = []
    for item in changes:
        if item.change_id not in stored and item.change_id not in seen:
            seen.add(item.change_id)
            fresh.append(item)
    return fresh


def _repeated(item: Change, first: Change, answer: dict[str, Any]) -> dict[str, Any]:
    if fingerprint(item) != fingerprint(first):
        return ChangeResult(
            change_id=item.change_id,
            status="rejected",
            reason=Verdict.rejected("change_id_reused").reason,
        ).model_dump()
    return {**answer, "replayed": True}


def _start(
    database: DistrictDatabase,
    conn: Connection,
    token: str,
    changes: list[Change],
    keys: frozenset[tuple[str, str]],
) -> _Start:
    ids = [item.change_id for item in changes]
    device_row: Any
    stored: list[Any]
    states: list[Any]
    if database.is_postgres:
        read = bulk.start_push(conn, token_hash(token), ids, sorted(keys))
        device_row, stored, states = read.device, read.stored, read.states
    else:
        device_row = conn.execute(
            select(device.c.id, device.c.center_id, device.c.last_seq, device.c.revoked_at).where(
                device.c.token_hash == token_hash(token)
            )
        ).one_or_none()
        columns = (change.c.change_id, change.c.server_seq, change.c.status, change.c.reason)
        stored = list(
            conn.execute(
                select(*columns, change.c.device_id, change.c.fingerprint).where(
                    change.c.change_id.in_(ids)
                )
            )
        )
        states = list(feed.load_states(conn, set(keys)).values())
    if device_row is None or device_row.revoked_at is not None:
        refuse_token(conn, token_hash(token), revoked=device_row is not None)
    return _Start(
        auth=DeviceAuth(device_row.id, device_row.center_id),
        last_seq=int(device_row.last_seq),
        stored={row.change_id: row for row in stored},
        states={
            (row.entity, row.entity_id): State(row.center_id, row.version, row.server_seq)
            for row in states
        },
    )


def _check_sequence(changes: list[Change], stored: dict[str, Any], last_seq: int) -> int:
    """New changes must continue the desk's sequence exactly; tell the desk how to recover.

    A change already held that comes again under the next number (a desk restored from a
    backup numbers afresh what it cannot know was sent) takes that number: it continues
    the sequence like a new one, and is answered as a replay. Under a number beyond the
    next it leaves a gap like any other change (never a silent skip the desk would take
    for done while the server waits for the numbers before it)."""
    expected = last_seq
    for item in changes:
        if item.change_id in stored:
            if item.seq == expected + 1:
                expected = item.seq
            elif item.seq > expected + 1 and item.seq > last_seq:
                raise ApiError(
                    409,
                    "sequence_gap",
                    resend_from=expected + 1,
                    recovery=Recovery(action="resend_from", resend_from_seq=expected + 1),
                )
            continue
        if item.seq <= last_seq:
            raise ApiError(
                409,
                "sequence_reused",
                continue_after=last_seq,
                recovery=Recovery(
                    action="renumber_and_repull", continue_after_seq=last_seq, pull_after=0
                ),
            )
        if item.seq != expected + 1:
            if item.seq <= expected:
                raise ApiError(409, "sequence_order")
            raise ApiError(
                409,
                "sequence_gap",
                resend_from=expected + 1,
                recovery=Recovery(action="resend_from", resend_from_seq=expected + 1),
            )
        expected = item.seq
    return expected


def _evaluate(
    database: DistrictDatabase,
    conn: Connection,
    auth: DeviceAuth,
    fresh: list[Change],
    states: dict[tuple[str, str], State],
) -> tuple[dict[str, Verdict], list[dict[str, Any]]]:
    bookings = {
        i.entity_id: i.payload for i in fresh if i.entity == "booking" and "slot_id" in i.payload
    }
    slots = {i.entity_id for i in fresh if i.entity == "saturday_slot"}
    ledger = (
        SlotLedger(database, conn, auth.center_id, auth.device_id, bookings, slots)
        if bookings or slots
        else None
    )
    referred = _referred_already(conn, fresh)
    foreign = foreign_derivations(conn, auth.center_id, fresh)
    now = utcnow()
    verdicts: dict[str, Verdict] = {}
    rows: list[dict[str, Any]] = []
    for item in fresh:
        verdict = foreign.get(item.change_id) or validate_payload(item, auth.center_id)
        if verdict.status == "accepted":
            refusal = check_against_state(item, auth.center_id, verdict.payload, states)
            if refusal is None and ledger is not None:
                if item.entity == "booking":
                    refusal = ledger.apply(item.entity_id, verdict.payload)
                elif item.entity == "saturday_slot":
                    refusal = ledger.put_slot(item.entity_id, verdict.payload)
            if refusal is not None:
                verdict = refusal
            else:
                version = int(verdict.payload.get("version") or item.version)
                states[(item.entity, item.entity_id)] = State(
                    auth.center_id, version, None, verdict.payload
                )
        verdicts[item.change_id] = verdict
        rows.append(_feed_row(item, auth, verdict, now))
        if verdict.status == "accepted" and _is_new_referral(item, verdict.payload, referred):
            referred.add(item.entity_id)
            rows += work_orders.from_referral(conn, auth.center_id, verdict.payload, now)
    if ledger is not None:
        ledger.flush()
    return verdicts, rows


def _feed_row(item: Change, auth: DeviceAuth, verdict: Verdict, now: dt.datetime) -> dict[str, Any]:
    accepted = verdict.status == "accepted"
    version = int(verdict.payload.get("version") or item.version) if accepted else item.version
    return {
        "change_id": item.change_id,
        "center_id": auth.center_id,
        "device_id": auth.device_id,
        "desk_seq": item.seq,
        "entity": item.entity,
        "entity_id": item.entity_id,
        "op": item.op,
        "version": version,
        "payload": _payload_text(verdict.payload if accepted else item.payload),
        "status": verdict.status,
        "reason": None if verdict.reason is None else verdict.reason.model_dump_json(),
        "received_at": now,
        "fingerprint": fingerprint(item),
    }


def _referred_already(conn: Connection, fresh: list[Change]) -> set[str]:
    ids = [
        i.entity_id
        for i in fresh
        if i.entity == "request" and i.payload.get("outcome") == "referred"
    ]
    if not ids:
        return set()
    found = conn.execute(select(work_order.c.request_id).where(work_order.c.request_id.in_(ids)))
    return {row.request_id for row in found}


def _is_new_referral(item: Change, payload: dict[str, Any], referred: set[str]) -> bool:
    return (
        item.entity == "request"
        and payload.get("outcome") == "referred"
        and item.entity_id not in referred
    )


def _accepted(
    fresh: list[Change], verdicts: dict[str, Verdict]
) -> list[tuple[Change, dict[str, Any]]]:
    return [
        (item, verdicts[item.change_id].payload)
        for item in fresh
        if verdicts[item.change_id].status == "accepted"
    ]


def _conflict_payloads(conn: Connection, verdicts: dict[str, Verdict]) -> dict[str, dict[str, Any]]:
    wanted = {cid: v.conflict_seq for cid, v in verdicts.items() if v.conflict_seq is not None}
    found: dict[int, dict[str, Any]] = {}
    if wanted:
        rows = conn.execute(
            select(change.c.server_seq, change.c.payload).where(
                change.c.server_seq.in_(set(wanted.values()))
            )
        )
        found = {row.server_seq: json.loads(row.payload) for row in rows}
    payloads = {cid: found[seq] for cid, seq in wanted.items() if seq in found}
    for cid, verdict in verdicts.items():
        if verdict.status == "conflict" and verdict.conflict_payload is not None:
            payloads[cid] = verdict.conflict_payload
    return payloads


def _completed(item: Change, verdict: Verdict) -> dict[str, Any] | None:
    """The stored row when the server completed it (a pending booking it confirmed)."""
    if verdict.status == "accepted" and verdict.payload.get("status") != item.payload.get("status"):
        return verdict.payload
    return None


def _replayed(row: Any, auth: DeviceAuth, item: Change) -> dict[str, Any]:
    """A change id the server holds: the same change again (a replay), or the id used again
    for other content (refused: the server keeps what came first, the desk's inbox shows
    the new one)."""
    if row.fingerprint is not None and row.fingerprint != fingerprint(item):
        refused = "change_id_reused"
    elif row.device_id != auth.device_id:
        refused = "duplicate_change_id"
    else:
        return ChangeResult(
            change_id=row.change_id,
            status=row.status,
            server_seq=row.server_seq if row.status == "accepted" else None,
            reason=None if row.reason is None else Reason.model_validate_json(row.reason),
            replayed=True,
        ).model_dump()
    reason = Verdict.rejected(refused).reason
    return ChangeResult(change_id=row.change_id, status="rejected", reason=reason).model_dump()
