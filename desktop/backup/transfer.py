"""Moving a desk to a new PC in one file: ``service-center --export PATH`` / ``--import PATH``.

The file is a backup (database and settings, which live in the database) and never holds
the data key: the new PC gets the key from the recovery sheet (typed at the prompt) or, for
a connected desk, from the district by connecting again. Both run without a window.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from desktop.backup.archive import Manifest
from desktop.backup.restore import finish_restore, folder_is_set_up, prepare_restore, read_backup
from desktop.backup.restore_keys import key_needed
from desktop.backup.service import pack_database
from desktop.errors import UserError
from desktop.i18n import Translator
from desktop.paths import DataPaths


def export_desk(paths: DataPaths, target: Path, now: dt.datetime) -> Manifest:
    """Pack this folder's database into ``target`` (replacing a file there)."""
    if not folder_is_set_up(paths):
        raise UserError("backup.export_nothing", path=str(paths.root))
    target = target.expanduser().resolve()
    if target.is_dir():
        raise UserError("backup.export_is_folder", path=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        made = pack_database(
            paths, target, kind="export", created=now, desk_slot=1, mark_damaged=False
        )
    except OSError as exc:
        from desktop.backup.folders import problem_for

        problem = problem_for(exc, target.parent)
        raise UserError(problem.code, **problem.params) from exc
    if not made.manifest.good:
        raise UserError("backup.export_damaged", path=str(target))
    return made.manifest


def import_desk(
    paths: DataPaths, source: Path, now: dt.datetime, typed_key: str | None = None
) -> Manifest:
    """Restore the file at ``source`` into this folder, which must not hold a center yet."""
    if folder_is_set_up(paths):
        raise UserError("backup.import_into_set_up", path=str(paths.root))
    backup = read_backup(source.expanduser())
    paths.ensure()
    prepare_restore(paths, backup, typed_key)
    finish_restore(paths, now)
    return backup.manifest


def run_transfer(
    paths: DataPaths,
    tr: Translator,
    export: Path | None,
    import_from: Path | None,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> int:
    """The command-line side: messages in the desk's words, exit status 0 or 1."""
    now = dt.datetime.now(dt.UTC)
    try:
        if export is not None:
            manifest = export_desk(paths, export, now)
            print(tr("backup.exported", path=str(export), **_counts(manifest)), file=out)
            return 0
        assert import_from is not None
        backup = read_backup(import_from.expanduser())
        typed = None
        if key_needed(paths, backup.manifest):
            print(tr("backup.key_prompt"), file=sys.stderr, flush=True)
            typed = stdin.readline().strip() or None
        manifest = import_desk(paths, import_from, now, typed)
        print(tr("backup.imported", path=str(paths.root), **_counts(manifest)), file=out)
        return 0
    except UserError as error:
        print(tr.message(error.message), file=sys.stderr)
        return 1


def _counts(manifest: Manifest) -> dict[str, object]:
    return {
        "center": manifest.center_name,
        "residents": manifest.residents,
        "visits": manifest.visits,
    }
