"""Pushes committed as a group: several desks at once against a real district server
process (SQLite and PostgreSQL); each push applied exactly once and answered on its own,
a refused push leaving the rest of its group alone, and an answered change surviving the
server killed outright in the middle of group commits."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import func, select

from db.ids import uuid7
from district import migrate
from district.database import DistrictDatabase
from district.feed import FEED_LOCK_KEY
from district.tables import change, device
from tests.integration.district_server import (
    Desk,
    District,
    running_server,
    start_server,
    stop_server,
)


def _event(center_id: str) -> dict[str, Any]:
    entity_id = uuid7()
    return {
        "id": entity_id,
        "center_id": center_id,
        "action": "test",
        "entity": "visit",
        "entity_id": entity_id,
        "detail": "x" * 20,
        "at": "2026-11-20T08:00:00+00:00",
    }


def _batch(desk: Desk, size: int) -> list[dict[str, Any]]:
    return [desk.change("audit_event", _event(desk.center_id)) for _ in range(size)]


@pytest.fixture
def one_worker(backend_url: str) -> Iterator[District]:
    """A server process of its own with one worker: every push meets the same queue."""
    database = DistrictDatabase.open(backend_url, pool_size=2)
    migrate.upgrade(database.engine)
    with running_server(backend_url, "--workers", "1") as base:
        world = District(base, database)
        yield world
        world.close()
    database.dispose()


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _transactions_of(url: str, change_ids: list[str]) -> int:
    """How many transactions committed these changes (PostgreSQL's ``xmin`` of the rows)."""
    with psycopg.connect(_plain(url)) as conn:
        row = conn.execute(
            "SELECT count(DISTINCT xmin::text) FROM change WHERE change_id = ANY(%s)",
            (change_ids,),
        ).fetchone()
    assert row is not None
    return int(row[0])


def _waiting_on_feed_lock(url: str, at_least: int) -> None:
    """Until ``at_least`` server connections wait for the feed lock held by the test."""
    deadline = time.monotonic() + 30
    with psycopg.connect(_plain(url), autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).fetchone()
            if row is not None and row[0] >= at_least:
                return
            time.sleep(0.05)
    raise AssertionError("no push reached the feed lock")


def test_concurrent_pushes_of_many_desks_each_apply_exactly_once(
    one_worker: District, backend_url: str
) -> None:
    desks = [one_worker.enrol(one_worker.new_center("并发")) for _ in range(8)]
    plans = {desk.device_id: [_batch(desk, 40) for _ in range(5)] for desk in desks}

    def push_all(desk: Desk) -> list[dict[str, Any]]:
        answers = []
        for batch in plans[desk.device_id]:
            response = desk.push(batch)
            assert response.status_code == 200, response.text
            answers.append(response.json())
        return answers

    with ThreadPoolExecutor(len(desks)) as pool:
        answered = list(pool.map(push_all, desks))

    seqs: list[int] = []
    for desk, answers in zip(desks, answered, strict=True):
        for batch, answer in zip(plans[desk.device_id], answers, strict=True):
            assert [r["change_id"] for r in answer["results"]] == [c["change_id"] for c in batch]
            assert {r["status"] for r in answer["results"]} == {"accepted"}
            seqs += [r["server_seq"] for r in answer["results"]]
        assert answers[-1]["server_last_seq"] == desk.seq
    assert len(set(seqs)) == len(seqs) == 8 * 5 * 40  # every change its own place in the feed

    ids = [c["change_id"] for plan in plans.values() for batch in plan for c in batch]
    with one_worker.database.read() as conn:
        stored = conn.scalar(select(func.count()).where(change.c.change_id.in_(ids)))
        last = dict(
            conn.execute(
                select(device.c.id, device.c.last_seq).where(device.c.id.in_(list(plans)))
            ).all()
        )
    assert stored == len(ids)
    assert last == {desk.device_id: desk.seq for desk in desks}
    # Another desk of a center sees every change of it, in feed order, once.
    for desk in desks[:2]:
        reader = one_worker.enrol(desk.center_id, "前台 2")
        pulled = [c["change_id"] for c in reader.pull_all()]
        mine = [c["change_id"] for batch in plans[desk.device_id] for c in batch]
        assert [c for c in pulled if c in set(mine)] == mine


def _pile_up(one_worker: District, url: str, pushes: list[tuple[Desk, list[Any]]]) -> list[Any]:
    """Send the pushes while the test holds the feed lock (the first one, the group's
    leader, waits for it); let go once all are at the server: the rest form a group."""
    with psycopg.connect(_plain(url), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (FEED_LOCK_KEY,))
        pool = ThreadPoolExecutor(len(pushes))
        first = pool.submit(pushes[0][0].push, pushes[0][1])
        _waiting_on_feed_lock(url, 1)
        rest = [pool.submit(desk.push, batch) for desk, batch in pushes[1:]]
        time.sleep(1.0)  # the rest reach the server and queue behind the leader
        holder.execute("SELECT pg_advisory_unlock(%s)", (FEED_LOCK_KEY,))
        answers = [first.result(), *(f.result() for f in rest)]
        pool.shutdown()
    return answers


@pytest.mark.parametrize("backend_url", ["postgres"], indirect=True)
def test_pushes_waiting_for_a_commit_are_committed_together(
    one_worker: District, backend_url: str
) -> None:
    desks = [one_worker.enrol(one_worker.new_center("成组")) for _ in range(6)]
    pushes = [(desk, _batch(desk, 30)) for desk in desks]
    answers = _pile_up(one_worker, backend_url, pushes)
    for (desk, _), response in zip(pushes, answers, strict=True):
        assert response.status_code == 200, response.text
        body = response.json()
        assert {r["status"] for r in body["results"]} == {"accepted"}
        assert body["server_last_seq"] == desk.seq == 30
    ids = [c["change_id"] for _, batch in pushes for c in batch]
    # The leader alone, then the five that waited: fewer commits than pushes.
    assert _transactions_of(backend_url, ids) < len(pushes)


@pytest.mark.parametrize("backend_url", ["postgres"], indirect=True)
def test_a_refused_push_in_a_group_leaves_the_others_applied(
    one_worker: District, backend_url: str
) -> None:
    desks = [one_worker.enrol(one_worker.new_center("拒绝")) for _ in range(5)]
    pushes = [(desk, _batch(desk, 20)) for desk in desks]
    gap_desk, gap_batch = pushes[2]
    for item in gap_batch:
        item["seq"] += 5  # numbers 6-25 when the district holds none: a gap
    revoked = one_worker.enrol(one_worker.new_center("吊销"))
    with one_worker.database.write() as conn:
        conn.execute(
            device.update().where(device.c.id == revoked.device_id).values(revoked_at=func.now())
        )
    pushes.append((revoked, _batch(revoked, 5)))
    answers = _pile_up(one_worker, backend_url, pushes)

    assert answers[2].status_code == 409
    assert answers[2].json()["error"]["code"] == "sequence_gap"
    assert answers[5].status_code == 401
    good = [n for n in range(5) if n != 2]
    for n in good:
        assert answers[n].status_code == 200, answers[n].text
        assert {r["status"] for r in answers[n].json()["results"]} == {"accepted"}
    ids = [c["change_id"] for n in good for c in pushes[n][1]]
    with one_worker.database.read() as conn:
        assert conn.scalar(select(func.count()).where(change.c.change_id.in_(ids))) == len(ids)
        refused = [c["change_id"] for c in gap_batch + pushes[5][1]]
        assert conn.scalar(select(func.count()).where(change.c.change_id.in_(refused))) == 0
        held = conn.scalar(select(device.c.last_seq).where(device.c.id == gap_desk.device_id))
    assert held == 0
    assert _transactions_of(backend_url, ids) < len(good)
    # The desk told of the gap sends from where the district says, and it goes through.
    for n, item in enumerate(gap_batch):
        item["seq"] = n + 1
    again = gap_desk.push(gap_batch)
    assert again.status_code == 200
    assert {r["status"] for r in again.json()["results"]} == {"accepted"}


@pytest.mark.parametrize("backend_url", ["postgres"], indirect=True)
def test_server_killed_during_group_commits_keeps_every_answered_change(
    backend_url: str,
) -> None:
    database = DistrictDatabase.open(backend_url, pool_size=2)
    migrate.upgrade(database.engine)
    process, base = start_server(backend_url, "--workers", "1")
    world = District(base, database)
    try:
        desks = [world.enrol(world.new_center("断电")) for _ in range(10)]
        answered: dict[str, set[str]] = {d.device_id: set() for d in desks}
        unanswered: dict[str, list[dict[str, Any]]] = {d.device_id: [] for d in desks}
        enough = threading.Event()

        def keep_pushing(desk: Desk) -> None:
            while True:
                batch = _batch(desk, 25)
                try:
                    response = desk.push(batch)
                except httpx.TransportError:
                    unanswered[desk.device_id] = batch
                    return
                if response.status_code != 200:
                    unanswered[desk.device_id] = batch
                    return
                results = response.json()["results"]
                assert {r["status"] for r in results} == {"accepted"}
                answered[desk.device_id] |= {r["change_id"] for r in results}
                if sum(len(ids) for ids in answered.values()) >= 2000:
                    enough.set()

        with ThreadPoolExecutor(len(desks)) as pool:
            running = [pool.submit(keep_pushing, desk) for desk in desks]
            assert enough.wait(120)
            process.send_signal(signal.SIGKILL)  # no shutdown: whatever was in flight is cut
            process.wait()
            for future in running:
                future.result()
    finally:
        stop_server(process)
        world.close()

    every_answered = [cid for ids in answered.values() for cid in ids]
    with database.read() as conn:
        held = conn.scalar(select(func.count()).where(change.c.change_id.in_(every_answered)))
    assert held == len(every_answered)  # every answered change is on disk

    # Back up: each desk sends its cut-off batch again; every change ends up held once.
    with running_server(backend_url, "--workers", "1") as base:
        for desk in desks:
            client = httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {desk.token}"}, timeout=30
            )
            with client:
                batch = unanswered[desk.device_id]
                response = client.post("/api/v1/push", json={"changes": batch})
                assert response.status_code == 200, response.text
                assert {r["status"] for r in response.json()["results"]} == {"accepted"}
    sent = every_answered + [c["change_id"] for b in unanswered.values() for c in b]
    with database.read() as conn:
        total = conn.scalar(
            select(func.count()).select_from(change).where(change.c.change_id.in_(sent))
        )
        last = dict(conn.execute(select(device.c.id, device.c.last_seq)).all())
    assert total == len(sent)
    assert all(last[desk.device_id] == desk.seq for desk in desks)
    database.dispose()
