"""Cold start of the desk to a shown main window, against a bare Qt window.

Each sample is a fresh Python process, timed from just before it is spawned until it
reports that its main window has been shown (the process's own exit is not counted). The
desk runs ``service-center --quit-after-start`` on a set-up demo center, and two moments
are taken: its first paint (the window with the lock page; an interactive start opens the
sign-in dialog in the same pass) and the end of the whole start-up (database engine and
migration check, settings, the data-key vault, the status bar), when ``main`` returns. The
baseline process starts a bare QApplication + QMainWindow. Bytecode is cached (as in an
installed app): a warm-up run of each writes it first.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Report, Timing

RUNS = 5
TARGET_S = 0.7
ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys, time
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1180, 760)
window.show()
loop = QEventLoop()
QTimer.singleShot(0, loop.quit)
loop.exec()
print(time.time(), flush=True)
"""

DESK = """
import sys, time
import ui.app
painted = []
ui.app.FIRST_PAINT_LISTENERS.append(lambda: painted.append(time.time()))
code = ui.app.main(["--data-dir", sys.argv[1], "--quit-after-start"])
print(painted[0], flush=True)
print(time.time(), flush=True)
sys.exit(code)
"""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT)
    return env


def _shown_after_ms(script: str, *args: str) -> list[float]:
    """Milliseconds from spawning a fresh process to each moment it reports (the window
    shown; for the desk: first paint, then the whole start-up done)."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=_environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    moments = [float(line) for line in lines if line.replace(".", "", 1).isdigit()]
    return [(moment - started) * 1000 for moment in moments]


def _prepare_demo_desk(folder: Path) -> None:
    """Set up the demo center once (not timed), which also caches the bytecode."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.app",
            "--data-dir",
            str(folder),
            "--demo",
            "--quit-after-start",
        ],
        env=_environment(),
        cwd=ROOT,
        capture_output=True,
        check=True,
    )


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="cold-start-") as tmp:
        data_dir = Path(tmp) / "desk"
        _prepare_demo_desk(data_dir)
        _shown_after_ms(BARE)  # warm-up: bytecode and OS file cache
        _shown_after_ms(DESK, str(data_dir))
        bare: list[float] = []
        desk: list[float] = []
        ready: list[float] = []
        for _ in range(RUNS):  # interleaved, so both see the same machine load
            bare.append(_shown_after_ms(BARE)[-1])
            painted, done = _shown_after_ms(DESK, str(data_dir))[-2:]
            desk.append(painted)
            ready.append(done)
    base = report.add(Timing("bare QApplication + QMainWindow shown", bare))
    desk_timing = report.add(
        Timing("desk first paint: window, lock page (--quit-after-start)", desk, baseline=base.name)
    )
    report.add(
        Timing("desk start-up done (database, vault, status bar)", ready, baseline=base.name)
    )
    median_s = statistics.median(desk) / 1000
    report.note("runs", RUNS)
    report.note("target_s", TARGET_S)
    report.note("desk_median_s", round(median_s, 3))
    report.note("meets_target", median_s <= TARGET_S)
    report.note("desk_overhead_ms", round(desk_timing.median_ms - base.median_ms, 1))
