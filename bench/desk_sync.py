"""The desk's sync against a real district server (SQLite, loopback).

* drain 10,000 pending changes (visits written straight into the change log's shape by
  the desk's own services would take minutes to make; residents are inserted through the
  ORM so the change log is real) with ``push_pending``, against a baseline of the same
  batches posted with a bare HTTP client (no change-log reads, no bookkeeping);
* pull: a second desk of the same center pulls and applies all of it (``pull_all``), against
  a bare HTTP client fetching the same pages without applying them;
* the UI event loop's longest stall while a sync round runs on the thread pool (a 5 ms
  timer is watched; target ≤ 50 ms);
* the peer in the same run: PouchDB pushing 10,000 documents of 316 bytes to
  express-pouchdb and pulling them back (:mod:`bench.pouchdb_peer`; skipped with the reason
  where Node.js or the npm registry is missing), and our figures over its.
"""

from __future__ import annotations

import base64
import gc
import itertools
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import keyring
from sqlalchemy import func, select

from bench.desk_setup import bench_desk
from bench.harness import Report, Timing
from bench.pouchdb_peer import PeerFigures, PeerUnavailable, replicate
from db.ids import uuid7
from db.models import Resident
from desktop.context import DeskContext
from desktop.search_terms import resident_terms
from desktop.settings import Settings
from desktop.sync.adopt import adopt_center
from desktop.sync.pull import APPLIES, PAGE, pull_all
from desktop.sync.push import push_pending
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import HttpTransport
from district import admin
from district.database import DistrictDatabase
from district.migrate import upgrade
from tests.integration.district_server import (
    postgres_database,
    postgres_reachable,
    running_server,
)
from tests.memory_keyring import MemoryKeyring

CHANGES = 10_000
BATCH = 300
PEER_DOC_BYTES = 316  # a visit document of about the size of a desk's visit change
PEER_BATCH = 100  # PouchDB's default
STALL_TARGET_MS = 50.0


def _enrolled(url: str, base: str, center: str | None = None) -> dict[str, Any]:
    database = DistrictDatabase.open(url)
    center = center or admin.create_center(database, "基准")
    code = admin.issue_enrolment_code(database, center)
    database.dispose()
    body: dict[str, Any] = httpx.post(
        f"{base}/api/v1/enrol", json={"code": code, "device_name": "bench"}
    ).json()
    return body


def _fill(ctx: DeskContext, count: int) -> None:
    with ctx.db.write() as session:
        session.add_all(
            Resident(center_id=ctx.center_id, name=f"居民{n}", phone_masked="170****0000")
            for n in range(count)
        )


def run(report: Report) -> None:
    """Against the district on its embedded SQLite and, where it runs, on PostgreSQL (what a
    district deploys); the figures of the second carry the ``postgres`` prefix. The peer
    users would otherwise pick (PouchDB replicating to express-pouchdb) runs first, in the
    same run, with the same number of documents of about the same size."""
    peer = _peer(report)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        with tempfile.TemporaryDirectory(prefix="bench-desk-sync-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'district.sqlite'}"
            _against(report, Path(tmp) / "sqlite", url, peer)
            if postgres_reachable():
                with postgres_database() as pg_url:
                    _against(report.scoped("postgres"), Path(tmp) / "postgres", pg_url, peer)
    finally:
        keyring.set_keyring(previous)


def _peer(report: Report) -> PeerFigures | None:
    try:
        peer = replicate(CHANGES, PEER_DOC_BYTES, PEER_BATCH)
    except PeerUnavailable as missing:
        report.note("PouchDB peer", f"not run: {missing}")
        return None
    report.note("PouchDB peer", f"PouchDB {peer.version}, batch {peer.batch}")
    report.note("PouchDB push docs/s", round(peer.push_per_s))
    report.note("PouchDB pull docs/s", round(peer.pull_per_s))
    return peer


def _against(report: Report, tmp: Path, url: str, peer: PeerFigures | None) -> None:
    database = DistrictDatabase.open(url)
    upgrade(database.engine)
    database.dispose()
    with running_server(url) as base:
        push_per_s, pull_per_s = _measure(report, tmp, url, base)
    if peer is not None:
        report.note("desk push ÷ PouchDB push", round(push_per_s / peer.push_per_s, 2))
        report.note("desk pull ÷ PouchDB pull", round(pull_per_s / peer.pull_per_s, 2))


def _connect(ctx: DeskContext, base: str, enrolled: dict[str, Any]) -> None:
    """What enrolment does (token in the keyring, the center's id and key taken)."""
    settings = Settings(ctx.db)
    settings.set("sync.server_url", base)
    settings.set("sync.center_id", enrolled["center_id"])
    settings.set("sync.device_id", enrolled["device_id"])
    TokenStore(ctx.paths).save(enrolled["token"])
    key = base64.b64decode(enrolled["center_data_key"])
    adopt_center(ctx, enrolled["center_id"], key)


def _measure(report: Report, tmp: Path, url: str, base: str) -> tuple[float, float]:
    """Push then pull; returns the desk's changes per second each way."""
    ctx, _staff = bench_desk(tmp / "desk")
    enrolled = _enrolled(url, base)
    _connect(ctx, base, enrolled)

    transport = HttpTransport(base)
    push_pending(ctx, transport, batch=BATCH)  # the set-up's own changes first
    _fill(ctx, CHANGES)
    started = time.perf_counter()
    summary = push_pending(ctx, transport, batch=BATCH)
    desk_s = time.perf_counter() - started
    transport.close()
    report.note("pushed", summary.accepted)
    report.note("desk push changes/s", round(summary.accepted / desk_s))

    # Baseline: the same number of changes in the same batch size through a bare client.
    baseline_token = _enrolled(url, base)
    client = httpx.Client(
        base_url=base, headers={"Authorization": f"Bearer {baseline_token['token']}"}
    )
    batches = []
    seq = 0
    for _ in range(CHANGES // BATCH):
        changes = []
        for _ in range(BATCH):
            seq += 1
            row = uuid7()
            payload = {"id": row, "center_id": baseline_token["center_id"], "name": "居民"}
            changes.append(
                {
                    "change_id": uuid7(),
                    "seq": seq,
                    "entity": "resident",
                    "entity_id": row,
                    "op": "insert",
                    "version": 1,
                    "payload": payload,
                }
            )
        batches.append(changes)
    started = time.perf_counter()
    for changes in batches:
        assert client.post("/api/v1/push", json={"changes": changes}).status_code == 200
    bare_s = time.perf_counter() - started
    client.close()
    report.note("bare client changes/s", round(CHANGES / bare_s))
    report.add(Timing("bare client: 10,000 changes", [bare_s * 1000], CHANGES))
    report.add(
        Timing(
            "push_pending: 10,000 changes",
            [desk_s * 1000],
            CHANGES,
            baseline="bare client: 10,000 changes",
        )
    )
    report.note("payload bytes per change", len(json.dumps(batches[0][0])))
    other, pull_per_s = _pull(report, tmp, url, base, enrolled["center_id"], summary.accepted)
    del batches
    gc.collect()  # the benchmark's own garbage (10,000 prepared changes), not the desk's
    _stall(report, ctx, other)
    return summary.accepted / desk_s, pull_per_s


PULL_PAIRS = 3
"""Bare fetch and desk pull, alternated this many times (each pull by a fresh desk): the
machine's load moves from second to second, so each pair's ratio is taken and the median
reported."""


def _pull(
    report: Report, tmp: Path, url: str, base: str, center: str, expected: int
) -> tuple[DeskContext, float]:
    """Desks of the center pull and apply what the first one pushed, each right after a bare
    client fetched the same pages."""
    resident_terms("张三")  # the pinyin dictionary loads once per process (0.3 s), as at a desk
    bare: list[float] = []
    desk: list[float] = []
    bare_cpu: list[float] = []
    desk_cpu: list[float] = []
    for pair in range(PULL_PAIRS):
        other, _staff = bench_desk(tmp / f"desk-pull-{pair}")
        enrolled = _enrolled(url, base, center)
        _connect(other, base, enrolled)
        Settings(other.db).set("sync.applies", APPLIES)  # no first pull from the start here
        cpu = time.process_time()
        fetched, bare_s = _bare_fetch(base, enrolled["token"])
        bare_cpu.append(time.process_time() - cpu)
        transport = HttpTransport(base)
        started, cpu = time.perf_counter(), time.process_time()
        summary = pull_all(other, transport)
        desk_s = time.perf_counter() - started
        desk_cpu.append(time.process_time() - cpu)
        transport.close()
        with other.db.read() as session:
            residents = session.scalar(select(func.count()).select_from(Resident))
        assert residents is not None and residents >= expected // 2
        bare.append(bare_s)
        desk.append(desk_s)
    ratios = sorted(b / d for b, d in zip(bare, desk, strict=True))
    report.note("pulled changes", fetched)
    report.note("pull applied", summary.applied)
    report.note("residents at the second desk", residents)
    report.note("desk pull changes/s (median)", round(fetched / statistics.median(desk)))
    report.note(
        "bare pull (fetch only) changes/s (median)", round(fetched / statistics.median(bare))
    )
    report.note("desk pull ÷ bare fetch, each pair", [round(r, 2) for r in ratios])
    report.note("desk pull ÷ bare fetch (median of pairs)", round(statistics.median(ratios), 2))
    # CPU seconds of this process (the desk's threads, or the bare client): what the load of
    # other work on the machine blurs least
    report.note("bare fetch: client CPU s (median)", round(statistics.median(bare_cpu), 3))
    report.note("desk pull: desk CPU s (median)", round(statistics.median(desk_cpu), 3))
    report.add(Timing("bare client: fetch every page", [b * 1000 for b in bare], fetched))
    report.add(
        Timing(
            "pull_all: fetch and apply every page",
            [d * 1000 for d in desk],
            fetched,
            baseline="bare client: fetch every page",
        )
    )
    return other, fetched / statistics.median(desk)


def _bare_fetch(base: str, token: str) -> tuple[int, float]:
    """Every page fetched and parsed by a bare client, nothing applied: changes, seconds."""
    client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    fetched, after = 0, 0
    while True:
        page = client.get("/api/v1/pull", params={"after": after, "limit": PAGE}).json()
        fetched += len(page["changes"])
        after = page["cursor"]
        if not page["has_more"]:
            break
    seconds = time.perf_counter() - started
    client.close()
    return fetched, seconds


def _stall(report: Report, ctx: DeskContext, other: DeskContext) -> None:
    """Longest gap between 5 ms timer ticks while a sync round runs off the UI thread: one
    desk's round pushing 2,000 changes, then the other desk's round pulling them."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.sync.runner import SyncRunner
    from ui.sync.status_widget import run_round

    app = QApplication.instance() or QApplication([])
    _fill(ctx, 2_000)
    for label, desk in (("push", ctx), ("pull", other)):
        longest = _round_stall(SyncRunner(desk), run_round, QCoreApplication, QTimer)
        report.note(f"ui longest stall ms ({label} 2,000 changes)", longest)
    report.note("ui stall target ms", STALL_TARGET_MS)
    del app


def _round_stall(runner: Any, round_work: Any, core: Any, timer_class: Any) -> float | None:
    from ui.ops import run_op

    ticks: list[float] = []
    timer = timer_class()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    done: list[bool] = []
    timer.start()
    run_op(lambda: round_work(runner), lambda status: done.append(True), lane="network")
    deadline = time.perf_counter() + 120
    while not done and time.perf_counter() < deadline:
        core.processEvents()
        time.sleep(0.001)
    timer.stop()
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
    return round(max(gaps), 1) if gaps else None
