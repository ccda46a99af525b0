"""The desk's files are its user's alone: the data folder owner-only, every file in it too.

On POSIX the data folder and its subfolders are 0700 and every file 0600; at each start
an existing install (folders 0755, files 0644 from before) is tightened the same way. On
Windows the data folder gets an access list for the current user only (inherited by what
it holds). Kept slip PDFs expire after ``slip.keep_days`` (:func:`purge_old_slips`, at
start-up and daily).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path, PurePath, PureWindowsPath

from desktop.paths import DataPaths

log = logging.getLogger(__name__)

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
SLIP_SUFFIXES = (".pdf", ".part")


def new_private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only (it must not exist yet)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a partial file created 0600, then rename."""
    partial = path.with_name(path.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    if os.name != "nt":
        os.chmod(partial, PRIVATE_FILE)  # an older partial may have had another mode
    os.replace(partial, path)


def make_private(paths: DataPaths) -> int:
    """Tighten the data folder and everything in it; returns how many modes were changed."""
    if os.name == "nt":
        _windows_owner_only(paths.root)
        return 0
    changed = 0
    for folder, subfolders, files in os.walk(paths.root):
        changed += _tighten(Path(folder), PRIVATE_FOLDER)
        for name in files:
            changed += _tighten(Path(folder) / name, PRIVATE_FILE)
        subfolders[:] = [s for s in subfolders if not (Path(folder) / s).is_symlink()]
    if changed:
        log.info("data folder tightened: %d modes made owner-only", changed)
    return changed


def _tighten(path: Path, mode: int) -> int:
    try:
        current = path.lstat()
    except FileNotFoundError:
        return 0
    if stat.S_ISLNK(current.st_mode) or stat.S_IMODE(current.st_mode) & 0o077 == 0:
        return 0
    try:
        os.chmod(path, stat.S_IMODE(current.st_mode) & mode)
    except OSError as error:  # a file of another account: said in the log, start goes on
        log.warning("cannot make %s owner-only: %s", path.name, error.strerror)
        return 0
    return 1


def windows_account(environ: Mapping[str, str]) -> str:
    """The signed-in Windows account as ``icacls`` names it: ``DOMAIN\\user`` where Windows
    says the domain (a domain account and a local one may share the user name), else the
    user name alone; empty when neither is known."""
    user = environ.get("USERNAME", "").strip()
    domain = environ.get("USERDOMAIN", "").strip()
    if not user:
        return ""
    return f"{domain}\\{user}" if domain else user


def icacls_command(root: PurePath, account: str, system_root: str = r"C:\Windows") -> list[str]:
    """The ``icacls`` call that leaves ``root`` to ``account`` alone.

    ``/inheritance:r`` drops what the folder inherited from above (the profile's grants to
    administrators and SYSTEM); ``/grant:r`` replaces any grant of ``account`` with full
    control, ``(OI)(CI)`` inherited by every file and folder inside, so what the desk
    writes there later is the account's alone too. The tool is named by its full path
    under ``system_root`` (``%SystemRoot%``), never looked up on ``PATH``.
    """
    if not account or any(c in account for c in ':()"\r\n'):
        raise ValueError("not a Windows account name")
    icacls = str(PureWindowsPath(system_root) / "System32" / "icacls.exe")
    return [icacls, str(root), "/inheritance:r", "/grant:r", f"{account}:(OI)(CI)F"]


def _windows_owner_only(root: Path) -> None:  # pragma: no cover - runs on Windows only
    account = windows_account(os.environ)
    if not account:
        log.warning("cannot restrict the data folder: Windows did not say who is signed in")
        return
    command = icacls_command(root, account, os.environ.get("SYSTEMROOT", r"C:\Windows"))
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=30)
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        log.warning("cannot restrict the data folder to its user: %s", type(error).__name__)


def purge_old_slips(paths: DataPaths, now: dt.datetime, keep_days: int) -> int:
    """Delete kept slip PDFs older than ``keep_days``; returns how many went."""
    folder = paths.slips
    if not folder.is_dir():
        return 0
    cutoff = (now - dt.timedelta(days=keep_days)).timestamp()
    removed = 0
    for path in folder.iterdir():
        if not path.name.endswith(SLIP_SUFFIXES) or not path.is_file():
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    if removed:
        log.info("%d kept slips older than %d days deleted", removed, keep_days)
    return removed
