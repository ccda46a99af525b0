"""Saving a 台账 as .xlsx where the person chose, never leaving half a file behind.

The workbook is written to a temporary file beside the target and renamed over it only
when complete, so a failure (disk full, the program stopped) leaves the old file or
nothing. A folder that cannot be written, or a file another program holds open (Excel
locks it on Windows), is said in words with another name to try.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from db.xlsx_table import TableColumn, write_table
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.statistics.ledgers import Ledger, build_ledger

SUFFIX = ".xlsx"


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int
    unmasked: bool


def free_name(path: Path) -> Path:
    """``name (2).xlsx``, ``name (3).xlsx`` … : the first that does not exist yet."""
    for n in range(2, 1000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    return path.with_name(f"{path.stem} ({dt.datetime.now():%H%M%S}){path.suffix}")


def other_folder(path: Path) -> Path:
    """The same name in the person's documents folder (or home), for a folder that failed."""
    documents = Path(platformdirs.user_documents_dir())
    folder = documents if documents.is_dir() else Path.home()
    candidate = folder / path.name
    return free_name(candidate) if candidate.exists() else candidate


def save_table(ledger: Ledger, path: Path) -> int:
    """Write ``ledger`` to ``path`` through a temporary file; returns the rows written."""
    path = path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)
    folder = path.parent
    if not folder.is_dir():
        raise UserError(
            "export.folder_missing", folder=str(folder), suggestion=str(other_folder(path))
        )
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~", suffix=SUFFIX, dir=folder)
    except OSError:
        raise UserError(
            "export.folder_unwritable", folder=str(folder), suggestion=str(other_folder(path))
        ) from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        if ledger.unmasked:
            temp.chmod(0o600)
        columns = [TableColumn(c.header, c.kind) for c in ledger.columns]
        written = write_table(temp, ledger.title, columns, ledger.rows, ledger_sheet(ledger))
        _replace(temp, path)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise UserError("export.disk_full", folder=str(folder)) from None
        raise UserError(
            "export.folder_unwritable", folder=str(folder), suggestion=str(other_folder(path))
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return written


def ledger_sheet(ledger: Ledger) -> str:
    return f"{ledger.period.day_from:%Y%m%d}-{ledger.period.day_to:%Y%m%d}"


def _replace(temp: Path, path: Path) -> None:
    try:
        os.replace(temp, path)
    except PermissionError:
        # Windows: another program (Excel, WPS) holds the file open.
        raise UserError(
            "export.file_locked", name=path.name, suggestion=str(free_name(path))
        ) from None


@access.guarded("statistics.read")
def export_ledger(
    ctx: DeskContext,
    staff: StaffIdentity,
    kind: str,
    day_from: dt.date,
    day_to: dt.date,
    path: Path,
    *,
    unmasked: bool = False,
) -> Exported:
    """One 台账 of the range saved as .xlsx at ``path`` (an unmasked one: admin, audited)."""
    ledger = build_ledger(ctx, staff, kind, day_from, day_to, unmasked=unmasked)
    rows = save_table(ledger, path)
    final = path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)
    return Exported(final, rows, ledger.unmasked)


def default_name(kind_stem: str, folder: Path | None = None) -> Path:
    base = folder or Path(platformdirs.user_documents_dir())
    return base / f"{kind_stem}{SUFFIX}"
