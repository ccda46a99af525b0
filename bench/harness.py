"""Shared measuring and reporting for the benchmarks.

A benchmark is a module ``bench/<name>.py`` with ``def run(report: Report) -> None``. It
measures its cases with :func:`measure` (or adds figures it timed itself) and always
measures a baseline in the same run, so ratios compare like with like on this machine.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).with_name("results")


@dataclass(frozen=True)
class Timing:
    """Durations of one case in milliseconds."""

    name: str
    samples_ms: list[float]
    items_per_sample: int = 1
    baseline: str | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def items_per_s(self) -> float:
        total_ms = sum(self.samples_ms)
        return self.items_per_sample * len(self.samples_ms) / (total_ms / 1000) if total_ms else 0


def measure(
    name: str,
    fn: Callable[[], Any],
    *,
    repeat: int = 50,
    warmup: int = 3,
    items: int = 1,
    baseline: str | None = None,
) -> Timing:
    """Call ``fn`` ``warmup`` times unmeasured, then ``repeat`` times measured."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(name, samples, items, baseline)


@dataclass
class Report:
    """Collects a benchmark's timings and notes; prints a table and writes JSON."""

    name: str
    timings: list[Timing] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)
    prefix: str = ""

    def scoped(self, prefix: str) -> Report:
        """The same report, with ``prefix: `` before every case and note added through it
        (one benchmark measured against two set-ups, say)."""
        return Report(self.name, self.timings, self.notes, f"{self.prefix}{prefix}: ")

    def add(self, timing: Timing) -> Timing:
        if self.prefix:
            baseline = self.prefix + timing.baseline if timing.baseline else None
            timing = replace(timing, name=self.prefix + timing.name, baseline=baseline)
        self.timings.append(timing)
        return timing

    def note(self, key: str, value: Any) -> None:
        self.notes[self.prefix + key] = value

    def _by_name(self) -> dict[str, Timing]:
        return {t.name: t for t in self.timings}

    def ratio(self, timing: Timing) -> float | None:
        if timing.baseline is None:
            return None
        base = self._by_name().get(timing.baseline)
        return timing.median_ms / base.median_ms if base and base.median_ms else None

    def table(self) -> str:
        header = f"{'case':<44} {'median ms':>10} {'p95 ms':>10} {'items/s':>12} {'× base':>8}"
        lines = [f"== {self.name}", header, "-" * len(header)]
        for t in self.timings:
            ratio = self.ratio(t)
            lines.append(
                f"{t.name:<44} {t.median_ms:>10.3f} {t.p95_ms:>10.3f} {t.items_per_s:>12,.0f}"
                f" {'' if ratio is None else f'{ratio:.2f}':>8}"
            )
        lines.extend(f"  {key}: {value}" for key, value in self.notes.items())
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.name,
            "machine": {"python": platform.python_version(), "platform": platform.platform()},
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "timings": [
                {
                    **{k: v for k, v in asdict(t).items() if k != "samples_ms"},
                    "samples": len(t.samples_ms),
                    "median_ms": round(t.median_ms, 4),
                    "p95_ms": round(t.p95_ms, 4),
                    "items_per_s": round(t.items_per_s, 1),
                    "ratio_to_baseline": None if (r := self.ratio(t)) is None else round(r, 3),
                }
                for t in self.timings
            ],
            "notes": self.notes,
        }

    def write(self) -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{self.name}.json"
        path.write_text(json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n")
        return path
