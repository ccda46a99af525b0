"""The desk's memory: after start with the demo center, after a 10,000-change pull, and over
100 sync rounds (a leak check).

Each figure comes from a fresh process of its own (resident set size from
``/proc/self/status`` and the peak from ``getrusage``), so one case's garbage never counts
in another's:

* start: the desk to its shown main window on a set-up demo center
  (``--quit-after-start``), against a bare QApplication + QMainWindow;
* pull: a desk of a center whose other desk pushed 10,000 changes pulls and applies them
  (a real district server on SQLite, loopback); resident memory before and after;
* rounds: that desk then runs 100 sync rounds (each after one new resident, so each
  round pushes and pulls); resident memory every 10 rounds, and the growth per round
  from round 10 to round 100 (≈ 0 when nothing leaks).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import keyring

from bench.cold_start import BARE, ROOT, _environment, _prepare_demo_desk
from bench.desk_setup import bench_desk
from bench.desk_sync import CHANGES, _connect, _enrolled, _fill
from bench.harness import Report
from desktop.sync.push import push_pending
from desktop.sync.transport import HttpTransport
from district.database import DistrictDatabase
from district.migrate import upgrade
from tests.integration.district_server import running_server
from tests.memory_keyring import MemoryKeyring

ROUNDS = 100

MEMORY = """
import resource
def memory():
    with open("/proc/self/status") as status:
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rss_mb": rss / 1024, "peak_mb": peak / 1024}
"""

DESK_STARTED = (
    MEMORY
    + """
import json, sys
from ui.app import main
main(["--data-dir", sys.argv[1], "--quit-after-start"])
print(json.dumps(memory()), flush=True)
"""
)

BARE_STARTED = (
    MEMORY
    + BARE.replace("print(time.time(), flush=True)", "")
    + """
import json
print(json.dumps(memory()), flush=True)
"""
)

PULL_AND_ROUNDS = (
    MEMORY
    + """
import gc, json, sys
from pathlib import Path
import keyring
from tests.memory_keyring import MemoryKeyring
keyring.set_keyring(MemoryKeyring())
from bench.desk_setup import bench_desk
from bench.desk_sync import _connect
from desktop.residents import ResidentDraft, create_resident
from desktop.search_terms import resident_terms
from desktop.sync.pull import pull_all
from desktop.sync.runner import SyncRunner
from desktop.sync.transport import HttpTransport

folder, base, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
enrolled = json.loads(sys.stdin.read())  # the token stays off the command line
ctx, staff = bench_desk(folder)
_connect(ctx, base, enrolled)
resident_terms("张三")  # the pinyin dictionary, loaded once per process as at a desk
gc.collect()
figures = {"before_pull": memory()}
transport = HttpTransport(base)
summary = pull_all(ctx, transport)
transport.close()
gc.collect()
figures["after_pull"] = memory()
figures["pulled"] = summary.applied
runner = SyncRunner(ctx)
samples = []
for n in range(1, rounds + 1):
    name = "王" + "一二三四五六七八九十"[n % 10] + "甲乙丙丁戊己庚辛壬癸"[n // 10 % 10]
    draft = ResidentDraft(name=name, phone=f"1380000{n:04d}")
    create_resident(ctx, staff[0], draft, allow_duplicate=True)
    status = runner.run_once()
    assert status.state == "online", status
    if n % 10 == 0:
        gc.collect()
        samples.append({"round": n, **memory()})
figures["rounds"] = samples
print(json.dumps(figures), flush=True)
"""
)


def _child(script: str, *args: str, given: str = "") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=_environment(),
        cwd=ROOT,
        input=given,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the measuring process failed: {done.stderr.strip()[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-desk-memory-") as tmp:
        _start(report, Path(tmp) / "demo")
        _pull_and_rounds(report, Path(tmp))


def _start(report: Report, folder: Path) -> None:
    _prepare_demo_desk(folder)
    bare = _child(BARE_STARTED)
    desk = _child(DESK_STARTED, str(folder))
    report.note("bare Qt window: resident MB", round(bare["rss_mb"], 1))
    report.note("bare Qt window: peak MB", round(bare["peak_mb"], 1))
    report.note("desk started (demo center): resident MB", round(desk["rss_mb"], 1))
    report.note("desk started (demo center): peak MB", round(desk["peak_mb"], 1))
    report.note("desk started: peak ÷ bare", round(desk["peak_mb"] / bare["peak_mb"], 2))


def _pull_and_rounds(report: Report, tmp: Path) -> None:
    url = f"sqlite:///{tmp / 'district.sqlite'}"
    database = DistrictDatabase.open(url)
    upgrade(database.engine)
    database.dispose()
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        with running_server(url) as base:
            pusher, _ = bench_desk(tmp / "pusher")
            enrolled = _enrolled(url, base)
            _connect(pusher, base, enrolled)
            _fill(pusher, CHANGES)
            transport = HttpTransport(base)
            push_pending(pusher, transport)
            transport.close()
            other = _enrolled(url, base, enrolled["center_id"])
            puller = str(tmp / "puller")
            figures = _child(PULL_AND_ROUNDS, puller, base, str(ROUNDS), given=json.dumps(other))
    finally:
        keyring.set_keyring(previous)
    report.note("pulled and applied", figures["pulled"])
    report.note("before the pull: resident MB", round(figures["before_pull"]["rss_mb"], 1))
    report.note("after the pull: resident MB", round(figures["after_pull"]["rss_mb"], 1))
    report.note("after the pull: peak MB", round(figures["after_pull"]["peak_mb"], 1))
    rounds = figures["rounds"]
    for sample in rounds:
        report.note(f"after round {sample['round']}: resident MB", round(sample["rss_mb"], 1))
    first, last = rounds[0], rounds[-1]
    growth_kb = (last["rss_mb"] - first["rss_mb"]) * 1024 / (last["round"] - first["round"])
    report.note(
        f"growth per round, rounds {first['round']}–{last['round']}: KB", round(growth_kb, 1)
    )
