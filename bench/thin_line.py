"""A day's sync over a thin line: a center on a 4G router or old ADSL.

One desk registers a day's work through its own services (residents with encrypted phone
and ID number, visits, requests: about 2,000 changes), pushes it to a real district
server (SQLite, loopback) through :mod:`bench.shaping_proxy` (2 Mbit/s each way, 80 ms
round trip), and a second desk of the center pulls and applies it through the same line.
Run twice in the same process: bodies compressed (gzip, negotiated) and plain.

Printed: bytes per change each way, plain and compressed, and each direction's time
against what its carried bytes alone need at the line's rate (target ≤ 1.5×).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import keyring
from sqlalchemy import func, select

from bench.desk_setup import bench_desk
from bench.desk_sync import _connect, _enrolled
from bench.harness import Report, Timing
from bench.shaping_proxy import Carried, Line, shaped
from db.models import ChangeLogEntry
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.residents import ResidentDraft, create_resident
from desktop.sync.pull import pull_all
from desktop.sync.push import push_pending
from desktop.sync.transport import HttpTransport
from desktop.visits import RequestDraft, register_visit
from district.database import DistrictDatabase
from district.migrate import upgrade
from tests.integration.district_server import running_server
from tests.memory_keyring import MemoryKeyring

DAY_CHANGES = 2_000
TARGET = 1.5
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
CHECK = "10X98765432"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(rng: random.Random) -> str:
    born = f"{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"500103{born}{rng.randint(0, 999):03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def _day_of_work(ctx: DeskContext, staff: StaffIdentity, seed: int) -> int:
    """Register walk-ins until about a day's changes wait; returns how many wait."""
    rng = random.Random(seed)
    items = [item.id for item in list_service_items(ctx)]
    waiting = 0
    n = 0
    while waiting < DAY_CHANGES:
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        draft = ResidentDraft(
            name=name,
            phone=f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
            id_number=_id_number(rng),
            estate="幸福里",
            building=f"{rng.randint(1, 30)}号楼",
            room=str(rng.randint(101, 1802)),
        )
        resident = create_resident(ctx, staff, draft, allow_duplicate=True)
        requests = [RequestDraft(rng.choice(items)) for _ in range(rng.randint(1, 2))]
        register_visit(ctx, staff, resident.id, requests)
        n += 1
        if n % 50 == 0:
            waiting = _waiting(ctx)
    return _waiting(ctx)


def _waiting(ctx: DeskContext) -> int:
    with ctx.db.read() as session:
        pending = ChangeLogEntry.pushed_at.is_(None)
        return int(session.scalar(select(func.count()).where(pending)) or 0)


def run(report: Report) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    line = Line()
    report.note(
        "line", f"{line.bits_per_s / 1e6:g} Mbit/s each way, {line.round_trip_s * 1000:g} ms"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="bench-thin-line-") as tmp:
            for compress in (True, False):
                _one_way_and_back(report, Path(tmp) / str(compress), line, compress)
    finally:
        keyring.set_keyring(previous)


def _one_way_and_back(report: Report, tmp: Path, line: Line, compress: bool) -> None:
    mode = "gzip" if compress else "plain"
    url = f"sqlite:///{tmp / 'district.sqlite'}"
    tmp.mkdir(parents=True)
    database = DistrictDatabase.open(url)
    upgrade(database.engine)
    database.dispose()
    with running_server(url) as base:
        ctx, staff = bench_desk(tmp / "desk")
        enrolled = _enrolled(url, base)
        _connect(ctx, base, enrolled)
        direct = HttpTransport(base)
        push_pending(ctx, direct)  # the set-up's own changes, not the day's
        direct.close()
        changes = _day_of_work(ctx, staff[0], seed=20261202)
        other, _ = bench_desk(tmp / "other")
        _connect(other, base, _enrolled(url, base, enrolled["center_id"]))
        pull_all(other, HttpTransport(base))  # the set-up's rows, before the day's
        with shaped(base, line) as (proxied, carried):
            up_s = _timed_push(ctx, proxied, compress)
            pushed_up = carried.up
            before = Carried(carried.up, carried.down)
            down_s, applied = _timed_pull(other, proxied, compress)
        down_bytes = carried.down - before.down
    report.note(f"{mode}: day's changes", changes)
    report.note(f"{mode}: applied at the other desk", applied)
    for direction, seconds, nbytes in (("push", up_s, pushed_up), ("pull", down_s, down_bytes)):
        need = line.seconds_for(nbytes)
        report.note(f"{mode} {direction}: bytes per change", round(nbytes / changes))
        report.note(f"{mode} {direction}: × the line time of its bytes", round(seconds / need, 2))
        report.add(Timing(f"{mode} {direction}: a day's changes", [seconds * 1000], changes))
        report.add(
            Timing(f"{mode} {direction}: its bytes at the line's rate", [need * 1000], changes)
        )
    if compress:
        report.note("target: × the line time of its bytes", f"≤ {TARGET}")


def _timed_push(ctx: DeskContext, base: str, compress: bool) -> float:
    transport = HttpTransport(base, compress=compress)
    try:
        started = time.perf_counter()
        summary = push_pending(ctx, transport)
        elapsed = time.perf_counter() - started
    finally:
        transport.close()
    assert summary.pending == 0, summary
    return elapsed


def _timed_pull(ctx: DeskContext, base: str, compress: bool) -> tuple[float, int]:
    transport = HttpTransport(base, compress=compress)
    try:
        started = time.perf_counter()
        summary = pull_all(ctx, transport)
        elapsed = time.perf_counter() - started
    finally:
        transport.close()
    return elapsed, summary.applied
