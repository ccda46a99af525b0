"""The installed desk: bundle and package sizes, and cold start of the bundle against
``python -m``.

Uses the bundles and packages from ``scripts/build-installer`` (``build/dist/``, ``dist/``).
Each sample is a fresh process run to exit with ``--quit-after-start`` on a set-up demo
center (start-up, migration check, main window shown, quit), median of 5, the bundled
executable interleaved with ``python -m ui.app`` from the development environment
(bytecode cached) as the baseline.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Report, Timing

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "build" / "dist" / "service-center-desk"
RUNS = 5


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run_ms(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=_env(), cwd=ROOT, capture_output=True, check=True)
    return (time.perf_counter() - started) * 1000


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def run(report: Report) -> None:
    executable = BUNDLE / "service-center-desk"
    if not executable.exists():
        report.note("skipped", "no bundle: build it first with scripts/build-installer")
        return
    report.note("bundle_mb", round(_size(BUNDLE) / 1e6, 1))
    report.note("budget_mb", 150)
    server = BUNDLE.parent / "district-server"
    if server.exists():
        report.note("district_server_bundle_mb", round(_size(server) / 1e6, 1))
    for package, key in (
        ("service-center-desk", "deb_mb"),
        ("service-center-district", "district_deb_mb"),
    ):
        debs = sorted((ROOT / "dist").glob(f"{package}_*.deb"), key=lambda p: p.stat().st_mtime)
        if debs:
            report.note(key, round(debs[-1].stat().st_size / 1e6, 1))
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        data = str(Path(tmp) / "desk")
        python = [sys.executable, "-m", "ui.app", "--data-dir", data, "--quit-after-start"]
        bundled = [str(executable), "--data-dir", data, "--quit-after-start"]
        _run_ms([*python, "--demo"])  # set up the demo once and warm the caches
        _run_ms(bundled)
        base: list[float] = []
        mine: list[float] = []
        for _ in range(RUNS):
            base.append(_run_ms(python))
            mine.append(_run_ms(bundled))
    first = report.add(Timing("python -m ui.app, start to exit", base))
    report.add(Timing("bundled desk, start to exit", mine, baseline=first.name))
