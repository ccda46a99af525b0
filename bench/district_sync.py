"""District sync throughput on PostgreSQL: push and pull with 1, 10 and 100 desks at once.

Baseline in the same run: the same rows written with a bare ``INSERT ... ON CONFLICT DO
NOTHING`` (psycopg, 100-row batches) into a table of the same shape. Needs PostgreSQL on
127.0.0.1:5432 (user postgres); the benchmark creates and drops its own database.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from typing import Any

import httpx
import psycopg

from bench.harness import Report, Timing
from db.ids import uuid7
from desktop.sync.push import BATCH as DESK_PUSH_BATCH
from district import admin, migrate
from district.database import DistrictDatabase
from tests.integration.district_server import postgres_database, running_server

BATCH = 100
DESK_BATCH = DESK_PUSH_BATCH
"""The desk's own batch size (desktop.sync.push)."""
PUSHES_PER_DESK = {1: 200, 10: 12, 100: 3}
BASELINE_CONNECTIONS = 16
"""The server's own pool per worker is bounded too; PostgreSQL allows 100 connections."""
WORKERS = int(os.environ.get("BENCH_DISTRICT_WORKERS", "2"))
ROUNDS = 4
"""The baseline and the push take turns this many times (see :func:`_interleaved`)."""


def _changes(center_id: str, start_seq: int, size: int = BATCH) -> list[dict[str, Any]]:
    out = []
    for i in range(size):
        entity_id = uuid7()
        payload = {
            "id": entity_id,
            "center_id": center_id,
            "action": "bench",
            "entity": "visit",
            "entity_id": entity_id,
            "detail": "x" * 40,
            "at": "2026-11-20T08:00:00+00:00",
        }
        out.append(
            {
                "change_id": uuid7(),
                "seq": start_seq + i,
                "entity": "audit_event",
                "entity_id": entity_id,
                "op": "insert",
                "version": 1,
                "payload": payload,
            }
        )
    return out


async def _desk_pushes(
    client: httpx.AsyncClient, batches: list[list[dict[str, Any]]]
) -> list[float]:
    samples = []
    for batch in batches:
        start = time.perf_counter()
        response = await client.post("/api/v1/push", json={"changes": batch})
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.text
    return samples


async def _run_push(
    base: str, tokens: list[tuple[str, str]], pushes: int
) -> tuple[list[float], float]:
    limits = httpx.Limits(max_connections=len(tokens) + 5)
    clients = [
        httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {t}"}, timeout=120, limits=limits
        )
        for t, _ in tokens
    ]
    plans = [[_changes(center, 1 + i * BATCH) for i in range(pushes)] for _, center in tokens]
    started = time.perf_counter()
    results = await asyncio.gather(
        *(_desk_pushes(c, p) for c, p in zip(clients, plans, strict=True))
    )
    wall = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    return [s for r in results for s in r], wall


async def _run_pull(base: str, tokens: list[str]) -> tuple[int, float]:
    async def one(token: str) -> int:
        async with httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120
        ) as client:
            after, total = 0, 0
            while True:
                page = (
                    await client.get(
                        "/api/v1/pull", params={"after": after, "limit": 1000, "include_own": True}
                    )
                ).json()
                total += len(page["changes"])
                after = page["cursor"]
                if not page["has_more"]:
                    return total

    started = time.perf_counter()
    counts = await asyncio.gather(*(one(t) for t in tokens))
    return sum(counts), time.perf_counter() - started


def _baseline(pg_url: str, desks: int, pushes: int) -> tuple[list[float], float]:
    """The same rows through a bare INSERT ... ON CONFLICT, one connection per desk."""
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS baseline_change (server_seq bigserial PRIMARY KEY,"
            " change_id varchar(36) UNIQUE NOT NULL, center_id varchar(36), entity varchar(40),"
            " entity_id varchar(36), op varchar(10), version int, payload text)"
        )
    if pushes == 0:
        return [], 0.0

    connections = min(desks, BASELINE_CONNECTIONS)
    per_connection = desks * pushes // connections

    async def desk() -> list[float]:
        samples = []
        async with await psycopg.AsyncConnection.connect(plain) as conn:
            for i in range(per_connection):
                rows = [
                    (
                        c["change_id"],
                        "c",
                        c["entity"],
                        c["entity_id"],
                        c["op"],
                        c["version"],
                        json.dumps(c["payload"]),
                    )
                    for c in _changes("c", 1 + i * BATCH)
                ]
                start = time.perf_counter()
                async with conn.cursor() as cur:
                    await cur.executemany(
                        "INSERT INTO baseline_change (change_id, center_id, entity, entity_id,"
                        " op, version, payload) VALUES (%s,%s,%s,%s,%s,%s,%s)"
                        " ON CONFLICT (change_id) DO NOTHING",
                        rows,
                    )
                await conn.commit()
                samples.append((time.perf_counter() - start) * 1000)
        return samples

    async def all_desks() -> tuple[list[float], float]:
        started = time.perf_counter()
        results = await asyncio.gather(*(desk() for _ in range(connections)))
        return [s for r in results for s in r], time.perf_counter() - started

    return asyncio.run(all_desks())


def run(report: Report) -> None:
    with postgres_database() as url:
        database = DistrictDatabase.open(url, pool_size=2)
        migrate.upgrade(database.engine)
        with running_server(url, "--workers", str(WORKERS), "--max-concurrent", "200") as base:
            for desks, pushes in PUSHES_PER_DESK.items():
                tokens = []
                for _ in range(desks):
                    center = admin.create_center(database, "bench")
                    code = admin.issue_enrolment_code(database, center)
                    body = httpx.post(
                        f"{base}/api/v1/enrol", json={"code": code, "device_name": "bench"}
                    ).json()
                    tokens.append((body["token"], center))
                asyncio.run(
                    _run_push(base, tokens[:1], 2)
                )  # warm-up (seqs 1-200 of the first desk)
                base_samples, base_wall, samples, wall = _interleaved(
                    url, base, tokens, desks, pushes
                )
                name = f"baseline INSERT ON CONFLICT, {desks} desk(s)"
                report.add(Timing(name, base_samples, BATCH))
                report.note(
                    f"baseline {desks} desk(s) changes/s", round(desks * pushes * BATCH / base_wall)
                )
                report.add(
                    Timing(f"push 100 changes, {desks} desk(s)", samples, BATCH, baseline=name)
                )
                report.note(f"push {desks} desk(s) changes/s", round(desks * pushes * BATCH / wall))
                report.note(f"push ÷ baseline, {desks} desk(s)", round(base_wall / wall, 3))
                if desks == 1:
                    _push_desk_batches(report, base, tokens[0], 201 + pushes * BATCH, base_wall)
                pulled, pull_wall = asyncio.run(_run_pull(base, [t for t, _ in tokens]))
                report.note(f"pull {desks} desk(s) changes/s", round(pulled / pull_wall))
        database.dispose()
    report.note("server workers", WORKERS)


def _interleaved(
    url: str, base: str, tokens: list[tuple[str, str]], desks: int, pushes: int
) -> tuple[list[float], float, list[float], float]:
    """The baseline and the push in turns (ROUNDS each, a share of the pushes every turn),
    so that a change in the shared machine's load between them moves both alike: the
    baseline's samples and wall time, then the push's."""
    rounds = min(ROUNDS, pushes)
    shares = [pushes // rounds + (1 if r < pushes % rounds else 0) for r in range(rounds)]
    base_samples: list[float] = []
    push_samples: list[float] = []
    base_wall = push_wall = 0.0
    _baseline(url, desks, 0)
    done = 0
    for share in shares:
        samples, wall = _baseline(url, desks, share)
        base_samples += samples
        base_wall += wall
        if desks == 1:
            samples, wall = _run_one_desk(base, tokens[0], share, 201 + done * BATCH, BATCH)
        else:
            samples, wall = asyncio.run(_run_push_offset(base, tokens[0], tokens[1:], share, done))
        push_samples += samples
        push_wall += wall
        done += share
    return base_samples, base_wall, push_samples, push_wall


def _push_desk_batches(
    report: Report, base: str, desk: tuple[str, str], first_seq: int, base_wall: float
) -> None:
    """One desk again, with the batch size the desk's sync engine sends (compared with the
    one-desk baseline measured just before)."""
    pushes = PUSHES_PER_DESK[1] * BATCH // DESK_BATCH
    samples, wall = _run_one_desk(base, desk, pushes, first_seq, DESK_BATCH)
    report.add(Timing(f"push {DESK_BATCH} changes (the desk's batch), 1 desk", samples, DESK_BATCH))
    report.note("push 1 desk, desk's batch, changes/s", round(pushes * DESK_BATCH / wall))
    baseline_rate = PUSHES_PER_DESK[1] * BATCH / base_wall
    report.note(
        "push ÷ baseline, 1 desk, desk's batch",
        round(pushes * DESK_BATCH / wall / baseline_rate, 3),
    )


def _run_one_desk(
    base: str, desk: tuple[str, str], pushes: int, first_seq: int, size: int
) -> tuple[list[float], float]:
    """One desk pushes as the desk's sync engine does: one blocking client, batch after
    batch, its sequence numbers starting at ``first_seq``."""
    token, center = desk
    plan = [_changes(center, first_seq + i * size, size) for i in range(pushes)]
    samples = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        started = time.perf_counter()
        for batch in plan:
            start = time.perf_counter()
            response = client.post("/api/v1/push", json={"changes": batch})
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.text
        wall = time.perf_counter() - started
    return samples, wall


async def _run_push_offset(
    base: str, first: tuple[str, str], others: list[tuple[str, str]], pushes: int, done: int = 0
) -> tuple[list[float], float]:
    """The first desk already pushed its warm-up batches (seqs 1-200); continue after them.
    Every desk has pushed ``done`` batches before."""
    limits = httpx.Limits(max_connections=len(others) + 5)
    all_tokens = [first, *others]
    clients = [
        httpx.AsyncClient(
            base_url=base, headers={"Authorization": f"Bearer {t}"}, timeout=120, limits=limits
        )
        for t, _ in all_tokens
    ]
    plans = [
        [_changes(center, 1 + (done + i + (2 if n == 0 else 0)) * BATCH) for i in range(pushes)]
        for n, (_, center) in enumerate(all_tokens)
    ]
    started = time.perf_counter()
    results = await asyncio.gather(
        *(_desk_pushes(c, p) for c, p in zip(clients, plans, strict=True))
    )
    wall = time.perf_counter() - started
    for client in clients:
        await client.aclose()
    return [s for r in results for s in r], wall
