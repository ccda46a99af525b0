"""What the first paint of a set-up desk shows, read before anything heavy is loaded.

The sign-in screen shows the center's name, the desk's number and the UI language, nothing
else. They are read here with the standard library's ``sqlite3`` alone (no SQLAlchemy, no
ORM models, no Alembic, no vault), so the window can paint while the rest of the start-up
(:func:`desktop.bootstrap.start`, :func:`desktop.bootstrap.desk_context`) runs right after.

Only the usual start qualifies: the database exists at exactly the schema this code
records (:mod:`db.schema_heads`), no restore is waiting or half done, and the desk belongs
to a center. Anything else (first run, a migration due, a database newer than the app, a
restore, a file that is not a database) gives ``None`` and the desk starts the full way
first, with the messages it always had.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from db.migrate import head_revisions, stored_revisions
from desktop.i18n import LANGUAGES
from desktop.paths import DataPaths

RESTORE_FILES = ("restore-incoming.sqlite", "restore.json")
"""A restore made ready or cut short (:mod:`desktop.backup.restore`): finished first."""
MAX_DESK_SLOT = 9


@dataclass(frozen=True)
class FirstLook:
    language: str
    center_name: str
    desk_slot: int


def first_look(paths: DataPaths) -> FirstLook | None:
    """The sign-in screen's facts for a set-up desk at the current schema, else ``None``."""
    if not paths.database.is_file() or any((paths.root / f).exists() for f in RESTORE_FILES):
        return None
    if stored_revisions(paths.database) != head_revisions():
        return None
    try:
        conn = sqlite3.connect(f"{paths.database.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return _read(conn)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection) -> FirstLook | None:
    keys = ("language", "center_id", "desk_slot", "sync.center_id", "sync.center_name")
    marks = ",".join("?" * len(keys))
    stored = dict(conn.execute(f"SELECT key, value FROM setting WHERE key IN ({marks})", keys))
    values: dict[str, Any] = {key: json.loads(text) for key, text in stored.items()}
    center_id = values.get("center_id")
    language = values.get("language", "zh_CN")
    slot = values.get("desk_slot", 1)
    if not isinstance(center_id, str) or not center_id or language not in LANGUAGES:
        return None
    if isinstance(slot, bool) or not isinstance(slot, int) or not 1 <= slot <= MAX_DESK_SLOT:
        return None
    row = conn.execute(
        "SELECT name FROM center WHERE id = ? AND deleted_at IS NULL", (center_id,)
    ).fetchone()
    if row is None:
        return None
    district_name = values.get("sync.center_name")
    if (
        district_name
        and isinstance(district_name, str)
        and values.get("sync.center_id") == center_id
    ):
        return FirstLook(language, district_name, slot)
    return FirstLook(language, str(row[0]), slot)
