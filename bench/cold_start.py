"""Cold start of the desk to a shown main window, against a bare Qt window.

Each sample is a fresh Python process, timed from just before it is spawned until it
reports that its main window has been shown (the process's own exit is not counted). The
desk runs ``service-center --quit-after-start`` on a set-up demo center: start-up with the
database migration check, settings, the data-key vault and the main window; the sign-in
dialog would open next. The baseline process starts a bare QApplication + QMainWindow.
Bytecode is cached (as in an installed app): a warm-up run of each writes it first.
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
from ui.app import main
code = main(["--data-dir", sys.argv[1], "--quit-after-start"])
print(time.time(), flush=True)
sys.exit(code)
"""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT)
    return env


def _shown_after_ms(script: str, *args: str) -> float:
    """Milliseconds from spawning a fresh process to its report that the window shows."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=_environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    shown = float(done.stdout.strip().splitlines()[-1])
    return (shown - started) * 1000


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
        for _ in range(RUNS):  # interleaved, so both see the same machine load
            bare.append(_shown_after_ms(BARE))
            desk.append(_shown_after_ms(DESK, str(data_dir)))
    base = report.add(Timing("bare QApplication + QMainWindow shown", bare))
    desk_timing = report.add(
        Timing("desk main window shown (--quit-after-start)", desk, baseline=base.name)
    )
    median_s = statistics.median(desk) / 1000
    report.note("runs", RUNS)
    report.note("target_s", TARGET_S)
    report.note("desk_median_s", round(median_s, 3))
    report.note("meets_target", median_s <= TARGET_S)
    report.note("desk_overhead_ms", round(desk_timing.median_ms - base.median_ms, 1))
