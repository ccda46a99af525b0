"""Backing up a busy center's year: ~200 MB, while the UI thread keeps ticking.

The database: the Saturday generator's two years of Saturdays, 12,000 residents (phones
encrypted) and 50,000 bookings (``bench/saturday.py``), plus a year of walk-ins as the
visits benchmark registers them (``bench/visits.py``: a visit with two requests), 85 a
working day for 250 days, each with the change-log rows the desk writes (registration,
outcome, satisfaction). Visits are written in bulk, with payloads shaped as the desk's
change log shapes them: registering 50,000 through the service would take longer than
the benchmark. Generated once and kept under ``~/.cache/service-center-bench``.

Cases, on the same file in the same run:

* baseline: the ``sqlite3`` command line's ``.backup`` (a plain copy, nothing checked);
* the desk's backup (``desktop.backup.service.run_backup``: online-backup copy,
  ``PRAGMA integrity_check``, counts, zip, state) and its stages one by one;
* the UI thread while a backup runs on the thread pool as the desk runs it: a 5 ms
  ``QTimer`` on the main thread, the longest gap between its ticks (the longest stall a
  person could notice) against the same timer with nothing running; and a visit registered
  on the UI thread every 300 ms during the backup (the longest such write).

Target: the longest UI stall while a backup runs ≤ 50 ms.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from bench import saturday
from bench.desk_setup import bench_desk
from bench.harness import Report, Timing, measure
from db.ids import uuid7
from db.models import ChangeLogEntry, Resident, ServiceRequest, Visit
from desktop.backup import archive, service, snapshot
from desktop.catalog import list_service_items
from desktop.context import DeskContext, StaffIdentity
from desktop.visits import RequestDraft, register_visit

CACHE = Path.home() / ".cache" / "service-center-bench"
VERSION = 2
DAYS = 250
PER_DAY = 85
REPEAT = 3
TICK_MS = 5
TARGET_STALL_MS = 50.0
START = dt.date(2026, 1, 5)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _log(entity: str, row: dict[str, Any], at: dt.datetime) -> dict[str, Any]:
    """The change-log row the desk writes for this version of ``row``."""
    payload = json.dumps({k: _iso(v) for k, v in row.items()}, ensure_ascii=False)
    return {
        "change_id": uuid7(),
        "entity": entity,
        "entity_id": row["id"],
        "op": "insert" if row["version"] == 1 else "update",
        "version": row["version"],
        "payload": payload,
        "created_at": at,
        "pushed_at": at,
    }


def _visits(ctx: DeskContext, staff: StaffIdentity, residents: list[str]) -> None:
    """A year of walk-ins in bulk, with the change-log rows the desk writes for them."""
    items = [(i.id, i.category) for i in list_service_items(ctx)]
    rng = random.Random(11)
    texts = ["咨询居住证办理流程", "3栋加装电梯协调", "低保年审材料", "独居老人上门探访", ""]
    codes = itertools.count(10_000_000)
    day = START
    for _ in range(DAYS):
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        visits, requests, log = [], [], []
        for n in range(PER_DAY):
            at = dt.datetime.combine(day, dt.time(0, 30), dt.UTC) + dt.timedelta(minutes=2 * n)
            visit = {
                "id": uuid7(),
                "center_id": ctx.center_id,
                "resident_id": rng.choice(residents),
                "registered_by": staff.id,
                "handler_id": staff.id,
                "desk_slot": 1,
                "visit_date": day,
                "queue_line": "A",
                "queue_number": f"A{n + 1:03d}",
                "status": "closed",
                "satisfaction": rng.randint(3, 5),
                "verification_code": f"V{next(codes)}",
                "arrived_at": at,
                "closed_at": at + dt.timedelta(minutes=15),
                "created_at": at,
                "updated_at": at + dt.timedelta(minutes=15),
                "version": 3,
                "deleted_at": None,
            }
            visits.append(visit)
            log += [_log("visit", {**visit, "version": v}, at) for v in (1, 2, 3)]
            for position in (1, 2):
                item, category = rng.choice(items)
                request = {
                    "id": uuid7(),
                    "center_id": ctx.center_id,
                    "visit_id": visit["id"],
                    "position": position,
                    "service_item_id": item,
                    "category": category,
                    "urgency": "normal",
                    "description": rng.choice(texts),
                    "outcome": "done",
                    "outcome_note": "",
                    "referred_to": "",
                    "due_date": None,
                    "outcome_by": staff.id,
                    "outcome_at": at + dt.timedelta(minutes=14),
                    "created_at": at,
                    "updated_at": at + dt.timedelta(minutes=14),
                    "version": 2,
                    "deleted_at": None,
                }
                requests.append(request)
                log += [_log("request", {**request, "version": v}, at) for v in (1, 2)]
        with ctx.db.write() as session:
            session.execute(insert(Visit), visits)
            session.execute(insert(ServiceRequest), requests)
            session.execute(insert(ChangeLogEntry), log)
        day += dt.timedelta(days=1)


def _phones(ctx: DeskContext) -> None:
    """Residents get encrypted phones, as the desk stores them (they do not compress)."""
    with ctx.db.write() as session:
        ids = list(session.scalars(select(Resident.id)))
        for n, resident_id in enumerate(ids):
            phone = f"139{n:08d}"
            session.execute(
                update(Resident)
                .where(Resident.id == resident_id)
                .values(
                    phone_cipher=ctx.vault.encrypt(phone),
                    phone_hash=ctx.vault.blind_hash("phone", phone),
                    phone_masked=f"139****{phone[-4:]}",
                )
            )


def busy_year(report: Report) -> tuple[DeskContext, StaffIdentity, Path]:
    """The busy center's desk (generated once, then copied from the cache)."""
    cached = CACHE / f"busy-year-v{VERSION}"
    work = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    if not (cached / "desk.sqlite").exists():
        started = time.perf_counter()
        building = Path(tempfile.mkdtemp(prefix="bench-backup-build-"))
        made, people = bench_desk(building / "desk", saturday.WORKERS)
        made.clock = lambda: dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        residents = saturday._fill(made, people[0])
        _phones(made)
        _visits(made, people[0], residents)
        made.db.dispose()
        conn = sqlite3.connect(made.paths.database)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        CACHE.mkdir(parents=True, exist_ok=True)
        shutil.copytree(made.paths.root, cached, dirs_exist_ok=True)
        shutil.rmtree(building)
        report.note("generation_s", round(time.perf_counter() - started, 1))
    shutil.copytree(cached, work / "desk")
    ctx, staff = bench_desk_reopen(work / "desk")
    return ctx, staff, work


def bench_desk_reopen(root: Path) -> tuple[DeskContext, StaffIdentity]:
    from bench.desk_setup import BENCH_PASSWORD
    from db.engine import Database
    from db.models import Center
    from desktop import auth
    from desktop.paths import DataPaths
    from desktop.pii import PiiVault

    paths = DataPaths(root)
    db = Database.open(paths.database)
    with db.read() as session:
        center_id = session.scalars(select(Center)).one().id
    ctx = DeskContext(
        db=db, paths=paths, center_id=center_id, desk_slot=1, vault=PiiVault(b"b" * 32)
    )
    return ctx, auth.sign_in(ctx, "admin", BENCH_PASSWORD)


def _ticks_while(work: Any, register: Any | None = None) -> tuple[list[float], list[float]]:
    """Run ``work`` on the thread pool as the desk does; return the gaps (ms) between the
    ticks of a 5 ms timer on this (the UI) thread, and the durations of ``register`` calls
    made on it every 300 ms meanwhile."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from ui.ops import run_op

    app = QCoreApplication.instance()
    assert app is not None
    loop = QEventLoop()
    gaps: list[float] = []
    writes: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    def write() -> None:
        if register is not None:
            started = time.perf_counter()
            register()
            writes.append((time.perf_counter() - started) * 1000)

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    writer = QTimer()
    writer.setInterval(300)
    writer.timeout.connect(write)
    outcome: list[Any] = []

    def finished(result: Any) -> None:
        outcome.append(result)
        loop.quit()

    timer.start()
    writer.start()
    last[0] = time.perf_counter()
    call = run_op(work, finished, finished, lane="maintenance")  # as the desk runs it
    loop.exec()
    timer.stop()
    writer.stop()
    del call
    return gaps, writes


def _cli_backup(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    subprocess.run(["sqlite3", str(source), f".backup '{target}'"], check=True)


def run(report: Report) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    ctx, staff, work = busy_year(report)
    try:
        database = ctx.paths.database
        report.note("database_mb", round(database.stat().st_size / 1e6, 1))
        with ctx.db.read() as session:
            from sqlalchemy import func

            for model, name in ((Visit, "visits"), (Resident, "residents")):
                report.note(name, session.scalar(select(func.count()).select_from(model)))
        plain = work / "plain.sqlite"
        cli = shutil.which("sqlite3") is not None
        copy = (
            (lambda: _cli_backup(database, plain))
            if cli
            else (lambda: snapshot.copy_database(database, plain))
        )
        base = report.add(measure("sqlite3 .backup (plain copy)", copy, repeat=REPEAT, warmup=1))
        report.note("baseline", "sqlite3 command line" if cli else "Python's backup API")
        made: list[service.BackupOutcome] = []

        def desk_backup() -> None:
            made.append(service.run_backup(ctx, "manual"))

        report.add(
            measure(
                "run_backup (copy, check, zip)",
                desk_backup,
                repeat=REPEAT,
                warmup=0,
                baseline=base.name,
            )
        )
        last = made[-1].made
        assert last is not None and last.manifest.good
        report.note("backup_mb", round(last.size / 1e6, 1))
        report.note("compressed_ratio", round(last.size / last.manifest.database_bytes, 3))
        stage_copy = work / "stage.sqlite"
        report.add(
            measure(
                "stage: online-backup copy",
                lambda: snapshot.copy_database(database, stage_copy),
                repeat=REPEAT,
                warmup=0,
                baseline=base.name,
            )
        )
        report.add(
            measure(
                "stage: integrity_check + counts",
                lambda: snapshot.check_copy(stage_copy),
                repeat=REPEAT,
                warmup=0,
            )
        )
        manifest = last.manifest
        report.add(
            measure(
                f"stage: zip (zlib level {archive.COMPRESS_LEVEL})",
                lambda: archive.write_archive(stage_copy, manifest, work / "stage.zip"),
                repeat=REPEAT,
                warmup=0,
            )
        )
        _compare_levels(report, stage_copy, manifest, work)
        items = list_service_items(ctx)
        resident = _a_resident(ctx)
        drafts = [RequestDraft(items[0].id), RequestDraft(items[3].id, description="咨询")]

        def register() -> None:
            register_visit(ctx, staff, resident, drafts)

        idle_gaps, _ = _ticks_while(lambda: time.sleep(8))
        gaps, _ = _ticks_while(lambda: service.run_backup(ctx, "automatic"))
        _, idle_writes = _ticks_while(lambda: time.sleep(8), register)
        _, writes = _ticks_while(lambda: service.run_backup(ctx, "automatic"), register)
        idle_name = "UI timer gap, nothing running"
        report.add(Timing(idle_name, idle_gaps))
        report.add(Timing("UI timer gap while a backup runs", gaps, baseline=idle_name))
        write_name = "register_visit on the UI thread, no backup"
        report.add(Timing(write_name, idle_writes))
        during = "register_visit on the UI thread during a backup"
        report.add(Timing(during, writes, baseline=write_name))
        report.note("longest_ui_stall_ms", round(max(gaps) - TICK_MS, 1))
        report.note("longest_ui_stall_idle_ms", round(max(idle_gaps) - TICK_MS, 1))
        report.note("longest_register_visit_ms", round(max(writes), 1) if writes else None)
        report.note("longest_register_visit_idle_ms", round(max(idle_writes), 1))
        report.note("load_average", os.getloadavg()[0])
        report.note("target_stall_ms", TARGET_STALL_MS)
        del app
    finally:
        ctx.db.dispose()
        shutil.rmtree(work, ignore_errors=True)


def _a_resident(ctx: DeskContext) -> str:
    with ctx.db.read() as session:
        found = session.scalars(select(Resident.id).limit(1)).one()
    return str(found)


def _compare_levels(report: Report, copy: Path, manifest: archive.Manifest, work: Path) -> None:
    """The size and time of zlib level 6 (zip's usual) next to the level the desk uses."""
    target = work / "level.zip"
    chosen = archive.COMPRESS_LEVEL
    try:
        for level in (6,):
            archive.COMPRESS_LEVEL = level
            timing = measure(
                f"zip at zlib level {level} (for comparison)",
                lambda: archive.write_archive(copy, manifest, target),
                repeat=1,
                warmup=0,
            )
            report.add(timing)
            report.note(f"level_{level}_mb", round(os.path.getsize(target) / 1e6, 1))
    finally:
        archive.COMPRESS_LEVEL = chosen
