"""Connecting a demo desk (200 residents, today's visits, Saturdays) to a district on its
embedded SQLite: each step of the connect (trading the code, handshake, keeping the key,
taking the center's ids, re-encrypting, rewriting unsent changes) and, as the baseline in
the same run, the first sync round that follows. Each sample is a fresh desk and code."""

from __future__ import annotations

import itertools
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import keyring

from bench.harness import Report, Timing
from desktop import auth, bootstrap, demo
from desktop.context import DeskContext, StaffIdentity
from desktop.paths import DataPaths
from desktop.sync import enrolment
from desktop.sync.runner import SyncRunner
from district import admin
from district.database import DistrictDatabase
from district.migrate import upgrade
from tests.integration.district_server import running_server
from tests.memory_keyring import MemoryKeyring

SAMPLES = 3


def run(report: Report) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        with tempfile.TemporaryDirectory(prefix="bench-joining-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'district.sqlite'}"
            database = DistrictDatabase.open(url, pool_size=1)
            upgrade(database.engine)
            with running_server(url) as base:
                _measure(report, Path(tmp), database, base)
            database.dispose()
    finally:
        keyring.set_keyring(previous)


def _connect(
    ctx: DeskContext, staff: StaffIdentity, base: str, code: str
) -> list[tuple[str, float]]:
    """("start", t), then (step, when it began) for each step, then ("done", t)."""
    points = [("start", time.perf_counter())]
    enrolment.enrol(
        ctx, staff, base, code, "前台 1", progress=lambda s: points.append((s, time.perf_counter()))
    )
    points.append(("done", time.perf_counter()))
    return points


def _measure(report: Report, tmp: Path, database: DistrictDatabase, base: str) -> None:
    steps: dict[str, list[float]] = defaultdict(list)
    connect: list[float] = []
    first_round: list[float] = []
    for n in range(SAMPLES):
        startup = bootstrap.start(DataPaths(tmp / f"desk-{n}"))
        ctx = demo.open_demo_center(startup)
        staff = auth.sign_in(ctx, "admin", "demo1234")
        center = admin.create_center(database, f"幸福里-{n}")
        code = admin.issue_enrolment_code(database, center)
        points = _connect(ctx, staff, base, code)
        connect.append((points[-1][1] - points[0][1]) * 1000)
        for (step, began), (_, ended) in itertools.pairwise(points[1:]):
            steps[step].append((ended - began) * 1000)
        began = time.perf_counter()
        SyncRunner(ctx).run_once()
        first_round.append((time.perf_counter() - began) * 1000)
        startup.db.dispose()
    report.add(Timing("first sync round after connecting", first_round))
    report.add(Timing("connect (all steps)", connect, baseline="first sync round after connecting"))
    for step in enrolment.STEPS:
        report.add(Timing(f"  {step}", steps[step], baseline="first sync round after connecting"))
    report.note("desk", "demo center: 200 residents, today's visits, Saturday set-up")
