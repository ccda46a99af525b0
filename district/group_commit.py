"""Group commit: pushes that arrive while another is being written share one transaction.

Every commit waits for the database to flush its log to disk (``synchronous_commit`` stays
on). A push that arrives while the server is busy writing another waits in a queue; when
the writer has prepared its own, the next waiting push leads: it takes the queue as one
group and, on one connection, in one transaction, runs each push's reads, checks and
writes one after the other (each behind its own savepoint), then stores every push's feed
rows in one step and commits once. Each push is answered only after its group's commit,
so an answered change is on disk as before; the district simply flushes once for many
pushes. As soon as a group's pushes are prepared, the next waiting push leads the next
group: its reads and checks run while the group before it commits (unless a push was
kept back for what that group writes: then the next group waits for the commit).

What a push sees does not change: the pushes of a group run in turn, each seeing what the
ones before it wrote, except the feed rows and entity states, which are written at the
group's end. A group therefore never holds two pushes that could read what another of
the group writes there: two pushes of one desk (token), pushes sharing a change id, or
pushes touching one entity (as change or as reference) go to separate groups, in the order
they came.

A push refused with an answer (sequence gap, bad token: :class:`ApiError`) gets its answer
and its savepoint is rolled back; the rest of the group goes on. A push failing otherwise
(a database error, a deadlock with the other server process) is rolled back to its
savepoint and run again alone after the group. Should the group's own store or commit
fail, every push of the group is run again alone, in its own transaction, as if no group
had been tried: nothing of the group was committed, and a push sent twice is applied once
(its change ids are stored, see :mod:`district.push`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Connection

from district.errors import ApiError

MAX_GROUP = 32
"""Pushes in one group at most (each keeps a savepoint open until the commit)."""

Answer = TypeVar("Answer")
Answer_co = TypeVar("Answer_co", covariant=True)


class Prepared(Protocol[Answer_co]):
    """A push whose reads, checks and writes but the feed's are done in the transaction."""

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Its feed rows, stored at the group's end."""

    @property
    def moved(self) -> tuple[str, int] | None:
        """(device id, new last push number), written with the feed rows."""

    def finish(self, seqs: dict[str, int]) -> Answer_co:
        """The answer, once the feed rows are stored (change id → server sequence)."""
        ...


class Job(Protocol[Answer_co]):
    """One push: what it is, and how to prepare it inside a transaction."""

    @property
    def token(self) -> str: ...
    @property
    def change_ids(self) -> frozenset[str]: ...
    @property
    def keys(self) -> frozenset[tuple[str, str]]:
        """Every entity it reads or writes."""

    def prepare(self, conn: Connection) -> Prepared[Answer_co]: ...


StoreFeed = Callable[[Connection, list[dict[str, Any]], list[tuple[str, int]]], dict[str, int]]
Begin = Callable[[], Any]


@dataclass(eq=False)
class _Ticket(Generic[Answer]):
    job: Job[Answer]
    wake: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    answer: Answer | None = None
    error: BaseException | None = None


class GroupCommit(Generic[Answer]):
    """One per server process (per database): pushes join the queue; one of them leads."""

    def __init__(self, begin: Begin, store: StoreFeed, max_group: int = MAX_GROUP) -> None:
        self._begin = begin  # a context manager: one write transaction (its connection)
        self._store = store
        self._max_group = max_group
        self._lock = threading.Lock()
        self._queue: list[_Ticket[Answer]] = []
        self._leading = False

    def run(self, job: Job[Answer]) -> Answer:
        """Apply ``job`` in the next group; its answer once the group is committed."""
        ticket: _Ticket[Answer] = _Ticket(job)
        with self._lock:
            self._queue.append(ticket)
            lead = not self._leading
            self._leading = True
        if not lead:
            ticket.wake.wait()
        if not ticket.finished:  # woken to lead the next group (it is the queue's first)
            self._lead()
        if ticket.error is not None:
            raise ticket.error
        return ticket.answer  # type: ignore[return-value]

    def _lead(self) -> None:
        group: list[_Ticket[Answer]] = []
        handed = False

        def hand_off() -> None:
            """The next waiting push leads the next group: while this group commits (the
            disk flush), the next one's reads and checks go on."""
            nonlocal handed
            if handed:
                return
            handed = True
            with self._lock:
                following = self._queue[0] if self._queue else None
                self._leading = following is not None
            if following is not None:
                following.wake.set()  # not finished: it leads

        try:
            with self._lock:
                group, kept_apart = self._take()
            # A push kept back for what this group writes waits for this group's commit.
            self._run(group, (lambda: None) if kept_apart else hand_off)
        finally:
            for ticket in group:
                ticket.finished = True
            hand_off()
            for ticket in group:
                ticket.wake.set()

    def _take(self) -> tuple[list[_Ticket[Answer]], bool]:
        """The queue's first push, and every later one that cannot see another's writes;
        whether one was kept back for that."""
        group: list[_Ticket[Answer]] = []
        tokens: set[str] = set()
        ids: set[str] = set()
        keys: set[tuple[str, str]] = set()
        kept: list[_Ticket[Answer]] = []
        kept_apart = False
        for ticket in self._queue:
            job = ticket.job
            apart = (
                job.token in tokens
                or not ids.isdisjoint(job.change_ids)
                or not keys.isdisjoint(job.keys)
            )
            if len(group) < self._max_group and not apart:
                group.append(ticket)
            else:
                kept.append(ticket)
                kept_apart = kept_apart or apart
            tokens.add(job.token)  # a later push must not pass one kept back
            ids |= job.change_ids
            keys |= job.keys
        self._queue = kept
        return group, kept_apart

    def _run(self, group: list[_Ticket[Answer]], prepared_all: Callable[[], None]) -> None:
        if len(group) == 1:
            self._alone(group[0], prepared_all)
            return
        again: list[_Ticket[Answer]] = []
        try:
            prepared = self._together(group, again, prepared_all)
        except Exception:
            for ticket in group:  # nothing of the group was committed: each on its own
                ticket.error = None
                self._alone(ticket, prepared_all)
            return
        for ticket, ready, seqs in prepared:
            try:
                ticket.answer = ready.finish(seqs)
            except Exception as error:  # handed to the push's own request
                ticket.error = error
        for ticket in again:
            self._alone(ticket, prepared_all)

    def _together(
        self,
        group: list[_Ticket[Answer]],
        again: list[_Ticket[Answer]],
        prepared_all: Callable[[], None],
    ) -> list[tuple[_Ticket[Answer], Prepared[Answer], dict[str, int]]]:
        done: list[tuple[_Ticket[Answer], Prepared[Answer]]] = []
        with self._begin() as conn:
            for ticket in group:
                conn.exec_driver_sql("SAVEPOINT push")
                try:
                    done.append((ticket, ticket.job.prepare(conn)))
                except ApiError as refusal:
                    conn.exec_driver_sql("ROLLBACK TO SAVEPOINT push")
                    ticket.error = refusal
                except Exception:
                    conn.exec_driver_sql("ROLLBACK TO SAVEPOINT push")
                    again.append(ticket)
            prepared_all()
            rows = [row for _, ready in done for row in ready.rows]
            moves = [ready.moved for _, ready in done if ready.moved is not None]
            seqs = self._store(conn, rows, moves)
        return [(ticket, ready, seqs) for ticket, ready in done]

    def _alone(self, ticket: _Ticket[Answer], prepared: Callable[[], None]) -> None:
        try:
            with self._begin() as conn:
                ready = ticket.job.prepare(conn)
                prepared()
                seqs = self._store(
                    conn, ready.rows, [ready.moved] if ready.moved is not None else []
                )
            ticket.answer = ready.finish(seqs)
        except BaseException as error:  # handed to the push's own request
            ticket.error = error
