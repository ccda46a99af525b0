"""``python -m bench`` runs every benchmark; ``python -m bench NAME [NAME …]`` runs some."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench
from bench.harness import Report

NOT_BENCHMARKS = {"harness", "__main__", "desk_setup", "pouchdb_peer"}


def available() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules(bench.__path__)
        if info.name not in NOT_BENCHMARKS and not info.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    names = argv or available()
    unknown = [n for n in names if n not in available()]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}")
        return 2
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        report = Report(name)
        module.run(report)
        print(report.table())
        print(f"  -> {report.write()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
