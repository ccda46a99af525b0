"""The desk's files are owner-only, kept slips hold no unmasked data and expire."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
from pathlib import Path

import pytest

from desktop import bootstrap
from desktop.backup.service import run_backup
from desktop.file_privacy import purge_old_slips
from desktop.paths import DataPaths
from desktop.settings import change_setting
from desktop.slips.service import record_print
from desktop.slips.visit_slips import prepare_service_receipt
from tests.conftest import Desk
from tests.unit.slip_helpers import pdf_text
from tests.unit.test_slip_service import _visit

PHONE = "13812345678"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes")


def _modes(root: Path) -> dict[str, int]:
    modes = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        modes[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return modes


def _loose(root: Path) -> dict[str, str]:
    return {name: oct(mode) for name, mode in _modes(root).items() if mode & 0o077}


def test_a_working_desk_keeps_every_file_owner_only(desk: Desk) -> None:
    root = desk.ctx.paths.root
    visit_id = _visit(desk)
    slip = prepare_service_receipt(desk.ctx, desk.admin, visit_id)
    record_print(desk.ctx, desk.admin, slip.slip_id, "Thermal80")
    run_backup(desk.ctx, "manual")
    kinds = {path.suffix for path in root.rglob("*") if path.is_file()}
    assert {".sqlite", ".pdf", ".zip", ".json"} <= kinds, kinds
    assert (root / "desk.sqlite-wal").exists()
    assert _loose(root) == {}
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


def test_an_older_install_is_tightened_at_start_up(desk: Desk) -> None:
    root = desk.ctx.paths.root
    visit_id = _visit(desk)
    prepare_service_receipt(desk.ctx, desk.admin, visit_id)
    (root / "logs" / "desk.log").write_text("an old log\n", encoding="utf-8")
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # as an older version left them
    assert _loose(root)
    desk.startup.db.dispose()
    again = bootstrap.start(DataPaths(root))
    try:
        assert _loose(root) == {}
    finally:
        again.db.dispose()


def test_no_unmasked_phone_in_the_data_folder_after_printing_an_unmasked_receipt(
    desk: Desk, tmp_path: Path
) -> None:
    root = desk.ctx.paths.root
    visit_id = _visit(desk)
    change_setting(desk.ctx, desk.admin, "slip.service_receipt.unmask", True)
    slip = prepare_service_receipt(desk.ctx, desk.admin, visit_id)
    assert PHONE in pdf_text(slip.pdf, tmp_path)  # the printed copy is unmasked
    record_print(desk.ctx, desk.admin, slip.slip_id, "Thermal80")
    reprint = prepare_service_receipt(desk.ctx, desk.admin, visit_id)
    record_print(desk.ctx, desk.admin, reprint.slip_id, "Thermal80")
    run_backup(desk.ctx, "manual")
    desk.startup.db.engine.dispose()  # the WAL checkpointed into the file, too
    found = []
    pdfs = 0
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if PHONE.encode() in raw or PHONE.encode("utf-16-le") in raw:
            found.append(path.name)
        if path.suffix == ".pdf":
            pdfs += 1
            text = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, check=True
            ).stdout.decode("utf-8")
            assert "138****5678" in text, path.name  # the kept copy: masked
            if PHONE in text:
                found.append(path.name)
    assert pdfs == 2
    assert found == []


def test_kept_slips_expire_after_the_retention_days(desk: Desk) -> None:
    visit_id = _visit(desk)
    slip = prepare_service_receipt(desk.ctx, desk.admin, visit_id)
    old = slip.pdf_path.with_name("R202601011-1.pdf")
    old.write_bytes(b"%PDF old")
    month_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=31)).timestamp()
    os.utime(old, (month_ago, month_ago))
    keep = desk.ctx.paths.slips / "notes.txt"
    keep.write_text("not a slip", encoding="utf-8")
    os.utime(keep, (month_ago, month_ago))
    assert purge_old_slips(desk.ctx.paths, dt.datetime.now(dt.UTC), 30) == 1
    assert not old.exists() and slip.pdf_path.exists() and keep.exists()
    assert purge_old_slips(desk.ctx.paths, dt.datetime.now(dt.UTC) + dt.timedelta(days=31), 30)
    assert not slip.pdf_path.exists()


def test_start_up_purges_expired_slips(desk: Desk) -> None:
    root = desk.ctx.paths.root
    old = desk.ctx.paths.slips / "Q202601011-1.pdf"
    old.write_bytes(b"%PDF old")
    week_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=8)).timestamp()
    os.utime(old, (week_ago, week_ago))
    change_setting(desk.ctx, desk.admin, "slip.keep_days", 7)
    desk.startup.db.dispose()
    again = bootstrap.start(DataPaths(root))
    again.db.dispose()
    assert not old.exists()


def test_without_a_keyring_the_desk_knows_its_key_lies_in_a_file(desk: Desk) -> None:
    ctx = bootstrap.desk_context(desk.startup)  # the desk fixture has no keyring
    assert ctx.key_in_file and desk.ctx.paths.key_file.exists()
    assert stat.S_IMODE(desk.ctx.paths.key_file.stat().st_mode) == 0o600
