"""A desk process killed with ``kill -9`` in the middle of a backup or a restore.

``python -m tests.integration.crash_child backup|restore DATA_DIR [BACKUP]`` announces each
step on stdout (``step NAME``) as it starts, so the test kills it at a chosen point.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _announcing(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def announced(*args: Any, **kwargs: Any) -> Any:
        print(f"step {name}", flush=True)
        return function(*args, **kwargs)

    return announced


def main(mode: str, root: str, backup: str = "") -> None:
    from desktop.backup import archive, folders, restore, service, snapshot
    from desktop.bootstrap import desk_context, start
    from desktop.paths import DataPaths

    snapshot.copy_database = _announcing("copy", snapshot.copy_database)  # type: ignore[method-assign]
    snapshot.check_copy = _announcing("check", snapshot.check_copy)  # type: ignore[method-assign]
    archive.write_archive = _announcing("pack", archive.write_archive)  # type: ignore[method-assign]
    folders.copy_file = _announcing("second", folders.copy_file)  # type: ignore[method-assign]
    archive.extract_database = _announcing("extract", archive.extract_database)  # type: ignore[method-assign]
    restore.check_copy = _announcing("check_incoming", restore.check_copy)  # type: ignore[attr-defined]
    restore.seal = _announcing("seal", restore.seal)  # type: ignore[method-assign]
    service.pack_database = _announcing("keep_aside", service.pack_database)  # type: ignore[method-assign]
    replace = os.replace

    def announced_replace(source: Any, target: Any) -> None:
        if str(target).endswith("desk.sqlite"):
            print("step rename", flush=True)
        replace(source, target)

    os.replace = announced_replace  # type: ignore[assignment]
    paths = DataPaths(Path(root))
    if mode == "backup":
        startup = start(paths)
        ctx = desk_context(startup)
        while True:
            service.run_backup(ctx, "automatic")
            print("step done", flush=True)
    prepared = restore.read_backup(Path(backup))
    restore.prepare_restore(paths, prepared)
    restore.finish_restore(paths, dt.datetime.now(dt.UTC))
    print("step done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
