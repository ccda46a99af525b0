"""Push: the change log, in order, to the district; each change answered on its own.

* Entities the district owns or that stay on the desk (:data:`NOT_PUSHED`) are passed over.
* Every change to send gets its push number once, before the first attempt, so a batch
  retried after a lost answer is the same batch and the server applies it exactly once.
* ``center_id`` is written as the district's id of this center (a desk set up offline
  keeps its own id locally).
* An accepted change is done; a rejected or conflicting one lands in the inbox
  (:class:`db.models.SyncIssue`) and never blocks the rest.
* When the server holds fewer changes than the desk sent (it was restored from a backup)
  it says where to resend from, and the desk does.
"""

from __future__ import annotations

import json
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select, text, update

from db.models import Booking, ChangeLogEntry, SyncIssue
from desktop.context import DeskContext
from desktop.settings import ACKED_THROUGH, Settings
from desktop.sync.link import connection
from desktop.sync.pipeline import PushPipe, open_pipe, pipelines
from desktop.sync.status import NOT_PUSHED, pending_count
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import HttpTransport, SyncError, Transport
from protocol.changes import ChangeResult, PushResponse
from protocol.reasons import PLACE_REFUSALS

BATCH = 300
MAX_BATCHES = 1000
NUMBER_AHEAD = 10
"""Batches numbered in one transaction."""
IN_FLIGHT = 3
"""Batches sent ahead of their answers on a pipelined connection."""
PUSH_PATH = "/api/v1/push"
FIRST_BATCH_PLAIN = 50
"""The first batch while it is not known whether the district takes gzip bodies."""


@dataclass(frozen=True)
class PushSummary:
    accepted: int = 0
    refused: int = 0  # rejected or in conflict: in the inbox
    pending: int = 0  # still to send


NUMBER_NEXT = text(
    "UPDATE change_log SET push_seq = :last + numbered.rn FROM ("
    " SELECT seq, row_number() OVER (ORDER BY seq) AS rn FROM change_log"
    " WHERE pushed_at IS NULL AND push_seq IS NULL AND entity NOT IN :not_pushed"
    " ORDER BY seq LIMIT :limit) AS numbered"
    " WHERE change_log.seq = numbered.seq"
).bindparams(bindparam("not_pushed", expanding=True))
"""Push numbers for the next changes to send, in change-log order: one statement."""


def _number_pending(ctx: DeskContext, limit: int) -> None:
    """Give push numbers to the next changes to send; mark the ones never sent as done."""
    # After a restore the district may hold numbers this desk no longer has: new numbers
    # go after both (see desktop.sync.recovery).
    acked = Settings(ctx.db).get(ACKED_THROUGH)
    with ctx.db.write() as session:
        session.execute(
            update(ChangeLogEntry)
            .where(
                ChangeLogEntry.pushed_at.is_(None),
                ChangeLogEntry.push_seq.is_(None),
                ChangeLogEntry.entity.in_(NOT_PUSHED),
            )
            .values(pushed_at=ctx.now())
        )
        numbered = session.scalar(select(func.max(ChangeLogEntry.push_seq))) or 0
        last = max(numbered, acked)
        params = {"last": last, "limit": limit, "not_pushed": sorted(NOT_PUSHED)}
        session.execute(NUMBER_NEXT, params)


def _batch(
    ctx: DeskContext, district_center: str, limit: int, after: int = 0
) -> list[dict[str, Any]]:
    """The next numbered changes not sent yet, after push number ``after``."""
    log = ChangeLogEntry
    columns = (log.change_id, log.push_seq, log.entity, log.entity_id, log.op, log.version)
    with ctx.db.read() as session:
        entries = session.execute(
            select(*columns, log.payload)
            .where(log.pushed_at.is_(None), log.push_seq > after)
            .order_by(log.push_seq)
            .limit(limit)
        ).all()
        changes = []
        for entry in entries:
            payload = json.loads(entry.payload)
            if payload.get("center_id") == ctx.center_id:
                payload["center_id"] = district_center
            changes.append(
                {
                    "change_id": entry.change_id,
                    "seq": entry.push_seq,
                    "entity": entry.entity,
                    "entity_id": entry.entity_id,
                    "op": entry.op,
                    "version": entry.version,
                    "payload": payload,
                }
            )
        return changes


def _issue(result: ChangeResult, sent: dict[str, Any]) -> SyncIssue:
    reason = result.reason
    detail = {"server": result.server_payload, "free_slots": result.alternatives}
    return SyncIssue(
        change_id=result.change_id,
        entity=sent["entity"],
        entity_id=sent["entity_id"],
        status=result.status,
        reason_code=reason.code if reason else "",
        reason_zh=reason.zh_CN if reason else "",
        reason_en=reason.en if reason else "",
        server_version=result.server_version,
        detail=json.dumps(detail, ensure_ascii=False, default=str),
    )


def _record(
    ctx: DeskContext, changes: list[dict[str, Any]], answer: PushResponse
) -> tuple[int, int]:
    """Mark what the server answered; refusals go to the inbox. Returns (accepted, refused)."""
    by_id = {c["change_id"]: c for c in changes}
    accepted = refused = 0
    now = ctx.now()
    with ctx.db.write() as session:
        known = set(
            session.scalars(select(SyncIssue.change_id).where(SyncIssue.change_id.in_(by_id)))
        )
        for result in answer.results:
            sent = by_id.get(result.change_id)
            if sent is None:
                continue
            if _held_already(result):
                continue  # sent before by this desk's earlier device: nothing to do
            if result.status == "accepted":
                accepted += 1
                _take_decision(session, sent, result)
            else:
                refused += 1
                if result.change_id not in known:
                    session.add(_issue(result, sent))
                _no_longer_booked(session, sent, result)
        answered = [r.change_id for r in answer.results if r.change_id in by_id]
        session.execute(
            update(ChangeLogEntry)
            .where(ChangeLogEntry.change_id.in_(answered))
            .values(pushed_at=now)
        )
        settings = Settings(ctx.db)
        settings.set_in(session, "sync.acked_through", answer.server_last_seq)
        settings.set_in(session, "sync.last_push", now.isoformat())
    return accepted, refused


def _no_longer_booked(session: Any, sent: dict[str, Any], result: ChangeResult) -> None:
    """A booking the district holds no place for never counts as booked here either: it
    waits in the inbox (and the day's list, as 需改约) to be rebooked. Written as the
    district's decision (no change-log entry), so nothing goes back."""
    code = result.reason.code if result.reason is not None else ""
    if sent["entity"] != "booking" or code not in PLACE_REFUSALS:
        return
    session.execute(
        update(Booking)
        .where(
            Booking.id == sent["entity_id"],
            Booking.status.in_(("confirmed", "pending_confirmation")),
        )
        .values(needs_reschedule=True)
    )


def _held_already(result: ChangeResult) -> bool:
    """The district holds this very change, sent by this desk under an earlier device (a
    desk restored from a backup and connected again)."""
    return result.reason is not None and result.reason.code == "duplicate_change_id"


def _take_decision(session: Any, sent: dict[str, Any], result: ChangeResult) -> None:
    """A booking kept as 待确认 that the district confirmed: confirmed here too. Written as
    the district's decision (same version, no change-log entry), so it is not sent back."""
    decided = result.server_payload or {}
    status = decided.get("status")
    if sent["entity"] != "booking" or sent["payload"].get("status") != "pending_confirmation":
        return
    if status == "confirmed":
        session.execute(
            update(Booking)
            .where(Booking.id == sent["entity_id"], Booking.status == "pending_confirmation")
            .values(status="confirmed")
        )


def _resend_from(ctx: DeskContext, push_seq: int) -> None:
    with ctx.db.write() as session:
        session.execute(
            update(ChangeLogEntry).where(ChangeLogEntry.push_seq >= push_seq).values(pushed_at=None)
        )


def _next(ctx: DeskContext, district_center: str, limit: int, after: int) -> list[dict[str, Any]]:
    """The next batch, numbering more changes (:data:`NUMBER_AHEAD` batches at once) when
    fewer than a batch are numbered."""
    changes = _batch(ctx, district_center, limit, after)
    if len(changes) < limit:
        _number_pending(ctx, limit * NUMBER_AHEAD)
        changes = _batch(ctx, district_center, limit, after)
    return changes


def push_pending(
    ctx: DeskContext, transport: Transport, store: TokenStore | None = None, batch: int = BATCH
) -> PushSummary:
    """Send every pending change, batch by batch; raise :class:`SyncError` when cut short
    (what was answered before that is recorded, the rest is sent next time).

    Over HTTP straight to the district the batches are pipelined (:mod:`desktop.sync.
    pipeline`): up to :data:`IN_FLIGHT` go out on one connection before their answers come
    back, in push-number order, and a worker thread records each answer and reads the next
    batch meanwhile. Through any other transport one batch goes at a time."""
    linked = connection(ctx)
    if linked is None:
        raise SyncError("sync.not_connected")
    token = (store or TokenStore(ctx.paths)).get()
    if not token:
        raise SyncError("sync.no_token")
    http = pipelines(transport)
    if http is None:
        return _one_at_a_time(ctx, transport, token, linked.center_id, batch)
    totals = [0, 0]
    recorded: list[Future[tuple[int, int]]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="push") as worker:
        try:
            for _ in range(MAX_BATCHES):
                if not _pipelined(ctx, http, token, linked.center_id, batch, worker, recorded):
                    break
        finally:
            for future in recorded:
                done, not_done = future.result()
                totals[0], totals[1] = totals[0] + done, totals[1] + not_done
    return PushSummary(totals[0], totals[1], pending_count(ctx))


def _pipelined(
    ctx: DeskContext,
    transport: HttpTransport,
    token: str,
    district_center: str,
    batch: int,
    worker: ThreadPoolExecutor,
    recorded: list[Future[tuple[int, int]]],
) -> bool:
    """Send the pending batches through one pipelined connection, each answer recorded
    by ``worker`` (in order); True when a fresh connection must go on (the server said
    where to resend from, or closed the connection after an answer).

    Once an answer is not a push result, the answers after it are not read: their batches
    stay pending and go again next time (the district answers a change it holds as a
    replay, so nothing is applied twice)."""
    # Until an answer says whether the district takes gzip bodies, one small batch goes
    # alone (the rest then go compressed: a round trip costs less than plain bytes on a
    # thin line).
    known = transport.compress_requests or not transport.compress
    ahead = IN_FLIGHT if known else 1
    first = batch if known else min(batch, FIRST_BATCH_PLAIN)
    upcoming: Future[list[dict[str, Any]]] | None = worker.submit(
        _next, ctx, district_center, first, 0
    )
    in_flight: deque[list[dict[str, Any]]] = deque()
    pipe: PushPipe | None = None
    try:
        for _ in range(MAX_BATCHES):
            while upcoming is not None and len(in_flight) < ahead:
                changes = upcoming.result()
                if not changes:
                    upcoming = None
                    break
                pipe = pipe or open_pipe(transport)
                pipe.send(PUSH_PATH, token, {"changes": changes})
                in_flight.append(changes)
                upcoming = worker.submit(_next, ctx, district_center, batch, changes[-1]["seq"])
            if pipe is None or not in_flight:
                return False
            answer = pipe.receive()
            sent = in_flight.popleft()
            ahead = IN_FLIGHT
            if answer.accepts_gzip and transport.compress and not pipe.compress_requests:
                transport.compress_requests = pipe.compress_requests = True
            if answer.error is not None:
                return _after_refusal(ctx, transport, answer.error, worker)
            try:
                result = PushResponse.model_validate(answer.reply.body if answer.reply else None)
            except ValueError:
                raise SyncError("sync.garbage") from None
            recorded.append(worker.submit(_record, ctx, sent, result))
            if answer.closing:
                return True  # the server reads nothing more on this connection
        return False
    finally:
        if pipe is not None:
            pipe.close()
        if upcoming is not None:
            upcoming.result()


def _after_refusal(
    ctx: DeskContext, transport: HttpTransport, error: SyncError, worker: ThreadPoolExecutor
) -> bool:
    """A batch answered with an error: resend from where the server says (after the
    answers before it are recorded), send plain bodies after 415, else give up."""
    if error.message.params.get("status") == 415 and transport.compress_requests:
        transport.compress_requests = False
        return True
    recovery = error.recovery or {}
    if recovery.get("action") == "resend_from" and recovery.get("resend_from_seq"):
        worker.submit(_resend_from, ctx, int(recovery["resend_from_seq"])).result()
        return True
    raise error


def _one_at_a_time(
    ctx: DeskContext, transport: Transport, token: str, district_center: str, batch: int
) -> PushSummary:
    """Batches one after the other, each sent once the answer to the one before came;
    a worker thread records the answer to the previous batch and reads the next while one
    is at the district."""
    totals = [0, 0]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="push") as worker:
        recorded: Future[tuple[int, int]] | None = None

        def settle() -> None:
            nonlocal recorded
            if recorded is not None:
                done, not_done = recorded.result()
                totals[0], totals[1] = totals[0] + done, totals[1] + not_done
                recorded = None

        changes = _next(ctx, district_center, batch, 0)
        for _ in range(MAX_BATCHES):
            if not changes:
                break
            upcoming = worker.submit(_next, ctx, district_center, batch, changes[-1]["seq"])
            try:
                reply = transport.send("POST", PUSH_PATH, token=token, json={"changes": changes})
            except SyncError as error:
                upcoming.result()
                settle()
                recovery = error.recovery or {}
                if recovery.get("action") == "resend_from" and recovery.get("resend_from_seq"):
                    _resend_from(ctx, int(recovery["resend_from_seq"]))
                    changes = _next(ctx, district_center, batch, 0)
                    continue
                raise
            try:
                answer = PushResponse.model_validate(reply.body)
            except ValueError:
                upcoming.result()
                settle()
                raise SyncError("sync.garbage") from None
            following = upcoming.result()
            settle()
            recorded = worker.submit(_record, ctx, changes, answer)
            changes = following
        settle()
    return PushSummary(totals[0], totals[1], pending_count(ctx))
