"""What the backups did last, kept beside them (``backups/backup-state.json``).

Not in the database: restoring an older database must not make the desk forget when it
last backed up, and reading the state never touches the database. The file is replaced
whole (written aside, then renamed), so it is always either the old or the new state.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop.backup.snapshot import new_private_file
from desktop.errors import Message
from desktop.paths import DataPaths

STATE_FILE = "backup-state.json"
OFFSITE_WARN_AFTER = dt.timedelta(days=1)


@dataclass
class BackupState:
    last_good_at: str = ""  # ISO UTC: the newest backup on this PC that passed its check
    last_good_name: str = ""
    last_damaged_at: str = ""  # the newest backup that failed its check
    last_offsite_at: str = ""  # the newest good backup copied outside this PC
    offsite_problem: dict[str, Any] | None = None  # why the last copy outside failed
    local_problem: dict[str, Any] | None = None  # why the last backup failed here
    signature: list[int] = field(default_factory=list)  # the database files when backed up

    def problem(self, which: str) -> Message | None:
        raw = self.offsite_problem if which == "offsite" else self.local_problem
        if not raw:
            return None
        return Message(str(raw.get("code", "")), dict(raw.get("params", {})))

    @staticmethod
    def as_raw(message: Message | None) -> dict[str, Any] | None:
        return None if message is None else {"code": message.code, "params": message.params}

    def when(self, which: str) -> dt.datetime | None:
        text = self.last_offsite_at if which == "offsite" else self.last_good_at
        return dt.datetime.fromisoformat(text) if text else None

    def offsite_overdue(self, now: dt.datetime) -> bool:
        """No backup outside this PC, or the last one more than a day ago."""
        last = self.when("offsite")
        return last is None or now - last > OFFSITE_WARN_AFTER


def state_path(paths: DataPaths) -> Path:
    return paths.backups / STATE_FILE


def load_state(paths: DataPaths) -> BackupState:
    """The saved state; a missing or unreadable file reads as "no backup yet"."""
    try:
        data = json.loads(state_path(paths).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BackupState()
    if not isinstance(data, dict):
        return BackupState()
    known = {f.name for f in fields(BackupState)}
    try:
        return BackupState(**{k: v for k, v in data.items() if k in known})
    except TypeError:
        return BackupState()


def save_state(paths: DataPaths, state: BackupState) -> None:
    target = state_path(paths)
    partial = target.with_name(target.name + ".partial")
    new_private_file(partial)
    partial.write_text(json.dumps(asdict(state), ensure_ascii=False), encoding="utf-8")
    os.replace(partial, target)


def database_signature(paths: DataPaths) -> list[int]:
    """Size and time of the database and its WAL: any commit changes one of them."""
    signature: list[int] = []
    for path in (paths.database, paths.database.with_name(paths.database.name + "-wal")):
        try:
            info = path.stat()
        except OSError:
            signature += [0, 0]
            continue
        signature += [info.st_size, info.st_mtime_ns]
    return signature
